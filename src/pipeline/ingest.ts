import { createHash } from 'node:crypto';
import { storeCallMetrics } from '../coaching/measure.js';
import type { Queryable } from '../db/database.js';
import { logger } from '../logger.js';
import type {
  EntityObservation,
  Interaction,
  NormalizedRecord,
  SourceAdapter,
  StagedRecord,
} from '../model.js';
import { forgetVectorStatus } from '../search/vector-status.js';
import { chunkInteraction, type Passage } from './chunk.js';
import { loadBuildContext, type PipelineContext } from './context.js';
import { indexInteractions, pushEntityLinks } from './index-sync.js';
import { linkInteractions } from './link-interactions.js';

/** One record on its way in, with where it came from (for dead letters and checkpoints). */
export interface IncomingRecord {
  stream: string;
  data: Record<string, unknown>;
  emittedAt?: Date | undefined;
  origin: Record<string, unknown>;
}

export interface BatchStats {
  records: number;
  changed: number;
  unchanged: number;
  skipped: number;
  deadLetters: number;
  interactionsWritten: number;
  interactionsDeleted: number;
  passagesWritten: number;
  embedded: number;
}

export function emptyStats(): BatchStats {
  return {
    records: 0,
    changed: 0,
    unchanged: 0,
    skipped: 0,
    deadLetters: 0,
    interactionsWritten: 0,
    interactionsDeleted: 0,
    passagesWritten: 0,
    embedded: 0,
  };
}

export function addStats(total: BatchStats, batch: BatchStats): void {
  for (const key of Object.keys(emptyStats()) as (keyof BatchStats)[]) total[key] += batch[key];
}

/** Streams whose records share a key space: a Slack thread parent arrives in both of these. */
const SHARED_KEYSPACES: Record<string, Record<string, string>> = {
  slack: { threads: 'channel_messages' },
};

function keyspaceOf(source: string, stream: string): string {
  return SHARED_KEYSPACES[source]?.[stream] ?? stream;
}

/**
 * Ingest one batch of records of one source inside the caller's transaction: normalize, stage,
 * link entities, rebuild the interactions the batch touched, chunk, embed and index. A record
 * that fails to normalize, or an interaction that fails to build, goes to the dead-letter table
 * and the rest of the batch goes on.
 */
export async function ingestBatch(
  ctx: PipelineContext,
  tx: Queryable,
  adapter: SourceAdapter,
  records: IncomingRecord[],
  runId: string | undefined,
): Promise<BatchStats> {
  const stats = emptyStats();
  const staged: StagedRow[] = [];

  for (const record of records) {
    stats.records++;
    const handler = adapter.streams[record.stream];
    if (handler === undefined) {
      stats.skipped++;
      continue;
    }

    try {
      staged.push({ record, normalized: handler.normalize(record.data, record.emittedAt) });
    } catch (error) {
      await deadLetter(ctx, tx, runId, adapter.source, record, error);
      stats.deadLetters++;
    }
  }

  const changed = await stageRecords(ctx, tx, adapter.source, staged);
  stats.changed = changed.length;
  stats.unchanged = staged.length - changed.length;
  const dirty = new Set<string>();
  const observations: EntityObservation[] = [];
  for (const row of changed) {
    if (row.normalized.interactionKey !== undefined) dirty.add(row.normalized.interactionKey);
    observations.push(...row.normalized.observations);
  }
  const changedObservationList = await changedObservations(ctx, tx, observations);

  if (changedObservationList.length > 0) {
    const moved = await ctx.linker.link(tx, ctx.schema, changedObservationList);
    // A merge moved these links in the database; the index learns in the same transaction.
    if (ctx.vectorIndex !== undefined) {
      await pushEntityLinks(ctx.vectorIndex, tx, ctx.schema, moved);
    }
    ctx.buildContexts?.delete(adapter.source);
  }
  // Channel names come from staged records, not observations.
  if (stats.changed > 0 && records.some((record) => record.stream === 'channels'))
    ctx.buildContexts?.delete(adapter.source);
  if (dirty.size > 0) await rebuildInteractions(ctx, tx, adapter, [...dirty], runId, stats);

  return stats;
}

