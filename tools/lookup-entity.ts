import * as z from 'zod';
import type { EntityCandidate } from '../src/api.js';
import { SOURCE_SYSTEMS } from '../src/model.js';
import { defineTool } from './define-tool.js';
import { integerWithDefault, oneOf, optionalEmail, optionalText } from './input-fields.js';
import { formatTime } from './render-text.js';
import { withoutUndefined } from './result-shapes.js';

const sourceLinkSchema = z.object({
  source_system: z.enum(SOURCE_SYSTEMS),
  source_id: z.string(),
  object_type: z.string().describe('Kind of record behind the id: user, contact, owner, party.'),
  confidence: z.number().describe('Confidence of the link to the unified entity, 0 to 1.'),
  evidence: z
    .record(z.string(), z.unknown())
    .describe('Why the id was linked: the rule that matched and the values it compared.'),
});

const candidateSchema = z.object({
  id: z.string().describe('Unified entity id; pass it as company or person to other tools.'),
  type: z.enum(['person', 'company']),
  name: z.string(),
  internal: z.boolean().describe("True for the sales team's own people."),
  match_score: z.number().describe('How well the candidate matches the lookup, 0 to 1.'),
  emails: z.array(z.string()),
  domains: z.array(z.string()),
  companies: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      first_seen: z.string().nullable().optional(),
      last_seen: z.string().nullable().optional(),
    }),
  ),
  source_ids: z.array(sourceLinkSchema),
  confidence: z.number().describe("Lowest link confidence among the entity's source ids."),
});

type CandidateOutput = z.infer<typeof candidateSchema>;

export const lookupEntity = defineTool({
  name: 'lookup_entity',
  title: 'Look up a person or company',
  description:
    'Finds a person or company by name (fuzzy), e-mail address, or the id one source system ' +
    'uses (a HubSpot contact id, a Slack user id, a Gong party id). Returns candidates, best ' +
    'first, each with its unified id, e-mails, domains, companies, every source id linked to ' +
    'it, and the confidence and evidence of each link. Use it to answer "who is X", and to pick ' +
    'the right unified id before calling get_interaction_timeline or ' +
    'search_customer_interactions. It returns no interactions.',
  type: 'readOnly',
  inputSchema: {
    query: optionalText('A name or part of one, e.g. "Bob Smith" or "Northwind". Matched fuzzily.'),
    email: optionalEmail('An exact e-mail address; upper and lower case match alike.'),
    source_system: oneOf(SOURCE_SYSTEMS)
      .optional()
      .describe('Source system of source_id; pass both together.'),
    source_id: optionalText('An id as source_system stores it; pass both together.'),
    type: oneOf(['person', 'company'])
      .optional()
      .describe('Only candidates of this type. Omit to get people and companies.'),
    limit: integerWithDefault(1, 20, 5, 'Maximum number of candidates, 1 to 20.'),
  },
  inputRules: [
    {
      check: (args) => (args.source_system === undefined) === (args.source_id === undefined),
      message: 'Pass "source_system" and "source_id" together, or neither.',
    },
    {
      check: (args) =>
        args.query !== undefined || args.email !== undefined || args.source_id !== undefined,
      message:
        'Pass at least one of "query" (a name), "email", or "source_system" with "source_id".',
    },
  ],
  outputSchema: {
    candidates: z.array(candidateSchema).describe('Best match first; empty when nothing matched.'),
  },
  async handler(args, { api }) {
    const result = await api.lookupEntity({
      query: args.query,
      email: args.email,
      sourceSystem: args.source_system,
      sourceId: args.source_id,
      type: args.type,
      limit: args.limit,
    });

    const candidates = result.candidates.map(toCandidateOutput);
    return { structured: { candidates }, text: renderCandidates(candidates) };
  },
});

function toCandidateOutput(candidate: EntityCandidate): CandidateOutput {
  return {
    id: candidate.id,
    type: candidate.type,
    name: candidate.name,
    internal: candidate.internal,
    match_score: candidate.matchScore,
    emails: candidate.emails,
    domains: candidate.domains,
    companies: candidate.companies.map((company) =>
      withoutUndefined({
        id: company.id,
        name: company.name,
        first_seen: company.firstSeen,
        last_seen: company.lastSeen,
      }),
    ),
    source_ids: candidate.sourceIds.map((link) => ({
      source_system: link.sourceSystem,
      source_id: link.sourceId,
      object_type: link.objectType,
      confidence: link.confidence,
      evidence: link.evidence,
    })),
    confidence: candidate.confidence,
  };
}

function renderCandidates(candidates: CandidateOutput[]): string {
  if (candidates.length === 0) {
    return 'No person or company matched. Try a shorter name, another spelling, or an e-mail.';
  }

  const blocks = candidates.map((candidate, index) => renderCandidate(candidate, index + 1));
  const heading =
    candidates.length === 1 ? '1 candidate.' : `${candidates.length} candidates, best first.`;
  return [heading, ...blocks].join('\n\n');
}

function renderCandidate(candidate: CandidateOutput, position: number): string {
  let side = '';
  if (candidate.type === 'person') {
    side = candidate.internal ? ', internal' : ', external';
  }

  const lines = [
    `${position}. ${candidate.name} (${candidate.type}${side}), id ${candidate.id}, ` +
      `match ${candidate.match_score.toFixed(2)}, link confidence ${candidate.confidence.toFixed(2)}`,
  ];

  if (candidate.emails.length > 0) {
    lines.push(`   e-mails: ${candidate.emails.join(', ')}`);
  }

  if (candidate.domains.length > 0) {
    lines.push(`   domains: ${candidate.domains.join(', ')}`);
  }

  if (candidate.companies.length > 0) {
    lines.push(`   companies: ${candidate.companies.map(formatAffiliation).join('; ')}`);
  }

  for (const link of candidate.source_ids) {
    lines.push(
      `   ${link.source_system} ${link.object_type} ${link.source_id} ` +
        `(confidence ${link.confidence.toFixed(2)}; evidence ${JSON.stringify(link.evidence)})`,
    );
  }

  return lines.join('\n');
}

function formatAffiliation(company: CandidateOutput['companies'][number]): string {
  const seen = [company.first_seen, company.last_seen].map((time) =>
    time === undefined || time === null ? '?' : formatTime(time).slice(0, 10),
  );
  const period = seen[0] === '?' && seen[1] === '?' ? '' : ` (${seen[0]} to ${seen[1]})`;

  return `${company.name}, id ${company.id}${period}`;
}
