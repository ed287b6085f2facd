import { createHash, randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import type { Queryable } from '../db/database.js';
import { logger } from '../logger.js';
import { syncDuration, syncRecords } from '../metrics.js';
import { SOURCE_SYSTEMS, type SourceAdapter, type SourceSystem } from '../model.js';
import { ADAPTERS, orderedStreams } from '../sources/index.js';
import { parseAirbyteLine } from './airbyte.js';
import type { PipelineContext } from './context.js';
import { listSourceFiles, prefixHash, readLines, relativeName } from './file-source.js';
import { relinkAll } from './index-sync.js';
import {
  addStats,
  type BatchStats,
  emptyStats,
  type IncomingRecord,
  ingestBatch,
  insertDeadLetter,
} from './ingest.js';
import { acquireSyncLease } from './lock.js';
import { finishRun, startRun, touchDataSource } from './runs.js';

export interface FileSyncOptions {
  dir: string;
  sources?: SourceSystem[] | undefined;
  /** Ignore checkpoints and read every file from the top (unchanged records are still skipped). */
  full?: boolean | undefined;
  batchSize?: number | undefined;
  trigger?: string | undefined;
  /** Id for the `sync_runs` row; callers that report the id before the run starts pass one. */
  runId?: string | undefined;
  /** Called once the run's `sync_runs` row exists, before any record is read. */
  onStart?: ((runId: string) => void) | undefined;
  /** Called after each committed batch and at the end of each source. */
  onProgress?: ((progress: SyncProgress) => void) | undefined;
}

export interface SyncProgress {
  runId: string;
  source: SourceSystem;
  stream: string;
  /** Records committed so far in this run, over all sources. */
  records: number;
  /** Sources finished so far, of `sourcesTotal`. */
  sourcesDone: number;
  sourcesTotal: number;
}

export interface StreamReport extends BatchStats {
  stream: string;
}

export interface SourceReport {
  source: SourceSystem;
  files: number;
  streams: StreamReport[];
  /** Lines that were not records: invalid JSON, LOG, TRACE and STATE messages. */
  invalidLines: number;
  logMessages: number;
  traceErrors: number;
}

export interface FileSyncReport {
  runId: string;
  sources: SourceReport[];
  totals: BatchStats;
}

/**
 * CRM sources go first: their companies and contacts carry the names and ids that calls and
 * messages refer to.
 */
const SYNC_ORDER: SourceSystem[] = ['hubspot', 'salesforce', 'gong', 'slack'];

interface FileCheckpoint {
  /** Last line whose record is committed (1-based). */
  line: number;
  /** Hash of lines 1..line, see prefixHash. */
  prefixHash: string;
}

interface StreamCheckpoint {
  files?: Record<string, FileCheckpoint>;
  airbyteState?: unknown;
}

/**
 * Ingest Airbyte output laid out as `DIR/<source>/*.jsonl`. Streams are read in the adapter's
 * order (entities before text), one pass over the files per stream. Each batch commits together
 * with its stream's checkpoint (file and line), so an interrupted sync resumes where it stopped
 * and a repeated sync adds nothing.
 */
export async function syncFromDirectory(
  ctx: PipelineContext,
  options: FileSyncOptions,
): Promise<FileSyncReport> {
  const dir = resolve(options.dir);
  const sources = SYNC_ORDER.filter((source) =>
    (options.sources ?? SOURCE_SYSTEMS).includes(source),
  );
  // The lease comes first, so a sync turned away leaves no run behind.
  const runId = options.runId ?? randomUUID();
  const lease = await acquireSyncLease(ctx.db, ctx.schema, runId);
  try {
    await startRun(ctx.db, ctx.schema, options.trigger ?? 'cli', { dir, sources }, runId);
  } catch (error) {
    await lease.release();
    throw error;
  }
  options.onStart?.(runId);
  const report: FileSyncReport = { runId, sources: [], totals: emptyStats() };
  // Names cached by an earlier run may belong to rolled-back batches.
  ctx.buildContexts?.clear();

  try {
    let committed = 0;
    for (const [index, source] of sources.entries()) {
      const progress = (stream: string, records: number) => {
        committed += records;
        options.onProgress?.({
          runId,
          source,
          stream,
          records: committed,
          sourcesDone: index,
          sourcesTotal: sources.length,
        });
      };
      const timer = syncDuration.startTimer({ source });
      const sourceReport = await syncSource(
        ctx,
        dir,
        ADAPTERS[source],
        runId,
        options,
        progress,
      ).catch((error: unknown) => {
        timer({ status: 'failed' });
        throw error;
      });
      timer({ status: 'succeeded' });
      countRecords(source, sourceReport.streams);
      progress('', 0);
      if (sourceReport.files === 0) continue;

      report.sources.push(sourceReport);
      for (const stream of sourceReport.streams) addStats(report.totals, stream);
      await touchDataSource(ctx.db, ctx.schema, source, `files:${dir}/${source}`, { dir });
    }
    if (report.totals.changed > 0) {
      await ctx.db.transaction((tx) => relinkAll(ctx, tx));
    }
    await finishRun(ctx.db, ctx.schema, runId, 'succeeded', report);
  } catch (error) {
    await finishRun(ctx.db, ctx.schema, runId, 'failed', report, error);
    throw error;
  } finally {
    await lease.release();
  }

  return report;
}

function countRecords(source: SourceSystem, streams: StreamReport[]): void {
  for (const stream of streams) {
    syncRecords.inc({ source, result: 'changed' }, stream.changed);
    syncRecords.inc({ source, result: 'unchanged' }, stream.unchanged);
    syncRecords.inc({ source, result: 'dead_letter' }, stream.deadLetters);
    syncRecords.inc({ source, result: 'skipped' }, stream.skipped);
  }
}

async function syncSource(
  ctx: PipelineContext,
  dir: string,
  adapter: SourceAdapter,
  runId: string,
  options: FileSyncOptions,
  onBatch: (stream: string, records: number) => void,
): Promise<SourceReport> {
  const files = listSourceFiles(dir, adapter.source);
  const report: SourceReport = {
    source: adapter.source,
    files: files.length,
    streams: [],
    invalidLines: 0,
    logMessages: 0,
    traceErrors: 0,
  };
  const streams = orderedStreams(adapter);

  for (const [pass, stream] of streams.entries()) {
    const stats: StreamReport = { stream, ...emptyStats() };
    const checkpoint = options.full
      ? {}
      : await loadCheckpoint(ctx.db, ctx.schema, adapter.source, stream);
    const fileCheckpoints: Record<string, FileCheckpoint> = { ...(checkpoint.files ?? {}) };
    let airbyteState = checkpoint.airbyteState;

    for (const file of files) {
      const name = relativeName(dir, file);
      const previous = fileCheckpoints[name];
      const resumes =
        previous !== undefined && (await prefixHash(file, previous.line)) === previous.prefixHash;
      const startAfter = resumes ? previous.line : 0;
      const running = createHash('sha256');

      let batch: IncomingRecord[] = [];
      let invalid: { line: number; text: string; error: string }[] = [];
      let lastLine = startAfter;

      const flush = async () => {
        fileCheckpoints[name] = {
          line: lastLine,
          prefixHash: running.copy().digest('hex').slice(0, 32),
        };
        const committed = await ctx.db.transaction(async (tx) => {
          const batchStats = await ingestBatch(ctx, tx, adapter, batch, runId);
          for (const bad of invalid) {
            await insertDeadLetter(tx, ctx.schema, {
              runId,
              source: adapter.source,
              stream: null,
              origin: { file: name, line: bad.line },
              raw: bad.text,
              error: bad.error,
            });
          }
          await saveCheckpoint(
            tx,
            ctx.schema,
            adapter.source,
            stream,
            { files: fileCheckpoints, airbyteState },
            batch,
          );
          return batchStats;
        });
        committed.deadLetters += invalid.length;
        addStats(stats, committed);
        onBatch(stream, committed.records);
        batch = [];
        invalid = [];
      };

      for await (const { line, text } of readLines(file)) {
        running.update(`${line}:${text}\n`);
        if (line <= startAfter) continue;
        lastLine = line;
        const parsed = parseAirbyteLine(text);

        if (parsed.type === 'record' && parsed.stream === stream) {
          batch.push({
            stream,
            data: parsed.data,
            emittedAt: parsed.emittedAt,
            origin: { file: name, line },
          });
        } else if (parsed.type === 'state' && parsed.streams.includes(stream)) {
          airbyteState = parsed.state;
        } else if (pass === 0) {
          // Lines that belong to no stream are handled once, in the first stream's pass.
          if (parsed.type === 'invalid') {
            invalid.push({ line, text, error: `${name}:${line}: ${parsed.error}` });
            report.invalidLines++;
          } else if (parsed.type === 'log') {
            report.logMessages++;
            logger[connectorLogLevel(parsed.level)](
              { source: adapter.source, file: name, line, connectorLevel: parsed.level },
              `connector log: ${parsed.message}`,
            );
          } else if (parsed.type === 'trace' && parsed.traceType === 'ERROR') {
            report.traceErrors++;
            logger.warn(
              { source: adapter.source, stream: parsed.stream, file: name, line },
              `connector error: ${parsed.message ?? ''}`,
            );
          } else if (parsed.type === 'record' && adapter.streams[parsed.stream] === undefined) {
            stats.skipped++;
          }
        }

        if (batch.length >= (options.batchSize ?? 200)) await flush();
      }
      if (
        batch.length > 0 ||
        invalid.length > 0 ||
        lastLine !== startAfter ||
        previous === undefined
      )
        await flush();
    }

    report.streams.push(stats);
    logger.info({ source: adapter.source, ...stats }, 'stream synced');
  }

  return report;
}

async function loadCheckpoint(
  db: Queryable,
  schema: string,
  source: string,
  stream: string,
): Promise<StreamCheckpoint> {
  const rows = await db.query<{ checkpoint_data: StreamCheckpoint }>(
    `SELECT checkpoint_data FROM ${schema}.sync_state WHERE source_type = $1 AND stream_name = $2`,
    [source, stream],
  );

  return rows[0]?.checkpoint_data ?? {};
}

async function saveCheckpoint(
  tx: Queryable,
  schema: string,
  source: string,
  stream: string,
  checkpoint: StreamCheckpoint,
  batch: IncomingRecord[],
): Promise<void> {
  const last = batch[batch.length - 1];
  const lastTime = batch.reduce<Date | undefined>(
    (latest, record) =>
      record.emittedAt && (!latest || record.emittedAt > latest) ? record.emittedAt : latest,
    undefined,
  );
  await tx.query(
    `INSERT INTO ${schema}.sync_state
       (source_type, stream_name, last_processed_timestamp, last_processed_id, checkpoint_data)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (source_type, stream_name) DO UPDATE SET
       last_processed_timestamp = GREATEST(${schema}.sync_state.last_processed_timestamp, EXCLUDED.last_processed_timestamp),
       last_processed_id = COALESCE(EXCLUDED.last_processed_id, ${schema}.sync_state.last_processed_id),
       checkpoint_data = EXCLUDED.checkpoint_data,
       updated_at = now()`,
    [
      source,
      stream,
      lastTime ?? null,
      last ? `${String(last.origin.file)}:${String(last.origin.line)}` : null,
      checkpoint,
    ],
  );
}

export function newRunId(): string {
  return randomUUID();
}

/**
 * The logger method for an Airbyte LOG message's level (FATAL, ERROR, WARN, INFO, DEBUG, TRACE
 * in the Airbyte protocol); an unknown level logs at info.
 */
export function connectorLogLevel(level: string): 'error' | 'warn' | 'info' | 'debug' {
  switch (level.toUpperCase()) {
    case 'FATAL':
    case 'ERROR':
      return 'error';
    case 'WARN':
      return 'warn';
    case 'DEBUG':
    case 'TRACE':
      return 'debug';
    default:
      return 'info';
  }
}