interface StagedRow {
  record: IncomingRecord;
  normalized: NormalizedRecord;
}

/**
 * Stage a batch of records in one statement and return those that are new or changed. Within
 * the batch a key seen twice keeps its newest version (by the record's own change time, then by
 * position), and an older version never overwrites a newer stored one (a replayed file, an
 * out-of-order page).
 */
async function stageRecords(
  ctx: PipelineContext,
  tx: Queryable,
  source: string,
  rows: StagedRow[],
): Promise<StagedRow[]> {
  const latest = new Map<string, StagedRow>();
  for (const row of rows) {
    const key = `${keyspaceOf(source, row.record.stream)}\u0000${row.normalized.recordKey}`;
    const previous = latest.get(key);
    const newer =
      previous === undefined ||
      (row.normalized.updatedAt?.getTime() ?? 0) >= (previous.normalized.updatedAt?.getTime() ?? 0);
    if (newer) latest.set(key, row);
  }
  const unique = [...latest.values()];
  if (unique.length === 0) return [];

  const column = <T>(pick: (row: StagedRow) => T) => unique.map(pick);
  const s = ctx.schema;
  const returned = await tx.query<{ keyspace: string; record_key: string }>(
    `INSERT INTO ${s}.source_records
       (source_system, keyspace, record_key, stream, interaction_key, data, content_hash,
        record_updated_at, emitted_at, origin)
     SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::text[],
                              $8::timestamptz[], $9::timestamptz[], $10::jsonb[])
     ON CONFLICT (source_system, keyspace, record_key) DO UPDATE SET
       stream = EXCLUDED.stream,
       interaction_key = EXCLUDED.interaction_key,
       data = EXCLUDED.data,
       content_hash = EXCLUDED.content_hash,
       record_updated_at = EXCLUDED.record_updated_at,
       emitted_at = EXCLUDED.emitted_at,
       origin = EXCLUDED.origin,
       updated_at = now()
     WHERE ${s}.source_records.content_hash <> EXCLUDED.content_hash
       AND (${s}.source_records.record_updated_at IS NULL
            OR EXCLUDED.record_updated_at IS NULL
            OR EXCLUDED.record_updated_at >= ${s}.source_records.record_updated_at)
     RETURNING keyspace, record_key`,
    [
      source,
      column((row) => keyspaceOf(source, row.record.stream)),
      column((row) => row.normalized.recordKey),
      column((row) => row.record.stream),
      column((row) => row.normalized.interactionKey ?? null),
      column((row) => JSON.stringify(row.normalized.data)),
      column((row) => hashJson(row.normalized.data)),
      column((row) => row.normalized.updatedAt?.toISOString() ?? null),
      column((row) => row.record.emittedAt?.toISOString() ?? null),
      column((row) => JSON.stringify(row.record.origin)),
    ],
  );
  const changedKeys = new Set(returned.map((row) => `${row.keyspace}\u0000${row.record_key}`));

  return unique.filter((row) =>
    changedKeys.has(`${keyspaceOf(source, row.record.stream)}\u0000${row.normalized.recordKey}`),
  );
}

/**
 * Store the observations in one statement and return those that differ from the stored version.
 * A source record is keyed by entity type too, because source ids are unique per object type
 * only (a HubSpot company and a HubSpot contact may both have id 101).
 */
