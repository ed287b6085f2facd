/**
 * Coaching report benchmark. It generates a quarter of Gong calls for one rep and a team, the
 * rep's previous quarter, Slack threads with customers and CRM notes. It syncs them into an
 * in-memory PGlite through the file pipeline, then times `generateCoachingReport` in three
 * states: nothing stored (every transcript measured), per-call summaries stored in
 * `coaching_call_metrics` but no in-process cache (a new process), and a warm in-process cache.
 *
 * Run: `npx tsc && node dist/bench/coaching.js`. Environment: SOPHIA_BENCH_REP_CALLS (rep's
 * calls per quarter, default 500), SOPHIA_BENCH_SENTENCES (sentences per call, default 200),
 * SOPHIA_BENCH_RUNS (timed runs of each state, default 5).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type App, openApp } from '../src/app.js';
import { storeCallMetrics } from '../src/coaching/measure.js';
import {
  type CoachingReportResult,
  createCallMetricsCache,
  generateCoachingReport,
} from '../src/coaching/report.js';
import { loadConfig } from '../src/config.js';
import { PgliteDatabase } from '../src/db/pglite.js';
import { mulberry32 } from './er-world.js';
import { writeJsonl } from './write-jsonl.js';

/** The aim: one report over a 500-call quarter within a second on PGlite. */
export const COACHING_AIM = { calls: 500, ms: 1000 } as const;

export interface CoachingBenchOptions {
  /** The coached rep's calls in the quarter, and again in the previous quarter. */
  repCalls?: number | undefined;
  /** Other reps on the team. */
  teammates?: number | undefined;
  /** Calls of each teammate in the quarter. */
  teammateCalls?: number | undefined;
  sentencesPerCall?: number | undefined;
  /** Timed runs of each state: nothing stored, summaries stored, warm cache. */
  runs?: number | undefined;
  seed?: number | undefined;
}

export interface CoachingBenchResult {
  repCalls: number;
  teamCalls: number;
  previousCalls: number;
  sentencesPerCall: number;
  slackMessages: number;
  crmNotes: number;
  /** Generating the files and syncing them through the pipeline. */
  setupSeconds: number;
  /** Reports with nothing stored and no cache: every transcript is read, measured and stored. */
  unstoredMs: number[];
  unstoredMedianMs: number;
  /** `storeCallMetrics` over every synced call, as a sync would run it after rebuilding calls. */
  storeAllMs: number;
  /** Reports with every summary stored and no in-process cache, as in a new process. */
  storedMs: number[];
  storedMedianMs: number;
  /** Reports sharing one warm in-process cache: only call lists and habits are read. */
  cachedMs: number[];
  cachedMedianMs: number;
  /** Calls the report measured, as a check that the world was read. */
  reportedCalls: number;
  teamMembers: number;
}

const QUARTER = { from: Date.UTC(2026, 6, 1), to: Date.UTC(2026, 9, 1) };
const PREVIOUS_QUARTER = { from: Date.UTC(2026, 3, 1), to: Date.UTC(2026, 6, 1) };
const REP = { id: '8800000001', first: 'Avery', last: 'Quinn' };
const TEAM_NAMES = [
  ['Jordan', 'Ellis'],
  ['Morgan', 'Reyes'],
  ['Casey', 'Lindqvist'],
  ['Riley', 'Okonkwo'],
  ['Taylor', 'Brandt'],
  ['Jamie', 'Novak'],
];
const COMPANIES = 60;

const REP_LINES = [
  'What does your team use for invoice matching today?',
  'How many approvals does a payment need?',
  'So, um, we can automate most of that workflow.',
  'Our matching engine reads remittance files directly.',
  'Can you walk me through the month-end close?',
  'We usually start with a two-week pilot.',
  'It integrates with NetSuite and with most banks.',
  'Who else should join the security review?',
];
const CUSTOMER_LINES = [
  'We send about four hundred invoices a month.',
  'Matching payments takes most of a week.',
  'Our auditors want two approvals on large payments.',
  'Finance owns the process, and IT owns the integrations.',
  'We looked at another vendor last year.',
  'The budget is set in the fourth quarter.',
];

type Random = () => number;

function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

function between(random: Random, low: number, high: number): number {
  return low + random() * (high - low);
}

interface Person {
  userId: string;
  name: string;
  email: string;
}

