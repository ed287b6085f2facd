import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, openApp } from '../../src/app.js';
import { PgliteDatabase } from '../../src/db/pglite.js';
import { ResolverLinker } from '../../src/entities/resolver-linker.js';
import type { WeaviateVectorStore } from '../../src/vector/weaviate.js';
import { recordMessage, testConfig, uniqueSchema, writeAirbyteDir } from '../helpers/stores.js';
import { openTestWeaviate, uniqueCollectionPrefix } from '../vector/targets.js';
import { BOB_SLACK_ID, entityOf, worldDir } from './world.js';

const url = process.env.WEAVIATE_URL;
const required = process.env.SOPHIA_REQUIRE_SERVICES === '1';
const NOW = new Date('2026-12-01T12:00:00Z');

/**
 * Manual merges and splits, and re-resolution, with Weaviate as the passage index. Weaviate
 * applies the person filter to the entity ids stored on each passage, so the filter follows a
 * change only when the change writes to Weaviate too.
 */
describe.runIf(url || required)('entity changes reach Weaviate', () => {
  let db: PgliteDatabase;
  let index: WeaviateVectorStore;
  const prefix = uniqueCollectionPrefix();

  beforeAll(async () => {
    index = await openTestWeaviate(prefix);
    db = await PgliteDatabase.open('memory://');
  }, 60_000);
  afterAll(async () => {
    await index?.dropCollections();
    await index?.close();
    await db?.close();
  });

  /**
   * Opens a store on the shared index. With `oldRules`, the sync joins no people by name alone,
   * so Robert Tanaka's HubSpot contact and Bob Tanaka on Slack stay two people.
   */
  async function openStore(oldRules: boolean): Promise<App> {
    const app = await openApp(testConfig(), {
      db,
      schema: uniqueSchema(),
      vectorIndex: index,
      now: () => NOW,
    });
    if (oldRules) app.pipeline.linker = new ResolverLinker({ personNameThreshold: 2 });
    await app.sync({ dir: worldDir() });
    app.pipeline.linker = new ResolverLinker();

    return app;
  }

  /** Sources of the passages that Weaviate returns for "pricing" filtered by one person. */
  async function sourcesFor(app: App, personId: string): Promise<string[]> {
    const hits = await index.search({
      text: 'pricing',
      filters: { personIds: [personId] },
      limit: 100,
    });
    if (hits.length === 0) return [];

    const rows = await db.query<{ source_system: string }>(
      `SELECT DISTINCT source_system FROM ${app.schema}.interactions WHERE id = ANY($1::uuid[])
       ORDER BY 1`,
      [hits.map((hit) => hit.interactionId)],
    );
    return rows.map((row) => row.source_system);
  }

  it('finds merged-away passages by the surviving id', async () => {
    const app = await openStore(true);
    const robert = await entityOf(app, 'hubspot', '7100001');
    const bob = await entityOf(app, 'slack', BOB_SLACK_ID);
    const before = await sourcesFor(app, robert);

    const change = await app.api.mergeEntities?.({ keepId: robert, mergeId: bob, actor: 'test' });

    expect(bob).not.toBe(robert);
    expect(before).not.toContain('slack');
    expect(change?.interactionsRelinked).toBeGreaterThan(0);
    expect(await sourcesFor(app, robert)).toContain('slack');
    expect(await sourcesFor(app, bob)).toEqual([]);
  });

  it('moves split-off passages to the new id', async () => {
    const app = await openStore(false);
    const robert = await entityOf(app, 'hubspot', '7100001');
    const before = await sourcesFor(app, robert);

    const change = await app.api.splitEntity?.({
      entityId: robert,
      sourceSystem: 'slack',
      sourceId: BOB_SLACK_ID,
      actor: 'test',
    });

    expect(before).toContain('slack');
    expect(await sourcesFor(app, robert)).not.toContain('slack');
    expect(await sourcesFor(app, change?.other.id as string)).toEqual(['slack']);
  });

  it('leaves Weaviate alone on a dry run', async () => {
    const app = await openStore(true);
    const robert = await entityOf(app, 'hubspot', '7100001');
    const bob = await entityOf(app, 'slack', BOB_SLACK_ID);

    await app.api.mergeEntities?.({ keepId: robert, mergeId: bob, dryRun: true });
    const report = await app.api.resolveEntities?.({ dryRun: true, actor: 'test' });

    expect(report?.linksSentToIndex).toBe(0);
    expect(await sourcesFor(app, robert)).not.toContain('slack');
    expect(await sourcesFor(app, bob)).toEqual(['slack']);
  });

  it('sends links changed by re-resolution', async () => {
    const app = await openStore(true);
    const bob = await entityOf(app, 'slack', BOB_SLACK_ID);
    const hubspotRobert = await entityOf(app, 'hubspot', '7100001');

    const report = await app.api.resolveEntities?.({ actor: 'test' });
    const robert = await entityOf(app, 'hubspot', '7100001');
    const mergedAway = robert === bob ? hubspotRobert : bob;

    expect(report?.linksSentToIndex).toBe(report?.linksChanged);
    expect(report?.linksSentToIndex).toBeGreaterThan(0);
    expect(await entityOf(app, 'slack', BOB_SLACK_ID)).toBe(robert);
    expect(await sourcesFor(app, robert)).toEqual(['gong', 'hubspot', 'salesforce', 'slack']);
    expect(await sourcesFor(app, mergedAway)).toEqual([]);
  });

  it('sends links changed by a merge during a sync', async () => {
    const app = await openStore(true);
    const bob = await entityOf(app, 'slack', BOB_SLACK_ID);
    const hubspotRobert = await entityOf(app, 'hubspot', '7100001');

    // The CRM learns Bob's address, so the e-mail rule joins the two people in this sync.
    await app.sync({
      dir: writeAirbyteDir({
        'hubspot/update.jsonl': [
          recordMessage('contacts', {
            id: '7100001',
            properties: {
              firstname: 'Robert',
              lastname: 'Tanaka',
              email: 'bob.tanaka@larkspur.example',
              associatedcompanyid: '9100001',
            },
            createdAt: '2026-01-10T10:00:00Z',
            updatedAt: '2026-04-01T10:00:00Z',
            archived: false,
            companies: ['9100001'],
          }),
        ],
      }),
    });
    const robert = await entityOf(app, 'hubspot', '7100001');
    const mergedAway = robert === bob ? hubspotRobert : bob;

    expect(bob).not.toBe(hubspotRobert);
    expect(await entityOf(app, 'slack', BOB_SLACK_ID)).toBe(robert);
    expect(await sourcesFor(app, robert)).toContain('slack');
    expect(await sourcesFor(app, robert)).toContain('hubspot');
    expect(await sourcesFor(app, mergedAway)).toEqual([]);
  });
});
