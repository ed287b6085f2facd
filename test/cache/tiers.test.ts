import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_WARM_TTL_SECONDS,
  entryKey,
  generationKey,
  type SophiaCache,
} from '../../src/cache/index.js';
import { deleteNamespace, requireRedisUrl, runRedisSuites } from './services.js';
import { counterValue, openCache, uniqueNamespace } from './support.js';

describe.runIf(runRedisSuites)('cache tiers on Redis', () => {
  let url: string;
  let admin: Redis;
  let namespace: string;
  const opened: SophiaCache[] = [];

  /** Opens a cache on the shared Redis in this test's namespace. */
  function open(options: { generationCheckMs?: number; hotTtlMs?: number } = {}) {
    const handle = openCache({ redisUrl: url, namespace, ...options });
    opened.push(handle.cache);
    return handle;
  }

  beforeAll(async () => {
    url = requireRedisUrl();
    admin = new Redis(url, { lazyConnect: true });
    await admin.connect();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((cache) => cache.close()));
    await deleteNamespace(url, namespace);
  });
  afterAll(() => {
    admin?.disconnect();
  });

  it('misses both tiers, then hits the LRU', async () => {
    namespace = uniqueNamespace();
    const { cache, registry } = open();
    let computed = 0;
    const compute = async () => ({ answer: ++computed });

    const first = await cache.getOrCompute('pay_ready', 'search', { query: 'pricing' }, compute);
    const second = await cache.getOrCompute('pay_ready', 'search', { query: 'pricing' }, compute);

    expect(first).toEqual({ answer: 1 });
    expect(second).toEqual({ answer: 1 });
    expect(computed).toBe(1);
    const labels = { domain: 'pay_ready' };
    expect(
      await counterValue(registry, 'sophia_cache_misses_total', { tier: 'lru', ...labels }),
    ).toBe(1);
    expect(
      await counterValue(registry, 'sophia_cache_misses_total', { tier: 'redis', ...labels }),
    ).toBe(1);
    expect(
      await counterValue(registry, 'sophia_cache_hits_total', { tier: 'lru', ...labels }),
    ).toBe(1);
    expect(
      await counterValue(registry, 'sophia_cache_hits_total', { tier: 'redis', ...labels }),
    ).toBe(0);
  });

  it('hits Redis from a second instance', async () => {
    namespace = uniqueNamespace();
    const writer = open();
    const reader = open();
    await writer.cache.getOrCompute('personal', 'lookup', { query: 'Ada' }, async () => ['ada']);
    await writer.cache.settled();

    const read = await reader.cache.getOrCompute(
      'personal',
      'lookup',
      { query: 'Ada' },
      async () => {
        throw new Error('the warm tier should have answered');
      },
    );

    expect(read).toEqual(['ada']);
    const labels = { domain: 'personal' };
    expect(
      await counterValue(reader.registry, 'sophia_cache_hits_total', { tier: 'redis', ...labels }),
    ).toBe(1);
    expect(
      await counterValue(reader.registry, 'sophia_cache_misses_total', { tier: 'lru', ...labels }),
    ).toBe(1);
  });

  it('treats argument order as the same key', async () => {
    namespace = uniqueNamespace();
    const { cache } = open();
    let computed = 0;
    const compute = async () => ++computed;

    await cache.getOrCompute('paragon', 'search', { query: 'q', limit: 5 }, compute);
    await cache.getOrCompute(
      'paragon',
      'search',
      { limit: 5, query: 'q', cursor: undefined },
      compute,
    );
    await cache.getOrCompute('paragon', 'search', { query: 'q', limit: 6 }, compute);

    expect(computed).toBe(2);
  });

  it('sets a seven-day TTL on Redis entries', async () => {
    namespace = uniqueNamespace();
    const { cache } = open();
    await cache.getOrCompute(
      'pay_ready',
      'timeline',
      { company: 'Kestrel' },
      async () => 'entries',
    );
    await cache.settled();

    const key = namespace + entryKey('pay_ready', 0, 'timeline', { company: 'Kestrel' });
    const ttl = await admin.ttl(key);

    expect(await admin.get(key)).toBe('"entries"');
    expect(ttl).toBeGreaterThan(DEFAULT_WARM_TTL_SECONDS - 60);
    expect(ttl).toBeLessThanOrEqual(DEFAULT_WARM_TTL_SECONDS);
  });

  it('expires LRU entries after their TTL', async () => {
    namespace = uniqueNamespace();
    const { cache, registry } = open({ hotTtlMs: 40 });
    await cache.getOrCompute('pay_ready', 'lookup', { query: 'x' }, async () => 1);
    await cache.getOrCompute('pay_ready', 'lookup', { query: 'x' }, async () => 2);
    await new Promise((resolve) => setTimeout(resolve, 80));

    const afterTtl = await cache.getOrCompute('pay_ready', 'lookup', { query: 'x' }, async () => 3);

    // The hot copy expired, so the warm tier served the third call.
    expect(afterTtl).toBe(1);
    expect(await counterValue(registry, 'sophia_cache_hits_total', { tier: 'lru' })).toBe(1);
    expect(await counterValue(registry, 'sophia_cache_hits_total', { tier: 'redis' })).toBe(1);
  });

  it('prefixes keys per domain', async () => {
    namespace = uniqueNamespace();
    const { cache } = open();
    const args = { query: 'same question' };
    const answers = await Promise.all(
      (['pay_ready', 'personal', 'paragon'] as const).map((domain) =>
        cache.getOrCompute(domain, 'search', args, async () => `answer of ${domain}`),
      ),
    );
    await cache.settled();
    const keys = (await admin.keys(`${namespace}*`)).map((key) => key.slice(namespace.length));

    expect(answers).toEqual(['answer of pay_ready', 'answer of personal', 'answer of paragon']);
    expect(keys).toHaveLength(3);
    expect(keys.filter((key) => key.startsWith('pr:g0:search:'))).toHaveLength(1);
    expect(keys.filter((key) => key.startsWith('ps:g0:search:'))).toHaveLength(1);
    expect(keys.filter((key) => key.startsWith('pg:g0:search:'))).toHaveLength(1);
  });

  it('invalidates one domain across two instances', async () => {
    namespace = uniqueNamespace();
    const server = open({ generationCheckMs: 0 });
    const syncer = open({ generationCheckMs: 0 });
    let version = 1;
    const read = (domain: 'pay_ready' | 'personal') =>
      server.cache.getOrCompute(domain, 'search', { query: 'pricing' }, async () => `v${version}`);

    expect(await read('pay_ready')).toBe('v1');
    expect(await read('personal')).toBe('v1');
    version = 2;
    expect(await read('pay_ready')).toBe('v1');

    const generation = await syncer.cache.invalidateDomain('pay_ready');

    expect(generation).toBe(1);
    expect(await admin.get(namespace + generationKey('pay_ready'))).toBe('1');
    expect(await read('pay_ready')).toBe('v2');
    expect(await read('personal')).toBe('v1');
    expect(await server.cache.generation('pay_ready')).toBe(1);
    expect(await server.cache.generation('personal')).toBe(0);
  });

  it('sees another instance bump after the check interval', async () => {
    namespace = uniqueNamespace();
    const server = open({ generationCheckMs: 150 });
    const syncer = open();
    let version = 1;
    const read = () =>
      server.cache.getOrCompute('paragon', 'timeline', { person: 'Ines' }, async () => version);

    expect(await read()).toBe(1);
    version = 2;
    await syncer.cache.invalidateDomain('paragon');
    expect(await read()).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(await read()).toBe(2);
  });

  it('shares one computation between concurrent calls', async () => {
    namespace = uniqueNamespace();
    const { cache } = open();
    let computed = 0;
    const compute = async () => {
      computed += 1;
      await new Promise((resolve) => setTimeout(resolve, 30));
      return 'slow';
    };

    const results = await Promise.all(
      [1, 2, 3].map(() => cache.getOrCompute('pay_ready', 'search', { query: 'q' }, compute)),
    );

    expect(results).toEqual(['slow', 'slow', 'slow']);
    expect(computed).toBe(1);
  });

  it('does not cache a failed computation', async () => {
    namespace = uniqueNamespace();
    const { cache } = open();
    const failing = cache.getOrCompute('pay_ready', 'search', { query: 'q' }, async () => {
      throw new Error('store closed');
    });

    await expect(failing).rejects.toThrow('store closed');
    expect(await cache.getOrCompute('pay_ready', 'search', { query: 'q' }, async () => 'ok')).toBe(
      'ok',
    );
  });
});
