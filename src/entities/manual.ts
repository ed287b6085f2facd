import { randomUUID } from 'node:crypto';
import {
  type EntityChange,
  type EntitySummary,
  InvalidArgumentError,
  type MergeEntitiesParams,
  NotFoundError,
  type SplitEntityParams,
} from '../api.js';
import { type Database, inRolledBackTransaction, type Queryable } from '../db/database.js';
import type { EntityObservation, SourceRef } from '../model.js';
import { pushEntityLinks } from '../pipeline/index-sync.js';
import { linkInteractions } from '../pipeline/link-interactions.js';
import { companyDomainOfEmail } from '../resolve/domains.js';
import { compactCompanyName, companyDomainKey, companyNameKey } from '../resolve/keys.js';
import { parseNameCached } from '../resolve/person-name.js';
import type { Affiliation, Entity, PersonEntity, ResolveOptions } from '../resolve/types.js';
import type { VectorStore } from '../vector/store.js';
import { displayName, foldEntity, replaceAffiliations, upsertEntities } from './apply.js';
import { readEntities, reindexEntities } from './db-store.js';
import { resolveObservations, reviveObservation } from './re-resolve.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Dependencies of a manual change besides the database. */
export interface ManualChangeDeps {
  /**
   * External vector index (Weaviate) whose passages carry entity ids. When set, the relinked
   * interactions' new links go there in the change's transaction, except on a dry run.
   */
  vectorIndex?: VectorStore | undefined;
  /** Options of the sync's resolver, for the people a company split resolves again. */
  resolveOptions?: ResolveOptions | undefined;
}

/**
 * Runs a manual change in one transaction. A dry run does all the same writes and then rolls
 * them back, so it reports exactly what the change would do.
 */
async function runChange(
  db: Database,
  dryRun: boolean,
  work: (tx: Queryable) => Promise<EntityChange>,
): Promise<EntityChange> {
  if (!dryRun) return db.transaction(work);

  const change = await inRolledBackTransaction(db, work);
  return { ...change, dryRun: true };
}

/**
 * Merges `mergeId` into `keepId`: the kept entity gains every name, e-mail, domain, company and
 * source record of the other, which is deleted. The decision and the merge go to `entity_decisions`
 * and `audit_log`, and the interactions of both are relinked, in the database and in the vector
 * index of `deps`.
 */
export async function mergeEntities(
  db: Database,
  schema: string,
  params: MergeEntitiesParams,
  deps: ManualChangeDeps = {},
): Promise<EntityChange> {
  const actor = params.actor ?? 'unknown';
  checkId('keep_id', params.keepId);
  checkId('merge_id', params.mergeId);
  if (params.keepId === params.mergeId) {
    throw new InvalidArgumentError(
      'merge_id',
      `Invalid argument "merge_id": ${params.mergeId} is the entity to keep; name two different entities`,
    );
  }

  return runChange(db, params.dryRun === true, async (tx) => {
    const keep = await requireEntity(tx, schema, params.keepId, 'keep_id');
    const other = await requireEntity(tx, schema, params.mergeId, 'merge_id');
    if (keep.type !== other.type) {
      throw new InvalidArgumentError(
        'merge_id',
        `Invalid argument "merge_id": ${other.id} is a ${other.type} and ${keep.id} a ${keep.type}; ` +
          'only entities of one type merge',
      );
    }

    const decisionId = randomUUID();
    await insertDecision(tx, schema, {
      id: decisionId,
      kind: 'merge',
      entityType: keep.type,
      entityA: keep.id,
      entityB: other.id,
      actor,
    });
    const moved = await tx.query<{ source_system: SourceRef['sourceSystem']; source_id: string }>(
      `UPDATE ${schema}.entity_mappings SET confidence_score = 1,
         metadata = metadata || jsonb_build_object('evidence',
           jsonb_build_object('rule', 'manual_merge', 'decisionId', $2::text))
       WHERE unified_id = $1 AND NOT coalesce((metadata->>'claimed')::boolean, false)
       RETURNING source_system, source_id`,
      [other.id, decisionId],
    );

    const merged = mergeState(keep, other);
    const evidence = { rule: 'manual_merge' as const, decisionId };
    await foldEntity(
      tx,
      schema,
      { entityType: keep.type, from: other.id, into: keep.id, evidence },
      actor,
    );
    await upsertEntities(tx, schema, [merged]);
    await replaceAffiliations(tx, schema, [merged]);
    await reindexEntities(tx, schema, [keep.id, other.id]);
    const relinked = await relinkEntities(tx, schema, [keep.id], indexFor(params, deps));

    return {
      action: 'merge',
      dryRun: false,
      entity: summary(merged),
      other: summary(other),
      moved: moved.map((row) => ({ sourceSystem: row.source_system, sourceId: row.source_id })),
      decisions: [{ id: decisionId, kind: 'merge' }],
      interactionsRelinked: relinked,
    };
  });
}

