/**
 * Sync from the database the Airbyte PostgreSQL destination writes to. Each source's streams are
 * read in the adapter's order from the source's namespace (schema), in keyset batches after the
 * stored checkpoint, and the destination is only read. Each batch commits in sophia's store
 * together with the stream's checkpoint, so an interrupted sync resumes after the last committed
 * row.
 */
import type pg from 'pg';
import { redactUrl } from '../db/postgres.js';
import { logger } from '../logger.js';
import { SOURCE_SYSTEMS, type SourceAdapter, type SourceSystem } from '../model.js';
import type { PipelineContext } from '../pipeline/context.js';
import { relinkAll } from '../pipeline/index-sync.js';
import {
  addStats,
  type BatchStats,
  emptyStats,
  type IncomingRecord,
  ingestBatch,
  insertDeadLetter,
} from '../pipeline/ingest.js';
import { acquireSyncLease, type SyncLease } from '../pipeline/lock.js';
import { finishRun, startRun, touchDataSource } from '../pipeline/runs.js';
import { ADAPTERS, orderedStreams } from '../sources/index.js';
import { loadCheckpointEntry, saveCheckpointEntry } from './checkpoint.js';
import {
  connectDestination,
  type DestinationRow,
  type DestinationTable,
  latestGeneration,
  locateTable,
  qualifiedName,
  readRows,
  type TableCursor,
} from './destination-tables.js';

export interface PostgresSyncOptions {
  /** Connection string of the destination database. */
  url: string;
  /** Schema of each source's tables. A source without an entry uses its own name (`hubspot`). */
  namespaces?: Partial<Record<SourceSystem, string>> | undefined;
  sources?: SourceSystem[] | undefined;
  /** Schema of the legacy raw tables, the destination's `internalTableSchema`. */
  rawSchema?: string | undefined;
  /** Ignore checkpoints and read the latest generation of every table again. */
  full?: boolean | undefined;
  batchSize?: number | undefined;
  trigger?: string | undefined;
}

export interface PostgresStreamReport extends BatchStats {
  stream: string;
  /** The table read, or null when the stream has none in the destination. */
  table: string | null;
  layout: 'typed' | 'raw' | null;
  generation: number | null;
  /** Rows whose `_airbyte_meta.changes` lists fields the destination nulled or truncated. */
  rowsWithChanges: number;
}

export interface PostgresSourceReport {
  source: SourceSystem;
  namespace: string;
  streams: PostgresStreamReport[];
}

export interface PostgresSyncReport {
  runId: string;
  sources: PostgresSourceReport[];
  totals: BatchStats;
}

/** Checkpoint of one table, stored under `checkpoint_data.postgres["<schema>"."<table>"]`. */
interface TableCheckpoint {
  generation: number;
  cursor: TableCursor;
}

const CHECKPOINT_KEY = 'postgres';
const DEFAULT_RAW_SCHEMA = 'airbyte_internal';
/** CRM sources first: their companies and contacts carry the ids that calls and messages use. */
const SYNC_ORDER: SourceSystem[] = ['hubspot', 'salesforce', 'gong', 'slack'];
/** Rows with `_airbyte_meta.changes` logged one by one per table; the rest are counted. */
const CHANGE_LOG_LIMIT = 20;

/** Schema of a source's tables: the `--namespace` entry, else the source's own name. */
export function namespaceOf(options: PostgresSyncOptions, source: SourceSystem): string {
  return options.namespaces?.[source] ?? source;
}

/**
 * Sync every selected source from the Airbyte PostgreSQL destination at `options.url`. Streams
 * whose table does not exist are skipped with a log line. Entities are linked once at the end.
 */
