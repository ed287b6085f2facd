import { describe, expect, it } from 'vitest';
import {
  aggregatePeriod,
  compareToReference,
  compareTrend,
  computeCallMetrics,
  type Distribution,
  isDistribution,
  isTrend,
  METRIC_NAMES,
  type MetricName,
  type MetricValue,
  type PeriodMetrics,
  percentile,
  periodMoments,
  type Trend,
  teamDistribution,
} from '../../src/coaching/index.js';
import { COLLEAGUE, CUSTOMER, callOf, REP, said } from './call-builder.js';

const HALF_HOUR = 1_800_000;

/** Rep 0–30 s, customer 31–61 s, three rep questions; talk ratio 0.5. */
const callA = computeCallMetrics(
  callOf(
    [
      said(REP, 0, 10, 'What do you use today?'),
      said(REP, 10, 20, 'Who owns it?'),
      said(REP, 20, 30, 'Is it working?'),
      said(CUSTOMER, 31, 61, 'A spreadsheet that nobody owns.'),
    ],
    { callId: 'call-a', durationMs: HALF_HOUR, startedAt: new Date('2024-07-02T15:00:00Z') },
  ),
);

/** Rep 0–10 s, customer 10.5–40.5 s, one rep question; talk ratio 0.25. */
const callB = computeCallMetrics(
  callOf([said(REP, 0, 10, 'Can you describe the approval flow?'), said(CUSTOMER, 10.5, 40.5)], {
    callId: 'call-b',
    durationMs: HALF_HOUR,
    startedAt: new Date('2024-07-09T15:00:00Z'),
  }),
);

/** Internal call: no customer, so no talk ratio; a 50 s rep monologue. */
const callC = computeCallMetrics(
  callOf([said(REP, 0, 50), said(COLLEAGUE, 51, 60)], {
    callId: 'call-c',
    durationMs: HALF_HOUR,
    startedAt: new Date('2024-07-16T15:00:00Z'),
  }),
);

function metricValue(metric: MetricValue): number {
  if (metric.value === null) throw new Error(`metric is missing: ${metric.reason}`);

  return metric.value;
}

describe('aggregatePeriod', () => {
  it('weights talk ratio by speaking time', () => {
    const period = aggregatePeriod([callA, callB]);

    // (30 + 10) / (60 + 40) = 0.4; the mean of per-call ratios would be 0.375.
    expect(metricValue(period.metrics.talkRatio)).toBe(0.4);
    expect(period.metrics.talkRatio).toMatchObject({
      basis: { numerator: 40_000, denominator: 100_000 },
    });
  });

  it('divides summed questions by summed hours', () => {
    const period = aggregatePeriod([callA, callB]);

    expect(metricValue(period.metrics.questionRate)).toBe(4);
    expect(metricValue(period.metrics.questionsPerCall)).toBe(2);
  });

  it('takes the maximum monologue', () => {
    const period = aggregatePeriod([callA, callB, callC]);

    expect(metricValue(period.metrics.longestMonologue)).toBe(50);
    expect(metricValue(period.metrics.longestCustomerStory)).toBe(30);
    expect(period.metrics.longestMonologue).toEqual({ value: 50, unit: 'seconds' });
  });

  it('leaves out calls where a metric is missing', () => {
    const period = aggregatePeriod([callA, callB, callC]);

    expect(period.callCount).toBe(3);
    expect(period.callsUsed.talkRatio).toBe(2);
    expect(period.callsUsed.longestMonologue).toBe(3);
    expect(metricValue(period.metrics.talkRatio)).toBe(0.4);
  });

  it('explains a metric no call has', () => {
    const period = aggregatePeriod([callC]);

    expect(period.metrics.talkRatio.value).toBeNull();
    expect(period.metrics.talkRatio).toMatchObject({
      reason: expect.stringContaining('none of the 1 call in the period has a value; e.g.'),
    });
  });

  it('explains an empty period', () => {
    const period = aggregatePeriod([]);

    for (const name of METRIC_NAMES) {
      expect(period.metrics[name], name).toEqual({
        value: null,
        reason: 'the period has no calls',
      });
    }
  });
});

describe('periodMoments', () => {
  it('ranks monologues across calls', () => {
    const moments = periodMoments([callA, callB, callC], 'longestMonologue');

    expect(moments.map((moment) => moment.callId)).toEqual(['call-c', 'call-a', 'call-b']);
    expect(moments.map((moment) => moment.magnitude)).toEqual([50_000, 30_000, 10_000]);
  });

  it('takes the earliest questions first', () => {
    const moments = periodMoments([callB, callA], 'questionsPerCall', 2);

    expect(moments.map((moment) => [moment.callId, moment.startMs])).toEqual([
      ['call-a', 0],
      ['call-a', 10_000],
    ]);
  });
});

