/**
 * Gong source adapter: the `users`, `calls`, `extensiveCalls` and `callTranscripts` streams of the
 * Airbyte Gong connector, whose records are Gong API v2 objects (`UserMetadata`,
 * `CallBasicData`, `CallData` and `CallTranscript` in Gong's OpenAPI spec).
 *
 * A call's three records share the interaction key `gong:call:<id>` and are merged by `build`.
 * Gong publishes no deep link to a moment in a call, so every segment links to the call itself.
 */
import {
  type CompanyHint,
  type CompanyObservation,
  type Interaction,
  type NormalizedRecord,
  NormalizeError,
  type Participant,
  type PersonObservation,
  type Segment,
  type SourceAdapter,
  type SourceRef,
  type SourceSystem,
  type StagedRecord,
} from '../model.js';
import { companyDomainOfEmail } from '../resolve/domains.js';
import {
  arr,
  joinName,
  normalizeDomain,
  normalizeEmails,
  obj,
  parseDate,
  requireId,
  str,
} from './common.js';

type Data = Record<string, unknown>;

const CALL_KEY_PREFIX = 'gong:call:';

/** Interaction key of a Gong call. */
export function gongCallKey(callId: string): string {
  return `${CALL_KEY_PREFIX}${callId}`;
}

// ---------------------------------------------------------------------------------------------
// CRM context: Gong attaches Salesforce or HubSpot objects to calls (Account, Opportunity) and
// to parties (Contact, Lead, User) as `context: [{system, objects: [{objectType, objectId,
// fields: [{name, value}]}]}]`.

interface CrmObject {
  system: SourceSystem;
  objectType: string;
  objectId: string;
  /** Field values by lower-cased field name. */
  fields: Map<string, unknown>;
}

const PERSON_OBJECT_TYPES = new Set(['contact', 'lead', 'user']);
const COMPANY_OBJECT_TYPES = new Set(['account', 'company']);

/** Maps Gong's CRM system names to source systems. Microsoft Dynamics and Generic map to none. */
function crmSystem(value: unknown): SourceSystem | undefined {
  const system = str(value)?.toLowerCase();
  if (system === 'salesforce') return 'salesforce';
  if (system === 'hubspot') return 'hubspot';

  return undefined;
}

function crmObjects(context: unknown): CrmObject[] {
  const objects: CrmObject[] = [];
  for (const entry of arr(context)) {
    const system = crmSystem(obj(entry)?.system);
    if (system === undefined) continue;

    for (const item of arr(obj(entry)?.objects)) {
      const object = obj(item);
      const objectId = str(object?.objectId);
      const objectType = str(object?.objectType)?.toLowerCase();
      if (object === undefined || objectId === undefined || objectType === undefined) continue;

      objects.push({ system, objectType, objectId, fields: contextFields(object.fields) });
    }
  }

  return objects;
}

function contextFields(fields: unknown): Map<string, unknown> {
  const values = new Map<string, unknown>();
  for (const item of arr(fields)) {
    const name = str(obj(item)?.name)?.toLowerCase();
    if (name !== undefined) values.set(name, obj(item)?.value);
  }

  return values;
}

function accountObjects(context: unknown): CrmObject[] {
  return crmObjects(context).filter((object) => COMPANY_OBJECT_TYPES.has(object.objectType));
}

function accountHint(account: CrmObject): CompanyHint {
  return {
    sourceSystem: account.system,
    sourceId: account.objectId,
    name: str(account.fields.get('name')),
    domain: accountDomain(account),
  };
}

function accountDomain(account: CrmObject): string | undefined {
  return normalizeDomain(account.fields.get('website') ?? account.fields.get('domain'));
}

function accountObservation(account: CrmObject, observedAt: Date | undefined): CompanyObservation {
  const domain = accountDomain(account);

  return {
    type: 'company',
    sourceSystem: account.system,
    sourceId: account.objectId,
    objectType: account.system === 'salesforce' ? 'account' : 'company',
    name: str(account.fields.get('name')),
    domains: domain === undefined ? [] : [domain],
    observedAt,
  };
}

