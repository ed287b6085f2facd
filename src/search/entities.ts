import fuzzysort from 'fuzzysort';
import {
  type EntityCandidate,
  InvalidArgumentError,
  type LookupParams,
  type SourceLink,
} from '../api.js';
import type { Queryable } from '../db/database.js';
import type { EntityType, SourceSystem } from '../model.js';
import { foldText } from '../resolve/fold.js';
import { jaroWinkler } from '../resolve/similarity.js';

interface EntityRow {
  id: string;
  entity_type: EntityType;
  display_name: string;
  emails: string[];
  domains: string[];
  is_internal: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Lowest score a fuzzy name candidate needs to be returned by a lookup. */
const MIN_LOOKUP_SCORE = 0.75;

/** Candidate entities for a free-text name, e-mail, domain or id, best first. */
export async function findEntities(
  db: Queryable,
  schema: string,
  text: string,
  type: EntityType | undefined,
  limit: number,
): Promise<{ row: EntityRow; score: number }[]> {
  const value = text.trim();
  const typeFilter = type === undefined ? '' : 'AND entity_type = $2';
  const params = (first: unknown) => (type === undefined ? [first] : [first, type]);

  if (UUID.test(value)) {
    const rows = await db.query<EntityRow>(
      `SELECT * FROM ${schema}.entities WHERE id = $1 ${typeFilter}`,
      params(value),
    );
    return rows.map((row) => ({ row, score: 1 }));
  }
  if (value.includes('@')) {
    const rows = await db.query<EntityRow>(
      `SELECT * FROM ${schema}.entities WHERE $1 = ANY(emails) ${typeFilter}`,
      params(value.toLowerCase()),
    );
    return rows.map((row) => ({ row, score: 1 }));
  }
  if (/^[a-z0-9-]+(\.[a-z0-9-]+)+$/i.test(value)) {
    const rows = await db.query<EntityRow>(
      `SELECT * FROM ${schema}.entities WHERE $1 = ANY(domains) ${typeFilter}`,
      params(value.toLowerCase().replace(/^www\./, '')),
    );
    if (rows.length > 0) return rows.map((row) => ({ row, score: 1 }));
  }

  return fuzzyByName(db, schema, value, type, limit);
}

/**
 * Fuzzy name lookup: fuzzysort finds candidates (it matches subsequences, so it also finds
 * prefixes and initials), and Jaro-Winkler on folded names scores them, because a subsequence
 * matcher misses single typos and its score does not rank them well.
 */
async function fuzzyByName(
  db: Queryable,
  schema: string,
  query: string,
  type: EntityType | undefined,
  limit: number,
): Promise<{ row: EntityRow; score: number }[]> {
  const rows = await db.query<EntityRow>(
    `SELECT id, entity_type, display_name, emails, domains, is_internal FROM ${schema}.entities
     ${type === undefined ? '' : 'WHERE entity_type = $1'}`,
    type === undefined ? [] : [type],
  );
  const folded = foldText(query);
  const hits = new Map<string, { row: EntityRow; score: number }>();

  for (const result of fuzzysort.go(folded, rows, {
    key: (row) => foldText(row.display_name),
    threshold: 0.3,
    limit: 50,
  })) {
    hits.set(result.obj.id, { row: result.obj, score: nameScore(folded, result.obj.display_name) });
  }
  for (const row of rows) {
    if (hits.has(row.id)) continue;
    const score = nameScore(folded, row.display_name);
    if (score >= MIN_LOOKUP_SCORE) hits.set(row.id, { row, score });
  }

  return [...hits.values()]
    .filter((hit) => hit.score >= MIN_LOOKUP_SCORE)
    .sort((a, b) => b.score - a.score || a.row.display_name.localeCompare(b.row.display_name))
    .slice(0, limit);
}

/** Similarity of a folded query to a name: whole strings, and the query against each name part. */
function nameScore(foldedQuery: string, name: string): number {
  const folded = foldText(name);
  if (folded === foldedQuery) return 1;

  const whole = jaroWinkler(foldedQuery, folded);
  const queryWords = foldedQuery.split(/\s+/);
  const nameWords = folded.split(/[^a-z0-9]+/).filter(Boolean);
  // Every query word must match some word of the name: "kestrel" finds "Kestrel Freight".
  const perWord = queryWords.map((word) =>
    Math.max(0, ...nameWords.map((part) => jaroWinkler(word, part))),
  );
  const words =
    Math.min(...perWord) *
    (queryWords.length / Math.max(queryWords.length, nameWords.length)) ** 0.15;

  return Math.max(whole, words);
}

/**
 * Resolve a company or person filter argument to unified entity ids. Several entities are
 * returned when the name matches them equally (two people with one name); none raises an
 * InvalidArgumentError that points to lookup_entity.
 */
export async function resolveEntityFilter(
  db: Queryable,
  schema: string,
  argument: 'company' | 'person',
  value: string,
): Promise<{ ids: string[]; names: string[] }> {
  const hits = await findEntities(db, schema, value, argument, 10);
  const best = hits[0]?.score ?? 0;
  const chosen = hits.filter((hit) => hit.score >= best - 0.02 && hit.score >= MIN_LOOKUP_SCORE);

  if (chosen.length === 0) {
    throw new InvalidArgumentError(
      argument,
      `Invalid argument "${argument}": no ${argument} matches ${JSON.stringify(value)}; ` +
        'call lookup_entity to find the right name, or leave the filter out and put the name in the query',
    );
  }

  return { ids: chosen.map((hit) => hit.row.id), names: chosen.map((hit) => hit.row.display_name) };
}

/** Implements `lookup_entity`: ranked candidates with every source id, confidence and evidence. */
export async function lookupEntities(
  db: Queryable,
  schema: string,
  params: LookupParams,
): Promise<EntityCandidate[]> {
  const limit = params.limit ?? 5;
  let hits: { row: EntityRow; score: number }[] = [];

  if (params.sourceSystem !== undefined || params.sourceId !== undefined) {
    if (params.sourceSystem === undefined || params.sourceId === undefined) {
      const missing = params.sourceSystem === undefined ? 'source_system' : 'source_id';
      throw new InvalidArgumentError(
        missing,
        `Invalid argument "${missing}": source_system and source_id go together; give both`,
      );
    }
    // Source ids are unique per entity type only, so one id may name a person and a company.
    const rows = await db.query<EntityRow>(
      `SELECT e.* FROM ${schema}.entities e
       JOIN ${schema}.entity_mappings m ON m.unified_id = e.id AND m.entity_type = e.entity_type
       WHERE m.source_system = $1 AND m.source_id = $2
       ORDER BY e.entity_type, e.id`,
      [params.sourceSystem, params.sourceId],
    );
    hits = rows.map((row) => ({ row, score: 1 }));
  } else if (params.email !== undefined) {
    hits = await findEntities(db, schema, params.email, params.type, limit);
  } else if (params.query !== undefined && params.query.trim() !== '') {
    hits = await findEntities(db, schema, params.query, params.type, limit);
  } else {
    throw new InvalidArgumentError(
      'query',
      'Invalid argument "query": give a name in query, an email, or source_system with source_id',
    );
  }

  const filtered = hits
    .filter((hit) => params.type === undefined || hit.row.entity_type === params.type)
    .slice(0, limit);
  return Promise.all(filtered.map((hit) => describeEntity(db, schema, hit.row, hit.score)));
}

async function describeEntity(
  db: Queryable,
  schema: string,
  row: EntityRow,
  score: number,
): Promise<EntityCandidate> {
  const links = await db.query<{
    source_system: SourceSystem;
    source_id: string;
    confidence_score: number;
    metadata: Record<string, unknown>;
  }>(
    `SELECT source_system, source_id, confidence_score, metadata FROM ${schema}.entity_mappings
     WHERE unified_id = $1 ORDER BY source_system, source_id`,
    [row.id],
  );
  const companies = await db.query<{
    id: string;
    name: string;
    first_seen: Date | null;
    last_seen: Date | null;
  }>(
    `SELECT c.id, c.display_name AS name, a.first_seen, a.last_seen
     FROM ${schema}.entity_affiliations a JOIN ${schema}.entities c ON c.id = a.company_id
     WHERE a.person_id = $1 ORDER BY a.last_seen DESC NULLS LAST`,
    [row.id],
  );
  const sourceIds: SourceLink[] = links.map((link) => ({
    sourceSystem: link.source_system,
    sourceId: link.source_id,
    objectType: String(link.metadata.objectType ?? 'unknown'),
    confidence: Number(link.confidence_score),
    evidence: (link.metadata.evidence as Record<string, unknown> | undefined) ?? {},
  }));

  return {
    id: row.id,
    type: row.entity_type,
    name: row.display_name,
    internal: row.is_internal,
    matchScore: Math.round(score * 1000) / 1000,
    emails: row.emails,
    domains: row.domains,
    companies: companies.map((company) => ({
      id: company.id,
      name: company.name,
      firstSeen: company.first_seen?.toISOString() ?? null,
      lastSeen: company.last_seen?.toISOString() ?? null,
    })),
    sourceIds,
    confidence: sourceIds.length === 0 ? 1 : Math.min(...sourceIds.map((link) => link.confidence)),
  };
}
