/**
 * String similarity measures used to score names. Both work on UTF-16 code units, which is
 * enough because names are folded to ASCII before they are compared.
 */

/**
 * Computes the Jaro similarity of two strings (0 for no common characters, 1 for equal strings),
 * as defined by Jaro (1989): matching characters within half the longer length, minus half the
 * transpositions.
 */
export function jaro(left: string, right: string): number {
  if (left === right) return 1;
  if (left.length === 0 || right.length === 0) return 0;

  const window = Math.max(0, Math.floor(Math.max(left.length, right.length) / 2) - 1);
  const leftMatched = scratch(0, left.length);
  const rightMatched = scratch(1, right.length);
  let matches = 0;

  for (let i = 0; i < left.length; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(right.length - 1, i + window);
    const char = left.charCodeAt(i);
    for (let j = from; j <= to; j++) {
      if (rightMatched[j] === 1 || char !== right.charCodeAt(j)) continue;
      leftMatched[i] = 1;
      rightMatched[j] = 1;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;

  let transpositions = 0;
  let j = 0;
  for (let i = 0; i < left.length; i++) {
    if (leftMatched[i] === 0) continue;
    while (rightMatched[j] === 0) j++;
    if (left.charCodeAt(i) !== right.charCodeAt(j)) transpositions++;
    j++;
  }

  const m = matches;
  return (m / left.length + m / right.length + (m - transpositions / 2) / m) / 3;
}

/**
 * Computes the Jaro-Winkler similarity: Jaro plus a bonus of 0.1 per shared leading character,
 * for up to four characters (Winkler 1990).
 */
export function jaroWinkler(left: string, right: string): number {
  const similarity = jaro(left, right);

  let prefix = 0;
  const limit = Math.min(4, left.length, right.length);
  while (prefix < limit && left[prefix] === right[prefix]) prefix++;

  return similarity + prefix * 0.1 * (1 - similarity);
}

/**
 * Computes the optimal string alignment distance (Levenshtein plus adjacent transpositions, each
 * substring edited once). Returns `max + 1` as soon as the distance is known to exceed `max`, so
 * callers that only ask "at most one typo?" pay for a narrow band.
 */
export function editDistance(left: string, right: string, max = Number.POSITIVE_INFINITY): number {
  if (left === right) return 0;
  if (Math.abs(left.length - right.length) > max) return max + 1;

  // Rows i - 2, i - 1 and i of the distance matrix rotate through three reused buffers.
  const width = right.length + 1;
  let previousPrevious = rows(0, width);
  let previous = rows(1, width);
  let current = rows(2, width);
  for (let j = 0; j < width; j++) previous[j] = j;

  for (let i = 1; i <= left.length; i++) {
    const char = left.charCodeAt(i - 1);
    const before = i > 1 ? left.charCodeAt(i - 2) : -1;
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= right.length; j++) {
      const other = right.charCodeAt(j - 1);
      const cost = char === other ? 0 : 1;
      let value = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && char === right.charCodeAt(j - 2) && before === other) {
        value = Math.min(value, (previousPrevious[j - 2] as number) + 1);
      }
      current[j] = value;
      if (value < rowMin) rowMin = value;
    }
    if (rowMin > max) return max + 1;
    const spare = previousPrevious;
    previousPrevious = previous;
    previous = current;
    current = spare;
  }

  return previous[right.length] as number;
}

/**
 * Returns the American Soundex code of a lower-case ASCII word (`robert` → `r163`), or the empty
 * string for a word without letters. Used only to find candidates, never to score them.
 */
export function soundex(word: string): string {
  const letters = word.replace(/[^a-z]/g, '');
  const first = letters[0];
  if (first === undefined) return '';

  let code = first;
  let last = soundexDigit(first);
  for (let i = 1; i < letters.length && code.length < 4; i++) {
    const char = letters[i] ?? '';
    const digit = soundexDigit(char);
    if (digit !== '' && digit !== last) code += digit;
    // 'h' and 'w' do not separate equal codes; vowels do.
    if (char !== 'h' && char !== 'w') last = digit;
  }

  return code.padEnd(4, '0');
}

function soundexDigit(char: string): string {
  if ('bfpv'.includes(char)) return '1';
  if ('cgjkqsxz'.includes(char)) return '2';
  if ('dt'.includes(char)) return '3';
  if (char === 'l') return '4';
  if ('mn'.includes(char)) return '5';
  if (char === 'r') return '6';

  return '';
}

/**
 * Scratch buffers reused across calls, so scoring allocates nothing per comparison. Both
 * functions are synchronous and never call each other, so no two calls share a buffer at once.
 */
const flagBuffers: Uint8Array[] = [new Uint8Array(64), new Uint8Array(64)];
const rowBuffers: Int32Array[] = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/** Returns flag buffer `slot` with at least `length` zeroed entries. */
function scratch(slot: number, length: number): Uint8Array {
  let buffer = flagBuffers[slot] as Uint8Array;
  if (buffer.length < length) {
    buffer = new Uint8Array(length * 2);
    flagBuffers[slot] = buffer;
  } else {
    buffer.fill(0, 0, length);
  }

  return buffer;
}

/**
 * Returns row buffer `slot` with at least `length` entries. The entries are not cleared, so
 * callers write an entry before reading it.
 */
function rows(slot: number, length: number): Int32Array {
  let buffer = rowBuffers[slot] as Int32Array;
  if (buffer.length < length) {
    buffer = new Int32Array(length * 2);
    rowBuffers[slot] = buffer;
  }

  return buffer;
}
