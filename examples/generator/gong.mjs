/**
 * Builds the Gong streams `users`, `calls`, `extensiveCalls` and `callTranscripts` in the shape
 * source-gong emits: Gong API v2 objects, with `id` copied from `metaData.id` on extensiveCalls
 * and `started` copied from the parent call onto each transcript.
 */

import {
  emittedClock,
  gongDateTime,
  logMessage,
  recordMessage,
  streamStateMessage,
  streamStatusMessage,
} from './formats.mjs';
import { CALLS } from './gong-calls.mjs';
import { digits, intBetween } from './ids.mjs';
import { COMPANIES, CONTACTS, contactName, GONG_WORKSPACE_ID, TEAM, teamName } from './world.mjs';

const MEETING_URLS = {
  Zoom: (key) => `https://payready.zoom.us/j/${digits(`zoom:${key}`, 10)}`,
  'Microsoft Teams': (key) =>
    `https://teams.microsoft.com/l/meetup-join/19%3ameeting_${digits(`teams:${key}`, 12)}` +
    '%40thread.v2/0',
  'Google Meet': (key) =>
    `https://meet.google.com/${digits(`meet:${key}`, 3)}-${digits(`meet2:${key}`, 4)}`,
};

const TRACKERS = [
  { name: 'Competitors', type: 'KEYWORD', phrases: ['Ledgerly'] },
  { name: 'Security', type: 'KEYWORD', phrases: ['SOC 2', 'pen test', 'penetration test', 'SSO'] },
  { name: 'Pricing', type: 'SMART', pattern: /\b(pric\w*|discount\w*|fee|quote\w*|uplift)\b/i },
];

/** Words per sentence drive timing: about 180 words a minute, plus a short lead-in. */
function sentenceDurationMs(text) {
  return text.split(/\s+/).length * 330 + 250;
}

/** `2026-11-05T16:00:00Z` as `20261105T160000Z`, the suffix Google Calendar puts on event ids. */
function compactUtc(iso) {
  return iso.replace(/[-:]/g, '');
}

function callId(call) {
  return digits(`gong:call:${call.key}`, 19);
}

function speakerId(call, speakerKey) {
  return digits(`gong:speaker:${call.key}:${speakerKey}`, 19);
}

function buildParty(call, spec, index) {
  const id = digits(`gong:party:${call.key}:${index}`, 14);
  const methods = spec.methods ?? ['Invitee', 'Attendee'];

  if (spec.phoneOnly) {
    return {
      id,
      phoneNumber: spec.phoneOnly,
      context: [],
      affiliation: 'Unknown',
      methods: ['Attendee'],
    };
  }

  if (spec.team) {
    const person = TEAM[spec.team];
    return {
      id,
      emailAddress: person.email,
      name: teamName(person),
      title: person.title,
      userId: person.gongUserId,
      speakerId: spec.noSpeaker ? null : speakerId(call, spec.team),
      context: [],
      affiliation: 'Internal',
      phoneNumber: null,
      methods,
    };
  }

  const contact = CONTACTS[spec.contact];
  // Gong links a party to a CRM contact by e-mail, so a contact without one stays unlinked.
  const linked = contact.salesforceEmail !== null;
  const context = linked
    ? [
        {
          system: 'Salesforce',
          objects: [
            { objectType: 'Contact', objectId: contact.salesforceId, fields: [], timing: 'Now' },
          ],
        },
      ]
    : [];

  return {
    id,
    emailAddress: contact.email,
    name: spec.name ?? contactName(contact),
    title: contact.title,
    userId: null,
    speakerId: spec.noSpeaker ? null : speakerId(call, spec.contact),
    context,
    affiliation: 'External',
    phoneNumber: null,
    methods,
  };
}

function isInternalSpeaker(key) {
  return key in TEAM;
}

/** Lays the monologues out on a timeline: sentence `start`/`end` in ms from call start. */
function timeTranscript(call) {
  let cursor = intBetween(`gong:lead:${call.key}`, 4000, 15000);
  let previousSpeaker = null;

  return call.transcript.map(([speakerKey, topic, sentences], monologueIndex) => {
    if (previousSpeaker !== null) {
      // A topic change inside one speaker's turn is a short pause; a speaker switch is longer.
      cursor +=
        previousSpeaker === speakerKey
          ? intBetween(`gong:same:${call.key}:${monologueIndex}`, 200, 600)
          : intBetween(`gong:switch:${call.key}:${monologueIndex}`, 300, 1700);
    }
    previousSpeaker = speakerKey;

    const timed = sentences.map((text, sentenceIndex) => {
      if (sentenceIndex > 0)
        cursor += intBetween(`gong:gap:${call.key}:${monologueIndex}:${sentenceIndex}`, 120, 450);
      const start = cursor;
      cursor += sentenceDurationMs(text);

      return { start, end: cursor, text };
    });

    return { speakerKey, speakerId: speakerId(call, speakerKey), topic, sentences: timed };
  });
}

function transcriptEndMs(monologues) {
  const last = monologues.at(-1).sentences.at(-1);

  return last.end;
}

