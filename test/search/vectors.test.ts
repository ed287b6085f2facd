import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openApp } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import type { Embedder } from '../../src/embed/embedder.js';
import { LocalHashEmbedder } from '../../src/embed/local.js';
import { reembed } from '../../src/pipeline/reembed.js';
import { storeTargets, testConfig, uniqueSchema, writeAirbyteDir } from '../helpers/stores.js';
import { gongLines, hubspotLines, salesforceLines, slackLines } from '../pipeline/world.js';

/** The local embedder under another model name, as a switch to a new model looks to the store. */
class RenamedEmbedder implements Embedder {
  readonly model = 'renamed-model-b';
  readonly remote = false;
  private readonly inner = new LocalHashEmbedder(128);
  readonly dimensions = 128;
  readonly minSimilarity = this.inner.minSimilarity;

  embed(texts: string[]): Promise<number[][]> {
    return this.inner.embed(texts);
  }
}

describe.each(storeTargets())('vectors and models on $name', (target) => {
  let db: Database;

  beforeAll(async () => {
    db = await target.open();
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  async function syncedSchema(): Promise<string> {
    const schema = uniqueSchema();
    const app = await openApp(testConfig(), { db, schema });
    await app.sync({
      dir: writeAirbyteDir({
        'gong/a.jsonl': gongLines(),
        'slack/a.jsonl': slackLines(),
        'hubspot/a.jsonl': hubspotLines(),
        'salesforce/a.jsonl': salesforceLines(),
      }),
    });
    return schema;
  }

  it('falls back to full text without vectors and says so', async () => {
    const schema = await syncedSchema();
    const app = await openApp(testConfig(), { db, schema, disableVector: true });
    const result = await app.api.search({ query: 'pricing discount' });

    expect(result.coverage.retrieval).toBe('full_text');
    expect(result.coverage.note).toMatch(/pgvector is not available/);
    expect(result.hits.length).toBeGreaterThan(0);
  });

  it('never mixes the vectors of two models and re-embeds on request', async () => {
    const schema = await syncedSchema();
    const app = await openApp(testConfig(), { db, schema });
    // The store switches to another model: no passage has its vectors yet.
    app.pipeline.embedder = new RenamedEmbedder();
    const deps = app.pipeline;
    const before = await (await import('../../src/search/search.js')).search(
      { db, schema, embedder: deps.embedder, vectors: true },
      { query: 'pricing discount' },
    );

    expect(before.coverage.retrieval).toBe('full_text');
    expect(before.coverage.note).toMatch(/renamed-model-b.*sophia reembed/);

    const report = await reembed(app.pipeline, { prune: true });
    const models = await db.query<{ model: string; dimensions: number }>(
      `SELECT DISTINCT model, dimensions FROM ${schema}.embeddings`,
    );
    const after = await (await import('../../src/search/search.js')).search(
      { db, schema, embedder: deps.embedder, vectors: true },
      { query: 'pricing discount' },
    );

    expect(report.embedded).toBeGreaterThan(0);
    expect(report.pruned).toBeGreaterThan(0);
    expect(models).toEqual([{ model: 'renamed-model-b', dimensions: 128 }]);
    expect(after.coverage.retrieval).toBe('hybrid');
    expect(after.hits.length).toBeGreaterThan(0);
  });
});
