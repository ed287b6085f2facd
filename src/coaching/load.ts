/**
 * Reads what the coaching report needs from the store: Gong calls with their resolved parties,
 * their transcripts, a rep's Slack threads with customers, and CRM notes or tasks logged after
 * calls. Each loader runs a fixed number of queries, however many calls the period has.
 */

import type { Queryable } from '../db/database.js';
import { arr, obj, str } from '../sources/common.js';
import type { CallInput, CallSpeaker, SpeakerSide, TranscriptSentence } from './types.js';

type Data = Record<string, unknown>;

/** A party of a stored Gong call, with the unified person its user id or e-mail maps to. */
export interface StoredParty {
  speakerId?: string | undefined;
  side: SpeakerSide;
  name?: string | undefined;
  personId?: string | undefined;
  /** True when `personId` is one of the team's own (internal) people. */
  internal: boolean;
}

/** A Gong call as the coaching report reads it from the store, without its transcript. */
export interface StoredCall {
  interactionId: string;
  /** `gong:call:<id>`, the key its staged records share. */
  interactionKey: string;
  callId: string;
  startedAt: Date;
  durationMs?: number | undefined;
  url?: string | undefined;
  title?: string | undefined;
  /** False when no `callTranscripts` record of the call has been synced. */
  hasTranscript: boolean;
  /**
   * Content hashes of the call's interaction, `extensiveCalls` and `callTranscripts` records.
   * It changes whenever anything the metrics read changes, so it can key cached metrics.
   */
  version: string;
  parties: StoredParty[];
}

export interface CallQuery {
  from: Date;
  to: Date;
  /** Only calls linked to one of these unified people; all Gong calls when omitted. */
  personIds?: string[] | undefined;
}

interface CallRow {
  id: string;
  interaction_key: string;
  call_id: string;
  occurred_at: Date;
  title: string | null;
  deep_link: string | null;
  duration_seconds: unknown;
  content_hash: string;
}

interface CallRecordRow {
  interaction_key: string;
  stream: string;
  content_hash: string;
  parties: unknown;
}

interface PartyKeyRow {
  key: string;
  person_id: string;
  is_internal: boolean;
}

/**
 * Loads the Gong calls that started in `[from, to]`, oldest first, with their parties but not
 * their transcripts (see `loadTranscripts`). Three queries: the calls, their `extensiveCalls`
 * and `callTranscripts` record hashes with the parties, and the people the parties map to.
 * The queries look rows up by key arrays rather than joins, so that their plans stay index
 * scans when the tables have no planner statistics yet (PGlite right after a bulk sync).
 */
export async function loadGongCalls(
  db: Queryable,
  schema: string,
  query: CallQuery,
): Promise<StoredCall[]> {
  return storedCalls(db, schema, await callRows(db, schema, query));
}

/** Loads the Gong calls among the interactions `interactionIds`, like `loadGongCalls`. */
export async function loadGongCallsById(
  db: Queryable,
  schema: string,
  interactionIds: string[],
): Promise<StoredCall[]> {
  if (interactionIds.length === 0) return [];

  const rows = await db.query<CallRow>(
    `${callColumns(schema)}
     WHERE i.id = ANY($1::uuid[]) AND i.source_system = 'gong' AND i.call_id IS NOT NULL
     ORDER BY i.occurred_at, i.call_id`,
    [interactionIds],
  );

  return storedCalls(db, schema, rows);
}

async function storedCalls(db: Queryable, schema: string, rows: CallRow[]): Promise<StoredCall[]> {
  const records = await callRecords(
    db,
    schema,
    rows.map((row) => row.interaction_key),
  );
  const rawParties = rows.map((row) => partiesOf(records.get(row.interaction_key)?.parties));
  const people = await mapPartyKeys(db, schema, rawParties.flat());

  return rows.map((row, index) => {
    const found = records.get(row.interaction_key);
    return {
      interactionId: row.id,
      interactionKey: row.interaction_key,
      callId: row.call_id,
      startedAt: row.occurred_at,
      durationMs: durationMsOf(row.duration_seconds),
      url: row.deep_link ?? undefined,
      title: row.title ?? undefined,
      hasTranscript: found?.transcriptHash !== undefined,
      version: [row.content_hash, found?.partiesHash ?? '', found?.transcriptHash ?? ''].join(':'),
      parties: (rawParties[index] ?? []).map((party) => storedParty(party, people)),
    };
  });
}