// ---------------------------------------------------------------------------------------------
// Parties: the people on a call, from `extensiveCalls.parties[]`.

/** Call facts shared by every party of the call. */
interface CallFacts {
  callId: string;
  started: Date | undefined;
  /** The call's CRM account, used only when the call carries exactly one. */
  account: CompanyHint | undefined;
}

function isInternalParty(party: Data): boolean {
  return str(party.affiliation)?.toLowerCase() === 'internal' || str(party.userId) !== undefined;
}

function partyAffiliation(party: Data): Participant['affiliation'] {
  if (isInternalParty(party)) return 'internal';

  return str(party.affiliation)?.toLowerCase() === 'external' ? 'external' : 'unknown';
}

function partyEmail(party: Data): string | undefined {
  return normalizeEmails([party.emailAddress])[0];
}

/**
 * Source id of a party. Internal parties with a Gong `userId` use it, so they join the `users`
 * stream. Others use their e-mail address, which is stable across calls, or else the party id
 * scoped by the call.
 */
function partySourceId(party: Data, callId: string, index: number): string {
  const userId = str(party.userId);
  // NOTE: the pipeline stores one observation per source id, so this party observation replaces
  // the `users` observation of the same user (name parts and e-mail aliases drop out of it).
  if (userId !== undefined && isInternalParty(party)) return userId;

  const email = partyEmail(party);
  if (email !== undefined) return `party:${email}`;

  return `party:${callId}:${str(party.id) ?? str(party.speakerId) ?? `#${index}`}`;
}

/** Returns the registrable domain of an e-mail address, or undefined for free-mail providers. */
function companyDomain(email: string | undefined): string | undefined {
  return email === undefined ? undefined : companyDomainOfEmail(email);
}

/**
 * Company of an external party: the call's account, joined with the party's e-mail domain. When
 * the account's website names another domain, the party works elsewhere (a partner, say), so only
 * the e-mail domain is kept.
 */
function partyCompany(party: Data, call: CallFacts): CompanyHint | undefined {
  if (isInternalParty(party)) return undefined;

  const domain = companyDomain(partyEmail(party));
  const account = call.account;
  if (account === undefined) return domain === undefined ? undefined : { domain };
  if (domain !== undefined && account.domain !== undefined && account.domain !== domain) {
    return { domain };
  }

  return { ...account, domain: account.domain ?? domain };
}

function partyLinkedIds(party: Data): SourceRef[] {
  return crmObjects(party.context)
    .filter((object) => PERSON_OBJECT_TYPES.has(object.objectType))
    .map((object) => ({ sourceSystem: object.system, sourceId: object.objectId }));
}

function partyObservation(party: Data, index: number, call: CallFacts): PersonObservation {
  const hasUserId = str(party.userId) !== undefined && isInternalParty(party);

  return {
    type: 'person',
    sourceSystem: 'gong',
    sourceId: partySourceId(party, call.callId, index),
    objectType: hasUserId ? 'user' : 'party',
    name: str(party.name),
    emails: normalizeEmails([party.emailAddress]),
    title: str(party.title),
    phone: str(party.phoneNumber),
    internal: isInternalParty(party),
    company: partyCompany(party, call),
    linkedIds: partyLinkedIds(party),
    observedAt: call.started,
  };
}

function parties(extensiveCall: Data | undefined): Data[] {
  return arr(extensiveCall?.parties)
    .map((party) => obj(party))
    .filter((party): party is Data => party !== undefined);
}

function callFacts(callId: string, extensiveCall: Data | undefined): CallFacts {
  const accounts = accountObjects(extensiveCall?.context);
  const onlyAccount = accounts.length === 1 ? accounts[0] : undefined;

  return {
    callId,
    started: parseDate(obj(extensiveCall?.metaData)?.started),
    account: onlyAccount === undefined ? undefined : accountHint(onlyAccount),
  };
}

// ---------------------------------------------------------------------------------------------
// normalize

