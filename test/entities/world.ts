import type { App } from '../../src/app.js';
import { recordMessage, writeAirbyteDir } from '../helpers/stores.js';

/**
 * An invented sales world seen from four systems, in the connectors' record shapes. Pay Ready
 * sells to Larkspur Logistics and Quillon Systems. The same people appear under different ids,
 * spellings and e-mail coverage:
 * - Robert Tanaka has no e-mail in either CRM; Gong names his Salesforce Contact, and Slack knows
 *   him as the guest "Bob Tanaka" with a Larkspur address.
 * - Priya Nair is joined by her e-mail address alone.
 * - Two different people named Mia Keller work at Larkspur and at Quillon.
 * - Sam Ortega moves from Larkspur to Quillon (see `samMovedLine`).
 * - Dana Whitfield is the seller: a HubSpot owner, a Gong user and a Slack member.
 */
export const LARKSPUR_ACCOUNT = '0015f00000LARK1AAA';
export const QUILLON_ACCOUNT = '0015f00000QUIL1AAA';
export const ROBERT_CONTACT = '0035f00000RTAN1AAA';
export const CALL_ID = '5512000000000001';
export const BOB_SLACK_ID = 'U0BOBT0001';

const DANA_EMAIL = 'dana.whitfield@payready.example';

function hubspotContact(
  id: string,
  properties: Record<string, string>,
  companyId: string,
  updatedAt: string,
): Record<string, unknown> {
  return recordMessage('contacts', {
    id,
    properties: { ...properties, associatedcompanyid: companyId },
    createdAt: '2026-01-10T10:00:00Z',
    updatedAt,
    archived: false,
    companies: [companyId],
  });
}

export function hubspotLines(): Record<string, unknown>[] {
  return [
    recordMessage('owners', {
      id: '42001',
      email: DANA_EMAIL,
      firstName: 'Dana',
      lastName: 'Whitfield',
      userId: 88101,
      archived: false,
    }),
    recordMessage('companies', {
      id: '9100001',
      properties: { name: 'Larkspur Logistics LLC', domain: 'larkspur.example' },
      createdAt: '2026-01-05T10:00:00Z',
      updatedAt: '2026-02-01T10:00:00Z',
      archived: false,
    }),
    recordMessage('companies', {
      id: '9100002',
      properties: { name: 'Quillon Systems', domain: 'quillon.example' },
      createdAt: '2026-01-05T10:00:00Z',
      updatedAt: '2026-02-01T10:00:00Z',
      archived: false,
    }),
    hubspotContact(
      '7100001',
      { firstname: 'Robert', lastname: 'Tanaka', phone: '+1 555 0100' },
      '9100001',
      '2026-03-01T10:00:00Z',
    ),
    hubspotContact(
      '7100002',
      {
        firstname: 'Priya',
        lastname: 'Nair',
        email: 'priya.nair@larkspur.example',
        city: 'Leeds',
      },
      '9100001',
      '2026-03-01T10:00:00Z',
    ),
    hubspotContact(
      '7100003',
      { firstname: 'Mia', lastname: 'Keller', email: 'mia.keller@larkspur.example' },
      '9100001',
      '2026-03-01T10:00:00Z',
    ),
    hubspotContact(
      '7100004',
      { firstname: 'Sam', lastname: 'Ortega', email: 'sam.ortega@larkspur.example' },
      '9100001',
      '2026-03-10T10:00:00Z',
    ),
    recordMessage('engagements_notes', {
      id: '5100001',
      properties: {
        hs_note_body:
          '<p>Robert wants the renewal pricing split by depot before the board meets.</p>',
        hs_timestamp: '2026-11-02T09:30:00.000Z',
        hubspot_owner_id: '42001',
      },
      createdAt: '2026-11-02T09:30:00.000Z',
      updatedAt: '2026-11-02T09:30:00.000Z',
      archived: false,
      contacts: ['7100001'],
      companies: ['9100001'],
    }),
  ];
}

/** Sam Ortega's HubSpot contact after his move to Quillon: same id, new company and e-mail. */
export function samMovedLine(): Record<string, unknown> {
  return hubspotContact(
    '7100004',
    {
      firstname: 'Sam',
      lastname: 'Ortega',
      email: 'sam.ortega@quillon.example',
      hs_additional_emails: 'sam.ortega@larkspur.example',
    },
    '9100002',
    '2026-09-15T10:00:00Z',
  );
}

