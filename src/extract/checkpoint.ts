import type { Queryable } from '../db/database.js';

/** Reads one entry of a stream's `checkpoint_data`, or undefined when the stream has none. */
export async function loadCheckpointEntry<T>(
  db: Queryable,
  schema: string,
  source: string,
  stream: string,
  key: string,
): Promise<T | undefined> {
  const rows = await db.query<{ entry: T | null }>(
    `SELECT checkpoint_data -> $3::text AS entry FROM ${schema}.sync_state
     WHERE source_type = $1 AND stream_name = $2`,
    [source, stream, key],
  );

  return rows[0]?.entry ?? undefined;
}

/**
 * Writes one entry of a stream's `checkpoint_data` inside the caller's transaction. Other keys of
 * `checkpoint_data` are kept, so readers of different inputs can share one stream's row.
 */
export async function saveCheckpointEntry(
  tx: Queryable,
  schema: string,
  checkpoint: {
    source: string;
    stream: string;
    key: string;
    value: unknown;
    /** Shown by `sophia status` as the stream's checkpoint. */
    position: string;
    processedAt?: Date | undefined;
  },
): Promise<void> {
  await tx.query(
    `INSERT INTO ${schema}.sync_state
       (source_type, stream_name, last_processed_timestamp, last_processed_id, checkpoint_data)
     VALUES ($1, $2, $3, $4, jsonb_build_object($5::text, $6::jsonb))
     ON CONFLICT (source_type, stream_name) DO UPDATE SET
       last_processed_timestamp = GREATEST(${schema}.sync_state.last_processed_timestamp, EXCLUDED.last_processed_timestamp),
       last_processed_id = EXCLUDED.last_processed_id,
       checkpoint_data = ${schema}.sync_state.checkpoint_data || EXCLUDED.checkpoint_data,
       updated_at = now()`,
    [
      checkpoint.source,
      checkpoint.stream,
      checkpoint.processedAt ?? null,
      checkpoint.position,
      checkpoint.key,
      JSON.stringify(checkpoint.value),
    ],
  );
}