function normalizeUser(data: Data, emittedAt: Date | undefined): NormalizedRecord {
  const id = requireId(data, 'id', 'users');
  const firstName = str(data.firstName);
  const lastName = str(data.lastName);
  const person: PersonObservation = {
    type: 'person',
    sourceSystem: 'gong',
    sourceId: id,
    objectType: 'user',
    name: joinName(firstName, lastName),
    firstName,
    lastName,
    emails: normalizeEmails([
      data.emailAddress,
      data.trustedEmailAddress,
      ...arr(data.emailAliases),
    ]),
    title: str(data.title),
    phone: str(data.phoneNumber),
    internal: true,
    linkedIds: [],
  };

  return { recordKey: `user:${id}`, updatedAt: emittedAt, observations: [person], data };
}

function normalizeCall(data: Data, emittedAt: Date | undefined): NormalizedRecord {
  const id = requireId(data, 'id', 'calls');

  return {
    recordKey: `call:${id}`,
    interactionKey: gongCallKey(id),
    updatedAt: parseDate(data.started) ?? emittedAt,
    observations: [],
    data,
  };
}

/**
 * Reads the call id from `metaData.id` first. The connector copies it to a top-level `id` that
 * its schema types as a number, and a 19-digit Gong id does not survive a float.
 */
function extensiveCallId(data: Data): string {
  const id = str(obj(data.metaData)?.id) ?? str(data.id);
  if (id === undefined) {
    throw new NormalizeError(
      'extensiveCalls record has neither "metaData.id" nor "id"; ' +
        'every extensiveCalls record needs the Gong call id',
      'metaData.id',
    );
  }

  return id;
}

function normalizeExtensiveCall(data: Data, emittedAt: Date | undefined): NormalizedRecord {
  const id = extensiveCallId(data);
  const call = callFacts(id, data);
  const people = parties(data).map((party, index) => partyObservation(party, index, call));
  const companies = accountObjects(data.context)
    .filter((account) => str(account.fields.get('name')) !== undefined)
    .map((account) => accountObservation(account, call.started));

  // Media URLs are signed, expire and are read by no builder, so they are not staged.
  const { media: _media, ...stored } = data;

  return {
    recordKey: `extensiveCall:${id}`,
    interactionKey: gongCallKey(id),
    updatedAt: call.started ?? emittedAt,
    observations: [...people, ...companies],
    data: stored,
  };
}

function normalizeTranscript(data: Data, emittedAt: Date | undefined): NormalizedRecord {
  const callId = requireId(data, 'callId', 'callTranscripts');

  return {
    recordKey: `transcript:${callId}`,
    interactionKey: gongCallKey(callId),
    updatedAt: parseDate(data.started) ?? emittedAt,
    observations: [],
    data,
  };
}

// ---------------------------------------------------------------------------------------------
// build

interface CallRecords {
  call: Data | undefined;
  extensiveCall: Data | undefined;
  transcript: Data | undefined;
}

function collectCallRecords(records: StagedRecord[]): CallRecords {
  const found: CallRecords = { call: undefined, extensiveCall: undefined, transcript: undefined };
  for (const record of records) {
    if (record.stream === 'calls') found.call = record.data;
    if (record.stream === 'extensiveCalls') found.extensiveCall = record.data;
    if (record.stream === 'callTranscripts') found.transcript = record.data;
  }

  return found;
}

/** `CallBasicData` from `calls`, overlaid with the non-empty fields of `extensiveCalls.metaData`. */
function mergedMetadata(records: CallRecords): Data {
  const merged: Data = { ...records.call };
  for (const [field, value] of Object.entries(obj(records.extensiveCall?.metaData) ?? {})) {
    if (value !== null && value !== undefined && value !== '') merged[field] = value;
  }

  return merged;
}

function callStart(metadata: Data, transcript: Data | undefined): Date | undefined {
  return (
    parseDate(metadata.started) ?? parseDate(transcript?.started) ?? parseDate(metadata.scheduled)
  );
}

/** Speaker and participant lookup for one call, so a party is one object wherever it appears. */
class CallPeople {
  readonly participants: Participant[] = [];
  private readonly bySpeakerId = new Map<string, Participant>();
  private readonly byUserId = new Map<string, Participant>();
  private readonly unknownSpeakers = new Map<string, Participant>();