function teamPerson(index: number): Person {
  const [first, last] = TEAM_NAMES[index % TEAM_NAMES.length] as [string, string];
  const suffix = index < TEAM_NAMES.length ? '' : String(index);

  return {
    userId: String(8800000100 + index),
    name: `${first} ${last}${suffix}`,
    email: `${first}.${last}${suffix}@payready.example`.toLowerCase(),
  };
}

const REP_PERSON: Person = {
  userId: REP.id,
  name: `${REP.first} ${REP.last}`,
  email: 'avery.quinn@payready.example',
};

function customer(index: number): { name: string; email: string } {
  const company = index % COMPANIES;
  return { name: `Contact ${index} Buyer`, email: `contact${index}@company${company}.example` };
}

/** Generates one call as its `extensiveCalls` and `callTranscripts` records. */
function generateCall(
  random: Random,
  callId: string,
  owner: Person,
  startedAt: number,
  sentences: number,
  colleague: Person | undefined,
): Record<string, unknown>[] {
  const buyer = customer(Math.floor(random() * COMPANIES * 4));
  const parties = [
    {
      id: `${callId}-1`,
      speakerId: `${callId}-s1`,
      userId: owner.userId,
      name: owner.name,
      emailAddress: owner.email,
      affiliation: 'Internal',
    },
    {
      id: `${callId}-2`,
      speakerId: `${callId}-s2`,
      name: buyer.name,
      emailAddress: buyer.email,
      affiliation: 'External',
    },
  ];
  if (colleague !== undefined) {
    parties.push({
      id: `${callId}-3`,
      speakerId: `${callId}-s3`,
      userId: colleague.userId,
      name: colleague.name,
      emailAddress: colleague.email,
      affiliation: 'Internal',
    });
  }

  const monologues = generateTranscript(
    random,
    parties.map((party) => party.speakerId),
    sentences,
  );
  const lastEnd = monologues.at(-1)?.sentences.at(-1)?.end ?? 0;
  const metaData = {
    id: callId,
    url: `https://app.gong.example/call?id=${callId}`,
    title: `Discovery call ${callId.slice(-4)}`,
    started: new Date(startedAt).toISOString(),
    duration: Math.ceil(lastEnd / 1000) + 30,
    scope: 'External',
  };

  return [
    {
      type: 'RECORD',
      record: {
        stream: 'extensiveCalls',
        data: { id: callId, metaData, parties },
        emitted_at: startedAt,
      },
    },
    {
      type: 'RECORD',
      record: {
        stream: 'callTranscripts',
        data: { callId, transcript: monologues },
        emitted_at: startedAt,
      },
    },
  ];
}

interface Monologue {
  speakerId: string;
  sentences: { start: number; end: number; text: string }[];
}

/** Generates alternating turns of 1 to 4 sentences, 2–10 s each, with pauses and overlaps. */
function generateTranscript(random: Random, speakerIds: string[], count: number): Monologue[] {
  const monologues: Monologue[] = [];
  let clock = 0;
  let speaker = 0;
  let left = 0;

  for (let index = 0; index < count; index++) {
    if (left === 0) {
      speaker = index === 0 ? 0 : nextSpeaker(random, speaker, speakerIds.length);
      left = 1 + Math.floor(random() * 4);
      clock += index === 0 ? 0 : between(random, -400, 2500);
      monologues.push({ speakerId: speakerIds[speaker] as string, sentences: [] });
    } else {
      clock += between(random, 100, 800);
    }

    const start = Math.max(0, Math.round(clock));
    const end = start + Math.round(between(random, 2000, 10_000));
    const text = pick(random, speaker === 1 ? CUSTOMER_LINES : REP_LINES);
    monologues.at(-1)?.sentences.push({ start, end, text });
    clock = end;
    left--;
  }

  return monologues;
}

function nextSpeaker(random: Random, current: number, speakers: number): number {
  if (current !== 1) return 1;
  return speakers === 3 && random() < 0.2 ? 2 : 0;
}

function gongUser(person: Person): Record<string, unknown> {
  const [firstName, lastName] = person.name.split(' ');
  return {
    type: 'RECORD',
    record: {
      stream: 'users',
      data: { id: person.userId, emailAddress: person.email, firstName, lastName },
      emitted_at: QUARTER.from,
    },
  };
}