/** Joins two entities' facts, keeping the first one's id and display name. */
function mergeState(keep: Entity, other: Entity): Entity {
  const names = [...keep.names, ...other.names.filter((name) => !keep.names.includes(name))];
  if (keep.type === 'company' || other.type === 'company') {
    const domains = keep.type === 'company' && other.type === 'company' ? other.domains : [];
    return {
      ...(keep as Extract<Entity, { type: 'company' }>),
      names,
      domains: unique([...(keep as { domains: string[] }).domains, ...domains]).sort(),
    };
  }

  const affiliations = new Map<string, Affiliation>();
  for (const affiliation of [...keep.affiliations, ...other.affiliations]) {
    const known = affiliations.get(affiliation.companyId);
    affiliations.set(
      affiliation.companyId,
      known === undefined ? { ...affiliation } : widen(known, affiliation),
    );
  }
  const linked = new Map(
    [...keep.linkedIds, ...other.linkedIds].map((ref) => [
      `${ref.sourceSystem}:${ref.sourceId}`,
      ref,
    ]),
  );

  return {
    ...keep,
    name: keep.name ?? other.name,
    names,
    emails: unique([...keep.emails, ...other.emails]).sort(),
    internal: keep.internal || other.internal,
    affiliations: [...affiliations.values()],
    linkedIds: [...linked.values()],
  };
}

function widen(a: Affiliation, b: Affiliation): Affiliation {
  const first = [a.firstSeen, b.firstSeen].filter((time): time is string => time !== undefined);
  const last = [a.lastSeen, b.lastSeen].filter((time): time is string => time !== undefined);

  return {
    companyId: a.companyId,
    firstSeen: first.sort()[0],
    lastSeen: last.sort().at(-1),
  };
}

/**
 * Moves one source record off an entity onto a new entity, pins it there and records that the
 * two must never merge, so later syncs keep them apart. Names, e-mails, claimed ids and companies
 * that only this record contributed move with it. After a company split, the stored records of
 * the company's people are resolved again, so people whose records name the moved record join
 * the new company. Interactions are relinked in the database and in the vector index of `deps`.
 */
