import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoachingReport, CoachingReportResult } from '../../src/api.js';
import type { App } from '../../src/app.js';
import { storeCallMetrics } from '../../src/coaching/measure.js';
import { generateCoachingReport } from '../../src/coaching/report.js';
import { METRIC_CODE_VERSION } from '../../src/coaching/stored-metrics.js';
import type { Database, Queryable } from '../../src/db/database.js';
import { openTestApp, storeTargets, writeAirbyteDir } from '../helpers/stores.js';
import {
  CALLS,
  DANA,
  gongLines,
  hubspotLines,
  salesforceLines,
  slackLines,
  withoutLastSentence,
} from './world.js';

const NOW = new Date('2026-11-04T12:00:00Z');
const Q3 = { from: 'Q3 2026' };
const DANA_Q3_KEYS = [CALLS.a, CALLS.b, CALLS.c].map((id) => `gong:call:${id}`);

interface LoggedQuery {
  sql: string;
  params: unknown[];
}

/** Wraps `db` to record every statement, optionally failing the ones `fail` matches. */
function recording(db: Queryable, fail?: RegExp): { db: Queryable; log: LoggedQuery[] } {
  const log: LoggedQuery[] = [];
  return {
    log,
    db: {
      query: (sql, params = []) => {
        log.push({ sql, params });
        if (fail?.test(sql)) return Promise.reject(new Error('write rejected by the test'));
        return db.query(sql, params);
      },
    },
  };
}

/** Interaction keys of the calls whose transcripts a report loaded. */
function transcriptKeys(log: LoggedQuery[]): string[] {
  return log
    .filter((entry) => entry.sql.includes("data->'transcript'"))
    .flatMap((entry) => entry.params[0] as string[]);
}

function expectReport(result: CoachingReportResult): CoachingReport {
  if (result.status !== 'ok') throw new Error(`expected a report, got ${result.message}`);
  return result;
}

