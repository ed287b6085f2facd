/**
 * HubSpot streams of the Airbyte source-hubspot connector. Owners, contacts and companies become
 * entity observations. Notes, calls, e-mails, meetings and tasks (CRM v3 engagement objects)
 * become interactions.
 *
 * A record looks like `{id, properties: {...}, createdAt, updatedAt, archived, contacts: [ids],
 * companies: [ids], deals: [ids]}`. Since connector 1.5.0 every `properties.<name>` is also copied
 * to a top-level `properties_<name>`. Some pipelines keep only those copies, so every property is
 * read from both places. Association arrays repeat ids and are de-duplicated.
 */

import type {
  BuildContext,
  CompanyHint,
  CompanyObservation,
  Interaction,
  InteractionKind,
  NormalizedRecord,
  Participant,
  PersonObservation,
  SourceAdapter,
  StagedRecord,
  StreamHandler,
} from '../model.js';
import { NormalizeError } from '../model.js';
import {
  emailDomain,
  joinName,
  normalizeDomain,
  normalizeEmails,
  obj,
  parseDate,
  requireId,
  str,
  uniqueIds,
} from './common.js';
import { bodyToText, firstLineTitle, splitParagraphs } from './html.js';

const FLAT_PREFIX = 'properties_';

/** HubSpot object type ids used in record URLs (developers.hubspot.com/docs/guides/crm). */
const OBJECT_TYPE_IDS = { contact: '0-1', company: '0-2', deal: '0-3' } as const;

/** Reading rules for one engagement type: its kind, text properties, time and metadata. */
interface EngagementSpec {
  kind: InteractionKind;
  titleProperty?: string;
  /**
   * Body sources in reading order. Each group lists alternatives, and the first one with text
   * wins. Groups are joined as separate paragraphs. Every value may be HTML or plain text.
   */
  bodyGroups: string[][];
  /** Properties tried, in order, for the time of the engagement before `createdAt`. */
  timeProperties: string[];
  /** Metadata key to property name. */
  metadata: Record<string, string>;
}

const ENGAGEMENTS: Record<string, EngagementSpec> = {
  engagements_notes: {
    kind: 'note',
    bodyGroups: [['hs_note_body', 'hs_body_preview']],
    timeProperties: ['hs_timestamp'],
    metadata: {},
  },
  engagements_calls: {
    kind: 'call',
    titleProperty: 'hs_call_title',
    bodyGroups: [['hs_call_body', 'hs_body_preview']],
    timeProperties: ['hs_timestamp'],
    metadata: {
      direction: 'hs_call_direction',
      disposition: 'hs_call_disposition',
      status: 'hs_call_status',
    },
  },
  engagements_emails: {
    kind: 'email',
    titleProperty: 'hs_email_subject',
    bodyGroups: [['hs_email_text', 'hs_email_html', 'hs_body_preview']],
    timeProperties: ['hs_timestamp'],
    metadata: { direction: 'hs_email_direction', status: 'hs_email_status' },
  },
  engagements_meetings: {
    kind: 'meeting',
    titleProperty: 'hs_meeting_title',
    bodyGroups: [['hs_meeting_body', 'hs_body_preview'], ['hs_internal_meeting_notes']],
    timeProperties: ['hs_timestamp', 'hs_meeting_start_time'],
    metadata: {
      startTime: 'hs_meeting_start_time',
      endTime: 'hs_meeting_end_time',
      outcome: 'hs_meeting_outcome',
      location: 'hs_meeting_location',
    },
  },
  engagements_tasks: {
    kind: 'task',
    titleProperty: 'hs_task_subject',
    bodyGroups: [['hs_task_body', 'hs_body_preview']],
    timeProperties: ['hs_timestamp'],
    metadata: {
      status: 'hs_task_status',
      priority: 'hs_task_priority',
      taskType: 'hs_task_type',
      completedAt: 'hs_task_completion_date',
    },
  },
};

// ---------------------------------------------------------------------------------------------
// Reading records

/** Read the nested `properties` object, parsing it when a destination stored it as JSON text. */
function nestedProperties(data: Record<string, unknown>): Record<string, unknown> {
  const value = data.properties;
  if (typeof value === 'string' && value.trimStart().startsWith('{')) {
    try {
      return obj(JSON.parse(value)) ?? {};
    } catch {
      return {};
    }
  }

  return obj(value) ?? {};
}

