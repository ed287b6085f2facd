/**
 * The read API that MCP tools and resources call. Each method runs in one domain; the
 * implementation lives in `src/app.ts`, and tools never touch the database directly.
 */
import type { CoachingReportResult } from './coaching/report.js';
import type { EntityType, InteractionKind, SourceSystem } from './model.js';
import type { SourceFreshness, SyncRunStatus } from './pipeline/jobs.js';

export type {
  AmbiguousRep,
  CoachingReport,
  CoachingReportResult,
  RepCandidate,
} from './coaching/report.js';

export type Detail = 'ids' | 'snippets' | 'full';

export interface SearchParams {
  query: string;
  /** Company name, domain or unified id. */
  company?: string | undefined;
  /** Person name, e-mail or unified id. */
  person?: string | undefined;
  sources?: SourceSystem[] | undefined;
  /** ISO date or datetime, or a phrase such as "last month" or "past 14 days". */
  from?: string | undefined;
  to?: string | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
  detail?: Detail | undefined;
  maxTokens?: number | undefined;
}

/** Everything a reader needs to find a passage again in its source. */
export interface Citation {
  source: SourceSystem;
  /** Native id of the interaction in its source (call id, note id, `channel:thread_ts`). */
  sourceId: string;
  kind: InteractionKind;
  /** ISO 8601 time of the passage, or of the interaction when the passage has none. */
  time: string;
  speaker?: string | undefined;
  company?: string | undefined;
  person?: string | undefined;
  deepLink?: string | undefined;
  callId?: string | undefined;
  startMs?: number | undefined;
  endMs?: number | undefined;
}

export interface SearchHit {
  interactionId: string;
  title?: string | undefined;
  score: number;
  citation: Citation;
  /** Best passage text (snippet or full, according to `detail`); absent for `detail: ids`. */
  text?: string | undefined;
  /** Other passages of the same interaction that also matched, best first. */
  morePassages: number;
  /** Ranking that found the hit's passage: full text, vector similarity, or both. */
  matchedBy: MatchedBy;
}

/**
 * Ranking that found a passage: `text` (full text, so the passage contains a query word),
 * `vector` (vector similarity only) or `both`.
 */
export type MatchedBy = 'text' | 'vector' | 'both';

export interface SourceCoverage {
  source: SourceSystem;
  /** Interactions that passed the filters and were ranked. */
  searched: number;
  /** ISO time of the last committed sync of the source, or null if never synced. */
  lastSyncedAt: string | null;
}

export interface Coverage {
  sources: SourceCoverage[];
  /** Retrieval used: `hybrid` (full text + vectors) or `full_text` with the reason. */
  retrieval: 'hybrid' | 'full_text';
  note: string;
  /** Filters as applied, after resolving names and date phrases. */
  appliedFilters: Record<string, unknown>;
}

export interface SearchResult {
  hits: SearchHit[];
  nextCursor?: string | undefined;
  coverage: Coverage;
  /** True when `max_tokens` cut the list or the passage text. */
  truncated: boolean;
  /**
   * Caution about the hits, absent when there is none: set when the full-text ranking matched
   * no passage, so every hit was found by vector similarity only and may be unrelated.
   */
  warning?: string | undefined;
}

