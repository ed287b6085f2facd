import type { Queryable } from '../db/database.js';
import type { EntityType, SourceRef, SourceSystem } from '../model.js';
import { entityKeys } from '../resolve/keys.js';
import type {
  Affiliation,
  Entity,
  Evidence,
  Link,
  ManualDecision,
  ResolutionState,
  ResolutionStore,
} from '../resolve/types.js';

/** Row of `entities` as the resolution store reads it. */
interface EntityRow {
  id: string;
  entity_type: EntityType;
  display_name: string;
  emails: string[];
  domains: string[];
  is_internal: boolean;
  attributes: { names?: string[]; linkedIds?: SourceRef[]; cities?: string[] } | null;
}

interface MappingRow {
  unified_id: string;
  entity_type: EntityType;
  source_system: SourceSystem;
  source_id: string;
  confidence_score: number;
  metadata: { evidence?: Evidence; pinned?: boolean; claimed?: boolean } | null;
}

interface DecisionRow {
  id: string;
  kind: ManualDecision['kind'];
  entity_type: EntityType;
  entity_a: string;
  entity_b: string | null;
  source_system: SourceSystem | null;
  source_id: string | null;
  decided_at: Date | string;
}

/**
 * `ResolutionStore` over the domain schema's tables: entities are found through `entity_keys`,
 * links are the rows of `entity_mappings` (without the rows that only record an id another
 * record claims), and decisions come from `entity_decisions`. All reads go through the caller's
 * transaction, so a batch reads its own earlier writes.
 */
export class DbResolutionStore implements ResolutionStore {
  constructor(
    private readonly tx: Queryable,
    private readonly schema: string,
  ) {}

  async existingKeys(entityType: EntityType, keys: readonly string[]): Promise<Set<string>> {
    const rows = await this.tx.query<{ key: string }>(
      `SELECT DISTINCT key FROM ${this.schema}.entity_keys
       WHERE entity_type = $1 AND key = ANY($2::text[])`,
      [entityType, [...keys]],
    );

    return new Set(rows.map((row) => row.key));
  }

  async load(entityType: EntityType, keys: readonly string[]): Promise<ResolutionState> {
    const s = this.schema;
    const found = await this.tx.query<{ entity_id: string }>(
      `SELECT DISTINCT entity_id FROM ${s}.entity_keys WHERE entity_type = $1 AND key = ANY($2::text[])`,
      [entityType, [...keys]],
    );
    const ids = new Set(found.map((row) => row.entity_id));
    if (ids.size === 0) return { entities: [], links: [], decisions: [] };

    // A manual merge needs both of its entities, even when the batch reaches only one of them.
    const partners = await this.tx.query<{ entity_a: string; entity_b: string }>(
      `SELECT entity_a, entity_b FROM ${s}.entity_decisions
       WHERE kind = 'merge' AND entity_type = $1 AND entity_a <> entity_b
         AND (entity_a = ANY($2::uuid[]) OR entity_b = ANY($2::uuid[]))`,
      [entityType, [...ids]],
    );
    for (const row of partners) {
      ids.add(row.entity_a);
      ids.add(row.entity_b);
    }

    const entities = await readEntities(this.tx, s, [...ids], entityType);
    const links = await readLinks(
      this.tx,
      s,
      entities.map((entity) => entity.id),
    );
    const decisions = await readDecisions(this.tx, s, entityType, entities, links);

    return { entities, links, decisions };
  }
}

/** Reads entities by id in the resolver's shape, with their affiliations. */
export async function readEntities(
  tx: Queryable,
  schema: string,
  ids: readonly string[],
  entityType?: EntityType,
): Promise<Entity[]> {
  if (ids.length === 0) return [];

  const rows = await tx.query<EntityRow>(
    `SELECT id, entity_type, display_name, emails, domains, is_internal, attributes
     FROM ${schema}.entities WHERE id = ANY($1::uuid[]) ORDER BY id`,
    [[...ids]],
  );
  const affiliations = await tx.query<{
    person_id: string;
    company_id: string;
    first_seen: Date | null;
    last_seen: Date | null;
  }>(
    `SELECT person_id, company_id, first_seen, last_seen FROM ${schema}.entity_affiliations
     WHERE person_id = ANY($1::uuid[]) ORDER BY first_seen NULLS FIRST, company_id`,
    [[...ids]],
  );
  const byPerson = new Map<string, Affiliation[]>();
  for (const row of affiliations) {
    const list = byPerson.get(row.person_id) ?? [];
    list.push({
      companyId: row.company_id,
      firstSeen: toIso(row.first_seen),
      lastSeen: toIso(row.last_seen),
    });
    byPerson.set(row.person_id, list);
  }

  return rows
    .filter((row) => entityType === undefined || row.entity_type === entityType)
    .map((row) => toEntity(row, byPerson.get(row.id) ?? []));
}

function toEntity(row: EntityRow, affiliations: Affiliation[]): Entity {
  // Entities written before names were stored in attributes have only their display name.
  const names = row.attributes?.names ?? [row.display_name];
  if (row.entity_type === 'company') {
    return {
      id: row.id,
      type: 'company',
      name: row.display_name,
      names,
      domains: [...row.domains].sort(),
    };
  }

  return {
    id: row.id,
    type: 'person',
    name: row.display_name,
    names,
    emails: [...row.emails].sort(),
    internal: row.is_internal,
    affiliations,
    linkedIds: row.attributes?.linkedIds ?? [],
    cities: row.attributes?.cities ?? [],
  };
}

