import type { Queryable } from '../db/database.js';
import type { EntityObservation, EntityType } from '../model.js';
import type {
  Entity,
  EntityMerge,
  Link,
  PersonEntity,
  ResolutionResult,
} from '../resolve/types.js';
import { reindexEntities } from './db-store.js';
import { foldName } from './linker.js';

/** Confidence of a mapping row that only records an id another record claims. */
const CLAIMED_ID_CONFIDENCE = 0.98;

/**
 * Writes one resolver result in the caller's transaction, as `MemoryStore.apply` does in
 * memory: upserts entities with their affiliations, folds merged entities into the survivors,
 * upserts links as `entity_mappings` rows and rewrites the `entity_keys` of every touched entity.
 * `objectTypes` names the kind of record behind each source record of the batch, by
 * `objectTypeKey`. Returns the ids of the interactions whose entity links the merges moved,
 * which an external index must learn.
 */
export async function applyResolution(
  tx: Queryable,
  schema: string,
  result: ResolutionResult,
  objectTypes: ReadonlyMap<string, string>,
  actor = 'resolver',
): Promise<string[]> {
  const companies = result.entities.filter((entity) => entity.type === 'company');
  const persons = result.entities.filter((entity) => entity.type === 'person');

  // Companies first: people point at them through company_id and affiliations.
  await upsertEntities(tx, schema, companies);
  await upsertEntities(tx, schema, persons);
  await replaceAffiliations(tx, schema, persons);
  const moved = new Set<string>();
  for (const merge of result.merges) {
    for (const id of await foldEntity(tx, schema, merge, actor)) moved.add(id);
  }
  await upsertLinks(tx, schema, result.links, objectTypes);
  await recordClaimedIds(tx, schema, persons);

  const touched = new Set(result.entities.map((entity) => entity.id));
  for (const link of result.links) touched.add(link.entityId);
  for (const merge of result.merges) touched.add(merge.into);
  await reindexEntities(tx, schema, touched);

  return [...moved];
}

/**
 * Returns the key of a source record in an `objectTypes` map. Source ids are unique per entity
 * type only (a HubSpot company and a HubSpot contact may share an id), so the key has the type.
 */
export function objectTypeKey(
  entityType: EntityType,
  sourceSystem: string,
  sourceId: string,
): string {
  return `${entityType}:${sourceSystem}:${sourceId}`;
}

/** Maps each observation's source record to its object type (`contact`, `company`, `owner`). */
export function objectTypesOf(observations: readonly EntityObservation[]): Map<string, string> {
  return new Map(
    observations.map((observation) => [
      objectTypeKey(observation.type, observation.sourceSystem, observation.sourceId),
      observation.objectType,
    ]),
  );
}

/** Display name of an entity: its name, else its first e-mail or domain. */
export function displayName(entity: Entity): string {
  if (entity.name !== undefined && entity.name !== '') return entity.name;
  const fallback = entity.type === 'person' ? entity.emails[0] : entity.domains[0];

  return fallback ?? entity.names[0] ?? `unnamed ${entity.type}`;
}

/** Inserts or replaces entity rows in one statement per call. */
export async function upsertEntities(
  tx: Queryable,
  schema: string,
  entities: readonly Entity[],
): Promise<void> {
  if (entities.length === 0) return;

  const column = <T>(pick: (entity: Entity) => T) => entities.map(pick);
  await tx.query(
    `INSERT INTO ${schema}.entities
       (id, entity_type, display_name, normalized_name, emails, domains, is_internal, company_id,
        attributes)
     SELECT t.id, t.entity_type, t.display_name, t.normalized_name,
            ARRAY(SELECT jsonb_array_elements_text(t.emails)),
            ARRAY(SELECT jsonb_array_elements_text(t.domains)), t.is_internal, t.company_id,
            t.attributes
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::jsonb[],
                 $7::boolean[], $8::uuid[], $9::jsonb[])
       AS t(id, entity_type, display_name, normalized_name, emails, domains, is_internal,
            company_id, attributes)
     ON CONFLICT (id) DO UPDATE SET
       display_name = EXCLUDED.display_name,
       normalized_name = EXCLUDED.normalized_name,
       emails = EXCLUDED.emails,
       domains = EXCLUDED.domains,
       is_internal = EXCLUDED.is_internal,
       company_id = EXCLUDED.company_id,
       attributes = ${schema}.entities.attributes || EXCLUDED.attributes,
       updated_at = now()`,
    [
      column((entity) => entity.id),
      column((entity) => entity.type),
      column((entity) => displayName(entity)),
      column((entity) => foldName(displayName(entity))),
      column((entity) => JSON.stringify(entity.type === 'person' ? entity.emails : [])),
      column((entity) => JSON.stringify(entity.type === 'company' ? entity.domains : [])),
      column((entity) => entity.type === 'person' && entity.internal),
      column((entity) => (entity.type === 'person' ? currentCompany(entity) : null)),
      column((entity) => JSON.stringify(attributesOf(entity))),
    ],
  );
}

