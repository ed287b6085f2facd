import { CITATION_RULES, definePrompt, promptArgument } from './define-prompt.js';

export const accountBrief = definePrompt({
  name: 'account_brief',
  title: 'Account brief',
  description:
    'A cited brief on one customer account: people, recent history, needs, risks and next steps.',
  argsSchema: {
    company: promptArgument('The company: a name, a web domain, or a unified id.'),
  },
  render: ({ company }) =>
    [
      `Prepare an account brief on the company ${JSON.stringify(company)} from sophia's records.`,
      '',
      `1. Call lookup_entity with query ${JSON.stringify(company)} and type "company". If more ` +
        'than one candidate could be meant, list them with their domains and ask which one ' +
        "before going on. Use the chosen candidate's id as company in the next steps.",
      '2. Call get_interaction_timeline with that company and from "past 180 days". When ' +
        'next_cursor is present, fetch further pages until the history is clear.',
      '3. Call search_customer_interactions with that company once for each of: "goals and ' +
        'priorities", "pricing and budget", "objections and concerns", "competitors", "next ' +
        'steps and commitments".',
      '',
      'Write the brief in these sections: Overview; People (their contacts and our people, ' +
        'with roles where known); Recent history; Needs and priorities; Risks and open ' +
        'questions; Next steps.',
      '',
      CITATION_RULES,
    ].join('\n'),
});
