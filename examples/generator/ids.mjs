/**
 * Deterministic identifiers in each source system's native format. Every id is derived from a
 * label through SHA-256, so renaming or reordering records elsewhere never changes other ids.
 */

import { createHash } from 'node:crypto';

const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SALESFORCE_SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

function hashBytes(label) {
  return createHash('sha256').update(label).digest();
}

function charsFrom(label, length, alphabet) {
  const bytes = hashBytes(label);
  let out = '';
  for (let i = 0; i < length; i++) {
    out += alphabet[bytes[i % bytes.length] % alphabet.length];
  }

  return out;
}

/** Returns a digit string of `length` digits without a leading zero, derived from `label`. */
export function digits(label, length) {
  const raw = charsFrom(label, length, '0123456789');

  return raw[0] === '0' ? `7${raw.slice(1)}` : raw;
}

/** Returns an integer in [min, max] derived from `label`. */
export function intBetween(label, min, max) {
  const bytes = hashBytes(label);
  const value = bytes.readUInt32BE(0);

  return min + (value % (max - min + 1));
}

/** Returns a lower-case RFC 4122 version 4 UUID derived from `label`. */
export function uuid(label) {
  const hex = hashBytes(label).toString('hex').slice(0, 32).split('');
  hex[12] = '4';
  hex[16] = '89ab'[Number.parseInt(hex[16], 16) % 4];
  const text = hex.join('');

  return [
    text.slice(0, 8),
    text.slice(8, 12),
    text.slice(12, 16),
    text.slice(16, 20),
    text.slice(20, 32),
  ].join('-');
}

/** Returns a Slack id such as `U07K2M9QZ4T`: a type letter and ten upper-case alphanumerics. */
export function slackId(typeLetter, label) {
  return `${typeLetter}07${charsFrom(`slack:${label}`, 8, UPPER_ALNUM)}`;
}

/** Returns a Slack block id: five characters, as Slack generates for rich_text blocks. */
export function slackBlockId(label) {
  return charsFrom(`block:${label}`, 5, `${BASE62}+/=`);
}

/**
 * Appends the three-character case-safe suffix that turns a 15-character Salesforce id into its
 * 18-character form: each 5-character chunk becomes one letter whose bits mark upper-case letters.
 */
export function salesforceChecksum(id15) {
  if (id15.length !== 15) {
    throw new Error(`Salesforce id "${id15}" has ${id15.length} characters; expected 15`);
  }

  let suffix = '';
  for (let chunk = 0; chunk < 3; chunk++) {
    let flags = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15[chunk * 5 + i];
      if (c >= 'A' && c <= 'Z') flags |= 1 << i;
    }
    suffix += SALESFORCE_SUFFIX_ALPHABET[flags];
  }

  return id15 + suffix;
}

/** Returns an 18-character Salesforce id with the object's key prefix (001 Account, ...). */
export function salesforceId(prefix, label) {
  const body = `${prefix}8c000${charsFrom(`sf:${label}`, 7, BASE62)}`;

  return salesforceChecksum(body);
}
