import { describe, expect, it } from 'vitest';
import {
  type CallMetrics,
  computeCallMetrics,
  METRIC_NAMES,
  type MetricName,
  type MetricValue,
} from '../../src/coaching/index.js';
import {
  COLLEAGUE,
  CUSTOMER,
  CUSTOMER_2,
  callOf,
  REP,
  REP_PHONE,
  said,
  VENDOR_GUEST,
} from './call-builder.js';

function metricValue(result: CallMetrics, name: MetricName): number {
  const metric = result.metrics[name];
  if (metric.value === null) throw new Error(`${name} is missing: ${metric.reason}`);

  return metric.value;
}

function reasonOf(metric: MetricValue): string {
  if (metric.value !== null) throw new Error(`expected a missing metric, got ${metric.value}`);

  return metric.reason;
}

describe('computeCallMetrics', () => {
  it('computes every metric of one call', () => {
    const call = callOf(
      [
        said(REP, 0, 20, 'Thanks for joining. What does your team use today?'),
        said(CUSTOMER, 22, 52, 'We use spreadsheets, and honestly it breaks every month.'),
        said(REP, 53, 63, 'Um, so who owns the spreadsheet?'),
        said(CUSTOMER, 63, 73, 'Our controller.'),
        said(REP, 75, 95, 'Basically, we automate that, you know.'),
        said(CUSTOMER, 96, 120, 'That sounds good for next quarter.'),
      ],
      { durationMs: 1_800_000 },
    );
    const result = computeCallMetrics(call);

    expect(metricValue(result, 'talkRatio')).toBe(50_000 / 114_000);
    expect(metricValue(result, 'longestMonologue')).toBe(20);
    expect(metricValue(result, 'longestCustomerStory')).toBe(30);
    expect(metricValue(result, 'interactivity')).toBe(2.5);
    expect(metricValue(result, 'patience')).toBe(1.5);
    expect(metricValue(result, 'questionRate')).toBe(4);
    expect(metricValue(result, 'questionsPerCall')).toBe(2);
    expect(metricValue(result, 'fillerRate')).toBe(3 / (50_000 / 60_000));
    expect(result.coverage).toEqual({
      sentences: 6,
      timedSentences: 6,
      untimedSentences: 0,
      unknownSpeakerSentences: 0,
      backchannels: 0,
      repSentences: 3,
      customerSentences: 3,
    });
  });
});

describe('talk ratio', () => {
  it('splits equal speaking times in half', () => {
    const result = computeCallMetrics(callOf([said(REP, 0, 30), said(CUSTOMER, 31, 61)]));

    expect(metricValue(result, 'talkRatio')).toBe(0.5);
    expect(result.metrics.talkRatio).toMatchObject({
      unit: 'ratio',
      basis: { numerator: 30_000, denominator: 60_000 },
    });
  });

  it('counts overlapping speech once per speaker', () => {
    // Rep: 0–30 and 20–40 merge into 40 s; the customer's 35–55 overlaps the rep by 5 s.
    const call = callOf([said(REP, 0, 30), said(REP, 20, 40), said(CUSTOMER, 35, 55)]);
    const result = computeCallMetrics(call);

    expect(result.metrics.talkRatio).toMatchObject({
      basis: { numerator: 40_000, denominator: 60_000 },
    });
    expect(metricValue(result, 'talkRatio')).toBe(2 / 3);
  });

  it('includes colleagues and unknown speakers in all speech', () => {
    const call = callOf([
      said(REP, 0, 20),
      said(COLLEAGUE, 20.5, 30.5),
      said(CUSTOMER, 31, 51),
      said('sp-not-a-party', 52, 57),
      said(undefined, 58, 63),
    ]);
    const result = computeCallMetrics(call);

    expect(result.metrics.talkRatio).toMatchObject({
      basis: { numerator: 20_000, denominator: 60_000 },
    });
    expect(metricValue(result, 'talkRatio')).toBe(1 / 3);
    expect(result.coverage.unknownSpeakerSentences).toBe(2);
  });

  it('merges all of the rep speaker ids', () => {
    const call = callOf([said(REP, 0, 10), said(REP_PHONE, 5, 20), said(CUSTOMER, 21, 41)], {
      repSpeakerIds: [REP, REP_PHONE],
    });
    const result = computeCallMetrics(call);

    expect(metricValue(result, 'talkRatio')).toBe(0.5);
    expect(metricValue(result, 'longestMonologue')).toBe(20);
  });

  it('is missing without customer speech', () => {
    const result = computeCallMetrics(callOf([said(REP, 0, 30), said(COLLEAGUE, 31, 40)]));

    expect(reasonOf(result.metrics.talkRatio)).toContain('customer');
    expect(result.moments.talkRatio).toEqual([]);
  });

  it('shows the longest rep turns and customer story', () => {
    const call = callOf([
      said(REP, 0, 40, 'Let me walk you through the platform.'),
      said(CUSTOMER, 41, 51, 'We mostly care about audit trails.'),
      said(REP, 52, 62, 'Audit trails are built in.'),
      said(CUSTOMER, 63, 93, 'Last quarter our auditors flagged missing approvals.'),
      said(REP, 94, 99, 'Understood.'),
    ]);
    const moments = computeCallMetrics(call).moments.talkRatio;

    expect(moments.map((moment) => moment.kind)).toEqual([
      'longest_monologue',
      'longest_monologue',
      'customer_story',
    ]);
    expect(moments.map((moment) => moment.startMs)).toEqual([0, 52_000, 63_000]);
    expect(moments[2]?.speaker).toBe('Chris Okafor');
  });
});

