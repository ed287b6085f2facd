import { CITATION_RULES, definePrompt, promptArgument } from './define-prompt.js';

export const dealReview = definePrompt({
  name: 'deal_review',
  title: 'Deal review',
  description:
    'Reviews the deal with one customer against MEDDICC (metrics, economic buyer, decision ' +
    'criteria and process, pain, champion, competition), with evidence and gaps.',
  argsSchema: {
    company: promptArgument('The company: a name, a web domain, or a unified id.'),
  },
  render: ({ company }) =>
    [
      `Review the deal with ${JSON.stringify(company)} from sophia's records.`,
      '',
      `1. Call lookup_entity with query ${JSON.stringify(company)} and type "company"; if ` +
        "several candidates could be meant, ask which one. Use the chosen candidate's id below.",
      '2. Call get_interaction_timeline with that company to see how the deal has moved.',
      '3. Call search_customer_interactions with that company once for each of: "budget and ' +
        'pricing", "decision makers and approval process", "timeline and deadlines", ' +
        '"competitors and alternatives", "pain points and business case", "risks, blockers ' +
        'and objections", "next steps".',
      '',
      'Write one section per MEDDICC element: Metrics, Economic buyer, Decision criteria, ' +
        'Decision process, Identify pain, Champion, Competition. Mark each element Confirmed ' +
        '(with citations), Weak or Unknown. Then list the main risks and the next actions you ' +
        'recommend.',
      '',
      CITATION_RULES,
    ].join('\n'),
});
