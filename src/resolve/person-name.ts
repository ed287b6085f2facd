import { foldText } from './fold.js';
import { isKnownGivenName, isNickname } from './nicknames.js';
import { jaroWinkler, soundex } from './similarity.js';

/** A person's name split into folded parts for comparison. */
export interface ParsedName {
  /** First given name, folded; one letter when the source gives only an initial. */
  given?: string | undefined;
  /** Family name, folded, particles joined (`van der Berg` becomes `vanderberg`). */
  family?: string | undefined;
  /** The name as written, trimmed, for evidence and display. */
  display: string;
}

/** Kind of name match, recorded in link evidence. */
export type NameMatchVia =
  | 'exact'
  | 'nickname'
  | 'initial'
  | 'typo'
  | 'scrambled'
  | 'swapped_order'
  | 'partial_name';

export interface NameScore {
  /** 0..1; 1 for equal folded names. */
  score: number;
  via: NameMatchVia;
  /**
   * Lowest score of a name part that both names have (given or family), 0..1. A harmonic mean
   * of 0.7 can hide a family name that does not match at all; this value shows it.
   */
  weakestPart: number;
}

/** Score of one name part (given or family). */
type PartScore = Omit<NameScore, 'weakestPart'>;

const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'dame']);
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv', 'phd', 'md', 'esq', 'mba', 'cpa']);
const PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'da', 'di', 'du']);
PARTICLES.add('le').add('la').add('dos').add('das').add('st').add('ter').add('ten');

/** Score given to a one-sided match (only a given name, or only a family name, on one side). */
const PARTIAL_NAME_SCORE = 0.75;
/** Discount for a name written in the other order without a comma (`Tanaka Bob`). */
const SWAPPED_ORDER_FACTOR = 0.98;
const NICKNAME_SCORE = 0.95;
const INITIAL_SCORE = 0.9;
const SCRAMBLED_SCORE = 0.9;
/** Reused by `scrambledScore`, so a comparison allocates nothing. */
const LETTER_COUNTS = new Int32Array(128);
const SCRAMBLED_TYPO_SCORE = 0.85;

/**
 * Parses a person's name from the parts a source gives. Separate first and last names win over a
 * full name, and a full name written `Last, First` is turned around. Titles (`Dr.`) and suffixes
 * (`Jr.`, `III`) are dropped. Returns undefined when no part contains a letter.
 */
export function parsePersonName(
  name: string | undefined,
  firstName?: string | undefined,
  lastName?: string | undefined,
): ParsedName | undefined {
  const givenTokens = tokens(firstName);
  const familyTokens = tokens(lastName);
  if (givenTokens.length > 0 || familyTokens.length > 0) {
    const display = [firstName?.trim(), lastName?.trim()].filter(Boolean).join(' ');
    return build(givenTokens.slice(0, 1), familyTokens, display);
  }

  if (name === undefined || name.trim() === '') return undefined;

  return parseFullName(name.trim());
}

function parseFullName(name: string): ParsedName | undefined {
  const comma = name.indexOf(',');
  if (comma > 0) {
    const before = tokens(name.slice(0, comma));
    const after = tokens(name.slice(comma + 1)).filter((word) => !SUFFIXES.has(word));
    // `John Smith, Jr.` has only a suffix after the comma, so it is not `Last, First`.
    if (after.length > 0 && before.length > 0) return build(after.slice(0, 1), before, name);
  }

  const all = tokens(name);
  if (all.length === 0) return undefined;
  if (all.length === 1) return build(all, [], name);

  // The family name starts at the first particle after the given name, or is the last token.
  let start = all.length - 1;
  while (start > 1 && PARTICLES.has(all[start - 1] ?? '')) start--;

  return build(all.slice(0, 1), all.slice(start), name);
}

