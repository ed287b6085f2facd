/**
 * Salesforce streams of the Airbyte source-salesforce connector. Stream names are SObject API
 * names. `User`, `Account`, `Contact` and `Lead` become entity observations. `Note`, `Task` and
 * `ContentNote` become interactions, and `ContentDocumentLink` adds the records a ContentNote is
 * attached to.
 *
 * Records read over the REST API carry `attributes: {type, url}` and datetimes such as
 * `2020-10-22T21:03:23.000+0000`. Bulk API records have no `attributes` and write `…Z`. Both
 * shapes are read the same way. Field names follow the Salesforce field reference
 * (developer.salesforce.com/docs/platform/field-reference/).
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
} from '../model.js';
import { NormalizeError } from '../model.js';
import { joinName, normalizeDomain, normalizeEmails, parseDate, requireId, str } from './common.js';
import { bodyToText, looksLikeHtml, normalizePlainText, splitParagraphs } from './html.js';

/** Key prefixes: the first three characters of a record id name its object type. */
const ID_PREFIX = {
  account: '001',
  contact: '003',
  user: '005',
  opportunity: '006',
  lead: '00Q',
} as const;

/** Alternate e-mail fields of the Nonprofit Success Pack, read when an org has them. */
const ALTERNATE_EMAIL_FIELDS = [
  'npe01__AlternateEmail__c',
  'npe01__WorkEmail__c',
  'npe01__HomeEmail__c',
];

/** Key and time rules for one interaction stream. */
interface ActivitySpec {
  kind: InteractionKind;
  /** Segment of the interaction key: `salesforce:<keyType>:<Id>`. */
  keyType: string;
  /** Fields tried, in order, for when the activity happened. */
  timeFields: string[];
}

const ACTIVITIES: Record<string, ActivitySpec> = {
  Note: { kind: 'note', keyType: 'note', timeFields: ['CreatedDate'] },
  Task: {
    kind: 'task',
    keyType: 'task',
    timeFields: ['CompletedDateTime', 'ActivityDate', 'CreatedDate'],
  },
  ContentNote: { kind: 'note', keyType: 'contentnote', timeFields: ['CreatedDate'] },
};

// ---------------------------------------------------------------------------------------------
// Reading records

function field(data: Record<string, unknown>, name: string): string | undefined {
  return str(data[name]);
}

/** Bulk API records may carry booleans as the strings `true` and `false`. */
function isTrue(value: unknown): boolean {
  return value === true || (typeof value === 'string' && value.trim().toLowerCase() === 'true');
}

function numberField(data: Record<string, unknown>, name: string): number | undefined {
  const text = field(data, name);
  const value = text === undefined ? Number.NaN : Number(text);

  return Number.isFinite(value) ? value : undefined;
}

/** Return the first valid change time, in the order the connector picks its cursor field. */
function recordUpdatedAt(
  data: Record<string, unknown>,
  emittedAt: Date | undefined,
): Date | undefined {
  for (const name of ['SystemModstamp', 'LastModifiedDate', 'CreatedDate']) {
    const date = parseDate(data[name]);
    if (date !== undefined) return date;
  }

  return emittedAt;
}

function hasPrefix(id: string | undefined, prefix: string): id is string {
  return id?.startsWith(prefix) === true;
}

function isPersonId(id: string | undefined): id is string {
  return hasPrefix(id, ID_PREFIX.contact) || hasPrefix(id, ID_PREFIX.lead);
}

/**
 * Build the Lightning record-page URL of a record.
 * NOTE: unverified for Note and ContentNote ids. Lightning lists classic Notes only after they
 * are converted to ContentNote, so a Note link may not open.
 */
function recordLink(context: BuildContext, sobject: string, id: string): string | undefined {
  const base = context.salesforceInstanceUrl?.replace(/\/+$/, '');
  if (base === undefined || base === '') return undefined;

  return `${base}/lightning/r/${sobject}/${encodeURIComponent(id)}/view`;
}

// ---------------------------------------------------------------------------------------------
// Entity streams

function entityRecord(
  stream: string,
  id: string,
  data: Record<string, unknown>,
  observation: PersonObservation | CompanyObservation | undefined,
  updatedAt: Date | undefined,
): NormalizedRecord {
  return {
    recordKey: `${stream}:${id}`,
    updatedAt,
    observations: observation === undefined ? [] : [observation],
    data,
  };
}

/**
 * Normalize a user. Users of type `Standard` are the org's own people. Other types (`CsnOnly` Chatter users,
 * `AutomatedProcess`, portal and guest users) are not sales reps, so they yield no observation.
 */
