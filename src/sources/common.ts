import { NormalizeError } from '../model.js';

/** Read a field as a trimmed non-empty string; numbers are converted, anything else is undefined. */
export function str(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const trimmed = value.trim();
    return trimmed === '' ? undefined : trimmed;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);

  return undefined;
}

/** Read a required id field, raising a NormalizeError that names the field when it is missing. */
export function requireId(data: Record<string, unknown>, field: string, stream: string): string {
  const value = str(data[field]);
  if (value === undefined) {
    throw new NormalizeError(
      `${stream} record has no "${field}" (got ${JSON.stringify(data[field] ?? null)}); ` +
        `every ${stream} record needs its primary key`,
      field,
    );
  }

  return value;
}

export function obj(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/**
 * Parse the datetime shapes the four sources use: ISO 8601 with `Z` or `+00:00`, Salesforce's
 * `2020-10-22T21:03:23.000+0000`, epoch milliseconds, and Slack's `"1675092593.431309"` seconds.
 */
export function parseDate(value: unknown): Date | undefined {
  if (value === null || value === undefined || value === '') return undefined;

  if (typeof value === 'number') {
    // Below 1e11 the number is epoch seconds (that is before 1973 in milliseconds).
    const ms = value < 1e11 ? value * 1000 : value;
    const date = new Date(ms);
    return Number.isNaN(date.getTime()) ? undefined : date;
  }
  if (typeof value !== 'string') return undefined;

  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return parseDate(Number(text));

  // Salesforce writes offsets without a colon (+0000), which Date.parse rejects on some engines.
  const withColon = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const date = new Date(withColon);

  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** Parse a date the record must have, raising a NormalizeError naming the field otherwise. */
export function requireDate(value: unknown, field: string, stream: string): Date {
  const date = parseDate(value);
  if (date === undefined) {
    throw new NormalizeError(
      `${stream} record has an invalid or missing "${field}": ${JSON.stringify(value ?? null)}; ` +
        'expected an ISO 8601 datetime or epoch time',
      field,
    );
  }

  return date;
}

/** Lower-case, trim and de-duplicate e-mail addresses, dropping anything without an `@`. */
export function normalizeEmails(values: unknown[]): string[] {
  const seen = new Set<string>();
  for (const value of values) {
    const email = str(value)?.toLowerCase();
    if (email?.includes('@')) seen.add(email);
  }

  return [...seen];
}

/** Domain part of an e-mail address, lower-cased. */
export function emailDomain(email: string): string | undefined {
  const at = email.lastIndexOf('@');
  if (at < 0) return undefined;
  const domain = email
    .slice(at + 1)
    .trim()
    .toLowerCase();

  return domain === '' ? undefined : domain;
}

/** Bare host of a website or domain field: `https://www.Acme.com/about` becomes `acme.com`. */
export function normalizeDomain(value: unknown): string | undefined {
  const text = str(value)?.toLowerCase();
  if (text === undefined) return undefined;

  const host = text
    .replace(/^[a-z]+:\/\//, '')
    .split(/[/?#]/)[0]
    ?.replace(/^www\./, '')
    .replace(/:\d+$/, '');

  return host?.includes('.') ? host : undefined;
}

/** De-duplicate string ids, keeping first-seen order (HubSpot association arrays repeat ids). */
export function uniqueIds(values: unknown): string[] {
  const seen = new Set<string>();
  for (const value of arr(values)) {
    const id = str(value);
    if (id !== undefined) seen.add(id);
  }

  return [...seen];
}

/** Join name parts that exist with single spaces. */
export function joinName(...parts: (string | undefined)[]): string | undefined {
  const name = parts
    .filter((part): part is string => part !== undefined && part.trim() !== '')
    .join(' ');

  return name === '' ? undefined : name;
}
