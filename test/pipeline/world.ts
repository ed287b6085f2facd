import { recordMessage } from '../helpers/stores.js';

/**
 * A small invented world in the connectors' record shapes: Pay Ready sells to Kestrel Freight
 * and Bluefin Analytics. Dates fall in October and November 2026.
 */
export const KESTREL_CALL_ID = '4412889310045521001';
export const BLUEFIN_CALL_ID = '4412889310045521002';

export function gongLines(): Record<string, unknown>[] {
  const users = [
    {
      id: '234599001',
      emailAddress: 'dana.whitfield@payready.example',
      firstName: 'Dana',
      lastName: 'Whitfield',
      title: 'Account Executive',
      active: true,
    },
  ];
  const party = (
    id: string,
    speakerId: string,
    name: string,
    email: string,
    affiliation: string,
    extra: object = {},
  ) => ({
    id,
    speakerId,
    name,
    emailAddress: email,
    affiliation,
    methods: ['Attendee'],
    ...extra,
  });
  const calls = [
    {
      metaData: {
        id: KESTREL_CALL_ID,
        url: `https://app.gong.io/call?id=${KESTREL_CALL_ID}`,
        title: 'Kestrel Freight pricing review',
        started: '2026-11-10T15:00:00Z',
        duration: 1800,
        scope: 'External',
        isPrivate: false,
        system: 'Zoom',
      },
      parties: [
        party('p1', 'sp-dana', 'Dana Whitfield', 'dana.whitfield@payready.example', 'Internal', {
          userId: '234599001',
        }),
        party('p2', 'sp-rob', 'Robert Tanaka', 'robert.tanaka@kestrelfreight.example', 'External', {
          context: [
            {
              system: 'Salesforce',
              objects: [{ objectType: 'Contact', objectId: '0035f00000KTan1AAB', fields: [] }],
            },
          ],
        }),
      ],
      content: { brief: 'Pricing review with Kestrel Freight.' },
    },
    {
      metaData: {
        id: BLUEFIN_CALL_ID,
        url: `https://app.gong.io/call?id=${BLUEFIN_CALL_ID}`,
        title: 'Bluefin security review',
        started: '2026-10-05T16:00:00Z',
        duration: 1200,
        scope: 'External',
        isPrivate: false,
      },
      parties: [
        party('p3', 'sp-dana2', 'Dana Whitfield', 'dana.whitfield@payready.example', 'Internal', {
          userId: '234599001',
        }),
        party('p4', 'sp-mia', 'Mia Keller', 'mia.keller@bluefin.example', 'External'),
      ],
    },
  ];
  const transcripts = [
    {
      callId: KESTREL_CALL_ID,
      transcript: [
        {
          speakerId: 'sp-dana',
          topic: 'Pricing',
          sentences: [
            {
              start: 1000,
              end: 6000,
              text: 'Thanks for joining. How is the pricing proposal landing with your finance team?',
            },
          ],
        },
        {
          speakerId: 'sp-rob',
          topic: 'Pricing',
          sentences: [
            {
              start: 7000,
              end: 15000,
              text: 'Honestly the per-seat pricing is too high for our dispatch team.',
            },
            {
              start: 15500,
              end: 22000,
              text: 'Ledgerly quoted us a flat annual discount, so we need something closer to that.',
            },
          ],
        },
        {
          speakerId: 'sp-dana',
          topic: 'Pricing',
          sentences: [
            {
              start: 23000,
              end: 30000,
              text: 'Understood. I can bring a volume discount to my manager this week.',
            },
          ],
        },
      ],
    },
    {
      callId: BLUEFIN_CALL_ID,
      transcript: [
        {
          speakerId: 'sp-mia',
          sentences: [
            {
              start: 0,
              end: 9000,
              text: 'Our security team needs your SOC 2 report before the pilot.',
            },
          ],
        },
        {
          speakerId: 'sp-dana2',
          sentences: [
            {
              start: 9500,
              end: 14000,
              text: 'I will send the SOC 2 Type II report and the pen test summary today.',
            },
          ],
        },
      ],
    },
  ];

  return [
    ...users.map((user) => recordMessage('users', user)),
    ...calls.map((call) => recordMessage('extensiveCalls', { id: call.metaData.id, ...call })),
    {
      type: 'STATE',
      state: {
        type: 'STREAM',
        stream: {
          stream_descriptor: { name: 'extensiveCalls' },
          stream_state: { startdatetime: '2026-11-10T15:00:00Z' },
        },
      },
    },
    ...transcripts.map((transcript) => recordMessage('callTranscripts', transcript)),
    { type: 'LOG', log: { level: 'INFO', message: 'Read 2 records from callTranscripts stream' } },
  ];
}

