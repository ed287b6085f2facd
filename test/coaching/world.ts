import { recordMessage } from '../helpers/stores.js';

/**
 * An invented sales team in the connectors' record shapes, for coaching reports. Pay Ready
 * (payready.example) sells to Harborline, Quillon Bio, Fernhill, Calder and Northgate. The
 * coached period is Q3 2026. Every transcript is small enough to compute its metrics by hand;
 * times below are seconds from call start.
 */

export const CALL_LINK_BASE = 'https://app.gong.example/call?id=';

export const DANA = {
  name: 'Dana Whitfield',
  email: 'dana.whitfield@payready.example',
  gongUserId: '7782000101',
  slackUserId: 'U0DANAWHT',
};
export const DANA_OKAFOR = {
  name: 'Dana Okafor',
  email: 'dana.okafor@payready.example',
  gongUserId: '7782000102',
};
export const SAM = {
  name: 'Sam Patel',
  email: 'sam.patel@payready.example',
  gongUserId: '7782000103',
  slackUserId: 'U0SAMPATL',
};
export const LEE = {
  name: 'Lee Chen',
  email: 'lee.chen@payready.example',
  gongUserId: '7782000104',
};
export const ROBIN = {
  name: 'Robin Hale',
  email: 'robin.hale@harborline.example',
  slackUserId: 'U0ROBINHL',
};

/** Gong call ids: A, B, C and D are Dana Whitfield's Q3 calls. */
export const CALLS = {
  /** Discovery with Harborline: three questions, pauses of 2, 4 and 0 s. */
  a: '5100000000000000001',
  /** Quillon Bio. Dana's party carries only her e-mail, no Gong user id. */
  b: '5100000000000000002',
  /** Internal prep with Sam: no customer side. */
  c: '5100000000000000003',
  /** Harborline pilot scope: no transcript synced. */
  d: '5100000000000000004',
  /** Previous period (May 2026). */
  previous: '5100000000000000005',
  /** Sam with Fernhill. */
  sam: '5100000000000000006',
  /** Lee with Calder, plus a speaker id that matches no party. */
  lee: '5100000000000000007',
  /** Dana Okafor with Northgate's Dana Reyes. */
  okafor: '5100000000000000008',
  /** After Q3 (October 2026). */
  later: '5100000000000000009',
} as const;

/** `[speakerId, startS, endS, text]`. Consecutive lines of one speaker form one monologue. */
type Line = [string, number, number, string];

interface PartySpec {
  speakerId: string;
  name: string;
  email: string;
  affiliation: 'Internal' | 'External';
  userId?: string;
}

interface CallSpec {
  id: string;
  title: string;
  started: string;
  durationS: number;
  parties: PartySpec[];
  /** Absent for a call whose transcript was never synced. */
  lines?: Line[];
  brief?: string;
}

function internal(person: { name: string; email: string }, speakerId: string, userId?: string) {
  return {
    speakerId,
    name: person.name,
    email: person.email,
    affiliation: 'Internal' as const,
    userId,
  };
}

function external(name: string, email: string, speakerId: string): PartySpec {
  return { speakerId, name, email, affiliation: 'External' };
}

