/**
 * Cache keys. Every key starts with its domain's prefix, so no lookup in one domain can read an
 * entry written for another, and an operator can list or drop one domain's keys with
 * `SCAN MATCH pr:*`.
 */
import { createHash } from 'node:crypto';
import { DOMAINS, type Domain } from '../config.js';

/** Key prefix of each domain, in Redis and in the in-process LRU alike. */
export const DOMAIN_PREFIXES: Readonly<Record<Domain, string>> = {
  pay_ready: 'pr:',
  personal: 'ps:',
  paragon: 'pg:',
};

/** Returns `domain` as a `Domain`, or throws naming the value and the allowed ones. */
export function assertDomain(domain: string): Domain {
  if (!(DOMAINS as readonly string[]).includes(domain)) {
    throw new Error(`Unknown cache domain "${domain}"; use one of ${DOMAINS.join(', ')}.`);
  }

  return domain as Domain;
}

/** Key of the domain's generation counter, bumped by every sync. */
export function generationKey(domain: Domain): string {
  return `${DOMAIN_PREFIXES[domain]}generation`;
}

/**
 * Key of one cached result: domain prefix, generation, operation and a SHA-256 of the
 * arguments in canonical JSON, so argument order and `undefined` fields do not split entries.
 */
export function entryKey(
  domain: Domain,
  generation: number,
  operation: string,
  args: unknown,
): string {
  const digest = createHash('sha256').update(canonicalJson(args)).digest('hex');
  return `${DOMAIN_PREFIXES[domain]}g${generation}:${operation}:${digest}`;
}

/**
 * Serializes `value` as JSON with object keys sorted and `undefined` fields left out, so equal
 * arguments always produce the same text.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(sortKeys);
  }

  if (value === null || typeof value !== 'object') {
    return value;
  }

  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const field = (value as Record<string, unknown>)[key];
    if (field !== undefined) {
      sorted[key] = sortKeys(field);
    }
  }

  return sorted;
}
