import type { Domain } from '../config.js';
import type { Database } from '../db/database.js';
import { PgVectorStore } from './pgvector.js';
import type { VectorStore } from './store.js';
import { WeaviateVectorStore } from './weaviate.js';
import type { VectorizerOption } from './weaviate-schema.js';

export { type IndexPassage, loadIndexPassages } from './passages.js';
export { PgVectorStore } from './pgvector.js';
export type * from './store.js';
export { WeaviateVectorStore } from './weaviate.js';

export interface OpenVectorStoreOptions {
  domain: Domain;
  /** Embedding model and vector size of the embedder in use. */
  model: string;
  dimensions: number;
  /** Database and schema for the pgvector store. */
  db: Database;
  schema?: string | undefined;
  /** Weaviate HTTP address; when set, passages go to Weaviate instead of pgvector. */
  weaviateUrl?: string | undefined;
  weaviateGrpcPort?: number | undefined;
  vectorizer?: VectorizerOption | undefined;
}

/**
 * Open the domain's vector store, Weaviate when `weaviateUrl` is set and pgvector otherwise,
 * and create its tables or collections if missing.
 */
export async function openVectorStore(options: OpenVectorStoreOptions): Promise<VectorStore> {
  const store: VectorStore =
    options.weaviateUrl === undefined
      ? new PgVectorStore({
          db: options.db,
          domain: options.domain,
          schema: options.schema,
          model: options.model,
          dimensions: options.dimensions,
        })
      : await WeaviateVectorStore.connect({
          url: options.weaviateUrl,
          grpcPort: options.weaviateGrpcPort,
          domain: options.domain,
          dimensions: options.dimensions,
          vectorizer: options.vectorizer,
        });
  try {
    await store.ensureSchema();
  } catch (error) {
    await store.close();
    throw error;
  }

  return store;
}
