import { recordMessage } from '../helpers/stores.js';

/**
 * A second invented world for the `personal` domain: Quillon Studio sells to Larkspur Dental
 * Group. It talks about pricing and discounts like the Pay Ready world, so a search for those
 * words matches in both domains, and its HubSpot company reuses the Pay Ready world's company id
 * 9001001, as two separate HubSpot portals can.
 */
export const LARKSPUR_CALL_ID = '7730001000000000001';
export const SHARED_HUBSPOT_COMPANY_ID = '9001001';

export function personalGongLines(): Record<string, unknown>[] {
  const call = {
    metaData: {
      id: LARKSPUR_CALL_ID,
      url: `https://app.gong.io/call?id=${LARKSPUR_CALL_ID}`,
      title: 'Larkspur Dental pricing call',
      started: '2026-11-18T14:00:00Z',
      duration: 900,
      scope: 'External',
      isPrivate: false,
      system: 'Zoom',
    },
    parties: [
      {
        id: 'q1',
        speakerId: 'sp-felix',
        name: 'Felix Brandt',
        emailAddress: 'felix.brandt@quillon.example',
        affiliation: 'Internal',
        methods: ['Attendee'],
        userId: '880001',
      },
      {
        id: 'q2',
        speakerId: 'sp-nadia',
        name: 'Nadia Okafor',
        emailAddress: 'nadia.okafor@larkspurdental.example',
        affiliation: 'External',
        methods: ['Attendee'],
      },
    ],
  };
  const transcript = {
    callId: LARKSPUR_CALL_ID,
    transcript: [
      {
        speakerId: 'sp-nadia',
        topic: 'Pricing',
        sentences: [
          {
            start: 2000,
            end: 9000,
            text: 'The pricing for four clinics is above our budget unless there is a discount.',
          },
        ],
      },
      {
        speakerId: 'sp-felix',
        sentences: [
          {
            start: 9500,
            end: 16000,
            text: 'We can offer a multi-clinic discount if Larkspur signs for a full year.',
          },
        ],
      },
    ],
  };

  return [
    recordMessage('users', {
      id: '880001',
      emailAddress: 'felix.brandt@quillon.example',
      firstName: 'Felix',
      lastName: 'Brandt',
      active: true,
    }),
    recordMessage('extensiveCalls', { id: LARKSPUR_CALL_ID, ...call }),
    recordMessage('callTranscripts', transcript),
  ];
}

export function personalSlackLines(): Record<string, unknown>[] {
  const message = {
    type: 'message',
    user: 'U0QS0FELX',
    ts: '1795500000.000100',
    thread_ts: '1795500000.000100',
    reply_count: 0,
    text: 'Larkspur asked about pricing again; the multi-clinic discount is approved.',
    channel_id: 'C0LARKSPR',
  };

  return [
    recordMessage('users', {
      id: 'U0QS0FELX',
      name: 'felix',
      real_name: 'Felix Brandt',
      is_bot: false,
      profile: {
        real_name: 'Felix Brandt',
        display_name: 'Felix',
        email: 'felix.brandt@quillon.example',
      },
    }),
    recordMessage('channels', { id: 'C0LARKSPR', name: 'deal-larkspur', is_channel: true }),
    recordMessage('channel_messages', message),
    recordMessage('threads', message),
  ];
}

export function personalHubspotLines(): Record<string, unknown>[] {
  return [
    recordMessage('companies', {
      id: SHARED_HUBSPOT_COMPANY_ID,
      properties: { name: 'Larkspur Dental Group', domain: 'larkspurdental.example' },
      createdAt: '2026-02-01T10:00:00Z',
      updatedAt: '2026-11-01T10:00:00Z',
      archived: false,
    }),
    recordMessage('contacts', {
      id: '7300001',
      properties: {
        email: 'nadia.okafor@larkspurdental.example',
        firstname: 'Nadia',
        lastname: 'Okafor',
        associatedcompanyid: SHARED_HUBSPOT_COMPANY_ID,
      },
      createdAt: '2026-02-01T10:00:00Z',
      updatedAt: '2026-11-01T10:00:00Z',
      archived: false,
      companies: [SHARED_HUBSPOT_COMPANY_ID],
    }),
    recordMessage('engagements_notes', {
      id: '5300001',
      properties: {
        hs_note_body: '<p>Nadia wants the pricing sheet and the discount terms in writing.</p>',
        hs_timestamp: '2026-11-19T09:00:00.000Z',
      },
      createdAt: '2026-11-19T09:00:00.000Z',
      updatedAt: '2026-11-19T09:00:00.000Z',
      archived: false,
      contacts: ['7300001'],
      companies: [SHARED_HUBSPOT_COMPANY_ID],
    }),
  ];
}

/** Words that occur only in the Pay Ready world; none may appear in a `personal` result. */
export const PAY_READY_MARKERS = [
  'Kestrel',
  'Bluefin',
  'Ledgerly',
  'Whitfield',
  'Tanaka',
  'Keller',
  'payready.example',
  'SOC 2',
  '4412889310045521001',
  '4412889310045521002',
];

/** Words that occur only in this world; none may appear in a `pay_ready` result. */
export const PERSONAL_MARKERS = [
  'Larkspur',
  'Okafor',
  'Brandt',
  'quillon',
  'clinic',
  LARKSPUR_CALL_ID,
];
