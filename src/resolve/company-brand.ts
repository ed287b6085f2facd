import {
  cleanCompanyWords,
  companyNameSegments,
  dropTrailingPlace,
  LEGAL_FORMS,
} from './company-name.js';
import { editDistance } from './similarity.js';

/**
 * Brand forms of company names. A brand form is what is left of a name after everything that
 * names a legal entity rather than the business behind it is dropped: legal forms anywhere,
 * royal prefixes, generic descriptors, place words, a trailing seat or street address. So
 * `Koninklijke Norvik Electronics N.V.`, `Norvik Electronics UK Limited` and `U.S. Norvik
 * Corporation` all have the brand `norvik`: for a seller they are one account.
 */

/** Legal forms written out in full and folded. They are dropped anywhere in a name. */
const SPELLED_OUT_FORMS: readonly string[][] = [
  'naamloze vennootschap',
  'naamlooze vennootschap',
  'besloten vennootschap met beperkte aansprakelijkheid',
  'besloten vennootschap',
  'commanditaire vennootschap',
  'vennootschap onder firma',
  'naamloze',
  'naamlooze',
  'vennootschap',
  'aktiengesellschaft',
  'gesellschaft mit beschrankter haftung',
  'gesellschaft mit beschraenkter haftung',
  'gesellschaft mbh',
  'kommanditgesellschaft auf aktien',
  'kommanditgesellschaft',
  'offene handelsgesellschaft',
  'societe anonyme',
  'societe a responsabilite limitee',
  'societe par actions simplifiee',
  'societe en commandite',
  'societe dite',
  'sociedad anonima',
  'sociedad limitada',
  'societa per azioni',
  'societa a responsabilita limitata',
  'aktiebolag',
  'aktiebolaget',
  'osakeyhtio',
  'kabushiki kaisha',
  'public limited company',
  'limited liability company',
  'limited partnership',
].map((form) => form.split(' '));

/** Abbreviated legal forms that are not in `LEGAL_FORMS`. */
const EXTRA_ABBREVIATED_FORMS: readonly string[][] = [
  'bvba',
  'sprl',
  'vzw',
  'asbl',
  'kgaa',
  'mbh',
  'ohg',
  'soc',
].map((form) => form.split(' '));

/**
 * Legal forms that are also common words or name parts (`As`, `Co-op`, `Spa`, `AB` in
 * initials), so they are dropped only where `normalizeCompanyName` drops them: at either end.
 */
const AMBIGUOUS_FORMS = new Set([
  'as',
  'a s',
  'co',
  'cos',
  'se',
  'ab',
  'sl',
  'lp',
  'l p',
  'gk',
  'oy',
  'spa',
]);

/** Every legal form dropped anywhere, longest first so `b v` wins over a lone `b`. */
const ANYWHERE_FORMS: readonly string[][] = [
  ...LEGAL_FORMS.filter((form) => !AMBIGUOUS_FORMS.has(form.join(' '))),
  ...SPELLED_OUT_FORMS,
  ...EXTRA_ABBREVIATED_FORMS,
].sort((a, b) => b.length - a.length);

/** Royal and honorific prefixes, spelled out and abbreviated (`Koninklijke`, `Konink.`). */
const HONORIFICS = new Set(['koninklijke', 'koninklijk', 'koninkl', 'konink', 'kon', 'royal']);

/** Folded honorific that misspelt variants (`Koninklike`, `Koninlijke`) are compared with. */
const HONORIFIC_STEM = 'koninklijke';

/**
 * Words that describe a kind of business or a corporate role, in English, Dutch, German, French
 * and their common abbreviations. They do not tell two brands apart.
 * NOTE: a generic word beside a descriptor becomes the brand (`Global Payments` gives
 * `payments`), so two companies without domains can join on it.
 */
const DESCRIPTORS = new Set([
  'electronics',
  'electronic',
  'electron',
  'elektronik',
  'technologies',
  'technology',
  'technologie',
  'tech',
  'techn',
  'industries',
  'industrie',
  'industry',
  'ind',
  'inds',
  'international',
  'internationale',
  'internat',
  'internatl',
  'intl',
  'global',
  'worldwide',
  'research',
  'res',
  'holding',
  'holdings',
  'group',
  'groep',
  'gruppe',
  'groupe',
  'corporation',
  'corp',
  'company',
  'companies',
  'compagnie',
  'companhia',
  'compania',
  'cie',
  'cia',
  'maatschappij',
  'mij',
  'systems',
  'solutions',
  'services',
  'enterprises',
]);

