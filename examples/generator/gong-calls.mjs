/**
 * The recorded calls. Each transcript is a list of monologues `[speaker, topic, sentences]`.
 * A speaker is a TEAM or CONTACTS key, or `UNKNOWN_SPEAKER` for a voice that Gong could not
 * match to any party. gong.mjs computes the timings from the word counts.
 */

export const UNKNOWN_SPEAKER = 'unknown';

const kestrelDiscovery = {
  key: 'kestrel-discovery',
  title: 'Kestrel Freight <> Pay Ready | Discovery',
  scheduled: '2026-09-15T15:00:00Z',
  started: '2026-09-15T15:01:37Z',
  primaryUser: 'dana',
  company: 'kestrel',
  purpose: 'Discovery',
  system: 'Zoom',
  direction: 'Conference',
  media: 'Video',
  parties: [
    { team: 'dana' },
    { team: 'priya' },
    { contact: 'tanaka', name: 'Bob Tanaka' },
    { contact: 'bello' },
  ],
  brief:
    'Kestrel Freight pays about 4,000 carriers a month through bank-portal ACH files and paper ' +
    'checks. Aisha Bello described a bank-change fraud in March that cost roughly $85,000 and ' +
    'nine-day month-end closes. Bob Tanaka saw a Ledgerly demo in August but rejected moving ' +
    'banks. Budget locks mid-November; Kestrel wants to sign before year end.',
  keyPoints: [
    'Month-end close takes nine business days; goal is five.',
    'Bank-change verification is a spreadsheet and a callback today.',
    'Ledgerly was evaluated in August; switching banks is a non-starter.',
    'Security review with Chris Morgan (IT security) will be required.',
  ],
  outcome: { id: 'MEETING_BOOKED', category: 'Answered', name: 'Meeting booked' },
  actionItems: [
    [
      'priya',
      "I'll send the invite for the week of the twenty-eighth and share a short recap today.",
    ],
  ],
  transcript: [
    [
      'dana',
      'Introduction',
      [
        'Thanks for making time today, Bob, and nice to meet you, Aisha.',
        'Priya gave me the background from your first conversation, but I would love to hear it in your own words.',
        'Could you walk me through how vendor payments work at Kestrel today?',
      ],
    ],
    [
      'tanaka',
      'Current Process',
      [
        'Sure.',
        'We pay roughly four thousand carriers and owner-operators a month, plus the usual fuel and maintenance vendors.',
        'Most of it still runs through ACH files from our bank portal and a surprising number of paper checks.',
        "Aisha's team owns the day-to-day, so I will let her tell you the fun part.",
      ],
    ],
    [
      'bello',
      'Current Process',
      [
        'So the short version is that month-end close is painful, and last March it got really bad.',
        'We had a broker claim we had paid the wrong remit-to account for three months.',
        'To figure out what happened, two of my people spent almost two weeks pulling bank statements and matching them by hand against invoices in NetSuite.',
        "It turned out a carrier's bank details had been changed by e-mail, and someone on my team updated the vendor record without a callback.",
        'That was a fraud attempt, and we caught it late.',
        'We lost about eighty-five thousand dollars before the bank could claw part of it back.',
        'After that Bob asked me to put a verification step on every bank change, which we do now, but it is a spreadsheet and a phone call.',
        'And the carriers hate waiting, because a lot of them are small operators who need to get paid within a few days to cover fuel.',
        'So quick-pay requests come in by e-mail, by phone, sometimes through our dispatchers, and nobody has one view of what has been promised.',
        'At close my team reconciles something like nine thousand payments, and we still find duplicates every month.',
        'Honestly, I would like my people doing exception work instead of copy-paste work.',
        'That is the story.',
      ],
    ],
    [
      'dana',
      'Pain Points',
      [
        'That is really helpful, thank you, and I am sorry you went through that.',
        'How many people on your team touch payments in a typical week?',
      ],
    ],
    [
      'bello',
      'Pain Points',
      ['Six full-time, plus two dispatch coordinators who approve quick-pay requests.'],
    ],
    [
      'dana',
      'Pain Points',
      [
        'And when a carrier changes bank details today, what does the verification look like end to end?',
      ],
    ],
    [
      'bello',
      'Pain Points',
      [
        'We call the number we already have on file, never the one in the e-mail, and log it in the spreadsheet.',
        'It adds a day or two to every change.',
      ],
    ],
    [
      'dana',
      'Pain Points',
      ['Got it.', 'Where do invoices land first, and how do they get into NetSuite?'],
    ],
    [
      'tanaka',
      'Pain Points',
      [
        'Freight invoices come through our TMS, everything else lands in a shared inbox and gets keyed in.',
      ],
    ],
    [
      'priya',
      'Competition',
      [
        'Bob, on our first call you mentioned you had looked at other tools.',
        'Are you still evaluating anything?',
      ],
    ],
    [
      'tanaka',
      'Competition',
      [
        'We had a demo with Ledgerly in August.',
        'Their reconciliation looked decent, but they wanted us to move our operating accounts to their partner bank, which is a non-starter for us.',
      ],
    ],
    [
      'dana',
      'Competition',
      [
        'That is a common concern, and it is one place we are different, because Pay Ready works with the bank you already have.',
        'What would a successful first ninety days look like for you?',
      ],
    ],
    [
      'tanaka',
      'Next Steps',
      [
        'Close in five business days instead of nine, zero unverified bank changes, and carriers getting quick pay the same day.',
        'And I need something I can defend on price to our CFO, because budget for next year is already tight.',
      ],
    ],
    [
      'dana',
      'Next Steps',
      [
        'Understood.',
        'What does your budget process look like, and when would you need to decide?',
      ],
    ],
    [
      'tanaka',
      'Next Steps',
      [
        'Budget gets locked in mid-November.',
        'If we move forward, I would want to sign before the end of the year.',
      ],
    ],
    [
      'dana',
      'Next Steps',
      [
        'Then here is what I would suggest.',
        'Lena, our solutions engineer, runs a tailored demo on quick pay and bank-change verification in two weeks.',
        'Would it make sense to bring someone from IT, since your security team will want to see our SOC 2 report?',
      ],
    ],
    [
      'tanaka',
      'Next Steps',
      [
        'Yes, I will loop in Chris Morgan, he runs IT security.',
        'He will have a questionnaire for you.',
      ],
    ],
    [
      'priya',
      'Next Steps',
      ["I'll send the invite for the week of the twenty-eighth and share a short recap today."],
    ],
    ['dana', 'Next Steps', ['Thanks, both of you, talk soon.']],
  ],
};

