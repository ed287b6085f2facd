import { randomUUID } from 'node:crypto';
import {
  type EntityResolutionReport,
  type EntityTypeCounts,
  InvalidArgumentError,
  type ResolveEntitiesParams,
} from '../api.js';
import { type Database, inRolledBackTransaction, type Queryable } from '../db/database.js';
import { logger } from '../logger.js';
import type { EntityObservation, EntityType } from '../model.js';
import { pushEntityLinks } from '../pipeline/index-sync.js';
import { linkInteractions } from '../pipeline/link-interactions.js';
import { acquireSyncLease, SyncBusyError, type SyncLease } from '../pipeline/lock.js';
import type { Entity, ResolveOptions } from '../resolve/types.js';
import type { VectorStore } from '../vector/store.js';
import { resolveAndApply } from './resolver-linker.js';

/** Stored observations resolved per transaction when the caller names no batch size. */
export const DEFAULT_RESOLVE_BATCH_SIZE = 5000;

/** Database, schema, vector index and resolver options of one domain's re-resolution. */
export interface ReResolveContext {
  db: Database;
  schema: string;
  /** External vector index (Weaviate) that receives changed entity links, when configured. */
  vectorIndex?: VectorStore | undefined;
  /** The options the sync's resolver runs with, so both apply the same rules. */
  resolveOptions: ResolveOptions;
}

/** Raised when a sync holds the domain's sync lease, so re-resolution must wait. */
export class ResolveBusyError extends SyncBusyError {
  constructor(cause: SyncBusyError) {
    super(cause.holder, cause.runId, cause.since);
    this.message =
      `Entity re-resolution cannot start: the domain's sync lease is held by ${cause.holder} ` +
      `(run ${cause.runId ?? 'unknown'}, since ${cause.since.toISOString()}). Wait for that sync ` +
      'to finish (check it with `sophia status` or get_sync_status), then run `sophia entities resolve` again';
  }
}

/** Runs `work` in a transaction of its own (a real run) or in the dry run's one transaction. */
type InTransaction = <T>(work: (tx: Queryable) => Promise<T>) => Promise<T>;

/** Position after the last observation read; observations sort companies first. */
interface PageCursor {
  rank: number;
  sourceSystem: string;
  sourceId: string;
}

/**
 * Resolves every stored observation again with the current rules, in batches of one
 * transaction each, then relinks every interaction and sends the changed links to the vector
 * index. Holds the domain's sync lease throughout, so no sync runs at the same time. Stored
 * links stay put, so a run only joins entities that the current rules match; manual pins and
 * never-merge decisions still apply. A dry run runs every batch in one transaction that it
 * rolls back, so its report is exactly what a real run would do at that moment.
 */
export async function resolveEntities(
  ctx: ReResolveContext,
  params: ResolveEntitiesParams,
): Promise<EntityResolutionReport> {
  const batchSize = checkBatchSize(params.batchSize);
  const actor = params.actor ?? 'unknown';
  const lease = await takeLease(ctx);

  try {
    if (params.dryRun !== true) {
      const inOwn: InTransaction = (work) => ctx.db.transaction(work);
      return await runResolution(ctx, ctx.db, inOwn, { batchSize, actor, dryRun: false });
    }

    return await inRolledBackTransaction(ctx.db, (tx) => {
      const inShared: InTransaction = (work) => work(tx);
      return runResolution(ctx, tx, inShared, { batchSize, actor, dryRun: true });
    });
  } finally {
    await lease.release();
  }
}

async function takeLease(ctx: ReResolveContext): Promise<SyncLease> {
  try {
    return await acquireSyncLease(ctx.db, ctx.schema, randomUUID());
  } catch (error) {
    if (error instanceof SyncBusyError) throw new ResolveBusyError(error);
    throw error;
  }
}