/** Read `properties.<name>`, or the flattened `properties_<name>` copy when that is empty. */
function prop(data: Record<string, unknown>, name: string): unknown {
  const nested = nestedProperties(data)[name];
  if (nested !== null && nested !== undefined) return nested;

  return data[`${FLAT_PREFIX}${name}`];
}

function propStr(data: Record<string, unknown>, name: string): string | undefined {
  return str(prop(data, name));
}

/** Split a HubSpot multi-value text property such as `hs_additional_emails` (`a@x;b@y`). */
function splitList(value: unknown): string[] {
  const text = str(value);
  if (text === undefined) return [];

  return text
    .split(/[;,]/)
    .map((part) => part.trim())
    .filter((part) => part !== '');
}

/** Read de-duplicated association ids, parsing a JSON-encoded array as some destinations store it. */
function associationIds(value: unknown): string[] {
  if (typeof value === 'string' && value.trimStart().startsWith('[')) {
    try {
      return uniqueIds(JSON.parse(value));
    } catch {
      return [];
    }
  }

  return uniqueIds(value);
}

function isTrue(value: unknown): boolean {
  return value === true || value === 'true';
}

/**
 * Drop null properties and merge the flattened `properties_<name>` copies into `properties`.
 * HubSpot sends hundreds of mostly-null properties per record and the copies double them, so
 * this shrinks what is staged. `prop` reads either form.
 */
function compactRecord(data: Record<string, unknown>): Record<string, unknown> {
  const compact: Record<string, unknown> = {};
  const merged: Record<string, unknown> = {};
  let hasProperties = data.properties !== undefined;

  for (const [key, value] of Object.entries(data)) {
    if (key === 'properties') continue;
    if (key.startsWith(FLAT_PREFIX)) {
      hasProperties = true;
      if (value !== null && value !== undefined) merged[key.slice(FLAT_PREFIX.length)] = value;
      continue;
    }
    compact[key] = value;
  }

  for (const [key, value] of Object.entries(nestedProperties(data))) {
    if (value !== null && value !== undefined) merged[key] = value;
  }
  if (hasProperties) compact.properties = merged;

  return compact;
}

/** Return the change time of a CRM object: `updatedAt`, then the given last-modified properties. */
function recordUpdatedAt(
  data: Record<string, unknown>,
  modifiedProperties: string[],
  emittedAt: Date | undefined,
): Date | undefined {
  const candidates = [data.updatedAt, ...modifiedProperties.map((name) => prop(data, name))];
  for (const candidate of candidates) {
    const date = parseDate(candidate);
    if (date !== undefined) return date;
  }

  return emittedAt;
}

// ---------------------------------------------------------------------------------------------
// Entity streams

function normalizeOwner(
  data: Record<string, unknown>,
  emittedAt: Date | undefined,
): NormalizedRecord {
  const id = requireId(data, 'id', 'owners');
  const firstName = str(data.firstName);
  const lastName = str(data.lastName);

  // Archived owners are deactivated users, who still wrote the notes that name them.
  // NOTE: HubSpot ids are unique per object type only. Owners and contacts are both people
  // under source system 'hubspot', so an owner and a contact with the same id would share one
  // person mapping. Owner ids are numbered apart from contact ids in practice, which HubSpot
  // does not guarantee.
  const person: PersonObservation = {
    type: 'person',
    sourceSystem: 'hubspot',
    sourceId: id,
    objectType: 'owner',
    name: joinName(firstName, lastName),
    firstName,
    lastName,
    emails: normalizeEmails([data.email]),
    internal: true,
    linkedIds: [],
    observedAt: recordUpdatedAt(data, [], emittedAt),
  };

  // `data` keeps `userId`, the id that `hs_created_by_user_id` on engagements refers to.
  return entityRecord(`owner:${id}`, data, person, person.observedAt);
}

