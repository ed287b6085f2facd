import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openApp } from '../app.js';
import { ConfigError, loadConfig } from '../config.js';
import type { SlackImportReport } from '../extract/slack-export.js';

/** `sophia import-slack PATH [--full] [--json]`: import a Slack export zip or folder. */
export async function runImportSlack(
  args: string[],
  print: (text: string) => void,
): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      full: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
  });
  const path = positionals[0];
  if (path === undefined || positionals.length > 1) {
    throw new ConfigError(
      'import-slack needs exactly one PATH: a Slack export zip or the folder it unpacks to',
    );
  }
  if (!existsSync(path))
    throw new ConfigError(`Slack export ${JSON.stringify(path)} does not exist`);

  const app = await openApp(loadConfig());
  try {
    const report = await app.importSlackExport({ path, full: values.full });
    print(values.json ? JSON.stringify(report, null, 2) : formatImportReport(report));
    return 0;
  } finally {
    await app.close();
  }
}

export function formatImportReport(report: SlackImportReport): string {
  const { files, records, totals: t } = report;

  return [
    `Slack export ${report.path} (run ${report.runId})`,
    `  ${report.conversations} conversations; files: ${files.read} read, ${files.unchanged} unchanged, ` +
      `${files.skipped} skipped (folder matches no conversation)`,
    `  records: ${records.users} users, ${records.channels} channels, ` +
      `${records.channel_messages} channel messages, ${records.threads} thread replies`,
    `Total: ${t.records} records, ${t.changed} new or changed, ${t.unchanged} unchanged, ` +
      `${t.deadLetters} dead letters, ${t.interactionsWritten} interactions written, ` +
      `${t.passagesWritten} passages, ${t.embedded} embedded`,
  ].join('\n');
}
