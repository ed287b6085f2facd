import { randomUUID } from 'node:crypto';
import type { EntityObservation } from '../model.js';
import {
  type Batch,
  type CompanyRecord,
  compareText,
  groupBatch,
  type PersonRecord,
  refText,
} from './batch.js';
import { companyTokens } from './company-name.js';
import {
  compactCompanyName,
  companyDomainKey,
  companyNameKey,
  companyTokenBlock,
  emailKey,
  entityBlocks,
  personCompanyBlock,
  personEmailBlocks,
  personMatchKeys,
  personNameKey,
  refKey,
  tokenBlockKeys,
} from './keys.js';
import { type CompanyOutcome, resolveCompanies } from './resolve-companies.js';
import { type PersonOutcome, type PersonSettings, resolvePersons } from './resolve-persons.js';
import { settledPersons, touchSettled } from './settle-persons.js';
import { StateIndex } from './state-index.js';
import type {
  CompanyEntity,
  Entity,
  EntityMerge,
  Link,
  PersonEntity,
  ResolutionResult,
  ResolutionState,
  ResolutionStore,
  ResolveOptions,
} from './types.js';

/**
 * Thresholds measured by `bench/er-thresholds.ts` on the labelled sets and the generated world;
 * docs/entity-resolution.md gives the figures behind each one.
 */
export const DEFAULT_THRESHOLDS = {
  personNameThreshold: 0.86,
  conflictingEmailThreshold: 2,
  similarEmailThreshold: 0.8,
  differentEmailThreshold: 0.9,
  personNamePartFloor: 0.8,
  differentCityThreshold: 2,
  personNameFloor: 0,
  companyNameThreshold: 0.85,
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

  const revisitSettled = options.revisitSettled ?? false;
  const { outcome: companies, blocks: companyBlocks } = await resolveCompanyPhase(batch, store, {
    nameThreshold: options.companyNameThreshold ?? DEFAULT_THRESHOLDS.companyNameThreshold,
    newId,
    revisitSettled,
  });
  const companyState = companies.state;

  const {
    outcome: persons,
    blocks: personBlocks,
    state: personState,
  } = await resolvePersonPhase(batch, store, companies, revisitSettled, {
    nameThreshold: options.personNameThreshold ?? DEFAULT_THRESHOLDS.personNameThreshold,
    conflictingEmailThreshold:
      options.conflictingEmailThreshold ?? DEFAULT_THRESHOLDS.conflictingEmailThreshold,
    nameFloor: options.personNameFloor ?? DEFAULT_THRESHOLDS.personNameFloor,
    similarEmailThreshold:
      options.similarEmailThreshold ?? DEFAULT_THRESHOLDS.similarEmailThreshold,
    differentEmailThreshold:
      options.differentEmailThreshold ?? DEFAULT_THRESHOLDS.differentEmailThreshold,
    differentCityThreshold:
      options.differentCityThreshold ?? DEFAULT_THRESHOLDS.differentCityThreshold,
    partFloor: options.personNamePartFloor ?? DEFAULT_THRESHOLDS.personNamePartFloor,
    newId,
  });

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
      loaded: [...companyBlocks, ...personBlocks].sort(compareText),
      changed: changedBlocks(entities, links, merges, before),
    },
    conflicts: [...companies.conflicts, ...persons.conflicts],
  };
}

/**
 * Loads and resolves the batch's companies in up to three reads. Records whose source id is
 * stored and that bring no new name or domain are settled by the first read and skip the rest.
 * Names that stored companies already carry need no fuzzy search, so token blocks (the widest
 * company keys) are read only for names seen for the first time. With `revisitSettled`, no
 * record is settled and every name is searched.
 */