describe('longest monologue', () => {
  it('merges rep sentences less than 1 s apart', () => {
    const call = callOf([said(REP, 0, 10), said(REP, 10.5, 20), said(REP, 21.5, 30)]);
    const result = computeCallMetrics(call);

    expect(metricValue(result, 'longestMonologue')).toBe(20);
    expect(result.metrics.longestMonologue).toEqual({ value: 20, unit: 'seconds' });
  });

  it('ends a turn at a gap of exactly 1 s', () => {
    const split = computeCallMetrics(callOf([said(REP, 0, 10), said(REP, 11, 25)]));
    const merged = computeCallMetrics(callOf([said(REP, 0, 10), said(REP, 10.999, 25)]));

    expect(metricValue(split, 'longestMonologue')).toBe(14);
    expect(metricValue(merged, 'longestMonologue')).toBe(25);
  });

  it('lets a short backchannel pass', () => {
    const call = callOf([
      said(REP, 0, 30, 'Our onboarding takes two weeks.'),
      said(CUSTOMER, 30.2, 30.6, 'Mm-hm.'),
      said(REP, 30.8, 60, 'After that your team runs it alone.'),
    ]);
    const result = computeCallMetrics(call);

    expect(metricValue(result, 'longestMonologue')).toBe(60);
    expect(result.coverage.backchannels).toBe(1);
    expect(result.moments.longestMonologue[0]?.excerpt).toBe(
      'Our onboarding takes two weeks. After that your team runs it alone.',
    );
  });

  it('ends at a customer sentence of 1 s or more', () => {
    const call = callOf([
      said(REP, 0, 30),
      said(CUSTOMER, 30.2, 31.4, 'Sorry, go on.'),
      said(REP, 30.8, 60),
    ]);
    const result = computeCallMetrics(call);

    expect(metricValue(result, 'longestMonologue')).toBe(30);
    expect(result.coverage.backchannels).toBe(0);
  });

  it('ends at a backchannel when the rep resumes 1 s later', () => {
    const call = callOf([
      said(REP, 0, 30),
      said(CUSTOMER, 30.3, 30.7, 'Yeah.'),
      said(REP, 31.2, 40),
    ]);
    const result = computeCallMetrics(call);

    expect(metricValue(result, 'longestMonologue')).toBe(30);
    expect(result.coverage.backchannels).toBe(0);
  });

  it('ranks the three longest turns', () => {
    const call = callOf([
      said(REP, 0, 10),
      said(CUSTOMER, 11, 15),
      said(REP, 16, 46),
      said(CUSTOMER, 47, 50),
      said(REP, 51, 71),
      said(CUSTOMER, 72, 75),
      said(REP, 76, 81),
    ]);
    const moments = computeCallMetrics(call).moments.longestMonologue;

    expect(moments.map((moment) => (moment.endMs ?? 0) - (moment.startMs ?? 0))).toEqual([
      30_000, 20_000, 10_000,
    ]);
    expect(moments.map((moment) => moment.detail)).toEqual([
      'Rep turn of 30 s',
      'Rep turn of 20 s',
      'Rep turn of 10 s',
    ]);
    expect(moments[0]?.deepLink).toBe('https://app.gong.example/call?id=1001#t=16');
  });
});

