import type {
  CompanyHint,
  CompanyObservation,
  EntityObservation,
  PersonObservation,
  SourceRef,
} from '../model.js';
import { cityKey } from './city.js';
import { normalizeCompanyName } from './company-name.js';
import { companyDomainOfEmail, isFreeMailDomain, registrableDomain } from './domains.js';
import { type ParsedName, parseNameCached } from './person-name.js';

/**
 * A company as the batch describes it: one source record (from company observations or from
 * person hints that carry its id), or an anonymous company known only by a domain or a name.
 */
export interface CompanyRecord {
  /** `company:src:…` for source records, `anon:<domain>|<name>` for anonymous ones. */
  nodeKey: string;
  ref?: SourceRef | undefined;
  /** Names from company observations, in batch order. */
  names: string[];
  /** Names only person records gave (an account name on a Gong call). */
  hintNames: string[];
  domains: string[];
  /** True when a company observation, not only a hint, describes the record. */
  observed: boolean;
  /** Time of the latest company observation, in epoch milliseconds; 0 when unknown. */
  observedAt: number;
}

/** A person source record, with every observation of it in the batch. */
export interface PersonRecord {
  ref: SourceRef;
  /** Observations of this record, oldest first. */
  observations: PersonObservation[];
  /** Parsed name of each observation, in the same order. */
  observationNames: (ParsedName | undefined)[];
  /** Distinct parsed names. */
  names: ParsedName[];
  emails: string[];
  /** Folded cities the record gives (`cityKey`). */
  cities: string[];
  linkedIds: SourceRef[];
  internal: boolean;
  /** Company node of each observation that names or implies one, with its time. */
  affiliations: { companyNode: string; observedAt?: Date | undefined }[];
}

export interface Batch {
  companies: CompanyRecord[];
  persons: PersonRecord[];
}

/** Groups a batch of observations into company and person records, in a stable order. */
export function groupBatch(observations: readonly EntityObservation[]): Batch {
  const companies = new Map<string, CompanyRecord>();
  const persons = new Map<string, PersonObservation[]>();

  for (const observation of observations) {
    if (observation.type === 'company') {
      addCompanyObservation(companies, observation);
      continue;
    }
    const key = `${observation.sourceSystem}:${observation.sourceId}`;
    const list = persons.get(key) ?? [];
    list.push(observation);
    persons.set(key, list);
  }

  const personRecords = [...persons.entries()]
    .sort(([a], [b]) => compareText(a, b))
    .map(([, list]) => toPersonRecord(list.length > 1 ? list.sort(byObservedAt) : list, companies));

  return {
    companies: [...companies.values()].sort(
      (a, b) => companyRank(a) - companyRank(b) || compareText(a.nodeKey, b.nodeKey),
    ),
    persons: personRecords,
  };
}

function addCompanyObservation(
  companies: Map<string, CompanyRecord>,
  observation: CompanyObservation,
): void {
  const ref = { sourceSystem: observation.sourceSystem, sourceId: observation.sourceId };
  const record = companyRecord(companies, `company:src:${refText(ref)}`, ref);

  record.observed = true;
  record.observedAt = Math.max(record.observedAt, observation.observedAt?.getTime() ?? 0);
  addUnique(record.names, observation.name?.trim());
  for (const domain of observation.domains) addUnique(record.domains, companyDomain(domain));
}

function toPersonRecord(
  observations: PersonObservation[],
  companies: Map<string, CompanyRecord>,
): PersonRecord {
  const first = observations[0] as PersonObservation;
  const record: PersonRecord = {
    ref: { sourceSystem: first.sourceSystem, sourceId: first.sourceId },
    observations,
    observationNames: [],
    names: [],
    emails: [],
    cities: [],
    linkedIds: [],
    internal: false,
    affiliations: [],
  };

  for (const observation of observations) {
    const name = parseNameCached(observation.name, observation.firstName, observation.lastName);
    record.observationNames.push(name);
    if (name !== undefined && !record.names.some((known) => known.display === name.display)) {
      record.names.push(name);
    }
    for (const email of observation.emails) addUnique(record.emails, email.trim().toLowerCase());
    const city = cityKey(observation.city);
    if (city !== undefined) addUnique(record.cities, city);
    for (const ref of observation.linkedIds) {
      const known = record.linkedIds.some(
        (other) => other.sourceSystem === ref.sourceSystem && other.sourceId === ref.sourceId,
      );
      if (!known) record.linkedIds.push(ref);
    }
    record.internal ||= observation.internal;

    const companyNode = companyNodeOf(observation, companies);
    if (companyNode !== undefined) {
      record.affiliations.push({ companyNode, observedAt: observation.observedAt });
    }
  }

  return record;
}