export async function splitEntity(
  db: Database,
  schema: string,
  params: SplitEntityParams,
  deps: ManualChangeDeps = {},
): Promise<EntityChange> {
  const actor = params.actor ?? 'unknown';
  checkId('entity_id', params.entityId);
  const ref: SourceRef = { sourceSystem: params.sourceSystem, sourceId: params.sourceId };

  return runChange(db, params.dryRun === true, async (tx) => {
    const original = await requireEntity(tx, schema, params.entityId, 'entity_id');
    const links = await tx.query<{ source_system: string; source_id: string }>(
      `SELECT source_system, source_id FROM ${schema}.entity_mappings
       WHERE unified_id = $1 AND NOT coalesce((metadata->>'claimed')::boolean, false)`,
      [original.id],
    );
    const refText = `${ref.sourceSystem}:${ref.sourceId}`;
    if (!links.some((link) => `${link.source_system}:${link.source_id}` === refText)) {
      throw new InvalidArgumentError(
        'source',
        `Invalid argument "source": ${refText} is not a source record of ${original.id}; ` +
          'call lookup_entity to list its source ids',
      );
    }
    if (links.length < 2) {
      throw new InvalidArgumentError(
        'source',
        `Invalid argument "source": ${refText} is the only source record of ${original.id}, so there is nothing to split`,
      );
    }

    const observations = await readObservations(tx, schema, original.type, links);
    const split = observations.get(refText);
    const rest = [...observations.entries()]
      .filter(([key]) => key !== refText)
      .map(([, observation]) => observation);
    const created = await splitState(tx, schema, original, split, randomUUID());
    const kept = subtractState(original, created, rest, await companiesOf(tx, schema, rest));

    const pinId = randomUUID();
    const neverId = randomUUID();
    await upsertEntities(tx, schema, [created, kept].sort(companiesFirst));
    await replaceAffiliations(tx, schema, [created, kept]);
    await tx.query(
      `UPDATE ${schema}.entity_mappings SET unified_id = $3, confidence_score = 1,
         metadata = metadata || jsonb_build_object('pinned', true, 'evidence',
           jsonb_build_object('rule', 'manual_pin', 'decisionId', $4::text))
       WHERE entity_type = $5 AND source_system = $1 AND source_id = $2`,
      [ref.sourceSystem, ref.sourceId, created.id, pinId, original.type],
    );
    await moveClaimedIds(tx, schema, original.id, created);
    await insertDecision(tx, schema, {
      id: pinId,
      kind: 'pin',
      entityType: original.type,
      entityA: created.id,
      ref,
      actor,
    });
    await insertDecision(tx, schema, {
      id: neverId,
      kind: 'never_merge',
      entityType: original.type,
      entityA: original.id,
      entityB: created.id,
      actor,
    });
    await tx.query(
      `INSERT INTO ${schema}.audit_log (actor, action, details) VALUES ($1, 'entity.split', $2)`,
      [
        actor,
        {
          entityType: original.type,
          from: original.id,
          into: created.id,
          source: ref,
          decisions: [pinId, neverId],
        },
      ],
    );
    await reindexEntities(tx, schema, [original.id, created.id]);
    const people =
      original.type === 'company'
        ? await reaffiliatePeople(tx, schema, original.id, deps.resolveOptions ?? {})
        : [];
    const relinked = await relinkEntities(
      tx,
      schema,
      [original.id, ...people],
      indexFor(params, deps),
    );

    return {
      action: 'split',
      dryRun: false,
      entity: summary(kept),
      other: summary(created),
      moved: [ref],
      decisions: [
        { id: pinId, kind: 'pin' },
        { id: neverId, kind: 'never_merge' },
      ],
      interactionsRelinked: relinked,
    };
  });
}

function companiesFirst(a: Entity, b: Entity): number {
  return (a.type === 'company' ? 0 : 1) - (b.type === 'company' ? 0 : 1);
}

/**
 * Latest stored observation of each linked source record of one entity type, by `system:id`.
 * The type keeps out a record of the other type that has the same source id.
 */
