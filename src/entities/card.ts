import { type EntityCard, NotFoundError, type SourceLink } from '../api.js';
import type { Queryable } from '../db/database.js';
import type { EntityType, SourceSystem } from '../model.js';

/** Days before now that count as recent on an entity card. */
export const RECENT_DAYS = 90;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface CardRow {
  id: string;
  entity_type: EntityType;
  display_name: string;
  emails: string[];
  domains: string[];
  is_internal: boolean;
  attributes: { names?: string[]; cities?: string[] } | null;
}

interface PeriodRow {
  id: string;
  name: string;
  first_seen: Date | null;
  last_seen: Date | null;
}

/**
 * Reads the card of one entity: names, e-mails, domains, companies or people over time, every
 * source id with its confidence and evidence, interaction counts and the manual decisions that
 * name it. Throws NotFoundError for an unknown id.
 */
export async function readEntityCard(
  db: Queryable,
  schema: string,
  id: string,
  now: Date = new Date(),
): Promise<EntityCard> {
  const rows = UUID.test(id)
    ? await db.query<CardRow>(
        `SELECT id, entity_type, display_name, emails, domains, is_internal, attributes
         FROM ${schema}.entities WHERE id = $1`,
        [id],
      )
    : [];
  const row = rows[0];
  if (row === undefined) {
    throw new NotFoundError(`No entity with id ${id}; call lookup_entity to find the right id`);
  }

  return {
    id: row.id,
    type: row.entity_type,
    name: row.display_name,
    internal: row.is_internal,
    names: row.attributes?.names ?? [row.display_name],
    emails: row.emails,
    domains: row.domains,
    cities: row.attributes?.cities ?? [],
    companies: row.entity_type === 'person' ? await periods(db, schema, row.id, 'person') : [],
    people: row.entity_type === 'company' ? await periods(db, schema, row.id, 'company') : [],
    sourceIds: await sourceLinks(db, schema, row.id),
    interactions: await interactionCounts(db, schema, row.id, now),
    decisions: await decisions(db, schema, row.id),
  };
}

/** Reads a person's companies or a company's people, with first and last seen, latest first. */
async function periods(
  db: Queryable,
  schema: string,
  id: string,
  side: EntityType,
): Promise<EntityCard['companies']> {
  const [own, other] =
    side === 'person' ? ['person_id', 'company_id'] : ['company_id', 'person_id'];
  const rows = await db.query<PeriodRow>(
    `SELECT e.id, e.display_name AS name, a.first_seen, a.last_seen
     FROM ${schema}.entity_affiliations a JOIN ${schema}.entities e ON e.id = a.${other}
     WHERE a.${own} = $1 ORDER BY a.last_seen DESC NULLS LAST, e.display_name`,
    [id],
  );

  return rows.map((period) => ({
    id: period.id,
    name: period.name,
    firstSeen: period.first_seen?.toISOString() ?? null,
    lastSeen: period.last_seen?.toISOString() ?? null,
  }));
}

async function sourceLinks(db: Queryable, schema: string, id: string): Promise<SourceLink[]> {
  const rows = await db.query<{
    source_system: SourceSystem;
    source_id: string;
    confidence_score: number;
    metadata: Record<string, unknown>;
  }>(
    `SELECT source_system, source_id, confidence_score, metadata FROM ${schema}.entity_mappings
     WHERE unified_id = $1 ORDER BY source_system, source_id`,
    [id],
  );

  return rows.map((link) => ({
    sourceSystem: link.source_system,
    sourceId: link.source_id,
    objectType: String(link.metadata.objectType ?? 'unknown'),
    confidence: Number(link.confidence_score),
    evidence: (link.metadata.evidence as Record<string, unknown> | undefined) ?? {},
  }));
}

async function interactionCounts(
  db: Queryable,
  schema: string,
  id: string,
  now: Date,
): Promise<EntityCard['interactions']> {
  const since = new Date(now.getTime() - RECENT_DAYS * 86_400_000);
  const rows = await db.query<{
    source_system: SourceSystem;
    total: number;
    recent: number;
    last_at: Date | null;
  }>(
    `SELECT i.source_system, count(*)::int AS total,
            count(*) FILTER (WHERE i.occurred_at >= $2 AND i.occurred_at <= $3)::int AS recent,
            max(i.occurred_at) AS last_at
     FROM ${schema}.interactions i
     WHERE i.id IN (SELECT interaction_id FROM ${schema}.interaction_entities WHERE entity_id = $1)
     GROUP BY i.source_system ORDER BY i.source_system`,
    [id, since.toISOString(), now.toISOString()],
  );

  const bySource: Partial<Record<SourceSystem, number>> = {};
  let lastAt: Date | null = null;
  for (const row of rows) {
    bySource[row.source_system] = Number(row.total);
    if (row.last_at !== null && (lastAt === null || row.last_at > lastAt)) lastAt = row.last_at;
  }

  return {
    total: rows.reduce((sum, row) => sum + Number(row.total), 0),
    recent: rows.reduce((sum, row) => sum + Number(row.recent), 0),
    recentDays: RECENT_DAYS,
    bySource,
    lastAt: lastAt?.toISOString() ?? null,
  };
}

async function decisions(
  db: Queryable,
  schema: string,
  id: string,
): Promise<EntityCard['decisions']> {
  const rows = await db.query<{
    id: string;
    kind: string;
    actor: string;
    decided_at: Date;
    entity_a: string;
    entity_b: string | null;
    source_system: string | null;
    source_id: string | null;
  }>(
    `SELECT id, kind, actor, decided_at, entity_a, entity_b, source_system, source_id
     FROM ${schema}.entity_decisions WHERE entity_a = $1 OR entity_b = $1 ORDER BY decided_at, id`,
    [id],
  );

  return rows.map((decision) => ({
    id: decision.id,
    kind: decision.kind,
    actor: decision.actor,
    decidedAt: decision.decided_at.toISOString(),
    details: describeDecision(decision, id),
  }));
}

function describeDecision(
  decision: {
    kind: string;
    entity_a: string;
    entity_b: string | null;
    source_system: string | null;
    source_id: string | null;
  },
  id: string,
): string {
  if (decision.kind === 'pin') {
    return `${decision.source_system}:${decision.source_id} stays on ${decision.entity_a}`;
  }

  const other = decision.entity_a === id ? decision.entity_b : decision.entity_a;
  if (other === id || other === null) return 'merged into this entity';
  return decision.kind === 'never_merge' ? `never merged with ${other}` : `merged with ${other}`;
}
