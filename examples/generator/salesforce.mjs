/**
 * Builds the Salesforce streams in the shape source-salesforce emits over the REST API: one
 * stream per SObject, records with an `attributes` object, 18-character ids and datetimes such
 * as `2026-11-05T16:00:00.000+0000`.
 */

import {
  emittedClock,
  htmlToText,
  logMessage,
  recordMessage,
  salesforceDate,
  salesforceDateTime,
  streamStateMessage,
  streamStatusMessage,
} from './formats.mjs';
import { salesforceId } from './ids.mjs';
import { CONTENT_NOTES, NOTES, TASKS } from './salesforce-content.mjs';
import { COMPANIES, CONTACTS, TEAM } from './world.mjs';

const API_VERSION = 'v57.0';
const TEXT_PREVIEW_LENGTH = 255;

function attributes(type, id) {
  return { type, url: `/services/data/${API_VERSION}/sobjects/${type}/${id}` };
}

function addSeconds(iso, seconds) {
  return new Date(new Date(iso).getTime() + seconds * 1000).toISOString();
}

/** Resolves `contact:<key>`, `account:<key>` or `opportunity:<key>` to a Salesforce id. */
function refId(ref) {
  const [kind, key] = ref.split(':');
  if (kind === 'contact') return CONTACTS[key].salesforceId;
  if (kind === 'account') return COMPANIES[key].salesforceId;
  if (kind === 'opportunity') return COMPANIES[key].opportunityId;

  throw new Error(
    `unknown Salesforce reference "${ref}"; expected contact:, account: or opportunity:`,
  );
}

function userId(key) {
  return TEAM[key].salesforceUserId;
}

/** Audit fields every SObject carries. */
function audit(ownerKey, createdIso, modifiedIso) {
  const owner = userId(ownerKey);

  return {
    OwnerId: owner,
    CreatedDate: salesforceDateTime(createdIso),
    CreatedById: owner,
    LastModifiedDate: salesforceDateTime(modifiedIso),
    LastModifiedById: owner,
    SystemModstamp: salesforceDateTime(modifiedIso),
  };
}

function address(street, city, state, postalCode, country) {
  return {
    city,
    country,
    geocodeAccuracy: null,
    latitude: null,
    longitude: null,
    postalCode,
    state,
    street,
  };
}

function buildUsers() {
  return Object.values(TEAM).map((person) => {
    const id = person.salesforceUserId;
    const firstName = person.crmFirstName ?? person.firstName;
    const created = salesforceDateTime(person.created);

    return {
      attributes: attributes('User', id),
      Id: id,
      Username: person.emailAlias ?? person.email,
      LastName: person.lastName,
      FirstName: firstName,
      Name: `${firstName} ${person.lastName}`,
      CompanyName: 'Pay Ready',
      Division: null,
      Department: person.key === 'lena' ? 'Solutions Engineering' : 'Sales',
      Title: person.title,
      Email: person.email,
      Phone: person.phone,
      Alias: `${firstName.slice(0, 1)}${person.lastName.slice(0, 4)}`.toLowerCase(),
      CommunityNickname: `${firstName}.${person.lastName}`.toLowerCase(),
      IsActive: true,
      TimeZoneSidKey: person.key === 'marcus' ? 'Europe/London' : 'America/Los_Angeles',
      LocaleSidKey: person.key === 'marcus' ? 'en_GB' : 'en_US',
      EmailEncodingKey: 'UTF-8',
      LanguageLocaleKey: 'en_US',
      UserType: 'Standard',
      ManagerId: person.key === 'tom' ? null : userId('tom'),
      FederationIdentifier: person.email,
      LastLoginDate: salesforceDateTime('2026-12-02T16:41:07Z'),
      CreatedDate: created,
      CreatedById: userId('tom'),
      LastModifiedDate: created,
      LastModifiedById: userId('tom'),
      SystemModstamp: salesforceDateTime('2026-12-02T16:41:07Z'),
    };
  });
}

