import {
  type Citation,
  type Coverage,
  InvalidArgumentError,
  type MatchedBy,
  type SearchHit,
  type SearchParams,
  type SearchResult,
} from '../api.js';
import type { Queryable } from '../db/database.js';
import type { Embedder } from '../embed/embedder.js';
import { type InteractionKind, SOURCE_SYSTEMS, type SourceSystem } from '../model.js';
import type { VectorStore } from '../vector/store.js';
import { type DateRange, resolveDateRange } from './dates.js';
import { resolveEntityFilter } from './entities.js';
import { matchedByOf } from './matched-by.js';
import {
  cursorKey,
  decodeCursor,
  encodeCursor,
  estimateTokens,
  orTsQuery,
  queryTerms,
  snippet,
} from './query.js';
import { vectorStatus } from './vector-status.js';

/** Reciprocal-rank-fusion constant (Cormack et al., 2009); 60 is the value the paper uses. */
const RRF_K = 60;
/** Candidates each retriever contributes to fusion. */
const RETRIEVER_DEPTH = 200;
const VECTOR_DEPTH = 60;

export interface SearchDeps {
  db: Queryable;
  schema: string;
  embedder: Embedder;
  /** Whether passages have vectors (pgvector present); otherwise search is full text only. */
  vectors: boolean;
  /** External index (Weaviate) that ranks passages instead of the SQL query, when configured. */
  vectorIndex?: VectorStore | undefined;
  now?: () => Date;
}

/** Filters after names and phrases are resolved; shared by search and timelines. */
export interface ResolvedFilters {
  companyIds?: string[] | undefined;
  companyNames?: string[] | undefined;
  personIds?: string[] | undefined;
  personNames?: string[] | undefined;
  sources: SourceSystem[];
  range: DateRange;
}

export async function resolveFilters(
  deps: Pick<SearchDeps, 'db' | 'schema' | 'now'>,
  params: Pick<SearchParams, 'company' | 'person' | 'sources' | 'from' | 'to'>,
): Promise<ResolvedFilters> {
  const sources =
    params.sources && params.sources.length > 0 ? params.sources : [...SOURCE_SYSTEMS];
  for (const source of sources) {
    if (!(SOURCE_SYSTEMS as readonly string[]).includes(source)) {
      throw new InvalidArgumentError(
        'sources',
        `Invalid argument "sources": unknown source ${JSON.stringify(source)}; use ${SOURCE_SYSTEMS.join(', ')}`,
      );
    }
  }
  const range = resolveDateRange(params.from, params.to, deps.now?.() ?? new Date());
  const company = params.company?.trim()
    ? await resolveEntityFilter(deps.db, deps.schema, 'company', params.company)
    : undefined;
  const person = params.person?.trim()
    ? await resolveEntityFilter(deps.db, deps.schema, 'person', params.person)
    : undefined;

  return {
    companyIds: company?.ids,
    companyNames: company?.names,
    personIds: person?.ids,
    personNames: person?.names,
    sources,
    range,
  };
}

/** SQL conditions on interactions `i` for the filters, with their parameters from `start`. */
export function filterSql(
  schema: string,
  filters: ResolvedFilters,
  start: number,
): { sql: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const next = (value: unknown) => {
    params.push(value);
    return `$${start + params.length - 1}`;
  };

  conditions.push(`i.source_system = ANY(${next(filters.sources)}::text[])`);
  if (filters.range.from) conditions.push(`i.occurred_at >= ${next(filters.range.from)}`);
  if (filters.range.to) conditions.push(`i.occurred_at <= ${next(filters.range.to)}`);
  if (filters.companyIds) {
    conditions.push(
      `i.id IN (SELECT interaction_id FROM ${schema}.interaction_entities WHERE entity_id = ANY(${next(filters.companyIds)}::uuid[]))`,
    );
  }
  if (filters.personIds) {
    conditions.push(
      `i.id IN (SELECT interaction_id FROM ${schema}.interaction_entities WHERE entity_id = ANY(${next(filters.personIds)}::uuid[]))`,
    );
  }

  return { sql: conditions.join(' AND '), params };
}

interface HitRow {
  passage_id: string;
  interaction_id: string;
  score: number;
  matches: number;
  text: string;
  speaker_name: string | null;
  start_ms: number | null;
  end_ms: number | null;
  at: Date | null;
  passage_link: string | null;
  source_system: SourceSystem;
  source_id: string;
  kind: InteractionKind;
  occurred_at: Date;
  title: string | null;
  author_name: string | null;
  deep_link: string | null;
  call_id: string | null;
  company: string | null;
  person: string | null;
  matched_by: MatchedBy;
  /** Number of ranked passages, on any page, that the full-text ranking found. */
  text_matches: number;
}

