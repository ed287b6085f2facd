import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CoachingReport, CoachingReportResult } from '../../src/api.js';
import type { App } from '../../src/app.js';
import { PNG_SIGNATURE } from '../../src/coaching/index.js';
import {
  createCallMetricsCache,
  generateCoachingReport,
  type MetricReport,
} from '../../src/coaching/report.js';
import type { MetricName } from '../../src/coaching/types.js';
import type { Database, Queryable } from '../../src/db/database.js';
import { openTestApp, storeTargets, writeAirbyteDir } from '../helpers/stores.js';
import { type Connection, connectClient, resultText } from '../mcp/connect.js';
import {
  CALL_LINK_BASE,
  CALLS,
  DANA,
  DANA_OKAFOR,
  gongLines,
  hubspotLines,
  LEE,
  SAM,
  salesforceLines,
  slackLines,
  withoutLastSentence,
} from './world.js';

const NOW = new Date('2026-11-04T12:00:00Z');
const Q3 = { from: 'Q3 2026' };

/** Talk ratios of each team member in Q3, from the transcripts in world.ts. */
const TALK = {
  dana: (80 + 100) / (170 + 180),
  sam: 30 / 90,
  lee: 40 / 90,
  okafor: 60 / 80,
};

function expectReport(result: CoachingReportResult): CoachingReport {
  if (result.status !== 'ok') throw new Error(`expected a report, got ${result.message}`);
  return result;
}

function metricOf(report: CoachingReport, name: MetricName): MetricReport {
  const metric = report.metrics.find((entry) => entry.metric === name);
  if (metric === undefined) throw new Error(`metric ${name} missing from the report`);
  return metric;
}

/** Linear interpolation between closest ranks, as NumPy's default percentile does. */
function interpolate(sorted: number[], p: number): number {
  const rank = (sorted.length - 1) * p;
  const low = sorted[Math.floor(rank)] as number;
  const high = sorted[Math.ceil(rank)] as number;
  return low + (rank - Math.floor(rank)) * (high - low);
}

function countingQueries(db: Queryable): { db: Queryable; count(): number; statements: string[] } {
  const statements: string[] = [];
  return {
    db: {
      query: (sql, params) => {
        statements.push(sql);
        return db.query(sql, params);
      },
    },
    count: () => statements.length,
    statements,
  };
}

