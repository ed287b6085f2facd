import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import type { SophiaCache } from '../../src/cache/index.js';
import { freePort, ThrowawayRedis } from './redis-server.js';
import { runRedisSuites } from './services.js';
import { counterValue, openCache, waitFor } from './support.js';

/** Redis command timeout of these tests; every fallback must finish well within a few of these. */
const TIMEOUT_MS = 100;

const opened: SophiaCache[] = [];
const servers: ThrowawayRedis[] = [];

function open(url: string, options: { generationCheckMs?: number } = {}) {
  const handle = openCache({ redisUrl: url, redisTimeoutMs: TIMEOUT_MS, ...options });
  opened.push(handle.cache);
  return handle;
}

async function startRedis(): Promise<ThrowawayRedis> {
  const server = new ThrowawayRedis(await freePort());
  servers.push(server);
  await server.start();
  return server;
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((cache) => cache.close()));
  await Promise.all(servers.splice(0).map((server) => server.dispose()));
});

/** Runs `work` and returns how long it took, in milliseconds. */
async function timed<T>(work: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await work();
  return { value, ms: performance.now() - started };
}

describe('cache with Redis refusing connections', () => {
  it('returns computed results within the timeout', async () => {
    const port = await freePort();
    const { cache, registry } = open(`redis://127.0.0.1:${port}`);
    let computed = 0;

    for (let round = 0; round < 10; round += 1) {
      const { value, ms } = await timed(() =>
        cache.getOrCompute('pay_ready', 'search', { round }, async () => {
          computed += 1;
          return { round };
        }),
      );

      expect(value).toEqual({ round });
      expect(ms).toBeLessThan(TIMEOUT_MS * 3);
    }

    expect(computed).toBe(10);
    expect(await counterValue(registry, 'sophia_cache_redis_errors_total')).toBeGreaterThan(0);
  });

  it('still serves LRU hits', async () => {
    const port = await freePort();
    const { cache, registry } = open(`redis://127.0.0.1:${port}`);
    let computed = 0;
    const compute = async () => ++computed;

    await cache.getOrCompute('personal', 'lookup', { query: 'a' }, compute);
    const second = await cache.getOrCompute('personal', 'lookup', { query: 'a' }, compute);

    expect(second).toBe(1);
    expect(computed).toBe(1);
    expect(await counterValue(registry, 'sophia_cache_hits_total', { tier: 'lru' })).toBe(1);
  });

  it('logs the outage once', async () => {
    const port = await freePort();
    const { cache, logs } = open(`redis://127.0.0.1:${port}`);

    for (let round = 0; round < 20; round += 1) {
      await cache.getOrCompute('paragon', 'search', { round }, async () => round);
    }
    await cache.settled();
    // Leave time for a few reconnection attempts, which must not log either.
    await new Promise((resolve) => setTimeout(resolve, 500));

    const warnings = logs.lines.filter((line) => line.level === 40);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.msg).toMatch(/Redis cache unavailable/);
  });

  it('invalidates in process memory', async () => {
    const port = await freePort();
    const { cache } = open(`redis://127.0.0.1:${port}`);
    let version = 1;
    const read = () =>
      cache.getOrCompute('pay_ready', 'search', { query: 'q' }, async () => version);

    expect(await read()).toBe(1);
    version = 2;
    expect(await read()).toBe(1);
    await cache.invalidateDomain('pay_ready');

    expect(await read()).toBe(2);
  });
});

describe('cache without Redis', () => {
  it('caches and invalidates in process memory', async () => {
    const { cache, registry } = openCache();
    opened.push(cache);
    let version = 1;
    const read = () =>
      cache.getOrCompute('pay_ready', 'lookup', { query: 'q' }, async () => version);

    expect(await read()).toBe(1);
    version = 2;
    expect(await read()).toBe(1);
    expect(await cache.invalidateDomain('pay_ready')).toBe(1);
    expect(await read()).toBe(2);
    expect(await counterValue(registry, 'sophia_cache_misses_total', { tier: 'redis' })).toBe(0);
  });
});