async function changedObservations(
  ctx: PipelineContext,
  tx: Queryable,
  observations: EntityObservation[],
): Promise<EntityObservation[]> {
  const observationKey = (type: string, system: string, id: string) =>
    `${type}\u0000${system}\u0000${id}`;
  const latest = new Map<string, EntityObservation>();
  for (const observation of observations) {
    const key = observationKey(observation.type, observation.sourceSystem, observation.sourceId);
    latest.set(key, observation);
  }
  const unique = [...latest.values()];
  if (unique.length === 0) return [];

  const s = ctx.schema;
  const rows = await tx.query<{ entity_type: string; source_system: string; source_id: string }>(
    `INSERT INTO ${s}.entity_observations
       (source_system, source_id, entity_type, observation, content_hash, observed_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::text[], $6::timestamptz[])
     ON CONFLICT (entity_type, source_system, source_id) DO UPDATE SET
       observation = EXCLUDED.observation,
       content_hash = EXCLUDED.content_hash,
       observed_at = EXCLUDED.observed_at,
       updated_at = now()
     WHERE ${s}.entity_observations.content_hash <> EXCLUDED.content_hash
     RETURNING entity_type, source_system, source_id`,
    [
      unique.map((o) => o.sourceSystem),
      unique.map((o) => o.sourceId),
      unique.map((o) => o.type),
      unique.map((o) => JSON.stringify(o)),
      unique.map((o) => hashJson(o)),
      unique.map((o) => o.observedAt?.toISOString() ?? null),
    ],
  );
  const changed = new Set(
    rows.map((row) => observationKey(row.entity_type, row.source_system, row.source_id)),
  );

  return unique.filter((o) => changed.has(observationKey(o.type, o.sourceSystem, o.sourceId)));
}

async function rebuildInteractions(
  ctx: PipelineContext,
  tx: Queryable,
  adapter: SourceAdapter,
  keys: string[],
  runId: string | undefined,
  stats: BatchStats,
): Promise<void> {
  const buildContext = await loadBuildContext(ctx, tx, adapter.source);
  const rows = await tx.query<{
    interaction_key: string;
    stream: string;
    record_key: string;
    data: Record<string, unknown>;
  }>(
    `SELECT interaction_key, stream, record_key, data FROM ${ctx.schema}.source_records
     WHERE source_system = $1 AND interaction_key = ANY($2::text[])
     ORDER BY record_key`,
    [adapter.source, keys],
  );
  const grouped = new Map<string, StagedRecord[]>();
  for (const row of rows) {
    const list = grouped.get(row.interaction_key) ?? [];
    list.push({ stream: row.stream, recordKey: row.record_key, data: row.data });
    grouped.set(row.interaction_key, list);
  }

  const built: BuiltInteraction[] = [];
  const removed: string[] = [];
  for (const key of keys) {
    try {
      const interaction = adapter.build(key, grouped.get(key) ?? [], buildContext);
      if (interaction === null) removed.push(key);
      else built.push(withHash(interaction, chunkInteraction(interaction)));
    } catch (error) {
      const record = {
        stream: 'build',
        data: { interactionKey: key },
        origin: { interactionKey: key },
      };
      await deadLetter(ctx, tx, runId, adapter.source, record, error);
      stats.deadLetters++;
    }
  }

  const removedIds: string[] = [];
  if (removed.length > 0) {
    const deleted = await tx.query<{ id: string }>(
      `DELETE FROM ${ctx.schema}.interactions WHERE interaction_key = ANY($1::text[]) RETURNING id`,
      [removed],
    );
    stats.interactionsDeleted += deleted.length;
    removedIds.push(...deleted.map((row) => row.id));
  }

  const written = await writeInteractions(ctx, tx, built);
  const passages = written.flatMap((entry) => entry.passages);
  stats.interactionsWritten += written.length;
  stats.passagesWritten += passages.length;

  if (ctx.vectors) stats.embedded += await embedMissing(ctx, tx, passages);
  if (passages.length > 0) forgetVectorStatus(ctx.schema);
  if (written.length > 0)
    await linkInteractions(
      tx,
      ctx.schema,
      written.map((entry) => entry.id),
    );
  await indexInteractions(
    ctx,
    tx,
    written.map((entry) => entry.id),
    removedIds,
  );
  if (adapter.source === 'gong' && written.length > 0 && ctx.coachingOnSync !== false) {
    await storeCoachingSummaries(
      ctx,
      tx,
      written.map((entry) => entry.id),
    );
  }
}

/**
 * Measure the rebuilt calls for coaching now, so the first report after a sync reads stored
 * summaries. The summaries are a cache, so a failure is logged and rolled back to a savepoint
 * and never fails the batch.
 */