function normalizeContact(
  data: Record<string, unknown>,
  emittedAt: Date | undefined,
): NormalizedRecord {
  const id = requireId(data, 'id', 'contacts');
  const updatedAt = recordUpdatedAt(data, ['lastmodifieddate', 'hs_lastmodifieddate'], emittedAt);
  const emails = normalizeEmails([
    prop(data, 'email'),
    ...splitList(prop(data, 'hs_additional_emails')),
  ]);
  const firstName = propStr(data, 'firstname');
  const lastName = propStr(data, 'lastname');

  const person: PersonObservation = {
    type: 'person',
    sourceSystem: 'hubspot',
    sourceId: id,
    objectType: 'contact',
    name: joinName(firstName, lastName),
    firstName,
    lastName,
    emails,
    title: propStr(data, 'jobtitle'),
    phone: propStr(data, 'phone') ?? propStr(data, 'mobilephone'),
    city: propStr(data, 'city'),
    internal: false,
    company: contactCompany(data, emails[0]),
    linkedIds: [],
    observedAt: updatedAt,
  };

  // Archived contacts are deleted in HubSpot, so they no longer describe anyone.
  return entityRecord(`contact:${id}`, data, isTrue(data.archived) ? undefined : person, updatedAt);
}

/** Build the company hint of a contact from its primary association, company name and domain. */
function contactCompany(
  data: Record<string, unknown>,
  primaryEmail: string | undefined,
): CompanyHint | undefined {
  const companyId = propStr(data, 'associatedcompanyid') ?? associationIds(data.companies)[0];
  const name = propStr(data, 'company');
  const domain =
    normalizeDomain(prop(data, 'website')) ??
    (primaryEmail === undefined ? undefined : emailDomain(primaryEmail));

  if (companyId === undefined && name === undefined && domain === undefined) return undefined;

  return {
    sourceSystem: companyId === undefined ? undefined : 'hubspot',
    sourceId: companyId,
    name,
    domain,
  };
}

function normalizeCompany(
  data: Record<string, unknown>,
  emittedAt: Date | undefined,
): NormalizedRecord {
  const id = requireId(data, 'id', 'companies');
  const updatedAt = recordUpdatedAt(data, ['hs_lastmodifieddate'], emittedAt);
  const domainValues = [
    prop(data, 'domain'),
    prop(data, 'website'),
    ...splitList(prop(data, 'hs_additional_domains')),
  ];
  const domains = [...new Set(domainValues.map(normalizeDomain))].filter(
    (domain): domain is string => domain !== undefined,
  );

  const company: CompanyObservation = {
    type: 'company',
    sourceSystem: 'hubspot',
    sourceId: id,
    objectType: 'company',
    name: propStr(data, 'name'),
    domains,
    observedAt: updatedAt,
  };

  return entityRecord(
    `company:${id}`,
    data,
    isTrue(data.archived) ? undefined : company,
    updatedAt,
  );
}

function entityRecord(
  recordKey: string,
  data: Record<string, unknown>,
  observation: PersonObservation | CompanyObservation | undefined,
  updatedAt: Date | undefined,
): NormalizedRecord {
  return {
    recordKey,
    updatedAt,
    observations: observation === undefined ? [] : [observation],
    data: compactRecord(data),
  };
}

// ---------------------------------------------------------------------------------------------
// Engagement streams

/**
 * Return when the engagement happened, from the spec's time properties (`hs_timestamp` first) and
 * then `createdAt`. Raises a NormalizeError naming the values when none is a valid time.
 */
function engagementTime(data: Record<string, unknown>, stream: string, spec: EngagementSpec): Date {
  const tried: string[] = [];
  for (const name of spec.timeProperties) {
    const value = prop(data, name);
    const date = parseDate(value);
    if (date !== undefined) return date;
    tried.push(`"${name}" is ${JSON.stringify(value ?? null)}`);
  }

  const created = parseDate(data.createdAt);
  if (created !== undefined) return created;
  tried.push(`"createdAt" is ${JSON.stringify(data.createdAt ?? null)}`);

  throw new NormalizeError(
    `${stream} record ${String(data.id)} has no valid time: ${tried.join(', ')}; ` +
      'expected an ISO 8601 datetime or epoch milliseconds',
    spec.timeProperties[0],
  );
}

function normalizeEngagement(
  stream: string,
  spec: EngagementSpec,
  data: Record<string, unknown>,
  emittedAt: Date | undefined,
): NormalizedRecord {
  const id = requireId(data, 'id', stream);
  engagementTime(data, stream, spec);

  return {
    recordKey: `${spec.kind}:${id}`,
    interactionKey: `hubspot:${spec.kind}:${id}`,
    updatedAt: recordUpdatedAt(data, ['hs_lastmodifieddate'], emittedAt),
    observations: [],
    data: compactRecord(data),
  };
}