const orchardSecurity = {
  key: 'orchard-security',
  title: 'Orchard Health - Security Review + Demo',
  scheduled: '2026-10-06T17:00:00Z',
  started: '2026-10-06T17:03:02Z',
  primaryUser: 'dana',
  company: 'orchard',
  purpose: 'Security Review',
  system: 'Zoom',
  direction: 'Conference',
  media: 'Video',
  parties: [
    { team: 'dana' },
    { team: 'lena' },
    { contact: 'cole' },
    { contact: 'morganOrchard' },
    { contact: 'park' },
  ],
  brief:
    "Hannah Cole ran Orchard Health's security review: SOC 2 Type II, HIPAA and a BAA for " +
    'patient refunds, SSO through Okta, data retention and the annual penetration test. Chris ' +
    'Morgan asked how pricing works across three clinic entities. Lena Ortiz will send the SOC 2 ' +
    'report under NDA and the completed questionnaire.',
  keyPoints: [
    'Patient refunds touch PHI, so Orchard needs a signed BAA.',
    'SSO via Okta with SAML is required; SCIM is a nice-to-have.',
    'Pricing question: one platform fee for three clinic entities or one per entity.',
  ],
  outcome: { id: 'NEXT_STEPS_SET', category: 'Answered', name: 'Next steps set' },
  actionItems: [
    [
      'lena',
      'I will send the SOC 2 Type II report under NDA and the completed questionnaire by Thursday.',
    ],
  ],
  transcript: [
    [
      'dana',
      'Call Setup',
      [
        'Thanks everyone for joining.',
        "Hannah, I know you have a list, so why don't we start with your security questions and leave the demo for the second half?",
      ],
    ],
    [
      'cole',
      'Security',
      [
        'That works.',
        'First question is the obvious one: do you have a current SOC 2 Type II report, and what period does it cover?',
      ],
    ],
    [
      'lena',
      'Security',
      [
        'We do.',
        'Our latest SOC 2 Type II covers July of last year through June of this year, with no exceptions noted.',
        'I can share it under NDA today, along with the bridge letter for the months since.',
      ],
    ],
    [
      'cole',
      'Security',
      [
        'Good.',
        'Second, patient refunds are part of the scope, which means some payment records include PHI.',
        'Will you sign a business associate agreement?',
      ],
    ],
    [
      'lena',
      'Security',
      [
        'Yes, we sign BAAs with healthcare customers, and refund payloads are encrypted at rest with per-tenant keys.',
        'We also let you restrict which fields are stored at all, so memo lines with patient details can be dropped before they reach us.',
      ],
    ],
    ['cole', 'Security', ['How do users sign in, and can we enforce SSO?']],
    [
      'lena',
      'Security',
      [
        'SAML SSO with Okta is standard, and you can make it mandatory for every user.',
        'SCIM provisioning is available too, so deprovisioning in Okta removes access within minutes.',
      ],
    ],
    ['cole', 'Security', ['And penetration testing?']],
    [
      'lena',
      'Security',
      [
        'An outside firm tests us every year, and the summary letter goes out with the SOC 2 report.',
        'The last test closed with no critical or high findings open.',
      ],
    ],
    [
      'cole',
      'Security',
      ['Last one from me: data retention and deletion at the end of a contract.'],
    ],
    [
      'lena',
      'Security',
      [
        'By default we keep payment records for seven years for audit, but the retention period is configurable, and on termination we delete within thirty days and send a certificate.',
      ],
    ],
    ['dana', 'Pricing', ['Chris, you had a question on commercials before we jump into the demo?']],
    [
      'morganOrchard',
      'Pricing',
      [
        'Yes.',
        'We run three clinic groups as separate legal entities, each with its own bank accounts.',
        'Is that one platform fee or three?',
        'Because if it is three, the number gets hard to justify against what we pay our current bank for bill pay.',
      ],
    ],
    [
      'dana',
      'Pricing',
      [
        'It is one platform fee for the organization, and entities are included up to five.',
        'Transaction pricing is pooled across entities, so volume from all three clinics counts toward the same tier.',
        'Would it help if I put together a pricing summary for three entities before your budget meeting?',
      ],
    ],
    [
      'morganOrchard',
      'Pricing',
      ['That would help, yes.', 'Our budget review is the week of November sixteenth.'],
    ],
    [
      'park',
      'Demo',
      [
        'Before the demo, can you show how a refund gets approved?',
        'My team issues about six hundred patient refunds a month, and approvals are where things stall.',
      ],
    ],
    [
      'lena',
      'Demo',
      [
        'Absolutely, I will start there.',
        'This is the approvals queue, filtered to refunds, and each request shows the policy that routed it.',
        'Anything under five hundred dollars can auto-approve, and anything above goes to a second approver.',
      ],
    ],
    ['park', 'Demo', ['That is much better than what we have.']],
    [
      'dana',
      'Next Steps',
      [
        'Great.',
        'So on our side, Lena sends the security package and I send the three-entity pricing summary.',
        'Hannah, what is your usual turnaround on a vendor review?',
      ],
    ],
    [
      'cole',
      'Next Steps',
      ['Two to three weeks once I have the report and the questionnaire back.'],
    ],
    [
      'lena',
      'Next Steps',
      [
        'I will send the SOC 2 Type II report under NDA and the completed questionnaire by Thursday.',
      ],
    ],
  ],
};