  constructor(callId: string, callParties: Data[], speakingIds: Set<string>) {
    callParties.forEach((party, index) => {
      const speakerId = str(party.speakerId);
      const participant: Participant = {
        ref: { sourceSystem: 'gong', sourceId: partySourceId(party, callId, index) },
        name: str(party.name),
        email: partyEmail(party),
        role: speakerId !== undefined && speakingIds.has(speakerId) ? 'speaker' : 'participant',
        affiliation: partyAffiliation(party),
      };

      this.participants.push(participant);
      if (speakerId !== undefined) this.bySpeakerId.set(speakerId, participant);
      const userId = str(party.userId);
      if (userId !== undefined) this.byUserId.set(userId, participant);
    });
  }

  /** Returns the party behind a transcript `speakerId`, or one shared placeholder per unknown id. */
  speaker(speakerId: string | undefined): Participant {
    const key = speakerId ?? '';
    const party = this.bySpeakerId.get(key);
    if (party !== undefined) return party;

    let unknown = this.unknownSpeakers.get(key);
    if (unknown === undefined) {
      unknown = { name: 'Unknown speaker', role: 'speaker', affiliation: 'unknown' };
      this.unknownSpeakers.set(key, unknown);
      this.participants.push(unknown);
    }

    return unknown;
  }

  /** Returns the call's owner (`primaryUserId`), as a party when the user was on the call. */
  owner(primaryUserId: string | undefined): Participant | undefined {
    if (primaryUserId === undefined) return undefined;

    const party = this.byUserId.get(primaryUserId);
    const ref: SourceRef = { sourceSystem: 'gong', sourceId: primaryUserId };

    return party === undefined
      ? { ref, role: 'owner', affiliation: 'internal' }
      : { ...party, role: 'owner' };
  }
}

interface TranscriptSentence {
  text: string;
  speakerId: string | undefined;
  topic: string | undefined;
  startMs: number | undefined;
  endMs: number | undefined;
}

/** Parses a finite number, or a string containing one (numeric columns can come back as text). */
function finiteNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);

  return undefined;
}

function transcriptSentences(transcript: Data | undefined): TranscriptSentence[] {
  const sentences: TranscriptSentence[] = [];
  for (const item of arr(transcript?.transcript)) {
    const monologue = obj(item);
    for (const entry of arr(monologue?.sentences)) {
      const sentence = obj(entry);
      const text = str(sentence?.text);
      if (sentence === undefined || text === undefined) continue;

      sentences.push({
        text,
        speakerId: str(monologue?.speakerId),
        topic: str(monologue?.topic),
        startMs: finiteNumber(sentence.start),
        endMs: finiteNumber(sentence.end),
      });
    }
  }

  return sentences;
}

/**
 * Sorts sentences by start time. A sentence without a start takes the start of the sentence
 * before it in the transcript, so it stays beside its neighbours instead of moving to one end.
 */
function sortByStart(sentences: TranscriptSentence[]): TranscriptSentence[] {
  let previousStart = Number.NEGATIVE_INFINITY;
  const keyed = sentences.map((sentence, index) => {
    previousStart = sentence.startMs ?? previousStart;
    return { sentence, index, sortKey: previousStart };
  });

  keyed.sort((a, b) => {
    if (a.sortKey !== b.sortKey) return a.sortKey < b.sortKey ? -1 : 1;
    return a.index - b.index;
  });

  return keyed.map((item) => item.sentence);
}

function transcriptSegments(
  sentences: TranscriptSentence[],
  people: CallPeople,
  deepLink: string | undefined,
): Segment[] {
  return sortByStart(sentences).map((sentence) => ({
    text: sentence.text,
    speaker: people.speaker(sentence.speakerId),
    startMs: sentence.startMs,
    endMs: sentence.endMs,
    topic: sentence.topic,
    deepLink,
  }));
}

function keyPoints(content: Data | undefined): string[] {
  return arr(content?.keyPoints).flatMap((point) => str(obj(point)?.text) ?? []);
}

function topicNames(content: Data | undefined): string[] {
  return arr(content?.topics).flatMap((topic) => str(obj(topic)?.name) ?? []);
}

