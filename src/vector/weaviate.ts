import weaviate, {
  type Collection,
  type DataObject,
  Filters,
  type FilterValue,
  type WeaviateClient,
} from 'weaviate-client';
import type { Domain } from '../config.js';
import { logger } from '../logger.js';
import { SOURCE_SYSTEMS, type SourceSystem } from '../model.js';
import { type LabelledVectorHit, matchedByIn } from '../search/matched-by.js';
import { queryTerms } from '../search/query.js';
import { contentHashOf } from './pgvector.js';
import {
  fuseRankings,
  isUuid,
  LEXICAL_DEPTH,
  type Ranking,
  selectedSources,
  type UpsertError,
  type UpsertResult,
  VECTOR_DEPTH,
  type VectorFilters,
  type VectorHit,
  type VectorPassage,
  type VectorSearchRequest,
  type VectorStore,
  validatePassages,
  validateSearch,
} from './store.js';
import {
  buildCollectionConfig,
  collectionName,
  propertiesOf,
  toPropertyConfig,
  VECTOR_NAME,
  type VectorizerOption,
} from './weaviate-schema.js';

export interface WeaviateVectorStoreOptions {
  /** HTTP address, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** gRPC port on the same host; Weaviate's default is 50051. */
  grpcPort?: number | undefined;
  domain: Domain;
  dimensions: number;
  /** Capitalized word before every collection name; tests use it to stay apart. */
  prefix?: string | undefined;
  vectorizer?: VectorizerOption | undefined;
  /** Objects per batch request; default 200. */
  batchSize?: number | undefined;
  /** Attempts per batch after the first on network or server errors; default 3. */
  retries?: number | undefined;
  /** Milliseconds before the first retry; doubles each time, with jitter. Default 250. */
  retryDelayMs?: number | undefined;
  /** Extra request headers, e.g. `X-OpenAI-Api-Key` for the text2vec-openai vectorizer. */
  headers?: Record<string, string> | undefined;
}

type PassageCollection = Collection<undefined, string, undefined>;

/** Per-object batch error messages worth retrying: timeouts and an unavailable or busy server. */
const TRANSIENT = /timeout|timed out|deadline|unavailable|connection|too many|temporar|reset/i;
/**
 * Upper bound on batch-delete rounds per collection. Each round deletes at most Weaviate's
 * `QUERY_MAXIMUM_RESULTS` objects (10,000 by default), so large interactions need several.
 */
const DELETE_ROUNDS = 1000;
/** Passages of one interaction fetched at once by `updateEntities`. */
const FETCH_PAGE = 1000;

/**
 * The vector store in Weaviate: one collection per source in each domain (`PayReadySlackMessage`,
 * `PayReadyGongCallSegment`, ...), objects keyed by passage id, with sophia's own vectors
 * unless the definition sets the text2vec-openai vectorizer. Every query also filters on the `domain`
 * property, so a misnamed collection still never returns another domain's passages.
 */
export class WeaviateVectorStore implements VectorStore {
  readonly kind = 'weaviate';
  readonly domain: Domain;

  private constructor(
    private readonly client: WeaviateClient,
    private readonly options: WeaviateVectorStoreOptions,
  ) {
    this.domain = options.domain;
  }

  /**
   * Connect to Weaviate. The server is probed with a plain HTTP request first, because
   * weaviate-client 3.12.1 can leave an unhandled promise rejection behind when it connects to a
   * server that is down.
   */
  static async connect(options: WeaviateVectorStoreOptions): Promise<WeaviateVectorStore> {
    const url = new URL(options.url);
    await probeLive(url);

    const secure = url.protocol === 'https:';
    const client = await weaviate.connectToCustom({
      httpHost: url.hostname,
      httpPort: Number(url.port || (secure ? 443 : 80)),
      httpSecure: secure,
      grpcHost: url.hostname,
      grpcPort: options.grpcPort ?? 50051,
      grpcSecure: secure,
      headers: options.headers,
    });
    if (!(await client.isLive())) {
      await client.close();
      throw new Error(`Weaviate at ${options.url} is not live: check the server's log`);
    }

    return new WeaviateVectorStore(client, options);
  }

  /** Create missing collections and add properties a newer definition has. */
  async ensureSchema(): Promise<void> {
    for (const source of SOURCE_SYSTEMS) {
      const name = this.nameOf(source);
      if (!(await this.client.collections.exists(name))) {
        await this.createCollection(source, name);
        continue;
      }
      await this.addMissingProperties(source, name);
    }
  }

  private async createCollection(source: SourceSystem, name: string): Promise<void> {
    const config = buildCollectionConfig(this.domain, source, {
      prefix: this.options.prefix,
      vectorizer: this.options.vectorizer,
    });
    try {
      await this.client.collections.create(config);
      logger.info({ collection: name }, 'Weaviate collection created');
    } catch (error) {
      // Another server may have created it between the check and the create.
      if (!(await this.client.collections.exists(name))) throw error;
    }
  }