function topicDurations(monologues) {
  const totals = new Map();
  for (const monologue of monologues) {
    if (monologue.topic === null) continue;
    const first = monologue.sentences[0];
    const last = monologue.sentences.at(-1);
    totals.set(monologue.topic, (totals.get(monologue.topic) ?? 0) + (last.end - first.start));
  }

  return [...totals].map(([name, ms]) => ({ name, duration: Math.round(ms / 1000) }));
}

function trackerHits(monologues) {
  return TRACKERS.map((tracker) => {
    const occurrences = [];
    const phraseCounts = new Map();
    for (const monologue of monologues) {
      for (const sentence of monologue.sentences) {
        const phrase = tracker.phrases?.find((p) => sentence.text.includes(p));
        const matched = phrase !== undefined || (tracker.pattern?.test(sentence.text) ?? false);
        if (!matched) continue;

        occurrences.push({ startTime: sentence.start / 1000, speakerId: monologue.speakerId });
        if (phrase !== undefined) phraseCounts.set(phrase, (phraseCounts.get(phrase) ?? 0) + 1);
      }
    }

    const result = {
      id: digits(`gong:tracker:${tracker.name}`, 19),
      name: tracker.name,
      count: occurrences.length,
      type: tracker.type,
      occurrences,
    };
    if (tracker.type === 'KEYWORD') {
      result.phrases = [...phraseCounts].map(([phrase, count]) => ({
        count,
        occurrences: [],
        phrase,
      }));
    }

    return result;
  });
}

function findSentence(monologues, speakerKey, text) {
  for (const monologue of monologues) {
    if (monologue.speakerKey !== speakerKey) continue;
    const sentence = monologue.sentences.find((s) => s.text === text);
    if (sentence) return { monologue, sentence };
  }

  throw new Error(
    `"${text}" by ${speakerKey} is not a transcript sentence; copy it exactly from gong-calls.mjs`,
  );
}

function talkTimes(parties, monologues) {
  return parties
    .filter((party) => party.speakerId)
    .map((party) => {
      const ms = monologues
        .filter((m) => m.speakerId === party.speakerId)
        .flatMap((m) => m.sentences)
        .reduce((sum, s) => sum + (s.end - s.start), 0);

      return { id: party.id, userId: party.userId, talkTime: Math.round(ms / 1000) };
    });
}

function questionCounts(monologues) {
  let companyCount = 0;
  let nonCompanyCount = 0;
  for (const monologue of monologues) {
    const questions = monologue.sentences.filter((s) => s.text.trim().endsWith('?')).length;
    if (isInternalSpeaker(monologue.speakerKey)) companyCount += questions;
    else nonCompanyCount += questions;
  }

  return { companyCount, nonCompanyCount };
}

function buildMetaData(call, durationSeconds) {
  const id = callId(call);

  return {
    id,
    url: `https://app.gong.io/call?id=${id}`,
    title: call.title,
    scheduled: gongDateTime(call.scheduled),
    started: gongDateTime(call.started),
    duration: durationSeconds,
    primaryUserId: TEAM[call.primaryUser].gongUserId,
    direction: call.direction,
    system: call.system,
    scope: call.scope ?? 'External',
    media: call.media,
    language: 'eng',
    workspaceId: GONG_WORKSPACE_ID,
    sdrDisposition: null,
    clientUniqueId: null,
    customData: null,
    purpose: call.purpose,
    meetingUrl: MEETING_URLS[call.system](call.key),
    isPrivate: call.isPrivate ?? false,
    calendarEventId: `${digits(`gong:calendar:${call.key}`, 12)}_${compactUtc(call.scheduled)}`,
  };
}

function buildCrmContext(call) {
  if (call.company === null) return [];

  const company = COMPANIES[call.company];

  return [
    {
      system: 'Salesforce',
      objects: [
        {
          objectType: 'Account',
          objectId: company.salesforceId,
          fields: [{ name: 'Name', value: company.salesforceName }],
        },
        {
          objectType: 'Opportunity',
          objectId: company.opportunityId,
          fields: [{ name: 'Name', value: `${company.salesforceName} - Platform` }],
        },
      ],
    },
  ];
}

function buildContent(call, monologues, parties) {
  if (monologues === null) {
    return {
      topics: [],
      trackers: [],
      brief: null,
      keyPoints: [],
      highlights: [],
      callOutcome: null,
    };
  }

  const actionItems = call.actionItems.map(([speakerKey, text]) => {
    const { monologue, sentence } = findSentence(monologues, speakerKey, text);
    const party = parties.find((p) => p.speakerId === monologue.speakerId);

    return {
      snippetStartTime: sentence.start / 1000,
      snippetEndTime: sentence.end / 1000,
      speakerID: party.speakerId,
      snippet: text,
    };
  });

  return {
    topics: topicDurations(monologues),
    trackers: trackerHits(monologues),
    pointsOfInterest: { actionItems },
    brief: call.brief,
    highlights: [
      {
        title: 'Next steps',
        items: actionItems.map((item) => ({
          text: item.snippet,
          startTimes: [item.snippetStartTime],
        })),
      },
    ],
    callOutcome: call.outcome,
    keyPoints: call.keyPoints.map((text) => ({ text })),
  };
}