const CALL_SPECS: CallSpec[] = [
  {
    id: CALLS.a,
    title: 'Harborline discovery',
    started: '2026-07-14T15:00:00Z',
    durationS: 300,
    parties: [
      internal(DANA, 'spk-a-1', DANA.gongUserId),
      external(ROBIN.name, ROBIN.email, 'spk-a-2'),
    ],
    lines: [
      ['spk-a-1', 0, 20, 'Thanks for making time today.'],
      ['spk-a-1', 20.5, 30.5, 'What does your invoicing process look like?'],
      [
        'spk-a-2',
        32.5,
        92.5,
        'We send about four hundred invoices a month by hand, and matching payments takes most of a week.',
      ],
      ['spk-a-1', 94.5, 104.5, 'How many people work on that today?'],
      ['spk-a-2', 108.5, 128.5, 'Three people in finance, plus me at month end.'],
      [
        'spk-a-1',
        132.5,
        162.5,
        'We automate the matching, so, um, your team only reviews the exceptions.',
      ],
      ['spk-a-2', 163.5, 173.5, 'That would help a lot.'],
      ['spk-a-1', 173.5, 183.5, 'Can we set up a pilot next week?'],
    ],
  },
  {
    id: CALLS.b,
    title: 'Quillon Bio approvals',
    started: '2026-08-20T15:00:00Z',
    durationS: 600,
    parties: [
      internal(DANA, 'spk-b-1'),
      external('Priya Nand', 'priya.nand@quillon.example', 'spk-b-2'),
    ],
    lines: [
      ['spk-b-2', 0, 40, 'Before we start, our auditors flagged the approval workflow.'],
      ['spk-b-1', 43, 73, 'Tell me more about what they flagged.'],
      ['spk-b-2', 74, 104, 'They want two approvals on every payment over ten thousand.'],
      [
        'spk-b-1',
        105,
        165,
        'Our approval rules handle that, and, you know, we can add a second approver per threshold.',
      ],
      ['spk-b-2', 167, 177, 'Is that in the standard plan?'],
      ['spk-b-1', 178, 188, 'Yes, it is in the standard plan.'],
    ],
  },
  {
    id: CALLS.c,
    title: 'Harborline pilot prep',
    started: '2026-09-02T16:00:00Z',
    durationS: 120,
    parties: [internal(DANA, 'spk-c-1', DANA.gongUserId), internal(SAM, 'spk-c-2', SAM.gongUserId)],
    lines: [
      ['spk-c-1', 0, 30, "Let's review the Harborline pilot plan."],
      ['spk-c-2', 31, 61, 'I will prepare the integration checklist.'],
      ['spk-c-1', 62, 72, 'Who owns the security review?'],
    ],
  },
  {
    id: CALLS.d,
    title: 'Harborline pilot scope',
    started: '2026-09-15T15:00:00Z',
    durationS: 900,
    parties: [
      internal(DANA, 'spk-d-1', DANA.gongUserId),
      external(ROBIN.name, ROBIN.email, 'spk-d-2'),
    ],
    brief: 'Pilot scope review with Harborline: two entities, go-live in November.',
  },
  {
    id: CALLS.previous,
    title: 'Harborline first call',
    started: '2026-05-12T15:00:00Z',
    durationS: 120,
    parties: [
      internal(DANA, 'spk-p-1', DANA.gongUserId),
      external(ROBIN.name, ROBIN.email, 'spk-p-2'),
    ],
    lines: [
      ['spk-p-1', 0, 60, 'We can ship the integration by the end of June.'],
      ['spk-p-2', 61, 81, 'That timeline is tight for us.'],
      ['spk-p-1', 83, 93, 'Does that timeline work for your finance team?'],
    ],
  },
  {
    id: CALLS.sam,
    title: 'Fernhill discovery',
    started: '2026-07-21T14:00:00Z',
    durationS: 120,
    parties: [
      internal(SAM, 'spk-f-1', SAM.gongUserId),
      external('Omar Said', 'omar.said@fernhill.example', 'spk-f-2'),
    ],
    lines: [
      ['spk-f-1', 0, 30, 'What would a successful pilot look like for you?'],
      ['spk-f-2', 31, 91, 'We need invoices matched within a day instead of a week.'],
    ],
  },
  {
    id: CALLS.lee,
    title: 'Calder workflow demo',
    started: '2026-08-05T14:00:00Z',
    durationS: 120,
    parties: [
      internal(LEE, 'spk-g-1', LEE.gongUserId),
      external('Ines Duarte', 'ines.duarte@calder.example', 'spk-g-2'),
    ],
    lines: [
      ['spk-g-1', 0, 40, 'Here is how the approval workflow runs end to end.'],
      ['spk-g-2', 41, 81, 'That covers most of our cases.'],
      ['spk-g-9', 83, 93, 'Sorry, joining late from the airport.'],
    ],
  },
  {
    id: CALLS.okafor,
    title: 'Northgate reporting demo',
    started: '2026-09-09T14:00:00Z',
    durationS: 120,
    parties: [
      internal(DANA_OKAFOR, 'spk-e-1', DANA_OKAFOR.gongUserId),
      external('Dana Reyes', 'dana.reyes@northgate.example', 'spk-e-2'),
    ],
    lines: [
      ['spk-e-1', 0, 60, 'Let me walk you through the reporting module.'],
      ['spk-e-2', 61, 81, 'Can it export to our data warehouse?'],
    ],
  },
  {
    id: CALLS.later,
    title: 'Harborline go-live check',
    started: '2026-10-02T15:00:00Z',
    durationS: 120,
    parties: [
      internal(DANA, 'spk-z-1', DANA.gongUserId),
      external(ROBIN.name, ROBIN.email, 'spk-z-2'),
    ],
    lines: [
      ['spk-z-1', 0, 50, 'Everything is live on our side.'],
      ['spk-z-2', 51, 61, 'Great, thanks.'],
    ],
  },
];

