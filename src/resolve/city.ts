/**
 * Cities as weak evidence about a person: the same city supports a one-part name, and two
 * unrelated cities make a join by name alone less likely.
 */
import { foldText } from './fold.js';
import { jaroWinkler } from './similarity.js';

/**
 * Relation between two sets of cities: `same` when two are equal or one typo apart, `different`
 * when both sides give a city and no pair is even close, else `unknown`.
 */
export type CityRelation = 'same' | 'different' | 'unknown';

/** Jaro-Winkler similarity from which two cities read as one city with a typo. */
const SAME_CITY = 0.85;
/** Jaro-Winkler similarity below which two cities are unrelated. */
const DIFFERENT_CITY = 0.8;

/** Folds a city for comparison (`Saint-Étienne ` → `saint etienne`); undefined when empty. */
export function cityKey(city: string | undefined): string | undefined {
  if (city === undefined) return undefined;

  const folded = foldText(city)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return folded === '' ? undefined : folded;
}

/** Compares two sets of folded cities. */
export function compareCities(left: Iterable<string>, right: Iterable<string>): CityRelation {
  let best = -1;
  for (const a of left) {
    for (const b of right) {
      best = Math.max(best, a === b ? 1 : jaroWinkler(a, b));
      if (best === 1) return 'same';
    }
  }

  if (best < 0) return 'unknown';
  if (best >= SAME_CITY) return 'same';
  return best < DIFFERENT_CITY ? 'different' : 'unknown';
}
