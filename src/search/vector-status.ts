import type { Queryable } from '../db/database.js';

export interface VectorStatus {
  /** Whether the vector ranking runs at all. */
  usable: boolean;
  /** Reason search is full text only, or the passages the vector ranking misses; empty when all is well. */
  note: string;
  missing: number;
  total: number;
}

const CHECK_EVERY_MS = 30_000;
const cache = new Map<string, { at: number; status: VectorStatus }>();

/**
 * Whether passages have vectors of the current embedding model. Vectors of another model are
 * never compared with this one's, so after a switch of model the passages embedded with the old
 * one are invisible to the vector ranking until `sophia reembed` runs, and the note explains this. Cached
 * for 30 seconds per schema and model, because counting is a scan.
 */
export async function vectorStatus(
  db: Queryable,
  schema: string,
  model: string,
  vectors: boolean,
  now: number = Date.now(),
): Promise<VectorStatus> {
  if (!vectors) {
    return {
      usable: false,
      note: 'pgvector is not available on this database',
      missing: 0,
      total: 0,
    };
  }
  const key = `${schema}\u0000${model}`;
  const cached = cache.get(key);
  if (cached !== undefined && now - cached.at < CHECK_EVERY_MS) return cached.status;

  const rows = await db.query<{ total: number; missing: number }>(
    `SELECT count(*)::int AS total, count(*) FILTER (WHERE e.content_hash IS NULL)::int AS missing
     FROM ${schema}.passages p
     LEFT JOIN ${schema}.embeddings e ON e.model = $1 AND e.content_hash = p.content_hash`,
    [model],
  );
  const total = rows[0]?.total ?? 0;
  const missing = rows[0]?.missing ?? 0;
  let status: VectorStatus = { usable: true, note: '', missing, total };
  if (total > 0 && missing === total) {
    status = {
      usable: false,
      note: `no passage has a vector of model ${model} yet; run sophia reembed`,
      missing,
      total,
    };
  } else if (missing > 0) {
    status.note = `${missing} of ${total} passages have no vector of model ${model} and rank by full text only; run sophia reembed`;
  }
  cache.set(key, { at: now, status });

  return status;
}

/** Forget cached counts of a schema, after a sync or a re-embed changed its passages. */
export function forgetVectorStatus(schema: string): void {
  for (const key of cache.keys()) if (key.startsWith(`${schema}\u0000`)) cache.delete(key);
}