function build(given: string[], family: string[], display: string): ParsedName | undefined {
  const parsed: ParsedName = {
    given: given[0],
    family: family.length > 0 ? family.join('') : undefined,
    display: display.replace(/\s+/g, ' ').trim(),
  };

  return parsed.given === undefined && parsed.family === undefined ? undefined : parsed;
}

/** Folded word tokens of a name part, without titles and suffixes. */
function tokens(text: string | undefined): string[] {
  if (text === undefined) return [];

  const words = foldText(text)
    .replace(/['’`.]/g, '')
    .replace(/-/g, '')
    .split(/[^a-z]+/)
    .filter((word) => word !== '');

  return words.filter((word, index) => {
    if (index === 0 && TITLES.has(word) && words.length > 1) return false;
    return !(index > 0 && SUFFIXES.has(word));
  });
}

/**
 * Scores how likely two names belong to one person, 0..1. Given names match exactly, through
 * the nickname table, as an initial, or through Jaro-Winkler for typos. Two different known
 * names score 0, so `Mark` is no typo of `Mary`. Family names match exactly or through
 * Jaro-Winkler. The two part scores combine as a harmonic mean, so one bad
 * part pulls the score down. The names are also tried in swapped order (`Tanaka Bob`), at a small
 * discount. A name with only one part scores at most 0.75.
 */
export function compareNames(left: ParsedName, right: ParsedName): NameScore {
  const direct = alignedScore(left.given, left.family, right.given, right.family);
  if (direct.score === 1) return direct;

  const bothFull = [left.given, left.family, right.given, right.family].every(Boolean);
  if (!bothFull) return direct;

  const swapped = alignedScore(left.given, left.family, right.family, right.given);
  const swappedScore = swapped.score * SWAPPED_ORDER_FACTOR;
  if (swappedScore <= direct.score) return direct;

  return { score: swappedScore, via: 'swapped_order', weakestPart: swapped.weakestPart };
}

function alignedScore(
  leftGiven: string | undefined,
  leftFamily: string | undefined,
  rightGiven: string | undefined,
  rightFamily: string | undefined,
): NameScore {
  const given = givenScore(leftGiven, rightGiven);
  const family = familyScore(leftFamily, rightFamily);

  if (given === undefined || family === undefined) {
    const part = given ?? family;
    if (part === undefined) return { score: 0, via: 'partial_name', weakestPart: 0 };
    return {
      score: Math.min(PARTIAL_NAME_SCORE, part.score * PARTIAL_NAME_SCORE),
      via: 'partial_name',
      weakestPart: part.score,
    };
  }

  const score = harmonicMean(given.score, family.score);
  const via: NameMatchVia = given.via !== 'exact' ? given.via : family.via;

  return { score, via, weakestPart: Math.min(given.score, family.score) };
}

function givenScore(left: string | undefined, right: string | undefined): PartScore | undefined {
  if (left === undefined || right === undefined) return undefined;
  if (left === right) return { score: 1, via: 'exact' };

  if (left.length === 1 || right.length === 1) {
    const initialMatches = left[0] === right[0];
    return { score: initialMatches ? INITIAL_SCORE : 0, via: 'initial' };
  }
  if (isNickname(left, right)) return { score: NICKNAME_SCORE, via: 'nickname' };
  // Two different names that the table lists (`mark`, `mary`) are not a typo of each other.
  if (isKnownGivenName(left) && isKnownGivenName(right)) return { score: 0, via: 'typo' };

  return typoScore(left, right);
}

function familyScore(left: string | undefined, right: string | undefined): PartScore | undefined {
  if (left === undefined || right === undefined) return undefined;
  if (left === right) return { score: 1, via: 'exact' };
  if (left.length === 1 || right.length === 1) {
    return { score: left[0] === right[0] ? INITIAL_SCORE : 0, via: 'initial' };
  }

  return typoScore(left, right);
}

/**
 * Scores a name part with a typo: Jaro-Winkler, or a fixed score for letters typed out of order
 * (`Ellis` as `Elsil`), which Jaro-Winkler only forgives within a short distance. Parts of at
 * least four letters with the same letters score 0.9, and with one letter more, less or changed
 * 0.85.
 */
function typoScore(left: string, right: string): PartScore {
  const similarity = jaroWinkler(left, right);
  const scrambled = scrambledScore(left, right);

  return scrambled > similarity
    ? { score: scrambled, via: 'scrambled' }
    : { score: similarity, via: 'typo' };
}

function scrambledScore(left: string, right: string): number {
  if (Math.min(left.length, right.length) < 4 || Math.abs(left.length - right.length) > 1) return 0;

  // Letter counts of `left`, consumed by `right`. Folded names are ASCII; other code units share
  // the last slot, which can only make two names look more alike, never less.
  LETTER_COUNTS.fill(0);
  for (let i = 0; i < left.length; i++) {
    const slot = Math.min(left.charCodeAt(i), 127);
    LETTER_COUNTS[slot] = (LETTER_COUNTS[slot] ?? 0) + 1;
  }
  let extra = 0;
  for (let i = 0; i < right.length; i++) {
    const slot = Math.min(right.charCodeAt(i), 127);
    const count = LETTER_COUNTS[slot] ?? 0;
    if (count > 0) LETTER_COUNTS[slot] = count - 1;
    else extra++;
  }
  let missing = 0;
  for (const count of LETTER_COUNTS) missing += count;

  // Bag distance: a changed letter counts once, not as one extra and one missing letter.
  const distance = Math.max(extra, missing);
  if (distance === 0) return SCRAMBLED_SCORE;
  return distance === 1 ? SCRAMBLED_TYPO_SCORE : 0;
}

function harmonicMean(a: number, b: number): number {
  return a + b === 0 ? 0 : (2 * a * b) / (a + b);
}

/**
 * Returns the keys under which a name is looked up among candidates: the Soundex code of each
 * part, without its role. So a swapped `Tanaka Bob` still meets `Bob Tanaka`, a nickname meets
 * its formal name through the family name, and a typo usually keeps its code. Two names whose
 * parts both change their code (a nickname and a family-name typo on its first letter) are not
 * found, which is the price of small blocks.
 */
export function nameCandidateKeys(name: ParsedName): string[] {
  let keys = CANDIDATE_KEYS.get(name);
  if (keys === undefined) {
    keys = computeCandidateKeys(name);
    CANDIDATE_KEYS.set(name, keys);
  }

  return keys;
}

const CANDIDATE_KEYS = new WeakMap<ParsedName, string[]>();

/**
 * Parses a name like `parsePersonName`, caching results by the input text. The cache is emptied
 * when it reaches 100,000 names; the same names come back with every batch and every system.
 */
export function parseNameCached(
  name: string | undefined,
  firstName?: string | undefined,
  lastName?: string | undefined,
): ParsedName | undefined {
  const key = `${name ?? ''}\u0001${firstName ?? ''}\u0001${lastName ?? ''}`;
  if (PARSED_NAMES.has(key)) return PARSED_NAMES.get(key);
  if (PARSED_NAMES.size >= 100_000) PARSED_NAMES.clear();

  const parsed = parsePersonName(name, firstName, lastName);
  PARSED_NAMES.set(key, parsed);
  return parsed;
}

const PARSED_NAMES = new Map<string, ParsedName | undefined>();

function computeCandidateKeys(name: ParsedName): string[] {
  const keys: string[] = [];
  for (const part of [name.given, name.family]) {
    // An initial alone is too broad to look up; the family name finds `J. Smith`.
    if (part === undefined || part.length < 2) continue;
    const code = soundex(part);
    if (code !== '' && !keys.includes(code)) keys.push(code);
  }

  return keys;
}

/** Folded `given family` form used as a stable, comparable name key. */
export function foldedName(name: ParsedName): string {
  return [name.given, name.family].filter(Boolean).join(' ');
}