function attributesOf(entity: Entity): Record<string, unknown> {
  if (entity.type === 'company') return { names: entity.names };
  return { names: entity.names, linkedIds: entity.linkedIds, cities: entity.cities ?? [] };
}

/** Returns the company a person was seen at most recently, for the `company_id` column. */
function currentCompany(person: PersonEntity): string | null {
  let best: PersonEntity['affiliations'][number] | undefined;
  for (const affiliation of person.affiliations) {
    if (best === undefined) {
      best = affiliation;
      continue;
    }
    const last = affiliation.lastSeen ?? '';
    const bestLast = best.lastSeen ?? '';
    if (
      last > bestLast ||
      (last === bestLast && (affiliation.firstSeen ?? '') > (best.firstSeen ?? ''))
    )
      best = affiliation;
  }

  return best?.companyId ?? null;
}

/** Replaces the affiliation rows of the given people with their resolved affiliations. */
export async function replaceAffiliations(
  tx: Queryable,
  schema: string,
  persons: readonly Entity[],
): Promise<void> {
  const people = persons.filter((entity): entity is PersonEntity => entity.type === 'person');
  if (people.length === 0) return;

  await tx.query(`DELETE FROM ${schema}.entity_affiliations WHERE person_id = ANY($1::uuid[])`, [
    people.map((person) => person.id),
  ]);
  const rows = people.flatMap((person) =>
    person.affiliations.map((affiliation) => ({ personId: person.id, ...affiliation })),
  );
  if (rows.length === 0) return;

  await tx.query(
    `INSERT INTO ${schema}.entity_affiliations (person_id, company_id, first_seen, last_seen, evidence)
     SELECT person_id, company_id, first_seen, last_seen, '{"rule":"observed"}'::jsonb
     FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::timestamptz[])
       AS t(person_id, company_id, first_seen, last_seen)
     WHERE EXISTS (SELECT 1 FROM ${schema}.entities c WHERE c.id = t.company_id)
     ON CONFLICT (person_id, company_id) DO NOTHING`,
    [
      rows.map((row) => row.personId),
      rows.map((row) => row.companyId),
      rows.map((row) => row.firstSeen ?? null),
      rows.map((row) => row.lastSeen ?? null),
    ],
  );
}

/**
 * Moves everything that refers to `merge.from` to `merge.into` (mappings, decisions,
 * affiliations, interaction links, authors and speakers), deletes `from` and records the merge
 * in `audit_log`. Returns the ids of the interactions that were linked to `from`.
 */
export async function foldEntity(
  tx: Queryable,
  schema: string,
  merge: EntityMerge,
  actor: string,
): Promise<string[]> {
  const s = schema;
  const params = [merge.from, merge.into];

  await tx.query(`UPDATE ${s}.entity_mappings SET unified_id = $2 WHERE unified_id = $1`, params);
  await tx.query(`UPDATE ${s}.entity_decisions SET entity_a = $2 WHERE entity_a = $1`, params);
  await tx.query(`UPDATE ${s}.entity_decisions SET entity_b = $2 WHERE entity_b = $1`, params);
  await moveAffiliations(tx, s, merge.entityType, merge.from, merge.into);
  await tx.query(`UPDATE ${s}.entities SET company_id = $2 WHERE company_id = $1`, params);

  // The relink after a sync rebuilds these rows; moving them now keeps reads right until then.
  await tx.query(
    `INSERT INTO ${s}.interaction_entities (interaction_id, entity_id, entity_type, role)
     SELECT interaction_id, $2, entity_type, role FROM ${s}.interaction_entities WHERE entity_id = $1
     ON CONFLICT DO NOTHING`,
    params,
  );
  const moved = await tx.query<{ interaction_id: string }>(
    `DELETE FROM ${s}.interaction_entities WHERE entity_id = $1 RETURNING interaction_id`,
    [merge.from],
  );
  await tx.query(
    `UPDATE ${s}.interactions SET author_person_id = $2 WHERE author_person_id = $1`,
    params,
  );
  await tx.query(
    `UPDATE ${s}.passages SET speaker_person_id = $2 WHERE speaker_person_id = $1`,
    params,
  );

  await tx.query(`DELETE FROM ${s}.entities WHERE id = $1`, [merge.from]);
  await tx.query(
    `INSERT INTO ${s}.audit_log (actor, action, details) VALUES ($1, 'entity.merge', $2)`,
    [
      actor,
      {
        entityType: merge.entityType,
        from: merge.from,
        into: merge.into,
        evidence: merge.evidence,
      },
    ],
  );

  return moved.map((row) => row.interaction_id);
}

