import { createHash } from 'node:crypto';
import { type Domain, domainSchema } from '../config.js';
import type { Database, Queryable } from '../db/database.js';
import { assertSchemaName, migrate } from '../db/migrate.js';
import { logger } from '../logger.js';
import type { LabelledVectorHit } from '../search/matched-by.js';
import { orTsQuery, queryTerms } from '../search/query.js';
import {
  isUuid,
  LEXICAL_DEPTH,
  MAX_SEARCH_LIMIT,
  RRF_K,
  selectedSources,
  type UpsertError,
  type UpsertResult,
  VECTOR_DEPTH,
  type VectorFilters,
  type VectorPassage,
  type VectorSearchRequest,
  type VectorStore,
  validatePassages,
  validateSearch,
} from './store.js';

/** Stream of the interaction rows this store creates itself, when the pipeline has not written them. */
const OWN_STREAM = 'vector-store';

export interface PgVectorStoreOptions {
  db: Database;
  domain: Domain;
  /** Schema that contains the domain's tables. Default: the domain's own schema. */
  schema?: string | undefined;
  /** Embedding model of the vectors. Vectors of other models are never ranked. */
  model: string;
  dimensions: number;
  /** Close `db` on `close()`. */
  ownsDatabase?: boolean | undefined;
}

interface Group {
  interactionId: string;
  entries: { index: number; passage: VectorPassage }[];
}

/**
 * The vector store inside PostgreSQL or PGlite, over the tables the migrations create:
 * `interactions` (source, kind and time), `passages` (text and `tsvector`), `embeddings` (one
 * pgvector row per model and text hash) and `interaction_entities` (company and person links).
 *
 * When the pipeline has already written an interaction and its passages, `upsert` only adds the
 * missing vectors and entity links, because the existing rows are equal. Interactions it creates
 * itself (standalone use, tests, benchmarks) are marked with the stream `vector-store`.
 */
export class PgVectorStore implements VectorStore {
  readonly kind = 'pgvector';
  readonly domain: Domain;
  readonly schema: string;
  private readonly tx: Queryable | undefined;

  constructor(
    private readonly options: PgVectorStoreOptions,
    tx?: Queryable,
  ) {
    this.domain = options.domain;
    this.schema = options.schema ?? domainSchema(options.domain);
    assertSchemaName(this.schema);
    this.tx = tx;
  }

  /** Return a store that writes through `tx`, so its writes commit or roll back with the caller's. */
  bind(tx: Queryable): PgVectorStore {
    return new PgVectorStore(this.options, tx);
  }

  /** Apply the domain's migrations. Throws when the database has no pgvector extension. */
  async ensureSchema(): Promise<void> {
    if (!(await this.options.db.hasVector())) {
      throw new Error(
        `pgvector is not installed in this ${this.options.db.kind} database: install the vector extension, or use full-text search only`,
      );
    }
    await migrate(this.options.db, this.schema);
  }

  async upsert(passages: VectorPassage[]): Promise<UpsertResult> {
    const { valid, errors } = validatePassages(passages, this.options.dimensions);
    const groups = groupByInteraction(valid);
    if (groups.length === 0) return { written: 0, errors };

    try {
      await this.write((q) => this.writeGroups(q, groups));
      return { written: valid.length, errors };
    } catch (error) {
      // Inside a caller's transaction the failed statement aborted it, so nothing can be retried.
      if (this.tx !== undefined) throw error;
      logger.warn(
        { schema: this.schema, error: messageOf(error) },
        'passage batch failed; writing interaction by interaction',
      );
    }

    return this.upsertOneByOne(groups, errors);
  }

  private async upsertOneByOne(groups: Group[], errors: UpsertError[]): Promise<UpsertResult> {
    let written = 0;
    for (const group of groups) {
      try {
        await this.write((q) => this.writeGroups(q, [group]));
        written += group.entries.length;
      } catch (error) {
        for (const { index, passage } of group.entries)
          errors.push({ index, id: passage.id, message: messageOf(error) });
      }
    }
    errors.sort((a, b) => a.index - b.index);

    return { written, errors };
  }