function partyRecord(party: PartySpec, index: number, callId: string) {
  return {
    id: `${callId}-p${index}`,
    speakerId: party.speakerId,
    name: party.name,
    emailAddress: party.email,
    affiliation: party.affiliation,
    methods: ['Attendee'],
    ...(party.userId === undefined ? {} : { userId: party.userId }),
  };
}

function extensiveCall(spec: CallSpec) {
  return {
    id: spec.id,
    metaData: {
      id: spec.id,
      url: `${CALL_LINK_BASE}${spec.id}`,
      title: spec.title,
      started: spec.started,
      duration: spec.durationS,
      scope: 'External',
      system: 'Zoom',
    },
    parties: spec.parties.map((party, index) => partyRecord(party, index, spec.id)),
    ...(spec.brief === undefined ? {} : { content: { brief: spec.brief } }),
  };
}

/** Groups consecutive lines of one speaker into Gong monologues; times become milliseconds. */
function transcript(spec: CallSpec & { lines: Line[] }) {
  const monologues: {
    speakerId: string;
    sentences: { start: number; end: number; text: string }[];
  }[] = [];
  for (const [speakerId, startS, endS, text] of spec.lines) {
    const sentence = { start: Math.round(startS * 1000), end: Math.round(endS * 1000), text };
    const last = monologues[monologues.length - 1];
    if (last !== undefined && last.speakerId === speakerId) last.sentences.push(sentence);
    else monologues.push({ speakerId, sentences: [sentence] });
  }

  return { callId: spec.id, transcript: monologues };
}

export function gongLines(): Record<string, unknown>[] {
  const users = [DANA, DANA_OKAFOR, SAM, LEE].map((person) => {
    const [firstName, lastName] = person.name.split(' ');
    return {
      id: person.gongUserId,
      emailAddress: person.email,
      firstName,
      lastName,
      title: 'Account Executive',
      active: true,
    };
  });
  const withTranscript = CALL_SPECS.filter(
    (spec): spec is CallSpec & { lines: Line[] } => spec.lines !== undefined,
  );

  return [
    ...users.map((user) => recordMessage('users', user)),
    ...CALL_SPECS.map((spec) => recordMessage('extensiveCalls', extensiveCall(spec))),
    ...withTranscript.map((spec) => recordMessage('callTranscripts', transcript(spec))),
  ];
}

/** Slack `ts` for an ISO time: epoch seconds with Slack's microsecond suffix. */
export function slackTs(iso: string): string {
  return `${Date.parse(iso) / 1000}.000100`;
}

export const CHANNEL_ID = 'C0HARBOR1';

/**
 * Threads in the shared Harborline channel, where Robin Hale is a guest (external). Dana replies
 * after 30, 120 (from Robin's first unanswered message) and 10 minutes. Sam answers one thread
 * first, one thread waits with no reply, and one exchange falls before Q3.
 */
export function slackLines(): Record<string, unknown>[] {
  const users = [
    slackUser(DANA.slackUserId, DANA.name, DANA.email),
    slackUser(SAM.slackUserId, SAM.name, SAM.email),
    { ...slackUser(ROBIN.slackUserId, ROBIN.name, ROBIN.email), is_restricted: true },
  ];
  const threads: [string, string, string][][] = [
    [
      [ROBIN.slackUserId, '2026-06-25T10:00:00Z', 'Is the contract template final?'],
      [DANA.slackUserId, '2026-06-25T10:05:00Z', 'Yes, final as of today.'],
    ],
    [
      [ROBIN.slackUserId, '2026-07-20T10:00:00Z', 'Can you send the pilot contract?'],
      [DANA.slackUserId, '2026-07-20T10:30:00Z', 'Sent it to your inbox just now.'],
    ],
    [
      [ROBIN.slackUserId, '2026-08-03T09:00:00Z', 'Is the SSO setup documented?'],
      [ROBIN.slackUserId, '2026-08-03T09:10:00Z', 'Our IT team is asking for it.'],
      [DANA.slackUserId, '2026-08-03T11:00:00Z', 'Here is the SSO guide for your IT team.'],
    ],
    [
      [ROBIN.slackUserId, '2026-09-01T14:00:00Z', 'Quick question on the pricing tiers.'],
      [SAM.slackUserId, '2026-09-01T14:05:00Z', 'The tiers are in the proposal, page four.'],
      [DANA.slackUserId, '2026-09-01T14:30:00Z', 'Happy to walk through them on a call.'],
    ],
    [
      [ROBIN.slackUserId, '2026-09-10T16:00:00Z', 'Who joins the kickoff from your side?'],
      [DANA.slackUserId, '2026-09-10T16:10:00Z', 'Sam and I will both be there.'],
    ],
    [
      [DANA.slackUserId, '2026-09-18T09:00:00Z', 'Pilot kickoff notes are in the shared doc.'],
      [ROBIN.slackUserId, '2026-09-20T12:00:00Z', 'Any update on the SSO timeline?'],
    ],
  ];

  return [
    ...users.map((user) => recordMessage('users', user)),
    recordMessage('channels', {
      id: CHANNEL_ID,
      name: 'ext-harborline',
      is_channel: true,
      created: 1780000000,
    }),
    ...threads.flatMap(threadRecords),
  ];
}