export function salesforceLines(): Record<string, unknown>[] {
  const attributes = (type: string, id: string) => ({
    type,
    url: `/services/data/v57.0/sobjects/${type}/${id}`,
  });
  const contact = (id: string, first: string, last: string, account: string, email?: string) =>
    recordMessage('Contact', {
      attributes: attributes('Contact', id),
      Id: id,
      FirstName: first,
      LastName: last,
      Email: email ?? null,
      AccountId: account,
      SystemModstamp: '2026-04-01T08:00:00.000+0000',
    });

  return [
    recordMessage('Account', {
      attributes: attributes('Account', LARKSPUR_ACCOUNT),
      Id: LARKSPUR_ACCOUNT,
      Name: 'Larkspur Logistics',
      Website: 'https://www.larkspur.example',
      SystemModstamp: '2026-04-01T08:00:00.000+0000',
    }),
    recordMessage('Account', {
      attributes: attributes('Account', QUILLON_ACCOUNT),
      Id: QUILLON_ACCOUNT,
      Name: 'Quillon Systems Inc.',
      Website: 'quillon.example',
      SystemModstamp: '2026-04-01T08:00:00.000+0000',
    }),
    contact(ROBERT_CONTACT, 'Robert', 'Tanaka', LARKSPUR_ACCOUNT),
    contact('0035f00000PNAI1AAA', 'Priya', 'Nair', LARKSPUR_ACCOUNT, 'Priya.Nair@larkspur.example'),
    contact('0035f00000MKEL1AAA', 'Mia', 'Keller', QUILLON_ACCOUNT, 'mia.keller@quillon.example'),
    recordMessage('Note', {
      attributes: attributes('Note', '0025f00000NOTE9AAA'),
      Id: '0025f00000NOTE9AAA',
      ParentId: ROBERT_CONTACT,
      Title: 'Pricing approval path',
      Body: 'Robert confirmed the pricing approval goes through their CFO in December.',
      IsDeleted: false,
      IsPrivate: false,
      OwnerId: '0055f00000DANA9AAA',
      CreatedDate: '2026-11-03T11:00:00.000+0000',
      LastModifiedDate: '2026-11-03T11:00:00.000+0000',
      SystemModstamp: '2026-11-03T11:00:00.000+0000',
    }),
  ];
}

export function gongLines(): Record<string, unknown>[] {
  const call = {
    id: CALL_ID,
    metaData: {
      id: CALL_ID,
      url: `https://app.gong.io/call?id=${CALL_ID}`,
      title: 'Larkspur renewal pricing',
      started: '2026-11-05T15:00:00Z',
      duration: 1500,
      scope: 'External',
    },
    context: [
      {
        system: 'Salesforce',
        objects: [
          {
            objectType: 'Account',
            objectId: LARKSPUR_ACCOUNT,
            fields: [{ name: 'Name', value: 'Larkspur Logistics' }],
          },
        ],
      },
    ],
    parties: [
      {
        id: 'g1',
        speakerId: 'sp-dana',
        name: 'Dana Whitfield',
        emailAddress: DANA_EMAIL,
        affiliation: 'Internal',
        userId: '234599101',
      },
      {
        id: 'g2',
        speakerId: 'sp-robert',
        name: 'Robert Tanaka',
        affiliation: 'External',
        context: [
          {
            system: 'Salesforce',
            objects: [{ objectType: 'Contact', objectId: ROBERT_CONTACT, fields: [] }],
          },
        ],
      },
      {
        id: 'g3',
        speakerId: 'sp-priya',
        name: 'Priya Nair',
        emailAddress: 'priya.nair@larkspur.example',
        affiliation: 'External',
      },
    ],
  };
  const transcript = {
    callId: CALL_ID,
    transcript: [
      {
        speakerId: 'sp-robert',
        sentences: [
          { start: 2000, end: 9000, text: 'The renewal pricing has to come down for our depots.' },
        ],
      },
      {
        speakerId: 'sp-priya',
        sentences: [
          { start: 9500, end: 15000, text: 'Procurement signs off once the quote is final.' },
        ],
      },
    ],
  };

  return [
    recordMessage('users', {
      id: '234599101',
      emailAddress: DANA_EMAIL,
      firstName: 'Dana',
      lastName: 'Whitfield',
      active: true,
    }),
    recordMessage('extensiveCalls', call),
    recordMessage('callTranscripts', transcript),
  ];
}

/** Slack users; `bobTitle` changes the guest's record so that a re-sync resolves it again. */
export function slackLines(bobTitle = 'Dispatch lead'): Record<string, unknown>[] {
  return [
    recordMessage('users', {
      id: 'U0DANA0001',
      name: 'dana',
      real_name: 'Dana Whitfield',
      is_bot: false,
      profile: { real_name: 'Dana Whitfield', email: DANA_EMAIL },
    }),
    recordMessage('users', {
      id: BOB_SLACK_ID,
      name: 'bob.tanaka',
      real_name: 'Bob Tanaka',
      is_bot: false,
      is_restricted: true,
      profile: { real_name: 'Bob Tanaka', title: bobTitle, email: 'bob.tanaka@larkspur.example' },
    }),
    recordMessage('channels', {
      id: 'C0LARK0001',
      name: 'ext-larkspur',
      is_channel: true,
      created: 1790000000,
    }),
    recordMessage('channel_messages', {
      type: 'message',
      user: BOB_SLACK_ID,
      ts: '1793000000.000100',
      text: 'Could you resend the pricing tiers for the depots before Friday?',
      channel_id: 'C0LARK0001',
      float_ts: 1793000000.0001,
    }),
  ];
}

/** Writes the whole world as one Airbyte file per source and returns the folder. */
export function worldDir(): string {
  return writeAirbyteDir({
    'hubspot/hubspot.jsonl': hubspotLines(),
    'salesforce/salesforce.jsonl': salesforceLines(),
    'gong/gong.jsonl': gongLines(),
    'slack/slack.jsonl': slackLines(),
  });
}

/** Returns the unified id that `system:id` is mapped to in the app's store. */
export async function entityOf(app: App, system: string, id: string): Promise<string> {
  const rows = await app.db.query<{ unified_id: string }>(
    `SELECT unified_id FROM ${app.schema}.entity_mappings WHERE source_system = $1 AND source_id = $2`,
    [system, id],
  );
  return rows[0]?.unified_id as string;
}