describe.runIf(runRedisSuites)('cache with a throwaway Redis', () => {
  it('recovers after Redis is killed and restarted', async () => {
    const redis = await startRedis();
    const first = open(redis.url, { generationCheckMs: 0 });
    await waitFor(() => first.cache.redisReady, 5000, 'the first connection');
    await first.cache.getOrCompute('pay_ready', 'search', { query: 'before' }, async () => 'b');
    await first.cache.settled();

    await redis.kill();
    const during = await timed(() =>
      first.cache.getOrCompute('pay_ready', 'search', { query: 'during' }, async () => 'd'),
    );
    const cachedBefore = await first.cache.getOrCompute(
      'pay_ready',
      'search',
      { query: 'before' },
      async () => 'recomputed',
    );

    expect(during.value).toBe('d');
    expect(during.ms).toBeLessThan(TIMEOUT_MS * 3);
    expect(cachedBefore).toBe('b');

    await redis.start();
    await waitFor(() => first.cache.redisReady, 10_000, 'the reconnection');
    await first.cache.getOrCompute('pay_ready', 'search', { query: 'after' }, async () => 'a');
    await first.cache.settled();
    const second = open(redis.url);
    await waitFor(() => second.cache.redisReady, 5000, 'the second connection');
    const fromRedis = await second.cache.getOrCompute(
      'pay_ready',
      'search',
      { query: 'after' },
      async () => 'not from Redis',
    );

    expect(fromRedis).toBe('a');
    expect(await counterValue(second.registry, 'sophia_cache_hits_total', { tier: 'redis' })).toBe(
      1,
    );
    const messages = first.logs.lines.map((line) => line.msg);
    expect(messages.filter((msg) => /Redis cache unavailable/.test(msg))).toHaveLength(1);
    expect(messages.filter((msg) => /Redis cache reachable again/.test(msg))).toHaveLength(1);
  }, 30_000);

  it('connects when Redis starts after the cache', async () => {
    const redis = new ThrowawayRedis(await freePort());
    servers.push(redis);
    const { cache, logs } = open(redis.url);
    const before = await cache.getOrCompute('paragon', 'lookup', { query: 'x' }, async () => 1);

    await redis.start();
    await waitFor(() => cache.redisReady, 10_000, 'the first connection');
    await cache.getOrCompute('paragon', 'lookup', { query: 'y' }, async () => 2);
    await cache.settled();
    const other = open(redis.url);
    const fromRedis = await other.cache.getOrCompute(
      'paragon',
      'lookup',
      { query: 'y' },
      async () => 3,
    );

    expect(before).toBe(1);
    expect(fromRedis).toBe(2);
    expect(logs.lines.map((line) => line.msg)).toEqual([
      expect.stringMatching(/Redis cache unavailable/),
      expect.stringMatching(/Redis cache reachable again/),
    ]);
  }, 30_000);

  it('pushes a bump made during the outage', async () => {
    const redis = await startRedis();
    const server = open(redis.url, { generationCheckMs: 0 });
    const syncer = open(redis.url, { generationCheckMs: 0 });
    await waitFor(() => server.cache.redisReady && syncer.cache.redisReady, 5000, 'connections');
    let version = 1;
    const read = () =>
      server.cache.getOrCompute('personal', 'timeline', { company: 'c' }, async () => version);
    expect(await read()).toBe(1);

    await redis.kill();
    version = 2;
    expect(await syncer.cache.invalidateDomain('personal')).toBe(1);
    await redis.start();
    await waitFor(() => server.cache.redisReady && syncer.cache.redisReady, 10_000, 'reconnects');

    // The restarted Redis is empty; the syncer's pending bump reaches it on its next read.
    expect(await syncer.cache.generation('personal')).toBe(1);
    expect(await read()).toBe(2);
  }, 30_000);

  it('times out when Redis hangs', async () => {
    const redis = await startRedis();
    const { cache, registry } = open(redis.url, { generationCheckMs: 0 });
    await waitFor(() => cache.redisReady, 5000, 'the connection');
    const admin = new Redis(redis.url);
    try {
      // CLIENT PAUSE ALL blocks every client's commands for the given milliseconds (Redis 6.2+).
      await admin.call('CLIENT', 'PAUSE', '2000', 'ALL');

      const { value, ms } = await timed(() =>
        cache.getOrCompute('paragon', 'search', { query: 'hang' }, async () => 'computed'),
      );

      expect(value).toBe('computed');
      // One timed-out read of the generation; the failure backoff skips the warm read.
      expect(ms).toBeLessThan(TIMEOUT_MS * 2 + 200);
      const next = await timed(() =>
        cache.getOrCompute('paragon', 'search', { query: 'hang 2' }, async () => 'again'),
      );
      expect(next.value).toBe('again');
      expect(next.ms).toBeLessThan(TIMEOUT_MS);
      expect(await counterValue(registry, 'sophia_cache_redis_errors_total')).toBeGreaterThan(0);
    } finally {
      await admin.call('CLIENT', 'UNPAUSE').catch(() => undefined);
      admin.disconnect();
    }
  }, 30_000);
});
