import { forgetVectorStatus } from '../search/vector-status.js';
import type { Passage } from './chunk.js';
import type { PipelineContext } from './context.js';
import { embedMissing } from './ingest.js';

export interface ReembedReport {
  model: string;
  embedded: number;
  /** Vectors of other models deleted with `prune`. */
  pruned: number;
}

/**
 * Embed every passage that has no vector of the current model, in batches, each committed on
 * its own so an interrupted run keeps its progress. With `prune`, delete the vectors of other
 * models afterwards (they are never compared with the current model's).
 */
export async function reembed(
  ctx: PipelineContext,
  options: { batchSize?: number; prune?: boolean; onProgress?: (embedded: number) => void } = {},
): Promise<ReembedReport> {
  if (!ctx.vectors)
    throw new Error('This database has no pgvector extension, so there are no vectors to compute');
  const batchSize = options.batchSize ?? 500;
  let embedded = 0;

  for (;;) {
    const rows = await ctx.db.query<{ text: string; content_hash: string }>(
      `SELECT DISTINCT ON (p.content_hash) p.text, p.content_hash FROM ${ctx.schema}.passages p
       WHERE NOT EXISTS (SELECT 1 FROM ${ctx.schema}.embeddings e WHERE e.model = $1 AND e.content_hash = p.content_hash)
       LIMIT $2`,
      [ctx.embedder.model, batchSize],
    );
    if (rows.length === 0) break;

    const passages = rows.map(
      (row, ordinal): Passage => ({ ordinal, text: row.text, contentHash: row.content_hash }),
    );
    embedded += await ctx.db.transaction((tx) => embedMissing(ctx, tx, passages));
    options.onProgress?.(embedded);
  }

  let pruned = 0;
  if (options.prune) {
    const deleted = await ctx.db.query(
      `DELETE FROM ${ctx.schema}.embeddings WHERE model <> $1 RETURNING 1`,
      [ctx.embedder.model],
    );
    pruned = deleted.length;
  }
  forgetVectorStatus(ctx.schema);

  return { model: ctx.embedder.model, embedded, pruned };
}