async function moveAffiliations(
  tx: Queryable,
  s: string,
  entityType: EntityType,
  from: string,
  into: string,
): Promise<void> {
  const column = entityType === 'person' ? 'person_id' : 'company_id';
  const other = entityType === 'person' ? 'company_id' : 'person_id';

  await tx.query(
    `INSERT INTO ${s}.entity_affiliations (person_id, company_id, first_seen, last_seen, evidence)
     SELECT ${entityType === 'person' ? '$2::uuid' : 'person_id'},
            ${entityType === 'person' ? 'company_id' : '$2::uuid'}, first_seen, last_seen, evidence
     FROM ${s}.entity_affiliations WHERE ${column} = $1
     ON CONFLICT (person_id, company_id) DO UPDATE SET
       first_seen = LEAST(${s}.entity_affiliations.first_seen, EXCLUDED.first_seen),
       last_seen = GREATEST(${s}.entity_affiliations.last_seen, EXCLUDED.last_seen)`,
    [from, into],
  );
  await tx.query(`DELETE FROM ${s}.entity_affiliations WHERE ${column} = $1`, [from]);
  // A company merged into one that a person also had leaves no self-affiliation behind.
  await tx.query(`DELETE FROM ${s}.entity_affiliations WHERE ${other} = ${column}`);
}

/** Upserts links as mapping rows, keeping the object type of rows the batch does not describe. */
export async function upsertLinks(
  tx: Queryable,
  schema: string,
  batchLinks: readonly Link[],
  objectTypes: ReadonlyMap<string, string>,
): Promise<void> {
  // One statement may not update a row twice; the last link of a source record wins.
  const links = [
    ...new Map(
      batchLinks.map((link) => [
        objectTypeKey(link.entityType, link.sourceSystem, link.sourceId),
        link,
      ]),
    ).values(),
  ];
  if (links.length === 0) return;

  const metadata = links.map((link) => {
    const objectType = objectTypes.get(
      objectTypeKey(link.entityType, link.sourceSystem, link.sourceId),
    );
    return JSON.stringify({
      ...(objectType === undefined ? {} : { objectType }),
      evidence: link.evidence,
      ...(link.pinned ? { pinned: true } : {}),
    });
  });
  await tx.query(
    `INSERT INTO ${schema}.entity_mappings
       (entity_type, unified_id, source_system, source_id, confidence_score, metadata)
     SELECT * FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::float8[], $6::jsonb[])
     ON CONFLICT (entity_type, source_system, source_id) DO UPDATE SET
       unified_id = EXCLUDED.unified_id,
       confidence_score = EXCLUDED.confidence_score,
       metadata = EXCLUDED.metadata || jsonb_build_object('objectType', coalesce(
         EXCLUDED.metadata->>'objectType', ${schema}.entity_mappings.metadata->>'objectType',
         'company_hint'))`,
    [
      links.map((link) => link.entityType),
      links.map((link) => link.entityId),
      links.map((link) => link.sourceSystem),
      links.map((link) => link.sourceId),
      links.map((link) => link.confidence),
      metadata,
    ],
  );
  // New rows of companies known only from a person's hint have no object type yet.
  await tx.query(
    `UPDATE ${schema}.entity_mappings SET metadata = metadata || '{"objectType":"company_hint"}'
     WHERE NOT metadata ? 'objectType' AND (entity_type, source_system, source_id) IN (
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[]))`,
    [
      links.map((link) => link.entityType),
      links.map((link) => link.sourceSystem),
      links.map((link) => link.sourceId),
    ],
  );
}

/**
 * Records the CRM ids that people's records claim (Gong parties name their Salesforce Contact)
 * as placeholder mapping rows, so interactions that name such an id find the person before its
 * own record is synced. A real link of the id replaces the placeholder; the resolver never reads
 * placeholders as links.
 */
async function recordClaimedIds(
  tx: Queryable,
  schema: string,
  persons: readonly Entity[],
): Promise<void> {
  const claims = persons.flatMap((person) =>
    person.type === 'person'
      ? person.linkedIds.map((ref) => ({ personId: person.id, ...ref }))
      : [],
  );
  const rows = [
    ...new Map(claims.map((row) => [`${row.sourceSystem}:${row.sourceId}`, row])).values(),
  ];
  if (rows.length === 0) return;

  await tx.query(
    `INSERT INTO ${schema}.entity_mappings
       (entity_type, unified_id, source_system, source_id, confidence_score, metadata)
     SELECT 'person', t.id, t.system, t.source_id, $4,
            jsonb_build_object('objectType', 'claimed_id', 'claimed', true, 'evidence',
              jsonb_build_object('rule', 'linked_id', 'values',
                jsonb_build_object('sourceSystem', t.system, 'sourceId', t.source_id)))
     FROM unnest($1::uuid[], $2::text[], $3::text[]) AS t(id, system, source_id)
     ON CONFLICT (entity_type, source_system, source_id)
       DO UPDATE SET unified_id = EXCLUDED.unified_id
       WHERE coalesce((${schema}.entity_mappings.metadata->>'claimed')::boolean, false)`,
    [
      rows.map((row) => row.personId),
      rows.map((row) => row.sourceSystem),
      rows.map((row) => row.sourceId),
      CLAIMED_ID_CONFIDENCE,
    ],
  );
}