export interface TimelineParams {
  company?: string | undefined;
  person?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  sources?: SourceSystem[] | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

export interface TimelineEntry {
  interactionId: string;
  title?: string | undefined;
  summary: string;
  citation: Citation;
}

export interface TimelineResult {
  entity: EntitySummary;
  entries: TimelineEntry[];
  nextCursor?: string | undefined;
  coverage: Coverage;
}

export interface LookupParams {
  query?: string | undefined;
  email?: string | undefined;
  sourceSystem?: SourceSystem | undefined;
  sourceId?: string | undefined;
  type?: EntityType | undefined;
  limit?: number | undefined;
}

export interface EntitySummary {
  id: string;
  type: EntityType;
  name: string;
  internal: boolean;
}

export interface SourceLink {
  sourceSystem: SourceSystem;
  sourceId: string;
  objectType: string;
  confidence: number;
  evidence: Record<string, unknown>;
}

export interface EntityCandidate extends EntitySummary {
  /** How well the candidate matches the lookup, 0..1. */
  matchScore: number;
  emails: string[];
  domains: string[];
  companies: { id: string; name: string; firstSeen?: string | null; lastSeen?: string | null }[];
  sourceIds: SourceLink[];
  /** Lowest link confidence among the entity's source ids. */
  confidence: number;
}

export interface LookupResult {
  candidates: EntityCandidate[];
}

export interface TranscriptLine {
  speaker: string;
  affiliation: 'internal' | 'external' | 'unknown';
  startMs?: number | undefined;
  endMs?: number | undefined;
  text: string;
}

export interface TranscriptWindow {
  callId: string;
  title?: string | undefined;
  startedAt: string;
  deepLink?: string | undefined;
  fromMs: number;
  toMs: number;
  lines: TranscriptLine[];
}

export interface CoachingReportParams {
  /** Name, e-mail address, Gong user id or unified id of an internal person. */
  rep: string;
  /** ISO date or datetime, or a phrase such as "last quarter" or "Q3 2026". */
  from: string;
  to?: string | undefined;
  /** Unified ids, names or e-mails of the people to compare with; default `team`. */
  compareTo?: string[] | 'team' | undefined;
}

export interface TriggerSyncParams {
  sources?: SourceSystem[] | undefined;
  /** Re-read every input from the top; unchanged records are still recognised and skipped. */
  full?: boolean | undefined;
}

export interface SyncProgressEvent {
  records: number;
  source: SourceSystem;
  sourcesDone: number;
  sourcesTotal: number;
}

/** How a run ended; `done` of triggerSync resolves with it and never rejects. */
export interface SyncOutcome {
  status: 'succeeded' | 'failed';
  records: number;
  error?: string | undefined;
}

export interface SyncStatusResult {
  /** The requested run, or null when no run id was given. */
  run: SyncRunStatus | null;
  recentRuns: SyncRunStatus[];
  freshness: SourceFreshness[];
}

export interface MergeEntitiesParams {
  /** Unified id of the entity that survives. */
  keepId: string;
  /** Unified id of the entity merged into `keepId` and deleted. */
  mergeId: string;
  /** Report what would change and change nothing. */
  dryRun?: boolean | undefined;
  /** Who decided, for the audit log: `cli`, `mcp` or a user name. */
  actor?: string | undefined;
}

export interface SplitEntityParams {
  entityId: string;
  /** The source record to move to a new entity. */
  sourceSystem: SourceSystem;
  sourceId: string;
  dryRun?: boolean | undefined;
  actor?: string | undefined;
}

/** Outcome of a manual merge or split, or what it would be on a dry run. */
export interface EntityChange {
  action: 'merge' | 'split';
  dryRun: boolean;
  /** Entity that keeps the source records (merge) or gives one up (split), in its new state. */
  entity: EntitySummary;
  /** Entity that a merge deletes or a split creates. */
  other: EntitySummary;
  /** Source records that change entity. */
  moved: { sourceSystem: SourceSystem; sourceId: string }[];
  /** Manual decisions recorded, which later syncs respect. */
  decisions: { id: string; kind: 'merge' | 'never_merge' | 'pin' }[];
  /** Interactions whose people and companies were relinked. */
  interactionsRelinked: number;
}

export interface ResolveEntitiesParams {
  /**
   * Run every batch in one transaction and roll it back, so the report shows the outcome and
   * nothing changes.
   */
  dryRun?: boolean | undefined;
  /** Actor recorded in the audit log: `cli`, `mcp` or a user name. */
  actor?: string | undefined;
  /** Stored observations resolved per transaction; default 5,000. */
  batchSize?: number | undefined;
}

/** A count for each entity type. */
export interface EntityTypeCounts {
  company: number;
  person: number;
}

/** Outcome of re-resolving every stored observation, or what it would be on a dry run. */
export interface EntityResolutionReport {
  dryRun: boolean;
  observationsRead: number;
  batches: number;
  batchSize: number;
  entitiesBefore: EntityTypeCounts;
  entitiesAfter: EntityTypeCounts;
  /** Entities merged into others by the current rules. */
  merges: EntityTypeCounts;
  /**
   * Entities whose stored state changed: a new display name, names, addresses, cities or
   * affiliations, and the survivors of merges.
   */
  updated: EntityTypeCounts;
  /** Interactions relinked to entities (every interaction of the domain). */
  interactionsRelinked: number;
  /** Interactions whose linked people or companies changed. */
  linksChanged: number;
  /** Interactions whose new links went to the vector index; 0 on a dry run or without one. */
  linksSentToIndex: number;
  seconds: number;
}

/** Everything sophia holds about one person or company. */
export interface EntityCard extends EntitySummary {
  names: string[];
  emails: string[];
  domains: string[];
  /**
   * A person's cities as their CRM records give them, folded (`leeds`); empty for companies and
   * absent from cards cached before cities were kept.
   */
  cities?: string[];
  /** A person's companies over time, latest first. */
  companies: { id: string; name: string; firstSeen?: string | null; lastSeen?: string | null }[];
  /** A company's people, latest first. */
  people: { id: string; name: string; firstSeen?: string | null; lastSeen?: string | null }[];
  sourceIds: SourceLink[];
  interactions: {
    total: number;
    /** Interactions in the `recentDays` before now. */
    recent: number;
    recentDays: number;
    bySource: Partial<Record<SourceSystem, number>>;
    lastAt: string | null;
  };
  decisions: { id: string; kind: string; actor: string; decidedAt: string; details: string }[];
}

export interface SophiaApi {
  readonly domain: string;
  search(params: SearchParams): Promise<SearchResult>;
  timeline(params: TimelineParams): Promise<TimelineResult>;
  lookupEntity(params: LookupParams): Promise<LookupResult>;
  transcriptWindow(callId: string, fromMs: number, toMs: number): Promise<TranscriptWindow>;
  /** Start a sync; resolves with the run id as soon as it is recorded. Absent where syncs are not served. */
  triggerSync?(
    params: TriggerSyncParams,
    onProgress?: (event: SyncProgressEvent) => void,
  ): Promise<{ runId: string; done: Promise<SyncOutcome> }>;
  /** One run's state, the latest runs and per-source freshness. */
  syncStatus?(runId?: string): Promise<SyncStatusResult>;
  coachingReport(params: CoachingReportParams): Promise<CoachingReportResult>;
  /** Merge two entities by hand. Absent where the API is read-only. */
  mergeEntities?(params: MergeEntitiesParams): Promise<EntityChange>;
  /** Move one source record of an entity to a new entity by hand. Absent where read-only. */
  splitEntity?(params: SplitEntityParams): Promise<EntityChange>;
  /**
   * Resolve every stored observation again with the current rules, so entities they now match
   * are merged. Absent where the API is read-only.
   */
  resolveEntities?(params: ResolveEntitiesParams): Promise<EntityResolutionReport>;
  /** The card of one entity; throws NotFoundError for an unknown id. */
  entityCard?(id: string): Promise<EntityCard>;
}

/** A caller error: the message names the argument and the fix, and the tool returns it as-is. */
export class InvalidArgumentError extends Error {
  override readonly name = 'InvalidArgumentError';

  constructor(
    readonly argument: string,
    message: string,
  ) {
    super(message);
  }
}

/** Something the caller asked for does not exist (unknown call id, entity, cursor). */
export class NotFoundError extends Error {
  override readonly name = 'NotFoundError';
}