async function resolveCompanyPhase(
  batch: Batch,
  store: ResolutionStore,
  settings: { nameThreshold: number; newId: () => string; revisitSettled: boolean },
): Promise<{
  outcome: CompanyOutcome & { state: StateIndex<CompanyEntity> };
  blocks: Set<string>;
}> {
  const refKeys = batch.companies.flatMap((record) =>
    record.ref === undefined ? [] : [refKey('company', record.ref)],
  );
  const settled =
    refKeys.length === 0 || settings.revisitSettled
      ? new Map<string, string>()
      : settledCompanies(
          batch.companies,
          new StateIndex('company', await store.load('company', refKeys)),
        );
  const open = batch.companies.filter((record) => !settled.has(record.nodeKey));

  const exactKeys = companyExactKeys(open);
  const exactState = exactKeys.length === 0 ? EMPTY_STATE : await store.load('company', exactKeys);
  const fuzzyNodes = settings.revisitSettled
    ? new Set(open.map((record) => record.nodeKey))
    : nodesWithNewNames(open, exactState);
  const tokenKeys = companyTokenKeys(open, fuzzyNodes);
  const tokenState = tokenKeys.length === 0 ? undefined : await store.load('company', tokenKeys);

  const state = new StateIndex<CompanyEntity>('company', joinStates(exactState, tokenState));
  const outcome = resolveCompanies(open, state, { ...settings, fuzzyNodes });
  for (const [nodeKey, entityId] of settled) {
    outcome.companyIdOf.set(nodeKey, outcome.mergedInto.get(entityId) ?? entityId);
  }

  const blocks = new Set<string>();
  for (const record of open) {
    if (!fuzzyNodes.has(record.nodeKey)) continue;
    for (const name of [...record.names, ...record.hintNames]) {
      for (const token of companyTokens(name)) blocks.add(companyTokenBlock(token));
    }
  }

  return { outcome: { ...outcome, state }, blocks };
}

const EMPTY_STATE: ResolutionState = { entities: [], links: [], decisions: [] };

/**
 * Company records already linked to a stored company that carries all their names and domains,
 * with that company's id. Pinned records and companies with a pending manual merge are never
 * settled here, so the full path applies the decision.
 */
function settledCompanies(
  records: readonly CompanyRecord[],
  index: StateIndex<CompanyEntity>,
): Map<string, string> {
  const settled = new Map<string, string>();
  const merging = new Set(index.merges.flatMap((merge) => merge.entityIds));
  for (const record of records) {
    if (record.ref === undefined || index.pins.has(refKey('company', record.ref))) continue;
    const entity = index.entityById.get(index.linkOf(record.ref)?.entityId ?? '');
    if (entity === undefined || merging.has(entity.id)) continue;

    const knownNames = new Set(entity.names.map((name) => compactCompanyName(name)));
    const names = [...record.names, ...record.hintNames];
    const namesKnown = names.every((name) => knownNames.has(compactCompanyName(name)));
    const domainsKnown = record.domains.every((domain) => entity.domains.includes(domain));
    if (namesKnown && domainsKnown) settled.set(record.nodeKey, entity.id);
  }

  return settled;
}

function companyExactKeys(records: readonly CompanyRecord[]): string[] {
  const keys = new Set<string>();
  for (const record of records) {
    if (record.ref !== undefined) keys.add(refKey('company', record.ref));
    for (const domain of record.domains) keys.add(companyDomainKey(domain));
    for (const name of [...record.names, ...record.hintNames]) {
      const compact = compactCompanyName(name);
      if (compact !== undefined) keys.add(companyNameKey(compact));
    }
  }

  return [...keys];
}

/** Batch company nodes with a name that no loaded company carries. */
function nodesWithNewNames(records: readonly CompanyRecord[], state: ResolutionState): Set<string> {
  const known = new Set<string>();
  for (const entity of state.entities) {
    if (entity.type !== 'company') continue;
    for (const name of entity.names) {
      const compact = compactCompanyName(name);
      if (compact !== undefined) known.add(compact);
    }
  }

  const nodes = new Set<string>();
  for (const record of records) {
    const names = [...record.names, ...record.hintNames];
    if (names.some((name) => !known.has(compactCompanyName(name) ?? ''))) nodes.add(record.nodeKey);
  }

  return nodes;
}

function companyTokenKeys(records: readonly CompanyRecord[], nodes: ReadonlySet<string>): string[] {
  const keys = new Set<string>();
  for (const record of records) {
    if (!nodes.has(record.nodeKey)) continue;
    const tokens = [...record.names, ...record.hintNames].map((name) => companyTokens(name));
    for (const key of tokenBlockKeys(tokens)) keys.add(companyTokenBlock(key));
  }

  return [...keys];
}

function joinStates(a: ResolutionState, b: ResolutionState | undefined): ResolutionState {
  if (b === undefined) return a;

  return {
    entities: [...a.entities, ...b.entities],
    links: [...a.links, ...b.links],
    decisions: [...a.decisions, ...b.decisions],
  };
}

