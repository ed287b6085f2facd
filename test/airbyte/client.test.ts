import { Writable } from 'node:stream';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { AirbyteClient, type AirbyteClientOptions } from '../../src/airbyte/client.js';
import {
  AirbyteApiError,
  AirbyteAuthError,
  AirbyteJobAbortedError,
  AirbyteJobTimeoutError,
} from '../../src/airbyte/errors.js';
import type { Logger } from '../../src/logger.js';
import { CircuitBreaker } from '../../src/resilience/circuit-breaker.js';
import { CircuitOpenError, RetriesExhaustedError } from '../../src/resilience/errors.js';
import { FakeAirbyteApi, type FakeAirbyteOptions } from '../fakes/airbyte-api.js';

const CONNECTION_ID = '6f1c2a8e-3b4d-4e5f-8a9b-0c1d2e3f4a5b';

/** Log lines captured in memory, to check what the client writes. */
function memoryLogger(): { logger: Logger; output: () => string } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      lines.push(chunk.toString('utf8'));
      callback();
    },
  });
  return {
    logger: pino({ level: 'debug' }, stream) as unknown as Logger,
    output: () => lines.join(''),
  };
}

let fake: FakeAirbyteApi | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(
  fakeOptions: FakeAirbyteOptions = {},
  clientOptions: Partial<AirbyteClientOptions> = {},
): Promise<{ fake: FakeAirbyteApi; client: AirbyteClient }> {
  fake = await FakeAirbyteApi.start(fakeOptions);
  const client = new AirbyteClient({
    baseUrl: fake.url,
    clientId: fake.clientId,
    clientSecret: fake.clientSecret,
    baseDelayMs: 1,
    logger: memoryLogger().logger,
    ...clientOptions,
  });
  return { fake, client };
}

describe('AirbyteClient tokens', () => {
  it('reuses a token until it nears expiry', async () => {
    const clock = { time: Date.parse('2026-05-01T09:00:00Z') };
    const now = () => clock.time;
    const { fake, client } = await setup({ tokenTtlSeconds: 180, now }, { now });
    const job = await client.triggerSync(CONNECTION_ID);

    await client.getJob(job.jobId);
    clock.time += 140_000;
    await client.getJob(job.jobId);
    expect(client.tokenRequests).toBe(1);

    clock.time += 15_000;
    await client.getJob(job.jobId);
    expect(client.tokenRequests).toBe(2);
    expect(fake.requestsTo('/applications/token')).toHaveLength(2);
    expect(fake.requests.filter((r) => r.status === 401)).toHaveLength(0);
  });

  it('sends the client-credentials grant', async () => {
    const { fake, client } = await setup();
    await client.triggerSync(CONNECTION_ID);

    const [tokenRequest] = fake.requestsTo('/applications/token', 'POST');
    expect(tokenRequest?.body).toEqual({
      client_id: fake.clientId,
      client_secret: fake.clientSecret,
      'grant-type': 'client_credentials',
    });
  });

  it('replaces a rejected token once', async () => {
    const { fake, client } = await setup();
    const job = await client.triggerSync(CONNECTION_ID);
    fake.revokeTokens();

    const again = await client.getJob(job.jobId);
    expect(again.jobId).toBe(job.jobId);
    expect(client.tokenRequests).toBe(2);
    expect(fake.requestsTo(`/jobs/${job.jobId}`).map((r) => r.status)).toEqual([401, 200]);
  });

  it('fails when a fresh token is rejected', async () => {
    const { fake, client } = await setup();
    fake.failNext(2, 401, { pathPrefix: '/jobs' });

    const error = await client.triggerSync(CONNECTION_ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AirbyteAuthError);
    expect((error as Error).message).toContain('invalid-api-key');
    expect(fake.requestsTo('/jobs', 'POST')).toHaveLength(2);
  });

  it('rejects wrong credentials without retrying', async () => {
    fake = await FakeAirbyteApi.start();
    const client = new AirbyteClient({
      baseUrl: fake.url,
      clientId: fake.clientId,
      clientSecret: 'wrong-secret',
      baseDelayMs: 1,
      logger: memoryLogger().logger,
    });

    const error = await client.triggerSync(CONNECTION_ID).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AirbyteAuthError);
    expect((error as AirbyteAuthError).status).toBe(403);
    expect((error as Error).message).toContain('client secret');
    expect(fake.requestsTo('/applications/token')).toHaveLength(1);
  });

  it('keeps secrets out of logs and errors', async () => {
    fake = await FakeAirbyteApi.start();
    const log = memoryLogger();
    const client = new AirbyteClient({
      baseUrl: fake.url,
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      baseDelayMs: 1,
      maxAttempts: 3,
      logger: log.logger,
    });
    const job = await client.triggerSync(CONNECTION_ID);
    fake.revokeTokens();
    fake.failNext(5, 503, { pathPrefix: '/jobs' });
    const error = await client.getJob(job.jobId).catch((e: unknown) => e);

    const issued = fake.requests
      .map((r) => r.authorization?.replace('Bearer ', ''))
      .filter((t): t is string => typeof t === 'string');
    expect(issued.length).toBeGreaterThan(0);
    expect(log.output()).toContain('retrying');
    for (const secret of [fake.clientSecret, ...issued]) {
      expect(log.output()).not.toContain(secret);
      expect(String((error as Error).message)).not.toContain(secret);
    }
  });
});

