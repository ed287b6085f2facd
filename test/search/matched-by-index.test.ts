import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, openApp } from '../../src/app.js';
import { LOCAL_EMBEDDING_DIMENSIONS, LOCAL_EMBEDDING_MODEL } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { PgliteDatabase } from '../../src/db/pglite.js';
import { matchedByOf } from '../../src/search/matched-by.js';
import { PgVectorStore } from '../../src/vector/pgvector.js';
import type { VectorHit, VectorSearchRequest, VectorStore } from '../../src/vector/store.js';
import type { WeaviateVectorStore } from '../../src/vector/weaviate.js';
import { storeTargets, testConfig, uniqueSchema, writeAirbyteDir } from '../helpers/stores.js';
import { gongLines, hubspotLines, salesforceLines, slackLines } from '../pipeline/world.js';
import { buildWorld, embedder, query } from '../vector/fixtures.js';
import { openTestWeaviate, type VectorBackend, vectorTargets } from '../vector/targets.js';

const NOW = new Date('2026-12-04T12:00:00Z');
/** Query words that no passage of the sync fixtures contains, so only vectors find passages. */
const NEAR_MISS = 'repricing undiscounted preimplementation misdispatched';
const MIXED = 'security repricing';

function syncDir(): string {
  return writeAirbyteDir({
    'gong/gong.jsonl': gongLines(),
    'slack/slack.jsonl': slackLines(),
    'hubspot/hubspot.jsonl': hubspotLines(),
    'salesforce/salesforce.jsonl': salesforceLines(),
  });
}

describe.each(vectorTargets())('vector store match labels on $name', (target) => {
  let backend: VectorBackend;
  let store: VectorStore;
  let world: ReturnType<typeof buildWorld>;

  beforeAll(async () => {
    backend = await target.open();
    store = await backend.store('pay_ready');
    world = buildWorld();
    const result = await store.upsert(world.passages);
    expect(result.errors).toEqual([]);
  });
  afterAll(async () => {
    await backend?.close();
  });

  /** Search, and pair each hit's label with its passage text. */
  async function labelled(request: VectorSearchRequest) {
    const hits = await store.search(request);

    return hits.map((hit) => ({
      label: matchedByOf(hit),
      text: world.passages.find((passage) => passage.id === hit.passageId)?.text ?? '',
    }));
  }

  it('labels hits across sources', async () => {
    const hits = await labelled({
      ...query('NetSuite repricing'),
      limit: 10,
      minSimilarity: embedder.minSimilarity,
    });
    const byWords = hits.filter((hit) => hit.label !== 'vector');
    const byVector = hits.filter((hit) => hit.label === 'vector');

    expect(hits.every((hit) => hit.label !== null)).toBe(true);
    expect(byWords.map((hit) => hit.label)).toEqual(['both']);
    expect(byWords[0]?.text).toContain('NetSuite');
    expect(byVector.length).toBeGreaterThan(0);
    for (const hit of byVector) expect(hit.text).not.toMatch(/netsuite|repricing/i);
  });

  it('labels hits within one source', async () => {
    const hits = await labelled({
      ...query('onboarding repricing'),
      filters: { sources: ['gong'] },
      limit: 10,
      minSimilarity: embedder.minSimilarity,
    });

    expect(hits.map((hit) => hit.label)).toEqual(['both', 'vector']);
    expect(hits[0]?.text).toContain('onboarding');
    expect(hits[1]?.text).toContain('pricing');
  });

  it('keeps word matches with no near vector', async () => {
    const hits = await labelled({
      ...query('migration repricing'),
      filters: { sources: ['gong'] },
      limit: 10,
      minSimilarity: embedder.minSimilarity,
    });

    expect(hits.map((hit) => hit.label)).toEqual(['text']);
    expect(hits[0]?.text).toContain('migration');
  });

  it('labels keyword-only and vector-only searches', async () => {
    const keyword = await labelled({ ...query('Bluefin'), alpha: 0, limit: 10 });
    const vector = await labelled({
      ...query('Bluefin'),
      alpha: 1,
      limit: 10,
      minSimilarity: embedder.minSimilarity,
    });

    expect(keyword.length).toBe(2);
    expect(keyword.every((hit) => hit.label === 'text')).toBe(true);
    expect(vector.length).toBeGreaterThan(0);
    expect(vector.every((hit) => hit.label === 'vector')).toBe(true);
  });
});

