/**
 * Builds the HubSpot streams `owners`, `companies`, `contacts` and `engagements_*` in the shape
 * source-hubspot (1.5.0 and later) emits: CRM v3 objects with string ids, a nested `properties`
 * object, a flattened `properties_<name>` copy of every property, and association id arrays.
 */

import {
  emittedClock,
  htmlToText,
  hubspotApiDateTime,
  hubspotPropertyDateTime,
  logMessage,
  recordMessage,
  streamStateMessage,
  streamStatusMessage,
  withFlattenedProperties,
} from './formats.mjs';
import { CALLS, EMAILS, MEETINGS, NOTES } from './hubspot-content.mjs';
import { digits, intBetween, uuid } from './ids.mjs';
import { COMPANIES, CONTACTS, TEAM } from './world.mjs';

/** HubSpot's built-in call disposition id for "Connected". */
const CONNECTED_DISPOSITION = 'f240bbac-87c9-4f6e-bf70-924b57d47db7';

const PREVIEW_LENGTH = 200;

function addSeconds(iso, seconds) {
  return new Date(new Date(iso).getTime() + seconds * 1000).toISOString();
}

/** HubSpot stores milliseconds; the scripted times are whole seconds, so add a stable fraction. */
function withMillis(iso, label) {
  return new Date(
    new Date(iso).getTime() + intBetween(`hubspot:ms:${label}`, 1, 999),
  ).toISOString();
}

/** Renders note blocks the way the HubSpot rich-text editor saves them. */
function renderEditorHtml(blocks) {
  const inner = blocks
    .map((block) => {
      if (typeof block === 'string') return `<p style="margin:0;">${block}</p>`;
      const items = block.list.map((item) => `<li>${item}</li>`).join('');

      return `<ul>${items}</ul>`;
    })
    .join('<p style="margin:0;"></p>');

  return `<div style="" dir="auto" data-top-level="true">${inner}</div>`;
}

function previewHtml(html) {
  return `<html>\n <head></head>\n <body>\n ${html}\n </body>\n</html>`;
}

function previewFields(html) {
  const text = htmlToText(html);
  const truncated = text.length > PREVIEW_LENGTH;

  return {
    hs_body_preview: truncated ? text.slice(0, PREVIEW_LENGTH) : text,
    hs_body_preview_html: previewHtml(html),
    hs_body_preview_is_truncated: truncated,
  };
}

function ownerOf(key) {
  const person = TEAM[key];
  if (!person.hubspotOwnerId) throw new Error(`team member "${key}" is not a HubSpot owner`);

  return person;
}

/** Properties every engagement carries, whatever its type. */
function engagementBase(spec, objectId, createdIso) {
  const owner = ownerOf(spec.owner);
  const created = hubspotPropertyDateTime(createdIso);

  return {
    hs_all_accessible_team_ids: null,
    hs_all_assigned_business_unit_ids: null,
    hs_all_owner_ids: owner.hubspotOwnerId,
    hs_all_team_ids: null,
    hs_at_mentioned_owner_ids: null,
    hs_attachment_ids: null,
    hs_created_by: owner.hubspotUserId,
    hs_created_by_user_id: owner.hubspotUserId,
    hs_createdate: created,
    hs_engagement_source: 'CRM_UI',
    hs_engagement_source_id: null,
    hs_gdpr_deleted: null,
    hs_lastmodifieddate: created,
    hs_merged_object_ids: null,
    hs_modified_by: owner.hubspotUserId,
    hs_object_id: Number(objectId),
    hs_timestamp: hubspotPropertyDateTime(withMillis(spec.at, `timestamp:${spec.key}`)),
    hs_unique_creation_key: null,
    hs_updated_by_user_id: owner.hubspotUserId,
    hs_user_ids_of_all_owners: String(owner.hubspotUserId),
    hubspot_owner_assigneddate: created,
    hubspot_owner_id: owner.hubspotOwnerId,
    hubspot_team_id: null,
  };
}