function checkBatchSize(value: number | undefined): number {
  if (value === undefined) return DEFAULT_RESOLVE_BATCH_SIZE;
  if (!Number.isInteger(value) || value < 1) {
    throw new InvalidArgumentError(
      'batch_size',
      `Invalid argument "batch_size": ${JSON.stringify(value)} is not a whole number from 1; ` +
        `leave it out for the default of ${DEFAULT_RESOLVE_BATCH_SIZE}`,
    );
  }

  return value;
}

async function runResolution(
  ctx: ReResolveContext,
  reader: Queryable,
  inTransaction: InTransaction,
  run: { batchSize: number; actor: string; dryRun: boolean },
): Promise<EntityResolutionReport> {
  const started = Date.now();
  const entitiesBefore = await countEntities(reader, ctx.schema);
  // Merges move interaction links as they happen, so changes are measured against the start.
  const linksBefore = await linkSets(reader, ctx.schema);

  const merges: EntityTypeCounts = { company: 0, person: 0 };
  // Entities whose stored state changed, by id, so one changed in two batches counts once.
  const updated = new Map<string, Entity['type']>();
  let observationsRead = 0;
  let batches = 0;
  let cursor: PageCursor = { rank: -1, sourceSystem: '', sourceId: '' };
  for (;;) {
    const page = await inTransaction(async (tx) => {
      const observations = await readPage(tx, ctx.schema, cursor, run.batchSize);
      if (observations.length === 0) return undefined;
      const outcome = await resolveObservations(tx, ctx.schema, observations, {
        options: ctx.resolveOptions,
        revisit: true,
      });
      return { observations, batchMerges: outcome.merges, updated: outcome.updated };
    });
    if (page === undefined) break;

    batches += 1;
    observationsRead += page.observations.length;
    merges.company += page.batchMerges.company;
    merges.person += page.batchMerges.person;
    for (const entity of page.updated) updated.set(entity.id, entity.type);
    cursor = cursorAfter(page.observations.at(-1) as EntityObservation);
    logger.info(
      { schema: ctx.schema, batch: batches, observations: observationsRead, dryRun: run.dryRun },
      're-resolution batch done',
    );
  }

  const links = await inTransaction((tx) =>
    relinkEverything(ctx, tx, linksBefore, run, { observationsRead, batches, merges }),
  );
  const entitiesAfter = await inTransaction((tx) => countEntities(tx, ctx.schema));

  return {
    dryRun: run.dryRun,
    observationsRead,
    batches,
    batchSize: run.batchSize,
    entitiesBefore,
    entitiesAfter,
    merges,
    updated: {
      company: [...updated.values()].filter((type) => type === 'company').length,
      person: [...updated.values()].filter((type) => type === 'person').length,
    },
    ...links,
    seconds: (Date.now() - started) / 1000,
  };
}

/**
 * Relinks every interaction, sends those whose links changed since `before` to the vector index
 * (real runs only) and writes the audit row, in one transaction. A failed write to the index
 * rolls the relink back, and the next sync or re-resolution sends the links again.
 */