describe('percentile', () => {
  it('interpolates between ranks', () => {
    const values = [0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100];

    expect(percentile(values, 0.1)).toBe(10);
    expect(percentile(values, 0.25)).toBe(25);
    expect(percentile(values, 0.5)).toBe(50);
    expect(percentile(values, 0.75)).toBe(75);
    expect(percentile(values, 0.9)).toBe(90);
  });

  it('matches the inclusive method on five values', () => {
    const values = [1, 2, 3, 4, 5];

    expect(percentile(values, 0.1)).toBeCloseTo(1.4, 12);
    expect(percentile(values, 0.25)).toBe(2);
    expect(percentile(values, 0.9)).toBeCloseTo(4.6, 12);
    expect(percentile(values, 1)).toBe(5);
    expect(percentile(values, 0)).toBe(1);
  });

  it('returns the only value', () => {
    expect(percentile([7], 0.9)).toBe(7);
  });

  it('rejects no values and bad quantiles', () => {
    expect(() => percentile([], 0.5)).toThrow(/no values/);
    expect(() => percentile([1], 1.5)).toThrow(/Invalid percentile 1.5/);
  });
});

function periodWith(values: Partial<Record<MetricName, number | null>>): PeriodMetrics {
  const metrics = {} as Record<MetricName, MetricValue>;
  const callsUsed = {} as Record<MetricName, number>;
  for (const name of METRIC_NAMES) {
    const value = values[name];
    metrics[name] =
      value === undefined || value === null
        ? { value: null, reason: 'no value in this fixture' }
        : { value, unit: 'ratio' };
    callsUsed[name] = value === undefined || value === null ? 0 : 1;
  }

  return { callCount: 1, metrics, callsUsed };
}

function distributionOf(team: ReturnType<typeof teamDistribution>, name: MetricName): Distribution {
  const entry = team[name];
  if (!isDistribution(entry)) throw new Error(`${name} has no distribution: ${entry.reason}`);

  return entry;
}

describe('teamDistribution', () => {
  const reps = [0.7, 0.3, 0.5, null, 0.4, 0.6].map((talkRatio) => periodWith({ talkRatio }));

  it('summarises each metric across reps', () => {
    const talk = distributionOf(teamDistribution(reps), 'talkRatio');

    expect(talk.count).toBe(5);
    expect(talk.min).toBe(0.3);
    expect(talk.median).toBe(0.5);
    expect(talk.p25).toBe(0.4);
    expect(talk.p75).toBe(0.6);
    expect(talk.max).toBe(0.7);
    expect(talk.p10).toBeCloseTo(0.34, 12);
    expect(talk.p90).toBeCloseTo(0.66, 12);
    expect(talk.unit).toBe('ratio');
  });

  it('explains a metric no rep has', () => {
    const team = teamDistribution(reps);

    expect(team.patience).toEqual({
      value: null,
      reason: 'no rep on the team has a value for this metric',
    });
  });
});

function trendOf(entry: ReturnType<typeof compareTrend>[MetricName]): Trend {
  if (!isTrend(entry)) throw new Error(`no trend: ${entry.reason}`);

  return entry;
}

describe('compareTrend', () => {
  it('reports rises, falls and flat values', () => {
    const current = periodWith({ questionsPerCall: 12, patience: 1, talkRatio: 0.5 });
    const previous = periodWith({ questionsPerCall: 8, patience: 2, talkRatio: 0.5 });
    const trends = compareTrend(current, previous);

    expect(trendOf(trends.questionsPerCall)).toEqual({
      current: 12,
      previous: 8,
      delta: 4,
      relativeChange: 0.5,
      direction: 'up',
    });
    expect(trendOf(trends.patience)).toMatchObject({ delta: -1, direction: 'down' });
    expect(trendOf(trends.talkRatio)).toMatchObject({ delta: 0, direction: 'flat' });
  });

  it('has no relative change from zero', () => {
    const trends = compareTrend(periodWith({ fillerRate: 3 }), periodWith({ fillerRate: 0 }));

    expect(trendOf(trends.fillerRate)).toMatchObject({ delta: 3, relativeChange: null });
  });

  it('explains a metric missing in one period', () => {
    const trends = compareTrend(periodWith({ talkRatio: 0.4 }), periodWith({}));

    expect(trends.talkRatio).toEqual({
      value: null,
      reason: 'no value in the previous period: no value in this fixture',
    });
    expect(trends.patience).toMatchObject({
      reason: expect.stringContaining('no value in the current period'),
    });
  });
});

describe('compareToReference', () => {
  it('places talk ratio around 43%', () => {
    const above = compareToReference('talkRatio', 0.5);
    const at = compareToReference('talkRatio', 0.43);

    expect(above?.position).toBe('above');
    expect(above?.distance).toBeCloseTo(0.07, 12);
    expect(at?.position).toBe('within');
  });

  it('places questions per call against 11 to 14', () => {
    expect(compareToReference('questionsPerCall', 9)).toMatchObject({
      position: 'below',
      distance: 2,
    });
    expect(compareToReference('questionsPerCall', 12)).toMatchObject({
      position: 'within',
      distance: 0,
    });
    expect(compareToReference('questionsPerCall', 20)).toMatchObject({
      position: 'above',
      distance: 6,
    });
  });

  it('has no band for patience', () => {
    expect(compareToReference('patience', 1.2)).toBeUndefined();
  });
});