async function storeCoachingSummaries(
  ctx: PipelineContext,
  tx: Queryable,
  ids: string[],
): Promise<void> {
  await tx.query('SAVEPOINT coaching_summaries');
  try {
    await storeCallMetrics(tx, ctx.schema, ids);
    await tx.query('RELEASE SAVEPOINT coaching_summaries');
  } catch (error) {
    await tx.query('ROLLBACK TO SAVEPOINT coaching_summaries');
    logger.warn(
      { err: error, calls: ids.length },
      'measuring calls for coaching failed; reports will measure them',
    );
  }
}

interface BuiltInteraction {
  interaction: Interaction;
  passages: Passage[];
  hash: string;
}

function withHash(interaction: Interaction, passages: Passage[]): BuiltInteraction {
  const { segments: _segments, ...header } = interaction;
  return { interaction, passages, hash: hashJson({ header, passages }) };
}

/**
 * Replace interactions and their passages, three statements for the whole batch. Interactions
 * whose stored version is identical are left alone; returns the ones written, with their ids.
 */
async function writeInteractions(
  ctx: PipelineContext,
  tx: Queryable,
  built: BuiltInteraction[],
): Promise<(BuiltInteraction & { id: string })[]> {
  if (built.length === 0) return [];
  const s = ctx.schema;

  const stored = await tx.query<{ interaction_key: string; content_hash: string }>(
    `SELECT interaction_key, content_hash FROM ${s}.interactions WHERE interaction_key = ANY($1::text[])`,
    [built.map((entry) => entry.interaction.key)],
  );
  const storedHash = new Map(stored.map((row) => [row.interaction_key, row.content_hash]));
  const changed = built.filter((entry) => storedHash.get(entry.interaction.key) !== entry.hash);
  if (changed.length === 0) return [];

  const column = <T>(pick: (interaction: Interaction, entry: BuiltInteraction) => T) =>
    changed.map((entry) => pick(entry.interaction, entry));
  const rows = await tx.query<{ id: string; interaction_key: string }>(
    `INSERT INTO ${s}.interactions
       (interaction_key, source_system, source_id, stream, kind, occurred_at, title, author_name,
        author_ref, deep_link, thread_id, call_id, participants, companies, metadata, content_hash)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::timestamptz[],
                          $7::text[], $8::text[], $9::jsonb[], $10::text[], $11::text[], $12::text[],
                          $13::jsonb[], $14::jsonb[], $15::jsonb[], $16::text[])
     ON CONFLICT (interaction_key) DO UPDATE SET
       source_id = EXCLUDED.source_id, stream = EXCLUDED.stream, kind = EXCLUDED.kind,
       occurred_at = EXCLUDED.occurred_at, title = EXCLUDED.title, author_name = EXCLUDED.author_name,
       author_ref = EXCLUDED.author_ref, deep_link = EXCLUDED.deep_link, thread_id = EXCLUDED.thread_id,
       call_id = EXCLUDED.call_id, participants = EXCLUDED.participants, companies = EXCLUDED.companies,
       metadata = EXCLUDED.metadata, content_hash = EXCLUDED.content_hash, updated_at = now()
     RETURNING id, interaction_key`,
    [
      column((i) => i.key),
      column((i) => i.sourceSystem),
      column((i) => i.sourceId),
      column((i) => i.stream),
      column((i) => i.kind),
      column((i) => i.occurredAt.toISOString()),
      column((i) => i.title ?? null),
      column((i) => i.author?.name ?? i.author?.email ?? null),
      column((i) => (i.author?.ref ? JSON.stringify(i.author.ref) : null)),
      column((i) => i.deepLink ?? null),
      column((i) => i.threadId ?? null),
      column((i) => i.callId ?? null),
      column((i) => JSON.stringify(i.participants)),
      column((i) => JSON.stringify(i.companies)),
      column((i) => JSON.stringify(i.metadata)),
      column((_, entry) => entry.hash),
    ],
  );
  const ids = new Map(rows.map((row) => [row.interaction_key, row.id]));
  const written = changed.map((entry) => {
    const id = ids.get(entry.interaction.key);
    if (id === undefined)
      throw new Error(`Upsert of interaction ${entry.interaction.key} returned no id`);
    return { ...entry, id };
  });

  await tx.query(`DELETE FROM ${s}.passages WHERE interaction_id = ANY($1::uuid[])`, [
    written.map((entry) => entry.id),
  ]);
  await insertPassages(tx, s, written);

  return written;
}