function normalizeUser(
  data: Record<string, unknown>,
  emittedAt: Date | undefined,
): NormalizedRecord {
  const id = requireId(data, 'Id', 'User');
  const updatedAt = recordUpdatedAt(data, emittedAt);
  const userType = field(data, 'UserType');
  if (userType !== undefined && userType !== 'Standard') {
    return entityRecord('User', id, data, undefined, updatedAt);
  }

  const firstName = field(data, 'FirstName');
  const lastName = field(data, 'LastName');
  const person: PersonObservation = {
    type: 'person',
    sourceSystem: 'salesforce',
    sourceId: id,
    objectType: 'user',
    name: field(data, 'Name') ?? joinName(firstName, lastName),
    firstName,
    lastName,
    emails: normalizeEmails([data.Email]),
    title: field(data, 'Title'),
    phone: field(data, 'Phone') ?? field(data, 'MobilePhone'),
    internal: true,
    linkedIds: [],
    observedAt: updatedAt,
  };

  return entityRecord('User', id, data, person, updatedAt);
}

/** Normalize an account. Deleted accounts, contacts and leads yield no observation. */
function normalizeAccount(
  data: Record<string, unknown>,
  emittedAt: Date | undefined,
): NormalizedRecord {
  const id = requireId(data, 'Id', 'Account');
  const updatedAt = recordUpdatedAt(data, emittedAt);
  const domain = normalizeDomain(data.Website);

  const company: CompanyObservation = {
    type: 'company',
    sourceSystem: 'salesforce',
    sourceId: id,
    objectType: 'account',
    name: field(data, 'Name'),
    domains: domain === undefined ? [] : [domain],
    observedAt: updatedAt,
  };

  return entityRecord('Account', id, data, isTrue(data.IsDeleted) ? undefined : company, updatedAt);
}

function normalizeContact(
  data: Record<string, unknown>,
  emittedAt: Date | undefined,
): NormalizedRecord {
  const id = requireId(data, 'Id', 'Contact');
  const updatedAt = recordUpdatedAt(data, emittedAt);
  const firstName = field(data, 'FirstName');
  const lastName = field(data, 'LastName');
  const accountId = field(data, 'AccountId');

  const person: PersonObservation = {
    type: 'person',
    sourceSystem: 'salesforce',
    sourceId: id,
    objectType: 'contact',
    name: field(data, 'Name') ?? joinName(firstName, lastName),
    firstName,
    lastName,
    emails: normalizeEmails([data.Email, ...ALTERNATE_EMAIL_FIELDS.map((name) => data[name])]),
    title: field(data, 'Title'),
    phone: field(data, 'Phone') ?? field(data, 'MobilePhone'),
    city: field(data, 'MailingCity'),
    internal: false,
    company:
      accountId === undefined ? undefined : { sourceSystem: 'salesforce', sourceId: accountId },
    linkedIds: [],
    observedAt: updatedAt,
  };

  return entityRecord('Contact', id, data, isTrue(data.IsDeleted) ? undefined : person, updatedAt);
}

/**
 * Normalize a lead. A lead names its company only as text, and a converted lead links to the
 * contact it became.
 */
function normalizeLead(
  data: Record<string, unknown>,
  emittedAt: Date | undefined,
): NormalizedRecord {
  const id = requireId(data, 'Id', 'Lead');
  const updatedAt = recordUpdatedAt(data, emittedAt);
  const firstName = field(data, 'FirstName');
  const lastName = field(data, 'LastName');
  const companyName = field(data, 'Company');
  const companyDomain = normalizeDomain(data.Website);
  const convertedContactId = field(data, 'ConvertedContactId');

  const person: PersonObservation = {
    type: 'person',
    sourceSystem: 'salesforce',
    sourceId: id,
    objectType: 'lead',
    name: field(data, 'Name') ?? joinName(firstName, lastName),
    firstName,
    lastName,
    emails: normalizeEmails([data.Email]),
    title: field(data, 'Title'),
    phone: field(data, 'Phone') ?? field(data, 'MobilePhone'),
    city: field(data, 'City'),
    internal: false,
    company:
      companyName === undefined && companyDomain === undefined
        ? undefined
        : { name: companyName, domain: companyDomain },
    linkedIds:
      convertedContactId === undefined
        ? []
        : [{ sourceSystem: 'salesforce', sourceId: convertedContactId }],
    observedAt: updatedAt,
  };

  return entityRecord('Lead', id, data, isTrue(data.IsDeleted) ? undefined : person, updatedAt);
}

// ---------------------------------------------------------------------------------------------
// Interaction streams

/**
 * Return when the activity happened, from the first valid field of `spec.timeFields`. Raises a
 * NormalizeError naming every value tried when none is a valid date.
 */
