import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SearchHit } from '../../src/api.js';
import type { App } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { LocalHashEmbedder } from '../../src/embed/local.js';
import { searchCustomerInteractions } from '../../tools/search-customer-interactions.js';
import { openTestApp, storeTargets, writeAirbyteDir } from '../helpers/stores.js';
import { connectClient, resultText } from '../mcp/connect.js';
import { gongLines, hubspotLines, salesforceLines, slackLines } from '../pipeline/world.js';

const NOW = new Date('2026-12-04T12:00:00Z');
/**
 * Words no fixture passage contains, so full text finds nothing, but whose character trigrams
 * bring the local hash embedder's vectors of three Kestrel passages above its floor.
 */
const NEAR_MISS = 'repricing undiscounted preimplementation misdispatched';
/** A word that passages contain ("security") and one that only the vector ranking finds. */
const MIXED = 'security repricing';
/** Words too far from every fixture passage for the vector ranking, too. */
const NONSENSE = 'quantum banana helicopter';
const embedder = new LocalHashEmbedder();

function syncDir(): string {
  return writeAirbyteDir({
    'gong/gong.jsonl': gongLines(),
    'slack/slack.jsonl': slackLines(),
    'hubspot/hubspot.jsonl': hubspotLines(),
    'salesforce/salesforce.jsonl': salesforceLines(),
  });
}

function cosine(a: number[], b: number[]): number {
  return a.reduce((sum, value, index) => sum + value * (b[index] ?? 0), 0);
}

describe.each(storeTargets())('search match labels on $name', (target) => {
  let db: Database;
  let app: App;

  beforeAll(async () => {
    db = await target.open();
    app = await openTestApp(db, { now: NOW });
    await app.sync({ dir: syncDir() });
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it('labels word matches text or both', async () => {
    const result = await app.api.search({ query: MIXED, detail: 'full', limit: 50 });
    const byWords = result.hits.filter((hit) => hit.matchedBy !== 'vector');

    expect(result.warning).toBeUndefined();
    expect(result.hits[0]?.matchedBy).toBe('both');
    expect(byWords.length).toBe(2);
    for (const hit of byWords) expect(hit.text?.toLowerCase()).toContain('security');
  });

  it('labels hits without the words vector', async () => {
    const result = await app.api.search({ query: MIXED, detail: 'full', limit: 50 });
    const byVector = result.hits.filter((hit) => hit.matchedBy === 'vector');

    expect(byVector.length).toBeGreaterThan(0);
    for (const hit of byVector) expect(hit.text?.toLowerCase()).not.toMatch(/secur|repric/);
  });

  it('warns when no passage has the words', async () => {
    const result = await app.api.search({ query: NEAR_MISS, limit: 50 });

    expect(result.hits.length).toBe(3);
    expect(result.warning).toMatch(/^No passage contains any of the words repricing, undiscounted/);
    expect(result.hits.map((hit) => hit.matchedBy)).toEqual(result.hits.map(() => 'vector'));
  });

  it('drops vector hits below minSimilarity', async () => {
    const result = await app.api.search({ query: NEAR_MISS, detail: 'full', limit: 50 });
    const [queryVector] = await embedder.embed([NEAR_MISS]);
    const similarities = await Promise.all(
      result.hits.map(async (hit) =>
        cosine((await embedder.embed([hit.text ?? '']))[0] ?? [], queryVector ?? []),
      ),
    );

    expect(similarities.length).toBeGreaterThan(0);
    for (const similarity of similarities)
      expect(similarity).toBeGreaterThanOrEqual(embedder.minSimilarity - 1e-6);
  });

  it('returns no hits and no warning when nothing is near', async () => {
    const result = await app.api.search({ query: NONSENSE });

    expect(result.hits).toEqual([]);
    expect(result.warning).toBeUndefined();
  });

  it('keeps filters on vector-only hits', async () => {
    const chosen = await app.api.search({ query: NEAR_MISS, sources: ['slack', 'hubspot'] });
    const salesforce = await app.api.search({ query: NEAR_MISS, sources: ['salesforce'] });
    const bluefin = await app.api.search({ query: NEAR_MISS, company: 'Bluefin Analytics' });

    expect(chosen.hits.map((hit) => hit.citation.source).sort()).toEqual(['hubspot', 'slack']);
    expect(chosen.warning).toMatch(/^No passage contains/);
    expect(salesforce.hits).toEqual([]);
    expect(salesforce.warning).toBeUndefined();
    expect(bluefin.hits).toEqual([]);
  });

  it('warns only when no page matched by text', async () => {
    const first = await app.api.search({ query: MIXED, limit: 1 });
    const pages: SearchHit[][] = [first.hits];
    let cursor = first.nextCursor;
    while (cursor !== undefined) {
      const page = await app.api.search({ query: MIXED, limit: 1, cursor });
      expect(page.warning).toBeUndefined();
      pages.push(page.hits);
      cursor = page.nextCursor;
    }

    expect(first.warning).toBeUndefined();
    expect(pages.length).toBe(3);
    expect(pages[2]?.[0]?.matchedBy).toBe('vector');
  });

  it('shows warning first in tool text', async () => {
    const connection = await connectClient({ api: Promise.resolve(app.api) });
    try {
      const nonsense = await connection.client.callTool({
        name: 'search_customer_interactions',
        arguments: { query: NEAR_MISS },
      });
      const parsed = searchCustomerInteractions.outputSchema.parse(nonsense.structuredContent);
      const text = resultText(nonsense);

      expect(text.split('\n')[0]).toMatch(/^Warning: No passage contains any of the words/);
      expect(parsed.warning).toMatch(/^No passage contains/);
      expect(parsed.hits.length).toBeGreaterThan(0);
      expect(parsed.hits.every((hit) => hit.matched_by === 'vector')).toBe(true);
      expect(text.match(/matched by meaning only/g)?.length).toBe(parsed.hits.length);
    } finally {
      await connection.close();
    }
  });

  it('omits warning in tool text for a word query', async () => {
    const connection = await connectClient({ api: Promise.resolve(app.api) });
    try {
      const real = await connection.client.callTool({
        name: 'search_customer_interactions',
        arguments: { query: MIXED },
      });
      const parsed = searchCustomerInteractions.outputSchema.parse(real.structuredContent);
      const text = resultText(real);

      expect(parsed.warning).toBeUndefined();
      expect(text).not.toContain('Warning:');
      expect(parsed.hits[0]?.matched_by).toBe('both');
      expect(text.split('\n')[0]).toBe(`${parsed.hits.length} hits for "${MIXED}".`);
      expect(text.match(/matched by meaning only/g)?.length).toBe(
        parsed.hits.filter((hit) => hit.matched_by === 'vector').length,
      );
    } finally {
      await connection.close();
    }
  });
});

describe.each(storeTargets())('full-text-only search labels on $name', (target) => {
  let db: Database;
  let app: App;

  beforeAll(async () => {
    db = await target.open();
    app = await openTestApp(db, { now: NOW, disableVector: true });
    await app.sync({ dir: syncDir() });
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it('labels every hit text', async () => {
    const result = await app.api.search({ query: MIXED });

    expect(result.coverage.retrieval).toBe('full_text');
    expect(result.hits.length).toBeGreaterThan(0);
    expect(result.hits.every((hit) => hit.matchedBy === 'text')).toBe(true);
    expect(result.warning).toBeUndefined();
  });

  it('returns nothing for unknown words', async () => {
    const result = await app.api.search({ query: NEAR_MISS });

    expect(result.hits).toEqual([]);
    expect(result.warning).toBeUndefined();
  });
});
