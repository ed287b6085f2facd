import type { EntityType, SourceRef } from '../model.js';
import { companyTokens, normalizeCompanyName } from './company-name.js';
import { companyDomainOfEmail } from './domains.js';
import { emailCandidateKeys } from './email-match.js';
import { nameCandidateKeys, type ParsedName, parseNameCached } from './person-name.js';
import type { Entity, Link } from './types.js';

/**
 * Lookup keys. The store indexes every entity under the keys `entityKeys` returns, and the
 * resolver requests the keys of a batch. Keys start with the entity type because source ids of
 * people and companies may collide inside one system.
 */

/** Key of a source record: `person:src:hubspot:101`. */
export function refKey(entityType: EntityType, ref: SourceRef): string {
  return `${entityType}:src:${ref.sourceSystem}:${ref.sourceId}`;
}

export function emailKey(email: string): string {
  return `person:email:${email.toLowerCase()}`;
}

/** Block of the people whose work e-mail is at `domain`. */
export function personDomainBlock(domain: string): string {
  return `person:domain:${domain}`;
}

/** Block of the people affiliated with a company entity. */
export function personCompanyBlock(companyId: string): string {
  return `person:company:${companyId}`;
}

export function companyDomainKey(domain: string): string {
  return `company:domain:${domain}`;
}

export function companyNameKey(normalizedName: string): string {
  return `company:name:${normalizedName}`;
}

/** Block of the companies whose normalized name contains `token`, for fuzzy name matching. */
export function companyTokenBlock(token: string): string {
  return `company:token:${token}`;
}

/**
 * Key of the people in a block who share one name key (`nameCandidateKeys`): the resolver loads
 * these instead of whole blocks, so a batch reads only the people its names could match.
 */
export function personNameKey(block: string, nameKey: string): string {
  return `${block}|${nameKey}`;
}

/** Tells whether a key names a block (a group searched by fuzzy names) rather than an exact key. */
export function isBlockKey(key: string): boolean {
  return (
    key.startsWith('person:domain:') ||
    key.startsWith('person:company:') ||
    key.startsWith('company:token:')
  );
}

/** Returns the block of a key: the key itself, or the block part of a `personNameKey`. */
export function blockOfKey(key: string): string {
  const bar = key.indexOf('|');
  return bar < 0 ? key : key.slice(0, bar);
}

/** Name keys of every name and typo keys of every address, not yet scoped to a block. */
export function personMatchKeys(
  names: readonly ParsedName[],
  emails: readonly string[],
  into = new Set<string>(),
): Set<string> {
  for (const name of names) for (const key of nameCandidateKeys(name)) into.add(key);
  for (const email of emails) for (const key of emailCandidateKeys(email)) into.add(key);
  return into;
}

/**
 * Candidate keys of a person inside their blocks: every block crossed with every name key of
 * every name and every typo key of every e-mail address (`emailCandidateKeys`).
 */
export function personCandidateKeys(
  blocks: Iterable<string>,
  names: readonly ParsedName[],
  emails: readonly string[] = [],
): string[] {
  const nameKeys = personMatchKeys(names, emails);
  const keys: string[] = [];
  for (const block of blocks) for (const key of nameKeys) keys.push(personNameKey(block, key));
  return keys;
}

/** Person blocks of an e-mail list: one per company domain, free-mail excluded. */
export function personEmailBlocks(emails: readonly string[]): string[] {
  const blocks: string[] = [];
  for (const email of emails) {
    const domain = companyDomainOfEmail(email);
    if (domain === undefined) continue;
    const block = personDomainBlock(domain);
    if (!blocks.includes(block)) blocks.push(block);
  }

  return blocks;
}

/**
 * Company keys of a name: the normalized name without spaces, and one token block per word and
 * per one-letter deletion of each word (see `tokenBlockKeys`).
 */
export function companyNameKeys(name: string | undefined): string[] {
  const normalized = normalizeCompanyName(name);
  if (normalized === undefined) return [];

  const blocks = [...tokenBlockKeys([companyTokens(name)])].map(companyTokenBlock);
  return [companyNameKey(normalized.replaceAll(' ', '')), ...blocks];
}

/** Normalized company name without spaces: the exact-name key (`ST Micro` equals `STMicro`). */
export function compactCompanyName(name: string | undefined): string | undefined {
  return normalizeCompanyName(name)?.replaceAll(' ', '');
}

/**
 * Fuzzy-match keys of company name tokens: each token and, for tokens of four letters or more,
 * the token with each letter deleted in turn (`nobel` gives `obel`, `nbel`, …). Two tokens one
 * substitution apart share a deletion, and a token with a letter added or dropped (`unilver`,
 * `unilever`) is a deletion of the other, so every single edit meets.
 */
export function tokenBlockKeys(names: readonly (readonly string[])[]): Set<string> {
  const keys = new Set<string>();
  for (const tokens of names) {
    for (const token of tokens) {
      keys.add(token);
      if (token.length < 4) continue;
      for (let i = 0; i < token.length; i++) keys.add(token.slice(0, i) + token.slice(i + 1));
    }
  }

  return keys;
}

/**
 * Returns every key a stored entity must be found under, given its links. A database keeps these
 * in an index table and rewrites them whenever the entity or its links change. A change to the
 * keys this returns needs a migration that empties `entity_keys`: the next resolution then
 * rebuilds every entity's keys (`backfillEntityKeys`).
 */
export function entityKeys(entity: Entity, links: readonly Link[]): string[] {
  return [...entityKeySet(entity, links)];
}

/** Returns the keys of `entityKeys` as a set, in the same order, for stores that diff them. */
export function entityKeySet(entity: Entity, links: readonly Link[]): Set<string> {
  const keys = new Set<string>();
  for (const link of links) keys.add(refKey(entity.type, link));

  if (entity.type === 'person') {
    for (const ref of entity.linkedIds) keys.add(refKey('person', ref));
    for (const email of entity.emails) keys.add(emailKey(email));

    const blocks = personEmailBlocks(entity.emails);
    for (const affiliation of entity.affiliations) {
      blocks.push(personCompanyBlock(affiliation.companyId));
    }
    const names = entity.names.flatMap((name) => parseNameCached(name) ?? []);
    for (const block of blocks) keys.add(block);
    for (const key of personCandidateKeys(blocks, names, entity.emails)) keys.add(key);
  } else {
    for (const domain of entity.domains) keys.add(companyDomainKey(domain));
    for (const name of entity.names) {
      for (const key of companyNameKeys(name)) keys.add(key);
    }
  }

  return keys;
}

/**
 * Blocks an entity belongs to, for reporting what a batch changed: a person's e-mail domain and
 * company blocks, a company's name-token blocks (without the one-letter-deletion keys).
 */
export function entityBlocks(entity: Entity): string[] {
  if (entity.type === 'person') {
    const blocks = personEmailBlocks(entity.emails);
    for (const affiliation of entity.affiliations) {
      const block = personCompanyBlock(affiliation.companyId);
      if (!blocks.includes(block)) blocks.push(block);
    }
    return blocks;
  }

  const blocks = new Set<string>();
  for (const name of entity.names)
    for (const token of companyTokens(name)) blocks.add(companyTokenBlock(token));
  return [...blocks];
}
