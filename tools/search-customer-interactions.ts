import * as z from 'zod';
import type { SearchHit, SearchResult } from '../src/api.js';
import { defineTool } from './define-tool.js';
import {
  dateBound,
  integerWithDefault,
  oneOf,
  optionalInteger,
  optionalText,
  paginationCursor,
  requiredText,
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
  toCitationOutput,
  toCoverageOutput,
  withoutUndefined,
} from './result-shapes.js';

const DETAIL_LEVELS = ['ids', 'snippets', 'full'] as const;

const hitSchema = z.object({
  interaction_id: z.string(),
  title: z.string().optional(),
  score: z.number().describe('Relevance; higher is better. Only comparable within one reply.'),
  citation: citationSchema,
  text: z.string().optional().describe('Passage text; absent when detail is "ids".'),
  more_passages: z.number().describe('Other passages of the same interaction that also matched.'),
  matched_by: z
    .enum(['text', 'vector', 'both'])
    .optional()
    .describe(
      'Ranking that found the passage: "text" (it contains a query word), "vector" (only near ' +
        'in meaning, so it may be unrelated) or "both".',
    ),
});

type HitOutput = z.infer<typeof hitSchema>;

export const searchCustomerInteractions = defineTool({
  name: 'search_customer_interactions',
  title: 'Search customer interactions',
  description:
    'Searches what customers said, and what the team wrote about them, across Gong call ' +
    'transcripts, Slack messages, HubSpot notes and Salesforce notes and tasks. Returns ranked ' +
    'passages, each with a citation (source, time, speaker, company, deep link), and a coverage ' +
    'note saying which sources were searched and when each last synced. The company, person, ' +
    'sources and date filters apply before ranking. Replies are paginated: pass next_cursor ' +
    'back as cursor. Use detail "ids" to save tokens and "full" for whole passages; max_tokens caps the ' +
    'reply and sets truncated when it cuts. A hit with matched_by "vector" contains no query ' +
    'word and is only near in meaning. When no passage contains any query word, warning says ' +
    'so. Cite every claim with its citation. To see ' +
    'everything about one account in time order, use get_interaction_timeline; to find out ' +
    'who a name or e-mail refers to, use lookup_entity.',
  type: 'readOnly',
  inputSchema: {
    query: requiredText(
      'What to look for, in natural language or keywords, e.g. "pricing objections" or ' +
        '"renewal timeline". Up to 1000 characters.',
    ),
    company: optionalText(
      'Only interactions with this company: a name (fuzzy), a web domain, or a unified id from ' +
        'lookup_entity.',
    ),
    person: optionalText(
      'Only interactions with this person: a name (fuzzy), an e-mail address, or a unified id ' +
        'from lookup_entity.',
    ),
    sources: sourcesFilter(),
    from: dateBound('from'),
    to: dateBound('to'),
    limit: integerWithDefault(1, 50, 10, 'Maximum number of hits per page, 1 to 50.'),
    cursor: paginationCursor(),
    detail: oneOf(DETAIL_LEVELS)
      .default('snippets')
      .describe(
        'How much passage text to return: "ids" (citations only), "snippets" (the best ' +
          'sentences) or "full" (whole passages).',
      ),
    max_tokens: optionalInteger(
      100,
      20000,
      'Approximate cap on the size of the reply in tokens, 100 to 20000. Hits or passage text ' +
        'beyond it are cut and truncated is set.',
    ),
  },
  outputSchema: {
    hits: z.array(hitSchema),
    next_cursor: z
      .string()
      .optional()
      .describe('Pass as cursor to get the next page; absent on the last page.'),
    coverage: coverageSchema,
    truncated: z.boolean().describe('True when max_tokens cut the list or the passage text.'),
    warning: z
      .string()
      .optional()
      .describe(
        'Set when no passage contains any query word, so every hit is only near in meaning ' +
          'and may be unrelated; absent otherwise.',
      ),
  },
  async handler(args, { api }) {
    const result = await api.search({
      query: args.query,
      company: args.company,
      person: args.person,
      sources: args.sources,
      from: args.from,
      to: args.to,
      limit: args.limit,
      cursor: args.cursor,
      detail: args.detail,
      maxTokens: args.max_tokens,
    });

    const structured = toSearchOutput(result);
    return { structured, text: renderSearch(args.query, structured) };
  },
});

function toSearchOutput(result: SearchResult) {
  return withoutUndefined({
    hits: result.hits.map(toHitOutput),
    next_cursor: result.nextCursor,
    coverage: toCoverageOutput(result.coverage),
    truncated: result.truncated,
    warning: result.warning,
  });
}

function toHitOutput(hit: SearchHit): HitOutput {
  return withoutUndefined({
    interaction_id: hit.interactionId,
    title: hit.title,
    score: hit.score,
    citation: toCitationOutput(hit.citation),
    text: hit.text,
    more_passages: hit.morePassages,
    matched_by: hit.matchedBy,
  });
}

function renderSearch(query: string, output: ReturnType<typeof toSearchOutput>): string {
  const fence = createDataFence();
  const count = output.hits.length;
  const lines = output.warning === undefined ? [] : [`Warning: ${output.warning}`];
  lines.push(`${count} ${count === 1 ? 'hit' : 'hits'} for ${JSON.stringify(query)}.`);
  if (output.hits.some((hit) => hit.text !== undefined || hit.title !== undefined)) {
    lines.push(fence.notice);
  }

  output.hits.forEach((hit, index) => {
    lines.push('', renderHit(hit, index + 1, fence));
  });

  lines.push('');
  if (output.truncated) {
    lines.push('The reply was cut to fit max_tokens; raise max_tokens or use detail "ids".');
  }

  const nextPage = formatNextPage(output.next_cursor);
  if (nextPage !== undefined) {
    lines.push(nextPage);
  }

  lines.push(formatCoverage(output.coverage));
  return lines.join('\n');
}

function renderHit(hit: HitOutput, position: number, fence: DataFence): string {
  const lines = [`${position}. ${formatCitation(hit.citation)}`];
  const quoted = [hit.title === undefined ? undefined : `Title: ${hit.title}`, hit.text].filter(
    (part): part is string => part !== undefined,
  );
  if (quoted.length > 0) {
    lines.push(fence.wrap(quoted.join('\n')));
  }

  const more = hit.more_passages > 0 ? `; ${hit.more_passages} more matching passages` : '';
  const vectorOnly = hit.matched_by === 'vector' ? '; matched by meaning only' : '';
  lines.push(
    `(interaction ${hit.interaction_id}, score ${hit.score.toFixed(3)}${more}${vectorOnly})`,
  );

  return lines.join('\n');
}