export async function syncFromPostgres(
  ctx: PipelineContext,
  options: PostgresSyncOptions,
): Promise<PostgresSyncReport> {
  const destination = redactUrl(options.url);
  const sources = SYNC_ORDER.filter((source) =>
    (options.sources ?? SOURCE_SYSTEMS).includes(source),
  );
  const client = await connectDestination(options.url).catch((error: unknown) => {
    throw new Error(
      `Cannot connect to the Airbyte destination database at ${destination}: ${(error as Error).message}`,
    );
  });

  try {
    const runId = await startRun(ctx.db, ctx.schema, options.trigger ?? 'cli', {
      destination,
      sources,
      namespaces: Object.fromEntries(sources.map((s) => [s, namespaceOf(options, s)])),
    });
    const report: PostgresSyncReport = { runId, sources: [], totals: emptyStats() };
    ctx.buildContexts?.clear();

    let lease: SyncLease | undefined;
    try {
      lease = await acquireSyncLease(ctx.db, ctx.schema, runId);
      for (const source of sources) {
        const sourceReport = await syncSource(ctx, client, ADAPTERS[source], runId, options);
        report.sources.push(sourceReport);
        for (const stream of sourceReport.streams) addStats(report.totals, stream);
        if (sourceReport.streams.some((stream) => stream.table !== null)) {
          const namespace = sourceReport.namespace;
          await touchDataSource(
            ctx.db,
            ctx.schema,
            source,
            `postgres:${destination}#${namespace}`,
            {
              destination,
              namespace,
            },
          );
        }
      }
      if (report.totals.changed > 0) {
        await ctx.db.transaction((tx) => relinkAll(ctx, tx));
      }
      await finishRun(ctx.db, ctx.schema, runId, 'succeeded', report);
    } catch (error) {
      await finishRun(ctx.db, ctx.schema, runId, 'failed', report, error);
      throw error;
    } finally {
      await lease?.release();
    }

    return report;
  } finally {
    await client.end();
  }
}

async function syncSource(
  ctx: PipelineContext,
  client: pg.Client,
  adapter: SourceAdapter,
  runId: string,
  options: PostgresSyncOptions,
): Promise<PostgresSourceReport> {
  const namespace = namespaceOf(options, adapter.source);
  const report: PostgresSourceReport = { source: adapter.source, namespace, streams: [] };

  for (const stream of orderedStreams(adapter)) {
    const located = await findTable(client, namespace, stream, options);
    const stats: PostgresStreamReport = {
      stream,
      table: null,
      layout: null,
      generation: null,
      rowsWithChanges: 0,
      ...emptyStats(),
    };

    if (located !== undefined) {
      await syncTable(ctx, client, { adapter, stream, table: located, runId, options, stats });
      logger.info({ source: adapter.source, ...stats }, 'stream synced');
    }
    report.streams.push(stats);
  }

  return report;
}

async function findTable(
  client: pg.Client,
  namespace: string,
  stream: string,
  options: PostgresSyncOptions,
): Promise<DestinationTable | undefined> {
  const found = await locateTable(
    client,
    namespace,
    stream,
    options.rawSchema ?? DEFAULT_RAW_SCHEMA,
  );

  if (found === undefined) {
    logger.info(
      { namespace, stream, rawSchema: options.rawSchema ?? DEFAULT_RAW_SCHEMA },
      'no destination table for stream; skipped',
    );
    return undefined;
  }
  if ('reason' in found) {
    logger.warn(
      { table: found.table, reason: found.reason },
      'destination table cannot be read; skipped',
    );
    return undefined;
  }

  return found;
}

interface TableSync {
  adapter: SourceAdapter;
  stream: string;
  table: DestinationTable;
  runId: string;
  options: PostgresSyncOptions;
  stats: PostgresStreamReport;
}

/**
 * Reads one table from its checkpoint. When the table's latest `_airbyte_generation_id` differs
 * from the checkpoint's (a refresh or clear), the new generation is read in full, and the
 * pipeline's content hashes make rewritten but unchanged records no-ops. Rows of older
 * generations that a refresh kept are not read, because the latest generation supersedes them.
 */
