import { describe, expect, it } from 'vitest';
import { cityKey, compareCities } from '../../src/resolve/city.js';
import { compareEmails, emailCandidateKeys, maxEmailEdits } from '../../src/resolve/email-match.js';

describe('compareEmails', () => {
  it('finds a shared address', () => {
    const result = compareEmails(['a.lee@acme.example'], ['x@y.example', 'a.lee@acme.example']);

    expect(result.relation).toBe('shared');
    expect(result.similarity).toBe(1);
  });

  it('reads a few edits as a typo', () => {
    const result = compareEmails(['hannah.oduya@corvane.example'], ['hannah.oduay@corvane.exmple']);

    expect(result.relation).toBe('similar');
    expect(result.edits).toBe(2);
    expect(result.left).toBe('hannah.oduya@corvane.example');
  });

  it('never reads a digit suffix as a typo', () => {
    const result = compareEmails(['jsmith@corvane.example'], ['jsmith2@corvane.example']);

    expect(result.relation).toBe('same_domain');
  });

  it('tells one company domain from two', () => {
    expect(compareEmails(['ana@corvane.example'], ['bo@corvane.example']).relation).toBe(
      'same_domain',
    );
    expect(compareEmails(['ana@corvane.example'], ['bo@halbrecht.example']).relation).toBe(
      'different',
    );
  });

  it('leaves free-mail and missing addresses unknown', () => {
    expect(compareEmails(['ana@corvane.example'], []).relation).toBe('unknown');
    expect(compareEmails(['ana.k@gmail.com'], ['bo@halbrecht.example']).relation).toBe('unknown');
  });

  it('allows more edits for longer addresses', () => {
    expect(maxEmailEdits(9)).toBe(0);
    expect(maxEmailEdits(13)).toBe(1);
    expect(maxEmailEdits(40)).toBe(3);
  });

  it('keys an address by both ends', () => {
    expect(emailCandidateKeys('hannah.oduya@corvane.example')).toEqual(['@<hann', '@>duya']);
    expect(emailCandidateKeys('a@b.io')).toEqual([]);
  });
});

describe('compareCities', () => {
  it('folds case, accents and punctuation', () => {
    expect(cityKey(' Saint-Étienne ')).toBe('saint etienne');
    expect(cityKey('  ')).toBeUndefined();
  });

  it('reads a typo as the same city', () => {
    expect(compareCities(['manchester'], ['manchestr'])).toBe('same');
  });

  it('tells unrelated cities apart', () => {
    expect(compareCities(['manchester'], ['bristol'])).toBe('different');
  });

  it('is unknown when a side has no city', () => {
    expect(compareCities([], ['bristol'])).toBe('unknown');
  });
});