describe('AirbyteClient jobs', () => {
  it('starts a sync with the spec body', async () => {
    const { fake, client } = await setup();
    const job = await client.triggerSync(CONNECTION_ID);

    expect(job.status).toBe('pending');
    expect(job.connectionId).toBe(CONNECTION_ID);
    const [request] = fake.requestsTo('/jobs', 'POST');
    expect(request?.body).toEqual({ connectionId: CONNECTION_ID, jobType: 'sync' });
    expect(request?.authorization).toMatch(/^Bearer tok-/);
  });

  it('works under the self-managed base path', async () => {
    const { fake, client } = await setup({ basePath: '/api/public/v1' });
    const job = await client.runSync(CONNECTION_ID, { pollIntervalMs: 5 });

    expect(fake.url).toMatch(/\/api\/public\/v1$/);
    expect(job.status).toBe('succeeded');
  });

  for (const terminal of ['succeeded', 'failed', 'cancelled', 'incomplete'] as const) {
    it(`polls until ${terminal}`, async () => {
      const { fake, client } = await setup();
      fake.nextJobScript = ['pending', 'queued', 'running', 'running', terminal];
      const seen: string[] = [];

      const job = await client.runSync(CONNECTION_ID, {
        pollIntervalMs: 5,
        onPoll: (polled) => seen.push(polled.status),
      });

      expect(job.status).toBe(terminal);
      expect(seen).toEqual(['queued', 'running', 'running', terminal]);
      expect(fake.requestsTo(`/jobs/${job.jobId}`, 'GET')).toHaveLength(4);
    });
  }

  it('grows the poll interval', async () => {
    const waits: number[] = [];
    const { fake, client } = await setup(
      {},
      {
        sleep: async (ms) => {
          waits.push(ms);
        },
      },
    );
    fake.nextJobScript = ['running', 'running', 'running', 'running', 'succeeded'];
    const job = await client.triggerSync(CONNECTION_ID);

    await client.waitForJob(job.jobId, { pollIntervalMs: 1_000, maxPollIntervalMs: 2_000 });
    expect(waits).toEqual([1_000, 1_500, 2_000]);
  });

  it('times out naming the job', async () => {
    const { fake, client } = await setup();
    fake.nextJobScript = ['running'];
    const job = await client.triggerSync(CONNECTION_ID);
    const started = performance.now();

    const error = await client
      .waitForJob(job.jobId, { timeoutMs: 300, pollIntervalMs: 20 })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AirbyteJobTimeoutError);
    expect((error as AirbyteJobTimeoutError).jobId).toBe(job.jobId);
    expect((error as Error).message).toContain(
      `Airbyte job ${job.jobId} did not finish within 300 ms`,
    );
    expect((error as Error).message).toContain('"running"');
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('times out while the API is slow', async () => {
    const { fake, client } = await setup();
    fake.nextJobScript = ['running'];
    const job = await client.triggerSync(CONNECTION_ID);
    fake.latencyMs = 5_000;
    const started = performance.now();

    const error = await client.waitForJob(job.jobId, { timeoutMs: 300 }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AirbyteJobTimeoutError);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('cancels the job on abort', async () => {
    const { fake, client } = await setup();
    fake.nextJobScript = ['running'];
    const job = await client.triggerSync(CONNECTION_ID);
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('shutdown')), 100);

    const error = await client
      .waitForJob(job.jobId, { pollIntervalMs: 20, signal: controller.signal })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AirbyteJobAbortedError);
    expect((error as AirbyteJobAbortedError).cancelled).toBe(true);
    expect(fake.requestsTo(`/jobs/${job.jobId}`, 'DELETE')).toHaveLength(1);
    expect(fake.jobStatus(job.jobId)).toBe('cancelled');
  });
});