function buildAccounts() {
  return Object.values(COMPANIES).map((company) => {
    const id = company.salesforceId;
    const createdIso = addSeconds(company.created, 3600);
    const billing = address(
      company.street,
      company.city,
      company.state,
      company.postalCode,
      company.country,
    );

    return {
      attributes: attributes('Account', id),
      Id: id,
      IsDeleted: false,
      MasterRecordId: null,
      Name: company.salesforceName,
      Type: company.type,
      ParentId: null,
      BillingStreet: company.street,
      BillingCity: company.city,
      BillingState: company.state,
      BillingPostalCode: company.postalCode,
      BillingCountry: company.country,
      BillingLatitude: null,
      BillingLongitude: null,
      BillingGeocodeAccuracy: null,
      BillingAddress: billing,
      ShippingStreet: null,
      ShippingCity: null,
      ShippingState: null,
      ShippingPostalCode: null,
      ShippingCountry: null,
      ShippingLatitude: null,
      ShippingLongitude: null,
      ShippingGeocodeAccuracy: null,
      ShippingAddress: null,
      Phone: company.phone,
      Fax: null,
      AccountNumber: null,
      Website: company.website,
      PhotoUrl: `/services/images/photo/${id}`,
      Sic: null,
      Industry: company.industry,
      AnnualRevenue: null,
      NumberOfEmployees: company.employees,
      Ownership: 'Private',
      TickerSymbol: null,
      Description: null,
      Rating: company.type.startsWith('Customer') ? 'Hot' : 'Warm',
      Site: null,
      ...audit(company.owner, createdIso, '2026-11-24T19:02:13Z'),
      LastActivityDate: null,
      LastViewedDate: null,
      LastReferencedDate: null,
      Jigsaw: null,
      JigsawCompanyId: null,
      CleanStatus: 'Pending',
      AccountSource: company.type.startsWith('Customer') ? 'Partner Referral' : 'Outbound',
      DunsNumber: null,
      Tradestyle: null,
      NaicsCode: null,
      NaicsDesc: null,
      YearStarted: null,
      SicDesc: null,
      DandbCompanyId: null,
      OperatingHoursId: null,
    };
  });
}

/** Contact fields that differ from the HubSpot spelling on purpose (see world.mjs). */
function contactNames(contact) {
  const firstName =
    'salesforceFirstName' in contact ? contact.salesforceFirstName : contact.firstName;
  const lastName = contact.salesforceLastName ?? contact.lastName;
  const name = firstName === null ? lastName : `${firstName} ${lastName}`;

  return { firstName, lastName, name };
}

const CONTACT_DESCRIPTIONS = {
  okaforBluefin: 'Moved to Northgate Civil, Oct 2026.',
};

function buildContacts() {
  return Object.values(CONTACTS).map((contact) => {
    const id = contact.salesforceId;
    const company = COMPANIES[contact.company];
    const { firstName, lastName, name } = contactNames(contact);
    const modifiedIso =
      contact.key === 'okaforBluefin'
        ? '2026-10-30T08:15:27Z'
        : addSeconds(contact.salesforceCreated, 5 * 86_400);
    const email = 'salesforceEmail' in contact ? contact.salesforceEmail : contact.email;
    const mailing = address(
      company.street,
      company.city,
      company.state,
      company.postalCode,
      company.country,
    );

    return {
      attributes: attributes('Contact', id),
      Id: id,
      IsDeleted: false,
      MasterRecordId: null,
      AccountId: company.salesforceId,
      LastName: lastName,
      FirstName: firstName,
      Salutation: null,
      Name: name,
      MailingStreet: company.street,
      MailingCity: company.city,
      MailingState: company.state,
      MailingPostalCode: company.postalCode,
      MailingCountry: company.country,
      MailingLatitude: null,
      MailingLongitude: null,
      MailingGeocodeAccuracy: null,
      MailingAddress: mailing,
      Phone: contact.phone,
      MobilePhone: null,
      Email: email,
      Title: contact.title,
      Department: null,
      LeadSource: contact.key === 'okaforNorthgate' ? 'Webinar' : null,
      Description: CONTACT_DESCRIPTIONS[contact.key] ?? null,
      ...audit(company.owner, contact.salesforceCreated, modifiedIso),
      LastActivityDate: null,
      EmailBouncedReason: null,
      EmailBouncedDate: null,
      IsEmailBounced: false,
      PhotoUrl: `/services/images/photo/${id}`,
      Jigsaw: null,
      IndividualId: null,
    };
  });
}

function buildNotes() {
  return NOTES.map((note) => {
    const id = salesforceId('002', `note:${note.key}`);

    return {
      attributes: attributes('Note', id),
      Id: id,
      IsDeleted: false,
      ParentId: refId(note.parent),
      Title: note.title,
      IsPrivate: note.isPrivate,
      Body: note.body,
      ...audit(note.owner, note.at, note.at),
    };
  });
}

function buildTasks() {
  return TASKS.map((task) => {
    const id = salesforceId('00T', `task:${task.key}`);
    const closed = task.status === 'Completed';
    const isCall = task.subtype === 'Call';

    return {
      attributes: attributes('Task', id),
      Id: id,
      WhoId: refId(task.who),
      WhatId: refId(task.what),
      Subject: task.subject,
      ActivityDate: salesforceDate(task.due ?? task.at),
      Status: task.status,
      Priority: 'Normal',
      IsHighPriority: false,
      OwnerId: userId(task.owner),
      Description: task.description,
      IsDeleted: false,
      AccountId: COMPANIES[task.account].salesforceId,
      IsClosed: closed,
      ...audit(task.owner, task.at, task.at),
      IsArchived: false,
      CallDurationInSeconds: isCall ? task.callSeconds : null,
      CallType: isCall ? 'Outbound' : null,
      CallDisposition: isCall ? 'Connected' : null,
      CallObject: null,
      ReminderDateTime: null,
      IsReminderSet: false,
      RecurrenceActivityId: null,
      IsRecurrence: false,
      CompletedDateTime: closed ? salesforceDateTime(task.at) : null,
      WhoCount: 1,
      WhatCount: 1,
      TaskSubtype: task.subtype,
    };
  });
}

