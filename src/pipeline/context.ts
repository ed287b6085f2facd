import type { Database, Queryable } from '../db/database.js';
import type { Embedder } from '../embed/embedder.js';
import type { EntityLinker } from '../entities/linker.js';
import type { BuildContext, SourceSystem } from '../model.js';

/** Everything an ingest step needs: the store, the domain schema, the embedder, link settings. */
export interface PipelineContext {
  db: Database;
  schema: string;
  embedder: Embedder;
  linker: EntityLinker;
  /** Whether vectors are stored (pgvector present); without it search is full text only. */
  vectors: boolean;
  links: Pick<BuildContext, 'slackWorkspaceUrl' | 'hubspotPortalId' | 'salesforceInstanceUrl'>;
}

/**
 * Load the names builders need (Slack user and channel names) for one source. Loaded per batch
 * from the batch's own transaction, so names committed earlier in the same sync are visible.
 */
export async function loadBuildContext(
  tx: Queryable,
  schema: string,
  source: SourceSystem,
  links: PipelineContext['links'],
): Promise<BuildContext> {
  const users = new Map<string, string>();
  const channels = new Map<string, string>();

  if (source === 'slack') {
    const people = await tx.query<{ source_id: string; name: string | null }>(
      `SELECT source_id, COALESCE(observation->>'name', observation->>'firstName') AS name
       FROM ${schema}.entity_observations WHERE source_system = 'slack'`,
    );
    for (const row of people) if (row.name) users.set(row.source_id, row.name);

    const rows = await tx.query<{ record_key: string; name: string | null }>(
      `SELECT record_key, data->>'name' AS name FROM ${schema}.source_records
       WHERE source_system = 'slack' AND stream = 'channels'`,
    );
    for (const row of rows) if (row.name) channels.set(row.record_key, row.name);
  }

  return {
    userName: (system, userId) => (system === source ? users.get(userId) : undefined),
    channelName: (channelId) => channels.get(channelId),
    ...links,
  };
}
