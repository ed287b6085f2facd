import {
  type EntitySummary,
  InvalidArgumentError,
  NotFoundError,
  type TimelineParams,
  type TimelineResult,
  type TranscriptWindow,
} from '../api.js';
import type { InteractionKind, SourceSystem } from '../model.js';
import { cursorKey, decodeCursor, encodeCursor, snippet } from './query.js';
import { buildCoverage, citationOf, filterSql, resolveFilters, type SearchDeps } from './search.js';

interface TimelineRow {
  id: string;
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
  first_text: string | null;
}

/** Everything about one company or person across sources, oldest first, paginated. */
export async function timeline(deps: SearchDeps, params: TimelineParams): Promise<TimelineResult> {
  const hasCompany = Boolean(params.company?.trim());
  const hasPerson = Boolean(params.person?.trim());
  if (hasCompany === hasPerson) {
    throw new InvalidArgumentError(
      'company',
      'Invalid arguments "company" and "person": give exactly one of them, a name, e-mail, domain or entity id',
    );
  }
  const limit = params.limit ?? 25;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) {
    throw new InvalidArgumentError(
      'limit',
      `Invalid argument "limit": must be an integer from 1 to 100; got ${limit}`,
    );
  }

  const filters = await resolveFilters(deps, params);
  // A name matching several entities (two people with one name) must not blend their timelines.
  const ids = filters.companyIds ?? filters.personIds ?? [];
  const names = filters.companyNames ?? filters.personNames ?? [];
  if (ids.length > 1) {
    const argument = hasCompany ? 'company' : 'person';
    throw new InvalidArgumentError(
      argument,
      `Invalid argument "${argument}": ${JSON.stringify(params.company ?? params.person)} matches ${ids.length} entities ` +
        `(${names.join(', ')}); call lookup_entity and pass the entity id you mean`,
    );
  }
  const entity = await entitySummary(deps, ids[0] ?? '');

  const key = cursorKey({ ids, filters: [filters.sources, filters.range.from, filters.range.to] });
  const offset = decodeCursor(params.cursor, key);
  const where = filterSql(deps.schema, filters, 1);
  const s = deps.schema;
  const rows = await deps.db.query<TimelineRow>(
    `SELECT i.id, i.source_system, i.source_id, i.kind, i.occurred_at, i.title, i.author_name, i.deep_link, i.call_id,
       (SELECT e.display_name FROM ${s}.interaction_entities ie JOIN ${s}.entities e ON e.id = ie.entity_id
         WHERE ie.interaction_id = i.id AND ie.entity_type = 'company' ORDER BY e.display_name LIMIT 1) AS company,
       (SELECT e.display_name FROM ${s}.interaction_entities ie JOIN ${s}.entities e ON e.id = ie.entity_id
         WHERE ie.interaction_id = i.id AND ie.entity_type = 'person' AND NOT e.is_internal
         ORDER BY e.display_name LIMIT 1) AS person,
       (SELECT p.text FROM ${s}.passages p WHERE p.interaction_id = i.id ORDER BY p.ordinal LIMIT 1) AS first_text
     FROM ${s}.interactions i
     WHERE ${where.sql}
     ORDER BY i.occurred_at, i.id
     LIMIT ${limit + 1} OFFSET ${offset}`,
    where.params,
  );

  return {
    entity,
    entries: rows.slice(0, limit).map((row) => ({
      interactionId: row.id,
      title: row.title ?? undefined,
      summary: snippet(row.first_text ?? '', [], 240),
      citation: citationOf(row),
    })),
    nextCursor: rows.length > limit ? encodeCursor(offset + limit, key) : undefined,
    coverage: await buildCoverage(deps, filters, deps.vectors),
  };
}

async function entitySummary(deps: SearchDeps, id: string): Promise<EntitySummary> {
  const rows = await deps.db.query<{
    id: string;
    entity_type: 'person' | 'company';
    display_name: string;
    is_internal: boolean;
  }>(
    `SELECT id, entity_type, display_name, is_internal FROM ${deps.schema}.entities WHERE id = $1`,
    [id],
  );
  const row = rows[0];
  if (row === undefined) throw new NotFoundError(`No entity with id ${id}`);

  return { id: row.id, type: row.entity_type, name: row.display_name, internal: row.is_internal };
}

/** Speaker turns of a call between two offsets, for the transcript resource. */
export async function transcriptWindow(
  deps: Pick<SearchDeps, 'db' | 'schema'>,
  callId: string,
  fromMs: number,
  toMs: number,
): Promise<TranscriptWindow> {
  if (!(fromMs >= 0) || !(toMs > fromMs)) {
    throw new InvalidArgumentError(
      'from_ms',
      `Invalid window ${fromMs}–${toMs} ms: from_ms must be ≥ 0 and below to_ms`,
    );
  }
  const calls = await deps.db.query<{
    id: string;
    title: string | null;
    occurred_at: Date;
    deep_link: string | null;
  }>(
    `SELECT id, title, occurred_at, deep_link FROM ${deps.schema}.interactions
     WHERE source_system = 'gong' AND call_id = $1`,
    [callId],
  );
  const call = calls[0];
  if (call === undefined)
    throw new NotFoundError(
      `No Gong call with id ${callId}; search_customer_interactions returns call ids`,
    );

  const lines = await deps.db.query<{
    speaker_name: string | null;
    speaker_affiliation: string | null;
    start_ms: number | null;
    end_ms: number | null;
    text: string;
  }>(
    `SELECT speaker_name, speaker_affiliation, start_ms, end_ms, text FROM ${deps.schema}.passages
     WHERE interaction_id = $1 AND (start_ms IS NULL OR (start_ms < $3::bigint AND COALESCE(end_ms, start_ms) > $2::bigint))
     ORDER BY ordinal`,
    [call.id, fromMs, toMs],
  );

  return {
    callId,
    title: call.title ?? undefined,
    startedAt: call.occurred_at.toISOString(),
    deepLink: call.deep_link ?? undefined,
    fromMs,
    toMs,
    lines: lines.map((line) => ({
      speaker: line.speaker_name ?? 'Unknown speaker',
      affiliation:
        (line.speaker_affiliation as 'internal' | 'external' | 'unknown' | null) ?? 'unknown',
      startMs: line.start_ms ?? undefined,
      endMs: line.end_ms ?? undefined,
      text: line.text,
    })),
  };
}