function callColumns(schema: string): string {
  return `SELECT i.id, i.interaction_key, i.call_id, i.occurred_at, i.title, i.deep_link,
       i.metadata->'durationSeconds' AS duration_seconds, i.content_hash
     FROM ${schema}.interactions i`;
}

async function callRows(db: Queryable, schema: string, query: CallQuery): Promise<CallRow[]> {
  const params: unknown[] = [query.from, query.to];
  let personFilter = '';
  if (query.personIds !== undefined) {
    params.push(query.personIds);
    personFilter = `AND i.id IN (SELECT interaction_id FROM ${schema}.interaction_entities
      WHERE entity_id = ANY($3::uuid[]))`;
  }

  return db.query<CallRow>(
    `${callColumns(schema)}
     WHERE i.source_system = 'gong' AND i.call_id IS NOT NULL
       AND i.occurred_at >= $1 AND i.occurred_at <= $2 ${personFilter}
     ORDER BY i.occurred_at, i.call_id`,
    params,
  );
}

interface CallRecords {
  parties?: unknown;
  partiesHash?: string | undefined;
  transcriptHash?: string | undefined;
}

/** Loads the parties and record hashes of calls, by interaction key, in one query. */
async function callRecords(
  db: Queryable,
  schema: string,
  interactionKeys: string[],
): Promise<Map<string, CallRecords>> {
  const rows = await db.query<CallRecordRow>(
    `SELECT interaction_key, stream, content_hash,
       CASE WHEN stream = 'extensiveCalls' THEN data->'parties' END AS parties
     FROM ${schema}.source_records
     WHERE interaction_key = ANY($1::text[]) AND stream IN ('extensiveCalls', 'callTranscripts')`,
    [interactionKeys],
  );

  const records = new Map<string, CallRecords>();
  for (const row of rows) {
    const entry = records.get(row.interaction_key) ?? {};
    if (row.stream === 'extensiveCalls') {
      entry.parties = row.parties;
      entry.partiesHash = row.content_hash;
    } else {
      entry.transcriptHash = row.content_hash;
    }
    records.set(row.interaction_key, entry);
  }

  return records;
}

/**
 * Loads the transcript sentences of calls, by interaction id, in one query. Calls without a
 * synced transcript are absent from the result.
 */
export async function loadTranscripts(
  db: Queryable,
  schema: string,
  calls: StoredCall[],
): Promise<Map<string, TranscriptSentence[]>> {
  if (calls.length === 0) return new Map();

  const rows = await db.query<{ interaction_key: string; transcript: unknown }>(
    `SELECT interaction_key, data->'transcript' AS transcript
     FROM ${schema}.source_records
     WHERE interaction_key = ANY($1::text[]) AND stream = 'callTranscripts'`,
    [calls.map((call) => call.interactionKey)],
  );
  const byKey = new Map(rows.map((row) => [row.interaction_key, row.transcript]));

  return new Map(
    calls.flatMap((call) => {
      const transcript = byKey.get(call.interactionKey);
      return transcript === undefined ? [] : [[call.interactionId, sentencesOf(transcript)]];
    }),
  );
}

function partiesOf(value: unknown): Data[] {
  return arr(value)
    .map((party) => obj(party))
    .filter((party): party is Data => party !== undefined);
}

function durationMsOf(value: unknown): number | undefined {
  const seconds = typeof value === 'string' ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds <= 0) return undefined;

  return seconds * 1000;
}

