/**
 * Salesforce activity content: classic Notes (plain text), Tasks (calls, e-mails, to-dos) and
 * enhanced notes (ContentNote, HTML). `parent` / `who` / `what` name CONTACTS or COMPANIES keys
 * as `contact:<key>`, `account:<key>` or `opportunity:<key>`.
 */

export const NOTES = [
  {
    key: 'kestrel-guardrails',
    at: '2026-11-06T18:02:31Z',
    owner: 'tom',
    parent: 'account:kestrel',
    title: 'Pricing guardrails - Kestrel',
    isPrivate: false,
    body:
      'Approved range for Kestrel: up to 12% off the platform fee, only with a 3-year term and annual prepay.\n' +
      'ACH floor $0.40 per payment. Quick pay stays at 0.25%. Payment terms net-45 at most.\n' +
      'Ledgerly is the price anchor: compare total 3-year cost including their 1% quick-pay fee, not per-payment fees.',
  },
  {
    key: 'kestrel-private',
    at: '2026-11-11T03:47:09Z',
    owner: 'dana',
    parent: 'account:kestrel',
    title: 'Ledgerly year-one price',
    isPrivate: true,
    body: 'Bob hinted Ledgerly may drop to $0.28 per payment for year one. Holding at 12% off the platform fee; the price lock is what the CFO wants.',
  },
  {
    key: 'bluefin-risk',
    at: '2026-10-21T07:58:14Z',
    owner: 'marcus',
    parent: 'account:bluefin',
    title: 'Renewal risk: Ledgerly',
    isPrivate: false,
    body:
      'Ledgerly quoted about EUR 31,000 against our EUR 40,660 renewal quote (7% uplift), plus ~EUR 4,000 for their SAP integration.\n' +
      'Offered to cap the uplift at 3% for a 2-year term. Risk is medium until the CFO meeting in early November.\n' +
      'Migration of 4 years of SAP FI history is the real reason they stay: nobody else offered it before the March audit.',
  },
  {
    key: 'orchard-morgan',
    at: '2026-10-07T16:12:55Z',
    owner: 'dana',
    parent: 'contact:morganOrchard',
    title: 'Chris Morgan - preferences',
    isPrivate: false,
    body: 'Prefers e-mail over calls. Budget owner for the three clinic groups; budget review the week of Nov 16.',
  },
];

