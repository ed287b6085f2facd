import type { Queryable } from '../db/database.js';
import { assertSchemaName } from '../db/migrate.js';

/** A Gong call in the store that has no transcript record. */
export interface CallWithoutTranscript {
  callId: string;
  /** Call start (ISO 8601) from the `calls` or `extensiveCalls` record, when present. */
  started: string | undefined;
  isPrivate: boolean;
}

export interface ListCallsWithoutTranscriptOptions {
  /**
   * Include private calls. Default false: Gong's connector skips them because the transcript
   * endpoint does not return them.
   */
  includePrivate?: boolean;
  /** Maximum number of calls to return, newest first. Default: all. */
  limit?: number;
}

interface Row {
  call_id: string;
  started: string | null;
  is_private: boolean;
}

/**
 * Lists Gong calls that have a `calls` or `extensiveCalls` record in `source_records` but no
 * `callTranscripts` record, newest first. Record keys are `call:<id>`, `extensiveCall:<id>` and
 * `transcript:<id>`, each in the keyspace named after its stream.
 */
export async function listCallsWithoutTranscript(
  db: Queryable,
  schema: string,
  options: ListCallsWithoutTranscriptOptions = {},
): Promise<CallWithoutTranscript[]> {
  assertSchemaName(schema);
  const limit = options.limit;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    throw new Error(`Invalid limit ${limit}: use a whole number above 0, or omit it for all calls`);
  }

  const rows = await db.query<Row>(
    `WITH known AS (
       SELECT substr(record_key, length('call:') + 1) AS call_id,
              data->>'started' AS started,
              coalesce(data->>'isPrivate' = 'true', false) AS is_private
         FROM ${schema}.source_records
        WHERE source_system = 'gong' AND keyspace = 'calls' AND record_key LIKE 'call:%'
       UNION ALL
       SELECT substr(record_key, length('extensiveCall:') + 1),
              data->'metaData'->>'started',
              coalesce(data->'metaData'->>'isPrivate' = 'true', false)
         FROM ${schema}.source_records
        WHERE source_system = 'gong' AND keyspace = 'extensiveCalls'
          AND record_key LIKE 'extensiveCall:%'
     )
     SELECT call_id, max(started) AS started, bool_or(is_private) AS is_private
       FROM known
      WHERE NOT EXISTS (
              SELECT 1 FROM ${schema}.source_records t
               WHERE t.source_system = 'gong' AND t.keyspace = 'callTranscripts'
                 AND t.record_key = 'transcript:' || known.call_id
            )
      GROUP BY call_id
     HAVING $1::boolean OR NOT bool_or(is_private)
      ORDER BY max(started) DESC NULLS LAST, call_id
      LIMIT $2`,
    [options.includePrivate ?? false, limit ?? null],
  );

  return rows.map((row) => ({
    callId: row.call_id,
    started: row.started ?? undefined,
    isPrivate: row.is_private,
  }));
}