const bluefinRenewal = {
  key: 'bluefin-renewal',
  title: 'Bluefin Analytics | Renewal 2027 + Migration',
  scheduled: '2026-10-20T13:00:00Z',
  started: '2026-10-20T13:00:48Z',
  primaryUser: 'marcus',
  company: 'bluefin',
  purpose: 'Renewal',
  system: 'Microsoft Teams',
  direction: 'Conference',
  media: 'Video',
  parties: [{ team: 'marcus' }, { contact: 'weber' }, { contact: 'vogel' }],
  brief:
    'Renewal discussion with Bluefin Analytics. The renewal quote carries a 7% uplift on the ' +
    'current EUR 38,000 a year; Jonas Weber shared that Ledgerly quoted about EUR 31,000. ' +
    'Katrin Vogel needs four years of payment history migrated from the legacy SAP module for ' +
    'audit, with data kept in the EU. Marcus offered to cap the uplift at 3% for a two-year term.',
  keyPoints: [
    'Renewal uplift of 7% is the main objection; Ledgerly quoted about EUR 31,000.',
    'Data migration of four years of history from SAP FI is required before the audit in March.',
    'Data must stay in the EU (Frankfurt region).',
    'Offer on the table: uplift capped at 3% with a two-year term.',
  ],
  outcome: { id: 'NEXT_STEPS_SET', category: 'Answered', name: 'Next steps set' },
  actionItems: [
    [
      'marcus',
      'I will send the revised renewal quote with the three percent cap and a migration plan by Friday.',
    ],
  ],
  transcript: [
    [
      'marcus',
      'Small Talk',
      ['Hallo Jonas, hallo Katrin, thanks for making the time.', 'How was the quarter close?'],
    ],
    [
      'weber',
      'Small Talk',
      [
        'Faster than last year, which is partly thanks to you.',
        'But let us talk about the renewal, because I have had some questions from our CFO.',
      ],
    ],
    [
      'weber',
      'Pricing',
      [
        'The quote you sent has a seven percent increase, from thirty-eight thousand to a bit over forty thousand euros.',
        'To be transparent, Ledgerly approached us and quoted around thirty-one thousand for similar scope.',
        'I do not want to switch, but I cannot take a seven percent increase to the CFO when a competitor is that much lower.',
      ],
    ],
    [
      'marcus',
      'Pricing',
      [
        'I appreciate you being direct about it.',
        'Can I ask what the Ledgerly quote includes, for example is the SAP integration and the approval workflows in that number?',
      ],
    ],
    [
      'weber',
      'Pricing',
      [
        'The integration is an extra line, I think about four thousand.',
        'Approvals are included, but only single-level.',
      ],
    ],
    [
      'marcus',
      'Pricing',
      [
        'That is useful.',
        'Here is what I can do: if we move to a two-year term, I can cap the uplift at three percent, and the price is locked for both years.',
        'Would that be something you could take to your CFO?',
      ],
    ],
    [
      'weber',
      'Pricing',
      ['Three percent with a lock is much easier to defend.', 'Let me see it in writing.'],
    ],
    [
      'vogel',
      'Data Migration',
      [
        'My topic is the data migration.',
        'We have four years of payment history in the old SAP FI module, and the auditors want it in one place before the audit in March.',
        'Can you migrate that history, and does it stay in the EU?',
      ],
    ],
    [
      'marcus',
      'Data Migration',
      [
        'Yes to both.',
        'Your tenant is hosted in our Frankfurt region, and migrated history stays there.',
        'For four years of data, the usual plan is a test load in January, reconciliation with your team, and the final load two weeks later.',
        'How clean is the vendor master in SAP today?',
      ],
    ],
    [
      'vogel',
      'Data Migration',
      [
        'Honestly, not very clean.',
        'We have duplicates from the merger in 2024, maybe three hundred vendors that exist twice.',
      ],
    ],
    [
      'marcus',
      'Data Migration',
      [
        'Then we should dedupe before the test load, and our migration team has a matching report for exactly that.',
        'Is there a hard deadline besides the audit?',
      ],
    ],
    [
      'vogel',
      'Data Migration',
      [
        'The audit fieldwork starts on March the first, so everything must be reconciled by mid-February.',
      ],
    ],
    [
      'weber',
      'Next Steps',
      [
        'Good.',
        'Send us the revised quote and a migration plan, and I will put it on the CFO agenda for early November.',
      ],
    ],
    [
      'marcus',
      'Next Steps',
      [
        'I will send the revised renewal quote with the three percent cap and a migration plan by Friday.',
        'Thank you both.',
      ],
    ],
  ],
};

