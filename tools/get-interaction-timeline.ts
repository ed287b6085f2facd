import * as z from 'zod';
import type { TimelineEntry, TimelineResult } from '../src/api.js';
import { defineTool } from './define-tool.js';
import {
  dateBound,
  integerWithDefault,
  optionalText,
  paginationCursor,
  sourcesFilter,
} from './input-fields.js';
import {
  createDataFence,
  type DataFence,
  formatCitation,
  formatCoverage,
  formatNextPage,
} from './render-text.js';
import {
  citationSchema,
  coverageSchema,
  entitySummarySchema,
  toCitationOutput,
  toCoverageOutput,
  toEntitySummaryOutput,
  withoutUndefined,
} from './result-shapes.js';

const entrySchema = z.object({
  interaction_id: z.string(),
  title: z.string().optional(),
  summary: z.string().describe('One or two lines on what the interaction was about.'),
  citation: citationSchema,
});

type EntryOutput = z.infer<typeof entrySchema>;

export const getInteractionTimeline = defineTool({
  name: 'get_interaction_timeline',
  title: 'Interaction timeline',
  description:
    'Lists every interaction with one company or one person across Gong calls, Slack, HubSpot ' +
    'and Salesforce, in time order, each with a short summary and a citation (source, time, ' +
    'speaker, deep link). Pass exactly one of company or person. Returns the resolved entity, ' +
    'so check that it is the one meant; if a name is ambiguous, call lookup_entity first and ' +
    'pass the unified id. Paginated: up to 100 entries per page, pass next_cursor back as ' +
    'cursor. To find what was said about a topic, use search_customer_interactions instead.',
  type: 'readOnly',
  inputSchema: {
    company: optionalText(
      'The company: a name (fuzzy), a web domain, or a unified id from lookup_entity. Leave ' +
        'out when person is given.',
    ),
    person: optionalText(
      'The person: a name (fuzzy), an e-mail address, or a unified id from lookup_entity. ' +
        'Leave out when company is given.',
    ),
    from: dateBound('from'),
    to: dateBound('to'),
    sources: sourcesFilter(),
    limit: integerWithDefault(1, 100, 25, 'Maximum number of entries per page, 1 to 100.'),
    cursor: paginationCursor(),
  },
  inputRules: [
    {
      check: (args) => (args.company === undefined) !== (args.person === undefined),
      message:
        'Pass exactly one of "company" or "person": company for an account\'s timeline, ' +
        "person for one contact's timeline.",
    },
  ],
  outputSchema: {
    entity: entitySummarySchema.describe('The company or person the timeline belongs to.'),
    entries: z.array(entrySchema),
    next_cursor: z
      .string()
      .optional()
      .describe('Pass as cursor to get the next page; absent on the last page.'),
    coverage: coverageSchema,
  },
  async handler(args, { api }) {
    const result = await api.timeline({
      company: args.company,
      person: args.person,
      from: args.from,
      to: args.to,
      sources: args.sources,
      limit: args.limit,
      cursor: args.cursor,
    });

    const structured = toTimelineOutput(result);
    return { structured, text: renderTimeline(structured) };
  },
});

function toTimelineOutput(result: TimelineResult) {
  return withoutUndefined({
    entity: toEntitySummaryOutput(result.entity),
    entries: result.entries.map(toEntryOutput),
    next_cursor: result.nextCursor,
    coverage: toCoverageOutput(result.coverage),
  });
}

function toEntryOutput(entry: TimelineEntry): EntryOutput {
  return withoutUndefined({
    interaction_id: entry.interactionId,
    title: entry.title,
    summary: entry.summary,
    citation: toCitationOutput(entry.citation),
  });
}

function renderTimeline(output: ReturnType<typeof toTimelineOutput>): string {
  const fence = createDataFence();
  const { entity } = output;
  const count = output.entries.length;
  const more = output.next_cursor === undefined ? '' : ' on this page, more follow (see the end)';
  const lines = [
    `Timeline of ${entity.name} (${entity.type}, id ${entity.id}): ` +
      `${count} ${count === 1 ? 'entry' : 'entries'}${more}.`,
  ];
  if (count > 0) {
    lines.push(fence.notice);
  }

  output.entries.forEach((entry, index) => {
    lines.push('', renderEntry(entry, index + 1, fence));
  });

  lines.push('');
  const nextPage = formatNextPage(output.next_cursor);
  if (nextPage !== undefined) {
    lines.push(nextPage);
  }

  lines.push(formatCoverage(output.coverage));
  return lines.join('\n');
}

function renderEntry(entry: EntryOutput, position: number, fence: DataFence): string {
  const quoted = entry.title === undefined ? entry.summary : `${entry.title}\n${entry.summary}`;

  return [
    `${position}. ${formatCitation(entry.citation)}`,
    fence.wrap(quoted),
    `(interaction ${entry.interaction_id})`,
  ].join('\n');
}