export function slackLines(): Record<string, unknown>[] {
  const users = [
    {
      id: 'U0PR0DANA',
      name: 'dana',
      real_name: 'Dana Whitfield',
      is_bot: false,
      profile: {
        real_name: 'Dana Whitfield',
        display_name: 'Dana',
        email: 'dana.whitfield@payready.example',
      },
    },
    {
      id: 'U0PR0TOMB',
      name: 'tom',
      real_name: 'Tom Becker',
      is_bot: false,
      profile: { real_name: 'Tom Becker', display_name: 'Tom' },
    },
  ];
  const channel = { id: 'C0KESTREL1', name: 'deal-kestrel', is_channel: true, created: 1790000000 };
  const parent = {
    type: 'message',
    user: 'U0PR0DANA',
    ts: '1794931200.000100',
    thread_ts: '1794931200.000100',
    reply_count: 1,
    text: '<@U0PR0TOMB> Kestrel pushed back on pricing again, they want a volume discount like Ledgerly offered',
    channel_id: 'C0KESTREL1',
    float_ts: 1794931200.0001,
  };
  const reply = {
    type: 'message',
    user: 'U0PR0TOMB',
    ts: '1794931500.000200',
    thread_ts: '1794931200.000100',
    parent_user_id: 'U0PR0DANA',
    text: 'Approved up to 12% if they sign before the end of the quarter.',
    channel_id: 'C0KESTREL1',
    float_ts: 1794931500.0002,
  };

  return [
    ...users.map((user) => recordMessage('users', user)),
    recordMessage('channels', channel),
    recordMessage('channel_messages', parent),
    recordMessage('threads', parent),
    recordMessage('threads', reply),
  ];
}

export function hubspotLines(): Record<string, unknown>[] {
  const company = {
    id: '9001001',
    properties: { name: 'Kestrel Freight, Inc.', domain: 'kestrelfreight.example' },
    createdAt: '2026-01-05T10:00:00Z',
    updatedAt: '2026-10-01T10:00:00Z',
    archived: false,
  };
  const contact = {
    id: '7001001',
    properties: {
      email: 'robert.tanaka@kestrelfreight.example',
      firstname: 'Robert',
      lastname: 'Tanaka',
      associatedcompanyid: '9001001',
    },
    createdAt: '2026-01-05T10:00:00Z',
    updatedAt: '2026-10-01T10:00:00Z',
    archived: false,
    companies: ['9001001', '9001001'],
  };
  const note = {
    id: '5001001',
    properties: {
      hs_note_body:
        '<div><p>Call recap: Robert says <strong>implementation timeline</strong> must finish before their peak season in March.</p><p>Data migration from the old TMS is the main risk.</p></div>',
      hs_timestamp: '2026-11-12T09:30:00.000Z',
      hubspot_owner_id: '41001',
    },
    createdAt: '2026-11-12T09:30:00.000Z',
    updatedAt: '2026-11-12T09:30:00.000Z',
    archived: false,
    contacts: ['7001001'],
    companies: ['9001001', '9001001'],
  };
  const owner = {
    id: '41001',
    email: 'dana.whitfield@payready.example',
    firstName: 'Dana',
    lastName: 'Whitfield',
    userId: 88001,
    archived: false,
  };

  return [
    recordMessage('owners', owner),
    recordMessage('companies', company),
    recordMessage('contacts', contact),
    recordMessage('engagements_notes', note),
  ];
}

export function salesforceLines(): Record<string, unknown>[] {
  const attributes = (type: string, id: string) => ({
    type,
    url: `/services/data/v57.0/sobjects/${type}/${id}`,
  });
  return [
    recordMessage('Account', {
      attributes: attributes('Account', '0015f00000BLUE1AAA'),
      Id: '0015f00000BLUE1AAA',
      Name: 'Bluefin Analytics GmbH',
      Website: 'https://www.bluefin.example',
      SystemModstamp: '2026-09-01T08:00:00.000+0000',
    }),
    recordMessage('Contact', {
      attributes: attributes('Contact', '0035f00000KTan1AAB'),
      Id: '0035f00000KTan1AAB',
      FirstName: 'Robert',
      LastName: 'Tanaka',
      Email: 'robert.tanaka@kestrelfreight.example',
      AccountId: null,
      SystemModstamp: '2026-09-01T08:00:00.000+0000',
    }),
    recordMessage('Note', {
      attributes: attributes('Note', '0025f00000NOTE1AAA'),
      Id: '0025f00000NOTE1AAA',
      ParentId: '0015f00000BLUE1AAA',
      Title: 'Security questionnaire',
      Body: 'Bluefin sent a 200-question security questionnaire. SOC 2 report requested by their CISO.',
      IsDeleted: false,
      IsPrivate: false,
      OwnerId: '0055f00000DANA1AAA',
      CreatedDate: '2026-10-06T11:00:00.000+0000',
      LastModifiedDate: '2026-10-06T11:00:00.000+0000',
      SystemModstamp: '2026-10-06T11:00:00.000+0000',
    }),
  ];
}