/**
 * Hybrid search: full-text (tsvector, OR of the query terms) and vector similarity each rank the
 * passages that pass the filters, reciprocal rank fusion combines the two lists, and results are
 * grouped per interaction with its best passage. Each hit names the ranking that found its
 * passage. The vector ranking drops passages below the embedder's `minSimilarity`. A query whose
 * words no passage contains returns no hits or only vector hits, and then the result carries a
 * warning.
 */
export async function search(deps: SearchDeps, params: SearchParams): Promise<SearchResult> {
  const query = params.query?.trim() ?? '';
  if (query === '')
    throw new InvalidArgumentError(
      'query',
      'Invalid argument "query": it is empty; say what to look for',
    );
  const limit = params.limit ?? 10;
  if (!Number.isInteger(limit) || limit < 1 || limit > 50) {
    throw new InvalidArgumentError(
      'limit',
      `Invalid argument "limit": must be an integer from 1 to 50; got ${limit}`,
    );
  }
  const detail = params.detail ?? 'snippets';

  const filters = await resolveFilters(deps, params);
  const key = cursorKey({
    query,
    filters: { ...filters, range: [filters.range.from, filters.range.to] },
  });
  const offset = decodeCursor(params.cursor, key);
  // Words naming the filtered company or person match every passage of it, so they do not rank.
  const terms = withoutNames(queryTerms(query), [
    ...(filters.companyNames ?? []),
    ...(filters.personNames ?? []),
  ]);
  const tsQuery = orTsQuery(terms);
  const vectorState =
    deps.vectorIndex === undefined
      ? await vectorStatus(deps.db, deps.schema, deps.embedder.model, deps.vectors)
      : {
          usable: true,
          note: `ranked by ${deps.vectorIndex.kind} (keyword and vector rankings fused)`,
        };
  const useVectors = vectorState.usable;
  const queryVector = useVectors
    ? (await deps.embedder.embed([terms.join(' ') || query]))[0]
    : undefined;

  const rows =
    deps.vectorIndex === undefined
      ? await rankPassages(deps, filters, tsQuery, queryVector, limit + 1, offset)
      : await rankWithIndex(deps, deps.vectorIndex, filters, terms, queryVector, limit + 1, offset);
  const hits = rows.slice(0, limit).map((row) => toHit(row, detail, terms));
  const budgeted = applyTokenBudget(hits, params.maxTokens);
  const coverage = await buildCoverage(deps, filters, useVectors, vectorState.note);

  return {
    hits: budgeted.hits,
    nextCursor: rows.length > limit ? encodeCursor(offset + limit, key) : undefined,
    coverage,
    truncated: budgeted.truncated,
    warning: vectorOnlyWarning(rows, terms),
  };
}

/**
 * Returns a warning when hits exist but the full-text ranking matched no passage under the
 * filters on any page. Then every hit is only near the query in vector space, and the vector
 * ranking returns the least distant passages above the floor even when none is related.
 */
function vectorOnlyWarning(rows: HitRow[], terms: string[]): string | undefined {
  if (rows.length === 0 || (rows[0]?.text_matches ?? 0) > 0) return undefined;
  if (terms.length === 0) {
    return (
      'The query has no words to match by full text, so these hits are only the nearest by ' +
      'vector similarity (meaning) and may be unrelated to it.'
    );
  }

  return (
    `No passage contains any of the words ${terms.join(', ')}, so these hits are only the ` +
    'nearest by vector similarity (meaning) and may be unrelated to the query.'
  );
}

function withoutNames(terms: string[], names: string[]): string[] {
  const nameWords = new Set(names.flatMap((name) => queryTerms(name)));
  const kept = terms.filter((term) => !nameWords.has(term));

  return kept.length > 0 ? kept : terms;
}

