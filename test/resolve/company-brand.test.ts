import { describe, expect, it } from 'vitest';
import { brandKey, companyBrand, companyBrandTokens } from '../../src/resolve/company-brand.js';

describe('companyBrandTokens', () => {
  it.each([
    'Norvik N.V.',
    'N.V. Norvik',
    'Norvik PLC Norvik N.V.',
    'Norvik B.V. Norvik',
    'Norvik GmbH & Co. KG',
    'Norvik Ltd. Inc.',
  ])('drops legal forms anywhere in %s', (name) => {
    expect(companyBrandTokens(name)).toEqual(['norvik']);
  });

  it.each([
    'Naamloze Vennootschap Halbrecht',
    'Halbrecht Naamlooze Vennootschap',
    'Besloten Vennootschap Halbrecht',
    'Halbrecht Aktiengesellschaft',
    'Halbrecht Gesellschaft mit beschränkter Haftung',
    'Société Anonyme Halbrecht',
    'Halbrecht Société à responsabilité limitée',
    'Halbrecht BVBA',
  ])('drops the spelled-out legal form of %s', (name) => {
    expect(companyBrandTokens(name)).toEqual(['halbrecht']);
  });

  it.each([
    'Koninklijke Norvik',
    'KONINKLIJKE, NORVIK',
    'Konink. Norvik',
    'Koninkl Norvik',
    'Royal Norvik',
    'Koninklike Norvik',
    'Norvik Koninklijke',
  ])('drops the royal prefix of %s', (name) => {
    expect(companyBrandTokens(name)).toEqual(['norvik']);
  });

  it.each([
    'Norvik Electronics N.V.',
    'Norvik Technologies',
    'Norvik Tech',
    'Norvik Industries B.V.',
    'Norvik Ind BV',
    'Norvik Inds',
    'Norvik International',
    'Norvik Internationale Research Maatschappij B.V.',
    'Norvik Global Holdings',
    'Norvik Group',
    'Norvik Systems',
    'Norvik Solutions',
  ])('drops the descriptors of %s', (name) => {
    expect(companyBrandTokens(name)).toEqual(['norvik']);
  });

  it.each([
    'Norvik Nederland B.V.',
    'Norvik (Nederland) B.V.',
    'Norvik Netherlands B.V.',
    'Norvik Holland N.V.',
    'Norvik UK Ltd',
    'Norvik U.K. Limited',
    'U.S. Norvik Corporation',
    'Norvik USA Inc.',
    'Norvik Europe B.V.',
    'Norvik N.V. te Utrecht',
    'Norvik N.V., Utrecht, NL',
    'Naamloze Vennootschap Norvik, Utrecht, NL',
    'NORVIK NV,NL',
  ])('drops the place words of %s', (name) => {
    expect(companyBrandTokens(name)).toEqual(['norvik']);
  });

  it('keeps a place after a connective', () => {
    expect(companyBrandTokens('Norvik Bank of Europe')).toEqual(['norvik', 'bank', 'europe']);
  });

  it('keeps places when the rest has no word of four letters', () => {
    expect(companyBrandTokens('Vel Europe B.V.')).toEqual(['vel', 'europe']);
    expect(companyBrandTokens('Vel Canada Ltd')).toEqual(['vel', 'canada']);
  });

  it.each([
    'Norvik N.V. Dorpsweg 12',
    'Norvik B.V. Carel van Dorpslaan 30',
    'Norvik Dorpstraat 4a',
  ])('drops the street address of %s', (name) => {
    expect(companyBrandTokens(name)).toEqual(['norvik']);
  });

  it('keeps words that name the business', () => {
    expect(companyBrandTokens('N.V. Norvik Lampenfabriek')).toEqual(['norvik', 'lampenfabriek']);
    expect(companyBrandTokens('Norvik Freight GmbH')).toEqual(['norvik', 'freight']);
  });

  it('keeps a number that is not a house number', () => {
    expect(companyBrandTokens('Norvik Studio 54')).toEqual(['norvik', 'studio', '54']);
  });

  it('falls back to the words before descriptors when none would be left', () => {
    expect(companyBrandTokens('Global Systems Group Ltd')).toEqual(['global', 'systems', 'group']);
    expect(companyBrandTokens('Royal Holdings N.V.')).toEqual(['holdings']);
  });

  it('falls back to the cleaned name', () => {
    expect(companyBrandTokens('Koninklijke N.V.')).toEqual(['koninklijke']);
  });

  it('returns no tokens without letters or digits', () => {
    expect(companyBrandTokens(' ,. ')).toEqual([]);
    expect(companyBrandTokens(undefined)).toEqual([]);
  });
});

describe('companyBrand', () => {
  it('marks a brand reached by dropping a descriptor', () => {
    expect(companyBrand('Norvik Systems B.V.').described).toBe(true);
    expect(companyBrand('Koninklijke Norvik Electronics N.V.').described).toBe(true);
  });

  it('leaves a brand bare when only legal forms and places were dropped', () => {
    expect(companyBrand('Norvik Nederland B.V.').described).toBe(false);
    expect(companyBrand('Royal Norvik').described).toBe(false);
  });

  it('leaves a fallback brand bare', () => {
    expect(companyBrand('Global Systems Group').described).toBe(false);
  });
});

describe('brandKey', () => {
  it('ignores word order and repeats', () => {
    expect(brandKey(['norvik', 'lampenfabriek'])).toBe(brandKey(['lampenfabriek', 'norvik']));
    expect(brandKey(['norvik', 'norvik'])).toBe('norvik');
  });
});
