import { describe, expect, it } from 'vitest';
import {
  formalNameList,
  formalNames,
  isNickname,
  nicknamesOf,
} from '../../src/resolve/nicknames.js';
import { compareNames, nameCandidateKeys, parsePersonName } from '../../src/resolve/person-name.js';

const parse = (name: string) => {
  const parsed = parsePersonName(name);
  if (parsed === undefined) throw new Error(`"${name}" did not parse`);
  return parsed;
};

describe('parsePersonName', () => {
  it.each([
    ['Robert Tanaka', 'robert', 'tanaka'],
    ['Tanaka, Robert', 'robert', 'tanaka'],
    ['Tanaka, Robert J.', 'robert', 'tanaka'],
    ['Dr. Robert Tanaka Jr.', 'robert', 'tanaka'],
    ['Robert Tanaka, Jr.', 'robert', 'tanaka'],
    ['José Núñez', 'jose', 'nunez'],
    ['Søren Østergaard', 'soren', 'ostergaard'],
    ['Anna van der Berg', 'anna', 'vanderberg'],
    ["Sean O'Brien", 'sean', 'obrien'],
    ['Mary-Jane Watson-Parker', 'maryjane', 'watsonparker'],
    ['R. Tanaka', 'r', 'tanaka'],
    ['  robert   TANAKA ', 'robert', 'tanaka'],
  ])('parses %s', (name, given, family) => {
    const parsed = parse(name);
    expect(parsed.given).toBe(given);
    expect(parsed.family).toBe(family);
  });

  it('prefers separate first and last names', () => {
    const parsed = parsePersonName('ignored', 'Inés', 'García López');
    expect(parsed?.given).toBe('ines');
    expect(parsed?.family).toBe('garcialopez');
    expect(parsed?.display).toBe('Inés García López');
  });

  it('keeps a single word as the given name', () => {
    expect(parse('Noah')).toEqual({ given: 'noah', family: undefined, display: 'Noah' });
  });

  it('returns undefined for a name without letters', () => {
    expect(parsePersonName('  ')).toBeUndefined();
    expect(parsePersonName(undefined, '', '')).toBeUndefined();
    expect(parsePersonName('1234')).toBeUndefined();
  });
});

describe('compareNames', () => {
  it.each([
    ['Bob Tanaka', 'Robert Tanaka', 'nickname'],
    ['Bill Osei', 'William Osei', 'nickname'],
    ['Liz Kowalski', 'Elizabeth Kowalski', 'nickname'],
    ['Steve Ray', 'Stephen Ray', 'nickname'],
    ['R. Tanaka', 'Robert Tanaka', 'initial'],
    ['Robret Tanaka', 'Robert Tanaka', 'typo'],
    ['Robert Tanaak', 'Robert Tanaka', 'typo'],
    ['Tanaka Robert', 'Robert Tanaka', 'swapped_order'],
  ])('matches %s with %s by %s', (left, right, via) => {
    const score = compareNames(parse(left), parse(right));
    expect(score.via).toBe(via);
    expect(score.score).toBeGreaterThan(0.86);
  });

  it('scores folded equal names 1', () => {
    expect(compareNames(parse('José Núñez'), parse('jose nunez'))).toEqual({
      score: 1,
      via: 'exact',
      weakestPart: 1,
    });
    expect(compareNames(parse('Núñez, José'), parse('José Núñez')).score).toBe(1);
  });

  it.each([
    ['Mark Lee', 'Mary Lee'],
    ['Daniel Ortiz', 'Danielle Ortiz'],
    ['Robert Tanaka', 'Rachel Tanaka'],
    ['John Smith', 'John Jones'],
    ['Lena Park', 'Lana Park'],
  ])('keeps %s and %s below the threshold', (left, right) => {
    expect(compareNames(parse(left), parse(right)).score).toBeLessThan(0.86);
  });

  it('caps a one-part name at 0.75', () => {
    const score = compareNames(parse('Noah'), parse('Noah Watson'));
    expect(score).toEqual({ score: 0.75, via: 'partial_name', weakestPart: 1 });
  });

  it('finds swapped names and nicknames under a shared key', () => {
    const keys = (name: string) => new Set(nameCandidateKeys(parse(name)));
    const shared = (a: string, b: string) => [...keys(a)].some((key) => keys(b).has(key));
    expect(shared('Tanaka Bob', 'Robert Tanaka')).toBe(true);
    expect(shared('R. Tanaka', 'Robert Tanaka')).toBe(true);
    expect(shared('Robret Tanaka', 'Robert Tanaak')).toBe(true);
    expect(shared('Lina Berg', 'Robert Tanaka')).toBe(false);
  });
});

describe('nickname table', () => {
  it('has a few hundred names', () => {
    const variants = formalNameList().flatMap((formal) => nicknamesOf(formal));
    expect(formalNameList().length).toBeGreaterThan(200);
    expect(variants.length).toBeGreaterThan(400);
  });

  it.each([
    ['bob', 'robert'],
    ['bill', 'william'],
    ['liz', 'elizabeth'],
    ['peggy', 'margaret'],
    ['bob', 'rob'],
    ['ted', 'theodore'],
  ])('links %s and %s', (left, right) => {
    expect(isNickname(left, right)).toBe(true);
    expect(isNickname(right, left)).toBe(true);
  });

  it('does not link two formal names through a shared short form', () => {
    expect(formalNames('al')).toEqual(expect.arrayContaining(['albert', 'alan', 'alfred']));
    expect(isNickname('al', 'alan')).toBe(true);
    expect(isNickname('albert', 'alan')).toBe(false);
  });

  it('does not call a name its own nickname', () => {
    expect(isNickname('robert', 'robert')).toBe(false);
    expect(isNickname('zephyr', 'robert')).toBe(false);
  });
});

describe('compareNames weakest part', () => {
  it('exposes an unrelated family name behind a perfect given name', () => {
    const score = compareNames(parse('Oliver Cook'), parse('Oliver Connolly'));

    expect(score.score).toBeGreaterThan(0.86);
    expect(score.weakestPart).toBeLessThan(0.8);
  });

  it('scores letters typed out of order as scrambled', () => {
    const same = compareNames(parse('Daniel Ellis'), parse('Daniel Sille'));
    const oneOff = compareNames(parse('Elijah James'), parse('Elijah Saej'));

    expect(same).toMatchObject({ via: 'scrambled', weakestPart: 0.9 });
    expect(oneOff).toMatchObject({ via: 'scrambled', weakestPart: 0.85 });
  });

  it('does not scramble short or distant parts', () => {
    expect(compareNames(parse('Ann Lee'), parse('Ann Eel')).via).not.toBe('scrambled');
    expect(compareNames(parse('Ann Brown'), parse('Ann Bowman')).via).not.toBe('scrambled');
  });
});