function contentNoteId(note) {
  return salesforceId('069', `content-note:${note.key}`);
}

function buildContentNotes() {
  return CONTENT_NOTES.map((note) => {
    const id = contentNoteId(note);
    const html = note.html;
    const preview = htmlToText(html.replace(/<\/(p|li)>/g, '</$1> '))
      .replace(/\s+/g, ' ')
      .trim();
    // Over REST, a base64 field may come back as the path of its blob instead of the content.
    const content = note.inlineContent
      ? Buffer.from(html, 'utf8').toString('base64')
      : `/services/data/${API_VERSION}/sobjects/ContentNote/${id}/Content`;
    const { SystemModstamp, ...auditFields } = audit(note.owner, note.at, note.at);

    return {
      attributes: attributes('ContentNote', id),
      Id: id,
      ...auditFields,
      IsDeleted: false,
      Title: note.title,
      FileType: 'SNOTE',
      FileExtension: 'snote',
      ContentSize: Buffer.byteLength(html, 'utf8'),
      IsReadOnly: false,
      LastViewedDate: null,
      LastReferencedDate: null,
      LatestContentId: salesforceId('068', `content-version:${note.key}`),
      LatestPublishedVersionId: salesforceId('068', `content-version:${note.key}`),
      Content: content,
      ContentModifiedDate: salesforceDateTime(note.at),
      TextPreview: preview.slice(0, TEXT_PREVIEW_LENGTH),
      SharingPrivacy: 'N',
    };
  });
}

/** Links each enhanced note to its account and to the user who owns it. */
function buildContentDocumentLinks() {
  return CONTENT_NOTES.flatMap((note) => {
    const documentId = contentNoteId(note);
    const links = [
      { entity: COMPANIES[note.account].salesforceId, shareType: 'V', label: 'account' },
      { entity: userId(note.owner), shareType: 'I', label: 'owner' },
    ];

    return links.map((link) => {
      const id = salesforceId('06A', `content-link:${note.key}:${link.label}`);

      return {
        attributes: attributes('ContentDocumentLink', id),
        Id: id,
        LinkedEntityId: link.entity,
        ContentDocumentId: documentId,
        IsDeleted: false,
        SystemModstamp: salesforceDateTime(note.at),
        ShareType: link.shareType,
        Visibility: 'AllUsers',
      };
    });
  });
}

function cursorField(records) {
  const field = 'SystemModstamp' in records[0] ? 'SystemModstamp' : 'LastModifiedDate';
  const latest = records
    .map((r) => r[field])
    .sort()
    .at(-1);

  return { [field]: latest };
}

function streamFile(stream, records, clock) {
  const sorted = [...records].sort((a, b) =>
    (a.SystemModstamp ?? a.LastModifiedDate).localeCompare(b.SystemModstamp ?? b.LastModifiedDate),
  );

  return [
    streamStatusMessage(stream, 'STARTED', clock()),
    streamStatusMessage(stream, 'RUNNING', clock()),
    ...sorted.map((data) => recordMessage(stream, data, clock())),
    streamStateMessage(stream, cursorField(records), records.length),
    streamStatusMessage(stream, 'COMPLETE', clock()),
  ];
}

/** Builds the Salesforce files as `{ 'salesforce/<SObject>.jsonl': AirbyteMessage[] }`. */
export function buildSalesforce() {
  const clock = emittedClock('2026-12-03T07:15:22.930Z', 49);
  const userFile = streamFile('User', buildUsers(), clock);
  userFile.unshift(
    logMessage(
      'INFO',
      'ContentNote has base64 fields, so it is read with the REST API instead of the Bulk API',
    ),
  );

  return {
    'salesforce/User.jsonl': userFile,
    'salesforce/Account.jsonl': streamFile('Account', buildAccounts(), clock),
    'salesforce/Contact.jsonl': streamFile('Contact', buildContacts(), clock),
    'salesforce/Note.jsonl': streamFile('Note', buildNotes(), clock),
    'salesforce/Task.jsonl': streamFile('Task', buildTasks(), clock),
    'salesforce/ContentNote.jsonl': streamFile('ContentNote', buildContentNotes(), clock),
    'salesforce/ContentDocumentLink.jsonl': streamFile(
      'ContentDocumentLink',
      buildContentDocumentLinks(),
      clock,
    ),
  };
}
