/**
 * Folds text for comparison: Unicode compatibility decomposition with the combining marks
 * removed (so `José Müller` becomes `jose muller`), a few letters that do not decompose mapped by
 * hand, then lower case.
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[ßæœøłđþ]/gi, (char) => LETTERS[char.toLowerCase()] ?? char)
    .toLowerCase();
}

/** Letters that NFKD leaves whole although they read as ASCII letters in names. */
const LETTERS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  ł: 'l',
  đ: 'd',
  þ: 'th',
};