  private async addMissingProperties(source: SourceSystem, name: string): Promise<void> {
    const collection = this.collection(source);
    const existing = new Set((await collection.config.get()).properties.map((p) => p.name));
    for (const property of propertiesOf(source)) {
      if (existing.has(property.name)) continue;
      await collection.config.addProperty(toPropertyConfig(property));
      logger.info({ collection: name, property: property.name }, 'Weaviate property added');
    }
  }

  async upsert(passages: VectorPassage[]): Promise<UpsertResult> {
    const { valid, errors } = validatePassages(passages, this.options.dimensions);
    const batchSize = this.options.batchSize ?? 200;
    let written = 0;

    for (const source of SOURCE_SYSTEMS) {
      const entries = valid.filter((entry) => entry.passage.source === source);
      for (let start = 0; start < entries.length; start += batchSize) {
        const batch = entries.slice(start, start + batchSize);
        const failed = await this.importBatch(source, batch);
        written += batch.length - failed.length;
        errors.push(...failed);
      }
    }
    errors.sort((a, b) => a.index - b.index);

    return { written, errors };
  }

  /**
   * Send one batch, retrying the whole request on network and server errors and single objects
   * whose error looks transient. Returns the objects that still failed.
   */
  private async importBatch(
    source: SourceSystem,
    batch: { index: number; passage: VectorPassage }[],
  ): Promise<UpsertError[]> {
    const retries = this.options.retries ?? 3;
    let pending = batch;
    const failed: UpsertError[] = [];

    for (let attempt = 0; pending.length > 0; attempt++) {
      const last = attempt >= retries;
      const objects = pending.map(({ passage }) => this.objectOf(passage));
      let result: Awaited<ReturnType<PassageCollection['data']['insertMany']>>;
      try {
        result = await this.collection(source).data.insertMany(objects);
      } catch (error) {
        if (last) return pending.map(({ index, passage }) => failure(index, passage, error));
        await this.backOff(attempt, source, error);
        continue;
      }

      const retry: typeof pending = [];
      for (const [position, error] of Object.entries(result.errors)) {
        const entry = pending[Number(position)];
        if (entry === undefined) continue;
        if (!last && TRANSIENT.test(error.message)) retry.push(entry);
        else failed.push(failure(entry.index, entry.passage, error.message));
      }
      if (retry.length > 0) await this.backOff(attempt, source, retry.length);
      pending = retry;
    }

    return failed;
  }

  private async backOff(attempt: number, source: SourceSystem, cause: unknown): Promise<void> {
    const base = (this.options.retryDelayMs ?? 250) * 2 ** attempt;
    const delay = base / 2 + Math.random() * base;
    logger.warn(
      {
        collection: this.nameOf(source),
        attempt: attempt + 1,
        delayMs: Math.round(delay),
        cause: describe(cause),
      },
      'Weaviate batch import failed; retrying',
    );
    await new Promise((resolve) => setTimeout(resolve, delay));
  }

  private objectOf(passage: VectorPassage): DataObject<undefined> {
    return {
      id: passage.id.toLowerCase(),
      properties: propertiesFor(this.domain, passage) as DataObject<undefined>['properties'],
      vectors: { [VECTOR_NAME]: passage.vector },
    };
  }

  async deleteByInteraction(interactionIds: string[]): Promise<number> {
    const ids = checkedIds(interactionIds, 'interaction id');
    if (ids.length === 0) return 0;

    let removed = 0;
    for (const source of SOURCE_SYSTEMS) {
      const collection = this.collection(source);
      const where = Filters.and(
        this.domainFilter(collection),
        collection.filter.byProperty('interaction_id').containsAny(ids),
      );
      for (let round = 0; round < DELETE_ROUNDS; round++) {
        const result = await collection.data.deleteMany(where);
        removed += result.successful;
        if (result.matches === 0 || result.successful === 0) break;
      }
    }

    return removed;
  }

  async updateEntities(
    interactionId: string,
    personIds: string[],
    companyIds: string[],
  ): Promise<void> {
    const [id] = checkedIds([interactionId], 'interaction id');
    const properties = {
      unified_person_id: checkedIds(personIds, 'person id'),
      unified_company_id: checkedIds(companyIds, 'company id'),
    };

    for (const source of SOURCE_SYSTEMS) {
      const collection = this.collection(source);
      const where = Filters.and(
        this.domainFilter(collection),
        collection.filter.byProperty('interaction_id').equal(id as string),
      );
      const page = await collection.query.fetchObjects({
        filters: where,
        limit: FETCH_PAGE,
        returnProperties: ['interaction_id'],
      });
      // NOTE: only the first FETCH_PAGE passages of an interaction in one source get the new
      // links. The chunker makes far fewer passages per interaction, but nothing enforces it.
      for (const object of page.objects)
        await collection.data.update({ id: object.uuid, properties });
    }
  }

