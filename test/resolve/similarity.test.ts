import { describe, expect, it } from 'vitest';
import { editDistance, jaro, jaroWinkler, soundex } from '../../src/resolve/similarity.js';

describe('jaro and jaroWinkler', () => {
  it.each([
    // Reference values from Winkler (1990) and the usual textbook pairs.
    ['martha', 'marhta', 0.944, 0.961],
    ['dwayne', 'duane', 0.822, 0.84],
    ['dixon', 'dicksonx', 0.767, 0.813],
  ])('scores %s / %s', (left, right, expectedJaro, expectedWinkler) => {
    expect(jaro(left, right)).toBeCloseTo(expectedJaro, 3);
    expect(jaroWinkler(left, right)).toBeCloseTo(expectedWinkler, 3);
  });

  it('scores equal strings 1 and disjoint ones 0', () => {
    expect(jaroWinkler('tanaka', 'tanaka')).toBe(1);
    expect(jaroWinkler('abc', 'xyz')).toBe(0);
    expect(jaro('', 'abc')).toBe(0);
  });

  it('is symmetric', () => {
    expect(jaroWinkler('robert', 'rupert')).toBeCloseTo(jaroWinkler('rupert', 'robert'), 10);
  });
});

describe('editDistance', () => {
  it.each([
    ['kitten', 'sitting', 3],
    ['robert', 'robret', 1],
    ['tanaka', 'tanaka', 0],
    ['', 'abc', 3],
    ['ca', 'abc', 3],
  ])('measures %s to %s as %i', (left, right, expected) => {
    expect(editDistance(left, right)).toBe(expected);
  });

  it('stops early past the limit', () => {
    expect(editDistance('abcdef', 'uvwxyz', 1)).toBe(2);
    expect(editDistance('a', 'abcd', 1)).toBe(2);
  });
});

describe('soundex', () => {
  it.each([
    ['robert', 'r163'],
    ['rupert', 'r163'],
    ['tymczak', 't522'],
    ['pfister', 'p236'],
    ['ashcraft', 'a261'],
    ['lee', 'l000'],
  ])('codes %s as %s', (word, code) => {
    expect(soundex(word)).toBe(code);
  });

  it('returns an empty code for a word without letters', () => {
    expect(soundex('')).toBe('');
  });
});
