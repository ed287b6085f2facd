import type { Queryable } from '../db/database.js';
import { SOURCE_SYSTEMS, type SourceSystem } from '../model.js';

export interface StreamStatus {
  stream: string;
  records: number;
  deadLetters: number;
  /** Last committed position, e.g. `gong/calls.jsonl:120`. */
  checkpoint: string | null;
  lastProcessedAt: string | null;
}

export interface SourceStatus {
  source: SourceSystem;
  interactions: number;
  passages: number;
  deadLetters: number;
  lastSyncAt: string | null;
  streams: StreamStatus[];
}

export interface StoreStatus {
  domain: string;
  entities: { person: number; company: number };
  sources: SourceStatus[];
}

/** Counts per source and stream, dead letters, checkpoints and last sync of one domain. */
export async function readStatus(
  db: Queryable,
  schema: string,
  domain: string,
): Promise<StoreStatus> {
  const count = async <Row>(sql: string) => db.query<Row>(sql);
  const records = await count<{ source_system: string; stream: string; n: number }>(
    `SELECT source_system, stream, count(*)::int AS n FROM ${schema}.source_records GROUP BY 1, 2`,
  );
  const interactions = await count<{ source_system: string; n: number; passages: number }>(
    `SELECT i.source_system, count(DISTINCT i.id)::int AS n, count(p.id)::int AS passages
     FROM ${schema}.interactions i LEFT JOIN ${schema}.passages p ON p.interaction_id = i.id GROUP BY 1`,
  );
  const letters = await count<{ source_system: string; stream: string | null; n: number }>(
    `SELECT source_system, stream, count(*)::int AS n FROM ${schema}.dead_letters GROUP BY 1, 2`,
  );
  const states = await count<{
    source_type: string;
    stream_name: string;
    last_processed_id: string | null;
    last_processed_timestamp: Date | null;
  }>(
    `SELECT source_type, stream_name, last_processed_id, last_processed_timestamp FROM ${schema}.sync_state`,
  );
  const synced = await count<{ source_type: string; last: Date | null }>(
    `SELECT source_type, max(last_sync_at) AS last FROM ${schema}.data_sources GROUP BY 1`,
  );
  const entities = await count<{ entity_type: 'person' | 'company'; n: number }>(
    `SELECT entity_type, count(*)::int AS n FROM ${schema}.entities GROUP BY 1`,
  );

  const sources = SOURCE_SYSTEMS.map((source): SourceStatus => {
    const streamNames = new Set([
      ...records.filter((r) => r.source_system === source).map((r) => r.stream),
      ...states.filter((s) => s.source_type === source).map((s) => s.stream_name),
    ]);
    const interactionRow = interactions.find((row) => row.source_system === source);

    return {
      source,
      interactions: interactionRow?.n ?? 0,
      passages: interactionRow?.passages ?? 0,
      deadLetters: letters
        .filter((row) => row.source_system === source)
        .reduce((sum, row) => sum + row.n, 0),
      lastSyncAt: synced.find((row) => row.source_type === source)?.last?.toISOString() ?? null,
      streams: [...streamNames].sort().map((stream) => {
        const state = states.find((s) => s.source_type === source && s.stream_name === stream);
        return {
          stream,
          records: records.find((r) => r.source_system === source && r.stream === stream)?.n ?? 0,
          deadLetters:
            letters.find((row) => row.source_system === source && row.stream === stream)?.n ?? 0,
          checkpoint: state?.last_processed_id ?? null,
          lastProcessedAt: state?.last_processed_timestamp?.toISOString() ?? null,
        };
      }),
    };
  });

  return {
    domain,
    entities: {
      person: entities.find((row) => row.entity_type === 'person')?.n ?? 0,
      company: entities.find((row) => row.entity_type === 'company')?.n ?? 0,
    },
    sources,
  };
}
