import { randomBytes } from 'node:crypto';
import {
  type Domain,
  LOCAL_EMBEDDING_DIMENSIONS,
  LOCAL_EMBEDDING_MODEL,
} from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { PgliteDatabase } from '../../src/db/pglite.js';
import { PostgresDatabase } from '../../src/db/postgres.js';
import { PgVectorStore } from '../../src/vector/pgvector.js';
import type { VectorStore } from '../../src/vector/store.js';
import { WeaviateVectorStore } from '../../src/vector/weaviate.js';
import { uniqueSchema } from '../helpers/stores.js';

/** One backend, opened once per suite; `store` opens a fresh, empty store of a domain on it. */
export interface VectorBackend {
  store(domain: Domain): Promise<VectorStore>;
  close(): Promise<void>;
}

export interface VectorTarget {
  name: 'pglite' | 'postgres' | 'weaviate';
  open(): Promise<VectorBackend>;
}

export const DIMENSIONS = LOCAL_EMBEDDING_DIMENSIONS;

/**
 * Backends the vector conformance suite runs on: PGlite always, PostgreSQL when DATABASE_URL is
 * set and Weaviate when WEAVIATE_URL is set. With SOPHIA_REQUIRE_SERVICES=1 a missing URL makes
 * that backend's suite fail instead of skipping it.
 */
export function vectorTargets(): VectorTarget[] {
  const targets: VectorTarget[] = [
    { name: 'pglite', open: async () => pgBackend(await PgliteDatabase.open('memory://')) },
  ];
  const databaseUrl = process.env.DATABASE_URL;
  const weaviateUrl = process.env.WEAVIATE_URL;

  if (databaseUrl)
    targets.push({
      name: 'postgres',
      open: async () => pgBackend(await PostgresDatabase.open(databaseUrl)),
    });
  else if (requireServices()) targets.push(missing('postgres', 'DATABASE_URL'));

  if (weaviateUrl)
    targets.push({ name: 'weaviate', open: async () => weaviateBackend(weaviateUrl) });
  else if (requireServices()) targets.push(missing('weaviate', 'WEAVIATE_URL'));

  return targets;
}

function requireServices(): boolean {
  return process.env.SOPHIA_REQUIRE_SERVICES === '1';
}

function missing(name: VectorTarget['name'], variable: string): VectorTarget {
  return {
    name,
    open: () =>
      Promise.reject(
        new Error(
          `${variable} is not set, but SOPHIA_REQUIRE_SERVICES=1 requires the ${name} suite`,
        ),
      ),
  };
}

/** Stores in fresh schemas of one database; the schemas are dropped on close. */
function pgBackend(db: Database): VectorBackend {
  const schemas: string[] = [];

  return {
    async store(domain) {
      const schema = uniqueSchema();
      schemas.push(schema);
      const store = new PgVectorStore({
        db,
        domain,
        schema,
        model: LOCAL_EMBEDDING_MODEL,
        dimensions: DIMENSIONS,
      });
      await store.ensureSchema();
      return store;
    },
    async close() {
      for (const schema of schemas) await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await db.close();
    },
  };
}

/** Stores under a collection prefix no other run uses; their collections are deleted on close. */
function weaviateBackend(url: string): VectorBackend {
  const stores: WeaviateVectorStore[] = [];

  return {
    async store(domain) {
      const store = await WeaviateVectorStore.connect({
        url,
        grpcPort: Number(process.env.WEAVIATE_GRPC_PORT ?? 50051),
        domain,
        dimensions: DIMENSIONS,
        prefix: uniqueCollectionPrefix(),
        retryDelayMs: 50,
      });
      stores.push(store);
      await store.ensureSchema();
      return store;
    },
    async close() {
      for (const store of stores) {
        await store.dropCollections();
        await store.close();
      }
    },
  };
}

export function uniqueCollectionPrefix(): string {
  return `T${randomBytes(5).toString('hex')}`;
}

/**
 * Connects to the test Weaviate at WEAVIATE_URL with the `pay_ready` collections under `prefix`,
 * created if missing. Throws when the URL is unset, so a suite that needs Weaviate fails instead
 * of skipping under SOPHIA_REQUIRE_SERVICES=1.
 */
export async function openTestWeaviate(
  prefix = uniqueCollectionPrefix(),
): Promise<WeaviateVectorStore> {
  const url = process.env.WEAVIATE_URL;
  if (!url) {
    throw new Error(
      'WEAVIATE_URL is not set, but SOPHIA_REQUIRE_SERVICES=1 requires the Weaviate suite',
    );
  }

  const index = await WeaviateVectorStore.connect({
    url,
    grpcPort: Number(process.env.WEAVIATE_GRPC_PORT ?? 50051),
    domain: 'pay_ready',
    dimensions: LOCAL_EMBEDDING_DIMENSIONS,
    prefix,
  });
  await index.ensureSchema();
  return index;
}
