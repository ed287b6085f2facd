import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.js';
import { logger } from '../logger.js';
import type { SourceSystem } from '../model.js';
import type { FileSyncOptions, FileSyncReport, SyncProgress } from './sync-files.js';

export interface SyncRunStatus {
  runId: string;
  trigger: string;
  status: 'running' | 'succeeded' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  durationSeconds: number | null;
  error: string | null;
  /** Per source and stream counts, once the run has finished. */
  report: FileSyncReport | null;
}

export interface SourceFreshness {
  source: SourceSystem;
  lastSyncAt: string | null;
  syncStatus: string | null;
  /** Hours since the last successful sync, rounded to one decimal; null if never synced. */
  ageHours: number | null;
}

export interface TriggerRequest {
  sources?: SourceSystem[] | undefined;
  full?: boolean | undefined;
  trigger?: string | undefined;
}

/** Raised when no sync source is configured for the server. */
export class SyncNotConfiguredError extends Error {
  override readonly name = 'SyncNotConfiguredError';
}

/**
 * Starts syncs in the background and reports on them from the `sync_runs` table, so any
 * process sharing the database sees every run. The domain's sync lease keeps runs exclusive.
 */
export class SyncJobs {
  private readonly running = new Map<string, Promise<FileSyncReport>>();

  constructor(
    private readonly db: Database,
    private readonly schema: string,
    private readonly sync: (options: FileSyncOptions) => Promise<FileSyncReport>,
    private readonly sourceDir: string | undefined,
  ) {}

  /**
   * Start a sync and return its run id. `started` resolves once the run is recorded, and it
   * rejects when the run fails before that (SyncBusyError). `done` settles when the run ends.
   */
  trigger(
    request: TriggerRequest,
    onProgress?: (progress: SyncProgress) => void,
  ): { runId: string; started: Promise<void>; done: Promise<FileSyncReport> } {
    if (this.sourceDir === undefined) {
      throw new SyncNotConfiguredError(
        'No sync source is configured: set SOPHIA_SYNC_FROM to a folder of Airbyte output (DIR/<source>/*.jsonl)',
      );
    }
    const runId = randomUUID();
    let isStarted = false;
    let markStarted: () => void = () => {};
    let failStarted: (error: unknown) => void = () => {};
    const started = new Promise<void>((resolve, reject) => {
      markStarted = () => {
        isStarted = true;
        resolve();
      };
      failStarted = reject;
    });
    const done = this.sync({
      dir: this.sourceDir,
      sources: request.sources,
      full: request.full,
      trigger: request.trigger ?? 'tool',
      runId,
      onStart: () => markStarted(),
      onProgress,
    });
    this.running.set(runId, done);
    done
      .catch((error: unknown) => {
        // A run that fails before it is recorded (another sync holds the lease) fails `started`.
        if (!isStarted) failStarted(error);
        else logger.error({ err: error, runId }, 'sync failed');
      })
      .finally(() => this.running.delete(runId));

    return { runId, started, done };
  }

  async status(runId: string): Promise<SyncRunStatus | undefined> {
    const rows = await this.db.query<{
      id: string;
      trigger: string;
      status: SyncRunStatus['status'];
      started_at: Date;
      finished_at: Date | null;
      error: string | null;
      stats: { report?: FileSyncReport };
    }>(
      `SELECT id, trigger, status, started_at, finished_at, error, stats FROM ${this.schema}.sync_runs WHERE id = $1`,
      [runId],
    );
    const row = rows[0];
    if (row === undefined) return undefined;

    return {
      runId: row.id,
      trigger: row.trigger,
      status: row.status,
      startedAt: row.started_at.toISOString(),
      finishedAt: row.finished_at?.toISOString() ?? null,
      durationSeconds: row.finished_at
        ? (row.finished_at.getTime() - row.started_at.getTime()) / 1000
        : null,
      error: row.error,
      report: row.stats.report ?? null,
    };
  }

  async recentRuns(limit = 5): Promise<SyncRunStatus[]> {
    const rows = await this.db.query<{ id: string }>(
      `SELECT id FROM ${this.schema}.sync_runs ORDER BY started_at DESC LIMIT $1`,
      [limit],
    );
    const runs = await Promise.all(rows.map((row) => this.status(row.id)));

    return runs.filter((run): run is SyncRunStatus => run !== undefined);
  }

  async freshness(now: Date = new Date()): Promise<SourceFreshness[]> {
    const rows = await this.db.query<{
      source_type: SourceSystem;
      last: Date | null;
      status: string | null;
    }>(
      `SELECT DISTINCT ON (source_type) source_type, last_sync_at AS last, sync_status AS status
       FROM ${this.schema}.data_sources ORDER BY source_type, last_sync_at DESC NULLS LAST`,
    );
    const sources: SourceSystem[] = ['gong', 'slack', 'hubspot', 'salesforce'];

    return sources.map((source) => {
      const row = rows.find((candidate) => candidate.source_type === source);
      const last = row?.last ?? null;
      return {
        source,
        lastSyncAt: last?.toISOString() ?? null,
        syncStatus: row?.status ?? null,
        ageHours: last
          ? Math.round(((now.getTime() - last.getTime()) / 3_600_000) * 10) / 10
          : null,
      };
    });
  }

  /** Wait for the runs this process started (used at shutdown). */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.running.values()]);
  }
}