/**
 * Person keys of a batch: own and claimed source ids, e-mails, and for each block the name keys
 * of the batch's names (so only people who could match by name are read). The whole blocks of
 * companies merged away in this batch are loaded too, so that their people move to the
 * surviving company.
 */
/**
 * Loads and resolves the batch's people in two reads: their own source ids first, which settles
 * records a re-sync brings back unchanged (`settledPersons`), then every key of the others.
 * With `revisitSettled`, the first read is skipped and every record takes the full path.
 */
async function resolvePersonPhase(
  batch: Batch,
  store: ResolutionStore,
  companies: CompanyOutcome,
  revisitSettled: boolean,
  settings: PersonSettings,
): Promise<{ outcome: PersonOutcome; blocks: Set<string>; state: StateIndex<PersonEntity> }> {
  const ownKeys = batch.persons.map((record) => refKey('person', record.ref));
  const settled =
    ownKeys.length === 0 || revisitSettled
      ? new Map<PersonRecord, PersonEntity>()
      : settledPersons(
          batch.persons,
          new StateIndex<PersonEntity>('person', await store.load('person', ownKeys)),
          companies.companyIdOf,
          companies.mergedInto,
        );

  let open = batch.persons.filter((record) => !settled.has(record));
  const { keys, blocks } = await personLoadKeys(open, companies, store);
  const openState = keys.length === 0 ? EMPTY_STATE : await store.load('person', keys);

  // A settled person that the open records reach is resolved with them after all.
  const reached = new Set(openState.entities.map((entity) => entity.id));
  for (const [record, entity] of settled) {
    if (!reached.has(entity.id)) continue;
    settled.delete(record);
    open.push(record);
  }
  open = open.sort((a, b) => compareText(refText(a.ref), refText(b.ref)));

  const state = new StateIndex<PersonEntity>('person', openState);
  const outcome = resolvePersons(
    open,
    state,
    companies.companyIdOf,
    companies.mergedInto,
    settings,
  );
  outcome.entities.push(...touchSettled(settled, companies.companyIdOf));

  return { outcome, blocks, state };
}

/**
 * Keys of the stored people that the records could match: their source ids, claimed ids and
 * e-mails, and each of their blocks crossed with their name and e-mail typo keys. Blocks that
 * hold no stored person (`ResolutionStore.existingKeys`) get no crossed keys, because nothing in
 * them can be found. On a first sync that is every block.
 */
async function personLoadKeys(
  records: readonly PersonRecord[],
  companies: CompanyOutcome,
  store: ResolutionStore,
): Promise<{ keys: string[]; blocks: Set<string> }> {
  const keys = new Set<string>();
  const blocks = new Set<string>();
  const recordsByBlock = new Map<string, PersonRecord[]>();
  for (const record of records) {
    keys.add(refKey('person', record.ref));
    for (const ref of record.linkedIds) keys.add(refKey('person', ref));
    for (const email of record.emails) keys.add(emailKey(email));

    const recordBlocks = personEmailBlocks(record.emails);
    for (const affiliation of record.affiliations) {
      const companyId = companies.companyIdOf.get(affiliation.companyNode);
      if (companyId !== undefined) recordBlocks.push(personCompanyBlock(companyId));
    }
    if (record.names.length === 0) continue;
    for (const block of recordBlocks) {
      blocks.add(block);
      const members = recordsByBlock.get(block);
      if (members === undefined) recordsByBlock.set(block, [record]);
      else members.push(record);
    }
  }

  const occupied =
    store.existingKeys === undefined || recordsByBlock.size === 0
      ? undefined
      : await store.existingKeys('person', [...recordsByBlock.keys()]);
  for (const [block, members] of recordsByBlock) {
    if (occupied !== undefined && !occupied.has(block)) continue;
    // Many records share a block and a name key, so each `block|key` string is built once.
    const matchKeys = new Set<string>();
    for (const record of members) personMatchKeys(record.names, record.emails, matchKeys);
    for (const key of matchKeys) keys.add(personNameKey(block, key));
  }
  for (const merge of companies.merges) {
    for (const block of [personCompanyBlock(merge.from), personCompanyBlock(merge.into)]) {
      keys.add(block);
      blocks.add(block);
    }
  }

  return { keys: [...keys], blocks };
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
  for (const state of states) for (const block of entityBlocks(state)) blocks.add(block);

  return [...blocks].sort(compareText);
}
