import type { Queryable } from '../db/database.js';
import { assertSchemaName } from '../db/migrate.js';
import type { InteractionKind, SourceSystem } from '../model.js';
import type { VectorPassage } from './store.js';

/** A stored passage with everything a vector store indexes except the vector. */
export type IndexPassage = Omit<VectorPassage, 'vector'> & { contentHash: string };

interface Row {
  id: string;
  interaction_id: string;
  source_system: SourceSystem;
  kind: InteractionKind;
  ordinal: number;
  text: string;
  occurred_at: Date;
  at: Date | null;
  speaker_name: string | null;
  speaker_person_id: string | null;
  call_id: string | null;
  start_ms: number | null;
  end_ms: number | null;
  channel: string | null;
  thread_id: string | null;
  source_id: string;
  company_name: string | null;
  person_ids: string[];
  company_ids: string[];
  content_hash: string;
}

/**
 * Read the passages of some interactions as a vector store indexes them, with the people and
 * companies the pipeline linked. Call it after the pipeline has written and linked a batch.
 */
export async function loadIndexPassages(
  q: Queryable,
  schema: string,
  interactionIds: string[],
): Promise<IndexPassage[]> {
  assertSchemaName(schema);
  if (interactionIds.length === 0) return [];

  const rows = await q.query<Row>(
    `SELECT p.id, p.interaction_id, i.source_system, i.kind, p.ordinal, p.text, i.occurred_at, p.at,
            p.speaker_name, p.speaker_person_id, i.call_id, p.start_ms, p.end_ms,
            i.metadata->>'channelId' AS channel, i.thread_id, i.source_id,
            (SELECT e.display_name FROM ${schema}.interaction_entities ie
               JOIN ${schema}.entities e ON e.id = ie.entity_id
             WHERE ie.interaction_id = i.id AND ie.entity_type = 'company'
             ORDER BY e.display_name LIMIT 1) AS company_name,
            ARRAY(SELECT DISTINCT entity_id::text FROM ${schema}.interaction_entities
                  WHERE interaction_id = i.id AND entity_type = 'person') AS person_ids,
            ARRAY(SELECT DISTINCT entity_id::text FROM ${schema}.interaction_entities
                  WHERE interaction_id = i.id AND entity_type = 'company') AS company_ids,
            p.content_hash
     FROM ${schema}.passages p JOIN ${schema}.interactions i ON i.id = p.interaction_id
     WHERE p.interaction_id = ANY($1::uuid[])
     ORDER BY p.interaction_id, p.ordinal`,
    [interactionIds],
  );

  return rows.map(toIndexPassage);
}

function toIndexPassage(row: Row): IndexPassage {
  return {
    id: row.id,
    interactionId: row.interaction_id,
    source: row.source_system,
    kind: row.kind,
    ordinal: row.ordinal,
    text: row.text,
    occurredAt: row.occurred_at,
    at: row.at ?? undefined,
    speaker: row.speaker_name ?? undefined,
    speakerPersonId: row.speaker_person_id ?? undefined,
    callId: row.call_id ?? undefined,
    startMs: row.start_ms ?? undefined,
    endMs: row.end_ms ?? undefined,
    channel: row.channel ?? undefined,
    threadId: row.thread_id ?? undefined,
    sourceId: row.source_id,
    companyName: row.company_name ?? undefined,
    personIds: row.person_ids,
    companyIds: row.company_ids,
    contentHash: row.content_hash,
  };
}