/** Joins the call's brief and key points into one segment, for calls with no transcript. */
function summarySegment(content: Data | undefined, deepLink: string | undefined): Segment[] {
  const brief = str(content?.brief);
  const points = keyPoints(content);
  const parts = [brief, points.length > 0 ? points.map((point) => `- ${point}`).join('\n') : ''];
  const text = parts.filter((part) => part !== undefined && part !== '').join('\n\n');

  return text === '' ? [] : [{ text, deepLink }];
}

function callCompanies(extensiveCall: Data | undefined): CompanyHint[] {
  const companies = accountObjects(extensiveCall?.context).map(accountHint);
  const knownDomains = new Set(companies.flatMap((company) => company.domain ?? []));

  for (const party of parties(extensiveCall)) {
    const domain = companyDomain(partyEmail(party));
    if (isInternalParty(party) || domain === undefined || knownDomains.has(domain)) continue;

    knownDomains.add(domain);
    companies.push({ domain });
  }

  return companies;
}

function callMetadata(metadata: Data, content: Data | undefined): Data {
  const topics = topicNames(content);
  const facts: Data = {
    durationSeconds: finiteNumber(metadata.duration),
    scope: str(metadata.scope),
    direction: str(metadata.direction),
    system: str(metadata.system),
    language: str(metadata.language),
    isPrivate: typeof metadata.isPrivate === 'boolean' ? metadata.isPrivate : undefined,
    brief: str(content?.brief),
    topics: topics.length > 0 ? topics : undefined,
  };

  return Object.fromEntries(Object.entries(facts).filter(([, value]) => value !== undefined));
}

function parseCallKey(key: string): string {
  const callId = key.startsWith(CALL_KEY_PREFIX) ? key.slice(CALL_KEY_PREFIX.length) : '';
  if (callId === '') {
    throw new Error(`invalid Gong interaction key "${key}"; expected "${CALL_KEY_PREFIX}<id>"`);
  }

  return callId;
}

function mainStream(records: CallRecords): string {
  if (records.extensiveCall !== undefined) return 'extensiveCalls';

  return records.call !== undefined ? 'calls' : 'callTranscripts';
}

/**
 * Builds one call from whichever of its `calls`, `extensiveCalls` and `callTranscripts` records
 * are staged, in any arrival order. Returns null when no record gives the call's time or no
 * record has text (no transcript sentence, brief or key point).
 */
function buildCall(key: string, records: StagedRecord[]): Interaction | null {
  const callId = parseCallKey(key);
  const found = collectCallRecords(records);
  const metadata = mergedMetadata(found);
  const content = obj(found.extensiveCall?.content);

  // A transcript without `started` builds nothing until a calls or extensiveCalls record of the
  // call is staged, because no other record gives the call's time.
  const occurredAt = callStart(metadata, found.transcript);
  if (occurredAt === undefined) return null;

  const sentences = transcriptSentences(found.transcript);
  const speakingIds = new Set(sentences.flatMap((sentence) => sentence.speakerId ?? []));
  const people = new CallPeople(callId, parties(found.extensiveCall), speakingIds);
  const deepLink = str(metadata.url);

  const segments =
    sentences.length > 0
      ? transcriptSegments(sentences, people, deepLink)
      : summarySegment(content, deepLink);
  if (segments.length === 0) return null;

  return {
    key,
    sourceSystem: 'gong',
    sourceId: callId,
    stream: mainStream(found),
    kind: 'call',
    occurredAt,
    title: str(metadata.title),
    author: people.owner(str(metadata.primaryUserId)),
    participants: people.participants,
    companies: callCompanies(found.extensiveCall),
    deepLink,
    callId,
    metadata: callMetadata(metadata, content),
    segments,
  };
}

/** Reads Gong users, calls, extensive call data and transcripts, and builds one call per key. */
export const gongAdapter: SourceAdapter = {
  source: 'gong',
  streams: {
    users: { order: 0, normalize: normalizeUser },
    calls: { order: 10, normalize: normalizeCall },
    extensiveCalls: { order: 10, normalize: normalizeExtensiveCall },
    callTranscripts: { order: 20, normalize: normalizeTranscript },
  },
  build: buildCall,
};