describe('longest customer story', () => {
  it('joins customers who speak back to back', () => {
    const call = callOf([
      said(REP, 0, 5),
      said(CUSTOMER, 6, 20),
      said(CUSTOMER_2, 20.5, 46),
      said(REP, 47, 50),
      said(CUSTOMER, 51, 61),
    ]);
    const result = computeCallMetrics(call);

    expect(metricValue(result, 'longestCustomerStory')).toBe(40);
    expect(result.moments.longestCustomerStory.map((moment) => moment.kind)).toEqual([
      'customer_story',
      'customer_story',
    ]);
    expect(result.moments.longestCustomerStory[0]?.detail).toBe('Customer story of 40 s');
  });

  it('is missing without customer speech', () => {
    const result = computeCallMetrics(callOf([said(REP, 0, 10)]));

    expect(reasonOf(result.metrics.longestCustomerStory)).toContain('customer');
  });
});

describe('interactivity', () => {
  const alternating = [
    said(REP, 0, 10),
    said(CUSTOMER, 10, 20),
    said(REP, 20, 30),
    said(CUSTOMER, 30, 40),
    said(REP, 40, 60),
    said(CUSTOMER, 60, 120),
  ];

  it('counts switches per minute of speech span', () => {
    const result = computeCallMetrics(callOf(alternating, { durationMs: 600_000 }));

    expect(metricValue(result, 'interactivity')).toBe(2.5);
    expect(result.metrics.interactivity).toMatchObject({
      unit: 'switches_per_minute',
      basis: { numerator: 5, denominator: 2 },
    });
  });

  it('skips backchannels when counting switches', () => {
    const withBackchannel = [
      ...alternating.slice(0, 4),
      said(REP, 40, 50),
      said(CUSTOMER, 50.2, 50.6, 'Right.'),
      said(REP, 50.8, 60),
      said(CUSTOMER, 60, 120),
    ];
    const result = computeCallMetrics(callOf(withBackchannel));

    expect(metricValue(result, 'interactivity')).toBe(2.5);
    expect(result.coverage.backchannels).toBe(1);
  });

  it('counts switches between two customers', () => {
    const call = callOf([said(REP, 0, 20), said(CUSTOMER, 20, 40), said(CUSTOMER_2, 40, 60)]);

    expect(metricValue(computeCallMetrics(call), 'interactivity')).toBe(2);
  });

  it('shows the busiest minute and the longest stretch', () => {
    const moments = computeCallMetrics(callOf(alternating)).moments.interactivity;

    expect(moments.map((moment) => moment.kind)).toEqual(['rapid_exchange', 'long_turn']);
    expect(moments[0]).toMatchObject({ startMs: 0, endMs: 70_000, magnitude: 5 });
    expect(moments[0]?.detail).toBe('5 speaker switches within one minute');
    expect(moments[1]).toMatchObject({ startMs: 60_000, endMs: 120_000, speaker: 'Chris Okafor' });
  });

  it('is zero when only the rep speaks', () => {
    const result = computeCallMetrics(callOf([said(REP, 0, 30), said(REP, 40, 60)]));

    expect(metricValue(result, 'interactivity')).toBe(0);
    expect(result.moments.interactivity.map((moment) => moment.kind)).toEqual(['long_turn']);
  });
});