const kestrelPricing = {
  key: 'kestrel-pricing',
  title: 'Kestrel Freight - Pricing & Security Follow-up',
  scheduled: '2026-11-05T16:00:00Z',
  started: '2026-11-05T16:02:21Z',
  primaryUser: 'dana',
  company: 'kestrel',
  purpose: 'Negotiation',
  system: 'Zoom',
  direction: 'Conference',
  media: 'Video',
  parties: [
    { team: 'dana' },
    { team: 'lena' },
    // Gong took the name from the calendar invite this time.
    { contact: 'tanaka', name: 'Robert Tanaka' },
    { contact: 'morganKestrel' },
    { contact: 'bello', methods: ['Invitee'], noSpeaker: true },
  ],
  brief:
    'Robert Tanaka pushed back on pricing: Ledgerly quoted $0.30 per ACH payment with no ' +
    "platform fee in year one, against Pay Ready's $0.45 and $4,500 a month. He asked for a 20% " +
    'discount. Chris Morgan reviewed SOC 2, SSO with Okta and encryption and asked for the pen ' +
    'test summary. Implementation would take about eight weeks with the NetSuite connector.',
  keyPoints: [
    'Kestrel asked for a 20% discount; Ledgerly is the price anchor.',
    'Dana offered to explore a multi-year structure instead of a flat discount.',
    'Security: SOC 2 Type II accepted pending pen test summary.',
    'Implementation: eight weeks, NetSuite connector, start in January.',
  ],
  outcome: { id: 'NEXT_STEPS_SET', category: 'Answered', name: 'Next steps set' },
  actionItems: [
    ['dana', 'I will send a revised proposal with a three-year option by tomorrow.'],
    ['lena', 'I will send the pen test summary letter to Chris today.'],
  ],
  comments: [
    {
      by: 'tom',
      // The comment is pinned to the moment this sentence starts.
      sentence: [
        'dana',
        'Our quick pay is a quarter percent and runs from your existing accounts, and at the two thousand quick-pay payouts a month Aisha mentioned, that alone closes most of the gap.',
      ],
      comment:
        'Nice handling of the Ledgerly comparison here, anchoring on total cost instead of per-payment fees.',
      posted: '2026-11-05T21:14:09Z',
    },
  ],
  transcript: [
    [
      'dana',
      'Call Setup',
      [
        'Thanks for joining, Robert, and welcome, Chris.',
        "I would like to cover pricing first, then Chris's security questions, and end with the implementation timeline.",
        'Does that work?',
      ],
    ],
    [
      'tanaka',
      'Pricing',
      [
        'Works for me, and I will be blunt about pricing.',
        'Your proposal has forty-five cents per ACH payment and a platform fee of forty-five hundred a month.',
        'Ledgerly came back at thirty cents per payment and no platform fee in the first year.',
        'At our volume that is a big gap, and I need you closer to that number, something like a twenty percent discount.',
      ],
    ],
    [
      'dana',
      'Pricing',
      [
        'Thank you for being straightforward.',
        'Can I ask a couple of questions about the Ledgerly quote before we talk discount?',
        'Does their thirty cents include bank-change verification and same-day quick pay, or are those add-ons?',
      ],
    ],
    [
      'tanaka',
      'Pricing',
      [
        'Quick pay is an add-on, I believe one percent of the payout.',
        'Verification I am not sure about.',
      ],
    ],
    [
      'dana',
      'Pricing',
      ['And the bank switch they required earlier, is that still part of their proposal?'],
    ],
    [
      'tanaka',
      'Pricing',
      ['They softened it, but we would still need an account at their partner bank for quick pay.'],
    ],
    [
      'dana',
      'Pricing',
      [
        'That is helpful context.',
        'Our quick pay is a quarter percent and runs from your existing accounts, and at the two thousand quick-pay payouts a month Aisha mentioned, that alone closes most of the gap.',
        'I hear you on the headline number, though.',
        'Rather than a flat twenty percent, would a multi-year term with a lower platform fee work better for your CFO?',
      ],
    ],
    [
      'tanaka',
      'Pricing',
      [
        'Possibly.',
        'Our CFO likes predictability, so a price lock matters more to him than the first-year number.',
        'But I still need to show a real discount.',
      ],
    ],
    [
      'dana',
      'Pricing',
      ['Understood, I will take that back and come back with a three-year option.'],
    ],
    [
      'morganKestrel',
      'Security',
      [
        'Can I jump in with security?',
        'I read the SOC 2 Type II report Lena sent, and it looks clean.',
        'I have three follow-ups: SSO, encryption, and your latest penetration test.',
      ],
    ],
    [
      'lena',
      'Security',
      [
        'Sure.',
        'SSO is SAML with Okta, and you can enforce it for every Kestrel user.',
        'Data is encrypted in transit with TLS 1.2 or higher and at rest with AES-256, and bank account numbers are tokenized.',
        'The pen test summary letter is from August, and I can send it to you today.',
      ],
    ],
    [
      'morganKestrel',
      'Security',
      [
        'Good.',
        'Do you need any inbound firewall rules or an agent on our side for the NetSuite connector?',
      ],
    ],
    [
      'lena',
      'Security',
      [
        'No agent, the connector uses NetSuite token-based authentication, and all traffic is outbound from our platform.',
      ],
    ],
    [
      'morganKestrel',
      'Security',
      ['Then I do not expect blockers from security once I see the pen test letter.'],
    ],
    ['tanaka', 'Implementation', ['How long would implementation take if we signed in December?']],
    [
      'lena',
      'Implementation',
      [
        'About eight weeks.',
        'Week one is kickoff and the NetSuite connection, weeks two to four are vendor import and bank-change verification rules, and the last month is parallel runs and quick-pay rollout to carriers.',
      ],
    ],
    [
      'tanaka',
      'Implementation',
      [
        'So a January start means we are live by early March.',
        'That works, because our busy season starts in April.',
      ],
    ],
    [
      'dana',
      'Next Steps',
      [
        'Great.',
        'I will send a revised proposal with a three-year option by tomorrow.',
        'Robert, who else needs to sign off besides your CFO?',
      ],
    ],
    [
      'tanaka',
      'Next Steps',
      ['Procurement will want to see the contract, and Chris signs off on security.'],
    ],
    ['lena', 'Next Steps', ['I will send the pen test summary letter to Chris today.']],
  ],
};