export const TASKS = [
  {
    key: 'kestrel-pricing-call',
    at: '2026-11-05T16:50:09Z',
    owner: 'dana',
    who: 'contact:tanaka',
    what: 'opportunity:kestrel',
    account: 'kestrel',
    subtype: 'Call',
    subject: 'Call: Kestrel pricing & security follow-up',
    status: 'Completed',
    callSeconds: 300,
    description:
      'Robert asked for a 20% discount; Ledgerly quoted $0.30/ACH with no platform fee in year one. ' +
      'Positioned total cost (quick pay 0.25% vs their 1%) and a 3-year option. ' +
      'Chris Morgan OK on SOC 2; pen test letter to follow. Implementation ~8 weeks from January.',
  },
  {
    key: 'kestrel-proposal-email',
    at: '2026-11-06T01:10:22Z',
    owner: 'dana',
    who: 'contact:tanaka',
    what: 'opportunity:kestrel',
    account: 'kestrel',
    subtype: 'Email',
    subject: 'Email: Kestrel Freight - revised proposal (3-year option)',
    status: 'Completed',
    description:
      'To: robert.tanaka@kestrelfreight.example\nCC: chris.morgan@kestrelfreight.example\nBCC: \n' +
      'Subject: Kestrel Freight - revised proposal (3-year option)\nBody:\nHi Robert,\n\n' +
      'Attached is the revised proposal with a 1-year and a 3-year option (annual prepay, price lock). ' +
      'Once quick pay at 1% is included, our three-year total cost is lower than Ledgerly at your volumes.\n\nBest,\nDana',
  },
  {
    key: 'orchard-security-package',
    at: '2026-10-08T21:06:40Z',
    owner: 'lena',
    who: 'contact:cole',
    what: 'account:orchard',
    account: 'orchard',
    subtype: 'Task',
    subject: 'Send SOC 2 report and BAA template to Orchard',
    status: 'Completed',
    description:
      'Sent SOC 2 Type II, bridge letter, pen test summary and BAA template to Hannah Cole under NDA.',
  },
  {
    key: 'bluefin-renewal-call',
    at: '2026-10-20T13:48:30Z',
    owner: 'marcus',
    who: 'contact:weber',
    what: 'account:bluefin',
    account: 'bluefin',
    subtype: 'Call',
    subject: 'Bluefin renewal 2027 call',
    status: 'Completed',
    callSeconds: 240,
    description:
      'Renewal pricing: 7% uplift rejected, Ledgerly at ~EUR 31k. Offered 3% cap on a 2-year term. ' +
      'Data migration: 4 years of SAP FI history, EU hosting (Frankfurt), reconciled by mid-February.',
  },
  {
    key: 'kestrel-commercials-call',
    at: '2026-11-24T18:25:11Z',
    owner: 'dana',
    who: 'contact:tanaka',
    what: 'opportunity:kestrel',
    account: 'kestrel',
    subtype: 'Call',
    subject: 'Call: Kestrel commercials - verbal commit',
    status: 'Completed',
    callSeconds: 180,
    description:
      'Verbal commit: 12% off platform fee, 3-year term, annual prepay, ACH $0.40, price lock, 50% implementation fee waiver, net-45. ' +
      'Signature target 12/15, kickoff 1/11.',
  },
  {
    key: 'northgate-timeline',
    at: '2026-11-12T12:02:48Z',
    due: '2026-12-08T00:00:00Z',
    owner: 'marcus',
    who: 'contact:fernandez',
    what: 'account:northgate',
    account: 'northgate',
    subtype: 'Task',
    subject: 'Draft Northgate implementation timeline (3 entities)',
    status: 'In Progress',
    description:
      'Ten to twelve weeks, January start. Include data migration from spreadsheets and SAP Business One, parallel runs ES, PT, CL.',
  },
  {
    key: 'orchard-discount',
    at: '2026-11-16T19:40:02Z',
    due: '2026-12-05T00:00:00Z',
    owner: 'dana',
    who: 'contact:morganOrchard',
    what: 'account:orchard',
    account: 'orchard',
    subtype: 'Task',
    subject: 'Follow up: Orchard discount request (5% if signed by 12/31)',
    status: 'Not Started',
    description:
      'Chris Morgan (Orchard Health) asked for 5% off if BAA and order form are signed by 12/31. Check with Tom.',
  },
];

/** `inlineContent: false` stores the REST blob path in Content instead of the base64 body. */
export const CONTENT_NOTES = [
  {
    key: 'kestrel-negotiation',
    at: '2026-11-24T18:51:17Z',
    owner: 'dana',
    account: 'kestrel',
    title: 'Kestrel Freight - negotiation notes',
    inlineContent: true,
    html:
      '<p><b>Commercials call, Nov 24</b></p>' +
      '<p>Bob Tanaka accepted 12% off the platform fee for a 3-year term with annual prepay. ' +
      'He had asked for 20% on Nov 5, anchored on the Ledgerly quote.</p>' +
      '<ul><li>ACH $0.40 per payment, quick pay 0.25%</li>' +
      '<li>Price lock for 3 years; 50% implementation fee waived</li>' +
      '<li>Net-45 (Gail from procurement asked for net-60)</li></ul>' +
      '<p>Signature target Dec 15. Implementation kickoff Jan 11, go-live early March before their April busy season.</p>',
  },
  {
    key: 'bluefin-migration',
    at: '2026-10-27T09:30:44Z',
    owner: 'marcus',
    account: 'bluefin',
    title: 'Bluefin renewal - data migration plan',
    inlineContent: true,
    html:
      '<p>Scope: 4 years of payment history from SAP FI, ~300 duplicate vendors from the 2024 merger.</p>' +
      '<ol><li>December: vendor dedupe with Katrin&#39;s team</li>' +
      '<li>January: test load into the Frankfurt tenant</li>' +
      '<li>Reconciliation, then final load two weeks later</li></ol>' +
      '<p>Must be reconciled by mid-February; audit fieldwork starts March 1.</p>',
  },
  {
    key: 'northgate-discovery',
    at: '2026-11-12T11:50:02Z',
    owner: 'marcus',
    account: 'northgate',
    title: 'Northgate discovery notes',
    inlineContent: false,
    html:
      '<p>Champion: Samira Okafor (ex-Bluefin). CFO: Lucía Fernández.</p>' +
      '<p>~1,100 subcontractors, three entities (ES, PT, CL), SEPA plus Chilean bank files. ' +
      'Implementation timeline 10-12 weeks, January start, live before April.</p>',
  },
];
