#!/usr/bin/env node
import { ConfigError } from './config.js';
import { logger } from './logger.js';
import { editDistance } from './resolve/similarity.js';

const USAGE = `Usage: sophia <command> [options]

Commands:
  sync --from DIR [--sources gong,slack,...] [--full] [--json]
        Ingest Airbyte output laid out as DIR/<source>/*.jsonl into the store.
  sync --from-postgres URL [--namespace source=schema,...] [--raw-schema NAME] [--sources ...] [--full]
        Read the tables the Airbyte PostgreSQL destination writes (schema per source, default
        the source name; raw tables in NAME, default airbyte_internal).
  reembed [--prune]
        Embed passages that have no vector of the configured model (after switching models);
        --prune deletes the vectors of other models.
  import-slack PATH [--full] [--json]
        Import a Slack export zip, or the folder it unpacks to.
  serve [--http HOST:PORT]
        Run the MCP server on stdio, or on Streamable HTTP (/mcp) and SSE (/sse) at HOST:PORT.
  status [--all] [--json] [--dead-letters]
        Show records, passages, entities, dead letters and checkpoints per source and stream;
        --dead-letters also lists the newest dead letters with their file and line and error.
  entities show ID | merge KEEP_ID MERGE_ID [--dry-run] | split ID --source SYSTEM:ID [--dry-run]
        Show an entity card, or merge or split entities by hand; later syncs respect it.
  entities resolve [--dry-run] [--batch-size N] [--json]
        Resolve every stored source record again with the current rules; run it after upgrading.
  demo [--question TEXT]
        Ingest the bundled examples into a demo store and ask a question through the MCP server.

Environment:
  SOPHIA_DATA_DIR    PGlite data directory (default ~/.sophia/data)
  DATABASE_URL       PostgreSQL URL; when set, used instead of PGlite
  SOPHIA_DOMAIN      pay_ready (default), personal or paragon
  OPENAI_API_KEY     use OpenAI embeddings (otherwise the local lexical embedder)
`;

/** Write command output to stdout; logs go to stderr through pino. */
function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== undefined && (rest.includes('--help') || rest.includes('-h'))) {
    print(USAGE);
    return 0;
  }
  switch (command) {
    case 'sync':
      return (await import('./commands/sync.js')).runSync(rest, print);
    case 'reembed':
      return (await import('./commands/reembed.js')).runReembed(rest, print);
    case 'import-slack':
      return (await import('./commands/import-slack.js')).runImportSlack(rest, print);
    case 'serve':
      return (await import('./commands/serve.js')).runServe(rest);
    case 'status':
      return (await import('./commands/status.js')).runStatus(rest, print);
    case 'entities':
      return (await import('./commands/entities.js')).runEntities(rest, print);
    case 'demo':
      return (await import('./commands/demo.js')).runDemo(rest, print);
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      print(USAGE);
      return command === undefined ? 1 : 0;
    default:
      process.stderr.write(`Unknown command ${JSON.stringify(command)}.\n\n${USAGE}`);
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if ((error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      process.stderr.write(`sophia: ${unknownOptionMessage(error as Error)}\n`);
    } else if (isUserError(error) || error instanceof ConfigError) {
      process.stderr.write(`sophia: ${(error as Error).message}\n`);
    } else {
      logger.error({ err: error }, 'command failed');
      process.stderr.write(`sophia: ${(error as Error).message ?? String(error)}\n`);
    }
    process.exitCode = 1;
  },
);

/** Errors about the user's input or state, printed as one line without a stack trace. */
function isUserError(error: unknown): boolean {
  const name = (error as { name?: string } | null)?.name;
  return ['InvalidArgumentError', 'NotFoundError', 'SyncBusyError', 'DataDirInUseError'].includes(
    name ?? '',
  );
}

/**
 * Rewrites node's unknown-option error, whose advice about '--' fits positional arguments, not
 * typos: names the option and the command, and suggests the closest option the usage lists.
 */
function unknownOptionMessage(error: Error): string {
  const option = /Unknown option '([^']+)'/.exec(error.message)?.[1];
  const command = process.argv[2] ?? '';
  if (option === undefined) return error.message;

  const known = new Set<string>();
  for (const line of USAGE.split('\n')) {
    if (!line.startsWith(`  ${command} `)) continue;
    for (const match of line.matchAll(/--[a-z][a-z-]*/g)) known.add(match[0]);
  }
  let closest: string | undefined;
  let closestDistance = 3;
  for (const candidate of known) {
    const distance = editDistance(option, candidate, 2);
    if (distance < closestDistance) {
      closest = candidate;
      closestDistance = distance;
    }
  }

  const hint = closest === undefined ? '' : ` Did you mean ${closest}?`;
  return `Unknown option ${option} for "sophia ${command}".${hint} Run "sophia help" for the options of each command.`;
}