function activityTime(data: Record<string, unknown>, stream: string, spec: ActivitySpec): Date {
  const tried: string[] = [];
  for (const name of spec.timeFields) {
    const date = parseDate(data[name]);
    if (date !== undefined) return date;
    tried.push(`"${name}" is ${JSON.stringify(data[name] ?? null)}`);
  }

  throw new NormalizeError(
    `${stream} record ${String(data.Id)} has no valid date: ${tried.join(', ')}; ` +
      'expected an ISO 8601 datetime such as 2024-03-05T14:30:00.000+0000',
    spec.timeFields[spec.timeFields.length - 1],
  );
}

function normalizeActivity(
  stream: string,
  spec: ActivitySpec,
  data: Record<string, unknown>,
  emittedAt: Date | undefined,
): NormalizedRecord {
  const id = requireId(data, 'Id', stream);
  activityTime(data, stream, spec);

  return {
    recordKey: `${stream}:${id}`,
    interactionKey: `salesforce:${spec.keyType}:${id}`,
    updatedAt: recordUpdatedAt(data, emittedAt),
    observations: [],
    data,
  };
}

/** Stage a link from a ContentNote (a ContentDocument) to a record it is shared with. */
function normalizeContentDocumentLink(
  data: Record<string, unknown>,
  emittedAt: Date | undefined,
): NormalizedRecord {
  const id = requireId(data, 'Id', 'ContentDocumentLink');
  const documentId = requireId(data, 'ContentDocumentId', 'ContentDocumentLink');

  return {
    recordKey: `ContentDocumentLink:${id}`,
    interactionKey: `salesforce:contentnote:${documentId}`,
    updatedAt: recordUpdatedAt(data, emittedAt),
    observations: [],
    data,
  };
}

/**
 * Decode `ContentNote.Content` when it contains base64 of UTF-8 text. Over REST the field is
 * usually the URL of the blob instead, which is not base64 and yields undefined.
 */
export function decodeBase64Text(value: string): string | undefined {
  const compact = value.replace(/\s+/g, '');
  if (compact === '' || compact.length % 4 !== 0) return undefined;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;

  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(compact, 'base64'));
  } catch {
    return undefined;
  }

  // Control characters other than tab and line breaks mean the bytes were not text.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the check looks for control characters.
  return /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text) ? undefined : text;
}

/** Read the body text of an activity and the field it came from, undefined without a body. */
function activityBody(
  stream: string,
  data: Record<string, unknown>,
): { text: string; source?: string | undefined } {
  if (stream === 'Note') return plainBody(data, 'Body');
  if (stream === 'Task') return plainBody(data, 'Description');

  const content = field(data, 'Content');
  const decoded = content === undefined ? undefined : decodeBase64Text(content);
  const contentText = decoded ?? (content !== undefined && looksLikeHtml(content) ? content : '');
  const text = bodyToText(contentText);
  if (text !== '') return { text, source: 'Content' };

  // TextPreview contains only the first 255 characters of the note.
  return plainBody(data, 'TextPreview');
}

function plainBody(
  data: Record<string, unknown>,
  name: string,
): { text: string; source?: string | undefined } {
  const text = normalizePlainText(field(data, name) ?? '');

  return { text, source: text === '' ? undefined : name };
}

function activityTitle(stream: string, data: Record<string, unknown>): string | undefined {
  return field(data, stream === 'Task' ? 'Subject' : 'Title');
}

/** List the record ids an activity is attached to, by its own fields and ContentDocumentLinks. */
function relatedIds(
  stream: string,
  data: Record<string, unknown>,
  links: StagedRecord[],
): string[] {
  const ids =
    stream === 'Task'
      ? [field(data, 'AccountId'), field(data, 'WhatId'), field(data, 'WhoId')]
      : [field(data, 'ParentId')];
  for (const link of links) ids.push(field(link.data, 'LinkedEntityId'));

  return [...new Set(ids.filter((id): id is string => id !== undefined))];
}

function activityAuthor(
  data: Record<string, unknown>,
  context: BuildContext,
): Participant | undefined {
  const ownerId = field(data, 'OwnerId') ?? field(data, 'CreatedById');
  if (ownerId === undefined) return undefined;

  return {
    ref: { sourceSystem: 'salesforce', sourceId: ownerId },
    name: context.userName('salesforce', ownerId),
    role: 'author',
    affiliation: 'internal',
  };
}

