import { randomUUID } from 'node:crypto';
import pLimit from 'p-limit';
import { AirbyteClient } from '../airbyte/index.js';
import type { ProductionSyncConfig } from '../config.js';
import { type PostgresSyncReport, syncFromPostgres } from '../extract/postgres-destination.js';
import { GongTranscriptClient, listCallsWithoutTranscript } from '../gong/index.js';
import { logger } from '../logger.js';
import { SOURCE_SYSTEMS, type SourceSystem } from '../model.js';
import { ADAPTERS } from '../sources/index.js';
import type { PipelineContext } from './context.js';
import { relinkAll } from './index-sync.js';
import { type BatchStats, emptyStats, ingestBatch } from './ingest.js';
import { acquireSyncLease } from './lock.js';
import { finishRun, startRun } from './runs.js';

export interface ConductorOptions {
  sources?: SourceSystem[] | undefined;
  full?: boolean | undefined;
  trigger?: string | undefined;
  /** Airbyte jobs started and awaited at once. Default 2. */
  concurrency?: number | undefined;
  /** Upper bound of one Airbyte job wait, in ms. Default 2 hours. */
  jobTimeoutMs?: number | undefined;
  /** Poll interval of Airbyte jobs, in ms (the client backs off from it). Default 5,000. */
  pollIntervalMs?: number | undefined;
  signal?: AbortSignal | undefined;
  /** Clients to use instead of ones built from the configuration (tests pass their own). */
  airbyte?: AirbyteClient | undefined;
  gong?: GongTranscriptClient | undefined;
}

export interface AirbyteJobReport {
  source: SourceSystem;
  connectionId: string;
  jobId: number | null;
  status: string;
  rowsSynced: number | null;
  seconds: number;
  error?: string | undefined;
  /** Retries the client made for this source, with the waits it honoured. */
  retries: number;
  rateLimitWaitMs: number;
}

export interface TranscriptReport {
  status: 'complete' | 'quota_exhausted' | 'throttled' | 'failed' | 'skipped';
  callsWithout: number;
  fetched: number;
  stats: BatchStats;
  message?: string | undefined;
}

export interface ConductorReport {
  runId: string;
  status: 'succeeded' | 'failed';
  jobs: AirbyteJobReport[];
  extract: PostgresSyncReport | null;
  transcripts: TranscriptReport;
  seconds: number;
  error?: string | undefined;
}

/**
 * Run one production sync. It starts the configured Airbyte connections, at most
 * `concurrency` at a time, and waits for them. It then reads what the PostgreSQL destination
 * committed since the checkpoints; normalizing, resolving, chunking, embedding and indexing
 * happen batch by batch there. Last, it fetches from Gong the transcripts of calls that arrived
 * without one. A failed Airbyte job does not stop the run, because the destination may hold
 * part of its data and checkpoints only move past committed rows. The run fails when
 * extraction fails.
 */
export async function runProductionSync(
  ctx: PipelineContext,
  config: ProductionSyncConfig,
  options: ConductorOptions = {},
): Promise<ConductorReport> {
  if (config.destinationUrl === undefined) {
    throw new Error(
      'A production sync reads the Airbyte PostgreSQL destination: set SOPHIA_DESTINATION_URL',
    );
  }
  const started = Date.now();
  const sources = SOURCE_SYSTEMS.filter((source) =>
    (options.sources ?? SOURCE_SYSTEMS).includes(source),
  );
  const runId = randomUUID();
  await startRun(
    ctx.db,
    ctx.schema,
    `conductor:${options.trigger ?? 'cli'}`,
    { sources, full: options.full ?? false },
    runId,
  );

  const report: ConductorReport = {
    runId,
    status: 'succeeded',
    jobs: [],
    extract: null,
    transcripts: { status: 'skipped', callsWithout: 0, fetched: 0, stats: emptyStats() },
    seconds: 0,
  };
  try {
    report.jobs = await runAirbyteJobs(config, sources, options);
    report.extract = await syncFromPostgres(ctx, {
      url: config.destinationUrl,
      namespaces: config.destinationNamespaces,
      rawSchema: config.destinationRawSchema,
      sources,
      full: options.full,
      trigger: `conductor:${runId}`,
    });
    if (sources.includes('gong'))
      report.transcripts = await backfillTranscripts(ctx, config, runId, options);
  } catch (error) {
    report.status = 'failed';
    report.error = (error as Error).message;
  }
  report.seconds = (Date.now() - started) / 1000;
  await finishRun(ctx.db, ctx.schema, runId, report.status, report, report.error);
  logger.info(
    { runId, status: report.status, seconds: report.seconds },
    'production sync finished',
  );

  return report;
}