  async deleteByInteraction(interactionIds: string[]): Promise<number> {
    const ids = checkedIds(interactionIds, 'interaction id');
    if (ids.length === 0) return 0;

    return this.write(async (q) => {
      const removed = await q.query(
        `DELETE FROM ${this.schema}.passages WHERE interaction_id = ANY($1::uuid[]) RETURNING id`,
        [ids],
      );
      await q.query(
        `DELETE FROM ${this.schema}.interactions WHERE id = ANY($1::uuid[]) AND stream = $2`,
        [ids, OWN_STREAM],
      );
      return removed.length;
    });
  }

  async updateEntities(
    interactionId: string,
    personIds: string[],
    companyIds: string[],
  ): Promise<void> {
    checkedIds([interactionId], 'interaction id');
    checkedIds([...personIds, ...companyIds], 'entity id');

    await this.write((q) =>
      this.replaceEntities(q, [
        { interactionId, personIds: [...new Set(personIds)], companyIds: [...new Set(companyIds)] },
      ]),
    );
  }

  /** Passages ranked by fused score, each with the rankings that found it in `matchedBy`. */
  async search(request: VectorSearchRequest): Promise<LabelledVectorHit[]> {
    validateSearch(request, this.options.dimensions);
    const sources = selectedSources(request.filters);
    if (sources.length === 0) return [];

    const tsQuery = orTsQuery(queryTerms(request.text ?? ''));
    const alpha = request.alpha ?? 0.5;
    const useText = tsQuery !== undefined && alpha < 1;
    const useVector = request.vector !== undefined && alpha > 0;
    if (!useText && !useVector) return [];

    const sql = new SqlBuilder();
    const where = filterConditions(sql, this.schema, { ...request.filters, sources });
    const rankings: string[] = [];
    if (useText) rankings.push(this.lexicalRanking(sql, tsQuery, 1 - alpha, request.limit));
    if (useVector)
      rankings.push(this.vectorRanking(sql, request as Required<typeof request>, alpha));
    const fused =
      (request.fusion ?? 'ranked') === 'ranked'
        ? `weight / (${RRF_K} + r)`
        : 'weight * CASE WHEN hi = lo THEN 1 ELSE (raw - lo) / (hi - lo) END';

    const rows = await this.reader().query<LabelledVectorHit>(
      `WITH candidates AS (
         SELECT p.id, p.interaction_id, p.content_hash, p.tsv
         FROM ${this.schema}.passages p JOIN ${this.schema}.interactions i ON i.id = p.interaction_id
         WHERE ${where}
       ),
       ranked AS (${rankings.join(' UNION ALL ')}),
       bounded AS (
         SELECT *, max(raw) OVER (PARTITION BY ranking) AS hi, min(raw) OVER (PARTITION BY ranking) AS lo
         FROM ranked
       )
       SELECT id AS "passageId", interaction_id AS "interactionId", SUM(${fused})::float8 AS score,
              CASE WHEN bool_and(ranking = 'lexical') THEN 'text'
                   WHEN bool_and(ranking = 'vector') THEN 'vector' ELSE 'both' END AS "matchedBy"
       FROM bounded GROUP BY id, interaction_id
       ORDER BY score DESC, id LIMIT ${request.limit}`,
      sql.params,
    );

    return rows;
  }

  private lexicalRanking(sql: SqlBuilder, tsQuery: string, weight: number, limit: number): string {
    const q = sql.add(tsQuery);
    const depth = Math.max(LEXICAL_DEPTH, limit);

    return `(SELECT 'lexical' AS ranking, c.id, c.interaction_id, ${weight}::float8 AS weight,
         ts_rank_cd(c.tsv, to_tsquery('english', ${q}), 32)::float8 AS raw,
         row_number() OVER (ORDER BY ts_rank_cd(c.tsv, to_tsquery('english', ${q}), 32) DESC, c.id) AS r
       FROM candidates c WHERE c.tsv @@ to_tsquery('english', ${q})
       ORDER BY r LIMIT ${depth})`;
  }

