import { afterEach, describe, expect, it } from 'vitest';
import type { EntityChange, SophiaApi, SyncOutcome } from '../../src/api.js';
import { invalidateDomain, type SophiaCache, withCache } from '../../src/cache/index.js';
import { connectClient, resultText } from '../mcp/connect.js';
import { CALL_ID, FakeSophiaApi } from '../mcp/fake-api.js';
import { counterValue, openCache } from './support.js';

const opened: SophiaCache[] = [];

/** Wraps a fake API that records its calls with an in-process cache (no Redis). */
function cachedFake(domain = 'pay_ready', now?: () => Date) {
  const { cache, registry } = openCache();
  opened.push(cache);
  const fake = new FakeSophiaApi(domain);
  let transcriptCalls = 0;
  const counted: SophiaApi = {
    ...apiOf(fake),
    transcriptWindow: (callId, fromMs, toMs) => {
      transcriptCalls += 1;
      return fake.transcriptWindow(callId, fromMs, toMs);
    },
  };

  return {
    api: withCache(counted, cache, { now }),
    fake,
    cache,
    registry,
    transcriptCalls: () => transcriptCalls,
  };
}

afterEach(async () => {
  await Promise.all(opened.splice(0).map((cache) => cache.close()));
});

describe('withCache', () => {
  it('serves a repeated search from the cache', async () => {
    const { api, fake } = cachedFake();

    const first = await api.search({ query: 'pricing', limit: 5 });
    const second = await api.search({ query: 'pricing', limit: 5 });

    expect(second).toEqual(first);
    expect(first.hits.length).toBeGreaterThan(0);
    expect(fake.searchCalls).toHaveLength(1);
  });

  it('keeps different arguments apart', async () => {
    const { api, fake } = cachedFake();

    const all = await api.search({ query: 'pricing' });
    const slack = await api.search({ query: 'pricing', sources: ['slack'] });

    expect(fake.searchCalls).toHaveLength(2);
    expect(slack.hits.every((hit) => hit.citation.source === 'slack')).toBe(true);
    expect(all.hits.some((hit) => hit.citation.source === 'gong')).toBe(true);
  });

  it('caches timeline, lookup and transcript', async () => {
    const { api, fake, transcriptCalls } = cachedFake();

    for (let round = 0; round < 2; round += 1) {
      await api.timeline({ company: 'Brightwater Foods' });
      await api.lookupEntity({ query: 'Lena' });
      await api.transcriptWindow(CALL_ID, 0, 60_000);
    }

    expect(fake.timelineCalls).toHaveLength(1);
    expect(fake.lookupCalls).toHaveLength(1);
    expect(transcriptCalls()).toBe(1);
  });

  it('recomputes after invalidation', async () => {
    const { api, fake, cache } = cachedFake();

    await api.search({ query: 'pricing' });
    await invalidateDomain(cache, 'pay_ready');
    await api.search({ query: 'pricing' });

    expect(fake.searchCalls).toHaveLength(2);
  });

  it('keys date phrases by day', async () => {
    let now = new Date('2026-11-30T10:00:00Z');
    const { api, fake } = cachedFake('pay_ready', () => now);

    await api.search({ query: 'pricing', from: 'last month' });
    await api.search({ query: 'pricing', from: 'last month' });
    await api.search({ query: 'pricing', from: '2026-10-01' });
    now = new Date('2026-12-01T10:00:00Z');
    await api.search({ query: 'pricing', from: 'last month' });
    await api.search({ query: 'pricing', from: '2026-10-01' });

    expect(fake.searchCalls.map((call) => call.from)).toEqual([
      'last month',
      '2026-10-01',
      'last month',
    ]);
  });

  it('does not cache errors', async () => {
    const { api, fake } = cachedFake();
    fake.searchError = new Error('store unavailable');

    await expect(api.search({ query: 'pricing' })).rejects.toThrow('store unavailable');
    fake.searchError = undefined;
    const result = await api.search({ query: 'pricing' });

    expect(result.hits.length).toBeGreaterThan(0);
    expect(fake.searchCalls).toHaveLength(2);
  });

  it('rejects an unknown domain', () => {
    const { cache } = openCache();
    opened.push(cache);

    expect(() => withCache(new FakeSophiaApi('sales'), cache)).toThrow(
      /Unknown cache domain "sales"/,
    );
  });

  it('serves MCP tool calls from the cache', async () => {
    const { api, fake, registry } = cachedFake();
    const connection = await connectClient({ api: Promise.resolve(api) });
    try {
      const call = () =>
        connection.client.callTool({
          name: 'search_customer_interactions',
          arguments: { query: 'pricing' },
        });
      const first = await call();
      const second = await call();

      // The text differs per call (its data fence has a random marker), the content does not.
      expect(resultText(first)).toContain('pricing');
      expect(second.structuredContent).toEqual(first.structuredContent);
      expect(first.structuredContent).toBeDefined();
      expect(fake.searchCalls).toHaveLength(1);
      expect(await counterValue(registry, 'sophia_cache_hits_total', { tier: 'lru' })).toBe(1);
    } finally {
      await connection.close();
    }
  });

  it('invalidates after a merge but not a dry run', async () => {
    const { cache } = openCache();
    opened.push(cache);
    const fake = new FakeSophiaApi('personal');
    const change = (dryRun: boolean) =>
      ({
        action: 'merge',
        dryRun,
        moved: [],
        decisions: [],
        interactionsRelinked: 1,
      }) as unknown as EntityChange;
    const api = withCache(
      {
        ...apiOf(fake),
        mergeEntities: async (params) => change(params.dryRun ?? false),
      },
      cache,
    );

    await api.lookupEntity({ query: 'Lena' });
    await api.mergeEntities?.({ keepId: 'a', mergeId: 'b', dryRun: true });
    await api.lookupEntity({ query: 'Lena' });
    expect(fake.lookupCalls).toHaveLength(1);

    await api.mergeEntities?.({ keepId: 'a', mergeId: 'b' });
    await api.lookupEntity({ query: 'Lena' });
    expect(fake.lookupCalls).toHaveLength(2);
    expect(await cache.generation('personal')).toBe(1);
  });

  it('invalidates when a triggered sync finishes', async () => {
    const { cache } = openCache();
    opened.push(cache);
    const fake = new FakeSophiaApi('paragon');
    let finish: (outcome: SyncOutcome) => void = () => undefined;
    const api = withCache(
      {
        ...apiOf(fake),
        triggerSync: async () => ({
          runId: 'run-1',
          done: new Promise<SyncOutcome>((resolve) => {
            finish = resolve;
          }),
        }),
      },
      cache,
    );

    await api.search({ query: 'pricing' });
    const started = await api.triggerSync?.({} as never);
    await api.search({ query: 'pricing' });
    expect(fake.searchCalls).toHaveLength(1);

    finish({ status: 'failed', records: 3, error: 'source timed out' });
    const outcome = await started?.done;
    await api.search({ query: 'pricing' });

    expect(outcome?.status).toBe('failed');
    expect(fake.searchCalls).toHaveLength(2);
  });

  it('passes optional reads through', async () => {
    const { cache } = openCache();
    opened.push(cache);
    const fake = new FakeSophiaApi('pay_ready');
    let cardCalls = 0;
    const api = withCache(
      {
        ...apiOf(fake),
        entityCard: async (id) => {
          cardCalls += 1;
          return { id } as never;
        },
      },
      cache,
    );

    await api.entityCard?.('pe-1');
    await api.entityCard?.('pe-1');

    expect(cardCalls).toBe(2);
    expect(api.syncStatus).toBeUndefined();
  });
});

/** Returns the required methods of `fake` as a plain object, to add optional ones to. */
function apiOf(fake: FakeSophiaApi): SophiaApi {
  return {
    domain: fake.domain,
    search: (params) => fake.search(params),
    timeline: (params) => fake.timeline(params),
    lookupEntity: (params) => fake.lookupEntity(params),
    transcriptWindow: (callId, fromMs, toMs) => fake.transcriptWindow(callId, fromMs, toMs),
    coachingReport: (params) => fake.coachingReport(params),
  };
}
