import type { Queryable } from '../db/database.js';
import { logger } from '../logger.js';
import { loadIndexPassages } from '../vector/passages.js';
import type { VectorStore } from '../vector/store.js';
import type { PipelineContext } from './context.js';
import { linkInteractions } from './link-interactions.js';

/**
 * Copy rewritten interactions to the external vector index (Weaviate), inside the batch's
 * transaction and before it commits: a failed write fails the batch, which then retries from
 * the same checkpoint. Objects written for a batch that later rolls back are orphans, because
 * their passage ids no longer exist, and search drops hits it cannot find in the database.
 */
export async function indexInteractions(
  ctx: PipelineContext,
  tx: Queryable,
  writtenIds: string[],
  removedIds: string[],
): Promise<void> {
  const index = ctx.vectorIndex;
  if (index === undefined || (writtenIds.length === 0 && removedIds.length === 0)) return;

  // Passages get new ids on every rewrite, so the old objects go first.
  await index.deleteByInteraction([...writtenIds, ...removedIds]);
  const passages = await loadIndexPassages(tx, ctx.schema, writtenIds);
  if (passages.length === 0) return;

  const vectors = await loadVectors(
    tx,
    ctx.schema,
    ctx.embedder.model,
    passages.map((p) => p.contentHash),
  );
  const result = await index.upsert(
    passages
      .filter((passage) => vectors.has(passage.contentHash))
      .map((passage) => ({ ...passage, vector: vectors.get(passage.contentHash) as number[] })),
  );
  if (result.errors.length > 0) {
    const first = result.errors[0];
    throw new Error(
      `${index.kind} rejected ${result.errors.length} of ${passages.length} passages ` +
        `(first: ${first?.id}: ${first?.message}); the batch is rolled back and retried on the next sync`,
    );
  }
}

/**
 * Relink every interaction to entities after a sync, and send the changed links to the
 * external index so its company and person filters match the database.
 */
export async function relinkAll(ctx: PipelineContext, tx: Queryable): Promise<void> {
  const changed = await linkInteractions(tx, ctx.schema, null, {
    trackChanges: ctx.vectorIndex !== undefined,
  });
  if (ctx.vectorIndex === undefined || changed.length === 0) return;

  await pushEntityLinks(ctx.vectorIndex, tx, ctx.schema, changed);
  logger.info({ interactions: changed.length }, 'entity links sent to the vector index');
}

/**
 * Sends the current people and companies of these interactions to the vector index, whose
 * search filters read them from each passage.
 */
export async function pushEntityLinks(
  index: VectorStore,
  tx: Queryable,
  schema: string,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;

  const rows = await tx.query<{ id: string; person_ids: string[]; company_ids: string[] }>(
    `SELECT i.id,
       ARRAY(SELECT DISTINCT entity_id::text FROM ${schema}.interaction_entities WHERE interaction_id = i.id AND entity_type = 'person') AS person_ids,
       ARRAY(SELECT DISTINCT entity_id::text FROM ${schema}.interaction_entities WHERE interaction_id = i.id AND entity_type = 'company') AS company_ids
     FROM ${schema}.interactions i WHERE i.id = ANY($1::uuid[])`,
    [[...ids]],
  );
  for (const row of rows) await index.updateEntities(row.id, row.person_ids, row.company_ids);
}

async function loadVectors(
  tx: Queryable,
  schema: string,
  model: string,
  hashes: string[],
): Promise<Map<string, number[]>> {
  const rows = await tx.query<{ content_hash: string; embedding: string }>(
    `SELECT content_hash, embedding::text AS embedding FROM ${schema}.embeddings
     WHERE model = $1 AND content_hash = ANY($2::text[])`,
    [model, [...new Set(hashes)]],
  );

  return new Map(rows.map((row) => [row.content_hash, JSON.parse(row.embedding) as number[]]));
}
