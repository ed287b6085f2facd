import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, openApp } from '../../src/app.js';
import { LOCAL_EMBEDDING_DIMENSIONS } from '../../src/config.js';
import { PgliteDatabase } from '../../src/db/pglite.js';
import { WeaviateVectorStore } from '../../src/vector/weaviate.js';
import { testConfig, uniqueSchema, writeAirbyteDir } from '../helpers/stores.js';
import {
  BLUEFIN_CALL_ID,
  gongLines,
  hubspotLines,
  KESTREL_CALL_ID,
  salesforceLines,
  slackLines,
} from '../pipeline/world.js';
import { openTestWeaviate, uniqueCollectionPrefix } from './targets.js';

const url = process.env.WEAVIATE_URL;
const required = process.env.SOPHIA_REQUIRE_SERVICES === '1';
const NOW = new Date('2026-12-04T12:00:00Z');

/**
 * The whole pipeline with Weaviate as the index: syncs copy passages there, filters are applied
 * by Weaviate, and entity links that change after a sync reach its objects.
 */
describe.runIf(url || required)('sync and search through Weaviate', () => {
  let db: PgliteDatabase;
  let index: WeaviateVectorStore;
  let app: App;
  const prefix = uniqueCollectionPrefix();

  beforeAll(async () => {
    index = await openTestWeaviate(prefix);
    db = await PgliteDatabase.open('memory://');
    app = await openApp(testConfig(), {
      db,
      schema: uniqueSchema(),
      vectorIndex: index,
      now: () => NOW,
    });
    // Gong and Slack first: Robert's HubSpot and Salesforce records arrive in a later sync.
    await app.sync({
      dir: writeAirbyteDir({ 'gong/a.jsonl': gongLines(), 'slack/a.jsonl': slackLines() }),
    });
  }, 120_000);
  afterAll(async () => {
    await index?.dropCollections();
    await index?.close();
    await db?.close();
  });

  async function slackLinkedToKestrel(): Promise<boolean> {
    const rows = await db.query(
      `SELECT 1 FROM ${app.schema}.interaction_entities ie JOIN ${app.schema}.interactions i ON i.id = ie.interaction_id
       JOIN ${app.schema}.entities e ON e.id = ie.entity_id
       WHERE i.source_system = 'slack' AND e.entity_type = 'company' AND 'kestrelfreight.example' = ANY(e.domains)`,
    );
    return rows.length > 0;
  }

  it('copies every passage to Weaviate', async () => {
    const rows = await db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${app.schema}.passages`,
    );

    expect(await index.count()).toBe(rows[0]?.n);
  });

  it('ranks and filters in Weaviate', async () => {
    const result = await app.api.search({
      query: 'per-seat pricing too high',
      company: 'kestrelfreight.example',
    });
    const security = await app.api.search({
      query: 'SOC 2 report',
      from: 'October 2026',
      to: 'October 2026',
    });

    expect(result.coverage.note).toMatch(/weaviate/);
    expect(result.hits[0]?.citation.callId).toBe(KESTREL_CALL_ID);
    expect(
      result.hits.every((hit) => hit.citation.company?.toLowerCase().includes('kestrel')),
    ).toBe(true);
    expect(security.hits.map((hit) => hit.citation.callId)).toEqual([BLUEFIN_CALL_ID]);
  });

  it('keeps another domain apart', async () => {
    const other = await WeaviateVectorStore.connect({
      url: url as string,
      grpcPort: Number(process.env.WEAVIATE_GRPC_PORT ?? 50051),
      domain: 'personal',
      dimensions: LOCAL_EMBEDDING_DIMENSIONS,
      prefix,
    });
    try {
      await other.ensureSchema();
      const personal = await openApp(
        { ...testConfig(), domain: 'personal' },
        { db, schema: uniqueSchema(), vectorIndex: other, now: () => NOW },
      );
      await personal.sync({ dir: writeAirbyteDir({ 'salesforce/a.jsonl': salesforceLines() }) });
      const fromPersonal = await personal.api.search({
        query: 'pricing discount Ledgerly per-seat SOC 2',
      });
      const fromPayReady = await app.api.search({ query: 'security questionnaire CISO' });

      expect(await other.count()).toBeGreaterThan(0);
      expect(fromPersonal.hits.map((hit) => hit.citation.source)).not.toContain('gong');
      expect(fromPersonal.hits.every((hit) => hit.citation.source === 'salesforce')).toBe(true);
      expect(fromPayReady.hits.map((hit) => hit.citation.source)).not.toContain('salesforce');
    } finally {
      await other.dropCollections();
      await other.close();
    }
  });

  it('sends changed entity links after a later sync', async () => {
    const linkedBefore = await slackLinkedToKestrel();
    await app.sync({
      dir: writeAirbyteDir({
        'hubspot/a.jsonl': hubspotLines(),
        'salesforce/a.jsonl': salesforceLines(),
      }),
    });
    const companies = await app.api.lookupEntity({ query: 'Kestrel Freight', type: 'company' });
    const byCompany = await app.api.search({
      query: 'pricing discount',
      company: companies.candidates[0]?.id,
    });
    const sources = new Set(byCompany.hits.map((hit) => hit.citation.source));

    // The HubSpot company names the domain-only company, so #deal-kestrel now links to it, and
    // only an entity update can have told Weaviate.
    expect(linkedBefore).toBe(false);
    expect(await slackLinkedToKestrel()).toBe(true);
    expect(sources.has('slack')).toBe(true);
    expect(sources.has('gong')).toBe(true);
    expect(sources.has('hubspot')).toBe(false);
    const note = await app.api.search({
      query: 'implementation timeline peak season',
      person: 'Robert Tanaka',
    });
    expect(note.hits.map((hit) => hit.citation.source)).toContain('hubspot');
  });
});
