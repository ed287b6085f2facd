/**
 * Slack channels and messages. Message text is Slack mrkdwn with placeholders that slack.mjs
 * resolves: `{@dana}` becomes `<@U…>`, `{#deal-kestrel}` becomes `<#C…|deal-kestrel>`,
 * `{gong:kestrel-pricing}` becomes the Gong call URL. Authors are TEAM keys, `ext:<contact>` for
 * Kestrel people posting through the shared channel, or `bot`.
 * Text is already escaped the way Slack stores it (`&amp;`, `&lt;`, `&gt;`).
 */

export const CHANNELS = [
  {
    name: 'general',
    created: '2024-02-19T18:30:00Z',
    creator: 'tom',
    isGeneral: true,
    purpose: 'Company-wide announcements and work-based matters.',
    topic: '',
    members: ['tom', 'marcus', 'dana', 'priya', 'lena'],
  },
  {
    name: 'sales-team',
    created: '2024-02-20T17:05:11Z',
    creator: 'tom',
    purpose: 'Pay Ready sales team: pipeline, deal reviews, competitive intel.',
    topic: 'Deal review Thursdays 1pm PT',
    members: ['tom', 'marcus', 'dana', 'priya', 'lena'],
  },
  {
    name: 'deals-emea',
    created: '2024-06-10T08:44:27Z',
    creator: 'marcus',
    purpose: 'EMEA deals and renewals.',
    topic: 'Bluefin renewal, Northgate new logo',
    members: ['marcus', 'tom', 'priya'],
  },
  {
    name: 'deal-kestrel',
    created: '2026-09-15T17:12:40Z',
    creator: 'dana',
    purpose: 'Kestrel Freight, Inc. - new business, platform + quick pay.',
    topic: 'Target signature 12/15',
    members: ['dana', 'tom', 'priya', 'lena'],
  },
  {
    name: 'ext-kestrel-payready',
    created: '2026-10-01T14:20:05Z',
    creator: 'dana',
    shared: true,
    purpose: 'Shared channel between Kestrel Freight and Pay Ready for the evaluation.',
    topic: '',
    members: ['dana', 'lena', 'ext:tanaka', 'ext:morganKestrel'],
  },
];

/** Kestrel people who post through the shared channel; Slack lists them under Kestrel's team. */
export const EXTERNAL_AUTHORS = {
  tanaka: {
    displayName: 'Bob Tanaka',
    realName: 'Bob Tanaka',
    firstName: 'Bob',
    name: 'bob.tanaka',
  },
  morganKestrel: {
    displayName: 'Chris M.',
    realName: 'Chris Morgan',
    firstName: 'Chris',
    name: 'chris.morgan',
  },
};

