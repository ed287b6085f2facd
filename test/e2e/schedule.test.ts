import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { PostgresDatabase } from '../../src/db/postgres.js';
import { writeAirbyteDir } from '../helpers/stores.js';
import { gongLines, hubspotLines, salesforceLines, slackLines } from '../pipeline/world.js';

const CLI = fileURLToPath(new URL('../../dist/src/cli.js', import.meta.url));
const url = process.env.DATABASE_URL;
const required = process.env.SOPHIA_REQUIRE_SERVICES === '1';

/**
 * Two `sophia serve --sync-every` processes on one PostgreSQL database, syncing every two
 * seconds: the sync lease must keep their successful runs from ever overlapping.
 */
describe.runIf(url || required)('scheduled sync across processes', () => {
  const children: ChildProcess[] = [];

  afterAll(() => {
    for (const child of children) child.kill('SIGTERM');
  });

  it('never runs two syncs of one domain at once', async () => {
    if (!url)
      throw new Error(
        'DATABASE_URL is not set, but SOPHIA_REQUIRE_SERVICES=1 requires the PostgreSQL suite',
      );
    const db = await PostgresDatabase.open(url);
    try {
      await db.exec('DROP SCHEMA IF EXISTS personal CASCADE');
      const dir = writeAirbyteDir({
        'gong/a.jsonl': gongLines(),
        'slack/a.jsonl': slackLines(),
        'hubspot/a.jsonl': hubspotLines(),
        'salesforce/a.jsonl': salesforceLines(),
      });
      const env = {
        ...process.env,
        DATABASE_URL: url,
        SOPHIA_DOMAIN: 'personal',
        SOPHIA_SYNC_FROM: dir,
        SOPHIA_LOG_LEVEL: 'warn',
        SOPHIA_CACHE_NAMESPACE: `schedule-${process.pid}:`,
      };
      for (let i = 0; i < 2; i++) {
        // stdin stays open, so the stdio server keeps running until it is killed.
        children.push(
          spawn(process.execPath, [CLI, 'serve', '--sync-every', '*/2 * * * * *'], {
            env,
            stdio: ['pipe', 'ignore', 'inherit'],
          }),
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 12_000));
      for (const child of children) child.kill('SIGTERM');

      const runs = await db.query<{ started_at: Date; finished_at: Date | null; status: string }>(
        `SELECT started_at, finished_at, status FROM personal.sync_runs WHERE trigger = 'schedule' ORDER BY started_at`,
      );
      const finished = runs.filter((run) => run.finished_at !== null);
      expect(finished.length).toBeGreaterThanOrEqual(2);
      for (let i = 1; i < finished.length; i++) {
        const previous = finished[i - 1]?.finished_at?.getTime() ?? 0;
        expect(finished[i]?.started_at.getTime()).toBeGreaterThanOrEqual(previous);
      }
      expect(finished.every((run) => run.status === 'succeeded')).toBe(true);
    } finally {
      await db.close();
    }
  }, 60_000);
});