/** Collect the body paragraphs of an engagement from the first non-empty property of each group. */
function engagementParagraphs(data: Record<string, unknown>, spec: EngagementSpec): string[] {
  const paragraphs: string[] = [];
  for (const group of spec.bodyGroups) {
    for (const name of group) {
      const raw = propStr(data, name);
      const text = raw === undefined ? '' : bodyToText(raw);
      if (text !== '') {
        paragraphs.push(...splitParagraphs(text));
        break;
      }
    }
  }

  return paragraphs;
}

function engagementAuthor(
  data: Record<string, unknown>,
  context: BuildContext,
): Participant | undefined {
  const ownerId = propStr(data, 'hubspot_owner_id');
  if (ownerId !== undefined) {
    return {
      ref: { sourceSystem: 'hubspot', sourceId: ownerId },
      name: context.userName('hubspot', ownerId),
      role: 'author',
      affiliation: 'internal',
    };
  }

  // Without an owner, the creating user is the author. HubSpot user ids (`owners.userId`) are a
  // different id space from owner ids, hence the `user:` prefix in the lookup.
  const userId = propStr(data, 'hs_created_by_user_id');
  const name = userId === undefined ? undefined : context.userName('hubspot', `user:${userId}`);
  if (name === undefined) return undefined;

  return { name, role: 'author', affiliation: 'internal' };
}

function associatedContacts(contactIds: string[], context: BuildContext): Participant[] {
  return contactIds.map((contactId) => ({
    ref: { sourceSystem: 'hubspot', sourceId: contactId },
    name: context.userName('hubspot', contactId),
    role: 'associated',
    affiliation: 'external',
  }));
}

/**
 * List the sender and recipients of a logged e-mail. `EMAIL` is sent by the sales team and
 * `INCOMING_EMAIL` received by it. Other directions (forwarded) leave both sides unknown.
 */
function emailParticipants(data: Record<string, unknown>): Participant[] {
  const direction = propStr(data, 'hs_email_direction');
  let senderSide: Participant['affiliation'] = 'unknown';
  let recipientSide: Participant['affiliation'] = 'unknown';
  if (direction === 'EMAIL') {
    senderSide = 'internal';
    recipientSide = 'external';
  } else if (direction === 'INCOMING_EMAIL') {
    senderSide = 'external';
    recipientSide = 'internal';
  }

  const participants: Participant[] = [];
  const from = normalizeEmails([prop(data, 'hs_email_from_email')])[0];
  if (from !== undefined) {
    participants.push({
      email: from,
      name: joinName(
        propStr(data, 'hs_email_from_firstname'),
        propStr(data, 'hs_email_from_lastname'),
      ),
      role: 'participant',
      affiliation: senderSide,
    });
  }

  const firstNames = splitList(prop(data, 'hs_email_to_firstname'));
  const lastNames = splitList(prop(data, 'hs_email_to_lastname'));
  const recipients = splitList(prop(data, 'hs_email_to_email'));
  recipients.forEach((value, index) => {
    const email = normalizeEmails([value])[0];
    if (email === undefined || email === from) return;

    participants.push({
      email,
      name: joinName(firstNames[index], lastNames[index]),
      role: 'participant',
      affiliation: recipientSide,
    });
  });

  return participants;
}

/**
 * Build a link to the HubSpot record whose timeline shows the engagement: the first associated company,
 * else contact, else deal. Engagements have no record page of their own.
 */
function engagementLink(
  portalId: string | undefined,
  associations: { companies: string[]; contacts: string[]; deals: string[] },
): string | undefined {
  if (portalId === undefined) return undefined;

  const targets: [string, string | undefined][] = [
    [OBJECT_TYPE_IDS.company, associations.companies[0]],
    [OBJECT_TYPE_IDS.contact, associations.contacts[0]],
    [OBJECT_TYPE_IDS.deal, associations.deals[0]],
  ];
  const target = targets.find(([, id]) => id !== undefined);
  if (target === undefined) return undefined;

  const [objectTypeId, recordId = ''] = target;
  const portal = encodeURIComponent(portalId);

  return `https://app.hubspot.com/contacts/${portal}/record/${objectTypeId}/${encodeURIComponent(recordId)}`;
}

