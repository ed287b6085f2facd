import type { Queryable } from '../db/database.js';

/**
 * Recompute which unified people and companies each interaction is about, from its stored
 * participants and company hints and the current entity mappings. Runs set-based in SQL;
 * `ids` limits it to some interactions, `null` relinks all of them (after entities change).
 */
export async function linkInteractions(
  tx: Queryable,
  schema: string,
  ids: string[] | null,
  options: { trackChanges?: boolean } = {},
): Promise<string[]> {
  const scope = ids === null ? 'TRUE' : 'i.id = ANY($1::uuid[])';
  const params = ids === null ? [] : [ids];
  const s = schema;
  const before = options.trackChanges ? await entitySets(tx, s, scope, params) : undefined;

  await tx.query(
    `DELETE FROM ${s}.interaction_entities ie USING ${s}.interactions i
     WHERE ie.interaction_id = i.id AND ${scope}`,
    params,
  );

  // People by source id, then by e-mail for participants that only carry an address. Mappings
  // are matched by entity type too, because a company may have the same source id as a person.
  await tx.query(
    `INSERT INTO ${s}.interaction_entities (interaction_id, entity_id, entity_type, role)
     SELECT DISTINCT i.id, m.unified_id, 'person', COALESCE(p->>'role', 'participant')
     FROM ${s}.interactions i
     CROSS JOIN LATERAL jsonb_array_elements(i.participants) p
     JOIN ${s}.entity_mappings m ON m.entity_type = 'person'
       AND m.source_system = p->'ref'->>'sourceSystem' AND m.source_id = p->'ref'->>'sourceId'
     WHERE ${scope}
     ON CONFLICT DO NOTHING`,
    params,
  );
  await tx.query(
    `INSERT INTO ${s}.interaction_entities (interaction_id, entity_id, entity_type, role)
     SELECT DISTINCT i.id, e.id, 'person', COALESCE(p->>'role', 'participant')
     FROM ${s}.interactions i
     CROSS JOIN LATERAL jsonb_array_elements(i.participants) p
     JOIN ${s}.entities e ON e.entity_type = 'person' AND lower(p->>'email') = ANY(e.emails)
     WHERE ${scope} AND p->>'email' IS NOT NULL
     ON CONFLICT DO NOTHING`,
    params,
  );

  // Companies the source associates directly: by source id, by domain, or by exact name.
  await tx.query(
    `INSERT INTO ${s}.interaction_entities (interaction_id, entity_id, entity_type, role)
     SELECT DISTINCT i.id, COALESCE(m.unified_id, d.id, n.id), 'company', 'company'
     FROM ${s}.interactions i
     CROSS JOIN LATERAL jsonb_array_elements(i.companies) c
     LEFT JOIN ${s}.entity_mappings m ON m.entity_type = 'company'
       AND m.source_system = c->>'sourceSystem' AND m.source_id = c->>'sourceId'
     LEFT JOIN LATERAL (
       SELECT id FROM ${s}.entities WHERE entity_type = 'company' AND c->>'domain' = ANY(domains)
       ORDER BY created_at, id LIMIT 1) d ON TRUE
     LEFT JOIN LATERAL (
       SELECT id FROM ${s}.entities WHERE entity_type = 'company' AND c->>'name' IS NOT NULL
         AND normalized_name = trim(regexp_replace(lower(c->>'name'), '[^a-z0-9]+', ' ', 'g'))
       ORDER BY created_at, id LIMIT 1) n ON TRUE
     WHERE ${scope} AND COALESCE(m.unified_id, d.id, n.id) IS NOT NULL
     ON CONFLICT DO NOTHING`,
    params,
  );

  // A Slack channel named after a company (#deal-kestrel, #ext-bluefin-analytics) is about it:
  // the first word of the company's folded name, at least four letters, is a word of the channel.
  await tx.query(
    `INSERT INTO ${s}.interaction_entities (interaction_id, entity_id, entity_type, role)
     SELECT DISTINCT i.id, e.id, 'company', 'channel'
     FROM ${s}.interactions i
     JOIN ${s}.entities e ON e.entity_type = 'company' AND NOT e.is_internal
       AND length(split_part(e.normalized_name, ' ', 1)) >= 4
       AND split_part(e.normalized_name, ' ', 1) = ANY(regexp_split_to_array(lower(i.title), '[^a-z0-9]+'))
     WHERE i.source_system = 'slack' AND ${scope}
     ON CONFLICT DO NOTHING`,
    params,
  );

  // The companies of the customers who took part, as of the interaction's time.
  await tx.query(
    `INSERT INTO ${s}.interaction_entities (interaction_id, entity_id, entity_type, role)
     SELECT DISTINCT ie.interaction_id, COALESCE(a.company_id, e.company_id), 'company', 'company'
     FROM ${s}.interaction_entities ie
     JOIN ${s}.interactions i ON i.id = ie.interaction_id
     JOIN ${s}.entities e ON e.id = ie.entity_id AND NOT e.is_internal
     LEFT JOIN LATERAL (
       SELECT company_id FROM ${s}.entity_affiliations a
       WHERE a.person_id = e.id AND (a.first_seen IS NULL OR a.first_seen <= i.occurred_at)
       ORDER BY a.last_seen DESC NULLS LAST LIMIT 1) a ON TRUE
     WHERE ie.entity_type = 'person' AND ${scope} AND COALESCE(a.company_id, e.company_id) IS NOT NULL
     ON CONFLICT DO NOTHING`,
    params,
  );

  await tx.query(
    `UPDATE ${s}.interactions i SET author_person_id = m.unified_id
     FROM ${s}.entity_mappings m
     WHERE m.entity_type = 'person' AND m.source_system = i.author_ref->>'sourceSystem'
       AND m.source_id = i.author_ref->>'sourceId' AND ${scope}`,
    params,
  );
  // The author of a CRM note or task (its owner) is one of the people it is about, so a person
  // filter and a person's timeline include what they wrote.
  await tx.query(
    `INSERT INTO ${s}.interaction_entities (interaction_id, entity_id, entity_type, role)
     SELECT i.id, i.author_person_id, 'person', 'author'
     FROM ${s}.interactions i
     WHERE i.author_person_id IS NOT NULL AND ${scope}
     ON CONFLICT DO NOTHING`,
    params,
  );
  await tx.query(
    `UPDATE ${s}.passages p SET speaker_person_id = m.unified_id
     FROM ${s}.entity_mappings m, ${s}.interactions i
     WHERE p.interaction_id = i.id AND m.entity_type = 'person'
       AND m.source_system = p.speaker_ref->>'sourceSystem'
       AND m.source_id = p.speaker_ref->>'sourceId' AND ${scope}`,
    params,
  );

  if (before === undefined) return [];
  const after = await entitySets(tx, s, scope, params);
  const changed = new Set([...before.keys(), ...after.keys()]);

  return [...changed].filter((id) => before.get(id) !== after.get(id));
}

/** Each interaction's linked entity ids as one sorted string, for change detection. */
async function entitySets(
  tx: Queryable,
  s: string,
  scope: string,
  params: unknown[],
): Promise<Map<string, string>> {
  const rows = await tx.query<{ id: string; entities: string }>(
    `SELECT i.id, string_agg(ie.entity_id::text, ',' ORDER BY ie.entity_id) AS entities
     FROM ${s}.interactions i JOIN ${s}.interaction_entities ie ON ie.interaction_id = i.id
     WHERE ${scope} GROUP BY i.id`,
    params,
  );

  return new Map(rows.map((row) => [row.id, row.entities]));
}