/** Parses a finite number, or a string that contains only one (numeric columns can be text). */
function finiteNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);

  return undefined;
}

/** Flattens Gong's `transcript[].sentences[]` (`start` and `end` in ms) in transcript order. */
function sentencesOf(transcript: unknown): TranscriptSentence[] {
  const sentences: TranscriptSentence[] = [];
  for (const item of arr(transcript)) {
    const monologue = obj(item);
    const speakerId = str(monologue?.speakerId);
    for (const entry of arr(monologue?.sentences)) {
      const sentence = obj(entry);
      const text = str(sentence?.text);
      if (sentence === undefined || text === undefined) continue;

      sentences.push({
        speakerId,
        startMs: finiteNumber(sentence.start),
        endMs: finiteNumber(sentence.end),
        text,
      });
    }
  }

  return sentences;
}

function userKey(party: Data): string | undefined {
  const userId = str(party.userId);
  return userId === undefined ? undefined : `user:${userId}`;
}

function emailKey(party: Data): string | undefined {
  const email = str(party.emailAddress)?.toLowerCase();
  return email === undefined ? undefined : `email:${email}`;
}

/**
 * Maps `user:<Gong user id>` and `email:<address>` keys of the parties to unified people in one
 * query: user ids through `entity_mappings` (Gong users are mapped by their user id), e-mail
 * addresses through the people's `emails`.
 */
async function mapPartyKeys(
  db: Queryable,
  schema: string,
  parties: Data[],
): Promise<Map<string, PartyKeyRow>> {
  const userIds = new Set<string>();
  const emails = new Set<string>();
  for (const party of parties) {
    const userId = str(party.userId);
    const email = str(party.emailAddress)?.toLowerCase();
    if (userId !== undefined) userIds.add(userId);
    if (email !== undefined) emails.add(email);
  }

  const rows = await db.query<PartyKeyRow>(
    `SELECT 'user:' || m.source_id AS key, e.id AS person_id, e.is_internal
     FROM ${schema}.entity_mappings m JOIN ${schema}.entities e ON e.id = m.unified_id
     WHERE m.entity_type = 'person' AND m.source_system = 'gong' AND m.source_id = ANY($1::text[])
       AND e.entity_type = 'person'
     UNION ALL
     SELECT 'email:' || address, e.id, e.is_internal
     FROM ${schema}.entities e CROSS JOIN LATERAL unnest(e.emails) AS address
     WHERE e.entity_type = 'person' AND e.emails && $2::text[] AND address = ANY($2::text[])`,
    [[...userIds], [...emails]],
  );

  const people = new Map<string, PartyKeyRow>();
  for (const row of rows) {
    if (!people.has(row.key)) people.set(row.key, row);
  }

  return people;
}

/** Gong marks the team's own parties `Internal`; a party with a Gong `userId` is internal too. */
function sideOf(party: Data): SpeakerSide {
  const affiliation = str(party.affiliation)?.toLowerCase();
  if (affiliation === 'internal' || str(party.userId) !== undefined) return 'internal';

  return affiliation === 'external' ? 'external' : 'unknown';
}

function storedParty(party: Data, people: Map<string, PartyKeyRow>): StoredParty {
  const userKeyValue = userKey(party);
  const emailKeyValue = emailKey(party);
  const person =
    (userKeyValue === undefined ? undefined : people.get(userKeyValue)) ??
    (emailKeyValue === undefined ? undefined : people.get(emailKeyValue));

  return {
    speakerId: str(party.speakerId),
    side: sideOf(party),
    name: str(party.name),
    personId: person?.person_id,
    internal: person?.is_internal === true,
  };
}

/** Internal people who were parties of the call, each once. */
export function internalPeopleOf(call: StoredCall): string[] {
  const ids = call.parties.flatMap((party) =>
    party.internal && party.personId !== undefined ? [party.personId] : [],
  );

  return [...new Set(ids)];
}

/** Returns true when a party of the call resolves to `personId`. */
export function tookPart(call: StoredCall, personId: string): boolean {
  return call.parties.some((party) => party.personId === personId);
}