describe('patience', () => {
  const exchanges = [
    said(CUSTOMER, 0, 10, 'We run payroll twice a month.'),
    said(REP, 12, 20, 'How many people run it?'),
    said(CUSTOMER, 20, 30, 'Three of us.'),
    said(REP, 34, 40, 'And who signs off?'),
    said(CUSTOMER, 40, 50, 'Our controller does that.'),
    said(REP, 49, 55, 'Got it.'),
  ];

  it('averages pauses and counts overlaps as 0', () => {
    const result = computeCallMetrics(callOf(exchanges));

    expect(metricValue(result, 'patience')).toBe(2);
    expect(result.metrics.patience).toMatchObject({
      unit: 'seconds',
      basis: { numerator: 6, denominator: 3 },
    });
  });

  it('lists long pauses before the interruption', () => {
    const moments = computeCallMetrics(callOf(exchanges)).moments.patience;

    expect(moments.map((moment) => moment.kind)).toEqual([
      'long_pause',
      'long_pause',
      'interruption',
    ]);
    expect(moments.map((moment) => moment.detail)).toEqual([
      '4 s pause after Chris Okafor finished',
      '2 s pause after Chris Okafor finished',
      'Rep started 1 s before Chris Okafor finished',
    ]);
    expect(moments[0]?.excerpt).toBe(
      'Chris Okafor: Three of us. / Dana Whitfield: And who signs off?',
    );
    expect(moments[0]).toMatchObject({ startMs: 20_000, endMs: 40_000, role: 'rep' });
  });

  it('measures from the latest end of the customer side', () => {
    const call = callOf([said(CUSTOMER, 0, 25), said(CUSTOMER_2, 5, 10), said(REP, 27.5, 30)]);

    expect(metricValue(computeCallMetrics(call), 'patience')).toBe(2.5);
  });

  it('ignores replies that follow a colleague', () => {
    const call = callOf([said(CUSTOMER, 0, 10), said(COLLEAGUE, 10.5, 15), said(REP, 16, 20)]);
    const result = computeCallMetrics(call);

    expect(reasonOf(result.metrics.patience)).toContain('never spoke right after a customer');
  });
});

describe('questions', () => {
  it('rates rep questions per hour of recorded duration', () => {
    const call = callOf(
      [
        said(REP, 0, 5, 'What does your team use today?'),
        said(CUSTOMER, 6, 20, 'Spreadsheets, mostly. What do you suggest?'),
        said(REP, 21, 25, 'Do you export them weekly'),
        said(REP, 26, 30, 'We can automate that.'),
        said(REP, 31, 35, 'Who else should join the next call?'),
      ],
      { durationMs: 1_800_000 },
    );
    const result = computeCallMetrics(call);

    expect(metricValue(result, 'questionRate')).toBe(6);
    expect(result.metrics.questionRate).toMatchObject({
      unit: 'questions_per_hour',
      basis: { numerator: 3, denominator: 0.5 },
    });
    expect(metricValue(result, 'questionsPerCall')).toBe(3);
  });

  it('falls back to the speech span without a duration', () => {
    const call = callOf([said(REP, 0, 5, 'Can we start?'), said(CUSTOMER, 5, 360, 'Sure.')]);

    expect(metricValue(computeCallMetrics(call), 'questionRate')).toBe(10);
  });

  it('counts untimed rep questions', () => {
    const call = callOf(
      [said(REP, undefined, undefined, 'Is Friday good?'), said(CUSTOMER, 0, 10, 'Yes.')],
      { durationMs: 900_000 },
    );
    const result = computeCallMetrics(call);

    expect(metricValue(result, 'questionsPerCall')).toBe(1);
    expect(metricValue(result, 'questionRate')).toBe(4);
    expect(result.moments.questionRate[0]).toMatchObject({
      kind: 'question',
      startMs: undefined,
      deepLink: 'https://app.gong.example/call?id=1001',
    });
  });

  it('shows the first, middle and last question in order', () => {
    const questions = [1, 2, 3, 4, 5].map((n) => said(REP, n * 10, n * 10 + 5, `Question ${n}?`));
    const moments = computeCallMetrics(callOf(questions)).moments.questionsPerCall;

    expect(moments.map((moment) => moment.excerpt)).toEqual([
      'Question 1?',
      'Question 3?',
      'Question 5?',
    ]);
    expect(moments.map((moment) => moment.detail)).toEqual([
      'Question 1 of 5',
      'Question 3 of 5',
      'Question 5 of 5',
    ]);
  });

  it('is zero with no question and no moments', () => {
    const result = computeCallMetrics(callOf([said(REP, 0, 60, 'Here is the plan.')]));

    expect(metricValue(result, 'questionsPerCall')).toBe(0);
    expect(metricValue(result, 'questionRate')).toBe(0);
    expect(result.moments.questionRate).toEqual([]);
  });

  it('needs a call length for the hourly rate', () => {
    const call = callOf([said(REP, undefined, undefined, 'Any questions?')]);
    const result = computeCallMetrics(call);

    expect(reasonOf(result.metrics.questionRate)).toContain('call length is unknown');
    expect(metricValue(result, 'questionsPerCall')).toBe(1);
  });
});