function buildComments(call, monologues) {
  return (call.comments ?? []).map((comment, index) => {
    const [speakerKey, text] = comment.sentence;
    const { sentence } = findSentence(monologues, speakerKey, text);

    return {
      id: digits(`gong:comment:${call.key}:${index}`, 19),
      audioStartTime: Math.floor(sentence.start / 1000),
      audioEndTime: Math.ceil(sentence.end / 1000),
      commenterUserId: TEAM[comment.by].gongUserId,
      comment: comment.comment,
      posted: gongDateTime(comment.posted),
      inReplyTo: null,
      duringCall: false,
    };
  });
}

/** Assembles every view of one call that the three call streams need. */
function assembleCall(call) {
  const parties = call.parties.map((spec, index) => buildParty(call, spec, index));
  const monologues = call.transcript === null ? null : timeTranscript(call);
  const durationSeconds =
    monologues === null
      ? call.durationSeconds
      : Math.ceil(transcriptEndMs(monologues) / 1000) + intBetween(`gong:tail:${call.key}`, 20, 90);
  const metaData = buildMetaData(call, durationSeconds);

  const extensive = {
    metaData,
    context: buildCrmContext(call),
    parties,
    content: buildContent(call, monologues, parties),
    interaction: {
      speakers: monologues === null ? [] : talkTimes(parties, monologues),
      questions:
        monologues === null ? { companyCount: 0, nonCompanyCount: 0 } : questionCounts(monologues),
    },
    collaboration: { publicComments: monologues === null ? [] : buildComments(call, monologues) },
    id: metaData.id,
  };

  const transcript =
    monologues === null || metaData.isPrivate
      ? null
      : {
          callId: metaData.id,
          started: metaData.started,
          transcript: monologues.map((m) => ({
            speakerId: m.speakerId,
            topic: m.topic,
            sentences: m.sentences,
          })),
        };

  return { metaData, extensive, transcript };
}

function buildUsers() {
  return Object.values(TEAM).map((person) => ({
    id: person.gongUserId,
    emailAddress: person.email,
    created: gongDateTime(person.created),
    active: true,
    emailAliases: person.emailAlias ? [person.emailAlias] : [],
    trustedEmailAddress: person.email,
    firstName: person.firstName,
    lastName: person.lastName,
    title: person.title,
    phoneNumber: person.phone,
    extension: null,
    personalMeetingUrls: [
      `https://payready.zoom.us/j/${digits(`zoom:personal:${person.key}`, 10)}`,
    ],
    settings: {
      webConferencesRecorded: true,
      preventWebConferenceRecording: false,
      telephonyCallsImported: false,
      emailsImported: true,
      preventEmailImport: false,
      nonRecordedMeetingsImported: true,
      gongConnectEnabled: true,
    },
    managerId: person.key === 'tom' ? null : TEAM.tom.gongUserId,
    meetingConsentPageUrl: null,
    spokenLanguages: [{ language: 'en-US', primary: true }],
  }));
}

/** Wraps one stream's records with the log, status and state lines a connector run prints. */
function streamFile(stream, records, clock, streamState) {
  const lines = [
    logMessage('INFO', `Marking stream ${stream} as STARTED`),
    streamStatusMessage(stream, 'STARTED', clock()),
    logMessage('INFO', `Syncing stream: ${stream} `),
    streamStatusMessage(stream, 'RUNNING', clock()),
  ];
  for (const data of records) lines.push(recordMessage(stream, data, clock()));
  lines.push(streamStateMessage(stream, streamState, records.length));
  lines.push(logMessage('INFO', `Read ${records.length} records from ${stream} stream`));
  lines.push(logMessage('INFO', `Marking stream ${stream} as STOPPED`));
  lines.push(streamStatusMessage(stream, 'COMPLETE', clock()));

  return lines;
}

/** Builds the Gong files as `{ 'gong/<file>.jsonl': AirbyteMessage[] }`. */
export function buildGong() {
  const clock = emittedClock('2026-12-03T07:00:03.118Z', 57);
  const calls = [...CALLS].sort((a, b) => a.started.localeCompare(b.started)).map(assembleCall);
  const latestStarted = calls.at(-1).metaData.started;
  const transcripts = calls.map((c) => c.transcript).filter((t) => t !== null);

  return {
    'gong/users.jsonl': streamFile('users', buildUsers(), clock, {
      __ab_no_cursor_state_message: true,
    }),
    'gong/calls.jsonl': streamFile(
      'calls',
      calls.map((c) => c.metaData),
      clock,
      { started: latestStarted },
    ),
    'gong/extensiveCalls.jsonl': streamFile(
      'extensiveCalls',
      calls.map((c) => c.extensive),
      clock,
      { startdatetime: latestStarted },
    ),
    'gong/callTranscripts.jsonl': streamFile('callTranscripts', transcripts, clock, {
      started: latestStarted,
    }),
  };
}
