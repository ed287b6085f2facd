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
  const leftMatched = new Array<boolean>(left.length).fill(false);
  const rightMatched = new Array<boolean>(right.length).fill(false);
  let matches = 0;

  for (let i = 0; i < left.length; i++) {
    const from = Math.max(0, i - window);
    const to = Math.min(right.length - 1, i + window);
    for (let j = from; j <= to; j++) {
      if (rightMatched[j] || left[i] !== right[j]) continue;
      leftMatched[i] = true;
      rightMatched[j] = true;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;

  let transpositions = 0;
  let j = 0;
  for (let i = 0; i < left.length; i++) {
    if (!leftMatched[i]) continue;
    while (!rightMatched[j]) j++;
    if (left[i] !== right[j]) transpositions++;
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

  let previousPrevious: number[] = [];
  let previous = Array.from({ length: right.length + 1 }, (_, j) => j);

  for (let i = 1; i <= left.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= right.length; j++) {
      const cost = left[i - 1] === right[j - 1] ? 0 : 1;
      let value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      if (i > 1 && j > 1 && left[i - 1] === right[j - 2] && left[i - 2] === right[j - 1]) {
        value = Math.min(value, (previousPrevious[j - 2] ?? 0) + 1);
      }
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    previousPrevious = previous;
    previous = current;
  }

  return previous[right.length] ?? 0;
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