function engagementMetadata(
  data: Record<string, unknown>,
  stream: string,
  spec: EngagementSpec,
  deals: string[],
): Record<string, unknown> {
  const metadata: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(spec.metadata)) {
    const value = propStr(data, name);
    if (value !== undefined) metadata[key] = value;
  }

  const duration = str(prop(data, 'hs_call_duration'));
  if (
    stream === 'engagements_calls' &&
    duration !== undefined &&
    Number.isFinite(Number(duration))
  ) {
    metadata.durationMs = Number(duration);
  }

  const tickets = associationIds(data.tickets);
  const extras: Record<string, unknown> = {
    dealIds: deals.length > 0 ? deals : undefined,
    ticketIds: tickets.length > 0 ? tickets : undefined,
    engagementSource: propStr(data, 'hs_engagement_source'),
    createdByUserId: propStr(data, 'hs_created_by_user_id'),
  };
  for (const [key, value] of Object.entries(extras)) {
    if (value !== undefined) metadata[key] = value;
  }

  return metadata;
}

/** Pick the staged engagement record to build from, the latest one when a key was staged twice. */
function mainRecord(records: StagedRecord[]): StagedRecord | undefined {
  const candidates = records.filter((record) => ENGAGEMENTS[record.stream] !== undefined);

  return candidates.reduce<StagedRecord | undefined>((latest, record) => {
    if (latest === undefined) return record;
    const latestTime = parseDate(latest.data.updatedAt)?.getTime() ?? 0;
    const recordTime = parseDate(record.data.updatedAt)?.getTime() ?? 0;

    return recordTime >= latestTime ? record : latest;
  }, undefined);
}

/**
 * Assemble one engagement. Returns null for archived or GDPR-deleted engagements and for ones
 * without any text, so that they drop out of the index.
 */
function buildEngagement(
  interactionKey: string,
  records: StagedRecord[],
  context: BuildContext,
): Interaction | null {
  const record = mainRecord(records);
  const spec = record === undefined ? undefined : ENGAGEMENTS[record.stream];
  if (record === undefined || spec === undefined) return null;

  const { data, stream } = record;
  if (isTrue(data.archived) || isTrue(prop(data, 'hs_gdpr_deleted'))) return null;

  const id = requireId(data, 'id', stream);
  const paragraphs = engagementParagraphs(data, spec);
  const titleField =
    spec.titleProperty === undefined ? undefined : propStr(data, spec.titleProperty);
  const title = titleField ?? firstLineTitle(paragraphs.join('\n'));

  // A separate title field (subject) is text of its own, while a note's title is its first line.
  const texts = titleField === undefined ? paragraphs : [titleField, ...paragraphs];
  if (texts.length === 0) return null;

  const associations = {
    companies: associationIds(data.companies),
    contacts: associationIds(data.contacts),
    deals: associationIds(data.deals),
  };
  const deepLink = engagementLink(context.hubspotPortalId, associations);
  const participants = associatedContacts(associations.contacts, context);
  if (stream === 'engagements_emails') participants.push(...emailParticipants(data));

  return {
    key: interactionKey,
    sourceSystem: 'hubspot',
    sourceId: id,
    stream,
    kind: spec.kind,
    occurredAt: engagementTime(data, stream, spec),
    title,
    author: engagementAuthor(data, context),
    participants,
    companies: associations.companies.map((companyId) => ({
      sourceSystem: 'hubspot',
      sourceId: companyId,
    })),
    deepLink,
    metadata: engagementMetadata(data, stream, spec, associations.deals),
    segments: texts.map((text) => ({ text, deepLink })),
  };
}

// ---------------------------------------------------------------------------------------------
// Adapter

function engagementHandler(stream: string, spec: EngagementSpec): StreamHandler {
  return {
    order: 100,
    normalize: (data, emittedAt) => normalizeEngagement(stream, spec, data, emittedAt),
  };
}

const engagementHandlers = Object.fromEntries(
  Object.entries(ENGAGEMENTS).map(([stream, spec]) => [stream, engagementHandler(stream, spec)]),
);

/** Reads the source-hubspot streams: owners, contacts, companies and the engagement objects. */
export const hubspotAdapter: SourceAdapter = {
  source: 'hubspot',
  streams: {
    owners: { order: 10, normalize: normalizeOwner },
    companies: { order: 20, normalize: normalizeCompany },
    contacts: { order: 30, normalize: normalizeContact },
    ...engagementHandlers,
  },
  build: buildEngagement,
};
