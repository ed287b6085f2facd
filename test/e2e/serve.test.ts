import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { writeAirbyteDir } from '../helpers/stores.js';
import {
  gongLines,
  hubspotLines,
  KESTREL_CALL_ID,
  salesforceLines,
  slackLines,
} from '../pipeline/world.js';

/**
 * The built `sophia serve` command, spoken to by the SDK's client over stdio, Streamable HTTP
 * and legacy SSE, on a store filled by `sophia sync`'s code path. Needs `npm run build` first
 * (the `pretest` script does it).
 */
const CLI = fileURLToPath(new URL('../../dist/src/cli.js', import.meta.url));

interface StructuredSearch {
  hits: { citation: { source: string; call_id?: string; start_ms?: number; deep_link?: string } }[];
  coverage: { sources: { source: string; searched: number }[] };
}

let dataDir: string;
let env: Record<string, string>;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'sophia-e2e-'));
  env = Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    ),
  );
  env.SOPHIA_DATA_DIR = join(dataDir, 'store');
  env.DATABASE_URL = '';
  env.SOPHIA_LOG_LEVEL = 'warn';
  // Cached results are keyed by domain; this store must not read another test's entries.
  env.SOPHIA_CACHE_NAMESPACE = `e2e-${process.pid}-${Date.now()}:`;

  const app = await openApp(loadConfig(env));
  await app.sync({
    dir: writeAirbyteDir({
      'gong/a.jsonl': gongLines(),
      'slack/a.jsonl': slackLines(),
      'hubspot/a.jsonl': hubspotLines(),
      'salesforce/a.jsonl': salesforceLines(),
    }),
  });
  const broken = join(dataDir, 'broken');
  mkdirSync(join(broken, 'hubspot'), { recursive: true });
  writeFileSync(join(broken, 'hubspot', 'notes.jsonl'), '{"type":"RECORD","record":{"stream"\n');
  await app.sync({ dir: broken });
  await app.close();
}, 120_000);

afterAll(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

async function checkTools(client: Client): Promise<void> {
  const tools = await client.listTools();
  expect(tools.tools.map((tool) => tool.name)).toContain('search_customer_interactions');

  const search = await client.callTool({
    name: 'search_customer_interactions',
    arguments: { query: 'pricing discount', company: 'Kestrel Freight', limit: 5 },
  });
  const structured = search.structuredContent as unknown as StructuredSearch;
  const call = structured.hits.find((hit) => hit.citation.call_id === KESTREL_CALL_ID);
  expect(search.isError).toBeFalsy();
  expect(call?.citation.source).toBe('gong');
  expect(call?.citation.start_ms).toBeTypeOf('number');
  expect(JSON.stringify(search.content)).toContain('Kestrel');

  const lookup = await client.callTool({
    name: 'lookup_entity',
    arguments: { email: 'robert.tanaka@kestrelfreight.example' },
  });
  expect(JSON.stringify(lookup.structuredContent)).toContain('0035f00000KTan1AAB');

  const invalid = await client.callTool({
    name: 'search_customer_interactions',
    arguments: { query: 'x', from: 'someday soon' },
  });
  expect(invalid.isError).toBe(true);
  expect(JSON.stringify(invalid.content)).toContain('from');
}

describe('sophia serve', () => {
  it('answers over stdio', async () => {
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [CLI, 'serve'],
      env,
      stderr: 'ignore',
    });
    const client = new Client({ name: 'e2e-stdio', version: '1.0.0' });
    await client.connect(transport);
    try {
      await checkTools(client);
    } finally {
      await client.close();
    }
  });

  describe('over HTTP', () => {
    let server: ChildProcess;
    let url: string;

    beforeAll(async () => {
      server = spawn(process.execPath, [CLI, 'serve', '--http', '127.0.0.1:0'], {
        env: { ...env, SOPHIA_LOG_LEVEL: 'info' },
      });
      url = await new Promise<string>((resolve, reject) => {
        let buffer = '';
        server.stderr?.on('data', (chunk: Buffer) => {
          buffer += chunk.toString();
          const match = /"url":"(http:\/\/127\.0\.0\.1:\d+)"/.exec(buffer);
          if (match?.[1]) resolve(match[1]);
        });
        server.once('exit', (code) =>
          reject(new Error(`sophia serve exited with ${code}: ${buffer}`)),
        );
      });
    }, 60_000);
    afterAll(async () => {
      // The embedded store allows one process, so later tests wait for this one to exit.
      const exited = new Promise((resolve) => server?.once('exit', resolve));
      server?.kill('SIGTERM');
      await exited;
    });

    it('answers over Streamable HTTP', async () => {
      const client = new Client({ name: 'e2e-http', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`)));
      try {
        await checkTools(client);
      } finally {
        await client.close();
      }
    });

    it('serves Prometheus metrics', async () => {
      const client = new Client({ name: 'e2e-metrics', version: '1.0.0' });
      await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`)));
      await client.callTool({ name: 'lookup_entity', arguments: { query: 'Robert Tanaka' } });
      await client.close();

      const response = await fetch(`${url}/metrics`);
      const text = await response.text();
      expect(response.status).toBe(200);
      expect(text).toMatch(
        /sophia_tool_duration_seconds_count\{tool="lookup_entity",outcome="ok"\} [1-9]/,
      );
    });

    it('answers over legacy SSE on the same port', async () => {
      const client = new Client({ name: 'e2e-sse', version: '1.0.0' });
      await client.connect(new SSEClientTransport(new URL(`${url}/sse`)));
      try {
        await checkTools(client);
      } finally {
        await client.close();
      }
    });
  });
});

