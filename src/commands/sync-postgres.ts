import { openApp } from '../app.js';
import { ConfigError, loadConfig } from '../config.js';
import type { PostgresSyncReport } from '../extract/postgres-destination.js';
import { isSourceSystem, type SourceSystem } from '../model.js';
import { parseSources } from './options.js';

export interface SyncPostgresArgs {
  'from-postgres'?: string | undefined;
  namespace?: string | undefined;
  'raw-schema'?: string | undefined;
  sources?: string | undefined;
  full?: boolean | undefined;
  json?: boolean | undefined;
}

/** `sophia sync --from-postgres URL [--namespace source=schema,...]`, after `sync` parsed it. */
export async function runSyncPostgres(
  values: SyncPostgresArgs,
  print: (text: string) => void,
): Promise<number> {
  const url = values['from-postgres'];
  if (url === undefined || !/^postgres(ql)?:\/\//.test(url)) {
    throw new ConfigError(
      `--from-postgres needs a postgres:// connection string of the Airbyte destination database, got ${JSON.stringify(url ?? '')}`,
    );
  }

  const app = await openApp(loadConfig());
  try {
    const report = await app.syncFromPostgres({
      url,
      namespaces: parseNamespaces(values.namespace),
      sources: parseSources(values.sources),
      rawSchema: values['raw-schema'],
      full: values.full,
    });
    print(values.json ? JSON.stringify(report, null, 2) : formatPostgresReport(report));
    return 0;
  } finally {
    await app.close();
  }
}

/** Parses `hubspot=crm,slack=slack_raw` into a schema per source, naming a bad entry. */
export function parseNamespaces(
  value: string | undefined,
): Partial<Record<SourceSystem, string>> | undefined {
  if (value === undefined) return undefined;
  const namespaces: Partial<Record<SourceSystem, string>> = {};

  for (const entry of value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const [source, schema, ...rest] = entry.split('=').map((part) => part.trim());
    if (source === undefined || !isSourceSystem(source) || !schema || rest.length > 0) {
      throw new ConfigError(
        `Invalid --namespace entry ${JSON.stringify(entry)}; use source=schema with source ` +
          'gong, slack, hubspot or salesforce, e.g. --namespace hubspot=hubspot_raw,slack=public',
      );
    }
    namespaces[source] = schema;
  }

  return namespaces;
}

export function formatPostgresReport(report: PostgresSyncReport): string {
  const lines = [`Sync ${report.runId} from the Airbyte PostgreSQL destination`];
  for (const source of report.sources) {
    lines.push(`  ${source.source} (schema ${source.namespace})`);
    for (const stream of source.streams) {
      if (stream.table === null) {
        lines.push(`    ${stream.stream.padEnd(22)} no table`);
        continue;
      }
      lines.push(
        `    ${stream.stream.padEnd(22)} ${String(stream.records).padStart(6)} rows  ` +
          `${String(stream.changed).padStart(6)} new or changed  ${String(stream.deadLetters).padStart(4)} dead letters  ` +
          `${stream.layout} ${stream.table} generation ${stream.generation}` +
          (stream.rowsWithChanges > 0
            ? `  ${stream.rowsWithChanges} rows with _airbyte_meta changes`
            : ''),
      );
    }
  }
  const t = report.totals;
  lines.push(
    `Total: ${t.records} rows, ${t.changed} new or changed, ${t.unchanged} unchanged, ` +
      `${t.deadLetters} dead letters, ${t.interactionsWritten} interactions written, ` +
      `${t.passagesWritten} passages, ${t.embedded} embedded`,
  );

  return lines.join('\n');
}