/** Countries and regions that subsidiaries add to the parent's brand, folded. */
const PLACES: readonly string[][] = [
  'netherlands',
  'the netherlands',
  'nederland',
  'holland',
  'nl',
  'benelux',
  'belgium',
  'belgie',
  'belgique',
  'germany',
  'deutschland',
  'france',
  'switzerland',
  'schweiz',
  'suisse',
  'austria',
  'italy',
  'italia',
  'spain',
  'espana',
  'uk',
  'u k',
  'gb',
  'great britain',
  'united kingdom',
  'ireland',
  'us',
  'u s',
  'usa',
  'u s a',
  'united states',
  'america',
  'north america',
  'canada',
  'japan',
  'china',
  'india',
  'australia',
  'europe',
  'europa',
  'asia',
  'asia pacific',
]
  .map((place) => place.split(' '))
  .sort((a, b) => b.length - a.length);

/** Words that join other words and name nothing. */
const CONNECTIVES = new Set(['and', 'the', 'of', 'und', 'en', 'et']);

/** Last words of street names (`Laan`, `-weg`, `Strasse`, `Road`) before a house number. */
const STREET_SUFFIX =
  /(straat|laan|weg|plein|kade|gracht|singel|dreef|strasse|str|street|road|avenue|boulevard)$/;
const HOUSE_NUMBER = /^\d+[a-z]?$/;
/** Words that start a street name (`Jan van Dorpslaan`). */
const STREET_PARTICLES = new Set(['van', 'de', 'der', 'den', 'ter', 'ten', 'von', 'le', 'la']);

/**
 * Computes the brand tokens of a company name (see the file comment), never empty for a name with
 * a letter or a digit. When dropping descriptors would remove every word (`Global Systems
 * Group`), the words before that step are kept. Place words stay when no word of four letters
 * or more would be left without them (`Air Norland`). Results are cached by the name; the cache
 * is emptied when it reaches 100,000 names. Callers must not modify the returned array.
 */
export function companyBrandTokens(name: string | undefined): string[] {
  return companyBrand(name).tokens;
}

/** Brand form of a company name. */
export interface CompanyBrand {
  /** Brand tokens in the order of the name, empty when the name has no letter or digit. */
  tokens: string[];
  /** True when a descriptor (`Systems`, `Holding`) was removed to reach the brand. */
  described: boolean;
  /** `brandKey` of the tokens. */
  key: string;
}

/**
 * Computes the brand form of a company name (see `companyBrandTokens`). Results are cached by
 * the name, so callers must not modify them.
 */
export function companyBrand(name: string | undefined): CompanyBrand {
  if (name === undefined) return NO_BRAND;

  let brand = BRAND_CACHE.get(name);
  if (brand === undefined) {
    if (BRAND_CACHE.size >= 100_000) BRAND_CACHE.clear();
    brand = computeBrand(name);
    BRAND_CACHE.set(name, brand);
  }

  return brand;
}

const NO_BRAND: CompanyBrand = { tokens: [], described: false, key: '' };
const BRAND_CACHE = new Map<string, CompanyBrand>();

function computeBrand(name: string): CompanyBrand {
  const segments = dropTrailingPlace(dropSeatSegments(companyNameSegments(name)));
  const cleaned = cleanCompanyWords(cutStreetAddress(segments.flat()));
  if (cleaned.length === 0) return NO_BRAND;

  const named = dropHonorifics(dropLegalForms(dropSeat(cleaned)));
  const base = named.length > 0 ? named : cleaned;
  const described = base.some((word) => DESCRIPTORS.has(word));
  // Single letters are initials or remains of cut legal forms (`Norvik N.V` cut to `norvik n`).
  // Connectives stay until places are dropped, because a place after `of` is part of the name.
  const specific = base.filter((word) => !DESCRIPTORS.has(word) && word.length > 1);
  const withPlaces = specific.filter((word) => !CONNECTIVES.has(word));
  if (withPlaces.length === 0) return brandOf(base, false);

  const withoutPlaces = dropPlaces(specific).filter((word) => !CONNECTIVES.has(word));
  // `Air Norland` must not become `air`: a short or empty rest keeps its place words.
  const distinctive = withoutPlaces.some((word) => word.length >= 4);
  return brandOf(distinctive ? withoutPlaces : withPlaces, described);
}

/**
 * Drops a trailing country segment and the one-word seat before it (`…, Utrecht, NL`).
 * A lone one-word segment without a country after it stays, because it can be the name itself
 * (`Koninklijke, Norvik`).
 */