  private vectorRanking(
    sql: SqlBuilder,
    request: Required<VectorSearchRequest>,
    weight: number,
  ): string {
    const v = sql.add(vectorLiteral(request.vector));
    const model = sql.add(this.options.model);
    const dims = sql.add(this.options.dimensions);
    const floor =
      request.minSimilarity === undefined
        ? ''
        : `AND x.distance <= ${sql.add(1 - request.minSimilarity)}`;
    const depth = Math.max(VECTOR_DEPTH, Math.min(request.limit, MAX_SEARCH_LIMIT));

    // One primary-key lookup per candidate, computed once (OFFSET 0 keeps the subquery from
    // being inlined). A join let the planner pick a nested loop over the materialized
    // candidates, which took 33 s for 10,000 passages on PGlite.
    return `(SELECT 'vector' AS ranking, x.id, x.interaction_id, ${weight}::float8 AS weight,
         (1 - x.distance)::float8 AS raw,
         row_number() OVER (ORDER BY x.distance, x.id) AS r
       FROM (
         SELECT c.id, c.interaction_id,
                (SELECT e.embedding <=> ${v}::vector FROM ${this.schema}.embeddings e
                 WHERE e.model = ${model} AND e.content_hash = c.content_hash
                   AND e.dimensions = ${dims}) AS distance
         FROM candidates c OFFSET 0) x
       WHERE x.distance IS NOT NULL ${floor}
       ORDER BY r LIMIT ${depth})`;
  }