const northgateIntro = {
  key: 'northgate-intro',
  title: 'Northgate Civil + Pay Ready: Intro',
  scheduled: '2026-11-12T10:00:00Z',
  started: '2026-11-12T10:01:12Z',
  primaryUser: 'marcus',
  company: 'northgate',
  purpose: 'Discovery',
  system: 'Google Meet',
  direction: 'Conference',
  media: 'Video',
  parties: [
    { team: 'marcus' },
    { team: 'priya' },
    { contact: 'okaforNorthgate' },
    { contact: 'fernandez' },
  ],
  brief:
    'Samira Okafor, who used Pay Ready at Bluefin Analytics, brought Pay Ready into Northgate ' +
    'Civil. Lucía Fernández needs subcontractor payouts across Spain, Portugal and Chile and a ' +
    'go-live before the Q2 construction season. Marcus walked through the platform and a ' +
    'ten-to-twelve-week implementation with data migration from spreadsheets and SAP Business One.',
  keyPoints: [
    'Champion: Samira Okafor, previously a Pay Ready user at Bluefin Analytics.',
    'Three entities: Spain, Portugal, Chile; about 1,100 subcontractors paid monthly.',
    'Implementation timeline of ten to twelve weeks; go-live needed before April.',
    'Ledgerly is not under evaluation; the alternative is building on the bank portal.',
  ],
  outcome: { id: 'NEXT_STEPS_SET', category: 'Answered', name: 'Next steps set' },
  actionItems: [
    [
      'marcus',
      'I will send a draft implementation timeline and a reference call with Bluefin next week.',
    ],
  ],
  transcript: [
    [
      'marcus',
      'Introduction',
      [
        'Samira, it is really good to see you again, and congratulations on the new role.',
        'Lucía, thank you for joining.',
      ],
    ],
    [
      'okaforNorthgate',
      'Introduction',
      [
        'Thanks, Marcus.',
        'Lucía, as I mentioned, I worked with Marcus when I was at Bluefin, and Pay Ready was the first tool that made our supplier payments boring, in a good way.',
      ],
    ],
    [
      'fernandez',
      'Current Process',
      [
        'That is why you are here.',
        'We pay around eleven hundred subcontractors every month across Spain, Portugal and Chile.',
        'Each country has its own bank portal and its own spreadsheet, and my team spends the first week of every month on payment runs.',
        'What I need to understand is whether you can handle three entities and three countries without three implementations.',
      ],
    ],
    [
      'marcus',
      'Platform Overview',
      [
        'Let me give you the full picture, and then I want to hear where it does not fit.',
        'Pay Ready sits between your ERP and your banks.',
        'Invoices and subcontractor certifications come in from SAP Business One, approvals run in Pay Ready, and payments go out through the banks you already use, SEPA in Spain and Portugal and local transfers in Chile.',
        'Each entity keeps its own bank accounts, approval rules and currency, but your team works in one queue and sees one cash forecast.',
        'For subcontractors we add onboarding: they enter their own bank details and tax documents, and every bank change goes through verification before a single euro moves.',
        'That last part matters more than people expect, because bank-change fraud is the most common way construction companies lose money on payouts.',
        'On reporting, every payment is reconciled back to the invoice automatically, and the close report is ready the day after the payment run.',
      ],
    ],
    [
      'marcus',
      'Implementation',
      [
        'Now the implementation timeline, because I know that is the real question.',
        'For three entities we plan ten to twelve weeks.',
        'The first two weeks are the SAP Business One connection and the entity setup.',
        'Weeks three to six are the data migration: we import your subcontractor master from the spreadsheets, clean duplicates, and load open invoices.',
        'Weeks seven to ten are parallel payment runs, Spain first, then Portugal, then Chile, because the Chilean bank files take the longest to certify.',
        'The last two weeks are buffer, and in my experience you want that buffer.',
        'Samira will remember that at Bluefin the migration was the part that needed the most attention, and we start it early for exactly that reason.',
      ],
    ],
    [
      'okaforNorthgate',
      'Implementation',
      ['That is true, the vendor cleanup was most of the work.'],
    ],
    [
      'fernandez',
      'Implementation',
      [
        'Our construction season ramps up in April, so I need to be live before then.',
        'If we started in January, is that realistic?',
      ],
    ],
    [
      'marcus',
      'Implementation',
      [
        'A January start gets you live in late March, so yes, with the buffer intact.',
        'What would make the January start hard on your side?',
      ],
    ],
    [
      'fernandez',
      'Implementation',
      [
        'Year-end close in January, mainly.',
        'My team is small, five people in Madrid and two in Santiago.',
      ],
    ],
    ['priya', 'Competition', ['Lucía, are you looking at any other options in parallel?']],
    [
      'fernandez',
      'Competition',
      [
        'Our bank offered to build something on their portal, and someone mentioned Ledgerly, but we have not talked to them.',
      ],
    ],
    [
      'marcus',
      'Next Steps',
      [
        'Fair enough.',
        'I will send a draft implementation timeline and a reference call with Bluefin next week.',
        'Would a short pricing overview for three entities help your budget planning too?',
      ],
    ],
    ['fernandez', 'Next Steps', ['Yes, please include it.']],
  ],
};

