import { foldText } from './fold.js';
import { editDistance } from './similarity.js';

/**
 * Legal-form words and abbreviations that do not identify a company, as token
 * sequences after folding and removing dots (`S.A.S.` and `S. A. S.` both arrive as `s a s` or
 * `sas`). Longer sequences are tried first.
 */
export const LEGAL_FORMS: readonly string[][] = [
  'incorporated',
  'inc',
  'corporation',
  'corp',
  'company',
  'co',
  'cos',
  'llc',
  'l l c',
  'llp',
  'l l p',
  'lp',
  'l p',
  'ltd',
  'limited',
  'pty ltd',
  'pty limited',
  'pty',
  'plc',
  'p l c',
  'gmbh',
  'gmbh and co kg',
  'gmbh co kg',
  'kg',
  'ag',
  'a g',
  'aktiengesellschaft',
  'se',
  'sa',
  's a',
  'sas',
  's a s',
  'sarl',
  's a r l',
  'sl',
  's l',
  'srl',
  's r l',
  'spa',
  's p a',
  'bv',
  'b v',
  'cv',
  'c v',
  'vof',
  'nv',
  'n v',
  'besloten vennootschap',
  'naamloze vennootschap',
  'oy',
  'oyj',
  'ab',
  'as',
  'a s',
  'asa',
  'aps',
  'kk',
  'k k',
  'kabushiki kaisha',
  'gk',
  'sdn bhd',
  'bhd',
  'pte ltd',
  'pte',
  'pvt ltd',
  'private limited',
  'sa de cv',
  's a de c v',
  'ltda',
  'sp z o o',
  'zrt',
  'kft',
]
  .map((form) => form.split(' '))
  .sort((a, b) => b.length - a.length);

/**
 * Legal forms that some countries write before the name (`N.V. Philips`, `AB Volvo`, `PT Astra`).
 * Kept separate because words such as `as` or `co` often start real names.
 */
const LEADING_LEGAL_FORMS: readonly string[][] = [
  'nv',
  'n v',
  'bv',
  'b v',
  'cv',
  'c v',
  'vof',
  'ab',
  'oy',
  'pt',
  'sa',
  's a',
]
  .map((form) => form.split(' '))
  .sort((a, b) => b.length - a.length);

/** Legal forms that are never part of a name, so they are dropped anywhere in it. */
const INNER_LEGAL_FORMS = new Set([
  'inc',
  'llc',
  'ltd',
  'gmbh',
  'plc',
  'bv',
  'nv',
  'pty',
  'bhd',
  'kft',
]);

/**
 * Normalizes a company name for equality. It folds case and diacritics and turns `&` and `+`
 * into `and`. It drops punctuation, text in parentheses, a leading `The`, legal forms at either
 * end, and unambiguous ones (`Inc`, `GmbH`, `B.V.`) anywhere (`Acme, Inc.`,
 * `ACME Corporation` and `The Acme Co.` all become `acme`; `N.V. Philips` becomes `philips`).
 * Returns undefined when nothing distinctive is left.
 */
export function normalizeCompanyName(name: string | undefined): string | undefined {
  const words = companyTokens(name);

  return words.length === 0 ? undefined : words.join(' ');
}

/**
 * Tokens of a normalized company name (see `normalizeCompanyName`). Results are cached by the
 * name, because stored names come back with every batch; the cache is emptied when it reaches
 * 100,000 names. Callers must not modify the returned array.
 */
export function companyTokens(name: string | undefined): string[] {
  if (name === undefined) return [];

  let tokens = TOKEN_CACHE.get(name);
  if (tokens === undefined) {
    if (TOKEN_CACHE.size >= 100_000) TOKEN_CACHE.clear();
    tokens = computeCompanyTokens(name);
    TOKEN_CACHE.set(name, tokens);
  }

  return tokens;
}

const TOKEN_CACHE = new Map<string, string[]>();

function computeCompanyTokens(name: string): string[] {
  return cleanCompanyWords(dropTrailingPlace(companyNameSegments(name)).flat());
}

/**
 * Splits a company name into its comma- or semicolon-separated parts, each a list of folded
 * words without punctuation. Text in parentheses is dropped, and `&` (also HTML-escaped as
 * `&amp;`) and `+` become `and`.
 */
