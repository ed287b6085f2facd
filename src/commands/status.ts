import { parseArgs } from 'node:util';
import { openApp } from '../app.js';
import { DOMAINS, loadConfig } from '../config.js';
import { readStatus, type StoreStatus } from '../pipeline/status.js';

/** Dead letters `--dead-letters` lists, newest first. */
const DEAD_LETTER_LIST = 20;

/**
 * Runs `sophia status [--all] [--json] [--dead-letters]` for the configured domain, or with
 * --all for every domain in the store. --dead-letters also lists the newest dead letters.
 */
export async function runStatus(args: string[], print: (text: string) => void): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      json: { type: 'boolean', default: false },
      all: { type: 'boolean', default: false },
      'dead-letters': { type: 'boolean', default: false },
    },
  });
  const config = loadConfig();
  const app = await openApp(config);
  try {
    const schemas = values.all
      ? await existingDomains(app)
      : [{ domain: config.domain, schema: app.schema }];
    const statuses: (StoreStatus & { recentDeadLetters?: DeadLetterRow[] })[] = [];
    for (const { domain, schema } of schemas) {
      const status = await readStatus(app.db, schema, domain);
      if (!values['dead-letters']) statuses.push(status);
      else statuses.push({ ...status, recentDeadLetters: await recentDeadLetters(app, schema) });
    }

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

interface DeadLetterRow {
  at: string;
  source: string;
  /** Null for a line that could not be read as a record, so its stream is unknown. */
  stream: string | null;
  origin: Record<string, unknown>;
  error: string;
}

async function recentDeadLetters(
  app: Awaited<ReturnType<typeof openApp>>,
  schema: string,
): Promise<DeadLetterRow[]> {
  const rows = await app.db.query<{
    created_at: Date | string;
    source_system: string;
    stream: string | null;
    origin: Record<string, unknown>;
    error: string;
  }>(
    `SELECT created_at, source_system, stream, origin, error FROM ${schema}.dead_letters
     ORDER BY created_at DESC, id DESC LIMIT $1`,
    [DEAD_LETTER_LIST],
  );

  return rows.map((row) => ({
    at: new Date(row.created_at).toISOString(),
    source: row.source_system,
    stream: row.stream,
    origin: row.origin,
    error: row.error,
  }));
}

/** `file.jsonl:12`, `table … id …` or the origin's JSON. */
function formatOrigin(origin: Record<string, unknown>): string {
  if (typeof origin.file === 'string' && origin.line !== undefined) {
    return `${origin.file}:${String(origin.line)}`;
  }
  return JSON.stringify(origin);
}

function formatStatus(status: StoreStatus & { recentDeadLetters?: DeadLetterRow[] }): string {
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

  if (status.recentDeadLetters !== undefined) {
    lines.push(
      status.recentDeadLetters.length === 0
        ? '  no dead letters'
        : `  newest dead letters (at most ${DEAD_LETTER_LIST}):`,
    );
    for (const letter of status.recentDeadLetters) {
      lines.push(
        `    ${letter.at}  ${letter.source}/${letter.stream ?? '(unreadable line)'}  ` +
          `${formatOrigin(letter.origin)}  ${letter.error.replace(/\s+/g, ' ').slice(0, 200)}`,
      );
    }
  }
  return lines.join('\n');
}