function callTimes(random: Random, count: number, range: { from: number; to: number }): number[] {
  const span = range.to - range.from - 3_600_000;
  return Array.from({ length: count }, () => range.from + Math.floor(random() * span)).sort(
    (a, b) => a - b,
  );
}

interface GeneratedWorld {
  gong: Record<string, unknown>[];
  slack: Record<string, unknown>[];
  hubspot: Record<string, unknown>[];
  counts: Pick<
    CoachingBenchResult,
    'repCalls' | 'teamCalls' | 'previousCalls' | 'slackMessages' | 'crmNotes'
  >;
}

function generateWorld(options: Required<CoachingBenchOptions>): GeneratedWorld {
  const random = mulberry32(options.seed);
  const team = Array.from({ length: options.teammates }, (_, index) => teamPerson(index));
  const gong: Record<string, unknown>[] = [REP_PERSON, ...team].map(gongUser);
  let callNumber = 0;
  const nextCallId = () => String(7300000000000000000n + BigInt(++callNumber));
  const addCalls = (owner: Person, times: number[]) => {
    for (const at of times) {
      const colleague = random() < 0.2 ? pick(random, team) : undefined;
      gong.push(
        ...generateCall(random, nextCallId(), owner, at, options.sentencesPerCall, colleague),
      );
    }
    return times;
  };

  const repTimes = addCalls(REP_PERSON, callTimes(random, options.repCalls, QUARTER));
  addCalls(REP_PERSON, callTimes(random, options.repCalls, PREVIOUS_QUARTER));
  for (const person of team) addCalls(person, callTimes(random, options.teammateCalls, QUARTER));

  const slack = slackWorld(random, Math.round(options.repCalls / 2));
  const hubspot = crmNotes(random, repTimes);

  return {
    gong,
    slack,
    hubspot,
    counts: {
      repCalls: options.repCalls,
      teamCalls: options.teammates * options.teammateCalls,
      previousCalls: options.repCalls,
      slackMessages: slack.filter((line) => recordStream(line) === 'threads').length,
      crmNotes: hubspot.length - 1,
    },
  };
}

function recordStream(line: Record<string, unknown>): unknown {
  return (line.record as { stream?: unknown } | undefined)?.stream;
}

/** Generates shared-channel threads where a customer (a guest) writes and the rep replies. */
function slackWorld(random: Random, threads: number): Record<string, unknown>[] {
  const record = (stream: string, data: Record<string, unknown>) => ({
    type: 'RECORD',
    record: { stream, data, emitted_at: QUARTER.from },
  });
  const lines = [
    record('users', {
      id: 'UREPAVERY',
      name: 'avery',
      real_name: REP_PERSON.name,
      profile: { real_name: REP_PERSON.name, email: REP_PERSON.email },
    }),
    record('channels', { id: 'CSHARED01', name: 'ext-customers', is_channel: true }),
  ];
  for (let index = 0; index < 40; index++) {
    const contact = customer(index);
    lines.push(
      record('users', {
        id: `UGUEST${index}`,
        name: `guest${index}`,
        real_name: contact.name,
        is_restricted: true,
        profile: { real_name: contact.name, email: contact.email },
      }),
    );
  }

  const times = callTimes(random, threads, QUARTER);
  times.forEach((at, index) => {
    const threadTs = (at / 1000).toFixed(6);
    const replyTs = (at / 1000 + between(random, 60, 7200)).toFixed(6);
    const base = { type: 'message', thread_ts: threadTs, channel_id: 'CSHARED01' };
    const question = {
      ...base,
      ts: threadTs,
      user: `UGUEST${index % 40}`,
      text: 'Can you send the pilot plan?',
    };
    lines.push(record('channel_messages', question), record('threads', question));
    lines.push(
      record('threads', { ...base, ts: replyTs, user: 'UREPAVERY', text: 'Sent it just now.' }),
    );
  });

  return lines;
}