function activityMetadata(
  stream: string,
  data: Record<string, unknown>,
  related: string[],
  bodySource: string | undefined,
): Record<string, unknown> {
  const values: Record<string, unknown> = {
    bodySource,
    opportunityIds: related.filter((id) => hasPrefix(id, ID_PREFIX.opportunity)),
    otherRelatedIds: related.filter(
      (id) =>
        !hasPrefix(id, ID_PREFIX.account) &&
        !hasPrefix(id, ID_PREFIX.opportunity) &&
        !hasPrefix(id, ID_PREFIX.user) &&
        !isPersonId(id),
    ),
    isPrivate: isTrue(data.IsPrivate) ? true : undefined,
  };

  if (stream === 'Task') {
    Object.assign(values, {
      subtype: field(data, 'TaskSubtype'),
      status: field(data, 'Status'),
      priority: field(data, 'Priority'),
      activityDate: field(data, 'ActivityDate'),
      callDurationSeconds: numberField(data, 'CallDurationInSeconds'),
      callType: field(data, 'CallType'),
      callDisposition: field(data, 'CallDisposition'),
      isClosed:
        data.IsClosed === undefined || data.IsClosed === null ? undefined : isTrue(data.IsClosed),
    });
  }

  const metadata: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    const empty = value === undefined || (Array.isArray(value) && value.length === 0);
    if (!empty) metadata[key] = value;
  }

  return metadata;
}

/** Pick the staged activity record to build from, the latest one when a key was staged twice. */
function mainRecord(records: StagedRecord[]): StagedRecord | undefined {
  let latest: StagedRecord | undefined;
  for (const record of records) {
    if (ACTIVITIES[record.stream] === undefined) continue;

    const time = recordUpdatedAt(record.data, undefined)?.getTime() ?? 0;
    const latestTime =
      latest === undefined ? -1 : (recordUpdatedAt(latest.data, undefined)?.getTime() ?? 0);
    if (time >= latestTime) latest = record;
  }

  return latest;
}

/**
 * Assemble a Note, Task or ContentNote. Returns null for deleted records, for keys that hold
 * only ContentDocumentLinks, and for records without any text.
 */
function buildActivity(
  interactionKey: string,
  records: StagedRecord[],
  context: BuildContext,
): Interaction | null {
  const record = mainRecord(records);
  const spec = record === undefined ? undefined : ACTIVITIES[record.stream];
  if (record === undefined || spec === undefined) return null;

  const { data, stream } = record;
  if (isTrue(data.IsDeleted)) return null;

  const id = requireId(data, 'Id', stream);
  const links = records.filter(
    (link) => link.stream === 'ContentDocumentLink' && !isTrue(link.data.IsDeleted),
  );
  const title = activityTitle(stream, data);
  const body = activityBody(stream, data);
  const texts = [...(title === undefined ? [] : [title]), ...splitParagraphs(body.text)];
  if (texts.length === 0) return null;

  const related = relatedIds(stream, data, links);
  const companies: CompanyHint[] = related
    .filter((relatedId) => hasPrefix(relatedId, ID_PREFIX.account))
    .map((accountId) => ({ sourceSystem: 'salesforce', sourceId: accountId }));
  const participants: Participant[] = related.filter(isPersonId).map((personId) => ({
    ref: { sourceSystem: 'salesforce', sourceId: personId },
    name: context.userName('salesforce', personId),
    role: 'associated',
    affiliation: 'external',
  }));
  const deepLink = recordLink(context, stream, id);

  return {
    key: interactionKey,
    sourceSystem: 'salesforce',
    sourceId: id,
    stream,
    kind: spec.kind,
    occurredAt: activityTime(data, stream, spec),
    title,
    author: activityAuthor(data, context),
    participants,
    companies,
    deepLink,
    metadata: activityMetadata(stream, data, related, body.source),
    segments: texts.map((text) => ({ text, deepLink })),
  };
}

// ---------------------------------------------------------------------------------------------
// Adapter

const activityHandlers = Object.fromEntries(
  Object.entries(ACTIVITIES).map(([stream, spec]) => [
    stream,
    {
      order: 100,
      normalize: (data: Record<string, unknown>, emittedAt: Date | undefined) =>
        normalizeActivity(stream, spec, data, emittedAt),
    },
  ]),
);

/** Reads the source-salesforce streams: users, accounts, contacts, leads, notes and tasks. */
export const salesforceAdapter: SourceAdapter = {
  source: 'salesforce',
  streams: {
    User: { order: 10, normalize: normalizeUser },
    Account: { order: 20, normalize: normalizeAccount },
    Contact: { order: 30, normalize: normalizeContact },
    Lead: { order: 30, normalize: normalizeLead },
    ...activityHandlers,
    ContentDocumentLink: { order: 110, normalize: normalizeContentDocumentLink },
  },
  build: buildActivity,
};
