import type { Database, Queryable } from '../db/database.js';
import type { Embedder } from '../embed/embedder.js';
import type { EntityLinker } from '../entities/linker.js';
import type { BuildContext, SourceSystem } from '../model.js';
import type { VectorStore } from '../vector/store.js';

/** Everything an ingest step needs: the store, the domain schema, the embedder, link settings. */
export interface PipelineContext {
  db: Database;
  schema: string;
  embedder: Embedder;
  linker: EntityLinker;
  /** Whether vectors are stored (pgvector present); without it search is full text only. */
  vectors: boolean;
  links: Pick<BuildContext, 'slackWorkspaceUrl' | 'hubspotPortalId' | 'salesforceInstanceUrl'>;
  /**
   * Measure rebuilt Gong calls for coaching inside the sync (default true). Turned off, reports
   * measure calls on first use instead.
   */
  coachingOnSync?: boolean;
  /**
   * External vector index (Weaviate) that passages are copied to and searched in; absent when
   * vectors live in pgvector beside the data.
   */
  vectorIndex?: VectorStore | undefined;
  /** Build contexts per source, reused across batches until that source's people change. */
  buildContexts?: Map<SourceSystem, BuildContext>;
}

/**
 * Names builders need: people of one source by source id (Slack users for mentions, CRM owners
 * and users for authors) and Slack channel names. Read inside the batch's transaction, so names
 * committed earlier in the same sync are visible, and cached until that source's people change.
 */
export async function loadBuildContext(
  ctx: PipelineContext,
  tx: Queryable,
  source: SourceSystem,
): Promise<BuildContext> {
  const cached = ctx.buildContexts?.get(source);
  if (cached !== undefined) return cached;

  const users = new Map<string, string>();
  const channels = new Map<string, string>();
  const people = await tx.query<{
    source_id: string;
    name: string | null;
    first: string | null;
    last: string | null;
  }>(
    `SELECT source_id, observation->>'name' AS name, observation->>'firstName' AS first, observation->>'lastName' AS last
     FROM ${ctx.schema}.entity_observations WHERE source_system = $1 AND entity_type = 'person'`,
    [source],
  );
  for (const row of people) {
    const name = row.name ?? ([row.first, row.last].filter(Boolean).join(' ') || undefined);
    if (name) users.set(row.source_id, name);
  }

  if (source === 'hubspot') {
    // Engagements name their creator by HubSpot user id (`hs_created_by_user_id` = owners.userId).
    const owners = await tx.query<{ user_id: string | null; owner_id: string }>(
      `SELECT data->>'userId' AS user_id, data->>'id' AS owner_id FROM ${ctx.schema}.source_records
       WHERE source_system = 'hubspot' AND stream = 'owners'`,
    );
    for (const row of owners) {
      const name = users.get(row.owner_id);
      if (row.user_id && name) users.set(`user:${row.user_id}`, name);
    }
  }
  if (source === 'slack') {
    const rows = await tx.query<{ record_key: string; name: string | null }>(
      `SELECT record_key, data->>'name' AS name FROM ${ctx.schema}.source_records
       WHERE source_system = 'slack' AND stream = 'channels'`,
    );
    for (const row of rows) if (row.name) channels.set(row.record_key, row.name);
  }

  const context: BuildContext = {
    userName: (system, userId) => (system === source ? users.get(userId) : undefined),
    channelName: (channelId) => channels.get(channelId),
    ...ctx.links,
  };
  ctx.buildContexts ??= new Map();
  ctx.buildContexts.set(source, context);

  return context;
}