/** Returns true when a party of the call is on the customer (external) side. */
export function hasCustomerParty(call: StoredCall): boolean {
  return call.parties.some((party) => party.side === 'external');
}

/** Speaker ids of the parties that resolve to `personId`, each once. */
export function speakerIdsOf(call: StoredCall, personId: string): string[] {
  const ids = call.parties.flatMap((party) =>
    party.personId === personId && party.speakerId !== undefined ? [party.speakerId] : [],
  );

  return [...new Set(ids)];
}

/**
 * Builds the metrics input for one call as seen by `personId`: that person's speaker ids are
 * the rep's, other internal parties are colleagues, and external parties are customers.
 * Transcript speaker ids that match no party stay unknown.
 */
export function toCallInput(
  call: StoredCall,
  sentences: TranscriptSentence[],
  personId: string,
): CallInput {
  const speakers: CallSpeaker[] = call.parties.flatMap((party) =>
    party.speakerId === undefined
      ? []
      : [
          {
            speakerId: party.speakerId,
            side: party.side,
            personId: party.personId,
            name: party.name,
          },
        ],
  );

  return {
    callId: call.callId,
    startedAt: call.startedAt,
    durationMs: call.durationMs,
    url: call.url,
    title: call.title,
    sentences,
    speakers,
    repSpeakerIds: speakerIdsOf(call, personId),
  };
}

// ---------------------------------------------------------------------------------------------
// Slack

/** One Slack message of a thread the rep wrote in, with its author resolved. */
export interface SlackThreadMessage {
  /** Interaction key of the thread, `slack:<channel>:<thread_ts>`. */
  threadKey: string;
  threadLink?: string | undefined;
  /** `#channel` of the thread. */
  channel?: string | undefined;
  /** Message time, from Slack's `ts` (epoch seconds). */
  at: Date;
  personId?: string | undefined;
  /** Undefined when the author maps to no unified person (bots, unknown users). */
  internal?: boolean | undefined;
}

interface SlackRow {
  interaction_key: string;
  deep_link: string | null;
  title: string | null;
  ts: string;
  subtype: string | null;
  bot_id: string | null;
  person_id: string | null;
  is_internal: boolean | null;
}

/**
 * Message subtypes that are conversation. Other subtypes (joins, topic changes, edit and delete
 * events) are not messages between people.
 */
const CONVERSATION_SUBTYPES = new Set(['thread_broadcast', 'file_share', 'me_message']);

/**
 * Loads the messages, sent from `from` on, of every Slack thread that `personId` wrote in and
 * that started by `to`, oldest first. Messages are de-duplicated by thread and `ts`.
 * NOTE: deletions are not applied, so a message deleted after it was synced still counts.
 */
export async function loadSlackThreads(
  db: Queryable,
  schema: string,
  personId: string,
  from: Date,
  to: Date,
): Promise<SlackThreadMessage[]> {
  const rows = await db.query<SlackRow>(
    `SELECT r.interaction_key, i.deep_link, i.title, r.data->>'ts' AS ts,
       r.data->>'subtype' AS subtype, r.data->>'bot_id' AS bot_id,
       e.id AS person_id, e.is_internal
     FROM ${schema}.interactions i
     JOIN ${schema}.source_records r ON r.source_system = 'slack'
       AND r.interaction_key = i.interaction_key AND r.stream IN ('channel_messages', 'threads')
     LEFT JOIN ${schema}.entity_mappings m ON m.entity_type = 'person'
       AND m.source_system = 'slack' AND m.source_id = r.data->>'user'
     LEFT JOIN ${schema}.entities e ON e.id = m.unified_id
     WHERE i.source_system = 'slack' AND i.occurred_at <= $3
       AND i.id IN (SELECT interaction_id FROM ${schema}.interaction_entities
         WHERE entity_id = $1 AND role = 'author')
       AND (r.data->>'ts')::double precision >= $2`,
    [personId, from.getTime() / 1000, to],
  );

  const messages = new Map<string, SlackThreadMessage>();
  for (const row of rows) {
    const isConversation = row.subtype === null || CONVERSATION_SUBTYPES.has(row.subtype);
    if (!isConversation || row.bot_id !== null) continue;

    messages.set(`${row.interaction_key}|${row.ts}`, {
      threadKey: row.interaction_key,
      threadLink: row.deep_link ?? undefined,
      channel: row.title ?? undefined,
      at: new Date(Number(row.ts) * 1000),
      personId: row.person_id ?? undefined,
      internal: row.is_internal ?? undefined,
    });
  }

  return [...messages.values()].sort(
    (a, b) => a.threadKey.localeCompare(b.threadKey) || a.at.getTime() - b.at.getTime(),
  );
}