async function insertPassages(
  tx: Queryable,
  schema: string,
  written: { id: string; passages: Passage[] }[],
): Promise<void> {
  const rows = written.flatMap((entry) =>
    entry.passages.map((passage) => ({ id: entry.id, passage })),
  );
  if (rows.length === 0) return;

  const column = <T>(pick: (passage: Passage) => T) => rows.map((row) => pick(row.passage));
  await tx.query(
    `INSERT INTO ${schema}.passages
       (interaction_id, ordinal, text, speaker_name, speaker_ref, speaker_affiliation, start_ms, end_ms,
        at, deep_link, segment_source_id, content_hash)
     SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $7::int[],
                          $8::int[], $9::timestamptz[], $10::text[], $11::text[], $12::text[])`,
    [
      rows.map((row) => row.id),
      column((p) => p.ordinal),
      column((p) => p.text),
      column((p) => p.speaker?.name ?? p.speaker?.email ?? null),
      column((p) => (p.speaker?.ref ? JSON.stringify(p.speaker.ref) : null)),
      column((p) => p.speaker?.affiliation ?? null),
      column((p) => (p.startMs === undefined ? null : Math.round(p.startMs))),
      column((p) => (p.endMs === undefined ? null : Math.round(p.endMs))),
      column((p) => p.at?.toISOString() ?? null),
      column((p) => p.deepLink ?? null),
      column((p) => p.segmentSourceId ?? null),
      column((p) => p.contentHash),
    ],
  );
}

/** Embed passage texts whose hash has no vector for the current model yet. */
export async function embedMissing(
  ctx: PipelineContext,
  tx: Queryable,
  passages: Passage[],
): Promise<number> {
  const byHash = new Map(passages.map((passage) => [passage.contentHash, passage.text]));
  if (byHash.size === 0) return 0;

  const known = await tx.query<{ content_hash: string }>(
    `SELECT content_hash FROM ${ctx.schema}.embeddings WHERE model = $1 AND content_hash = ANY($2::text[])`,
    [ctx.embedder.model, [...byHash.keys()]],
  );
  for (const row of known) byHash.delete(row.content_hash);
  if (byHash.size === 0) return 0;

  const hashes = [...byHash.keys()];
  const vectors = await ctx.embedder.embed([...byHash.values()]);
  await tx.query(
    `INSERT INTO ${ctx.schema}.embeddings (model, content_hash, dimensions, embedding)
     SELECT $1, h, $2, v::vector FROM unnest($3::text[], $4::text[]) AS t(h, v)
     ON CONFLICT (model, content_hash) DO NOTHING`,
    [
      ctx.embedder.model,
      ctx.embedder.dimensions,
      hashes,
      vectors.map((vector) => `[${vector.join(',')}]`),
    ],
  );

  return hashes.length;
}

async function deadLetter(
  ctx: PipelineContext,
  tx: Queryable,
  runId: string | undefined,
  source: string,
  record: { stream: string; data: unknown; origin: Record<string, unknown> },
  error: unknown,
): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  logger.warn(
    { source, stream: record.stream, origin: record.origin, error: message },
    'record dead-lettered',
  );
  await insertDeadLetter(tx, ctx.schema, {
    runId,
    source,
    stream: record.stream,
    origin: record.origin,
    raw: JSON.stringify(record.data),
    error: message,
  });
}

export async function insertDeadLetter(
  tx: Queryable,
  schema: string,
  letter: {
    runId: string | undefined;
    source: string;
    stream: string | null;
    origin: Record<string, unknown>;
    raw: string;
    error: string;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO ${schema}.dead_letters (run_id, source_system, stream, origin, raw, error)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (source_system, md5(raw), md5(error)) DO NOTHING`,
    [letter.runId ?? null, letter.source, letter.stream, letter.origin, letter.raw, letter.error],
  );
}

export function hashJson(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 32);
}
