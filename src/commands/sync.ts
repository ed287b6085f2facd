import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openApp } from '../app.js';
import { cacheOptionsFromEnv, invalidateDomain, SophiaCache } from '../cache/index.js';
import { type Config, ConfigError, loadConfig } from '../config.js';
import { SOURCE_SYSTEMS } from '../model.js';
import { notifySlack, type SyncSummary } from '../notify/slack-webhook.js';
import { type ConductorReport, runProductionSync } from '../pipeline/conductor.js';
import { listSourceFiles } from '../pipeline/file-source.js';
import type { FileSyncReport } from '../pipeline/sync-files.js';
import { parseSources } from './options.js';

export async function runSync(args: string[], print: (text: string) => void): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      from: { type: 'string' },
      sources: { type: 'string' },
      full: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      'from-postgres': { type: 'string' },
      namespace: { type: 'string' },
      'raw-schema': { type: 'string' },
      'notify-slack': { type: 'boolean', default: false },
    },
  });
  const config = loadConfig();
  if (values['notify-slack'] && config.slackWebhookUrl === undefined) {
    throw new ConfigError(
      '--notify-slack needs SOPHIA_SLACK_WEBHOOK_URL, a Slack incoming webhook URL',
    );
  }
  if (values.from !== undefined && !existsSync(values.from)) {
    throw new ConfigError(`--from ${JSON.stringify(values.from)} does not exist`);
  }
  if (
    values.from !== undefined &&
    !SOURCE_SYSTEMS.some((source) => listSourceFiles(values.from as string, source).length > 0)
  ) {
    throw new ConfigError(
      `--from ${JSON.stringify(values.from)} contains no input files: expected DIR/<gong|slack|hubspot|salesforce>/*.jsonl`,
    );
  }
  if (
    values.from === undefined &&
    values['from-postgres'] === undefined &&
    config.production.destinationUrl === undefined
  ) {
    throw new ConfigError(
      'sync needs an input: --from DIR (Airbyte output as DIR/<source>/*.jsonl), --from-postgres URL, ' +
        'or SOPHIA_DESTINATION_URL (with SOPHIA_AIRBYTE_CONNECTIONS to start the Airbyte jobs first)',
    );
  }

  const started = Date.now();
  let summary: SyncSummary = { domain: config.domain, status: 'failed' };
  try {
    if (values['from-postgres'] !== undefined) {
      const code = await (await import('./sync-postgres.js')).runSyncPostgres(values, print);
      summary = { ...summary, status: code === 0 ? 'succeeded' : 'failed' };
      return code;
    }
    const app = await openApp(config);
    try {
      if (values.from !== undefined) {
        const report = await app.sync({
          dir: values.from,
          sources: parseSources(values.sources),
          full: values.full,
        });
        summary = { ...summaryOf(report), domain: config.domain, status: 'succeeded' };
        print(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
        return 0;
      }
      const report = await runProductionSync(app.pipeline, config.production, {
        sources: parseSources(values.sources),
        full: values.full,
      });
      summary = {
        domain: config.domain,
        status: report.status,
        runId: report.runId,
        records: report.extract?.totals.records,
        deadLetters: report.extract?.totals.deadLetters,
        error: report.error ?? failedJobs(report),
      };
      print(values.json ? JSON.stringify(report, null, 2) : formatConductorReport(report));
      return report.status === 'succeeded' ? 0 : 1;
    } finally {
      await app.close();
    }
  } catch (error) {
    summary = { ...summary, status: 'failed', error: (error as Error).message };
    throw error;
  } finally {
    summary.durationSeconds = (Date.now() - started) / 1000;
    await afterSync(config, summary, values['notify-slack'] ?? false);
  }
}

function summaryOf(report: FileSyncReport): Omit<SyncSummary, 'domain' | 'status'> {
  return {
    runId: report.runId,
    records: report.totals.records,
    deadLetters: report.totals.deadLetters,
  };
}

function failedJobs(report: ConductorReport): string | undefined {
  const failed = report.jobs.filter((job) => job.status !== 'succeeded');
  return failed.length === 0
    ? undefined
    : `Airbyte jobs not succeeded: ${failed.map((job) => `${job.source} ${job.status}`).join(', ')}`;
}

/** Drop cached results of the domain (when Redis is shared) and post the result to Slack. */
async function afterSync(config: Config, summary: SyncSummary, notify: boolean): Promise<void> {
  const cacheOptions = cacheOptionsFromEnv();
  if (cacheOptions.redisUrl !== undefined) {
    const cache = new SophiaCache({ ...cacheOptions, namespace: config.cacheNamespace });
    await invalidateDomain(cache, config.domain).catch(() => 0);
    await cache.close();
  }
  if (notify && config.slackWebhookUrl !== undefined)
    await notifySlack(config.slackWebhookUrl, summary);
}

export function formatConductorReport(report: ConductorReport): string {
  const lines = [
    `Production sync ${report.runId}: ${report.status} in ${report.seconds.toFixed(1)} s`,
  ];
  for (const job of report.jobs) {
    lines.push(
      `  Airbyte ${job.source}: job ${job.jobId ?? '-'} ${job.status}, ${job.rowsSynced ?? '?'} rows, ` +
        `${job.seconds.toFixed(1)} s, ${job.retries} retries (${Math.round(job.rateLimitWaitMs / 1000)} s waited)` +
        (job.error ? `: ${job.error}` : ''),
    );
  }
  if (report.extract) {
    const t = report.extract.totals;
    lines.push(
      `  Destination: ${t.records} records, ${t.changed} new or changed, ${t.deadLetters} dead letters, ${t.passagesWritten} passages`,
    );
  }
  const tr = report.transcripts;
  lines.push(
    `  Gong transcripts: ${tr.status}, ${tr.fetched} fetched for ${tr.callsWithout} calls without one${tr.message ? ` (${tr.message})` : ''}`,
  );
  if (report.error) lines.push(`  Error: ${report.error}`);

  return lines.join('\n');
}

export function formatReport(report: FileSyncReport): string {
  const lines = [`Sync ${report.runId}`];
  for (const source of report.sources) {
    lines.push(
      `  ${source.source} (${source.files} files, ${source.invalidLines} invalid lines, ${source.traceErrors} connector errors)`,
    );
    for (const stream of source.streams) {
      if (stream.records === 0 && stream.skipped === 0) continue;
      lines.push(
        `    ${stream.stream.padEnd(22)} ${String(stream.records).padStart(6)} records  ${String(stream.changed).padStart(6)} new or changed  ` +
          `${String(stream.deadLetters).padStart(4)} dead letters  ${String(stream.interactionsWritten).padStart(5)} interactions  ${String(stream.passagesWritten).padStart(6)} passages`,
      );
    }
  }
  const t = report.totals;
  lines.push(
    `Total: ${t.records} records, ${t.changed} new or changed, ${t.unchanged} unchanged, ${t.skipped} in streams sophia does not read, ` +
      `${t.deadLetters} dead letters, ${t.interactionsWritten} interactions written, ${t.passagesWritten} passages, ${t.embedded} embedded`,
  );

  return lines.join('\n');
}