/** A store that returns the wrapped store's hits without labels, as a third-party store may. */
function withoutLabels(store: VectorStore): VectorStore {
  return {
    kind: store.kind,
    domain: store.domain,
    ensureSchema: () => store.ensureSchema(),
    upsert: (passages) => store.upsert(passages),
    deleteByInteraction: (ids) => store.deleteByInteraction(ids),
    updateEntities: (id, people, companies) => store.updateEntities(id, people, companies),
    search: async (request): Promise<VectorHit[]> =>
      (await store.search(request)).map(({ passageId, interactionId, score }) => ({
        passageId,
        interactionId,
        score,
      })),
    count: () => store.count(),
    close: () => store.close(),
  };
}

describe.each(storeTargets())('search through an unlabelled index on $name', (target) => {
  let db: Database;
  let indexDb: Database;
  let app: App;

  beforeAll(async () => {
    db = await target.open();
    // The index gets a database of its own, because a sync that wrote the index through the
    // app's PGlite database did not finish within the hook timeout.
    indexDb = await PgliteDatabase.open('memory://');
    const index = new PgVectorStore({
      db: indexDb,
      domain: 'pay_ready',
      schema: uniqueSchema(),
      model: LOCAL_EMBEDDING_MODEL,
      dimensions: LOCAL_EMBEDDING_DIMENSIONS,
    });
    await index.ensureSchema();
    app = await openApp(testConfig(), {
      db,
      schema: uniqueSchema(),
      vectorIndex: withoutLabels(index),
      now: () => NOW,
    });
    await app.sync({ dir: syncDir() });
  }, 60_000);
  afterAll(async () => {
    await indexDb?.close();
    await db?.close();
  });

  it('labels hits from the passage text', async () => {
    const result = await app.api.search({ query: MIXED, detail: 'full' });
    const byWords = result.hits.filter((hit) => hit.matchedBy === 'text');
    const byVector = result.hits.filter((hit) => hit.matchedBy === 'vector');

    expect(result.warning).toBeUndefined();
    expect(byWords.length).toBe(2);
    for (const hit of byWords) expect(hit.text?.toLowerCase()).toContain('security');
    expect(byVector.length).toBeGreaterThan(0);
    expect(result.hits.every((hit) => hit.matchedBy !== 'both')).toBe(true);
  });

  it('warns for words no passage contains', async () => {
    const result = await app.api.search({ query: NEAR_MISS });

    expect(result.hits.length).toBeGreaterThan(0);
    expect(result.hits.every((hit) => hit.matchedBy === 'vector')).toBe(true);
    expect(result.warning).toMatch(/^No passage contains/);
  });
});

const url = process.env.WEAVIATE_URL;
const required = process.env.SOPHIA_REQUIRE_SERVICES === '1';

describe.runIf(url || required)('search match labels through Weaviate', () => {
  let db: PgliteDatabase;
  let index: WeaviateVectorStore;
  let app: App;

  beforeAll(async () => {
    index = await openTestWeaviate();
    db = await PgliteDatabase.open('memory://');
    app = await openApp(testConfig(), {
      db,
      schema: uniqueSchema(),
      vectorIndex: index,
      now: () => NOW,
    });
    await app.sync({ dir: syncDir() });
  }, 120_000);
  afterAll(async () => {
    await index?.dropCollections();
    await index?.close();
    await db?.close();
  });

  it('warns for words no passage contains', async () => {
    const result = await app.api.search({ query: NEAR_MISS, detail: 'full' });

    expect(result.hits.length).toBeGreaterThan(0);
    expect(result.hits.every((hit) => hit.matchedBy === 'vector')).toBe(true);
    expect(result.warning).toMatch(/^No passage contains any of the words repricing/);
  });

  it('labels word matches without a warning', async () => {
    const result = await app.api.search({ query: MIXED, detail: 'full' });
    const byWords = result.hits.filter((hit) => hit.matchedBy !== 'vector');

    expect(result.warning).toBeUndefined();
    expect(byWords.length).toBe(2);
    for (const hit of byWords) expect(hit.text?.toLowerCase()).toContain('security');
  });

  it('keeps filters on vector-only hits', async () => {
    const one = await app.api.search({ query: NEAR_MISS, sources: ['slack'] });
    const none = await app.api.search({ query: NEAR_MISS, sources: ['salesforce'] });

    expect(one.hits.map((hit) => hit.citation.source)).toEqual(['slack']);
    expect(one.hits[0]?.matchedBy).toBe('vector');
    expect(one.warning).toMatch(/^No passage contains/);
    expect(none.hits).toEqual([]);
    expect(none.warning).toBeUndefined();
  });
});
