import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VectorHit } from '../../src/vector/store.js';
import { BLUEFIN, buildWorld, DANA, embedder, KESTREL, query, RAVI } from './fixtures.js';
import { type VectorBackend, vectorTargets } from './targets.js';

const interactionsOf = (hits: VectorHit[]) => new Set(hits.map((hit) => hit.interactionId));

describe.each(vectorTargets())('vector store conformance on $name', (target) => {
  let backend: VectorBackend;

  beforeAll(async () => {
    backend = await target.open();
  });

  afterAll(async () => {
    await backend?.close();
  });

  /** A fresh pay_ready store holding the fixture world. */
  async function seeded() {
    const store = await backend.store('pay_ready');
    const world = buildWorld();
    const result = await store.upsert(world.passages);
    expect(result.errors).toEqual([]);
    expect(result.written).toBe(world.passages.length);

    return { store, world };
  }

  it('upsert then count', async () => {
    const { store, world } = await seeded();

    expect(await store.count()).toBe(world.passages.length);
  });

  it('ranks the closest passage first', async () => {
    const { store, world } = await seeded();
    const call = world.interactions.call;

    for (const fusion of ['ranked', 'relativeScore'] as const) {
      const hits = await store.search({
        ...query('volume discount on pricing for the annual plan'),
        limit: 5,
        fusion,
      });
      const first = world.passages.find((p) => p.interactionId === call.id && p.ordinal === 0);
      expect(hits[0]?.passageId).toBe(first?.id);
      expect(hits[0]?.interactionId).toBe(call.id);
      // The note about pricing shares words with the query, the lunch order none.
      const ids = hits.map((hit) => hit.interactionId);
      const noteRank = ids.indexOf(world.interactions.note.id);
      const lunchRank = ids.indexOf(world.interactions.reply.id);
      expect(noteRank).toBeGreaterThan(0);
      if (lunchRank >= 0) expect(noteRank).toBeLessThan(lunchRank);
    }
  });

  it('ranks within one source by hybrid score', async () => {
    const { store, world } = await seeded();

    const hits = await store.search({
      ...query('onboarding checklist data migration'),
      filters: { sources: ['gong'] },
      limit: 5,
    });
    const second = world.passages.find(
      (p) => p.interactionId === world.interactions.call.id && p.ordinal === 1,
    );
    expect(hits[0]?.passageId).toBe(second?.id);
    expect(hits.every((hit) => hit.interactionId === world.interactions.call.id)).toBe(true);
    expect(hits[0]?.score).toBeGreaterThan(hits[1]?.score ?? 0);
  });

  it('keyword-only search returns lexical matches only', async () => {
    const { store, world } = await seeded();

    const hits = await store.search({ ...query('NetSuite'), alpha: 0, limit: 10 });

    expect([...interactionsOf(hits)]).toEqual([world.interactions.task.id]);
  });

  it('vector-only search uses the similarity floor', async () => {
    const { store, world } = await seeded();
    const request = { vector: embedder.embedOne('SOC 2 report security review'), limit: 10 };

    const all = await store.search(request);
    const close = await store.search({ ...request, minSimilarity: embedder.minSimilarity });

    expect(all.length).toBe(world.passages.length);
    expect(all[0]?.interactionId).toBe(world.interactions.thread.id);
    expect(all.map((hit) => hit.score)).toEqual(all.map((hit) => hit.score).sort((a, b) => b - a));
    expect(close[0]?.interactionId).toBe(world.interactions.thread.id);
    expect(interactionsOf(close).has(world.interactions.reply.id)).toBe(false);
  });

  it('alpha 1 ranks by vector alone', async () => {
    const { store, world } = await seeded();
    // The words match the invoice task, the vector the lunch order.
    const request = {
      text: 'NetSuite invoice approval',
      vector: embedder.embedOne('lunch order team offsite Friday'),
      limit: 3,
    };

    const vectorOnly = await store.search({ ...request, alpha: 1 });
    const keywordOnly = await store.search({ ...request, alpha: 0 });

    expect(vectorOnly[0]?.interactionId).toBe(world.interactions.reply.id);
    expect(keywordOnly[0]?.interactionId).toBe(world.interactions.task.id);
  });

  describe('filters', () => {
    // A query that every passage matches through the vector ranking, which has no floor here.
    const everything = { ...query('pricing review workflow notes'), limit: 20 };

    it('source filter keeps only that source', async () => {
      const { store, world } = await seeded();

      const hits = await store.search({ ...everything, filters: { sources: ['slack'] } });

      expect(interactionsOf(hits)).toEqual(
        new Set([world.interactions.thread.id, world.interactions.reply.id]),
      );
    });

    it('empty source list matches nothing', async () => {
      const { store } = await seeded();

      expect(await store.search({ ...everything, filters: { sources: [] } })).toEqual([]);
    });

    it('time range is inclusive', async () => {
      const { store, world } = await seeded();

      const hits = await store.search({
        ...everything,
        filters: { from: new Date('2026-04-02T09:30:00Z'), to: new Date('2026-05-20T12:00:00Z') },
      });

      expect(interactionsOf(hits)).toEqual(
        new Set([world.interactions.thread.id, world.interactions.note.id]),
      );
    });

    it('company filter keeps linked interactions', async () => {
      const { store, world } = await seeded();

      const hits = await store.search({ ...everything, filters: { companyIds: [KESTREL] } });

      expect(interactionsOf(hits)).toEqual(
        new Set([world.interactions.call.id, world.interactions.note.id]),
      );
    });

    it('person filter keeps linked interactions', async () => {
      const { store, world } = await seeded();

      const hits = await store.search({ ...everything, filters: { personIds: [RAVI] } });

      expect(interactionsOf(hits)).toEqual(
        new Set([world.interactions.thread.id, world.interactions.task.id]),
      );
    });

    it('company and person filters combine with AND', async () => {
      const { store } = await seeded();

      const hits = await store.search({
        ...everything,
        filters: { companyIds: [KESTREL], personIds: [RAVI] },
      });

      expect(hits).toEqual([]);
    });

    it('all filters together', async () => {
      const { store, world } = await seeded();

      const hits = await store.search({
        ...everything,
        filters: {
          sources: ['gong', 'hubspot'],
          from: new Date('2026-05-01T00:00:00Z'),
          companyIds: [KESTREL, BLUEFIN],
          personIds: [DANA],
        },
      });

      expect([...interactionsOf(hits)]).toEqual([world.interactions.note.id]);
    });
  });

  it('delete removes every passage of an interaction', async () => {
    const { store, world } = await seeded();
    const call = world.interactions.call.id;

    const removed = await store.deleteByInteraction([call]);

    expect(removed).toBe(2);
    expect(await store.count()).toBe(world.passages.length - 2);
    const hits = await store.search({ ...query('volume discount pricing onboarding'), limit: 20 });
    expect(interactionsOf(hits).has(call)).toBe(false);
    expect(await store.deleteByInteraction([call])).toBe(0);
  });

  it('entity update changes filter results', async () => {
    const { store, world } = await seeded();
    const thread = world.interactions.thread.id;
    const request = { ...query('SOC 2 report'), limit: 20 };

    await store.updateEntities(thread, [DANA], [KESTREL]);

    const kestrel = await store.search({ ...request, filters: { companyIds: [KESTREL] } });
    const bluefin = await store.search({ ...request, filters: { companyIds: [BLUEFIN] } });
    const ravi = await store.search({ ...request, filters: { personIds: [RAVI] } });
    expect(interactionsOf(kestrel).has(thread)).toBe(true);
    expect(interactionsOf(bluefin).has(thread)).toBe(false);
    expect(interactionsOf(ravi).has(thread)).toBe(false);
    expect(await store.count()).toBe(world.passages.length);
  });

  it('domains never see each other', async () => {
    const { store: payReady, world } = await seeded();
    const personal = await backend.store('personal');
    const other = buildWorld();

    expect(await personal.count()).toBe(0);
    expect(await personal.search({ ...query('volume discount pricing'), limit: 10 })).toEqual([]);

    await personal.upsert(other.passages.slice(0, 1));
    const seen = await payReady.search({ ...query('volume discount pricing'), limit: 20 });
    expect(interactionsOf(seen).has(other.passages[0]?.interactionId as string)).toBe(false);
    expect(await payReady.count()).toBe(world.passages.length);
    expect(await personal.count()).toBe(1);
  });

  it('upsert is idempotent', async () => {
    const { store, world } = await seeded();
    const request = { ...query('pricing discount renewal'), limit: 10 };
    const before = await store.search(request);

    const again = await store.upsert(world.passages);

    expect(again).toEqual({ written: world.passages.length, errors: [] });
    expect(await store.count()).toBe(world.passages.length);
    expect((await store.search(request)).map((hit) => hit.passageId)).toEqual(
      before.map((hit) => hit.passageId),
    );
  });

  it('upsert replaces a changed passage', async () => {
    const { store, world } = await seeded();
    const lunch = world.passages.find((p) => p.interactionId === world.interactions.reply.id);
    const text = 'Lunch moved: the team offsite now has a catered taco bar on Friday.';

    await store.upsert([
      { ...(lunch as NonNullable<typeof lunch>), text, vector: embedder.embedOne(text) },
    ]);

    const hits = await store.search({ ...query('catered taco bar'), alpha: 0, limit: 5 });
    expect(hits.map((hit) => hit.passageId)).toEqual([lunch?.id]);
    expect(await store.count()).toBe(world.passages.length);
  });

  it('reports a bad vector length per passage', async () => {
    const store = await backend.store('pay_ready');
    const world = buildWorld();
    const [first, second, third] = world.passages;
    const bad = { ...(second as NonNullable<typeof second>), vector: [0.1, 0.2, 0.3] };

    const result = await store.upsert([first, bad, third] as NonNullable<typeof first>[]);

    expect(result.written).toBe(2);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.index).toBe(1);
    expect(result.errors[0]?.id).toBe(bad.id);
    expect(result.errors[0]?.message).toMatch(/vector length 3/);
    expect(await store.count()).toBe(2);
  });

  it('rejects an invalid search', async () => {
    const store = await backend.store('pay_ready');

    await expect(store.search({ text: 'pricing', limit: 0 })).rejects.toThrow(/Invalid limit 0/);
    await expect(store.search({ text: 'pricing', limit: 5, alpha: 2 })).rejects.toThrow(
      /Invalid alpha 2/,
    );
    await expect(store.search({ vector: [1, 0], limit: 5 })).rejects.toThrow(
      /query vector length 2/,
    );
    await expect(
      store.search({ text: 'pricing', limit: 5, filters: { companyIds: ['acme'] } }),
    ).rejects.toThrow(/Invalid entity id "acme"/);
    await expect(store.deleteByInteraction([randomUUID(), 'x'])).rejects.toThrow(
      /Invalid interaction id "x"/,
    );
  });
});
