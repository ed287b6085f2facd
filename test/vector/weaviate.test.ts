import { afterEach, describe, expect, it } from 'vitest';
import { DOMAINS } from '../../src/config.js';
import { SOURCE_SYSTEMS } from '../../src/model.js';
import { propertiesFor, WeaviateVectorStore } from '../../src/vector/weaviate.js';
import {
  buildCollectionConfig,
  collectionName,
  loadCollectionDefinitions,
  propertiesOf,
} from '../../src/vector/weaviate-schema.js';
import { buildWorld, embedder } from './fixtures.js';
import { DIMENSIONS, uniqueCollectionPrefix } from './targets.js';

describe('Weaviate collection definitions', () => {
  it('names one collection per domain and source', () => {
    const names = DOMAINS.flatMap((domain) =>
      SOURCE_SYSTEMS.map((source) => collectionName(domain, source)),
    );

    expect(names).toEqual([
      'PayReadyGongCallSegment',
      'PayReadySlackMessage',
      'PayReadyHubSpotNote',
      'PayReadySalesforceNote',
      'PersonalGongCallSegment',
      'PersonalSlackMessage',
      'PersonalHubSpotNote',
      'PersonalSalesforceNote',
      'ParagonGongCallSegment',
      'ParagonSlackMessage',
      'ParagonHubSpotNote',
      'ParagonSalesforceNote',
    ]);
  });

  it('rejects a lower-case prefix', () => {
    expect(() => collectionName('pay_ready', 'gong', 'test')).toThrow(
      /Invalid collection prefix "test"/,
    );
  });

  it('gives every collection the shared and designed properties', () => {
    const names = (source: (typeof SOURCE_SYSTEMS)[number]) =>
      propertiesOf(source).map((property) => property.name);

    for (const source of SOURCE_SYSTEMS) {
      expect(names(source)).toEqual(
        expect.arrayContaining(['domain', 'text', 'unified_person_id', 'unified_company_id']),
      );
    }
    expect(names('slack')).toEqual(
      expect.arrayContaining(['channel', 'user', 'timestamp', 'thread_id']),
    );
    expect(names('gong')).toEqual(
      expect.arrayContaining([
        'call_id',
        'speaker',
        'start_time',
        'call_date',
        'sentiment',
        'topics',
      ]),
    );
    expect(names('hubspot')).toEqual(
      expect.arrayContaining(['note_id', 'author', 'company', 'time']),
    );
  });

  it('stores entity ids as exact-match text arrays', () => {
    const config = buildCollectionConfig('pay_ready', 'gong');
    const companies = config.properties?.find((property) => property.name === 'unified_company_id');
    const text = config.properties?.find((property) => property.name === 'text');

    expect(companies?.dataType).toBe('text[]');
    expect(companies?.tokenization).toBe('field');
    expect(companies?.indexSearchable).toBe(false);
    expect(text?.indexSearchable).toBe(true);
  });

  it('supplies vectors by default', () => {
    const config = buildCollectionConfig('personal', 'slack', { prefix: 'Tx' });

    expect(config.name).toBe('TxPersonalSlackMessage');
    expect(config.vectorizers).toMatchObject({
      name: 'passage',
      vectorizer: { name: 'none' },
      vectorIndex: { name: 'hnsw', config: { distance: 'cosine' } },
    });
  });

  it('builds the text2vec-openai option', () => {
    const config = buildCollectionConfig('paragon', 'gong', {
      vectorizer: { kind: 'text2vec-openai', model: 'text-embedding-3-small', dimensions: 512 },
    });

    expect(config.vectorizers).toMatchObject({
      name: 'passage',
      properties: ['text'],
      vectorizer: {
        name: 'text2vec-openai',
        config: { model: 'text-embedding-3-small', dimensions: 512 },
      },
    });
  });

  it('rejects an invalid definitions file', () => {
    const path = new URL('./fixtures.ts', import.meta.url).pathname;

    expect(() => loadCollectionDefinitions(path)).toThrow(/Invalid|JSON/);
  });

  it('maps source fields to collection properties', () => {
    const passage = buildWorld().passages.find((p) => p.source === 'gong');
    const properties = propertiesFor('pay_ready', passage as NonNullable<typeof passage>);

    expect(properties).toMatchObject({
      domain: 'pay_ready',
      call_id: 'gong-call-7001',
      speaker: 'Dana Okafor',
      start_time: 61_000,
      end_time: 95_500,
      call_date: new Date('2026-03-10T15:00:00Z'),
    });
    expect(properties).not.toHaveProperty('sentiment');
  });
});