async function readObservations(
  tx: Queryable,
  schema: string,
  entityType: Entity['type'],
  links: readonly { source_system: string; source_id: string }[],
): Promise<Map<string, EntityObservation>> {
  const rows = await tx.query<{
    source_system: string;
    source_id: string;
    observation: EntityObservation;
  }>(
    `SELECT source_system, source_id, observation FROM ${schema}.entity_observations
     WHERE entity_type = $3
       AND (source_system, source_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [links.map((link) => link.source_system), links.map((link) => link.source_id), entityType],
  );

  return new Map(rows.map((row) => [`${row.source_system}:${row.source_id}`, row.observation]));
}

/**
 * Builds the new entity of a split from the moved record's stored observation. A record with no stored
 * observation (a company known only from a person's hint) keeps the original's display name.
 */
async function splitState(
  tx: Queryable,
  schema: string,
  original: Entity,
  observation: EntityObservation | undefined,
  id: string,
): Promise<Entity> {
  if (original.type === 'company') {
    const name = observation?.name ?? original.name;
    const domains = observation?.type === 'company' ? observation.domains : [];
    return { id, type: 'company', name, names: name === undefined ? [] : [name], domains };
  }

  const person = observation?.type === 'person' ? observation : undefined;
  const name = person === undefined ? undefined : personName(person);
  const affiliations: Affiliation[] = [];
  if (person !== undefined) {
    // The store keeps only the latest observation of a record, so the new affiliation spans
    // that one observation, not every time the record was seen.
    const companyId = await companyOf(tx, schema, person);
    const at =
      person.observedAt === undefined ? undefined : new Date(person.observedAt).toISOString();
    if (companyId !== undefined) affiliations.push({ companyId, firstSeen: at, lastSeen: at });
  }

  return {
    id,
    type: 'person',
    name: name ?? original.name,
    names: name === undefined ? [] : [name],
    emails: unique(person?.emails.map((email) => email.trim().toLowerCase()) ?? []).sort(),
    internal: person?.internal ?? original.internal,
    affiliations,
    linkedIds: person?.linkedIds ?? [],
  };
}

/** Returns the original entity without the facts that only the moved record contributed. */
function subtractState(
  original: Entity,
  created: Entity,
  rest: readonly EntityObservation[],
  restCompanies: ReadonlySet<string>,
): Entity {
  const restNames = new Set<string>();
  for (const observation of rest) {
    const name = observation.type === 'person' ? personName(observation) : observation.name;
    if (name !== undefined) restNames.add(name);
  }
  const names = original.names.filter(
    (name) => !created.names.includes(name) || restNames.has(name),
  );
  const name = names.includes(original.name ?? '')
    ? original.name
    : (names.at(-1) ?? original.name);

  if (original.type === 'company' || created.type === 'company') {
    const restDomains = new Set(
      rest.flatMap((item) => (item.type === 'company' ? item.domains : [])),
    );
    const movedDomains = created.type === 'company' ? created.domains : [];
    const domains = (original as { domains: string[] }).domains.filter(
      (domain) => !movedDomains.includes(domain) || restDomains.has(domain),
    );
    return { ...(original as Extract<Entity, { type: 'company' }>), name, names, domains };
  }

  const restEmails = new Set(rest.flatMap((item) => (item.type === 'person' ? item.emails : [])));
  const restLinked = new Set(
    rest
      .flatMap((item) => (item.type === 'person' ? item.linkedIds : []))
      .map((ref) => `${ref.sourceSystem}:${ref.sourceId}`),
  );
  const movedCompanies = new Set(created.affiliations.map((a) => a.companyId));

  return {
    ...original,
    name,
    names,
    emails: original.emails.filter(
      (email) => !created.emails.includes(email) || restEmails.has(email),
    ),
    internal:
      rest.length === 0
        ? original.internal
        : rest.some((item) => item.type === 'person' && item.internal),
    affiliations: original.affiliations.filter(
      (a) => !movedCompanies.has(a.companyId) || restCompanies.has(a.companyId),
    ),
    linkedIds: original.linkedIds.filter(
      (ref) =>
        !(created as PersonEntity).linkedIds.some(
          (moved) => moved.sourceSystem === ref.sourceSystem && moved.sourceId === ref.sourceId,
        ) || restLinked.has(`${ref.sourceSystem}:${ref.sourceId}`),
    ),
  };
}

/** Moves the claimed-id placeholders that only the new entity claims. */
async function moveClaimedIds(
  tx: Queryable,
  schema: string,
  originalId: string,
  created: Entity,
): Promise<void> {
  if (created.type !== 'person' || created.linkedIds.length === 0) return;

  await tx.query(
    `UPDATE ${schema}.entity_mappings SET unified_id = $2
     WHERE unified_id = $1 AND entity_type = 'person'
       AND coalesce((metadata->>'claimed')::boolean, false)
       AND (source_system, source_id) IN (SELECT * FROM unnest($3::text[], $4::text[]))`,
    [
      originalId,
      created.id,
      created.linkedIds.map((ref) => ref.sourceSystem),
      created.linkedIds.map((ref) => ref.sourceId),
    ],
  );
}

function personName(
  observation: Extract<EntityObservation, { type: 'person' }>,
): string | undefined {
  return parseNameCached(observation.name, observation.firstName, observation.lastName)?.display;
}

/** Finds the company ids that the given person observations point at. */
async function companiesOf(
  tx: Queryable,
  schema: string,
  observations: readonly EntityObservation[],
): Promise<Set<string>> {
  const ids = new Set<string>();
  for (const observation of observations) {
    if (observation.type !== 'person') continue;
    const id = await companyOf(tx, schema, observation);
    if (id !== undefined) ids.add(id);
  }

  return ids;
}

/**
 * Finds the stored company a person observation points at: its hint's source record, else the hint's
 * domain or first company e-mail domain, else the hint's normalized name.
 */
async function companyOf(
  tx: Queryable,
  schema: string,
  observation: Extract<EntityObservation, { type: 'person' }>,
): Promise<string | undefined> {
  const hinted = await hintedCompany(tx, schema, observation);
  if (hinted !== undefined) return hinted;

  for (const key of companyKeysOf(observation)) {
    const rows = await tx.query<{ entity_id: string }>(
      `SELECT entity_id FROM ${schema}.entity_keys WHERE entity_type = 'company' AND key = $1
       ORDER BY entity_id LIMIT 1`,
      [key],
    );
    if (rows[0] !== undefined) return rows[0].entity_id;
  }

  return undefined;
}

/**
 * Removes the affiliation with `companyId` from the people none of whose stored records points
 * at that company any more, and moves their current company to their latest other one.
 */
async function dropStaleAffiliations(
  tx: Queryable,
  schema: string,
  companyId: string,
  personIds: readonly string[],
): Promise<void> {
  const rows = await tx.query<{
    unified_id: string;
    observation: Parameters<typeof reviveObservation>[0];
  }>(
    `SELECT m.unified_id, o.observation FROM ${schema}.entity_mappings m
     JOIN ${schema}.entity_observations o ON o.entity_type = m.entity_type
       AND o.source_system = m.source_system AND o.source_id = m.source_id
     WHERE m.unified_id = ANY($1::uuid[]) AND o.entity_type = 'person'
       AND NOT coalesce((m.metadata->>'claimed')::boolean, false)`,
    [[...personIds]],
  );
  const observationsByPerson = new Map<string, EntityObservation[]>();
  for (const row of rows) {
    const list = observationsByPerson.get(row.unified_id) ?? [];
    list.push(reviveObservation(row.observation));
    observationsByPerson.set(row.unified_id, list);
  }

  const stale: string[] = [];
  for (const [personId, observations] of observationsByPerson) {
    let kept = false;
    for (const observation of observations) {
      if (observation.type === 'person' && (await pointsAt(tx, schema, observation, companyId))) {
        kept = true;
        break;
      }
    }
    if (!kept) stale.push(personId);
  }
  if (stale.length === 0) return;

  await tx.query(
    `DELETE FROM ${schema}.entity_affiliations
     WHERE company_id = $1 AND person_id = ANY($2::uuid[])`,
    [companyId, stale],
  );
  await tx.query(
    `UPDATE ${schema}.entities e SET company_id = (
       SELECT a.company_id FROM ${schema}.entity_affiliations a WHERE a.person_id = e.id
       ORDER BY a.last_seen DESC NULLS LAST, a.first_seen DESC NULLS LAST, a.company_id LIMIT 1),
       updated_at = now()
     WHERE e.id = ANY($1::uuid[]) AND e.company_id = $2`,
    [stale, companyId],
  );
  await reindexEntities(tx, schema, stale);
}

/**
 * Tells whether a person observation points at the company: by its hint's source record when
 * that record is stored, else by any domain or name key that `companyOf` reads. Unlike
 * `companyOf`, a key two companies share after a split counts for both.
 */
async function pointsAt(
  tx: Queryable,
  schema: string,
  observation: Extract<EntityObservation, { type: 'person' }>,
  companyId: string,
): Promise<boolean> {
  const hinted = await hintedCompany(tx, schema, observation);
  if (hinted !== undefined) return hinted === companyId;

  const keys = companyKeysOf(observation);
  if (keys.length === 0) return false;

  const rows = await tx.query(
    `SELECT 1 FROM ${schema}.entity_keys
     WHERE entity_type = 'company' AND entity_id = $1 AND key = ANY($2::text[]) LIMIT 1`,
    [companyId, keys],
  );
  return rows.length > 0;
}

/** Returns the stored company that a person observation's hint names by source record, if any. */
async function hintedCompany(
  tx: Queryable,
  schema: string,
  observation: Extract<EntityObservation, { type: 'person' }>,
): Promise<string | undefined> {
  const hint = observation.company;
  if (hint?.sourceSystem === undefined || hint.sourceId === undefined) return undefined;

  const rows = await tx.query<{ unified_id: string }>(
    `SELECT unified_id FROM ${schema}.entity_mappings
     WHERE entity_type = 'company' AND source_system = $1 AND source_id = $2`,
    [hint.sourceSystem, hint.sourceId],
  );
  return rows[0]?.unified_id;
}

/**
 * Company keys a person observation points at: the hint's domain, the company domains of its
 * e-mails (not for internal people, whose domain is the seller's) and the hint's name.
 */
function companyKeysOf(observation: Extract<EntityObservation, { type: 'person' }>): string[] {
  const hint = observation.company;
  const keys: string[] = [];
  if (hint?.domain !== undefined) keys.push(companyDomainKey(hint.domain));
  if (!observation.internal) {
    for (const email of observation.emails) {
      const domain = companyDomainOfEmail(email);
      if (domain !== undefined) keys.push(companyDomainKey(domain));
    }
  }
  const compact = compactCompanyName(hint?.name);
  if (compact !== undefined) keys.push(companyNameKey(compact));

  return keys;
}

async function insertDecision(
  tx: Queryable,
  schema: string,
  decision: {
    id: string;
    kind: 'merge' | 'never_merge' | 'pin';
    entityType: Entity['type'];
    entityA: string;
    entityB?: string | undefined;
    ref?: SourceRef | undefined;
    actor: string;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO ${schema}.entity_decisions
       (id, kind, entity_type, entity_a, entity_b, source_system, source_id, actor, decided_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, clock_timestamp())`,
    [
      decision.id,
      decision.kind,
      decision.entityType,
      decision.entityA,
      decision.entityB ?? null,
      decision.ref?.sourceSystem ?? null,
      decision.ref?.sourceId ?? null,
      decision.actor,
    ],
  );
}

