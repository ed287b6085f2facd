import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { PgliteDatabase } from '../src/db/pglite.js';
import { LocalHashEmbedder } from '../src/embed/local.js';
import type { SourceSystem } from '../src/model.js';
import { PgVectorStore } from '../src/vector/pgvector.js';
import type { VectorPassage, VectorSearchRequest, VectorStore } from '../src/vector/store.js';
import { WeaviateVectorStore } from '../src/vector/weaviate.js';
import { mulberry32 } from './er-world.js';
import { QUERIES, TOPICS } from './topics.js';

export interface LatencyFigures {
  p50: number;
  p99: number;
}

export interface VectorBackendFigures {
  backend: 'pglite-pgvector' | 'weaviate';
  importSeconds: number;
  passagesPerSecond: number;
  /** Upserts that returned per-passage errors (expected 0). */
  importErrors: number;
  /** Hybrid search over all sources, milliseconds. */
  hybrid: LatencyFigures;
  /** Hybrid search in one source with a company and a time filter, milliseconds. */
  filtered: LatencyFigures;
}

export interface VectorBenchResult {
  passages: number;
  searches: number;
  backends: VectorBackendFigures[];
  /** Reasons a backend was left out, such as Weaviate without WEAVIATE_URL. */
  skipped: string[];
}

export interface VectorBenchOptions {
  passages?: number | undefined;
  /** Rounds over the query list; each round runs every query once per search kind. */
  rounds?: number | undefined;
  weaviateUrl?: string | undefined;
  weaviateGrpcPort?: number | undefined;
}

const SOURCES: SourceSystem[] = ['gong', 'slack', 'hubspot', 'salesforce'];
const KINDS = { gong: 'call', slack: 'message', hubspot: 'note', salesforce: 'task' } as const;
const PASSAGES_PER_INTERACTION = 4;
const COMPANIES = 300;
const PEOPLE = 1200;
const BATCH = 1000;
const embedder = new LocalHashEmbedder();

/** Make a UUID from a counter, so runs are repeatable and ids sort like their numbers. */
function counterUuid(kind: number, n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `${kind.toString(16).padStart(8, '0')}-0000-4000-8000-${hex}`;
}

