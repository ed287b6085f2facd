/**
 * Argument schemas shared by the tools. Each one carries a zod `error` function, so that a
 * failed check reads as what the argument must be plus the value received ("must be a whole
 * number from 1 to 50; got 0"). Zod 4.6 applies a schema's `error` to the issues of its checks
 * (`.min()`, `.int()`) as well. The MCP SDK (1.32) validates arguments before a handler runs
 * and returns these messages, each followed by " at <argument>", in an `isError` result.
 */
import * as z from 'zod';
import { SOURCE_SYSTEMS } from '../src/model.js';

/** Maximum length of a free-text argument (queries, names), in characters. */
export const MAX_TEXT_LENGTH = 1000;

type Issue = z.core.$ZodRawIssue;

/** Optional free text: trimmed, non-empty, at most `MAX_TEXT_LENGTH` characters. */
export function optionalText(description: string) {
  return requiredText(description).optional();
}

/** Required free text: trimmed, non-empty, at most `MAX_TEXT_LENGTH` characters. */
export function requiredText(description: string) {
  return z
    .string({ error: describeTextIssue })
    .trim()
    .min(1)
    .max(MAX_TEXT_LENGTH)
    .describe(description);
}

/** Optional e-mail address, trimmed and lower-cased as the store keeps addresses. */
export function optionalEmail(description: string) {
  return z
    .string({ error: describeTextIssue })
    .trim()
    .toLowerCase()
    .min(1)
    .max(MAX_TEXT_LENGTH)
    .optional()
    .describe(description);
}

/** Optional whole number in `[min, max]`. */
export function optionalInteger(min: number, max: number, description: string) {
  return integerInRange(min, max).optional().describe(description);
}

/** Whole number in `[min, max]` that defaults to `fallback` when omitted. */
export function integerWithDefault(
  min: number,
  max: number,
  fallback: number,
  description: string,
) {
  return integerInRange(min, max).default(fallback).describe(description);
}

/** Builds an enum argument whose error message lists the allowed values. */
export function oneOf<const Values extends readonly [string, ...string[]]>(values: Values) {
  return z.enum(values, { error: (issue) => describeChoiceIssue(issue, values) });
}

/** Optional list of source systems to restrict a query to. */
export function sourcesFilter() {
  return z
    .array(oneOf(SOURCE_SYSTEMS), { error: describeListIssue })
    .min(1)
    .optional()
    .describe(`Only these source systems (${SOURCE_SYSTEMS.join(', ')}). Omit to use all of them.`);
}

/** Optional date bound: an ISO date or datetime, or a phrase the API resolves. */
export function dateBound(bound: 'from' | 'to') {
  const edge = bound === 'from' ? 'Earliest' : 'Latest';
  const wholePeriod =
    bound === 'from' ? ' A phrase given as from without to covers that whole period.' : '';

  return optionalText(
    `${edge} time to include: an ISO 8601 date or datetime (2025-03-01, ` +
      '2025-03-01T09:00:00Z) or a phrase such as "last month", "past 14 days", "this quarter" ' +
      `or "Q3 2025".${wholePeriod}`,
  );
}

/** Opaque pagination cursor copied from a previous reply's `next_cursor`. */
export function paginationCursor() {
  return z
    .string({ error: describeTextIssue })
    .min(1)
    .optional()
    .describe(
      'The next_cursor value of a previous reply, to fetch the following page. Pass the same ' +
        'other arguments as in that call.',
    );
}

function integerInRange(min: number, max: number) {
  const rangeMessage = (issue: Issue) => {
    const received = issue.input === undefined ? 'nothing' : JSON.stringify(issue.input);
    return `must be a whole number from ${min} to ${max}; got ${received}`;
  };

  return z.number({ error: rangeMessage }).int().min(min).max(max);
}

function describeTextIssue(issue: Issue): string | undefined {
  if (issue.code === 'invalid_type') {
    return issue.input === undefined ? 'is required' : `must be a string; got ${preview(issue)}`;
  }

  if (issue.code === 'too_small') {
    return 'must not be empty';
  }

  if (issue.code === 'too_big') {
    return `must be at most ${String(issue.maximum)} characters long`;
  }

  return undefined;
}

function describeChoiceIssue(issue: Issue, values: readonly string[]): string {
  return `must be one of ${values.join(', ')}; got ${preview(issue)}`;
}

function describeListIssue(issue: Issue): string | undefined {
  if (issue.code === 'invalid_type') {
    return `must be an array such as ["gong", "slack"]; got ${preview(issue)}`;
  }

  if (issue.code === 'too_small') {
    return 'must name at least one source, or be left out to use all sources';
  }

  return undefined;
}

function preview(issue: Issue): string {
  if (issue.input === undefined) {
    return 'nothing';
  }

  const json = JSON.stringify(issue.input) ?? String(issue.input);
  return json.length > 60 ? `${json.slice(0, 57)}...` : json;
}