describe.each(storeTargets())('coaching report on $name', (target) => {
  let db: Database;
  let app: App;
  let dana: CoachingReport;

  beforeAll(async () => {
    db = await target.open();
    app = await openTestApp(db, { now: NOW, disableVector: true });
    await app.sync({
      dir: writeAirbyteDir({
        'gong/gong.jsonl': gongLines(),
        'slack/slack.jsonl': slackLines(),
        'hubspot/hubspot.jsonl': hubspotLines(),
        'salesforce/salesforce.jsonl': salesforceLines(),
      }),
    });
    dana = expectReport(await app.api.coachingReport({ rep: DANA.name, ...Q3 }));
  }, 120_000);

  afterAll(async () => {
    await db?.close();
  });

  describe('rep resolution', () => {
    it('resolves rep by e-mail and ids', async () => {
      const byEmail = expectReport(await app.api.coachingReport({ rep: DANA.email, ...Q3 }));
      const byGongId = expectReport(await app.api.coachingReport({ rep: DANA.gongUserId, ...Q3 }));
      const byId = expectReport(await app.api.coachingReport({ rep: dana.rep.id, ...Q3 }));

      expect(dana.rep.name).toBe(DANA.name);
      expect(dana.rep.emails).toEqual([DANA.email]);
      expect(byEmail.rep.id).toBe(dana.rep.id);
      expect(byGongId.rep.id).toBe(dana.rep.id);
      expect(byId.rep.id).toBe(dana.rep.id);
    });

    it('returns candidates for an ambiguous name', async () => {
      const result = await app.api.coachingReport({ rep: 'Dana', ...Q3 });
      if (result.status !== 'ambiguous') throw new Error('expected status "ambiguous"');
      const byName = new Map(result.candidates.map((candidate) => [candidate.name, candidate]));

      expect([...byName.keys()].sort()).toEqual([DANA_OKAFOR.name, DANA.name]);
      expect(byName.get(DANA.name)?.id).toBe(dana.rep.id);
      expect(byName.get(DANA.name)?.emails).toEqual([DANA.email]);
      expect(byName.get(DANA.name)?.callsInPeriod).toBe(4);
      expect(byName.get(DANA_OKAFOR.name)?.callsInPeriod).toBe(1);
      expect(result.message).toContain(dana.rep.id);
    });

    it('rejects an unknown rep', async () => {
      const report = app.api.coachingReport({ rep: 'Zelda Quimby', ...Q3 });

      await expect(report).rejects.toThrow(/"rep".*Zelda Quimby.*lookup_entity/);
    });

    it('rejects a customer as rep', async () => {
      const report = app.api.coachingReport({ rep: 'Robin Hale', ...Q3 });

      await expect(report).rejects.toThrow(/"rep".*outside the team \(Robin Hale\)/);
    });

    it('rejects an unreadable period', async () => {
      await expect(app.api.coachingReport({ rep: DANA.name, from: 'someday' })).rejects.toThrow(
        /"from"/,
      );
      await expect(app.api.coachingReport({ rep: DANA.name, from: ' ' })).rejects.toThrow(/"from"/);
    });
  });

  describe('metrics', () => {
    it('counts only calls inside the period', () => {
      const ids = dana.calls.map((call) => call.callId);

      expect(ids).toEqual([CALLS.a, CALLS.b, CALLS.c, CALLS.d]);
      expect(dana.callCount).toBe(4);
      expect(dana.period).toEqual({
        from: '2026-07-01T00:00:00.000Z',
        to: '2026-09-30T23:59:59.999Z',
        label: '2026-07-01 to 2026-09-30',
      });
    });

    it('aggregates period metrics from summed parts', () => {
      expect(metricOf(dana, 'talkRatio').value).toBeCloseTo(TALK.dana, 12);
      expect(metricOf(dana, 'talkRatio').callsUsed).toBe(2);
      expect(metricOf(dana, 'longestMonologue').value).toBe(60);
      expect(metricOf(dana, 'longestCustomerStory').value).toBe(60);
      expect(metricOf(dana, 'interactivity').value).toBeCloseTo(
        (6 + 5 + 2) / ((183.5 + 188 + 72) / 60),
        12,
      );
      expect(metricOf(dana, 'patience').value).toBeCloseTo((6 + 5) / (3 + 3), 12);
      expect(metricOf(dana, 'questionRate').value).toBeCloseTo(4 / ((300 + 600 + 120) / 3600), 12);
      expect(metricOf(dana, 'questionsPerCall').value).toBeCloseTo(4 / 3, 12);
      expect(metricOf(dana, 'fillerRate').value).toBeCloseTo(2 / ((80 + 100 + 40) / 60), 12);
    });

    it('reports exact per-call values', () => {
      const [first, second, internal, untranscribed] = dana.calls;

      expect(first?.metrics.talkRatio).toBeCloseTo(80 / 170, 12);
      expect(first?.metrics.longestMonologue).toBe(30.5);
      expect(first?.metrics.patience).toBe(2);
      expect(first?.metrics.questionsPerCall).toBe(3);
      expect(first?.metrics.questionRate).toBe(36);
      expect(second?.metrics.talkRatio).toBeCloseTo(100 / 180, 12);
      expect(second?.metrics.patience).toBeCloseTo(5 / 3, 12);
      expect(internal?.metrics.talkRatio).toBeNull();
      expect(internal?.metrics.questionsPerCall).toBe(1);
      expect(untranscribed?.metrics.talkRatio).toBeNull();
    });

    it('attributes rep by party e-mail', () => {
      const quillon = dana.calls.find((call) => call.callId === CALLS.b);

      expect(quillon?.metrics.longestMonologue).toBe(60);
      expect(quillon?.missing).toEqual({});
    });

    it('lists uncomputable calls with reasons', () => {
      const internal = dana.gaps.filter((gap) => gap.callId === CALLS.c);
      const untranscribed = dana.gaps.filter((gap) => gap.callId === CALLS.d);

      expect(internal).toHaveLength(1);
      expect(internal[0]?.metrics).toEqual(['talkRatio', 'longestCustomerStory', 'patience']);
      expect(internal[0]?.reason).toMatch(/no timed sentence from a customer/);
      expect(untranscribed).toHaveLength(1);
      expect(untranscribed[0]?.metrics).toHaveLength(8);
      expect(untranscribed[0]?.reason).toBe('no transcript of this call has been synced');
      expect(dana.gaps).toHaveLength(2);
    });

    it('counts unknown speakers in talk ratio', async () => {
      const lee = expectReport(await app.api.coachingReport({ rep: LEE.email, ...Q3 }));

      expect(metricOf(lee, 'talkRatio').value).toBeCloseTo(TALK.lee, 12);
    });
  });

  describe('comparison', () => {
    it('builds team from internal parties', () => {
      const members = dana.team.members.map((member) => [member.name, member.callCount]);

      expect(dana.team.basis).toBe('team');
      expect(members).toEqual([
        [DANA_OKAFOR.name, 1],
        [DANA.name, 4],
        [LEE.name, 1],
        [SAM.name, 2],
      ]);
    });

    it('computes team percentiles of the period', () => {
      const team = metricOf(dana, 'talkRatio').team;
      const sorted = [TALK.sam, TALK.lee, TALK.dana, TALK.okafor];
      if (!('median' in team)) throw new Error('expected a team distribution');

      expect(team.count).toBe(4);
      expect(team.min).toBeCloseTo(TALK.sam, 12);
      expect(team.p10).toBeCloseTo(interpolate(sorted, 0.1), 12);
      expect(team.p25).toBeCloseTo(TALK.sam + 0.75 * (TALK.lee - TALK.sam), 12);
      expect(team.median).toBeCloseTo((TALK.lee + TALK.dana) / 2, 12);
      expect(team.p75).toBeCloseTo(TALK.dana + 0.25 * (TALK.okafor - TALK.dana), 12);
      expect(team.p90).toBeCloseTo(interpolate(sorted, 0.9), 12);
      expect(team.max).toBeCloseTo(TALK.okafor, 12);
      expect(metricOf(dana, 'talkRatio').percentileRank).toBe(62.5);
    });

    it('compares with selected people only', async () => {
      const report = expectReport(
        await app.api.coachingReport({ rep: DANA.name, ...Q3, compareTo: [SAM.name, LEE.email] }),
      );
      const team = metricOf(report, 'talkRatio').team;
      if (!('median' in team)) throw new Error('expected a team distribution');

      expect(report.team.basis).toBe('selected');
      expect(report.team.members.map((member) => member.name)).toEqual([
        DANA.name,
        LEE.name,
        SAM.name,
      ]);
      expect(team.count).toBe(3);
      expect(team.median).toBeCloseTo(TALK.lee, 12);
      expect(metricOf(report, 'talkRatio').value).toBeCloseTo(TALK.dana, 12);
    });

    it('rejects an ambiguous compare_to entry', async () => {
      const report = app.api.coachingReport({ rep: DANA.name, ...Q3, compareTo: ['Dana'] });

      await expect(report).rejects.toThrow(/"compare_to".*Dana Okafor/);
    });

    it('compares with the previous period', () => {
      const trend = metricOf(dana, 'talkRatio').trend;
      if (!('direction' in trend)) throw new Error('expected a trend');

      expect(dana.previousPeriod).toEqual({
        from: '2026-03-31T00:00:00.000Z',
        to: '2026-06-30T23:59:59.999Z',
        callCount: 1,
      });
      expect(trend.previous).toBeCloseTo(70 / 90, 12);
      expect(trend.delta).toBeCloseTo(TALK.dana - 70 / 90, 12);
      expect(trend.direction).toBe('down');
      expect(metricOf(dana, 'longestMonologue').trend).toMatchObject({
        previous: 60,
        direction: 'flat',
      });
    });

    it('places values against reference bands', () => {
      expect(metricOf(dana, 'talkRatio').reference).toMatchObject({ position: 'above' });
      expect(metricOf(dana, 'talkRatio').reference?.distance).toBeCloseTo(TALK.dana - 0.43, 12);
      expect(metricOf(dana, 'questionsPerCall').reference).toMatchObject({ position: 'below' });
      expect(metricOf(dana, 'patience').reference).toBeUndefined();
    });
  });

  describe('moments', () => {
    it('explains each metric with linked moments', () => {
      for (const metric of dana.metrics) {
        expect(metric.moments.length, metric.metric).toBeGreaterThanOrEqual(2);
        expect(metric.moments.length, metric.metric).toBeLessThanOrEqual(3);
        for (const moment of metric.moments) {
          expect(moment.deepLink, metric.metric).toBe(
            `${CALL_LINK_BASE}${moment.callId}#t=${Math.floor((moment.startMs ?? 0) / 1000)}`,
          );
          expect(moment.excerpt.length, metric.metric).toBeGreaterThan(0);
        }
      }
    });

    it('picks the longest monologue first', () => {
      const [longest] = metricOf(dana, 'longestMonologue').moments;

      expect(longest?.callId).toBe(CALLS.b);
      expect(longest?.callTitle).toBe('Quillon Bio approvals');
      expect(longest?.callStartedAt).toBe('2026-08-20T15:00:00.000Z');
      expect(longest?.startMs).toBe(105_000);
      expect(longest?.excerpt).toMatch(/^Our approval rules handle that/);
    });

    it('returns the chart as a PNG', () => {
      expect(dana.chartPng.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(dana.chartPng.readUInt32BE(16)).toBe(800);
      expect(dana.chartPng.readUInt32BE(20)).toBe(500);
    });
  });

  describe('cross-channel habits', () => {
    it('measures Slack replies to customers', () => {
      const slack = dana.habits.slackReplies;

      expect(slack.threads).toBe(5);
      expect(slack.replies).toBe(3);
      expect(slack.medianMinutes).toBe(30);
      expect(slack.answeredByColleague).toBe(1);
      expect(slack.unanswered).toBe(1);
      expect(slack.slowest.map((reply) => reply.minutes)).toEqual([120, 30, 10]);
      expect(slack.slowest[0]?.customerMessageAt).toBe('2026-08-03T09:00:00.000Z');
      expect(slack.slowest[0]?.channel).toBe('#ext-harborline');
    });

    it('checks CRM follow-up within 24 hours', () => {
      const byCall = new Map(dana.calls.map((call) => [call.callId, call.crmFollowUp]));

      expect(dana.habits.crmFollowUp).toMatchObject({ callsChecked: 3, callsWithFollowUp: 2 });
      expect(dana.habits.crmFollowUp.share).toBeCloseTo(2 / 3, 12);
      expect(byCall.get(CALLS.a)).toMatchObject({ source: 'hubspot', matchedBy: 'author' });
      expect(byCall.get(CALLS.a)?.at).toBe('2026-07-14T18:00:00.000Z');
      expect(byCall.get(CALLS.b)).toMatchObject({ source: 'salesforce', matchedBy: 'company' });
      expect(byCall.get(CALLS.c)).toBeUndefined();
      expect(byCall.get(CALLS.d)).toBeNull();
    });

    it('reports missing Slack data', async () => {
      const lee = expectReport(await app.api.coachingReport({ rep: LEE.name, ...Q3 }));

      expect(lee.habits.slackReplies.medianMinutes).toBeNull();
      expect(lee.habits.slackReplies.reason).toMatch(/no Slack thread/);
    });
  });

  describe('store access', () => {
    it('runs a bounded number of queries', async () => {
      const counter = countingQueries(app.db);
      await generateCoachingReport(
        { db: counter.db, schema: app.schema, now: () => NOW },
        { rep: DANA.name, ...Q3 },
      );

      // Eleven to resolve the rep and read calls, Slack and CRM notes; two for the stored
      // summaries of both periods; one for the transcripts of the calls whose moments are shown.
      expect(counter.count()).toBeLessThanOrEqual(14);
    });

    it('reuses cached call metrics', async () => {
      const cache = createCallMetricsCache();
      const cold = countingQueries(app.db);
      const warm = countingQueries(app.db);
      const first = await generateCoachingReport(
        { db: cold.db, schema: app.schema, now: () => NOW, cache },
        { rep: DANA.name, ...Q3 },
      );
      const second = await generateCoachingReport(
        { db: warm.db, schema: app.schema, now: () => NOW, cache },
        { rep: DANA.name, ...Q3 },
      );
      const { chartPng: _first, ...firstReport } = expectReport(first);
      const { chartPng: _second, ...secondReport } = expectReport(second);
      const perCall = /coaching_call_metrics|data->'transcript'/;

      // Q3: Dana Whitfield's calls A, B and C, Sam's two, Lee's and Dana Okafor's one each; and
      // Dana Whitfield's call of the previous period. Call D has no transcript to measure.
      expect(cache.size).toBe(8);
      expect(cold.statements.some((sql) => perCall.test(sql))).toBe(true);
      expect(warm.statements.some((sql) => perCall.test(sql))).toBe(false);
      expect(warm.count()).toBe(cold.count() - 3);
      expect(secondReport).toEqual(firstReport);
    });
  });

  it('measures a changed transcript again', async () => {
    const changed = await openTestApp(db, { now: NOW, disableVector: true });
    const lines = gongLines();
    await changed.sync({ dir: writeAirbyteDir({ 'gong/gong.jsonl': lines }) });
    const before = expectReport(await changed.api.coachingReport({ rep: DANA.name, ...Q3 }));
    await changed.sync({
      dir: writeAirbyteDir({ 'gong/gong.jsonl': [withoutLastSentence(lines, CALLS.a)] }),
    });
    const after = expectReport(await changed.api.coachingReport({ rep: DANA.name, ...Q3 }));

    expect(before.calls[0]?.metrics.questionsPerCall).toBe(3);
    expect(after.calls[0]?.metrics.questionsPerCall).toBe(2);
  });

  describe('MCP tool', () => {
    let connection: Connection;

    beforeAll(async () => {
      connection = await connectClient({ api: Promise.resolve(app.api) });
    });

    afterAll(async () => {
      await connection?.close();
    });

    it('returns text, structure and image', async () => {
      const result = await connection.client.callTool({
        name: 'generate_coaching_report',
        arguments: { rep: DANA.email, from: '2026-07-01', to: '2026-09-30' },
      });
      const content = result.content as { type: string; data?: string; mimeType?: string }[];
      const structured = result.structuredContent as Record<string, unknown> & {
        metrics: { metric: string; value: number | null; moments: { deep_link?: string }[] }[];
        habits: {
          slack_replies: { median_minutes: number };
          crm_follow_up: { calls_with_follow_up: number };
        };
      };
      const image = content.find((item) => item.type === 'image');
      const talk = structured.metrics.find((metric) => metric.metric === 'talkRatio');

      expect(result.isError).toBeFalsy();
      expect(resultText(result)).toContain(
        'Coaching report for Dana Whitfield, 2026-07-01 to 2026-09-30: 4 Gong calls',
      );
      expect(resultText(result)).toContain('Talk ratio: 51% over 2 calls; team median 48%');
      expect(resultText(result)).toContain(`${CALL_LINK_BASE}${CALLS.b}#t=105`);
      expect(resultText(result)).toMatch(/<data-[0-9a-f]{8}>\n\s+Our approval rules handle that/);
      expect(image?.mimeType).toBe('image/png');
      expect(
        Buffer.from(image?.data ?? '', 'base64')
          .subarray(0, 8)
          .equals(PNG_SIGNATURE),
      ).toBe(true);
      expect(structured.status).toBe('ok');
      expect(structured.call_count).toBe(4);
      expect(talk?.value).toBeCloseTo(TALK.dana, 12);
      expect(talk?.moments[0]?.deep_link).toContain(CALL_LINK_BASE);
      expect(structured.habits.slack_replies.median_minutes).toBe(30);
      expect(structured.habits.crm_follow_up.calls_with_follow_up).toBe(2);
    });

    it('returns candidates for an ambiguous rep', async () => {
      const result = await connection.client.callTool({
        name: 'generate_coaching_report',
        arguments: { rep: 'Dana', from: 'Q3 2026' },
      });
      const structured = result.structuredContent as {
        status: string;
        candidates: { name: string }[];
      };

      expect(result.isError).toBeFalsy();
      expect(structured.status).toBe('ambiguous');
      expect(structured.candidates.map((candidate) => candidate.name).sort()).toEqual([
        DANA_OKAFOR.name,
        DANA.name,
      ]);
      expect(resultText(result)).toContain(`- ${DANA.name} <${DANA.email}>`);
      expect((result.content as unknown[]).length).toBe(1);
    });

    it('reports an unknown rep as a tool error', async () => {
      const result = await connection.client.callTool({
        name: 'generate_coaching_report',
        arguments: { rep: 'Zelda Quimby', from: 'Q3 2026' },
      });

      expect(result.isError).toBe(true);
      expect(resultText(result)).toMatch(/"rep".*lookup_entity/);
    });

    it('offers the one-on-one prompt', async () => {
      const prompt = await connection.client.getPrompt({
        name: 'coaching_one_on_one',
        arguments: { rep: DANA.name, period: '2026-07-01 to 2026-09-30' },
      });
      const message = prompt.messages[0]?.content;
      const text = message?.type === 'text' ? message.text : '';

      expect(text).toContain(
        'Call generate_coaching_report with rep "Dana Whitfield" and from "2026-07-01" and to "2026-09-30"',
      );
      expect(text).toContain('status "ambiguous"');
    });
  });
});