/** Generated passages over 90 days, four sources, 300 companies and 1,200 people. */
function generatePassages(count: number): VectorPassage[] {
  const random = mulberry32(11);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
  const start = Date.UTC(2026, 8, 1);

  return Array.from({ length: count }, (_, index) => {
    const interaction = Math.floor(index / PASSAGES_PER_INTERACTION);
    const source = SOURCES[interaction % SOURCES.length] as SourceSystem;
    const company = interaction % COMPANIES;
    const text = `Customer ${company} asked about ${pick(TOPICS)} and ${pick(TOPICS)}; follow up on ${pick(TOPICS)} next week.`;
    return {
      id: counterUuid(1, index),
      interactionId: counterUuid(2, interaction),
      source,
      kind: KINDS[source],
      ordinal: index % PASSAGES_PER_INTERACTION,
      text,
      vector: embedder.embedOne(text),
      occurredAt: new Date(start + interaction * 60_000 * 7),
      speaker: `Speaker ${index % 40}`,
      personIds: [counterUuid(3, interaction % PEOPLE)],
      companyIds: [counterUuid(4, company)],
    };
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

async function timeImport(store: VectorStore, passages: VectorPassage[]) {
  let errors = 0;
  const started = performance.now();
  for (let offset = 0; offset < passages.length; offset += BATCH) {
    const result = await store.upsert(passages.slice(offset, offset + BATCH));
    errors += result.errors.length;
  }
  const seconds = (performance.now() - started) / 1000;

  return {
    importSeconds: seconds,
    passagesPerSecond: passages.length / seconds,
    importErrors: errors,
  };
}

async function timeSearches(
  store: VectorStore,
  rounds: number,
  build: (query: string) => VectorSearchRequest,
): Promise<LatencyFigures> {
  await store.search(build('warm up'));
  const samples: number[] = [];
  for (let round = 0; round < rounds; round++) {
    for (const query of QUERIES) {
      const begin = performance.now();
      await store.search(build(query));
      samples.push(performance.now() - begin);
    }
  }

  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

function hybridRequest(query: string): VectorSearchRequest {
  return {
    text: query,
    vector: embedder.embedOne(query),
    limit: 50,
    minSimilarity: embedder.minSimilarity,
  };
}

function filteredRequest(query: string): VectorSearchRequest {
  return {
    ...hybridRequest(query),
    filters: {
      sources: ['gong'],
      companyIds: [counterUuid(4, 8)],
      from: new Date(Date.UTC(2026, 8, 15)),
    },
  };
}

async function measure(
  backend: VectorBackendFigures['backend'],
  store: VectorStore,
  passages: VectorPassage[],
  rounds: number,
): Promise<VectorBackendFigures> {
  await store.ensureSchema();
  const imported = await timeImport(store, passages);
  const hybrid = await timeSearches(store, rounds, hybridRequest);
  const filtered = await timeSearches(store, rounds, filteredRequest);

  return { backend, ...imported, hybrid, filtered };
}

/**
 * Import generated passages into PGlite with pgvector and, when a URL is given, into Weaviate,
 * then time hybrid searches with and without filters on each. Weaviate's collections are
 * deleted afterwards.
 */
export async function runVectorBench(options: VectorBenchOptions = {}): Promise<VectorBenchResult> {
  const count = options.passages ?? 100_000;
  const rounds = options.rounds ?? 5;
  const passages = generatePassages(count);
  const backends: VectorBackendFigures[] = [];
  const skipped: string[] = [];

  const db = await PgliteDatabase.open('memory://');
  const pg = new PgVectorStore({
    db,
    domain: 'pay_ready',
    model: embedder.model,
    dimensions: embedder.dimensions,
    ownsDatabase: true,
  });
  try {
    backends.push(await measure('pglite-pgvector', pg, passages, rounds));
  } finally {
    await pg.close();
  }

  if (options.weaviateUrl === undefined) {
    skipped.push('weaviate: WEAVIATE_URL is not set');
  } else {
    const weaviate = await WeaviateVectorStore.connect({
      url: options.weaviateUrl,
      grpcPort: options.weaviateGrpcPort,
      domain: 'pay_ready',
      dimensions: embedder.dimensions,
      prefix: `Bench${randomBytes(4).toString('hex')}`,
      batchSize: 500,
    });
    try {
      backends.push(await measure('weaviate', weaviate, passages, rounds));
    } finally {
      await weaviate.dropCollections();
      await weaviate.close();
    }
  }

  return { passages: count, searches: rounds * QUERIES.length, backends, skipped };
}

/** Markdown lines for docs/benchmarks.md. */
export function formatVectorBench(result: VectorBenchResult): string[] {
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const rows = result.backends.map(
    (figures) =>
      `| ${figures.backend} | ${figures.importSeconds.toFixed(1)} s, ${Math.round(figures.passagesPerSecond)} passages/s | ` +
      `${ms(figures.hybrid.p50)} / ${ms(figures.hybrid.p99)} | ${ms(figures.filtered.p50)} / ${ms(figures.filtered.p99)} |`,
  );

  return [
    `${result.passages} generated passages with local-embedder vectors, upserted in batches of ${BATCH}; ` +
      `then ${result.searches} hybrid searches (limit 50) over all sources, and as many in one source ` +
      'with a company and a time filter.',
    '',
    '| backend | import | hybrid p50 / p99 | filtered p50 / p99 |',
    '|---|---|---|---|',
    ...rows,
    ...result.skipped.map((reason) => `\nNot measured: ${reason}.`),
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const result = await runVectorBench({
    passages: Number(process.env.SOPHIA_BENCH_PASSAGES ?? 100_000),
    weaviateUrl: process.env.WEAVIATE_URL,
    weaviateGrpcPort: process.env.WEAVIATE_GRPC_PORT
      ? Number(process.env.WEAVIATE_GRPC_PORT)
      : undefined,
  });
  process.stdout.write(
    `${JSON.stringify(result, null, 2)}\n${formatVectorBench(result).join('\n')}\n`,
  );
}
