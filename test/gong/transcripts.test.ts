import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { GongTranscriptFetchError } from '../../src/gong/errors.js';
import { DailyQuota } from '../../src/gong/quota.js';
import {
  GongTranscriptClient,
  type GongTranscriptClientOptions,
} from '../../src/gong/transcripts.js';
import type { Logger } from '../../src/logger.js';
import { RetriesExhaustedError } from '../../src/resilience/errors.js';
import { FakeGongApi, type FakeGongOptions, type FakeMonologue } from '../fakes/gong-api.js';

const quietLogger = pino(
  { level: 'silent' },
  new Writable({ write: (_c, _e, cb) => cb() }),
) as unknown as Logger;

/** Builds an invented call id in Gong's 19-digit form. */
function callId(n: number): string {
  return `74${String(n).padStart(17, '0')}`;
}

function monologue(n: number): FakeMonologue[] {
  return [
    {
      speakerId: `55${String(n).padStart(17, '0')}`,
      topic: 'Pricing',
      sentences: [
        { start: 1_000 * n, end: 1_000 * n + 900, text: `Sentence number ${n} about pricing.` },
      ],
    },
  ];
}

function transcriptsFor(count: number): Record<string, FakeMonologue[]> {
  return Object.fromEntries(Array.from({ length: count }, (_, i) => [callId(i), monologue(i)]));
}

let fake: FakeGongApi | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(
  fakeOptions: FakeGongOptions,
  clientOptions: Partial<GongTranscriptClientOptions> = {},
): Promise<{ fake: FakeGongApi; client: GongTranscriptClient }> {
  fake = await FakeGongApi.start(fakeOptions);
  const client = new GongTranscriptClient({
    baseUrl: fake.url,
    accessKey: fake.accessKey,
    accessKeySecret: fake.accessKeySecret,
    requestsPerSecond: 1_000,
    baseDelayMs: 1,
    logger: quietLogger,
    ...clientOptions,
  });
  return { fake, client };
}

function requestedIds(fake: FakeGongApi): number[] {
  return fake.requests.map(
    (r) => ((r.body as { filter: { callIds: string[] } }).filter.callIds ?? []).length,
  );
}