async function rankPassages(
  deps: SearchDeps,
  filters: ResolvedFilters,
  tsQuery: string | undefined,
  queryVector: number[] | undefined,
  limit: number,
  offset: number,
): Promise<HitRow[]> {
  const s = deps.schema;
  const where = filterSql(s, filters, 1);
  const params = [...where.params];
  const add = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };

  const retrievers: string[] = [];
  if (tsQuery !== undefined) {
    const q = add(tsQuery);
    retrievers.push(`(SELECT 'text' AS ranking, c.id, row_number() OVER (ORDER BY ts_rank_cd(c.tsv, to_tsquery('english', ${q}), 32) DESC, c.content_hash, c.id) AS r
       FROM candidates c WHERE c.tsv @@ to_tsquery('english', ${q})
       ORDER BY r LIMIT ${RETRIEVER_DEPTH})`);
  }
  if (queryVector !== undefined) {
    const v = add(`[${queryVector.join(',')}]`);
    const m = add(deps.embedder.model);
    const floor = add(1 - deps.embedder.minSimilarity);
    retrievers.push(`(SELECT 'vector' AS ranking, c.id, row_number() OVER (ORDER BY e.embedding <=> ${v}::vector, c.content_hash, c.id) AS r
       FROM candidates c JOIN ${s}.embeddings e ON e.model = ${m} AND e.content_hash = c.content_hash
       WHERE (e.embedding <=> ${v}::vector) <= ${floor}
       ORDER BY r LIMIT ${VECTOR_DEPTH})`);
  }
  if (retrievers.length === 0) return [];

  const sql = `
    WITH candidates AS (
      SELECT p.id, p.interaction_id, p.content_hash, p.tsv
      FROM ${s}.passages p JOIN ${s}.interactions i ON i.id = p.interaction_id
      WHERE ${where.sql}
    ),
    fused AS (
      SELECT id, SUM(1.0 / (${RRF_K} + r)) AS score,
             CASE WHEN bool_and(ranking = 'text') THEN 'text'
                  WHEN bool_and(ranking = 'vector') THEN 'vector' ELSE 'both' END AS matched_by
      FROM (${retrievers.join(' UNION ALL ')}) ranked
      GROUP BY id
    ),
    ${groupedSelect(s, limit, offset)}`;

  return deps.db.query<HitRow>(sql, params);
}

/**
 * Rank with the external index: it applies the filters and fuses its keyword (BM25) and vector
 * rankings; the database then groups the hits per interaction and supplies the citations. A hit
 * whose passage is not in the database (left by a batch that rolled back) is dropped.
 */
async function rankWithIndex(
  deps: SearchDeps,
  index: VectorStore,
  filters: ResolvedFilters,
  terms: string[],
  queryVector: number[] | undefined,
  limit: number,
  offset: number,
): Promise<HitRow[]> {
  const hits = await index.search({
    text: terms.join(' '),
    vector: queryVector,
    filters: {
      sources: filters.sources,
      from: filters.range.from,
      to: filters.range.to,
      companyIds: filters.companyIds,
      personIds: filters.personIds,
    },
    limit: INDEX_DEPTH,
    minSimilarity: deps.embedder.minSimilarity,
  });
  if (hits.length === 0) return [];

  // A store that does not label its hits gets them checked against the passages' full text
  // here, so such a hit is `text` or `vector` but never `both`.
  const sql = `
    WITH fused AS (
      SELECT f.id, f.score,
             COALESCE(f.matched_by, CASE WHEN p.tsv @@ to_tsquery('english', $4) THEN 'text'
                                         ELSE 'vector' END) AS matched_by
      FROM unnest($1::uuid[], $2::float8[], $3::text[]) AS f(id, score, matched_by)
      JOIN ${deps.schema}.passages p ON p.id = f.id
    ),
    ${groupedSelect(deps.schema, limit, offset)}`;

  return deps.db.query<HitRow>(sql, [
    hits.map((hit) => hit.passageId),
    hits.map((hit) => hit.score),
    hits.map(matchedByOf),
    orTsQuery(terms) ?? null,
  ]);
}

/** Passages the external index returns for one search, before grouping per interaction. */
const INDEX_DEPTH = 200;

/**
 * The grouping and citation part of a ranking query: from a `fused(id, score, matched_by)`
 * relation of passage ids, keep each interaction's best passage and read what its citation
 * needs. `text_matches` counts the fused passages the full-text ranking found, on every page.
 */
function groupedSelect(s: string, limit: number, offset: number): string {
  return `
    grouped AS (
      SELECT f.id, f.score, f.matched_by, p.interaction_id,
             row_number() OVER (PARTITION BY p.interaction_id ORDER BY f.score DESC, p.ordinal) AS rn,
             count(*) OVER (PARTITION BY p.interaction_id) AS matches
      FROM fused f JOIN ${s}.passages p ON p.id = f.id
    )
    SELECT g.id AS passage_id, g.interaction_id, g.score::float8 AS score, g.matches::int AS matches,
           g.matched_by,
           (SELECT count(*) FROM fused WHERE matched_by <> 'vector')::int AS text_matches,
           p.text, p.speaker_name, p.start_ms, p.end_ms, p.at, p.deep_link AS passage_link,
           i.source_system, i.source_id, i.kind, i.occurred_at, i.title, i.author_name, i.deep_link, i.call_id,
           (SELECT e.display_name FROM ${s}.interaction_entities ie JOIN ${s}.entities e ON e.id = ie.entity_id
             WHERE ie.interaction_id = i.id AND ie.entity_type = 'company' ORDER BY e.display_name LIMIT 1) AS company,
           (SELECT e.display_name FROM ${s}.interaction_entities ie JOIN ${s}.entities e ON e.id = ie.entity_id
             WHERE ie.interaction_id = i.id AND ie.entity_type = 'person' AND NOT e.is_internal
             ORDER BY (p.speaker_person_id = e.id) DESC NULLS LAST, e.display_name LIMIT 1) AS person
    FROM grouped g
    JOIN ${s}.passages p ON p.id = g.id
    JOIN ${s}.interactions i ON i.id = g.interaction_id
    WHERE g.rn = 1
    ORDER BY g.score DESC, i.occurred_at DESC, g.interaction_id
    LIMIT ${limit} OFFSET ${offset}`;
}