function dropSeatSegments(segments: string[][]): string[][] {
  let kept = segments;
  const last = kept.at(-1);
  if (kept.length < 2 || last === undefined || !isPlace(last)) return kept;

  kept = kept.slice(0, -1);
  if (kept.length >= 2 && kept.at(-1)?.length === 1) kept = kept.slice(0, -1);
  return kept;
}

/** Drops a trailing Dutch seat, `te <city>` (`Norvik N.V. te Utrecht`). */
function dropSeat(words: string[]): string[] {
  return words.length > 2 && words.at(-2) === 'te' ? words.slice(0, -2) : words;
}

/**
 * Cuts a trailing street address: a house number after a street word (`… N.V. Dorpsweg 12`).
 * The cut starts after the last legal form before the street when there is one, else at the
 * street name and its particles (`van`, `de`).
 */
function cutStreetAddress(words: string[]): string[] {
  const last = words.at(-1);
  if (last === undefined || !HOUSE_NUMBER.test(last)) return words;

  let street = -1;
  for (let i = words.length - 2; i >= Math.max(1, words.length - 5); i--) {
    if (STREET_SUFFIX.test(words[i] ?? '')) {
      street = i;
      break;
    }
  }
  if (street < 1) return words;

  const formEnd = lastLegalFormEnd(words, street);
  if (formEnd > 0) return words.slice(0, formEnd);

  let start = street;
  while (start > 1 && STREET_PARTICLES.has(words[start - 1] ?? '')) start--;
  return words.slice(0, start);
}

/** Index after the last legal form that ends at or before `limit`, or -1. */
function lastLegalFormEnd(words: string[], limit: number): number {
  for (let end = limit; end > 0; end--) {
    const matched = LEGAL_FORMS.some((form) => {
      const start = end - form.length;
      return start > 0 && form.every((word, i) => words[start + i] === word);
    });
    if (matched) return end;
  }

  return -1;
}

function dropLegalForms(words: string[]): string[] {
  return dropSequences(words, ANYWHERE_FORM_INDEX);
}

/**
 * Removes place words, except after a connective (`Bank of Norland` keeps its place, because
 * there the place is part of the name).
 */
function dropPlaces(words: string[]): string[] {
  return dropSequences(words, PLACE_INDEX, (i) => CONNECTIVES.has(words[i - 1] ?? ''));
}

/** Word sequences by their first word, longest first within each word. */
function sequenceIndex(sequences: readonly string[][]): Map<string, string[][]> {
  const index = new Map<string, string[][]>();
  for (const sequence of [...sequences].sort((a, b) => b.length - a.length)) {
    const first = sequence[0] as string;
    const list = index.get(first);
    if (list === undefined) index.set(first, [sequence]);
    else list.push(sequence);
  }

  return index;
}

const ANYWHERE_FORM_INDEX = sequenceIndex(ANYWHERE_FORMS);
const PLACE_INDEX = sequenceIndex(PLACES);

/** Removes every occurrence of the indexed word sequences, unless `keepAt` the position. */
function dropSequences(
  words: string[],
  index: Map<string, string[][]>,
  keepAt: (i: number) => boolean = () => false,
): string[] {
  const kept: string[] = [];
  let i = 0;
  while (i < words.length) {
    const candidates = index.get(words[i] as string);
    const match = candidates?.find((sequence) =>
      sequence.every((word, offset) => words[i + offset] === word),
    );
    if (match === undefined || keepAt(i)) {
      kept.push(words[i] as string);
      i++;
    } else {
      i += match.length;
    }
  }

  return kept;
}

/** Removes royal prefixes, also misspelt ones within two edits of `koninklijke`. */
function dropHonorifics(words: string[]): string[] {
  return words.filter((word) => !isHonorific(word));
}

function isHonorific(word: string): boolean {
  if (HONORIFICS.has(word)) return true;
  if (word.length < 8 || word.length > 13) return false;

  return editDistance(word, HONORIFIC_STEM, 2) <= 2;
}

function isPlace(words: string[]): boolean {
  return PLACES.some(
    (place) => place.length === words.length && place.every((w, i) => words[i] === w),
  );
}

function brandOf(words: string[], described: boolean): CompanyBrand {
  const tokens = [...new Set(words)];
  return { tokens, described, key: brandKey(tokens) };
}

/** Key of a brand: its distinct tokens in sorted order, so word order does not matter. */
export function brandKey(tokens: readonly string[]): string {
  return [...new Set(tokens)].sort().join(' ');
}