const dealReview = {
  key: 'deal-review',
  title: 'Weekly deal review (internal)',
  scheduled: '2026-11-18T20:00:00Z',
  started: '2026-11-18T20:00:10Z',
  durationSeconds: 1812,
  primaryUser: 'tom',
  company: null,
  purpose: 'Internal',
  system: 'Zoom',
  direction: 'Conference',
  media: 'Video',
  scope: 'Internal',
  isPrivate: true,
  parties: [{ team: 'tom' }, { team: 'dana' }, { team: 'marcus' }],
  brief: null,
  keyPoints: [],
  outcome: null,
  actionItems: [],
  transcript: null,
};

const kestrelNegotiation = {
  key: 'kestrel-negotiation',
  title: 'Kestrel Freight | Commercials',
  scheduled: '2026-11-24T17:30:00Z',
  started: '2026-11-24T17:31:54Z',
  primaryUser: 'dana',
  company: 'kestrel',
  purpose: 'Negotiation',
  system: 'Zoom',
  direction: 'Conference',
  media: 'Audio',
  parties: [
    { team: 'dana' },
    { team: 'tom' },
    { contact: 'tanaka', name: 'Bob Tanaka' },
    // Someone dialled in by phone; Gong has the number but no name and no voice print.
    { phoneOnly: '+1 614-555-0199', noSpeaker: true },
  ],
  brief:
    'Commercial close-out with Kestrel Freight. Pay Ready offered a 12% discount on the platform ' +
    'fee for a three-year term with annual prepay, ACH at $0.40 per payment, a three-year price ' +
    'lock and half of the implementation fee waived. Kestrel procurement joined by phone and ' +
    'asked for net-60 payment terms. Bob Tanaka expects signature by December 15.',
  keyPoints: [
    '12% discount on the platform fee for a three-year term with annual prepay.',
    'ACH at $0.40 per payment; price locked for three years.',
    'Procurement asked for net-60 terms; Pay Ready countered with net-45.',
    'Target signature December 15; implementation kickoff January 11.',
  ],
  outcome: { id: 'VERBAL_COMMIT', category: 'Answered', name: 'Verbal commit' },
  actionItems: [['dana', 'I will send the final order form with the three-year terms tonight.']],
  transcript: [
    [
      'dana',
      'Call Setup',
      [
        'Hi Bob, thanks for making time before the holiday.',
        'I brought Tom Becker, who leads our commercial team, so we can settle the open points today.',
      ],
    ],
    ['tom', 'Call Setup', ['Good to meet you, Bob.', 'Dana has kept me close to this one.']],
    ['tanaka', 'Call Setup', ['Likewise.', 'Someone from our procurement team dialled in too.']],
    [
      UNKNOWN_SPEAKER,
      'Call Setup',
      ['Hi, this is Gail from procurement, I am just listening in on the payment terms.'],
    ],
    [
      'dana',
      'Pricing',
      [
        'Welcome, Gail.',
        'So here is where we landed after your feedback on the fifth.',
        'On a three-year term with annual prepay, we take twelve percent off the platform fee, ACH drops to forty cents per payment, and quick pay stays at a quarter percent.',
        'The price is locked for all three years, and we waive half of the implementation fee.',
      ],
    ],
    [
      'tanaka',
      'Pricing',
      ['Twelve is less than the twenty I asked for.', 'Is that really the best you can do?'],
    ],
    [
      'tom',
      'Pricing',
      [
        'It is a fair question, and I will be honest with you.',
        'Twelve percent plus the price lock and the implementation waiver is more than we gave any customer of your size this year.',
        'Against the Ledgerly quote with their quick-pay fee, your three-year cost with us comes out lower, and you keep your banks.',
      ],
    ],
    [
      'tanaka',
      'Pricing',
      ['The price lock is what sells it to my CFO.', 'I can live with twelve percent.'],
    ],
    [
      UNKNOWN_SPEAKER,
      'Contract Terms',
      ['On payment terms, our standard is net sixty.', 'Can you accept that?'],
    ],
    [
      'tom',
      'Contract Terms',
      ['Our standard is net thirty, but with annual prepay we can meet you at net forty-five.'],
    ],
    // Gong leaves `topic` null where it could not classify a monologue.
    [UNKNOWN_SPEAKER, null, ['Net forty-five is acceptable.']],
    [
      'tanaka',
      'Next Steps',
      [
        'Then send me the final paperwork.',
        'I want it signed by December fifteenth so we can start in January.',
      ],
    ],
    [
      'dana',
      'Next Steps',
      [
        'I will send the final order form with the three-year terms tonight.',
        'Lena has pencilled in January eleventh for the implementation kickoff.',
        "Does that date work for Aisha's team?",
      ],
    ],
    [
      'tanaka',
      'Next Steps',
      ['It should, I will confirm with her tomorrow.', 'Thanks, both of you.'],
    ],
  ],
};

export const CALLS = [
  kestrelDiscovery,
  orchardSecurity,
  bluefinRenewal,
  kestrelPricing,
  northgateIntro,
  dealReview,
  kestrelNegotiation,
];