async function relinkEverything(
  ctx: ReResolveContext,
  tx: Queryable,
  before: ReadonlyMap<string, string>,
  run: { actor: string; dryRun: boolean },
  progress: { observationsRead: number; batches: number; merges: EntityTypeCounts },
): Promise<{ interactionsRelinked: number; linksChanged: number; linksSentToIndex: number }> {
  await linkInteractions(tx, ctx.schema, null);
  const after = await linkSets(tx, ctx.schema);
  const changed = [...new Set([...before.keys(), ...after.keys()])].filter(
    (id) => before.get(id) !== after.get(id),
  );
  const rows = await tx.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM ${ctx.schema}.interactions`,
  );

  let linksSentToIndex = 0;
  if (!run.dryRun && ctx.vectorIndex !== undefined && changed.length > 0) {
    await pushEntityLinks(ctx.vectorIndex, tx, ctx.schema, changed);
    linksSentToIndex = changed.length;
  }
  await tx.query(
    `INSERT INTO ${ctx.schema}.audit_log (actor, action, details) VALUES ($1, 'entity.resolve', $2)`,
    [run.actor, { ...progress, linksChanged: changed.length }],
  );

  return {
    interactionsRelinked: Number(rows[0]?.n ?? 0),
    linksChanged: changed.length,
    linksSentToIndex,
  };
}

/**
 * Reads the next page of stored observations after `cursor`: companies first (people point at
 * them), then people, each by source system and source id.
 */
async function readPage(
  tx: Queryable,
  schema: string,
  cursor: PageCursor,
  limit: number,
): Promise<EntityObservation[]> {
  const rows = await tx.query<{ observation: StoredObservation }>(
    `SELECT observation FROM ${schema}.entity_observations
     WHERE (CASE WHEN entity_type = 'company' THEN 0 ELSE 1 END, source_system, source_id)
       > ($1::int, $2::text, $3::text)
     ORDER BY CASE WHEN entity_type = 'company' THEN 0 ELSE 1 END, source_system, source_id
     LIMIT $4`,
    [cursor.rank, cursor.sourceSystem, cursor.sourceId, limit],
  );

  return rows.map((row) => reviveObservation(row.observation));
}

function cursorAfter(observation: EntityObservation): PageCursor {
  return {
    rank: observation.type === 'company' ? 0 : 1,
    sourceSystem: observation.sourceSystem,
    sourceId: observation.sourceId,
  };
}

/** An observation as `entity_observations` stores it: JSON, so its time is a string. */
type StoredObservation = Omit<EntityObservation, 'observedAt'> & { observedAt?: string };

/** Turns a stored observation back into the resolver's input, with its time as a Date. */
export function reviveObservation(stored: StoredObservation): EntityObservation {
  const { observedAt, ...rest } = stored;

  return {
    ...rest,
    observedAt: observedAt === undefined ? undefined : new Date(observedAt),
  } as EntityObservation;
}

/**
 * Resolves stored observations in the caller's transaction and writes the result, as the sync's
 * `ResolverLinker` does. Returns the merges made per entity type and the entities whose state
 * changed (names, addresses, cities, affiliations). With `revisit`, records whose
 * entity already carries all their facts are compared with other entities again
 * (`ResolveOptions.revisitSettled`).
 */
export async function resolveObservations(
  tx: Queryable,
  schema: string,
  observations: readonly EntityObservation[],
  settings: { options: ResolveOptions; revisit: boolean },
): Promise<{ merges: EntityTypeCounts; updated: Entity[] }> {
  const { result } = await resolveAndApply(tx, schema, observations, {
    ...settings.options,
    revisitSettled: settings.revisit,
  });

  return {
    merges: {
      company: result.merges.filter((merge) => merge.entityType === 'company').length,
      person: result.merges.filter((merge) => merge.entityType === 'person').length,
    },
    updated: result.entities,
  };
}

/** Reads each interaction's linked entity ids as one sorted string, for change detection. */
async function linkSets(tx: Queryable, schema: string): Promise<Map<string, string>> {
  const rows = await tx.query<{ id: string; entities: string }>(
    `SELECT interaction_id::text AS id,
       string_agg(DISTINCT entity_id::text, ',' ORDER BY entity_id::text) AS entities
     FROM ${schema}.interaction_entities GROUP BY interaction_id`,
  );

  return new Map(rows.map((row) => [row.id, row.entities]));
}

async function countEntities(tx: Queryable, schema: string): Promise<EntityTypeCounts> {
  const rows = await tx.query<{ entity_type: EntityType; n: number }>(
    `SELECT entity_type, count(*)::int AS n FROM ${schema}.entities GROUP BY entity_type`,
  );
  const counts: EntityTypeCounts = { company: 0, person: 0 };
  for (const row of rows) counts[row.entity_type] = Number(row.n);

  return counts;
}