describe('filler rate', () => {
  it('counts fillers per minute of rep speech', () => {
    const call = callOf([
      said(REP, 0, 30, 'Um, so we basically, you know, ship it.'),
      said(CUSTOMER, 31, 40, 'Um, okay.'),
      said(REP, 41, 71, 'It is kind of simple, right?'),
      said(REP, 72, 90, 'Each team gets a dashboard.'),
    ]);
    const result = computeCallMetrics(call);

    // 5 rep fillers over 78 s of rep speech.
    expect(result.metrics.fillerRate).toMatchObject({
      unit: 'fillers_per_minute',
      basis: { numerator: 5, denominator: 1.3 },
    });
    expect(metricValue(result, 'fillerRate')).toBe(5 / 1.3);
  });

  it('shows filler-heavy sentences, most first', () => {
    const call = callOf([
      said(REP, 0, 30, 'It is kind of simple, right?'),
      said(REP, 31, 60, 'Um, so we basically, you know, ship it.'),
      said(REP, 61, 70, 'Actually, yes.'),
      said(REP, 71, 80, 'No fillers here.'),
    ]);
    const moments = computeCallMetrics(call).moments.fillerRate;

    expect(moments.map((moment) => moment.detail)).toEqual([
      '3 filler words: um, basically, you know',
      '2 filler words: kind of, right?',
      '1 filler word: actually',
    ]);
    expect(moments.every((moment) => moment.kind === 'filler')).toBe(true);
  });
});

