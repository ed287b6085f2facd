import type { Domain } from '../config.js';
import { type InteractionKind, SOURCE_SYSTEMS, type SourceSystem } from '../model.js';

/**
 * One passage as a vector store indexes it: the text, its vector and the fields that search
 * filters on. The interaction fields (source, kind, time, entity ids) repeat on every passage
 * of the interaction because a document store such as Weaviate has no join.
 */
export interface VectorPassage {
  /** Passage id (a UUID), which Weaviate uses as the object id. */
  id: string;
  /** Id (a UUID) of the interaction the passage belongs to. */
  interactionId: string;
  source: SourceSystem;
  kind: InteractionKind;
  /** Position of the passage inside its interaction, from 0. */
  ordinal: number;
  text: string;
  vector: number[];
  /** Time of the interaction, which time filters compare against. */
  occurredAt: Date;
  /** Time of the passage itself where it differs (a Slack reply, a call moment). */
  at?: Date | undefined;
  /** Speaker of a call turn, author of a message or note. */
  speaker?: string | undefined;
  /** Unified person id of the speaker, where resolved. */
  speakerPersonId?: string | undefined;
  callId?: string | undefined;
  /** Start and end of a call turn, in milliseconds from the start of the call. */
  startMs?: number | undefined;
  endMs?: number | undefined;
  channel?: string | undefined;
  threadId?: string | undefined;
  /** Id of the record in its source system (the Gong call, the HubSpot or Salesforce note). */
  sourceId?: string | undefined;
  /** Name of the company the interaction is with, for display. */
  companyName?: string | undefined;
  sentiment?: string | undefined;
  topics?: string[] | undefined;
  /**
   * Unified people and companies the interaction is about. They belong to the interaction, so
   * every passage of one interaction carries the same lists; the PostgreSQL store keeps their
   * union per interaction.
   */
  personIds: string[];
  companyIds: string[];
  /** SHA-256 of the text (32 hex digits), computed from `text` when absent. */
  contentHash?: string | undefined;
}

/** A passage the store did not write, with the reason. */
export interface UpsertError {
  /** Position of the passage in the upsert call's input. */
  index: number;
  id: string;
  message: string;
}

export interface UpsertResult {
  written: number;
  errors: UpsertError[];
}

/** `ranked` is reciprocal rank fusion; `relativeScore` min-max normalizes each ranking's scores. */
export type FusionType = 'ranked' | 'relativeScore';

export interface VectorFilters {
  /** Sources to search. Absent means all four, and an empty list matches nothing. */
  sources?: SourceSystem[] | undefined;
  /** Inclusive bounds on the interaction's time. */
  from?: Date | undefined;
  to?: Date | undefined;
  /** Passages of interactions linked to any of these companies. */
  companyIds?: string[] | undefined;
  /** Passages of interactions linked to any of these people (AND with `companyIds`). */
  personIds?: string[] | undefined;
}

export interface VectorSearchRequest {
  /** Words for the keyword ranking, without question words. Empty means vector only. */
  text?: string | undefined;
  /** Query vector for the vector ranking. Absent means keyword only. */
  vector?: number[] | undefined;
  filters?: VectorFilters | undefined;
  /** Maximum passages returned, 1 to `MAX_SEARCH_LIMIT`. */
  limit: number;
  /** Weight of the vector ranking from 0 (keyword only) to 1 (vector only). Default 0.5. */
  alpha?: number | undefined;
  fusion?: FusionType | undefined;
  /**
   * Cosine similarity below which a passage is no vector match. Absent means no floor, so the
   * vector ranking returns its nearest passages however far. Pass the embedder's `minSimilarity`.
   */
  minSimilarity?: number | undefined;
}

export interface VectorHit {
  passageId: string;
  interactionId: string;
  /** Fused score, higher is better. Scores of two backends are not comparable. */
  score: number;
}

/**
 * A passage index of one domain: keyword and vector rankings over passages with the filters
 * search applies. Each instance is fixed to one domain and never reads or writes another's
 * passages.
 */
export interface VectorStore {
  readonly kind: 'pgvector' | 'weaviate';
  readonly domain: Domain;
  /** Create the tables or collections this store needs, if missing. Safe to repeat. */
  ensureSchema(): Promise<void>;
  /**
   * Insert or replace passages by id, in batches. A passage that fails validation or that the
   * backend rejects is reported in `errors`, and the others are still written.
   */
  upsert(passages: VectorPassage[]): Promise<UpsertResult>;
  /** Remove every passage of these interactions; returns how many were removed. */
  deleteByInteraction(interactionIds: string[]): Promise<number>;
  /**
   * Replace the people and companies linked to an interaction (after entity links change). An
   * interaction the store does not contain is left alone.
   */
  updateEntities(interactionId: string, personIds: string[], companyIds: string[]): Promise<void>;
  /** Passages ranked by fused keyword and vector score, best first. */
  search(request: VectorSearchRequest): Promise<VectorHit[]>;
  /** Number of passages stored for this domain. */
  count(): Promise<number>;
  close(): Promise<void>;
}

/** Upper bound on `limit`, well below Weaviate's default `QUERY_MAXIMUM_RESULTS` of 10,000. */
export const MAX_SEARCH_LIMIT = 1000;
/** Reciprocal-rank-fusion constant (Cormack et al., 2009); Weaviate's ranked fusion uses 60 too. */
export const RRF_K = 60;
/** Candidates the keyword ranking contributes to fusion, as in the SQL search. */
export const LEXICAL_DEPTH = 200;
/** Candidates the vector ranking contributes to fusion, as in the SQL search. */
export const VECTOR_DEPTH = 60;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/**
 * Check each passage before it is sent, so that one bad passage is reported alone instead of
 * failing its whole batch. Returns the passages that passed, with their input positions.
 */