describe('Weaviate connection', () => {
  it('reports a server that is down', async () => {
    await expect(
      WeaviateVectorStore.connect({
        url: 'http://127.0.0.1:9',
        domain: 'pay_ready',
        dimensions: 8,
      }),
    ).rejects.toThrow(/Weaviate at http:\/\/127\.0\.0\.1:9 is not reachable/);
  });
});

const weaviateUrl = process.env.WEAVIATE_URL;
const required = process.env.SOPHIA_REQUIRE_SERVICES === '1';

describe.skipIf(!weaviateUrl && !required)('Weaviate server behaviour', () => {
  const opened: WeaviateVectorStore[] = [];

  async function open(prefix: string, dimensions = DIMENSIONS): Promise<WeaviateVectorStore> {
    if (!weaviateUrl)
      throw new Error(
        'WEAVIATE_URL is not set, but SOPHIA_REQUIRE_SERVICES=1 requires the Weaviate suite',
      );
    const store = await WeaviateVectorStore.connect({
      url: weaviateUrl,
      grpcPort: Number(process.env.WEAVIATE_GRPC_PORT ?? 50051),
      domain: 'pay_ready',
      dimensions,
      prefix,
      retries: 1,
      retryDelayMs: 20,
    });
    opened.push(store);
    return store;
  }

  afterEach(async () => {
    for (const store of opened.splice(0)) {
      await store.dropCollections();
      await store.close();
    }
  });

  it('reports an object the server rejects', async () => {
    const prefix = uniqueCollectionPrefix();
    const full = await open(prefix);
    await full.ensureSchema();
    const [first, second] = buildWorld().passages;
    await full.upsert([first as NonNullable<typeof first>]);
    // A store that expects 8 dimensions passes its own check, but the collection contains 384.
    const short = await open(prefix, 8);

    const result = await short.upsert([
      {
        ...(second as NonNullable<typeof second>),
        source: 'gong',
        vector: embedder.embedOne('x').slice(0, 8),
      },
    ]);

    expect(result.written).toBe(0);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.id).toBe(second?.id);
    expect(result.errors[0]?.message).toMatch(/length/i);
    expect(await full.count()).toBe(1);
  });

  it('adds properties missing from an older collection', async () => {
    const store = await open(uniqueCollectionPrefix());
    const name = store.nameOf('hubspot');
    const created = await fetch(`${weaviateUrl}/v1/schema`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        class: name,
        properties: [{ name: 'text', dataType: ['text'] }],
        vectorConfig: { passage: { vectorizer: { none: {} }, vectorIndexType: 'hnsw' } },
      }),
    });
    expect(created.ok).toBe(true);

    await store.ensureSchema();

    const schema = (await (await fetch(`${weaviateUrl}/v1/schema/${name}`)).json()) as {
      properties: { name: string }[];
    };
    expect(schema.properties.map((property) => property.name).sort()).toEqual(
      propertiesOf('hubspot')
        .map((property) => property.name)
        .sort(),
    );
  });

  it('imports and deletes across batches', async () => {
    const store = await open(uniqueCollectionPrefix());
    await store.ensureSchema();
    const [template] = buildWorld().passages;
    const many = Array.from({ length: 450 }, (_, ordinal) => ({
      ...(template as NonNullable<typeof template>),
      id: crypto.randomUUID(),
      ordinal,
    }));

    const result = await store.upsert(many);
    const removed = await store.deleteByInteraction([template?.interactionId as string]);

    expect(result).toEqual({ written: 450, errors: [] });
    expect(removed).toBe(450);
    expect(await store.count()).toBe(0);
  });
});
