import { randomUUID } from 'node:crypto';
import type { EntityObservation } from '../model.js';
import { type Batch, compareText, groupBatch } from './batch.js';
import {
  companyDomainKey,
  companyNameKeys,
  emailKey,
  entityKeys,
  isBlockKey,
  personCompanyBlock,
  personEmailBlocks,
  refKey,
} from './keys.js';
import { type CompanyOutcome, resolveCompanies } from './resolve-companies.js';
import { resolvePersons } from './resolve-persons.js';
import { StateIndex } from './state-index.js';
import type {
  CompanyEntity,
  Entity,
  EntityMerge,
  Link,
  PersonEntity,
  ResolutionResult,
  ResolutionStore,
  ResolveOptions,
} from './types.js';

/**
 * Thresholds measured by `bench/er-thresholds.ts` on the labelled sets and the generated world;
 * docs/entity-resolution.md gives the figures behind each one.
 */
export const DEFAULT_THRESHOLDS = {
  personNameThreshold: 0.88,
  conflictingEmailThreshold: 2,
  personNameFloor: 0.7,
  companyNameThreshold: 0.9,
} as const;

/**
 * Resolves one batch of observations against the stored state that `store` returns for the
 * batch's keys, and returns what changed. Companies are resolved first, because a person's
 * block is their company. The function is deterministic for a given store and `newId`.
 */
export async function resolveBatch(
  observations: readonly EntityObservation[],
  store: ResolutionStore,
  options: ResolveOptions = {},
): Promise<ResolutionResult> {
  const newId = options.newId ?? randomUUID;
  const batch = groupBatch(observations);

  const companyKeys = companyLoadKeys(batch);
  const companyState = new StateIndex<CompanyEntity>(
    'company',
    await store.load('company', companyKeys),
  );
  const companies = resolveCompanies(batch.companies, companyState, {
    nameThreshold: options.companyNameThreshold ?? DEFAULT_THRESHOLDS.companyNameThreshold,
    newId,
  });

  const personKeys = personLoadKeys(batch, companies);
  const personState = new StateIndex<PersonEntity>(
    'person',
    await store.load('person', personKeys),
  );
  const persons = resolvePersons(
    batch.persons,
    personState,
    companies.companyIdOf,
    companies.mergedInto,
    {
      nameThreshold: options.personNameThreshold ?? DEFAULT_THRESHOLDS.personNameThreshold,
      conflictingEmailThreshold:
        options.conflictingEmailThreshold ?? DEFAULT_THRESHOLDS.conflictingEmailThreshold,
      nameFloor: options.personNameFloor ?? DEFAULT_THRESHOLDS.personNameFloor,
      newId,
    },
  );

  const entities: Entity[] = [...companies.entities, ...persons.entities];
  const links = [...companies.links, ...persons.links];
  const merges = [...companies.merges, ...persons.merges];
  const before = new Map<string, Entity>([
    ...companyState.entities.map((entity) => [entity.id, entity] as const),
    ...personState.entities.map((entity) => [entity.id, entity] as const),
  ]);

  return {
    entities,
    links,
    merges,
    blocks: {
      loaded: [...companyKeys, ...personKeys].filter(isBlockKey).sort(compareText),
      changed: changedBlocks(entities, links, merges, before),
    },
    conflicts: [...companies.conflicts, ...persons.conflicts],
  };
}

function companyLoadKeys(batch: Batch): string[] {
  const keys = new Set<string>();
  for (const record of batch.companies) {
    if (record.ref !== undefined) keys.add(refKey('company', record.ref));
    for (const domain of record.domains) keys.add(companyDomainKey(domain));
    for (const name of [...record.names, ...record.hintNames]) {
      for (const key of companyNameKeys(name)) keys.add(key);
    }
  }

  return [...keys].sort(compareText);
}

/**
 * Person keys of a batch: own and claimed source ids, e-mails, and the blocks to search by
 * name. The blocks of companies merged away in this batch are loaded too, so that their people
 * move to the surviving company.
 */
function personLoadKeys(batch: Batch, companies: CompanyOutcome): string[] {
  const keys = new Set<string>();
  for (const record of batch.persons) {
    keys.add(refKey('person', record.ref));
    for (const ref of record.linkedIds) keys.add(refKey('person', ref));
    for (const email of record.emails) keys.add(emailKey(email));
    for (const block of personEmailBlocks(record.emails)) keys.add(block);
    for (const affiliation of record.affiliations) {
      const companyId = companies.companyIdOf.get(affiliation.companyNode);
      if (companyId !== undefined) keys.add(personCompanyBlock(companyId));
    }
  }
  for (const merge of companies.merges) {
    keys.add(personCompanyBlock(merge.from));
    keys.add(personCompanyBlock(merge.into));
  }

  return [...keys].sort(compareText);
}

/**
 * Blocks whose members changed: the old and new blocks of every changed entity, of every entity
 * that gained or lost a link, and of every merged-away entity.
 */
function changedBlocks(
  entities: readonly Entity[],
  links: readonly Link[],
  merges: readonly EntityMerge[],
  before: Map<string, Entity>,
): string[] {
  const states: Entity[] = [...entities];
  const ids = new Set<string>(entities.map((entity) => entity.id));
  for (const link of links) ids.add(link.entityId);
  for (const merge of merges) ids.add(merge.from);
  for (const id of ids) {
    const previous = before.get(id);
    if (previous !== undefined) states.push(previous);
  }

  const blocks = new Set<string>();
  for (const state of states) {
    for (const key of entityKeys(state, [])) if (isBlockKey(key)) blocks.add(key);
  }

  return [...blocks].sort(compareText);
}
