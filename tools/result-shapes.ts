/**
 * Output schemas shared by the tools, and converters from the API's camelCase objects to the
 * snake_case `structuredContent` that MCP clients receive.
 */
import * as z from 'zod';
import { transcriptUriAround } from '../resources/transcript-uri.js';
import type { Citation, Coverage, EntitySummary } from '../src/api.js';
import { INTERACTION_KINDS, SOURCE_SYSTEMS } from '../src/model.js';

export const citationSchema = z
  .object({
    source: z.enum(SOURCE_SYSTEMS),
    source_id: z
      .string()
      .describe('Native id in the source: call id, note id, or channel:thread_ts for Slack.'),
    kind: z.enum(INTERACTION_KINDS),
    time: z.string().describe('ISO 8601 time of the passage, or of the interaction.'),
    speaker: z.string().optional(),
    company: z.string().optional(),
    person: z.string().optional(),
    deep_link: z.string().optional().describe('Link that opens the passage in its source.'),
    call_id: z.string().optional(),
    start_ms: z.number().optional().describe('Offset from the start of the call, in ms.'),
    end_ms: z.number().optional(),
    transcript_uri: z
      .string()
      .optional()
      .describe('Resource URI of the transcript around this passage, for calls.'),
  })
  .describe('Where the passage comes from; quote it with every claim.');

export const coverageSchema = z
  .object({
    sources: z.array(
      z.object({
        source: z.enum(SOURCE_SYSTEMS),
        searched: z.number().describe('Interactions that passed the filters and were ranked.'),
        last_synced_at: z
          .string()
          .nullable()
          .describe('ISO time of the last committed sync, or null if never synced.'),
      }),
    ),
    retrieval: z.enum(['hybrid', 'full_text']),
    note: z.string(),
    applied_filters: z
      .record(z.string(), z.unknown())
      .describe('Filters as applied, after resolving names and date phrases.'),
  })
  .describe('What was searched and how fresh each source is.');

export const entitySummarySchema = z.object({
  id: z.string().describe('Unified entity id; pass it as company or person to other tools.'),
  type: z.enum(['person', 'company']),
  name: z.string(),
  internal: z.boolean().describe("True for the sales team's own people."),
});

export type CitationOutput = z.infer<typeof citationSchema>;
export type CoverageOutput = z.infer<typeof coverageSchema>;

/** Converts an API citation, adding the transcript resource URI for call passages. */
export function toCitationOutput(citation: Citation): CitationOutput {
  return withoutUndefined({
    source: citation.source,
    source_id: citation.sourceId,
    kind: citation.kind,
    time: citation.time,
    speaker: citation.speaker,
    company: citation.company,
    person: citation.person,
    deep_link: citation.deepLink,
    call_id: citation.callId,
    start_ms: citation.startMs,
    end_ms: citation.endMs,
    transcript_uri: transcriptUriAround(citation),
  });
}

/** Converts an API coverage note, including the keys of `appliedFilters`. */
export function toCoverageOutput(coverage: Coverage): CoverageOutput {
  return {
    sources: coverage.sources.map((source) => ({
      source: source.source,
      searched: source.searched,
      last_synced_at: source.lastSyncedAt,
    })),
    retrieval: coverage.retrieval,
    note: coverage.note,
    applied_filters: snakeCaseKeys(coverage.appliedFilters),
  };
}

/** Converts an API entity summary. */
export function toEntitySummaryOutput(entity: EntitySummary): z.infer<typeof entitySummarySchema> {
  return { id: entity.id, type: entity.type, name: entity.name, internal: entity.internal };
}

/** Drops keys whose value is undefined, so that `structuredContent` carries no empty fields. */
export function withoutUndefined<T extends object>(value: T): T {
  const entries = Object.entries(value).filter(([, field]) => field !== undefined);
  return Object.fromEntries(entries) as T;
}

function snakeCaseKeys(record: Record<string, unknown>): Record<string, unknown> {
  const entries = Object.entries(record).map(([key, value]) => [
    key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`),
    value,
  ]);

  return Object.fromEntries(entries);
}