/**
 * Relinks every interaction that names one of the entities and sends their new links to
 * `index`; returns how many. Every relinked interaction is sent, because a merge has already
 * moved the links it touches and a before/after comparison would miss them. A failed write to
 * the index raises, which rolls the change back.
 */
async function relinkEntities(
  tx: Queryable,
  schema: string,
  ids: readonly string[],
  index: VectorStore | undefined,
): Promise<number> {
  const rows = await tx.query<{ interaction_id: string }>(
    `SELECT DISTINCT interaction_id FROM ${schema}.interaction_entities
     WHERE entity_id = ANY($1::uuid[])`,
    [[...ids]],
  );
  const interactionIds = rows.map((row) => row.interaction_id);
  if (interactionIds.length > 0) await linkInteractions(tx, schema, interactionIds);
  if (index !== undefined) await pushEntityLinks(index, tx, schema, interactionIds);

  return interactionIds.length;
}

/** Picks the vector index a change writes to: none on a dry run, whose writes roll back. */
function indexFor(
  params: { dryRun?: boolean | undefined },
  deps: ManualChangeDeps,
): VectorStore | undefined {
  return params.dryRun === true ? undefined : deps.vectorIndex;
}

/**
 * Resolves again the stored records of the people affiliated with a split company, in the
 * split's transaction, so those whose company hint names the moved record join the new company.
 * A person keeps the original company only while one of their records still points at it.
 * Returns the ids of the people, for the relink.
 */
