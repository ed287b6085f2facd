import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, openApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { acquireSyncLease, SyncBusyError } from '../../src/pipeline/lock.js';
import { createMcpServer } from '../../src/server.js';
import { storeTargets, testConfig, uniqueSchema, writeAirbyteDir } from '../helpers/stores.js';
import { gongLines, hubspotLines, salesforceLines, slackLines } from './world.js';

/** Returns an optional API method, failing the test when the app does not offer it. */
function requireMethod<T>(method: T | undefined): T {
  if (method === undefined) throw new Error('the app offers no such method');
  return method;
}

function worldDir(): string {
  return writeAirbyteDir({
    'gong/a.jsonl': gongLines(),
    'slack/a.jsonl': slackLines(),
    'hubspot/a.jsonl': hubspotLines(),
    'salesforce/a.jsonl': salesforceLines(),
  });
}

describe.each(storeTargets())('sync jobs on $name', (target) => {
  let db: Database;

  beforeAll(async () => {
    db = await target.open();
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  async function twoProcesses(): Promise<[App, App]> {
    const schema = uniqueSchema();
    const config = testConfig({ syncFrom: worldDir() });
    // Two apps on one schema behave like two server processes sharing a database.
    return [await openApp(config, { db, schema }), await openApp(config, { db, schema })];
  }

  it('returns a job id at once and records the run', async () => {
    const [app] = await twoProcesses();
    const { runId, done } = await requireMethod(app.api.triggerSync)({
      sources: ['hubspot', 'gong'],
    });
    const outcome = await done;
    const status = await requireMethod(app.api.syncStatus)(runId);

    expect(outcome.status).toBe('succeeded');
    expect(status.run?.status).toBe('succeeded');
    expect(status.run?.report?.sources.map((source) => source.source)).toEqual(['hubspot', 'gong']);
    expect(status.freshness.find((entry) => entry.source === 'gong')?.lastSyncAt).not.toBeNull();
    expect(status.freshness.find((entry) => entry.source === 'slack')?.lastSyncAt).toBeNull();
  });

  it('runs one sync per domain across processes', async () => {
    const [first, second] = await twoProcesses();
    const results = await Promise.allSettled([
      first.sync({ dir: worldDir() }),
      second.sync({ dir: worldDir() }),
    ]);
    const rejected = results.filter((result) => result.status === 'rejected');

    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(rejected).toHaveLength(1);
    expect((rejected[0] as PromiseRejectedResult).reason).toBeInstanceOf(SyncBusyError);
    // The turned-away sync left no run behind.
    const runs = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${first.schema}.sync_runs`,
    );
    expect(runs[0]?.n).toBe(1);
    const held = await acquireSyncLease(db, first.schema, '00000000-0000-4000-8000-000000000001');
    await expect(requireMethod(second.api.triggerSync)({})).rejects.toThrow(/already running/);
    await held.release();
    // The lease is released: a later sync runs.
    await expect(second.sync({ dir: worldDir() })).resolves.toBeDefined();
  });

  it('takes over a lease whose holder died', async () => {
    const [app] = await twoProcesses();
    await db.query(
      `INSERT INTO ${app.schema}.sync_lock (name, holder, expires_at) VALUES ('sync', 'crashed:1', now() - interval '1 minute')`,
    );

    await expect(app.sync({ dir: worldDir() })).resolves.toBeDefined();
  });

  it('streams progress through trigger_sync and reports with get_sync_status', async () => {
    const [app] = await twoProcesses();
    const server = createMcpServer({ api: Promise.resolve(app.api) });
    const client = new Client({ name: 'jobs-test', version: '1.0.0' });
    const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
    await server.connect(serverTransport);
    await client.connect(clientTransport);

    try {
      const progress: number[] = [];
      const started = await client.callTool(
        { name: 'trigger_sync', arguments: { wait: true } },
        undefined,
        {
          onprogress: (event) => progress.push(event.progress),
        },
      );
      const jobId = (started.structuredContent as { job_id: string }).job_id;
      const status = await client.callTool({
        name: 'get_sync_status',
        arguments: { job_id: jobId },
      });
      const job = (
        status.structuredContent as {
          job: { status: string; sources: { streams: { records: number }[] }[] };
        }
      ).job;

      expect((started.structuredContent as { status: string }).status).toBe('succeeded');
      expect(progress.length).toBeGreaterThan(0);
      expect(progress).toEqual([...progress].sort((a, b) => a - b));
      expect(job.status).toBe('succeeded');
      expect(
        job.sources
          .flatMap((source) => source.streams)
          .reduce((sum, stream) => sum + stream.records, 0),
      ).toBeGreaterThan(10);

      const unknown = await client.callTool({
        name: 'get_sync_status',
        arguments: { job_id: '00000000-0000-4000-8000-000000000000' },
      });
      expect(unknown.isError).toBe(true);
    } finally {
      await client.close();
      await server.close();
    }
  });
});

describe('sync schedule', () => {
  it('reads intervals and cron expressions', async () => {
    const { parseSyncEvery } = await import('../../src/pipeline/schedule.js');

    expect(parseSyncEvery('6h')).toEqual({ intervalMs: 6 * 3_600_000 });
    expect(parseSyncEvery('0 */6 * * *')).toEqual({ cron: '0 */6 * * *' });
    expect(() => parseSyncEvery('10s')).toThrow(/shorter than one minute/);
    expect(() => parseSyncEvery('often')).toThrow(/neither an interval/);
    expect(() => parseSyncEvery('99 * * * *')).toThrow(/not a valid cron/);
  });
});