// ---------------------------------------------------------------------------------------------
// CRM

/** The first HubSpot or Salesforce note or task logged in the window after a call. */
export interface CrmFollowUp {
  source: 'hubspot' | 'salesforce';
  kind: string;
  at: Date;
  title?: string | undefined;
  link?: string | undefined;
  /** `author` when the rep wrote it; `company` when it is only about the call's company. */
  matchedBy: 'author' | 'company';
}

interface FollowUpRow {
  call_interaction_id: string;
  source_system: 'hubspot' | 'salesforce';
  kind: string;
  occurred_at: Date;
  title: string | null;
  deep_link: string | null;
  by_rep: boolean | null;
}

/**
 * Finds, per call, the first HubSpot or Salesforce note or task that `personId` wrote, or that
 * is linked to one of the call's companies, from the call's start until `windowMs` after its
 * end (start plus recorded duration). One query for all calls; returns follow-ups by
 * interaction id. NOTE: a Salesforce task is timed by its completion date, else its due date,
 * else its creation date, so an open task with a due date counts from that date.
 */
export async function loadCrmFollowUps(
  db: Queryable,
  schema: string,
  personId: string,
  callInteractionIds: string[],
  windowMs: number,
): Promise<Map<string, CrmFollowUp>> {
  if (callInteractionIds.length === 0) return new Map();

  // LATERAL with LIMIT 1 makes each call one range scan of the (source_system, occurred_at)
  // index, whatever statistics the planner has.
  const rows = await db.query<FollowUpRow>(
    `SELECT i.id AS call_interaction_id, f.source_system, f.kind, f.occurred_at, f.title,
       f.deep_link, f.author_person_id = $2 AS by_rep
     FROM ${schema}.interactions i
     CROSS JOIN LATERAL (
       SELECT c.source_system, c.kind, c.occurred_at, c.title, c.deep_link, c.author_person_id
       FROM ${schema}.interactions c
       WHERE c.source_system IN ('hubspot', 'salesforce') AND c.kind IN ('note', 'task')
         AND c.occurred_at >= i.occurred_at
         AND c.occurred_at <= i.occurred_at + make_interval(secs =>
           COALESCE((i.metadata->>'durationSeconds')::double precision, 0) + $3)
         AND (c.author_person_id = $2 OR EXISTS (
           SELECT 1 FROM ${schema}.interaction_entities a
           JOIN ${schema}.interaction_entities b ON b.entity_id = a.entity_id
           WHERE a.interaction_id = i.id AND b.interaction_id = c.id
             AND a.entity_type = 'company' AND b.entity_type = 'company'))
       ORDER BY c.occurred_at, c.id
       LIMIT 1) f
     WHERE i.id = ANY($1::uuid[])`,
    [callInteractionIds, personId, windowMs / 1000],
  );

  return new Map(
    rows.map((row) => [
      row.call_interaction_id,
      {
        source: row.source_system,
        kind: row.kind,
        at: row.occurred_at,
        title: row.title ?? undefined,
        link: row.deep_link ?? undefined,
        matchedBy: row.by_rep === true ? 'author' : 'company',
      },
    ]),
  );
}