  /**
   * Search with a BM25 and a nearVector query per source collection, fused here over all
   * sources as the SQL search fuses, because fused scores of separate collections are not
   * comparable. Each hit carries the rankings that found it in `matchedBy`.
   *
   * Weaviate's hybrid query is not used, even for one source. On Weaviate 1.35.2 a hybrid query
   * with `maxVectorDistance` returned no objects when no vector was within that distance, so
   * passages that BM25 matched were lost. Also weaviate-client 3.12.1 types a hybrid hit's
   * `explainScore` as a free-text string, with no field that names the rankings behind a hit.
   */
  async search(request: VectorSearchRequest): Promise<LabelledVectorHit[]> {
    validateSearch(request, this.options.dimensions);
    const sources = selectedSources(request.filters);
    const text = queryTerms(request.text ?? '').join(' ');
    const alpha = request.alpha ?? 0.5;
    const plan: SearchPlan = {
      request,
      text,
      alpha,
      useText: text !== '' && alpha < 1,
      useVector: request.vector !== undefined && alpha > 0,
      maxDistance: request.minSimilarity === undefined ? undefined : 1 - request.minSimilarity,
    };
    if (sources.length === 0 || (!plan.useText && !plan.useVector)) return [];

    const lexical = plan.useText
      ? await Promise.all(sources.map((source) => this.keywordRanking(source, plan)))
      : [];
    const vector = plan.useVector
      ? await Promise.all(sources.map((source) => this.vectorRanking(source, plan)))
      : [];
    const lexicalBest = mergeBest(lexical.flat(), LEXICAL_DEPTH, request.limit);
    const vectorBest = mergeBest(vector.flat(), VECTOR_DEPTH, request.limit);
    const rankings: Ranking[] = [];
    if (plan.useText) rankings.push({ weight: 1 - alpha, hits: lexicalBest });
    if (plan.useVector) rankings.push({ weight: alpha, hits: vectorBest });
    const fused = fuseRankings(rankings, request.fusion ?? 'ranked', request.limit);

    return labelHits(fused, lexicalBest, vectorBest);
  }

  /** BM25 over `text`, best first. */
  private async keywordRanking(source: SourceSystem, plan: SearchPlan): Promise<RawHit[]> {
    const collection = this.collection(source);
    const result = await collection.query.bm25(plan.text, {
      filters: this.filtersFor(collection, plan.request.filters),
      limit: Math.max(LEXICAL_DEPTH, plan.request.limit),
      queryProperties: ['text'],
      returnProperties: ['interaction_id'],
      returnMetadata: ['score'],
    });

    return result.objects.map((object) => rawHit(object, object.metadata?.score ?? 0));
  }

  /** Nearest vectors by cosine similarity, best first. */
  private async vectorRanking(source: SourceSystem, plan: SearchPlan): Promise<RawHit[]> {
    const collection = this.collection(source);
    const result = await collection.query.nearVector(plan.request.vector as number[], {
      filters: this.filtersFor(collection, plan.request.filters),
      limit: Math.max(VECTOR_DEPTH, plan.request.limit),
      targetVector: VECTOR_NAME,
      distance: plan.maxDistance,
      returnProperties: ['interaction_id'],
      returnMetadata: ['distance'],
    });

    return result.objects.map((object) => rawHit(object, 1 - (object.metadata?.distance ?? 1)));
  }

  /** Build the filters pushed into Weaviate. The source filter has chosen the collections already. */
  private filtersFor(
    collection: PassageCollection,
    filters: VectorFilters | undefined,
  ): FilterValue {
    const parts = [this.domainFilter(collection)];
    if (filters?.from)
      parts.push(collection.filter.byProperty('occurred_at').greaterOrEqual(filters.from));
    if (filters?.to)
      parts.push(collection.filter.byProperty('occurred_at').lessOrEqual(filters.to));
    if (filters?.companyIds)
      parts.push(idFilter(collection, 'unified_company_id', filters.companyIds));
    if (filters?.personIds)
      parts.push(idFilter(collection, 'unified_person_id', filters.personIds));

    return Filters.and(...parts);
  }

  private domainFilter(collection: PassageCollection): FilterValue {
    return collection.filter.byProperty('domain').equal(this.domain);
  }

  async count(): Promise<number> {
    let total = 0;
    for (const source of SOURCE_SYSTEMS) {
      const collection = this.collection(source);
      if (!(await this.client.collections.exists(collection.name))) continue;
      const result = await collection.aggregate.overAll({ filters: this.domainFilter(collection) });
      total += result.totalCount;
    }

    return total;
  }