async function reaffiliatePeople(
  tx: Queryable,
  schema: string,
  companyId: string,
  options: ResolveOptions,
): Promise<string[]> {
  const people = await tx.query<{ person_id: string }>(
    `SELECT person_id FROM ${schema}.entity_affiliations WHERE company_id = $1
     UNION SELECT id FROM ${schema}.entities WHERE entity_type = 'person' AND company_id = $1`,
    [companyId],
  );
  const personIds = people.map((row) => row.person_id);
  if (personIds.length === 0) return [];

  const rows = await tx.query<{ observation: Parameters<typeof reviveObservation>[0] }>(
    `SELECT o.observation FROM ${schema}.entity_observations o
     JOIN ${schema}.entity_mappings m ON m.entity_type = o.entity_type
       AND m.source_system = o.source_system AND m.source_id = o.source_id
     WHERE m.unified_id = ANY($1::uuid[]) AND o.entity_type = 'person'
       AND NOT coalesce((m.metadata->>'claimed')::boolean, false)
     ORDER BY o.source_system, o.source_id`,
    [personIds],
  );
  const observations = rows.map((row) => reviveObservation(row.observation));
  if (observations.length === 0) return personIds;

  await resolveObservations(tx, schema, observations, { options, revisit: false });
  await dropStaleAffiliations(tx, schema, companyId, personIds);

  return personIds;
}

async function requireEntity(
  tx: Queryable,
  schema: string,
  id: string,
  argument: string,
): Promise<Entity> {
  const [entity] = await readEntities(tx, schema, [id]);
  if (entity === undefined) {
    throw new NotFoundError(
      `No entity with id ${id} (argument "${argument}"); call lookup_entity to find the right id`,
    );
  }

  return entity;
}

function checkId(argument: string, value: string): void {
  if (!UUID.test(value)) {
    throw new InvalidArgumentError(
      argument,
      `Invalid argument "${argument}": ${JSON.stringify(value)} is not a unified entity id (a UUID); ` +
        'call lookup_entity to find it',
    );
  }
}

function summary(entity: Entity): EntitySummary {
  return {
    id: entity.id,
    type: entity.type,
    name: displayName(entity),
    internal: entity.type === 'person' && entity.internal,
  };
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}
