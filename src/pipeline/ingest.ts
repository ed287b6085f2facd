import { createHash } from 'node:crypto';
import type { Queryable } from '../db/database.js';
import { logger } from '../logger.js';
import type { EntityObservation, Interaction, SourceAdapter, StagedRecord } from '../model.js';
import { chunkInteraction, type Passage } from './chunk.js';
import { loadBuildContext, type PipelineContext } from './context.js';
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
  const dirty = new Set<string>();
  const observations: EntityObservation[] = [];

  for (const record of records) {
    stats.records++;
    const handler = adapter.streams[record.stream];
    if (handler === undefined) {
      stats.skipped++;
      continue;
    }

    let normalized: ReturnType<typeof handler.normalize>;
    try {
      normalized = handler.normalize(record.data, record.emittedAt);
    } catch (error) {
      await deadLetter(ctx, tx, runId, adapter.source, record, error);
      stats.deadLetters++;
      continue;
    }

    const changed = await stageRecord(ctx, tx, adapter.source, record, normalized);
    if (!changed) {
      stats.unchanged++;
      continue;
    }
    stats.changed++;
    if (normalized.interactionKey !== undefined) dirty.add(normalized.interactionKey);
    observations.push(...(await changedObservations(ctx, tx, normalized.observations)));
  }

  if (observations.length > 0) {
    await ctx.linker.link(tx, ctx.schema, observations);
    ctx.buildContexts?.delete(adapter.source);
  }
  // Channel names come from staged records, not observations.
  if (stats.changed > 0 && records.some((record) => record.stream === 'channels'))
    ctx.buildContexts?.delete(adapter.source);
  if (dirty.size > 0) await rebuildInteractions(ctx, tx, adapter, [...dirty], runId, stats);

  return stats;
}

async function stageRecord(
  ctx: PipelineContext,
  tx: Queryable,
  source: string,
  record: IncomingRecord,
  normalized: {
    recordKey: string;
    interactionKey?: string | undefined;
    updatedAt?: Date | undefined;
    data: Record<string, unknown>;
  },
): Promise<boolean> {
  const hash = hashJson(normalized.data);
  // An older version of a record (a replayed file, an out-of-order page) never overwrites a newer one.
  const rows = await tx.query(
    `INSERT INTO ${ctx.schema}.source_records
       (source_system, keyspace, record_key, stream, interaction_key, data, content_hash,
        record_updated_at, emitted_at, origin)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
     ON CONFLICT (source_system, keyspace, record_key) DO UPDATE SET
       stream = EXCLUDED.stream,
       interaction_key = EXCLUDED.interaction_key,
       data = EXCLUDED.data,
       content_hash = EXCLUDED.content_hash,
       record_updated_at = EXCLUDED.record_updated_at,
       emitted_at = EXCLUDED.emitted_at,
       origin = EXCLUDED.origin,
       updated_at = now()
     WHERE ${ctx.schema}.source_records.content_hash <> EXCLUDED.content_hash
       AND (${ctx.schema}.source_records.record_updated_at IS NULL
            OR EXCLUDED.record_updated_at IS NULL
            OR EXCLUDED.record_updated_at >= ${ctx.schema}.source_records.record_updated_at)
     RETURNING record_key`,
    [
      source,
      keyspaceOf(source, record.stream),
      normalized.recordKey,
      record.stream,
      normalized.interactionKey ?? null,
      normalized.data,
      hash,
      normalized.updatedAt ?? null,
      record.emittedAt ?? null,
      record.origin,
    ],
  );

  return rows.length > 0;
}