export function validatePassages(
  passages: VectorPassage[],
  dimensions: number,
): { valid: { index: number; passage: VectorPassage }[]; errors: UpsertError[] } {
  const valid: { index: number; passage: VectorPassage }[] = [];
  const errors: UpsertError[] = [];
  const seen = new Set<string>();

  passages.forEach((passage, index) => {
    const problem = passageProblem(passage, dimensions) ?? duplicateProblem(passage, seen);
    if (problem === undefined) valid.push({ index, passage });
    else errors.push({ index, id: String(passage.id), message: problem });
  });

  return { valid, errors };
}

function passageProblem(passage: VectorPassage, dimensions: number): string | undefined {
  if (typeof passage.id !== 'string' || !isUuid(passage.id))
    return `Invalid passage id ${JSON.stringify(passage.id)}: use a UUID`;
  if (typeof passage.interactionId !== 'string' || !isUuid(passage.interactionId))
    return `Invalid interactionId ${JSON.stringify(passage.interactionId)}: use a UUID`;
  if (!(SOURCE_SYSTEMS as readonly string[]).includes(passage.source))
    return `Invalid source ${JSON.stringify(passage.source)}: use ${SOURCE_SYSTEMS.join(', ')}`;
  if (!Number.isInteger(passage.ordinal) || passage.ordinal < 0)
    return `Invalid ordinal ${passage.ordinal}: use an integer from 0`;
  if (!(passage.occurredAt instanceof Date) || Number.isNaN(passage.occurredAt.getTime()))
    return `Invalid occurredAt ${String(passage.occurredAt)}: use a valid Date`;
  if (!Array.isArray(passage.vector) || passage.vector.length !== dimensions)
    return `Invalid vector length ${passage.vector?.length}: this store expects ${dimensions}-dimensional vectors`;
  if (!passage.vector.every(Number.isFinite))
    return 'Invalid vector: it contains NaN or an infinite value';

  const badId = [...passage.personIds, ...passage.companyIds].find((id) => !isUuid(id));
  if (badId !== undefined) return `Invalid entity id ${JSON.stringify(badId)}: use a UUID`;

  return undefined;
}

function duplicateProblem(passage: VectorPassage, seen: Set<string>): string | undefined {
  const key = passage.id.toLowerCase();
  if (seen.has(key))
    return `Duplicate passage id ${passage.id} in one upsert: send each passage once`;
  seen.add(key);

  return undefined;
}

/** Check a search request; throws with the bad value and the accepted range. */
export function validateSearch(request: VectorSearchRequest, dimensions: number): void {
  const { limit, alpha, minSimilarity, vector } = request;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_SEARCH_LIMIT)
    throw new RangeError(`Invalid limit ${limit}: use an integer from 1 to ${MAX_SEARCH_LIMIT}`);
  if (alpha !== undefined && !(alpha >= 0 && alpha <= 1))
    throw new RangeError(`Invalid alpha ${alpha}: use a number from 0 to 1`);
  if (minSimilarity !== undefined && !(minSimilarity >= -1 && minSimilarity <= 1))
    throw new RangeError(`Invalid minSimilarity ${minSimilarity}: use a number from -1 to 1`);
  if (vector !== undefined && vector.length !== dimensions)
    throw new RangeError(
      `Invalid query vector length ${vector.length}: this store expects ${dimensions}-dimensional vectors`,
    );

  const ids = [...(request.filters?.companyIds ?? []), ...(request.filters?.personIds ?? [])];
  const badId = ids.find((id) => !isUuid(id));
  if (badId !== undefined)
    throw new RangeError(`Invalid entity id ${JSON.stringify(badId)} in filters: use a UUID`);
}

/** Sources a filter selects; an absent list means every source. */
export function selectedSources(filters: VectorFilters | undefined): SourceSystem[] {
  return filters?.sources === undefined ? [...SOURCE_SYSTEMS] : [...new Set(filters.sources)];
}

/** One ranking before fusion: hits best first, each with the ranking's own score. */
export interface Ranking {
  weight: number;
  hits: { passageId: string; interactionId: string; raw: number }[];
}

/**
 * Fuse rankings as the SQL search and Weaviate do. `ranked` adds `weight / (RRF_K + rank)` with
 * ranks from 1; `relativeScore` adds `weight` times the score min-max normalized within its
 * ranking (1 when all scores are equal). Ties break on passage id so results are stable.
 */
export function fuseRankings(rankings: Ranking[], fusion: FusionType, limit: number): VectorHit[] {
  const fused = new Map<string, VectorHit>();
  for (const ranking of rankings) {
    const scores = ranking.hits.map((hit) => hit.raw);
    const high = Math.max(...scores);
    const low = Math.min(...scores);
    ranking.hits.forEach((hit, position) => {
      const part =
        fusion === 'ranked'
          ? ranking.weight / (RRF_K + position + 1)
          : ranking.weight * (high === low ? 1 : (hit.raw - low) / (high - low));
      const score = (fused.get(hit.passageId)?.score ?? 0) + part;
      fused.set(hit.passageId, {
        passageId: hit.passageId,
        interactionId: hit.interactionId,
        score,
      });
    });
  }

  return [...fused.values()].sort(byScore).slice(0, limit);
}

/** Best score first, then passage id, as the SQL search orders. */
export function byScore(a: VectorHit, b: VectorHit): number {
  if (a.score !== b.score) return b.score - a.score;
  return a.passageId < b.passageId ? -1 : a.passageId > b.passageId ? 1 : 0;
}
