import { parseArgs } from 'node:util';
import { openApp } from '../app.js';
import { DOMAINS, loadConfig } from '../config.js';
import { readStatus, type StoreStatus } from '../pipeline/status.js';

/** `sophia status [--all] [--json]`: the configured domain, or with --all every domain in the store. */
export async function runStatus(args: string[], print: (text: string) => void): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      json: { type: 'boolean', default: false },
      all: { type: 'boolean', default: false },
    },
  });
  const config = loadConfig();
  const app = await openApp(config);
  try {
    const schemas = values.all
      ? await existingDomains(app)
      : [{ domain: config.domain, schema: app.schema }];
    const statuses: StoreStatus[] = [];
    for (const { domain, schema } of schemas)
      statuses.push(await readStatus(app.db, schema, domain));

    if (values.json) print(JSON.stringify(values.all ? statuses : statuses[0], null, 2));
    else print(statuses.map(formatStatus).join('\n\n'));
    return 0;
  } finally {
    await app.close();
  }
}

async function existingDomains(
  app: Awaited<ReturnType<typeof openApp>>,
): Promise<{ domain: string; schema: string }[]> {
  const rows = await app.db.query<{ schema_name: string }>(
    `SELECT schema_name FROM information_schema.schemata WHERE schema_name = ANY($1::text[])`,
    [[...DOMAINS]],
  );
  const present = new Set(rows.map((row) => row.schema_name));

  return DOMAINS.filter((domain) => present.has(domain)).map((domain) => ({
    domain,
    schema: domain,
  }));
}

function formatStatus(status: StoreStatus): string {
  const lines = [
    `Domain ${status.domain}: ${status.entities.person} people, ${status.entities.company} companies`,
  ];
  for (const source of status.sources) {
    lines.push(
      `  ${source.source}: ${source.interactions} interactions, ${source.passages} passages, ` +
        `${source.deadLetters} dead letters, last sync ${source.lastSyncAt ?? 'never'}`,
    );
    for (const stream of source.streams) {
      lines.push(
        `    ${stream.stream.padEnd(22)} ${String(stream.records).padStart(6)} records  ` +
          `${String(stream.deadLetters).padStart(4)} dead letters  checkpoint ${stream.checkpoint ?? '-'}`,
      );
    }
  }

  return lines.join('\n');
}