/** Store the observations and return those that differ from the stored version. */
async function changedObservations(
  ctx: PipelineContext,
  tx: Queryable,
  observations: EntityObservation[],
): Promise<EntityObservation[]> {
  const changed: EntityObservation[] = [];
  for (const observation of observations) {
    const rows = await tx.query(
      `INSERT INTO ${ctx.schema}.entity_observations
         (source_system, source_id, entity_type, observation, content_hash, observed_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (source_system, source_id) DO UPDATE SET
         entity_type = EXCLUDED.entity_type,
         observation = EXCLUDED.observation,
         content_hash = EXCLUDED.content_hash,
         observed_at = EXCLUDED.observed_at,
         updated_at = now()
       WHERE ${ctx.schema}.entity_observations.content_hash <> EXCLUDED.content_hash
       RETURNING source_id`,
      [
        observation.sourceSystem,
        observation.sourceId,
        observation.type,
        observation,
        hashJson(observation),
        observation.observedAt ?? null,
      ],
    );
    if (rows.length > 0) changed.push(observation);
  }

  return changed;
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

  const written: string[] = [];
  const newPassages: Passage[] = [];
  for (const key of keys) {
    let interaction: Interaction | null;
    try {
      interaction = adapter.build(key, grouped.get(key) ?? [], buildContext);
    } catch (error) {
      const record = {
        stream: 'build',
        data: { interactionKey: key },
        origin: { interactionKey: key },
      };
      await deadLetter(ctx, tx, runId, adapter.source, record, error);
      stats.deadLetters++;
      continue;
    }

    if (interaction === null) {
      const deleted = await tx.query(
        `DELETE FROM ${ctx.schema}.interactions WHERE interaction_key = $1 RETURNING id`,
        [key],
      );
      stats.interactionsDeleted += deleted.length;
      continue;
    }

    const passages = chunkInteraction(interaction);
    const id = await writeInteraction(ctx, tx, interaction, passages);
    if (id === undefined) continue;

    written.push(id);
    newPassages.push(...passages);
    stats.interactionsWritten++;
    stats.passagesWritten += passages.length;
  }

  if (ctx.vectors) stats.embedded += await embedMissing(ctx, tx, newPassages);
  if (written.length > 0) await linkInteractions(tx, ctx.schema, written);
}

/**
 * Replace an interaction and its passages. Returns the interaction id, or undefined when the
 * stored version is identical (nothing to re-index).
 */
async function writeInteraction(
  ctx: PipelineContext,
  tx: Queryable,
  interaction: Interaction,
  passages: Passage[],
): Promise<string | undefined> {
  const { segments: _segments, ...header } = interaction;
  const hash = hashJson({ header, passages });
  const existing = await tx.query<{ id: string; content_hash: string }>(
    `SELECT id, content_hash FROM ${ctx.schema}.interactions WHERE interaction_key = $1`,
    [interaction.key],
  );
  if (existing[0]?.content_hash === hash) return undefined;

  const values = [
    interaction.key,
    interaction.sourceSystem,
    interaction.sourceId,
    interaction.stream,
    interaction.kind,
    interaction.occurredAt,
    interaction.title ?? null,
    interaction.author?.name ?? interaction.author?.email ?? null,
    interaction.author?.ref ?? null,
    interaction.deepLink ?? null,
    interaction.threadId ?? null,
    interaction.callId ?? null,
    JSON.stringify(interaction.participants),
    JSON.stringify(interaction.companies),
    interaction.metadata,
    hash,
  ];
  const rows = await tx.query<{ id: string }>(
    `INSERT INTO ${ctx.schema}.interactions
       (interaction_key, source_system, source_id, stream, kind, occurred_at, title, author_name,
        author_ref, deep_link, thread_id, call_id, participants, companies, metadata, content_hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14::jsonb, $15, $16)
     ON CONFLICT (interaction_key) DO UPDATE SET
       source_id = EXCLUDED.source_id, stream = EXCLUDED.stream, kind = EXCLUDED.kind,
       occurred_at = EXCLUDED.occurred_at, title = EXCLUDED.title, author_name = EXCLUDED.author_name,
       author_ref = EXCLUDED.author_ref, deep_link = EXCLUDED.deep_link, thread_id = EXCLUDED.thread_id,
       call_id = EXCLUDED.call_id, participants = EXCLUDED.participants, companies = EXCLUDED.companies,
       metadata = EXCLUDED.metadata, content_hash = EXCLUDED.content_hash, updated_at = now()
     RETURNING id`,
    values,
  );
  const id = rows[0]?.id;
  if (id === undefined) throw new Error(`Upsert of interaction ${interaction.key} returned no id`);

  await tx.query(`DELETE FROM ${ctx.schema}.passages WHERE interaction_id = $1`, [id]);
  if (passages.length > 0) await insertPassages(tx, ctx.schema, id, passages);

  return id;
}

async function insertPassages(
  tx: Queryable,
  schema: string,
  interactionId: string,
  passages: Passage[],
): Promise<void> {
  const column = <T>(pick: (passage: Passage) => T) => passages.map(pick);
  await tx.query(
    `INSERT INTO ${schema}.passages
       (interaction_id, ordinal, text, speaker_name, speaker_ref, speaker_affiliation, start_ms, end_ms,
        at, deep_link, segment_source_id, content_hash)
     SELECT $1, * FROM unnest($2::int[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $7::int[],
                              $8::int[], $9::timestamptz[], $10::text[], $11::text[], $12::text[])`,
    [
      interactionId,
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
async function embedMissing(
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