async function syncTable(ctx: PipelineContext, client: pg.Client, sync: TableSync): Promise<void> {
  const { adapter, stream, table, options, stats } = sync;
  const tableName = qualifiedName(table);
  stats.table = tableName;
  stats.layout = table.layout;

  const checkpoints = options.full
    ? {}
    : ((await loadCheckpointEntry<Record<string, TableCheckpoint>>(
        ctx.db,
        ctx.schema,
        adapter.source,
        stream,
        CHECKPOINT_KEY,
      )) ?? {});
  const stored = checkpoints[tableName];
  // NOTE: max(_airbyte_generation_id) scans the table, because the destination indexes only
  // the primary key, the cursor and _airbyte_extracted_at.
  const generation = await latestGeneration(client, table);
  stats.generation = generation;

  let cursor = stored?.generation === generation ? stored.cursor : undefined;
  if (stored !== undefined && stored.generation !== generation) {
    logger.info(
      { table: tableName, from: stored.generation, to: generation },
      'destination table was refreshed; reading the new generation in full',
    );
  }

  for (;;) {
    const rows = await readRows(client, table, {
      generation,
      cursor,
      limit: options.batchSize ?? 200,
    });
    if (rows.length === 0) break;

    cursor = (rows[rows.length - 1] as DestinationRow).cursor;
    checkpoints[tableName] = { generation, cursor };
    await commitBatch(ctx, sync, rows, { ...checkpoints });
  }
}

/** Ingests one batch of rows, dead-letters rows without a record object, saves the checkpoint. */
async function commitBatch(
  ctx: PipelineContext,
  sync: TableSync,
  rows: DestinationRow[],
  checkpoints: Record<string, TableCheckpoint>,
): Promise<void> {
  const { adapter, stream, runId, stats } = sync;
  const tableName = qualifiedName(sync.table);
  const records: IncomingRecord[] = [];
  const invalid: { origin: Record<string, unknown>; raw: string; error: string }[] = [];

  for (const row of rows) {
    const origin = rowOrigin(tableName, row);
    if (row.changes.length > 0) noteChanges(stats, tableName, row);

    if (isRecordObject(row.data)) {
      records.push({ stream, data: row.data, emittedAt: row.extractedAt, origin });
    } else {
      invalid.push({
        origin,
        raw: JSON.stringify(row.data) ?? String(row.data),
        error: `_airbyte_data of row ${row.cursor.rawId} in ${tableName} is ${describe(row.data)}, expected a JSON object`,
      });
    }
  }

  const last = rows[rows.length - 1] as DestinationRow;
  const committed = await ctx.db.transaction(async (tx) => {
    const batchStats = await ingestBatch(ctx, tx, adapter, records, runId);
    for (const letter of invalid) {
      await insertDeadLetter(tx, ctx.schema, { runId, source: adapter.source, stream, ...letter });
    }
    await saveCheckpointEntry(tx, ctx.schema, {
      source: adapter.source,
      stream,
      key: CHECKPOINT_KEY,
      value: checkpoints,
      position: `${tableName}@${last.cursor.extractedAt}/${last.cursor.rawId}`,
      processedAt: last.extractedAt,
    });
    return batchStats;
  });

  committed.records += invalid.length;
  committed.deadLetters += invalid.length;
  addStats(stats, committed);
}

function rowOrigin(table: string, row: DestinationRow): Record<string, unknown> {
  return {
    table,
    rawId: row.cursor.rawId,
    extractedAt: row.cursor.extractedAt,
    generation: row.generation,
    ...(row.changes.length > 0 ? { changes: row.changes } : {}),
  };
}

/** Rows the destination changed are still ingested; the change is logged with its reason. */
function noteChanges(stats: PostgresStreamReport, table: string, row: DestinationRow): void {
  stats.rowsWithChanges++;
  if (stats.rowsWithChanges <= CHANGE_LOG_LIMIT) {
    logger.warn(
      { table, rawId: row.cursor.rawId, changes: row.changes },
      'destination changed fields of this row (_airbyte_meta.changes); ingested as stored',
    );
  } else if (stats.rowsWithChanges === CHANGE_LOG_LIMIT + 1) {
    logger.warn({ table }, 'more rows with _airbyte_meta.changes; counted in rowsWithChanges only');
  }
}

function isRecordObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