/** Reads the links of entities: their mapping rows, without claimed-id placeholders. */
export async function readLinks(
  tx: Queryable,
  schema: string,
  entityIds: readonly string[],
): Promise<Link[]> {
  if (entityIds.length === 0) return [];

  const rows = await tx.query<MappingRow>(
    `SELECT unified_id, entity_type, source_system, source_id, confidence_score, metadata
     FROM ${schema}.entity_mappings
     WHERE unified_id = ANY($1::uuid[]) AND NOT coalesce((metadata->>'claimed')::boolean, false)
     ORDER BY created_at, source_system, source_id`,
    [[...entityIds]],
  );

  return rows.map((row) => ({
    entityId: row.unified_id,
    entityType: row.entity_type,
    sourceSystem: row.source_system,
    sourceId: row.source_id,
    confidence: Number(row.confidence_score),
    evidence: row.metadata?.evidence ?? { rule: 'source_id' },
    pinned: row.metadata?.pinned === true ? true : undefined,
  }));
}

async function readDecisions(
  tx: Queryable,
  schema: string,
  entityType: EntityType,
  entities: readonly Entity[],
  links: readonly Link[],
): Promise<ManualDecision[]> {
  const ids = entities.map((entity) => entity.id);
  const rows = await tx.query<DecisionRow>(
    `SELECT id, kind, entity_type, entity_a, entity_b, source_system, source_id, decided_at
     FROM ${schema}.entity_decisions d
     WHERE entity_type = $1 AND (entity_a = ANY($2::uuid[]) OR entity_b = ANY($2::uuid[])
       OR (kind = 'pin' AND (source_system, source_id) IN (
         SELECT * FROM unnest($3::text[], $4::text[]))))
     ORDER BY decided_at, id`,
    [entityType, ids, links.map((link) => link.sourceSystem), links.map((link) => link.sourceId)],
  );

  return rows.flatMap((row) => toDecision(row));
}

/** Converts a decision row; pairs that merges have folded into one entity are dropped. */
export function toDecision(row: DecisionRow): ManualDecision[] {
  const decidedAt = toIso(row.decided_at);
  if (row.kind === 'pin') {
    if (row.source_system === null || row.source_id === null) return [];
    return [
      {
        id: row.id,
        kind: 'pin',
        entityType: row.entity_type,
        ref: { sourceSystem: row.source_system, sourceId: row.source_id },
        entityId: row.entity_a,
        decidedAt,
      },
    ];
  }

  if (row.entity_b === null || row.entity_b === row.entity_a) return [];
  return [
    {
      id: row.id,
      kind: row.kind,
      entityType: row.entity_type,
      entityIds: [row.entity_a, row.entity_b],
      decidedAt,
    },
  ];
}

/**
 * Rewrites the `entity_keys` rows of entities from their stored state and links. Ids of deleted
 * entities lose their rows.
 */
export async function reindexEntities(
  tx: Queryable,
  schema: string,
  ids: Iterable<string>,
): Promise<void> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return;

  const entities = await readEntities(tx, schema, unique);
  const links = await readLinks(tx, schema, unique);
  const linksByEntity = new Map<string, Link[]>();
  for (const link of links) {
    const list = linksByEntity.get(link.entityId) ?? [];
    list.push(link);
    linksByEntity.set(link.entityId, list);
  }

  const types: string[] = [];
  const keys: string[] = [];
  const owners: string[] = [];
  for (const entity of entities) {
    for (const key of entityKeys(entity, linksByEntity.get(entity.id) ?? [])) {
      types.push(entity.type);
      keys.push(key);
      owners.push(entity.id);
    }
  }

  await tx.query(`DELETE FROM ${schema}.entity_keys WHERE entity_id = ANY($1::uuid[])`, [unique]);
  if (keys.length === 0) return;
  await tx.query(
    `INSERT INTO ${schema}.entity_keys (entity_type, key, entity_id)
     SELECT * FROM unnest($1::text[], $2::text[], $3::uuid[]) ON CONFLICT DO NOTHING`,
    [types, keys, owners],
  );
}

/**
 * Indexes every entity when `entity_keys` is empty but entities exist: a store written before
 * the key index existed. Returns the number of entities indexed.
 */
export async function backfillEntityKeys(tx: Queryable, schema: string): Promise<number> {
  const rows = await tx.query<{ id: string }>(
    `SELECT id FROM ${schema}.entities
     WHERE NOT EXISTS (SELECT 1 FROM ${schema}.entity_keys) ORDER BY id`,
  );
  const ids = rows.map((row) => row.id);
  for (let start = 0; start < ids.length; start += 1000) {
    await reindexEntities(tx, schema, ids.slice(start, start + 1000));
  }

  return ids.length;
}

function toIso(value: Date | string | null | undefined): string | undefined {
  if (value === null || value === undefined) return undefined;
  return (value instanceof Date ? value : new Date(value)).toISOString();
}