/** Generates HubSpot notes by the rep after about two thirds of the calls, 1 to 30 h later. */
function crmNotes(random: Random, callTimesMs: number[]): Record<string, unknown>[] {
  const owner = { id: '61001', email: REP_PERSON.email, firstName: REP.first, lastName: REP.last };
  const lines: Record<string, unknown>[] = [
    { type: 'RECORD', record: { stream: 'owners', data: owner, emitted_at: QUARTER.from } },
  ];

  callTimesMs.forEach((at, index) => {
    if (random() > 0.66) return;
    const time = new Date(at + between(random, 3_600_000, 30 * 3_600_000)).toISOString();
    const note = {
      id: String(9100000 + index),
      properties: {
        hs_note_body: '<p>Call recap and next steps.</p>',
        hs_timestamp: time,
        hubspot_owner_id: owner.id,
      },
      createdAt: time,
      updatedAt: time,
      archived: false,
    };
    lines.push({
      type: 'RECORD',
      record: { stream: 'engagements_notes', data: note, emitted_at: at },
    });
  });

  return lines;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

function withDefaults(options: CoachingBenchOptions): Required<CoachingBenchOptions> {
  return {
    repCalls: options.repCalls ?? COACHING_AIM.calls,
    teammates: options.teammates ?? 4,
    teammateCalls: options.teammateCalls ?? 125,
    sentencesPerCall: options.sentencesPerCall ?? 200,
    runs: options.runs ?? 5,
    seed: options.seed ?? 20260701,
  };
}

/** The generated world, synced into an opened store. */
export interface CoachingWorld {
  app: App;
  db: PgliteDatabase;
  counts: GeneratedWorld['counts'];
  sentencesPerCall: number;
  /** Generating the files and syncing them through the pipeline. */
  setupSeconds: number;
  close(): Promise<void>;
}

/**
 * Generates the world and syncs it into `db` (a new in-memory PGlite when omitted) through the
 * file pipeline.
 */
export async function openCoachingWorld(
  input: CoachingBenchOptions = {},
  db?: PgliteDatabase,
): Promise<CoachingWorld> {
  const options = withDefaults(input);
  const started = performance.now();
  const world = generateWorld(options);
  const dir = mkdtempSync(join(tmpdir(), 'sophia-coaching-bench-'));
  const store = db ?? (await PgliteDatabase.open('memory://'));
  try {
    writeJsonl(join(dir, 'gong', 'gong.jsonl'), world.gong);
    writeJsonl(join(dir, 'slack', 'slack.jsonl'), world.slack);
    writeJsonl(join(dir, 'hubspot', 'hubspot.jsonl'), world.hubspot);
    const app = await openApp(
      { ...loadConfig({}), dataDir: 'memory://' },
      { db: store, disableVector: true },
    );
    await app.sync({ dir, batchSize: 500 });

    return {
      app,
      db: store,
      counts: world.counts,
      sentencesPerCall: options.sentencesPerCall,
      setupSeconds: (performance.now() - started) / 1000,
      close: async () => {
        await app.close();
        await store.close();
      },
    };
  } catch (error) {
    await store.close();
    throw error;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The report request every benchmark run makes: the rep's quarter against the whole team. */
export const BENCH_REQUEST = { rep: REP_PERSON.email, from: 'Q3 2026' } as const;

/** The clock of the benchmark: the day after the quarter ends. */
export const BENCH_NOW = new Date(QUARTER.to + 86_400_000);

/**
 * Builds the generated world in an in-memory PGlite and times the coaching report of the rep
 * for the quarter, with the whole team as the comparison group. Raises an error when the
 * reports of the three states differ.
 */
export async function runCoachingBench(
  input: CoachingBenchOptions = {},
): Promise<CoachingBenchResult> {
  const options = withDefaults(input);
  const world = await openCoachingWorld(options);
  try {
    const { app } = world;
    const deps = { db: app.db, schema: app.schema, now: () => BENCH_NOW };
    const timeReport = async (cache?: ReturnType<typeof createCallMetricsCache>) => {
      const begin = performance.now();
      const report = await generateCoachingReport({ ...deps, cache }, BENCH_REQUEST);
      return { ms: performance.now() - begin, report };
    };
    const clearStored = () => app.db.query(`DELETE FROM ${app.schema}.coaching_call_metrics`);

    const unstored = [];
    for (let run = 0; run < options.runs; run++) {
      await clearStored();
      unstored.push(await timeReport());
    }

    await clearStored();
    const callIds = await app.db.query<{ id: string }>(
      `SELECT id FROM ${app.schema}.interactions WHERE source_system = 'gong'`,
    );
    const storeStarted = performance.now();
    await storeCallMetrics(
      app.db,
      app.schema,
      callIds.map((row) => row.id),
    );
    const storeAllMs = performance.now() - storeStarted;

    const stored = [];
    for (let run = 0; run < options.runs; run++) stored.push(await timeReport());

    const cache = createCallMetricsCache();
    await timeReport(cache);
    const cached = [];
    for (let run = 0; run < options.runs; run++) cached.push(await timeReport(cache));

    const report = sameReports([unstored, stored, cached].flat().map((entry) => entry.report));
    const millis = (runs: { ms: number }[]) => runs.map((entry) => entry.ms);

    return {
      ...world.counts,
      sentencesPerCall: world.sentencesPerCall,
      setupSeconds: world.setupSeconds,
      unstoredMs: millis(unstored),
      unstoredMedianMs: median(millis(unstored)),
      storeAllMs,
      storedMs: millis(stored),
      storedMedianMs: median(millis(stored)),
      cachedMs: millis(cached),
      cachedMedianMs: median(millis(cached)),
      reportedCalls: report.callCount,
      teamMembers: report.team.members.length,
    };
  } finally {
    await world.close();
  }
}

/** Returns the first report after checking that every report has the same content. */
function sameReports(results: CoachingReportResult[]) {
  const reports = results.map((result) => {
    if (result.status !== 'ok') {
      throw new Error(`the benchmark rep resolved ambiguously: ${result.message}`);
    }
    return result;
  });
  const first = reports[0];
  if (first === undefined) throw new Error('the benchmark ran no report: set SOPHIA_BENCH_RUNS');

  const expected = JSON.stringify(first);
  if (reports.some((report) => JSON.stringify(report) !== expected)) {
    throw new Error('coaching reports from stored summaries differ from measured ones');
  }

  return first;
}

/** Formats the result as a Markdown table. */
export function formatCoachingBench(result: CoachingBenchResult): string {
  const ms = (value: number) => `${value.toFixed(0)} ms`;
  const runs = result.storedMs.length;
  const rows = [
    ['rep calls in the quarter (measured)', `${result.repCalls} (${result.reportedCalls})`],
    ['team calls in the quarter', `${result.teamCalls} across ${result.teamMembers - 1} teammates`],
    ["rep's calls in the previous quarter", String(result.previousCalls)],
    ['sentences per call', String(result.sentencesPerCall)],
    ['Slack replies, CRM notes', `${result.slackMessages}, ${result.crmNotes}`],
    ['setup (generate and sync)', `${result.setupSeconds.toFixed(1)} s`],
    [
      `report, nothing stored, no cache (median of ${runs})`,
      `${ms(result.unstoredMedianMs)} (${result.unstoredMs.map(ms).join(', ')})`,
    ],
    ['measuring and storing every synced call', ms(result.storeAllMs)],
    [
      `report, summaries stored, no cache (median of ${runs})`,
      `${ms(result.storedMedianMs)} (${result.storedMs.map(ms).join(', ')})`,
    ],
    [`report, warm in-process cache (median of ${runs})`, ms(result.cachedMedianMs)],
  ];
  const verdict = (value: number) => (value <= COACHING_AIM.ms ? 'within' : 'above');

  return [
    '| measure | value |',
    '|---|---|',
    ...rows.map(([name, value]) => `| ${name} | ${value} |`),
    '',
    `Aim: a report over ${COACHING_AIM.calls} calls in at most ${COACHING_AIM.ms} ms on PGlite ` +
      'without the in-process cache. With the summaries stored this run is ' +
      `${verdict(result.storedMedianMs)} it; with nothing stored it is ` +
      `${verdict(result.unstoredMedianMs)} it. A sync stores the summaries of the calls it ` +
      'rebuilds, so the first report after a sync is the stored case; the unstored case is a ' +
      'store synced before summaries existed.',
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const result = await runCoachingBench({
    repCalls: optionalInteger('SOPHIA_BENCH_REP_CALLS'),
    sentencesPerCall: optionalInteger('SOPHIA_BENCH_SENTENCES'),
    runs: optionalInteger('SOPHIA_BENCH_RUNS'),
  });
  process.stdout.write(formatCoachingBench(result));
}

function optionalInteger(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === '') return undefined;

  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) {
    throw new Error(`${name} must be a positive integer, got ${JSON.stringify(value)}`);
  }
  return number;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}