describe('GongTranscriptClient', () => {
  it('batches call ids', async () => {
    const { fake, client } = await setup({ transcripts: transcriptsFor(250), ratePerSecond: 100 });
    const ids = Array.from({ length: 250 }, (_, i) => callId(i));

    const result = await client.fetchTranscripts(ids);

    expect(result.status).toBe('complete');
    expect(result.records).toHaveLength(250);
    expect(requestedIds(fake)).toEqual([100, 100, 50]);
    expect(result.requests).toBe(3);
  });

  it('returns records in the connector shape', async () => {
    const { fake, client } = await setup({ transcripts: transcriptsFor(2) });
    const started = new Map([[callId(1), '2026-04-02T15:00:00Z']]);

    const result = await client.fetchTranscripts([callId(0), callId(1)], {
      startedByCallId: started,
    });

    expect(result.records).toEqual([
      { callId: callId(0), transcript: monologue(0) },
      { callId: callId(1), started: '2026-04-02T15:00:00Z', transcript: monologue(1) },
    ]);
    const expected = Buffer.from(`${fake.accessKey}:${fake.accessKeySecret}`).toString('base64');
    expect(fake.requests[0]?.authorization).toBe(`Basic ${expected}`);
    expect(fake.requests[0]?.body).toEqual({ filter: { callIds: [callId(0), callId(1)] } });
  });

  it('follows the cursor across pages', async () => {
    const { fake, client } = await setup({
      transcripts: transcriptsFor(5),
      pageSize: 2,
      ratePerSecond: 100,
    });
    const ids = Array.from({ length: 5 }, (_, i) => callId(i));

    const result = await client.fetchTranscripts(ids);

    expect(result.records.map((r) => r.callId)).toEqual(ids);
    expect(fake.requests).toHaveLength(3);
    const bodies = fake.requests.map((r) => r.body as { cursor?: string; filter: unknown });
    expect(bodies[0]?.cursor).toBeUndefined();
    expect(typeof bodies[1]?.cursor).toBe('string');
    expect(bodies[2]?.cursor).not.toBe(bodies[1]?.cursor);
    for (const body of bodies) expect(body.filter).toEqual({ callIds: ids });
  });

  it('spaces requests at three per second', async () => {
    const { fake, client } = await setup(
      { transcripts: transcriptsFor(7) },
      { requestsPerSecond: 3, batchSize: 1 },
    );
    const ids = Array.from({ length: 7 }, (_, i) => callId(i));

    const result = await client.fetchTranscripts(ids);

    expect(result.status).toBe('complete');
    expect(fake.requests.filter((r) => r.status === 429)).toHaveLength(0);
    const times = fake.requests.map((r) => r.at);
    expect(times).toHaveLength(7);
    for (let i = 1; i < times.length; i++) {
      expect((times[i] as number) - (times[i - 1] as number)).toBeGreaterThanOrEqual(320);
    }
  });

  it('meets 429 from the fake when unthrottled', async () => {
    const retries: number[] = [];
    const { fake, client } = await setup(
      { transcripts: transcriptsFor(5) },
      { requestsPerSecond: 1_000, batchSize: 1, onRetry: (event) => retries.push(event.delayMs) },
    );

    const result = await client.fetchTranscripts(Array.from({ length: 5 }, (_, i) => callId(i)));

    expect(result.records).toHaveLength(5);
    expect(fake.requests.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    expect(retries.every((delayMs) => delayMs === 1_000)).toBe(true);
  });

  it('honours Retry-After on 429', async () => {
    const retries: { delayMs: number; serverRequested: boolean }[] = [];
    const { fake, client } = await setup(
      { transcripts: transcriptsFor(1) },
      {
        onRetry: (event) =>
          retries.push({ delayMs: event.delayMs, serverRequested: event.serverRequested }),
      },
    );
    fake.throttleNext(1, 1);

    const result = await client.fetchTranscripts([callId(0)]);

    expect(result.status).toBe('complete');
    expect(retries).toEqual([{ delayMs: 1_000, serverRequested: true }]);
    const [first, second] = fake.requests;
    expect(first?.status).toBe(429);
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(990);
  });

  it('fails a 429 storm after retries', async () => {
    const waits: number[] = [];
    const { fake, client } = await setup(
      { transcripts: transcriptsFor(1) },
      {
        maxAttempts: 3,
        sleep: async (ms) => {
          waits.push(ms);
        },
      },
    );
    fake.throttleNext(100, 5);

    const error = await client.fetchTranscripts([callId(0)]).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GongTranscriptFetchError);
    const cause = (error as GongTranscriptFetchError).cause;
    expect(cause).toBeInstanceOf(RetriesExhaustedError);
    expect((cause as RetriesExhaustedError).waitsMs).toEqual([5_000, 5_000]);
    // The rate limiter shares the injected sleep, so only the retry waits are 1 s or longer.
    expect(waits.filter((ms) => ms >= 1_000)).toEqual([5_000, 5_000]);
    expect((error as Error).message).toContain('failed after 3 attempts');
    expect((error as Error).message).toContain('HTTP 429');
    expect(fake.requests).toHaveLength(3);
  });

  it('keeps transcripts read before a failure', async () => {
    const { fake, client } = await setup(
      { transcripts: transcriptsFor(3), ratePerSecond: 100 },
      { batchSize: 1, maxAttempts: 2 },
    );
    fake.failNext(5, { after: 1 });
    const ids = [callId(0), callId(1), callId(2)];

    const error = await client.fetchTranscripts(ids).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(GongTranscriptFetchError);
    expect((error as GongTranscriptFetchError).records.map((r) => r.callId)).toEqual([callId(0)]);
    expect((error as GongTranscriptFetchError).pendingCallIds).toEqual([callId(1), callId(2)]);
    expect((error as Error).message).toContain('HTTP 500');
  });

  it('recovers from server errors', async () => {
    const { fake, client } = await setup({ transcripts: transcriptsFor(1) });
    fake.failNext(2);

    const result = await client.fetchTranscripts([callId(0)]);

    expect(result.records).toHaveLength(1);
    expect(fake.requests.map((r) => r.status)).toEqual([500, 500, 200]);
  });

  it('stops when the daily quota is used up', async () => {
    const quota = new DailyQuota({
      limit: 5,
      used: 3,
      now: () => Date.parse('2026-04-02T18:00:00Z'),
    });
    const { fake, client } = await setup(
      { transcripts: transcriptsFor(5) },
      { quota, batchSize: 1 },
    );
    const ids = Array.from({ length: 5 }, (_, i) => callId(i));

    const result = await client.fetchTranscripts(ids);

    expect(result.status).toBe('quota_exhausted');
    expect(result.records.map((r) => r.callId)).toEqual(ids.slice(0, 2));
    expect(result.pendingCallIds).toEqual(ids.slice(2));
    expect(result.requests).toBe(2);
    expect(fake.requests).toHaveLength(2);
    expect(result.resumeAt?.toISOString()).toBe('2026-04-03T00:00:00.000Z');
    expect(result.message).toContain('daily API quota of 5 requests is used up');
    expect(quota.used).toBe(5);
  });

  it('stops on a long server Retry-After', async () => {
    const { fake, client } = await setup(
      { transcripts: transcriptsFor(3), dailyLimit: 1 },
      { batchSize: 1 },
    );
    const ids = [callId(0), callId(1), callId(2)];

    const result = await client.fetchTranscripts(ids);

    expect(result.status).toBe('throttled');
    expect(result.records.map((r) => r.callId)).toEqual([callId(0)]);
    expect(result.pendingCallIds).toEqual([callId(1), callId(2)]);
    expect(result.message).toContain('asked to wait 21600 s');
    expect(fake.requests).toHaveLength(2);
  });

  it('treats 404 as no transcripts', async () => {
    const { fake, client } = await setup({ transcripts: transcriptsFor(1) });
    const ids = ['7400000000000009998', '7400000000000009999'];

    const result = await client.fetchTranscripts(ids);

    expect(fake.requests[0]?.status).toBe(404);
    expect(result.status).toBe('complete');
    expect(result.records).toEqual([]);
    expect(result.missingCallIds).toEqual(ids);
  });

  it('reports ids without a transcript', async () => {
    const { client } = await setup({ transcripts: transcriptsFor(2) });

    const result = await client.fetchTranscripts([callId(0), '7400000000000009999', callId(1)]);

    expect(result.records.map((r) => r.callId)).toEqual([callId(0), callId(1)]);
    expect(result.missingCallIds).toEqual(['7400000000000009999']);
  });

  it('fails on rejected credentials', async () => {
    fake = await FakeGongApi.start({ transcripts: transcriptsFor(1) });
    const client = new GongTranscriptClient({
      baseUrl: fake.url,
      accessKey: fake.accessKey,
      accessKeySecret: 'not-the-secret',
      logger: quietLogger,
    });

    const error = await client.fetchTranscripts([callId(0)]).catch((e: unknown) => e);

    expect((error as Error).message).toContain('HTTP 401');
    expect((error as Error).message).toContain('Access denied');
    expect((error as Error).message).not.toContain('not-the-secret');
    expect(fake.requests).toHaveLength(1);
  });
});

describe('DailyQuota', () => {
  it('resets at the next UTC day', () => {
    const clock = { time: Date.parse('2026-04-02T23:59:00Z') };
    const quota = new DailyQuota({ limit: 2, now: () => clock.time });

    expect(quota.tryTake()).toBe(true);
    expect(quota.tryTake()).toBe(true);
    expect(quota.tryTake()).toBe(false);
    expect(quota.remaining).toBe(0);

    clock.time = Date.parse('2026-04-03T00:00:01Z');
    expect(quota.remaining).toBe(2);
    expect(quota.tryTake()).toBe(true);
  });

  it('defaults to ten thousand a day', () => {
    expect(new DailyQuota().limit).toBe(10_000);
  });
});
