import * as z from 'zod';
import { InvalidArgumentError, NotFoundError } from '../src/api.js';
import { SOURCE_SYSTEMS } from '../src/model.js';
import type { SyncRunStatus } from '../src/pipeline/jobs.js';
import { defineTool } from './define-tool.js';
import { optionalText } from './input-fields.js';

const streamSchema = z.object({
  stream: z.string(),
  records: z.number(),
  changed: z.number().describe('Records that were new or differed from the stored version.'),
  dead_letters: z.number().describe('Records that could not be read, kept with the reason.'),
  interactions_written: z.number(),
  passages_written: z.number(),
});

const runSchema = z.object({
  job_id: z.string(),
  trigger: z.string().describe('What started it: cli, tool, schedule.'),
  status: z.enum(['running', 'succeeded', 'failed']),
  started_at: z.string(),
  finished_at: z.string().nullable(),
  duration_seconds: z.number().nullable(),
  error: z.string().nullable(),
  sources: z.array(z.object({ source: z.enum(SOURCE_SYSTEMS), streams: z.array(streamSchema) })),
});

type RunOutput = z.infer<typeof runSchema>;

export const getSyncStatus = defineTool({
  name: 'get_sync_status',
  title: 'Sync status and freshness',
  description:
    'Reports one sync job (pass job_id from trigger_sync): its state, duration, error, and per ' +
    'source and stream the records read, changed, dead-lettered and indexed. Without job_id it ' +
    'reports the latest runs. Always includes freshness per source: when it last synced and how ' +
    'many hours ago. Use it to answer "is the data fresh?" before trusting a search.',
  type: 'readOnly',
  inputSchema: {
    job_id: optionalText('Job id returned by trigger_sync. Omit for the latest runs.'),
  },
  outputSchema: {
    job: runSchema.nullable().describe('The requested job, or null without job_id.'),
    recent_jobs: z.array(runSchema),
    freshness: z.array(
      z.object({
        source: z.enum(SOURCE_SYSTEMS),
        last_sync_at: z.string().nullable(),
        age_hours: z.number().nullable(),
        sync_status: z.string().nullable(),
      }),
    ),
  },
  async handler(args, { api }) {
    if (api.syncStatus === undefined) throw new Error('This server does not run syncs.');
    if (
      args.job_id !== undefined &&
      !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(args.job_id)
    ) {
      throw new InvalidArgumentError(
        'job_id',
        `Invalid argument "job_id": ${JSON.stringify(args.job_id)} is not a job id (a UUID from trigger_sync); omit it to list recent jobs`,
      );
    }
    const status = await api.syncStatus(args.job_id);
    if (args.job_id !== undefined && status.run === null) {
      throw new NotFoundError(
        `No sync job with id ${args.job_id}; call get_sync_status without job_id to list recent jobs`,
      );
    }

    const job = status.run === null ? null : toRunOutput(status.run);
    const recent = status.recentRuns.map(toRunOutput);
    const freshness = status.freshness.map((entry) => ({
      source: entry.source,
      last_sync_at: entry.lastSyncAt,
      age_hours: entry.ageHours,
      sync_status: entry.syncStatus,
    }));
    const lines = [
      ...(job ? [renderRun(job)] : recent.map(renderRun)),
      `Freshness: ${freshness
        .map(
          (entry) =>
            `${entry.source} ${entry.last_sync_at === null ? 'never synced' : `${entry.age_hours} h ago`}`,
        )
        .join('; ')}.`,
    ];

    return { structured: { job, recent_jobs: recent, freshness }, text: lines.join('\n') };
  },
});

function toRunOutput(run: SyncRunStatus): RunOutput {
  return {
    job_id: run.runId,
    trigger: run.trigger,
    status: run.status,
    started_at: run.startedAt,
    finished_at: run.finishedAt,
    duration_seconds: run.durationSeconds,
    error: run.error,
    sources: (run.report?.sources ?? []).map((source) => ({
      source: source.source,
      streams: source.streams.map((stream) => ({
        stream: stream.stream,
        records: stream.records,
        changed: stream.changed,
        dead_letters: stream.deadLetters,
        interactions_written: stream.interactionsWritten,
        passages_written: stream.passagesWritten,
      })),
    })),
  };
}

function renderRun(run: RunOutput): string {
  const records = run.sources
    .flatMap((source) => source.streams)
    .reduce((sum, stream) => sum + stream.records, 0);
  const duration = run.duration_seconds === null ? '' : ` in ${run.duration_seconds.toFixed(1)} s`;
  const error = run.error ? `: ${run.error}` : '';

  return `Job ${run.job_id} (${run.trigger}) ${run.status}${duration}, started ${run.started_at}, ${records} records${error}`;
}
