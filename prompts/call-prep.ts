import { CITATION_RULES, definePrompt, promptArgument } from './define-prompt.js';

export const callPrep = definePrompt({
  name: 'call_prep',
  title: 'Call preparation',
  description:
    'Prepares the next call with a customer: where things stand, open questions and ' +
    'commitments, what the contact cares about, and a suggested agenda, all cited.',
  argsSchema: {
    company: promptArgument('The company: a name, a web domain, or a unified id.'),
    person: promptArgument(
      'The main contact on the call: a name, an e-mail address, or a unified id.',
    ).optional(),
  },
  render: ({ company, person }) => {
    let audience = `${JSON.stringify(company)}.`;
    let lookups = `1. Call lookup_entity with query ${JSON.stringify(company)} and type "company".`;
    const personSearch: string[] = [];

    if (person !== undefined) {
      const field = person.includes('@') ? 'email' : 'query';
      audience = `${JSON.stringify(company)} and ${JSON.stringify(person)}.`;
      lookups =
        `1. Call lookup_entity with query ${JSON.stringify(company)} and type "company", and ` +
        `again with ${field} ${JSON.stringify(person)} and type "person".`;
      personSearch.push(
        '4. Call search_customer_interactions with that person for "priorities and concerns" ' +
          'and "questions they asked", to learn what they care about.',
      );
    }

    return [
      `Prepare me for my next call with ${audience}`,
      '',
      `${lookups} If a lookup returns several plausible candidates, ask which one is meant ` +
        'before going on.',
      '2. Call get_interaction_timeline with the company id, from "past 90 days" and limit 20, ' +
        'to find the latest calls, messages and notes.',
      '3. Call search_customer_interactions with the company id for each of: "open questions", ' +
        '"commitments and next steps", "objections and concerns", "decision process".',
      ...personSearch,
      '',
      'Write: Where things stand (the last interaction and its date); What they care about; ' +
        'Open questions and commitments, ours and theirs; Risks; a suggested agenda with ' +
        'questions to ask.',
      '',
      CITATION_RULES,
    ].join('\n');
  },
});