describe.each(storeTargets())('stored call metrics on $name', (target) => {
  let db: Database;

  beforeAll(async () => {
    db = await target.open();
  });

  afterAll(async () => {
    await db?.close();
  });

  async function syncedApp(): Promise<App> {
    const app = await openTestApp(db, { now: NOW, disableVector: true });
    // These tests watch reports fill the store, so the sync itself must not measure calls.
    app.pipeline.coachingOnSync = false;
    await app.sync({
      dir: writeAirbyteDir({
        'gong/gong.jsonl': gongLines(),
        'slack/slack.jsonl': slackLines(),
        'hubspot/hubspot.jsonl': hubspotLines(),
        'salesforce/salesforce.jsonl': salesforceLines(),
      }),
    });
    return app;
  }

  async function report(app: App, queryable: Queryable = app.db): Promise<CoachingReport> {
    return expectReport(
      await generateCoachingReport(
        { db: queryable, schema: app.schema, now: () => NOW },
        { rep: DANA.name, ...Q3 },
      ),
    );
  }

  async function storedRows(app: App) {
    return db.query<{ interaction_id: string; input_version: string; summary: string }>(
      `SELECT interaction_id, input_version, summary FROM ${app.schema}.coaching_call_metrics`,
    );
  }

  /** The stored row of call A for Dana Whitfield (speaker `spk-a-1`). */
  async function danaRowOfCallA(app: App) {
    const rows = await db.query<{ interaction_id: string; input_version: string; summary: string }>(
      `SELECT m.interaction_id, m.input_version, m.summary
       FROM ${app.schema}.coaching_call_metrics m
       JOIN ${app.schema}.interactions i ON i.id = m.interaction_id
       WHERE i.call_id = $1 AND m.rep_speaker_ids = '["spk-a-1"]'`,
      [CALLS.a],
    );
    const row = rows[0];
    if (row === undefined) throw new Error('no stored row of call A for Dana');
    return row;
  }

  it('stores summaries for later reports', async () => {
    const app = await syncedApp();
    const first = recording(app.db);
    const computed = await report(app, first.db);
    const later = recording(app.db);
    const reread = await report(app, later.db);
    const rows = await storedRows(app);

    // Dana's calls A, B and C, Sam's two (one of them C), Lee's, Dana Okafor's, and Dana's
    // previous call: eight summaries from seven transcripts.
    expect(rows).toHaveLength(8);
    expect(rows.every((row) => row.input_version.endsWith(`:${METRIC_CODE_VERSION}`))).toBe(true);
    expect(transcriptKeys(first.log)).toHaveLength(7);
    expect(transcriptKeys(later.log).length).toBeGreaterThan(0);
    // Three more queries per period when nothing is stored: summaries, transcripts, the write.
    expect(first.log.length).toBeLessThanOrEqual(17);
    expect(later.log.length).toBeLessThanOrEqual(14);
    for (const key of transcriptKeys(later.log)) expect(DANA_Q3_KEYS).toContain(key);
    expect(reread).toEqual(computed);
  });

  it('measures calls during the sync by default', async () => {
    const app = await openTestApp(db, { now: NOW, disableVector: true });
    await app.sync({ dir: writeAirbyteDir({ 'gong/gong.jsonl': gongLines() }) });
    const rows = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${app.schema}.coaching_call_metrics`,
    );

    expect(rows[0]?.n).toBeGreaterThan(0);
  });

  it('invalidates a summary when its transcript changes', async () => {
    const app = await syncedApp();
    const before = await report(app);
    const rowBefore = await danaRowOfCallA(app);
    await app.sync({
      dir: writeAirbyteDir({ 'gong/gong.jsonl': [withoutLastSentence(gongLines(), CALLS.a)] }),
    });
    const after = await report(app);
    const rowAfter = await danaRowOfCallA(app);

    expect(before.calls[0]?.callId).toBe(CALLS.a);
    expect(before.calls[0]?.metrics.questionsPerCall).toBe(3);
    expect(after.calls[0]?.metrics.questionsPerCall).toBe(2);
    expect(rowAfter.input_version).not.toBe(rowBefore.input_version);
    expect(JSON.parse(rowAfter.summary).metrics.questionsPerCall.value).toBe(2);
    expect(await storedRows(app)).toHaveLength(8);
  });

  it('reads values from the stored summary', async () => {
    const app = await syncedApp();
    await report(app);
    const row = await danaRowOfCallA(app);
    const summary = JSON.parse(row.summary);
    summary.metrics.questionsPerCall = {
      value: 99,
      unit: 'questions_per_call',
      basis: { numerator: 99, denominator: 1 },
    };
    await db.query(
      `UPDATE ${app.schema}.coaching_call_metrics SET summary = $2 WHERE interaction_id = $1
         AND rep_speaker_ids = '["spk-a-1"]'`,
      [row.interaction_id, JSON.stringify(summary)],
    );
    const edited = await report(app);

    await db.query(
      `UPDATE ${app.schema}.coaching_call_metrics SET input_version = 'other-code'
       WHERE interaction_id = $1`,
      [row.interaction_id],
    );
    const remeasured = await report(app);

    expect(edited.calls[0]?.metrics.questionsPerCall).toBe(99);
    expect(remeasured.calls[0]?.metrics.questionsPerCall).toBe(3);
    expect((await danaRowOfCallA(app)).input_version).toBe(row.input_version);
  });

  it('stores summaries of synced calls', async () => {
    const app = await syncedApp();
    const ids = await db.query<{ id: string }>(
      `SELECT id FROM ${app.schema}.interactions WHERE source_system = 'gong'`,
    );
    const written = await storeCallMetrics(
      app.db,
      app.schema,
      ids.map((row) => row.id),
    );
    const again = await storeCallMetrics(
      app.db,
      app.schema,
      ids.map((row) => row.id),
    );
    const log = recording(app.db);
    await report(app, log.db);

    // The eight measured in Q3 and before, plus the October call.
    expect(written).toBe(9);
    expect(again).toBe(0);
    expect(log.log.some((entry) => entry.sql.includes('INSERT INTO'))).toBe(false);
    for (const key of transcriptKeys(log.log)) expect(DANA_Q3_KEYS).toContain(key);
  });

  it('reports when storing fails', async () => {
    const app = await syncedApp();
    const failing = recording(app.db, /INSERT INTO \S+\.coaching_call_metrics/);
    const computed = await report(app, failing.db);

    expect(failing.log.some((entry) => entry.sql.includes('coaching_call_metrics'))).toBe(true);
    expect(computed.calls[0]?.metrics.questionsPerCall).toBe(3);
    expect(await storedRows(app)).toHaveLength(0);
  });
});