  async count(): Promise<number> {
    const rows = await this.reader().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${this.schema}.passages`,
    );
    return rows[0]?.n ?? 0;
  }

  async close(): Promise<void> {
    if (this.options.ownsDatabase && this.tx === undefined) await this.options.db.close();
  }

  private reader(): Queryable {
    return this.tx ?? this.options.db;
  }

  private write<T>(work: (q: Queryable) => Promise<T>): Promise<T> {
    return this.tx !== undefined ? work(this.tx) : this.options.db.transaction(work);
  }

  private async writeGroups(q: Queryable, groups: Group[]): Promise<void> {
    await this.writeInteractions(q, groups);
    await this.writePassages(q, groups);
    await this.writeEmbeddings(q, groups);
    await this.replaceEntities(q, groups.map(entityLinks));
  }

  /** Create missing interaction rows, and update only the fields that differ on existing ones. */
  private async writeInteractions(q: Queryable, groups: Group[]): Promise<void> {
    const heads = groups.map((group) => group.entries[0]?.passage as VectorPassage);
    await q.query(
      `INSERT INTO ${this.schema}.interactions AS i
         (id, interaction_key, source_system, source_id, stream, kind, occurred_at, thread_id,
          call_id, content_hash)
       SELECT id, '${OWN_STREAM}:' || id, source, source_id, '${OWN_STREAM}', kind, at, thread_id,
              call_id, ''
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::timestamptz[], $6::text[],
                   $7::text[]) AS t(id, source, source_id, kind, at, thread_id, call_id)
       ON CONFLICT (id) DO UPDATE SET
         source_system = EXCLUDED.source_system, kind = EXCLUDED.kind,
         occurred_at = EXCLUDED.occurred_at,
         thread_id = COALESCE(EXCLUDED.thread_id, i.thread_id),
         call_id = COALESCE(EXCLUDED.call_id, i.call_id), updated_at = now()
       WHERE (i.source_system, i.kind, i.occurred_at)
             IS DISTINCT FROM (EXCLUDED.source_system, EXCLUDED.kind, EXCLUDED.occurred_at)
          OR (EXCLUDED.thread_id IS NOT NULL AND i.thread_id IS DISTINCT FROM EXCLUDED.thread_id)
          OR (EXCLUDED.call_id IS NOT NULL AND i.call_id IS DISTINCT FROM EXCLUDED.call_id)`,
      [
        heads.map((p) => p.interactionId),
        heads.map((p) => p.source),
        heads.map((p) => p.sourceId ?? p.callId ?? p.interactionId),
        heads.map((p) => p.kind),
        heads.map((p) => p.occurredAt.toISOString()),
        heads.map((p) => p.threadId ?? null),
        heads.map((p) => p.callId ?? null),
      ],
    );
  }

  /**
   * Insert or update passages by id. A different passage at the same position of the same
   * interaction is removed first, because `(interaction_id, ordinal)` is unique.
   */
  private async writePassages(q: Queryable, groups: Group[]): Promise<void> {
    const rows = groups.flatMap((group) => group.entries.map((entry) => entry.passage));
    const column = <T>(pick: (passage: VectorPassage) => T) => rows.map(pick);
    const s = this.schema;

    await q.query(
      `DELETE FROM ${s}.passages p
       USING unnest($1::uuid[], $2::int[], $3::uuid[]) AS t(interaction_id, ordinal, id)
       WHERE p.interaction_id = t.interaction_id AND p.ordinal = t.ordinal AND p.id <> t.id`,
      [column((p) => p.interactionId), column((p) => p.ordinal), column((p) => p.id)],
    );
    await q.query(
      `INSERT INTO ${s}.passages AS p
         (id, interaction_id, ordinal, text, speaker_name, speaker_person_id, start_ms, end_ms, at,
          content_hash)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::text[], $5::text[], $6::uuid[],
                            $7::int[], $8::int[], $9::timestamptz[], $10::text[])
       ON CONFLICT (id) DO UPDATE SET
         interaction_id = EXCLUDED.interaction_id, ordinal = EXCLUDED.ordinal, text = EXCLUDED.text,
         speaker_name = COALESCE(EXCLUDED.speaker_name, p.speaker_name),
         speaker_person_id = COALESCE(EXCLUDED.speaker_person_id, p.speaker_person_id),
         start_ms = EXCLUDED.start_ms, end_ms = EXCLUDED.end_ms, at = EXCLUDED.at,
         content_hash = EXCLUDED.content_hash
       WHERE (p.interaction_id, p.ordinal, p.text, p.start_ms, p.end_ms, p.at)
             IS DISTINCT FROM (EXCLUDED.interaction_id, EXCLUDED.ordinal, EXCLUDED.text,
                               EXCLUDED.start_ms, EXCLUDED.end_ms, EXCLUDED.at)
          OR (EXCLUDED.speaker_name IS NOT NULL AND p.speaker_name IS DISTINCT FROM EXCLUDED.speaker_name)
          OR (EXCLUDED.speaker_person_id IS NOT NULL
              AND p.speaker_person_id IS DISTINCT FROM EXCLUDED.speaker_person_id)`,
      [
        column((p) => p.id),
        column((p) => p.interactionId),
        column((p) => p.ordinal),
        column((p) => p.text),
        column((p) => p.speaker ?? null),
        column((p) => p.speakerPersonId ?? null),
        column((p) => (p.startMs === undefined ? null : Math.round(p.startMs))),
        column((p) => (p.endMs === undefined ? null : Math.round(p.endMs))),
        column((p) => p.at?.toISOString() ?? null),
        column(contentHashOf),
      ],
    );
  }

  /** Store one vector per text. A text this model has embedded already keeps its vector. */
  private async writeEmbeddings(q: Queryable, groups: Group[]): Promise<void> {
    const byHash = new Map<string, number[]>();
    for (const group of groups)
      for (const { passage } of group.entries) byHash.set(contentHashOf(passage), passage.vector);

    await q.query(
      `INSERT INTO ${this.schema}.embeddings (model, content_hash, dimensions, embedding)
       SELECT $1, h, $2, v::vector FROM unnest($3::text[], $4::text[]) AS t(h, v)
       ON CONFLICT (model, content_hash) DO NOTHING`,
      [
        this.options.model,
        this.options.dimensions,
        [...byHash.keys()],
        [...byHash.values()].map(vectorLiteral),
      ],
    );
  }

  /**
   * Make each interaction's links exactly the given people and companies. Links that stay keep
   * their role (the pipeline records author, participant, channel), and new ones get a default role.
   */
  private async replaceEntities(
    q: Queryable,
    links: { interactionId: string; personIds: string[]; companyIds: string[] }[],
  ): Promise<void> {
    const input = JSON.stringify(
      links.map((link) => ({ i: link.interactionId, p: link.personIds, c: link.companyIds })),
    );
    const s = this.schema;
    const wanted = `SELECT (x->>'i')::uuid AS interaction_id,
        ARRAY(SELECT jsonb_array_elements_text(x->'p'))::uuid[] AS people,
        ARRAY(SELECT jsonb_array_elements_text(x->'c'))::uuid[] AS companies
      FROM jsonb_array_elements($1::jsonb) x`;

    await q.query(
      `DELETE FROM ${s}.interaction_entities ie USING (${wanted}) w
       WHERE ie.interaction_id = w.interaction_id
         AND NOT ((ie.entity_type = 'person' AND ie.entity_id = ANY(w.people))
               OR (ie.entity_type = 'company' AND ie.entity_id = ANY(w.companies)))`,
      [input],
    );
    await q.query(
      `INSERT INTO ${s}.interaction_entities (interaction_id, entity_id, entity_type, role)
       SELECT DISTINCT w.interaction_id, e.entity_id, e.entity_type, e.role
       FROM (${wanted}) w
       JOIN ${s}.interactions i ON i.id = w.interaction_id
       CROSS JOIN LATERAL (
         SELECT unnest(w.people) AS entity_id, 'person' AS entity_type, 'participant' AS role
         UNION ALL
         SELECT unnest(w.companies), 'company', 'company') e
       WHERE NOT EXISTS (
         SELECT 1 FROM ${s}.interaction_entities ie
         WHERE ie.interaction_id = w.interaction_id AND ie.entity_id = e.entity_id
           AND ie.entity_type = e.entity_type)
       ON CONFLICT DO NOTHING`,
      [input],
    );
  }
}

/** Positional parameters of a statement under construction. */
class SqlBuilder {
  readonly params: unknown[] = [];

  add(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
}

/** Conditions on interactions `i`, with the semantics of the SQL search's filters. */
function filterConditions(
  sql: SqlBuilder,
  schema: string,
  filters: VectorFilters & { sources: string[] },
): string {
  const conditions = [`i.source_system = ANY(${sql.add(filters.sources)}::text[])`];
  if (filters.from) conditions.push(`i.occurred_at >= ${sql.add(filters.from.toISOString())}`);
  if (filters.to) conditions.push(`i.occurred_at <= ${sql.add(filters.to.toISOString())}`);

  const linked = (ids: string[], type: string) =>
    `EXISTS (SELECT 1 FROM ${schema}.interaction_entities ie WHERE ie.interaction_id = i.id
       AND ie.entity_type = '${type}' AND ie.entity_id = ANY(${sql.add(ids)}::uuid[]))`;
  if (filters.companyIds) conditions.push(linked(filters.companyIds, 'company'));
  if (filters.personIds) conditions.push(linked(filters.personIds, 'person'));

  return conditions.join(' AND ');
}

function groupByInteraction(entries: { index: number; passage: VectorPassage }[]): Group[] {
  const groups = new Map<string, Group>();
  for (const entry of entries) {
    const key = entry.passage.interactionId.toLowerCase();
    const group = groups.get(key) ?? { interactionId: key, entries: [] };
    group.entries.push(entry);
    groups.set(key, group);
  }

  return [...groups.values()];
}

function entityLinks(group: Group): {
  interactionId: string;
  personIds: string[];
  companyIds: string[];
} {
  const people = new Set<string>();
  const companies = new Set<string>();
  for (const { passage } of group.entries) {
    for (const id of passage.personIds) people.add(id.toLowerCase());
    for (const id of passage.companyIds) companies.add(id.toLowerCase());
  }

  return { interactionId: group.interactionId, personIds: [...people], companyIds: [...companies] };
}

function checkedIds(ids: string[], what: string): string[] {
  const bad = ids.find((id) => !isUuid(id));
  if (bad !== undefined) throw new RangeError(`Invalid ${what} ${JSON.stringify(bad)}: use a UUID`);

  return [...new Set(ids.map((id) => id.toLowerCase()))];
}

/** SHA-256 of the text, 32 hex digits: the key the pipeline gives a passage's embedding. */
export function contentHashOf(passage: Pick<VectorPassage, 'text' | 'contentHash'>): string {
  return (
    passage.contentHash ?? createHash('sha256').update(passage.text).digest('hex').slice(0, 32)
  );
}

function vectorLiteral(vector: number[]): string {
  return `[${vector.join(',')}]`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
