import { randomUUID } from 'node:crypto';
import type { Database } from '../db/database.js';

export async function startRun(
  db: Database,
  schema: string,
  trigger: string,
  details: object,
  runId?: string,
): Promise<string> {
  const id = runId ?? randomUUID();
  await db.query(
    `INSERT INTO ${schema}.sync_runs (id, trigger, status, stats) VALUES ($1, $2, 'running', $3)`,
    [id, trigger, { request: details }],
  );

  return id;
}

export async function finishRun(
  db: Database,
  schema: string,
  id: string,
  status: 'succeeded' | 'failed',
  report: object,
  error?: unknown,
): Promise<void> {
  await db.query(
    `UPDATE ${schema}.sync_runs SET status = $2, finished_at = now(), stats = stats || $3::jsonb, error = $4
     WHERE id = $1`,
    [
      id,
      status,
      JSON.stringify({ report }),
      error === undefined ? null : String((error as Error).message ?? error),
    ],
  );
}

/** Record that a source was synced, creating its `data_sources` row on first use. */
export async function touchDataSource(
  db: Database,
  schema: string,
  source: string,
  connectionId: string,
  config: object,
): Promise<void> {
  await db.query(
    `INSERT INTO ${schema}.data_sources (source_type, connection_id, config, last_sync_at, sync_status)
     VALUES ($1, $2, $3, now(), 'succeeded')
     ON CONFLICT (connection_id) DO UPDATE SET
       last_sync_at = now(), sync_status = 'succeeded', config = EXCLUDED.config, updated_at = now()`,
    [source, connectionId, config],
  );
}