  /** Delete this store's collections with everything in them (tests and benchmarks clean up). */
  async dropCollections(): Promise<void> {
    for (const source of SOURCE_SYSTEMS) await this.client.collections.delete(this.nameOf(source));
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  /** Name of the collection that contains a source's passages in this store's domain. */
  nameOf(source: SourceSystem): string {
    return collectionName(this.domain, source, this.options.prefix);
  }

  private collection(source: SourceSystem): PassageCollection {
    return this.client.collections.use(this.nameOf(source));
  }
}

/** Weaviate properties of a passage: the shared ones and those of its source's collection. */
export function propertiesFor(domain: Domain, passage: VectorPassage): Record<string, unknown> {
  const time = passage.at ?? passage.occurredAt;
  const shared = {
    domain,
    text: passage.text,
    interaction_id: passage.interactionId.toLowerCase(),
    kind: passage.kind,
    ordinal: passage.ordinal,
    occurred_at: passage.occurredAt,
    unified_person_id: [...new Set(passage.personIds.map((id) => id.toLowerCase()))],
    unified_company_id: [...new Set(passage.companyIds.map((id) => id.toLowerCase()))],
    content_hash: contentHashOf(passage),
  };
  const own: Record<SourceSystem, Record<string, unknown>> = {
    slack: {
      channel: passage.channel,
      user: passage.speaker,
      timestamp: time.getTime() / 1000,
      thread_id: passage.threadId,
    },
    gong: {
      call_id: passage.callId,
      speaker: passage.speaker,
      start_time: passage.startMs,
      end_time: passage.endMs,
      call_date: passage.occurredAt,
      sentiment: passage.sentiment,
      topics: passage.topics,
    },
    hubspot: {
      note_id: passage.sourceId,
      author: passage.speaker,
      company: passage.companyName,
      time,
    },
    salesforce: {
      note_id: passage.sourceId,
      author: passage.speaker,
      company: passage.companyName,
      time,
    },
  };
  const defined = Object.entries(own[passage.source]).filter(([, value]) => value !== undefined);

  return { ...shared, ...Object.fromEntries(defined) };
}

async function probeLive(url: URL): Promise<void> {
  const live = new URL('v1/.well-known/live', url.href.endsWith('/') ? url : `${url.href}/`);
  try {
    const response = await fetch(live, { signal: AbortSignal.timeout(5000) });
    if (response.ok) return;
    throw new Error(`HTTP ${response.status}`);
  } catch (error) {
    throw new Error(
      `Weaviate at ${url.origin} is not reachable (${describe(error)}): start it, or fix WEAVIATE_URL`,
    );
  }
}

function idFilter(collection: PassageCollection, property: string, ids: string[]): FilterValue {
  return collection.filter.byProperty(property).containsAny(ids.map((id) => id.toLowerCase()));
}

interface SearchPlan {
  request: VectorSearchRequest;
  /** Query terms joined by spaces, for BM25. */
  text: string;
  alpha: number;
  useText: boolean;
  useVector: boolean;
  maxDistance: number | undefined;
}

type RawHit = Ranking['hits'][number];

function rawHit(
  object: { uuid: string; properties: Record<string, unknown> },
  raw: number,
): RawHit {
  return { passageId: object.uuid, interactionId: String(object.properties.interaction_id), raw };
}

/** Label fused hits with the rankings whose lists contain them. */
function labelHits(hits: VectorHit[], lexical: RawHit[], vector: RawHit[]): LabelledVectorHit[] {
  const lexicalIds = new Set(lexical.map((hit) => hit.passageId));
  const vectorIds = new Set(vector.map((hit) => hit.passageId));

  return hits.map((hit) => ({
    ...hit,
    matchedBy: matchedByIn(hit.passageId, lexicalIds, vectorIds),
  }));
}

/** Merge per-collection rankings into one, best raw score first, cut to the fusion depth. */
function mergeBest(hits: RawHit[], depth: number, limit: number): RawHit[] {
  return hits
    .sort((a, b) => b.raw - a.raw || (a.passageId < b.passageId ? -1 : 1))
    .slice(0, Math.max(depth, limit));
}

function failure(index: number, passage: VectorPassage, error: unknown): UpsertError {
  return { index, id: passage.id, message: describe(error) };
}

function checkedIds(ids: string[], what: string): string[] {
  const bad = ids.find((id) => !isUuid(id));
  if (bad !== undefined) throw new RangeError(`Invalid ${what} ${JSON.stringify(bad)}: use a UUID`);

  return [...new Set(ids.map((id) => id.toLowerCase()))];
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