export const MESSAGES = [
  // #general
  {
    channel: 'general',
    at: '2026-10-01T16:02:13Z',
    by: 'tom',
    text: 'Q3 closed at 104% of plan :tada: Thank you all. Q4 kickoff deck is in the team drive.',
    reactions: [['tada', ['dana', 'marcus', 'priya', 'lena']]],
  },

  // #sales-team
  {
    channel: 'sales-team',
    at: '2026-09-14T16:30:44Z',
    by: 'tom',
    text: 'Pipeline review moves to Thursdays at 1pm PT starting this week. Please update next steps in HubSpot before then.',
  },
  {
    channel: 'sales-team',
    at: '2026-09-15T17:40:02Z',
    by: 'bot',
    text: 'New deal created: *Kestrel Freight - Platform*',
    attachment: {
      title: 'Kestrel Freight - Platform',
      text: 'Owner: Dana Whitfield | Amount: $96,000 | Stage: Discovery',
    },
  },
  {
    channel: 'sales-team',
    at: '2026-10-08T09:15:27Z',
    by: 'marcus',
    text: 'Ledgerly is showing up in more deals: Bluefin just told me they got a quote around EUR 31k for the renewal scope. Does anyone have the latest battlecard?',
    replies: [
      {
        at: '2026-10-08T15:02:51Z',
        by: 'priya',
        text: 'Kestrel saw a Ledgerly demo in August too. Their pitch was reconciliation, but they require moving banks for quick pay.',
      },
      {
        at: '2026-10-08T15:20:09Z',
        by: 'tom',
        text: 'Battlecard updated last week: <https://wiki.payready.example/battlecards/ledgerly|Ledgerly battlecard>. Key points: total cost once quick-pay fees are in, the bank switch, single-level approvals only.',
      },
      {
        at: '2026-10-08T15:31:46Z',
        by: 'dana',
        text: 'Adding to that: lead with three-year total cost, not per-payment fees. Their $0.30 looks cheap until quick pay at 1% kicks in.',
        reactions: [['100', ['tom', 'marcus']]],
      },
    ],
  },
  {
    channel: 'sales-team',
    at: '2026-10-21T08:05:33Z',
    by: 'bot',
    text: 'Deal stage changed: *Bluefin Analytics - Renewal 2027* moved to *Negotiation*',
    attachment: {
      title: 'Bluefin Analytics - Renewal 2027',
      text: 'Owner: Marcus Oyelaran | Amount: EUR 39,140 | Stage: Negotiation',
    },
  },
  {
    channel: 'sales-team',
    at: '2026-11-06T17:12:58Z',
    by: 'tom',
    text: 'Reminder on pricing &amp; discounts: anything above 10% needs my approval in the deal channel, with term length and prepay noted.',
  },
  {
    channel: 'sales-team',
    at: '2026-11-25T02:44:16Z',
    by: 'bot',
    text: 'Deal stage changed: *Kestrel Freight - Platform* moved to *Contract Sent*',
    attachment: {
      title: 'Kestrel Freight - Platform',
      text: 'Owner: Dana Whitfield | Amount: $93,240 | Stage: Contract Sent',
    },
  },
  {
    channel: 'sales-team',
    at: '2026-11-30T18:20:37Z',
    by: 'tom',
    text: 'November recap: Kestrel verbal at 12% / 3 years, Bluefin renewal approved at +3% / 2 years, Northgate in discovery. Great work {@dana} {@marcus} {@priya}.',
    reactions: [['raised_hands', ['dana', 'marcus', 'priya', 'lena']]],
  },

  // #deal-kestrel
  {
    channel: 'deal-kestrel',
    at: '2026-09-15T17:14:08Z',
    by: 'dana',
    text: 'Channel for Kestrel Freight. Discovery today with Bob Tanaka (VP Finance) and Aisha Bello (AP manager). Pain: bank-change fraud (~$85k lost in March), 9-day close, quick-pay requests all over the place. Budget locks mid-November. Recording: <{gong:kestrel-discovery}|discovery call>',
  },
  {
    channel: 'deal-kestrel',
    at: '2026-09-15T19:03:41Z',
    by: 'priya',
    text: 'Recap e-mail sent to Bob and Aisha. Demo invite is out for 9/29 with {@lena}.',
  },
  { channel: 'deal-kestrel', at: '2026-09-29T15:55:20Z', by: 'lena', subtype: 'channel_join' },
  {
    channel: 'deal-kestrel',
    at: '2026-09-29T18:10:55Z',
    by: 'lena',
    text: 'Demo done. Aisha loved the bank-change verification flow. Bob asked about NetSuite, confirmed token-based auth and no agent on their side.',
  },
  {
    channel: 'deal-kestrel',
    at: '2026-10-01T14:25:31Z',
    by: 'dana',
    text: 'Chris Morgan (IT security) is the security reviewer. I set up {#ext-kestrel-payready} so he can send the questionnaire there.',
  },
  {
    channel: 'deal-kestrel',
    at: '2026-11-05T17:05:12Z',
    by: 'dana',
    text: 'Pricing call recap: Bob wants ~20% off. Ledgerly quoted $0.30 per ACH payment and no platform fee in year one. I pushed total cost (their quick pay is 1%, ours 0.25%) and floated a 3-year option. Chris Morgan is fine on security pending the pen test letter. <{gong:kestrel-pricing}|Gong recording>',
    edited: '2026-11-05T17:07:40Z',
    replies: [
      {
        at: '2026-11-05T17:20:33Z',
        by: 'tom',
        text: 'Good call not conceding on the call. What volume is behind their 30 cents?',
      },
      {
        at: '2026-11-05T17:26:02Z',
        by: 'dana',
        text: 'About 9k payments a month, ~2k of them quick pay. At that mix our three-year cost is lower even against their discount.',
      },
      {
        at: '2026-11-05T21:48:19Z',
        by: 'lena',
        text: 'Pen test letter sent to Chris this afternoon.',
      },
      {
        at: '2026-11-05T22:02:47Z',
        by: 'tom',
        broadcast: true,
        text: 'Let us model 10%, 12% and 15% off the platform fee with a 3-year term and annual prepay. {@dana} bring it to Thursday deal review.',
      },
    ],
  },
  {
    channel: 'deal-kestrel',
    at: '2026-11-10T20:31:09Z',
    by: 'dana',
    text: 'Bob replied to the proposal: Ledgerly came back even lower on year one. He wants our best price before their budget lock on 11/14.',
  },
  {
    channel: 'deal-kestrel',
    at: '2026-11-20T18:44:50Z',
    by: 'dana',
    text: '{@tom} requesting discount approval for Kestrel: 12% off the platform fee, 3-year term, annual prepay, ACH at $0.40, 50% implementation fee waiver. ARR after discount about $93k.',
    replies: [
      {
        at: '2026-11-20T19:02:11Z',
        by: 'tom',
        text: 'Approved at 12% with 3 years and annual prepay. Do not go below $0.40 on ACH. Hold net-30 if you can, net-45 is my limit.',
      },
      {
        at: '2026-11-20T19:05:36Z',
        by: 'dana',
        text: "Thanks! Sending it before Monday's call.",
        reactions: [['+1', ['tom']]],
      },
    ],
  },
  {
    channel: 'deal-kestrel',
    at: '2026-11-24T18:32:27Z',
    by: 'dana',
    text: 'Verbal from Bob on the commercials call :tada: 12% / 3 years / net-45. Target signature 12/15, kickoff 1/11. Gail from their procurement joined by phone.',
    reactions: [['tada', ['tom', 'lena', 'priya']]],
  },

  // #ext-kestrel-payready (shared with Kestrel Freight)
  {
    channel: 'ext-kestrel-payready',
    at: '2026-10-01T14:31:02Z',
    by: 'ext:tanaka',
    subtype: 'channel_join',
  },
  {
    channel: 'ext-kestrel-payready',
    at: '2026-10-02T13:10:44Z',
    by: 'ext:morganKestrel',
    subtype: 'channel_join',
  },
  {
    channel: 'ext-kestrel-payready',
    at: '2026-10-02T13:25:19Z',
    by: 'dana',
    text: 'Welcome Bob and Chris! This channel is shared between Kestrel Freight and Pay Ready for the evaluation. {@lena} is our solutions engineer for all security and technical questions.',
  },
  {
    channel: 'ext-kestrel-payready',
    at: '2026-10-02T14:02:37Z',
    by: 'ext:morganKestrel',
    text: 'Thanks. Our vendor security questionnaire is attached. Can you also share your SOC 2 Type II report? We need it before we can approve any payments vendor.',
    replies: [
      {
        at: '2026-10-02T16:40:05Z',
        by: 'lena',
        text: 'Here is our SOC 2 Type II report (July 2025 to June 2026), shared under the NDA we signed. Questionnaire back by Friday.',
        file: {
          name: 'PayReady_SOC2_TypeII_2026.pdf',
          title: 'Pay Ready SOC 2 Type II Report 2026',
          size: 2483310,
        },
      },
      {
        at: '2026-10-02T17:03:58Z',
        by: 'ext:morganKestrel',
        text: 'Got it, thanks. Forwarding to our GRC team.',
      },
      {
        at: '2026-10-09T19:14:26Z',
        by: 'lena',
        text: 'Questionnaire completed and uploaded. Let me know if anything needs clarification, especially the SSO and encryption sections.',
      },
    ],
  },
  {
    channel: 'ext-kestrel-payready',
    at: '2026-11-06T15:48:31Z',
    by: 'ext:tanaka',
    text: 'Dana, got the revised proposal. Can you resend the pricing sheet with the 3-year option broken out by year? Our CFO wants year 1 and year 3 side by side.',
  },
  {
    channel: 'ext-kestrel-payready',
    at: '2026-11-06T16:03:12Z',
    by: 'dana',
    text: 'Of course, sending within the hour. Year 1 includes the implementation fee; years 2 and 3 are platform fee plus usage only.',
  },
  {
    channel: 'ext-kestrel-payready',
    at: '2026-11-12T14:22:40Z',
    by: 'ext:morganKestrel',
    text: 'Security sign-off from my side is done. The pen test letter covered what we needed :white_check_mark:',
    reactions: [['raised_hands', ['dana', 'lena']]],
  },
  {
    channel: 'ext-kestrel-payready',
    at: '2026-11-26T16:37:05Z',
    by: 'ext:tanaka',
    text: 'Order form is with legal. Aisha confirmed 1/11 works for kickoff. Happy Thanksgiving all!',
  },

  // #deals-emea
  {
    channel: 'deals-emea',
    at: '2026-10-20T14:12:18Z',
    by: 'marcus',
    text: 'Bluefin renewal call done. They want a flat renewal; Ledgerly quoted ~EUR 31k. I offered to cap the uplift at 3% for a 2-year term. Katrin needs 4 years of SAP FI history migrated before their March audit, hosted in the EU (Frankfurt). <{gong:bluefin-renewal}|Gong>',
  },
  {
    channel: 'deals-emea',
    at: '2026-10-29T18:40:51Z',
    by: 'marcus',
    text: 'Heads up: Samira Okafor (ex-Bluefin procurement lead, our champion there) is now Head of Procurement at Northgate Civil in Madrid. She signed up for our webinar with her personal address. Reaching out!',
    replies: [
      {
        at: '2026-10-29T19:05:27Z',
        by: 'tom',
        text: 'Great catch. Champions who change jobs are our best pipeline. Make sure her old Bluefin contact is not the one we e-mail.',
      },
      {
        at: '2026-10-29T19:11:40Z',
        by: 'marcus',
        text: 'Yes, updated HubSpot: new contact at Northgate, old one kept for history.',
      },
    ],
  },
  {
    channel: 'deals-emea',
    at: '2026-11-04T10:02:35Z',
    by: 'marcus',
    text: 'Bluefin: CFO approved the 3% / 2-year renewal. Migration kickoff scheduled for Jan 12.',
    reactions: [['tada', ['tom', 'priya']]],
  },
  { channel: 'deals-emea', at: '2026-11-10T08:30:12Z', by: 'priya', subtype: 'channel_join' },
  {
    channel: 'deals-emea',
    at: '2026-11-12T11:05:44Z',
    by: 'marcus',
    text: 'Northgate intro with Samira and Lucía Fernández (CFO): 3 entities (ES/PT/CL), ~1,100 subcontractors, needs go-live before April -&gt; January start. Timeline draft sent. {@priya} can you book the Bluefin reference call?',
  },
  {
    channel: 'deals-emea',
    at: '2026-11-13T09:20:03Z',
    by: 'priya',
    text: 'Reference call booked with Jonas Weber for 11/19 at 10:00 CET.',
  },
];