async function runAirbyteJobs(
  config: ProductionSyncConfig,
  sources: SourceSystem[],
  options: ConductorOptions,
): Promise<AirbyteJobReport[]> {
  const airbyte = config.airbyte;
  if (airbyte === undefined && options.airbyte === undefined) return [];

  const wanted = sources.filter((source) => airbyte?.connections[source] !== undefined);
  const limit = pLimit(options.concurrency ?? 2);
  const retries = new Map<SourceSystem, { count: number; waitMs: number }>();
  // One client per source, so retries are counted per source; they share one circuit breaker.
  let breaker: AirbyteClient['breaker'] | undefined;
  const clientFor = (source: SourceSystem): AirbyteClient => {
    if (options.airbyte !== undefined) return options.airbyte;
    const client = new AirbyteClient({
      baseUrl: airbyte?.baseUrl ?? '',
      clientId: airbyte?.clientId ?? '',
      clientSecret: airbyte?.clientSecret ?? '',
      breaker,
      onRetry: (event) => {
        const entry = retries.get(source) ?? { count: 0, waitMs: 0 };
        entry.count++;
        entry.waitMs += event.delayMs;
        retries.set(source, entry);
      },
    });
    breaker ??= client.breaker;
    return client;
  };

  return Promise.all(
    wanted.map((source) =>
      limit(async (): Promise<AirbyteJobReport> => {
        const connectionId = airbyte?.connections[source] as string;
        const began = Date.now();
        try {
          const job = await clientFor(source).runSync(connectionId, {
            timeoutMs: options.jobTimeoutMs ?? 2 * 3_600_000,
            pollIntervalMs: options.pollIntervalMs ?? 5_000,
            signal: options.signal,
          });
          if (job.status !== 'succeeded') {
            logger.warn(
              { source, jobId: job.jobId, status: job.status },
              'Airbyte job did not succeed',
            );
          }
          return jobReport(
            source,
            connectionId,
            began,
            retries,
            job.jobId,
            job.status,
            job.rowsSynced ?? null,
          );
        } catch (error) {
          logger.error({ err: error, source, connectionId }, 'Airbyte job failed to run');
          return {
            ...jobReport(source, connectionId, began, retries, null, 'error', null),
            error: (error as Error).message,
          };
        }
      }),
    ),
  );
}

function jobReport(
  source: SourceSystem,
  connectionId: string,
  began: number,
  retries: Map<SourceSystem, { count: number; waitMs: number }>,
  jobId: number | null,
  status: string,
  rowsSynced: number | null,
): AirbyteJobReport {
  const entry = retries.get(source);
  return {
    source,
    connectionId,
    jobId,
    status,
    rowsSynced,
    seconds: (Date.now() - began) / 1000,
    retries: entry?.count ?? 0,
    rateLimitWaitMs: entry?.waitMs ?? 0,
  };
}

/**
 * Fetch transcripts for stored Gong calls that have none (older connectors emit no
 * `callTranscripts` stream) and ingest them as `callTranscripts` records under the domain's
 * sync lease.
 */
async function backfillTranscripts(
  ctx: PipelineContext,
  config: ProductionSyncConfig,
  runId: string,
  options: ConductorOptions,
): Promise<TranscriptReport> {
  const gong = options.gong ?? (config.gong ? new GongTranscriptClient(config.gong) : undefined);
  if (gong === undefined)
    return { status: 'skipped', callsWithout: 0, fetched: 0, stats: emptyStats() };

  const calls = await listCallsWithoutTranscript(ctx.db, ctx.schema);
  if (calls.length === 0)
    return { status: 'complete', callsWithout: 0, fetched: 0, stats: emptyStats() };

  const startedByCallId = new Map(
    calls
      .filter((call) => call.started !== undefined)
      .map((call) => [call.callId, call.started as string]),
  );
  let result: Awaited<ReturnType<GongTranscriptClient['fetchTranscripts']>>;
  try {
    result = await gong.fetchTranscripts(
      calls.map((call) => call.callId),
      { signal: options.signal, startedByCallId },
    );
  } catch (error) {
    logger.error({ err: error }, 'fetching Gong transcripts failed');
    return {
      status: 'failed',
      callsWithout: calls.length,
      fetched: 0,
      stats: emptyStats(),
      message: (error as Error).message,
    };
  }

  const records = result.records.map((record) => ({
    stream: 'callTranscripts',
    data: record as unknown as Record<string, unknown>,
    origin: { gongApi: '/v2/calls/transcript', callId: record.callId },
  }));
  const lease = await acquireSyncLease(ctx.db, ctx.schema, runId);
  let stats: BatchStats;
  try {
    stats = await ctx.db.transaction(async (tx) => {
      const batch = await ingestBatch(ctx, tx, ADAPTERS.gong, records, runId);
      await relinkAll(ctx, tx);
      return batch;
    });
  } finally {
    await lease.release();
  }

  return {
    status: result.status,
    callsWithout: calls.length,
    fetched: result.records.length,
    stats,
    message: result.message,
  };
}