function slackUser(id: string, name: string, email: string) {
  return {
    id,
    name: name.toLowerCase().replace(' ', '.'),
    real_name: name,
    is_bot: false,
    profile: { real_name: name, email },
  };
}

function threadRecords(thread: [string, string, string][]): Record<string, unknown>[] {
  const threadTs = slackTs(thread[0]?.[1] ?? '');

  return thread.flatMap(([user, iso, text], index) => {
    const ts = slackTs(iso);
    const message = {
      type: 'message',
      user,
      ts,
      thread_ts: threadTs,
      text,
      channel_id: CHANNEL_ID,
      float_ts: Number(ts),
    };
    return index === 0
      ? [recordMessage('channel_messages', message), recordMessage('threads', message)]
      : [recordMessage('threads', { ...message, parent_user_id: thread[0]?.[0] })];
  });
}

/**
 * Dana's HubSpot notes: one three hours after the Harborline discovery call, one two days
 * after the pilot scope call (outside the 24-hour window).
 */
export function hubspotLines(): Record<string, unknown>[] {
  const owner = {
    id: '51001',
    email: DANA.email,
    firstName: 'Dana',
    lastName: 'Whitfield',
    userId: 88101,
    archived: false,
  };
  const note = (id: string, at: string, body: string) => ({
    id,
    properties: { hs_note_body: `<p>${body}</p>`, hs_timestamp: at, hubspot_owner_id: '51001' },
    createdAt: at,
    updatedAt: at,
    archived: false,
  });

  return [
    recordMessage('owners', owner),
    recordMessage(
      'engagements_notes',
      note(
        '6001001',
        '2026-07-14T18:00:00.000Z',
        'Harborline discovery recap: 400 invoices a month, pilot next week.',
      ),
    ),
    recordMessage(
      'engagements_notes',
      note('6001002', '2026-09-17T10:00:00.000Z', 'Harborline pilot scope confirmed.'),
    ),
  ];
}

/** Returns Quillon Bio's account and a note on it by an operations user, 18 h after the call. */
export function salesforceLines(): Record<string, unknown>[] {
  const attributes = (type: string, id: string) => ({
    type,
    url: `/services/data/v57.0/sobjects/${type}/${id}`,
  });
  const accountId = '0015f00000QUIL1AAA';
  const noteId = '0025f00000QNOTEAAA';

  return [
    recordMessage('Account', {
      attributes: attributes('Account', accountId),
      Id: accountId,
      Name: 'Quillon Bio',
      Website: 'https://www.quillon.example',
      SystemModstamp: '2026-06-01T08:00:00.000+0000',
    }),
    recordMessage('Note', {
      attributes: attributes('Note', noteId),
      Id: noteId,
      ParentId: accountId,
      Title: 'Approval workflow',
      Body: 'Quillon needs two approvals on payments over ten thousand.',
      IsDeleted: false,
      IsPrivate: false,
      OwnerId: '0055f00000OPS01AAA',
      CreatedDate: '2026-08-21T09:00:00.000+0000',
      LastModifiedDate: '2026-08-21T09:00:00.000+0000',
      SystemModstamp: '2026-08-21T09:00:00.000+0000',
    }),
  ];
}

/** Returns a copy of the `callTranscripts` record of `callId` without its last sentence. */
export function withoutLastSentence(
  lines: Record<string, unknown>[],
  callId: string,
): Record<string, unknown> {
  const line = lines.find((entry) => {
    const record = entry.record as { stream: string; data: { callId?: string } };
    return record.stream === 'callTranscripts' && record.data.callId === callId;
  });
  const copy = structuredClone(line) as {
    record: { data: { transcript: { sentences: unknown[] }[] } };
  };
  const monologues = copy.record.data.transcript;
  monologues[monologues.length - 1]?.sentences.pop();
  if (monologues[monologues.length - 1]?.sentences.length === 0) monologues.pop();

  return copy;
}