function toHit(row: HitRow, detail: SearchParams['detail'], terms: string[]): SearchHit {
  const citation = citationOf(row);
  let text: string | undefined;
  if (detail === 'full') text = row.text;
  else if (detail !== 'ids') text = snippet(row.text, terms);

  return {
    interactionId: row.interaction_id,
    title: row.title ?? undefined,
    score: Math.round(row.score * 1e6) / 1e6,
    citation,
    text,
    morePassages: Math.max(0, row.matches - 1),
    matchedBy: row.matched_by,
  };
}

export function citationOf(row: {
  source_system: SourceSystem;
  source_id: string;
  kind: InteractionKind;
  occurred_at: Date;
  at?: Date | null;
  start_ms?: number | null;
  end_ms?: number | null;
  speaker_name?: string | null;
  author_name: string | null;
  passage_link?: string | null;
  deep_link: string | null;
  call_id: string | null;
  company: string | null;
  person: string | null;
}): Citation {
  const start = row.start_ms ?? undefined;
  const time =
    row.at ?? (start !== undefined ? new Date(row.occurred_at.getTime() + start) : row.occurred_at);

  return {
    source: row.source_system,
    sourceId: row.source_id,
    kind: row.kind,
    time: time.toISOString(),
    speaker: row.speaker_name ?? row.author_name ?? undefined,
    company: row.company ?? undefined,
    person: row.person ?? undefined,
    deepLink: row.passage_link ?? row.deep_link ?? undefined,
    callId: row.call_id ?? undefined,
    startMs: row.call_id ? start : undefined,
    endMs: row.call_id ? (row.end_ms ?? undefined) : undefined,
  };
}

/** Drop hits (and finally shorten the last text) until the estimated size fits `maxTokens`. */
function applyTokenBudget(
  hits: SearchHit[],
  maxTokens: number | undefined,
): { hits: SearchHit[]; truncated: boolean } {
  if (maxTokens === undefined) return { hits, truncated: false };

  const kept: SearchHit[] = [];
  let used = 0;
  for (const hit of hits) {
    const cost = estimateTokens(JSON.stringify(hit.citation)) + estimateTokens(hit.text ?? '') + 10;
    if (used + cost > maxTokens) {
      const room = (maxTokens - used - estimateTokens(JSON.stringify(hit.citation)) - 10) * 4;
      if (kept.length === 0 && room > 40 && hit.text !== undefined)
        kept.push({ ...hit, text: `${hit.text.slice(0, room)}…` });
      return { hits: kept, truncated: true };
    }
    kept.push(hit);
    used += cost;
  }

  return { hits: kept, truncated: false };
}

export async function buildCoverage(
  deps: Pick<SearchDeps, 'db' | 'schema'>,
  filters: ResolvedFilters,
  vectors: boolean,
  vectorNote = '',
): Promise<Coverage> {
  const where = filterSql(deps.schema, filters, 1);
  const counts = await deps.db.query<{ source_system: SourceSystem; n: number }>(
    `SELECT i.source_system, count(*)::int AS n FROM ${deps.schema}.interactions i WHERE ${where.sql} GROUP BY i.source_system`,
    where.params,
  );
  const synced = await deps.db.query<{ source_type: SourceSystem; last: Date | null }>(
    `SELECT source_type, max(last_sync_at) AS last FROM ${deps.schema}.data_sources GROUP BY source_type`,
  );
  const sources = filters.sources.map((source) => ({
    source,
    searched: counts.find((row) => row.source_system === source)?.n ?? 0,
    lastSyncedAt: synced.find((row) => row.source_type === source)?.last?.toISOString() ?? null,
  }));
  const retrieval = vectors ? 'hybrid' : 'full_text';
  const never = sources.filter((entry) => entry.lastSyncedAt === null).map((entry) => entry.source);

  return {
    sources,
    retrieval,
    note:
      (vectors
        ? 'Full-text and vector rankings fused.'
        : `Full text only: ${vectorNote || 'no vectors'}.`) +
      (vectors && vectorNote ? ` Note: ${vectorNote}.` : '') +
      (never.length > 0 ? ` Never synced: ${never.join(', ')}.` : ''),
    appliedFilters: {
      company: filters.companyNames,
      person: filters.personNames,
      sources: filters.sources,
      from: filters.range.from?.toISOString(),
      to: filters.range.to?.toISOString(),
    },
  };
}
