import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openApp } from '../app.js';
import { ConfigError, loadConfig } from '../config.js';
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
    },
  });
  if (values['from-postgres'] !== undefined) {
    return (await import('./sync-postgres.js')).runSyncPostgres(values, print);
  }
  if (values.from === undefined) {
    throw new ConfigError(
      'sync needs --from DIR, a folder laid out as DIR/<source>/*.jsonl of Airbyte output',
    );
  }
  if (!existsSync(values.from))
    throw new ConfigError(`--from ${JSON.stringify(values.from)} does not exist`);

  const app = await openApp(loadConfig());
  try {
    const report = await app.sync({
      dir: values.from,
      sources: parseSources(values.sources),
      full: values.full,
    });
    print(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
    return 0;
  } finally {
    await app.close();
  }
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