/**
 * Company node an observation points to: the hinted company record, else an anonymous company
 * from the hint's domain or name, else one from the first company e-mail domain. Internal people
 * get none from their e-mail, so the seller's own domain does not become a customer.
 */
function companyNodeOf(
  observation: PersonObservation,
  companies: Map<string, CompanyRecord>,
): string | undefined {
  const hint = observation.company;
  const hintNode = hint === undefined ? undefined : hintCompanyNode(hint, companies);
  if (hintNode !== undefined || observation.internal) return hintNode;

  for (const email of observation.emails) {
    const domain = companyDomainOfEmail(email);
    if (domain === undefined) continue;
    const record = companyRecord(companies, anonymousKey(domain, undefined));
    addUnique(record.domains, domain);
    return record.nodeKey;
  }

  return undefined;
}

function hintCompanyNode(
  hint: CompanyHint,
  companies: Map<string, CompanyRecord>,
): string | undefined {
  const domain = companyDomain(hint.domain);
  const name = hint.name?.trim();

  if (hint.sourceSystem !== undefined && hint.sourceId !== undefined) {
    const ref = { sourceSystem: hint.sourceSystem, sourceId: hint.sourceId };
    const record = companyRecord(companies, `company:src:${refText(ref)}`, ref);
    addUnique(record.hintNames, name);
    addUnique(record.domains, domain);
    return record.nodeKey;
  }

  const normalized = normalizeCompanyName(name);
  if (domain === undefined && normalized === undefined) return undefined;

  const record = companyRecord(companies, anonymousKey(domain, normalized));
  addUnique(record.hintNames, name);
  addUnique(record.domains, domain);

  return record.nodeKey;
}

function companyRecord(
  companies: Map<string, CompanyRecord>,
  nodeKey: string,
  ref?: SourceRef,
): CompanyRecord {
  let record = companies.get(nodeKey);
  if (record === undefined) {
    record = {
      nodeKey,
      ref,
      names: [],
      hintNames: [],
      domains: [],
      observed: false,
      observedAt: 0,
    };
    companies.set(nodeKey, record);
  }

  return record;
}

function anonymousKey(domain: string | undefined, normalizedName: string | undefined): string {
  return `anon:${domain ?? ''}|${normalizedName ?? ''}`;
}

/** Registrable domain of a company website or domain field; undefined for free-mail. */
function companyDomain(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;

  // Every contact of a company repeats its website, so the parsed domain is cached.
  const known = COMPANY_DOMAINS.get(value);
  if (known !== undefined) return known ?? undefined;

  const domain = parseCompanyDomain(value);
  if (COMPANY_DOMAINS.size >= 100_000) COMPANY_DOMAINS.clear();
  COMPANY_DOMAINS.set(value, domain ?? null);
  return domain;
}

/** Domain by field value, or null for none. Emptied when it reaches 100,000 values. */
const COMPANY_DOMAINS = new Map<string, string | null>();

function parseCompanyDomain(value: string): string | undefined {
  const host = value
    .trim()
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .split(/[/?#:]/)[0]
    ?.replace(/^www\./, '');
  if (host === undefined || !host.includes('.')) return undefined;

  const domain = registrableDomain(host);
  return isFreeMailDomain(domain) ? undefined : domain;
}

/** Orders observations of one record by time; those without a time come first. Stable. */
function byObservedAt(a: EntityObservation, b: EntityObservation): number {
  return (a.observedAt?.getTime() ?? 0) - (b.observedAt?.getTime() ?? 0);
}

/** Observed records first, then hinted source records, then anonymous companies. */
function companyRank(record: CompanyRecord): number {
  if (record.observed) return 0;
  return record.ref === undefined ? 2 : 1;
}

export function refText(ref: SourceRef): string {
  return `${ref.sourceSystem}:${ref.sourceId}`;
}

function addUnique(list: string[], value: string | undefined): void {
  if (value !== undefined && value !== '' && !list.includes(value)) list.push(value);
}

/** Code-unit order, independent of the locale, so ids and keys sort the same everywhere. */
export function compareText(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}