describe('AirbyteClient errors', () => {
  it('recovers from a 5xx burst', async () => {
    const { fake, client } = await setup();
    fake.failNext(2, 503, { pathPrefix: '/jobs' });

    const job = await client.triggerSync(CONNECTION_ID);
    expect(job.jobId).toBeGreaterThan(0);
    expect(fake.requestsTo('/jobs', 'POST').map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it('fails a 429 storm after counted waits', async () => {
    const waits: number[] = [];
    const { fake, client } = await setup(
      {},
      {
        maxAttempts: 4,
        sleep: async (ms) => {
          waits.push(ms);
        },
      },
    );
    fake.failNext(50, 429, { retryAfter: '2', pathPrefix: '/jobs' });

    const error = await client.triggerSync(CONNECTION_ID).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(RetriesExhaustedError);
    expect((error as RetriesExhaustedError).attempts).toBe(4);
    expect((error as RetriesExhaustedError).waitsMs).toEqual([2_000, 2_000, 2_000]);
    expect((error as Error).message).toContain('POST /jobs failed after 4 attempts');
    expect((error as Error).message).toContain('HTTP 429');
    expect(waits).toEqual([2_000, 2_000, 2_000]);
    expect(fake.requestsTo('/jobs', 'POST')).toHaveLength(4);
  });

  it('does not retry a 4xx and shows the problem', async () => {
    const { fake, client } = await setup();
    fake.failNext(1, 403, { pathPrefix: '/jobs' });

    const error = await client.triggerSync(CONNECTION_ID).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AirbyteApiError);
    expect((error as AirbyteApiError).status).toBe(403);
    expect((error as AirbyteApiError).problem?.title).toBe('forbidden');
    expect((error as Error).message).toContain('HTTP 403 (forbidden: The request is forbidden.)');
    expect(fake.requestsTo('/jobs', 'POST')).toHaveLength(1);
  });

  it('reports an unknown job as not found', async () => {
    const { client } = await setup();
    const error = await client.getJob(424242).catch((e: unknown) => e);

    expect((error as AirbyteApiError).status).toBe(404);
    expect((error as Error).message).toContain('GET /v1/jobs/424242 returned HTTP 404');
  });

  it('opens and half-opens the circuit breaker', async () => {
    const clock = { time: Date.parse('2026-05-01T09:00:00Z') };
    const now = () => clock.time;
    const breaker = new CircuitBreaker({
      name: 'Airbyte',
      failureThreshold: 3,
      resetTimeoutMs: 60_000,
      now,
    });
    const { fake, client } = await setup({ now }, { now, breaker, maxAttempts: 1 });
    const job = await client.triggerSync(CONNECTION_ID);
    fake.failNext(3, 500, { pathPrefix: '/jobs' });

    for (let i = 0; i < 3; i++) await expect(client.getJob(job.jobId)).rejects.toThrow('HTTP 500');
    expect(breaker.state).toBe('open');

    const before = fake.requests.length;
    await expect(client.getJob(job.jobId)).rejects.toBeInstanceOf(CircuitOpenError);
    expect(fake.requests.length).toBe(before);

    clock.time += 60_000;
    expect(breaker.state).toBe('half-open');
    const polled = await client.getJob(job.jobId);
    expect(polled.jobId).toBe(job.jobId);
    expect(breaker.state).toBe('closed');
  });

  it('rejects an invalid base URL', () => {
    expect(
      () => new AirbyteClient({ baseUrl: 'api.airbyte.example', clientId: 'a', clientSecret: 'b' }),
    ).toThrow('Invalid Airbyte API base URL "api.airbyte.example"');
  });
});
