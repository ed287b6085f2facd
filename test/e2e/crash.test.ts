import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresDatabase } from '../../src/db/postgres.js';
import type { SourceSystem } from '../../src/model.js';
import { ADAPTERS } from '../../src/sources/index.js';
import { recordMessage, uniqueSchema, writeAirbyteDir } from '../helpers/stores.js';

const CLI = fileURLToPath(new URL('../../dist/src/cli.js', import.meta.url));
const url = process.env.DATABASE_URL;
const required = process.env.SOPHIA_REQUIRE_SERVICES === '1';

function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A few thousand Slack messages and HubSpot notes, with replies and some repeated records. */
function largeDir(): string {
  const slack: Record<string, unknown>[] = [];
  for (let i = 0; i < 3000; i++) {
    const ts = `${1_790_000_000 + i * 60}.${String(i).padStart(6, '0')}`;
    const parent =
      i % 5 === 0
        ? undefined
        : `${1_790_000_000 + (i - (i % 5)) * 60}.${String(i - (i % 5)).padStart(6, '0')}`;
    const data = {
      type: 'message',
      user: `U${i % 7}`,
      text: `Message ${i} about pricing tier ${i % 11}`,
      ts,
      channel_id: `C${i % 3}`,
      ...(parent ? { thread_ts: parent } : {}),
    };
    slack.push(recordMessage(parent ? 'threads' : 'channel_messages', data));
  }
  const hubspot: Record<string, unknown>[] = [];
  for (let i = 0; i < 800; i++) {
    hubspot.push(
      recordMessage('engagements_notes', {
        id: String(9_000_000 + i),
        properties: {
          hs_note_body: `<p>Note ${i}: renewal risk ${i % 13}.</p>`,
          hs_timestamp: '2026-11-02T10:00:00Z',
        },
        createdAt: '2026-11-02T10:00:00Z',
        updatedAt: '2026-11-02T10:00:00Z',
        archived: false,
      }),
    );
  }
  return writeAirbyteDir({ 'slack/messages.jsonl': slack, 'hubspot/notes.jsonl': hubspot });
}

function runSync(env: NodeJS.ProcessEnv, dir: string): ChildProcess {
  return spawn(process.execPath, [CLI, 'sync', '--from', dir], { env, stdio: 'ignore' });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/**
 * SIGKILLs `sophia sync` at random points of a large ingest into PostgreSQL, reruns it, and
 * compares the result with a clean run: nothing lost, nothing doubled, and no checkpoint ever
 * ahead of the records it claims.
 */
describe.runIf(url || required)('sync killed at random points', () => {
  let db: PostgresDatabase;
  const schemas: string[] = [];

  beforeAll(async () => {
    if (!url)
      throw new Error(
        'DATABASE_URL is not set, but SOPHIA_REQUIRE_SERVICES=1 requires the PostgreSQL suite',
      );
    db = await PostgresDatabase.open(url);
  });
  afterAll(async () => {
    for (const schema of schemas) await db?.exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db?.close();
  });

  it('loses and doubles nothing', async () => {
    const dir = largeDir();
    const [clean, crashed] = [uniqueSchema(), uniqueSchema()];
    schemas.push(clean, crashed);
    const base = { ...process.env, DATABASE_URL: url, SOPHIA_LOG_LEVEL: 'error' };

    const started = Date.now();
    expect(await exited(runSync({ ...base, SOPHIA_SCHEMA: clean }, dir))).toBe(0);
    const cleanMs = Date.now() - started;

    const random = mulberry32(42);
    for (let kill = 0; kill < 8; kill++) {
      const child = runSync({ ...base, SOPHIA_SCHEMA: crashed }, dir);
      const delay = 300 + random() * cleanMs;
      const timer = setTimeout(() => child.kill('SIGKILL'), delay);
      await exited(child);
      clearTimeout(timer);
      await expectCheckpointsBehindData(db, crashed, dir);
    }
    expect(await exited(runSync({ ...base, SOPHIA_SCHEMA: crashed }, dir))).toBe(0);

    expect(await snapshot(db, crashed)).toEqual(await snapshot(db, clean));
  }, 300_000);
});

/** Every record on a line at or before a stream's checkpoint must be in source_records. */
async function expectCheckpointsBehindData(
  db: PostgresDatabase,
  schema: string,
  dir: string,
): Promise<void> {
  const exists = await db.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM pg_tables WHERE schemaname = $1 AND tablename = 'sync_state'`,
    [schema],
  );
  if (exists[0]?.n === 0) return;

  const states = await db.query<{
    source_type: string;
    stream_name: string;
    checkpoint_data: { files?: Record<string, { line: number }> };
  }>(`SELECT source_type, stream_name, checkpoint_data FROM ${schema}.sync_state`);
  const stored = new Set(
    (
      await db.query<{ keyspace: string; record_key: string }>(
        `SELECT keyspace, record_key FROM ${schema}.source_records`,
      )
    ).map((row) => `${row.keyspace}|${row.record_key}`),
  );
  for (const state of states) {
    for (const [file, checkpoint] of Object.entries(state.checkpoint_data.files ?? {})) {
      const lines = readFileSync(join(dir, file), 'utf8').split('\n').slice(0, checkpoint.line);
      for (const line of lines) {
        if (line.trim() === '') continue;
        const record = (
          JSON.parse(line) as { record: { stream: string; data: Record<string, unknown> } }
        ).record;
        if (record.stream !== state.stream_name) continue;
        const adapter = ADAPTERS[state.source_type as SourceSystem];
        const normalized = adapter.streams[record.stream]?.normalize(record.data, undefined);
        const keyspace =
          state.source_type === 'slack' && record.stream === 'threads'
            ? 'channel_messages'
            : record.stream;
        const key = `${keyspace}|${normalized?.recordKey}`;
        expect(
          stored.has(key),
          `${file}:${key} is behind the ${state.stream_name} checkpoint but not stored`,
        ).toBe(true);
      }
    }
  }
}

async function snapshot(db: PostgresDatabase, schema: string): Promise<unknown> {
  const one = async (sql: string) => db.query(sql);
  return {
    records: await one(
      `SELECT keyspace, record_key, content_hash FROM ${schema}.source_records ORDER BY 1, 2`,
    ),
    interactions: await one(
      `SELECT interaction_key, content_hash FROM ${schema}.interactions ORDER BY 1`,
    ),
    passages: await one(
      `SELECT i.interaction_key, p.ordinal, p.content_hash FROM ${schema}.passages p JOIN ${schema}.interactions i ON i.id = p.interaction_id ORDER BY 1, 2`,
    ),
    deadLetters: await one(`SELECT count(*)::int AS n FROM ${schema}.dead_letters`),
    embeddings: await one(`SELECT count(*)::int AS n FROM ${schema}.embeddings`),
  };
}