function associations(spec) {
  const result = {
    contacts: spec.contacts.map((key) => CONTACTS[key].hubspotId),
    companies: spec.companies.map((key) => COMPANIES[key].hubspotId),
  };
  if (spec.deal) result.deals = [COMPANIES[spec.deal].hubspotDealId];

  return result;
}

function engagementRecord(objectId, properties, createdIso, updatedIso, spec) {
  return withFlattenedProperties({
    id: objectId,
    properties,
    createdAt: hubspotApiDateTime(createdIso),
    updatedAt: hubspotApiDateTime(updatedIso),
    archived: false,
    ...associations(spec),
  });
}

function buildNote(spec) {
  const id = digits(`hubspot:note:${spec.key}`, 11);
  const html = renderEditorHtml(spec.body);
  const createdIso = withMillis(addSeconds(spec.at, 3), `note:${spec.key}`);
  const properties = {
    ...engagementBase(spec, id, createdIso),
    ...previewFields(html),
    hs_note_body: html,
  };

  return engagementRecord(id, properties, createdIso, createdIso, spec);
}

function buildCall(spec) {
  const id = digits(`hubspot:call:${spec.key}`, 11);
  const html = spec.body.map((p) => `<p>${p}</p>`).join('');
  const createdIso = withMillis(
    addSeconds(spec.at, Math.round(spec.durationMs / 1000) + 40),
    `call:${spec.key}`,
  );
  const owner = ownerOf(spec.owner);
  const properties = {
    ...engagementBase(spec, id, createdIso),
    ...previewFields(html),
    hs_activity_type: null,
    hs_call_body: html,
    hs_call_callee_object_id: Number(CONTACTS[spec.contacts[0]].hubspotId),
    hs_call_callee_object_type: 'CONTACT',
    hs_call_direction: spec.direction,
    hs_call_disposition: CONNECTED_DISPOSITION,
    hs_call_duration: spec.durationMs,
    hs_call_from_number: owner.phone.replace(/[^+\d]/g, ''),
    hs_call_recording_url: null,
    hs_call_source: 'CALLING_WIDGET',
    hs_call_status: 'COMPLETED',
    hs_call_title: spec.title,
    hs_call_to_number: spec.toNumber,
  };

  return engagementRecord(id, properties, createdIso, createdIso, spec);
}

function emailParty(ref) {
  if (typeof ref === 'string') {
    const contact = CONTACTS[ref];
    return { email: contact.email, firstName: contact.firstName, lastName: contact.lastName };
  }
  if (ref.team) {
    const person = TEAM[ref.team];
    return {
      email: person.email,
      firstName: person.crmFirstName ?? person.firstName,
      lastName: person.lastName,
    };
  }

  return emailParty(ref.contact);
}

function joinParties(parties, field) {
  return parties.length === 0 ? null : parties.map((p) => p[field]).join(';');
}