export function companyNameSegments(name: string): string[][] {
  return foldText(name)
    .replace(/\([^)]*\)/g, ' ')
    .replace(/&amp;?/g, '&')
    .replace(/[&+]/g, ' and ')
    .replace(/['’`]/g, '')
    .replace(/\.(?=[a-z]\b)/g, ' ')
    .split(/[,;]/)
    .map(segmentWords)
    .filter((words) => words.length > 0);
}

/**
 * Drops a leading `the`, legal forms at either end and unambiguous ones anywhere, and a dangling
 * `and` from the words of a company name (see `normalizeCompanyName`).
 */
export function cleanCompanyWords(input: readonly string[]): string[] {
  let words = [...input];
  if (words[0] === 'the' && words.length > 1) words = words.slice(1);

  words = stripLegalForms(words);
  if (words.length > 1) words = words.filter((word) => !INNER_LEGAL_FORMS.has(word));
  if (words[0] === 'the' && words.length > 1) words = words.slice(1);
  if (words.at(-1) === 'and' && words.length > 1) words = words.slice(0, -1);

  return words;
}

function segmentWords(segment: string): string[] {
  return segment
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((word) => word !== '');
}

/**
 * Drops what follows a legal form after a comma (`Akzo Nobel N.V., Arnhem, NL` keeps `Akzo
 * Nobel N.V.`): registries and patent offices append the seat that way, and it does not name
 * the company.
 */
export function dropTrailingPlace(segments: string[][]): string[][] {
  for (let i = 0; i < segments.length - 1; i++) {
    const words = segments[i] as string[];
    // A part that is only a legal form (`N.V, Norvik`) is a prefix, not the end of the name.
    if (LEGAL_FORMS.some((form) => words.length > form.length && endsWith(words, form))) {
      return segments.slice(0, i + 1);
    }
  }

  return segments;
}

/** Removes legal forms from the end, then leading ones from the start, while any is found. */
function stripLegalForms(input: string[]): string[] {
  let words = input;
  let changed = true;

  while (changed && words.length > 1) {
    changed = false;
    for (const form of LEGAL_FORMS) {
      if (words.length > form.length && endsWith(words, form)) {
        words = words.slice(0, words.length - form.length);
        // `Acme & Co.` leaves a dangling `and`.
        if (words.at(-1) === 'and' && words.length > 1) words = words.slice(0, -1);
        changed = true;
        break;
      }
    }
    for (const form of LEADING_LEGAL_FORMS) {
      if (!changed && words.length > form.length && startsWith(words, form)) {
        words = words.slice(form.length);
        changed = true;
      }
    }
  }

  return words;
}

function endsWith(words: string[], form: string[]): boolean {
  const offset = words.length - form.length;
  return form.every((word, index) => words[offset + index] === word);
}

function startsWith(words: string[], form: string[]): boolean {
  return form.every((word, index) => words[index] === word);
}

/**
 * Scores two normalized company names (token lists), 0..1. Each token of the shorter name is
 * paired with the most similar unused token of the longer one: equal tokens score 1, tokens one
 * edit apart score `1 - 1/length` (two edits for tokens of ten letters or more), anything else
 * 0. The sum is divided by the token count of the longer name, so a name that only adds words
 * scores below 1 (`philips` against `koninklijke philips` scores 0.5).
 */
export function compareCompanyNames(left: readonly string[], right: readonly string[]): number {
  if (left.length === 0 || right.length === 0) return 0;

  const [short, long] = left.length <= right.length ? [left, right] : [right, left];
  const used = new Array<boolean>(long.length).fill(false);
  let total = 0;

  for (const word of short) {
    let best = 0;
    let bestIndex = -1;
    for (let i = 0; i < long.length && best < 1; i++) {
      if (used[i]) continue;
      const similarity = tokenSimilarity(word, long[i] ?? '');
      if (similarity > best) {
        best = similarity;
        bestIndex = i;
      }
    }
    if (bestIndex >= 0) {
      used[bestIndex] = true;
      total += best;
    }
  }

  return total / long.length;
}

function tokenSimilarity(a: string, b: string): number {
  if (a === b) return 1;

  const length = Math.max(a.length, b.length);
  // Short tokens (`ab`, `ibm`) differ in meaning with one letter, so they must be equal.
  if (Math.min(a.length, b.length) < 4) return 0;
  const allowed = length >= 10 ? 2 : 1;
  const distance = editDistance(a, b, allowed);

  return distance <= allowed ? 1 - distance / length : 0;
}
