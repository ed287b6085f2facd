import { describe, expect, it } from 'vitest';
import {
  companyTokens,
  compareCompanyNames,
  normalizeCompanyName,
} from '../../src/resolve/company-name.js';

describe('normalizeCompanyName', () => {
  it.each([
    'Acme Inc',
    'Acme Inc.',
    'Acme, Inc.',
    'Acme Incorporated',
    'Acme Corp',
    'Acme Corp.',
    'Acme Corporation',
    'Acme Co',
    'Acme Co.',
    'Acme & Co.',
    'Acme Company',
    'Acme LLC',
    'Acme L.L.C.',
    'Acme Ltd',
    'Acme Ltd.',
    'Acme Limited',
    'Acme GmbH',
    'Acme GmbH & Co. KG',
    'Acme AG',
    'Acme S.A.',
    'Acme SA',
    'Acme S.A.S.',
    'Acme SAS',
    'Acme B.V.',
    'Acme BV',
    'Acme B. V.',
    'Acme N.V.',
    'Acme NV',
    'Acme PLC',
    'Acme Pty Ltd',
    'Acme SRL',
    'Acme S.p.A.',
    'Acme SpA',
    'Acme Oy',
    'Acme AB',
    'Acme KK',
    'Acme K.K.',
    'The Acme Company',
    'THE ACME CORP.',
    'N.V. Acme',
    'Acme N.V., Rotterdam, NL',
    'Acme (Nederland) B.V.',
  ])('reduces %s to its name', (name) => {
    expect(normalizeCompanyName(name)).toBe('acme');
  });

  it('folds diacritics and case', () => {
    expect(normalizeCompanyName('Société Générale S.A.')).toBe('societe generale');
    expect(normalizeCompanyName('MÜLLER Bäckerei GmbH')).toBe('muller backerei');
  });

  it('writes & and + as and', () => {
    expect(normalizeCompanyName('Smith & Wesson')).toBe('smith and wesson');
    expect(normalizeCompanyName('Smith and Wesson Inc.')).toBe('smith and wesson');
    expect(normalizeCompanyName('Smith+Wesson')).toBe('smith and wesson');
  });

  it('keeps a name that is only a legal form', () => {
    expect(normalizeCompanyName('Company')).toBe('company');
    expect(normalizeCompanyName('The')).toBe('the');
  });

  it('returns undefined without letters or digits', () => {
    expect(normalizeCompanyName('  ,. ')).toBeUndefined();
    expect(normalizeCompanyName(undefined)).toBeUndefined();
  });

  it('keeps the name after a leading legal form and a comma', () => {
    expect(normalizeCompanyName('N.V, Norvik Lampenfabriek')).toBe('norvik lampenfabriek');
  });

  it('reads an HTML-escaped ampersand as and', () => {
    expect(normalizeCompanyName('Norvik &amp; Halbrecht')).toBe('norvik and halbrecht');
    expect(normalizeCompanyName('Norvik &AMP Halbrecht')).toBe('norvik and halbrecht');
  });

  it('keeps distinctive words that look like legal forms inside a name', () => {
    expect(normalizeCompanyName('As Good As Gold Ltd')).toBe('as good as gold');
    expect(companyTokens('Coastal Co-op Company')).toEqual(['coastal', 'co', 'op']);
  });
});

describe('compareCompanyNames', () => {
  it('scores equal token lists 1', () => {
    expect(compareCompanyNames(['akzo', 'nobel'], ['akzo', 'nobel'])).toBe(1);
  });

  it('forgives one typo in a long enough word', () => {
    const score = compareCompanyNames(['akzo', 'novel'], ['akzo', 'nobel']);
    expect(score).toBeCloseTo(0.9, 5);
  });

  it('gives no credit to short words that differ', () => {
    expect(compareCompanyNames(['ibm'], ['ibn'])).toBe(0);
  });

  it('scores an added word by the longer name', () => {
    expect(compareCompanyNames(['philips'], ['koninklijke', 'philips'])).toBe(0.5);
  });

  it('scores different second words low', () => {
    expect(compareCompanyNames(['northwind', 'analytics'], ['northwind', 'logistics'])).toBe(0.5);
  });
});