describe('edge cases', () => {
  it('returns a reason for every metric of an empty transcript', () => {
    const result = computeCallMetrics(callOf([]));

    for (const name of METRIC_NAMES) {
      expect(result.metrics[name].value, name).toBeNull();
      expect(reasonOf(result.metrics[name]).length, name).toBeGreaterThan(10);
      expect(result.moments[name], name).toEqual([]);
    }
    expect(result.coverage.sentences).toBe(0);
  });

  it('names the rep ids when the rep never speaks', () => {
    const result = computeCallMetrics(callOf([said(CUSTOMER, 0, 30), said(COLLEAGUE, 31, 40)]));
    const repMetrics: MetricName[] = [
      'talkRatio',
      'longestMonologue',
      'interactivity',
      'patience',
      'questionRate',
      'questionsPerCall',
      'fillerRate',
    ];

    for (const name of repMetrics) {
      expect(reasonOf(result.metrics[name]), name).toContain(`speaker ids ${REP}`);
    }
    expect(metricValue(result, 'longestCustomerStory')).toBe(30);
  });

  it('explains a call without rep speaker ids', () => {
    const result = computeCallMetrics(callOf([said(REP, 0, 30)], { repSpeakerIds: [] }));

    expect(reasonOf(result.metrics.talkRatio)).toContain('no rep speaker id');
    expect(result.coverage.repSentences).toBe(0);
  });

  it('leaves untimed sentences out of time metrics', () => {
    const call = callOf([
      said(REP, 0, 30),
      said(REP, undefined, undefined, 'This one has no timing.'),
      said(REP, 40, 20, 'This one ends before it starts.'),
      said(CUSTOMER, 31, 61),
    ]);
    const result = computeCallMetrics(call);

    expect(metricValue(result, 'talkRatio')).toBe(0.5);
    expect(result.coverage).toMatchObject({ sentences: 4, timedSentences: 2, untimedSentences: 2 });
  });

  it('explains a rep with only untimed sentences', () => {
    const call = callOf([said(REP, undefined, undefined, 'Hello?'), said(CUSTOMER, 0, 10)]);
    const result = computeCallMetrics(call);

    expect(reasonOf(result.metrics.talkRatio)).toContain('start and end times');
    expect(reasonOf(result.metrics.fillerRate)).toContain('start and end times');
    expect(metricValue(result, 'questionsPerCall')).toBe(1);
  });

  it('treats the unknown side as neither rep nor customer', () => {
    const call = callOf([said(REP, 0, 10), said(VENDOR_GUEST, 11, 21)]);
    const result = computeCallMetrics(call);

    expect(reasonOf(result.metrics.talkRatio)).toContain('customer');
    expect(result.coverage.unknownSpeakerSentences).toBe(1);
    expect(result.coverage.customerSentences).toBe(0);
  });

  it('explains zero-length speech', () => {
    const call = callOf([said(REP, 5, 5, 'Hi.'), said(CUSTOMER, 6, 6, 'Hi.')]);
    const result = computeCallMetrics(call);

    expect(reasonOf(result.metrics.talkRatio)).toContain('zero length');
    expect(reasonOf(result.metrics.fillerRate)).toContain('zero length');
  });

  it('explains a rep who only backchannels', () => {
    const call = callOf([
      said(CUSTOMER, 0, 20),
      said(REP, 20.2, 20.6, 'Mm-hm.'),
      said(CUSTOMER, 20.8, 40),
    ]);
    const result = computeCallMetrics(call);

    expect(reasonOf(result.metrics.longestMonologue)).toContain('listener sounds');
    expect(reasonOf(result.metrics.patience)).toContain('never spoke right after a customer');
    expect(metricValue(result, 'talkRatio')).toBe(400 / 39_600);
  });

  it('rejects a call without an id', () => {
    expect(() => computeCallMetrics(callOf([], { callId: '' }))).toThrow(/Invalid call id ""/);
  });

  it('rejects an invalid start time', () => {
    const call = callOf([], { startedAt: new Date('not a date') });

    expect(() => computeCallMetrics(call)).toThrow(/Invalid startedAt for call call-1001/);
  });
});

describe('moment links and excerpts', () => {
  it('uses a custom time link', () => {
    const call = callOf([said(REP, 0, 10), said(CUSTOMER, 11, 20), said(REP, 95, 100)]);
    const result = computeCallMetrics(call, {
      timeLink: (url, startMs) => `${url}&at=${startMs / 1000}`,
    });

    expect(result.moments.longestMonologue.map((moment) => moment.deepLink)).toEqual([
      'https://app.gong.example/call?id=1001&at=0',
      'https://app.gong.example/call?id=1001&at=95',
    ]);
  });

  it('omits links for a call without a url', () => {
    const result = computeCallMetrics(callOf([said(REP, 0, 10)], { url: undefined }));

    expect(result.moments.longestMonologue[0]?.deepLink).toBeUndefined();
  });

  it('cuts long excerpts at a word boundary', () => {
    const words = Array.from({ length: 120 }, (_, i) => `word${i}`).join(' ');
    const result = computeCallMetrics(callOf([said(REP, 0, 60, words)]));
    const excerpt = result.moments.longestMonologue[0]?.excerpt ?? '';

    expect(excerpt.length).toBeLessThanOrEqual(300);
    expect(excerpt.endsWith('…')).toBe(true);
    expect(words.startsWith(excerpt.slice(0, -1))).toBe(true);
    expect(excerpt.slice(0, -1)).toMatch(/word\d+$/);
  });

  it('tags every moment with the call id', () => {
    const call = callOf([said(REP, 0, 10, 'What matters most?'), said(CUSTOMER, 12, 30)]);
    const result = computeCallMetrics(call);
    const all = METRIC_NAMES.flatMap((name) => result.moments[name]);

    expect(all.length).toBeGreaterThan(5);
    expect(new Set(all.map((moment) => moment.callId))).toEqual(new Set(['call-1001']));
  });
});
