import { createHash } from 'node:crypto';
import { InvalidArgumentError } from '../api.js';
import { tokenize } from '../embed/local.js';

/** Words that phrase a question but never name what it is about. */
const QUESTION_WORDS = new Set(
  'what who whom whose when where why how did does do say said says tell told talk talked anything something everything last past month months week weeks year years quarter ago recent recently latest any all'.split(
    ' ',
  ),
);

/** Query words used for full-text matching and snippets, without question phrasing. */
export function queryTerms(query: string): string[] {
  const words = query
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .match(/[a-z0-9]+/g);

  return [
    ...new Set(
      (words ?? []).filter((word) => !QUESTION_WORDS.has(word) && tokenize(word).length > 0),
    ),
  ];
}

/**
 * A tsquery that matches passages containing any query term (OR, not AND), because questions
 * in natural language carry words no single passage has; ranking rewards passages with more.
 */
export function orTsQuery(terms: string[]): string | undefined {
  return terms.length === 0 ? undefined : terms.map((term) => `${term}:*`).join(' | ');
}

/** A window of the text around the first query term, about `size` characters. */
export function snippet(text: string, terms: string[], size = 320): string {
  if (text.length <= size) return text;

  const lower = text.toLowerCase();
  const positions = terms
    .map((term) => lower.indexOf(term.slice(0, Math.max(4, term.length - 2))))
    .filter((index) => index >= 0);
  const hit = positions.length > 0 ? Math.min(...positions) : 0;
  const start = Math.max(0, Math.min(hit - Math.floor(size / 3), text.length - size));
  const cut = text.slice(start, start + size).trim();

  return `${start > 0 ? '…' : ''}${cut}${start + size < text.length ? '…' : ''}`;
}

interface CursorState {
  offset: number;
  key: string;
}

/** Opaque cursor: the next offset, bound to the query and filters it was issued for. */
export function encodeCursor(offset: number, key: string): string {
  return Buffer.from(JSON.stringify({ offset, key } satisfies CursorState)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, key: string): number {
  if (cursor === undefined || cursor === '') return 0;

  let state: Partial<CursorState>;
  try {
    state = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<CursorState>;
  } catch {
    state = {};
  }
  if (typeof state.offset !== 'number' || state.offset < 0 || !Number.isInteger(state.offset)) {
    throw new InvalidArgumentError(
      'cursor',
      'Invalid argument "cursor": not a cursor sophia issued; pass next_cursor unchanged',
    );
  }
  if (state.key !== key) {
    throw new InvalidArgumentError(
      'cursor',
      'Invalid argument "cursor": it belongs to a different query or filters; repeat the same arguments with it, or drop it',
    );
  }

  return state.offset;
}

export function cursorKey(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

/** Rough token count of text for `max_tokens` budgets: about four characters per token. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