describe('sophia status', () => {
  it('reports records, dead letters and checkpoints per stream as JSON', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'status', '--json'], {
      env,
    });
    const status = JSON.parse(stdout) as {
      domain: string;
      entities: { person: number };
      sources: {
        source: string;
        interactions: number;
        lastSyncAt: string | null;
        streams: { stream: string; records: number; checkpoint: string | null }[];
      }[];
    };
    const gong = status.sources.find((source) => source.source === 'gong');

    expect(status.domain).toBe('pay_ready');
    expect(status.entities.person).toBeGreaterThan(0);
    expect(gong?.interactions).toBe(2);
    expect(gong?.lastSyncAt).not.toBeNull();
    expect(gong?.streams.find((stream) => stream.stream === 'callTranscripts')?.checkpoint).toMatch(
      /a\.jsonl:\d+/,
    );
  });

  it('lists dead letters with their file and line', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const run = (args: string[]) => promisify(execFile)(process.execPath, [CLI, ...args], { env });

    const json = JSON.parse((await run(['status', '--json', '--dead-letters'])).stdout) as {
      recentDeadLetters: { source: string; stream: string | null; origin: { file: string } }[];
    };
    const text = (await run(['status', '--dead-letters'])).stdout;

    expect(json.recentDeadLetters).toHaveLength(1);
    expect(json.recentDeadLetters[0]?.source).toBe('hubspot');
    expect(json.recentDeadLetters[0]?.stream).toBeNull();
    expect(json.recentDeadLetters[0]?.origin.file).toBe('hubspot/notes.jsonl');
    expect(text).toContain('hubspot/(unreadable line)  hubspot/notes.jsonl:1');
  });
});

describe('sophia option errors', () => {
  it('names a misspelt option and suggests the right one', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const failure = await promisify(execFile)(process.execPath, [CLI, 'status', '--jsno'], {
      env,
    }).catch((error: { code: number; stderr: string }) => error);

    expect(failure).toHaveProperty('code', 1);
    expect(failure.stderr).toContain('Unknown option --jsno for "sophia status"');
    expect(failure.stderr).toContain('Did you mean --json?');
  });

  it('prints the usage for --help after a command', async () => {
    const { execFile } = await import('node:child_process');
    const { promisify } = await import('node:util');
    const { stdout } = await promisify(execFile)(process.execPath, [CLI, 'entities', '--help'], {
      env,
    });

    expect(stdout).toContain('entities resolve [--dry-run]');
  });
});