function buildEmail(spec) {
  const id = digits(`hubspot:email:${spec.key}`, 11);
  const from = emailParty(spec.from);
  const to = spec.to.map(emailParty);
  const cc = spec.cc.map(emailParty);
  const text = spec.text.join('\n\n').replace(/&#39;/g, "'");
  const html = `<div>${spec.text.map((p) => `<p>${p.replace(/\n/g, '<br>')}</p>`).join('')}</div>`;
  const headers = {
    from,
    to: to.map((p) => ({ email: p.email, firstName: p.firstName, lastName: p.lastName })),
    cc: cc.map((p) => ({ email: p.email, firstName: p.firstName, lastName: p.lastName })),
    bcc: [],
  };
  const createdIso = withMillis(addSeconds(spec.at, 2), `email:${spec.key}`);
  const properties = {
    ...engagementBase(spec, id, createdIso),
    ...previewFields(html),
    hs_engagement_source: spec.direction === 'INCOMING_EMAIL' ? 'EMAIL_INTEGRATION' : 'CRM_UI',
    hs_email_cc_email: joinParties(cc, 'email'),
    hs_email_direction: spec.direction,
    hs_email_from_email: from.email,
    hs_email_from_firstname: from.firstName,
    hs_email_from_lastname: from.lastName,
    hs_email_headers: JSON.stringify(headers),
    hs_email_html: html,
    hs_email_message_id: `<${uuid(`hubspot:email-message:${spec.key}`)}@mail.payready.example>`,
    hs_email_status: 'SENT',
    hs_email_subject: spec.subject,
    hs_email_text: text,
    hs_email_thread_id: digits(`hubspot:email-thread:${spec.subject.replace(/^RE: /, '')}`, 11),
    hs_email_to_email: joinParties(to, 'email'),
    hs_email_to_firstname: joinParties(to, 'firstName'),
    hs_email_to_lastname: joinParties(to, 'lastName'),
  };

  return engagementRecord(id, properties, createdIso, createdIso, spec);
}

function buildMeeting(spec) {
  const id = digits(`hubspot:meeting:${spec.key}`, 11);
  const body = `<p>${spec.body}</p>`;
  const notes = spec.internalNotes === null ? null : `<p>${spec.internalNotes}</p>`;
  const createdIso = withMillis(
    spec.created ?? addSeconds(spec.at, -6 * 86_400),
    `meeting:${spec.key}`,
  );
  const updatedIso = spec.outcome === 'COMPLETED' ? spec.end : createdIso;
  const properties = {
    ...engagementBase(spec, id, createdIso),
    ...previewFields(body),
    hs_lastmodifieddate: hubspotPropertyDateTime(updatedIso),
    hs_timestamp: hubspotPropertyDateTime(spec.at),
    hs_activity_type: 'Sales meeting',
    hs_internal_meeting_notes: notes,
    hs_meeting_body: body,
    hs_meeting_end_time: hubspotPropertyDateTime(spec.end),
    hs_meeting_external_url: `https://payready.zoom.us/j/${digits(`zoom:hubspot:${spec.key}`, 10)}`,
    hs_meeting_location: 'Zoom',
    hs_meeting_outcome: spec.outcome,
    hs_meeting_source: 'CRM_UI',
    hs_meeting_start_time: hubspotPropertyDateTime(spec.at),
    hs_meeting_title: spec.title,
  };

  return engagementRecord(id, properties, createdIso, updatedIso, spec);
}

function buildOwners() {
  return Object.values(TEAM)
    .filter((person) => person.hubspotOwnerId)
    .map((person) => ({
      id: person.hubspotOwnerId,
      email: person.email,
      firstName: person.crmFirstName ?? person.firstName,
      lastName: person.lastName,
      userId: person.hubspotUserId,
      createdAt: hubspotApiDateTime(person.created),
      updatedAt: hubspotApiDateTime(addSeconds(person.created, 3 * 86_400 + 611)),
      archived: false,
    }));
}

function buildCompanies() {
  return Object.values(COMPANIES).map((company) => {
    const updatedIso = '2026-11-25T00:14:02.117Z';
    const properties = {
      about_us: null,
      annualrevenue: null,
      city: company.city,
      country: company.country,
      createdate: hubspotPropertyDateTime(company.created),
      description: null,
      domain: company.domain,
      hs_additional_domains: null,
      hs_lastmodifieddate: hubspotPropertyDateTime(updatedIso),
      hs_object_id: Number(company.hubspotId),
      hubspot_owner_id: TEAM[company.owner].hubspotOwnerId,
      industry: company.hubspotIndustry,
      lifecyclestage: company.type.startsWith('Customer') ? 'customer' : 'opportunity',
      name: company.hubspotName,
      numberofemployees: company.employees,
      phone: company.phone,
      state: company.state,
      website: company.domain,
    };

    return withFlattenedProperties({
      id: company.hubspotId,
      properties,
      createdAt: hubspotApiDateTime(company.created),
      updatedAt: hubspotApiDateTime(updatedIso),
      archived: false,
    });
  });
}

/** Free-text "company" property, typed by hand and so not always the company record's name. */
const TYPED_COMPANY = {
  tanaka: 'Kestrel Freight Inc',
  morganKestrel: 'Kestrel Freight',
  bello: 'Kestrel',
  morganOrchard: 'Orchard Health',
  park: 'Orchard Health LLC',
  cole: 'Orchard Health',
  weber: 'Bluefin Analytics GmbH',
  vogel: 'Bluefin Analytics',
  okaforBluefin: 'Bluefin Analytics GmbH',
  okaforNorthgate: 'Northgate Civil S.A.',
  fernandez: 'Northgate Civil',
};

function buildContacts() {
  return Object.values(CONTACTS).map((contact) => {
    const company = COMPANIES[contact.company];
    const email = contact.hubspotEmail ?? contact.email;
    const updatedIso =
      contact.updated ??
      addSeconds(contact.created, intBetween(`hs:upd:${contact.key}`, 2, 40) * 86_400);
    const properties = {
      associatedcompanyid: Number(company.hubspotId),
      city: company.city,
      company: TYPED_COMPANY[contact.key],
      country: company.country,
      createdate: hubspotPropertyDateTime(contact.created),
      email,
      firstname: contact.firstName,
      hs_additional_emails: contact.hubspotAdditionalEmails ?? null,
      hs_email_domain: email.split('@')[1],
      hs_lead_status: null,
      hs_object_id: Number(contact.hubspotId),
      hubspot_owner_id: TEAM[company.owner].hubspotOwnerId,
      jobtitle: contact.title,
      lastmodifieddate: hubspotPropertyDateTime(updatedIso),
      lastname: contact.lastName,
      lifecyclestage: company.type.startsWith('Customer') ? 'customer' : 'opportunity',
      phone: contact.phone,
    };
    // The contact was associated twice with the same company (once by domain, once by hand).
    const companies =
      contact.key === 'bello' ? [company.hubspotId, company.hubspotId] : [company.hubspotId];

    return withFlattenedProperties({
      id: contact.hubspotId,
      properties,
      createdAt: hubspotApiDateTime(contact.created),
      updatedAt: hubspotApiDateTime(updatedIso),
      archived: false,
      companies,
    });
  });
}

function latestUpdatedAt(records) {
  return records
    .map((r) => r.updatedAt)
    .sort()
    .at(-1);
}

function streamFile(stream, records, clock) {
  const lines = [
    streamStatusMessage(stream, 'STARTED', clock()),
    streamStatusMessage(stream, 'RUNNING', clock()),
  ];
  for (const data of records) lines.push(recordMessage(stream, data, clock()));
  lines.push(streamStateMessage(stream, { updatedAt: latestUpdatedAt(records) }, records.length));
  lines.push(streamStatusMessage(stream, 'COMPLETE', clock()));

  return lines;
}

function byTimestamp(a, b) {
  return a.properties.hs_timestamp.localeCompare(b.properties.hs_timestamp);
}

/** Builds the HubSpot files as `{ 'hubspot/<file>.jsonl': AirbyteMessage[] }`. */
export function buildHubspot() {
  const clock = emittedClock('2026-12-03T07:10:40.655Z', 67);
  const ownersFile = streamFile('owners', buildOwners(), clock);
  ownersFile.unshift(logMessage('INFO', 'Starting syncing SourceHubspot'));

  return {
    'hubspot/owners.jsonl': ownersFile,
    'hubspot/companies.jsonl': streamFile('companies', buildCompanies(), clock),
    'hubspot/contacts.jsonl': streamFile('contacts', buildContacts(), clock),
    'hubspot/engagements_notes.jsonl': streamFile(
      'engagements_notes',
      NOTES.map(buildNote).sort(byTimestamp),
      clock,
    ),
    'hubspot/engagements_calls.jsonl': streamFile(
      'engagements_calls',
      CALLS.map(buildCall).sort(byTimestamp),
      clock,
    ),
    'hubspot/engagements_emails.jsonl': streamFile(
      'engagements_emails',
      EMAILS.map(buildEmail).sort(byTimestamp),
      clock,
    ),
    'hubspot/engagements_meetings.jsonl': streamFile(
      'engagements_meetings',
      MEETINGS.map(buildMeeting).sort(byTimestamp),
      clock,
    ),
  };
}
