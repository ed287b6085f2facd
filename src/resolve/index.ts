/**
 * Entity resolution: unifies people and companies seen in Gong, Slack, HubSpot and Salesforce.
 * docs/entity-resolution.md describes the rules, thresholds and invariants.
 */
export { companyTokens, compareCompanyNames, normalizeCompanyName } from './company-name.js';
export { companyDomainOfEmail, isFreeMailDomain, registrableDomain } from './domains.js';
export { entityKeys, isBlockKey, refKey } from './keys.js';
export { MemoryStore } from './memory-store.js';
export { formalNames, isNickname } from './nicknames.js';
export { compareNames, type NameScore, type ParsedName, parsePersonName } from './person-name.js';
export { DEFAULT_THRESHOLDS, resolveBatch } from './resolver.js';
export { editDistance, jaro, jaroWinkler, soundex } from './similarity.js';
export type * from './types.js';
