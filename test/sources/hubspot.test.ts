import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type BuildContext,
  type CompanyObservation,
  type Interaction,
  type NormalizedRecord,
  NormalizeError,
  type PersonObservation,
  type StagedRecord,
} from '../../src/model.js';
import { hubspotAdapter } from '../../src/sources/hubspot.js';

interface AirbyteRecord {
  stream: string;
  data: Record<string, unknown>;
  emitted_at: number;
}

const FIXTURE = new URL('../fixtures/hubspot/records.jsonl', import.meta.url);
const records: AirbyteRecord[] = readFileSync(FIXTURE, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as AirbyteRecord);

const context: BuildContext = {
  userName: () => undefined,
  channelName: () => undefined,
};

function fixture(stream: string, id: string): AirbyteRecord {
  const found = records.find((record) => record.stream === stream && record.data.id === id);
  if (found === undefined) throw new Error(`fixture ${stream} ${id} is missing`);

  return structuredClone(found);
}

function normalize(record: AirbyteRecord): NormalizedRecord {
  const handler = hubspotAdapter.streams[record.stream];
  if (handler === undefined) throw new Error(`fixture stream ${record.stream} has no handler`);

  return handler.normalize(record.data, new Date(record.emitted_at));
}

function onlyObservation<T>(normalized: NormalizedRecord): T {
  expect(normalized.observations).toHaveLength(1);

  return normalized.observations[0] as T;
}

/** Normalize the record and build its interaction the way the pipeline does. */
function build(record: AirbyteRecord, buildContext: BuildContext = context): Interaction | null {
  const normalized = normalize(record);
  const staged: StagedRecord = {
    stream: record.stream,
    recordKey: normalized.recordKey,
    data: normalized.data,
  };
  if (normalized.interactionKey === undefined) throw new Error('record has no interaction key');

  return hubspotAdapter.build(normalized.interactionKey, [staged], buildContext);
}

function built(record: AirbyteRecord, buildContext: BuildContext = context): Interaction {
  const interaction = build(record, buildContext);
  if (interaction === null) throw new Error(`${record.stream} ${record.data.id} built to null`);

  return interaction;
}

function captureError(action: () => unknown): NormalizeError {
  try {
    action();
  } catch (error) {
    if (error instanceof NormalizeError) return error;
    throw error;
  }
  throw new Error('expected a NormalizeError');
}

describe('hubspot owners', () => {
  it('become internal people keyed by owner id', () => {
    const normalized = normalize(fixture('owners', '71234501'));
    const person = onlyObservation<PersonObservation>(normalized);

    expect(normalized.recordKey).toBe('owner:71234501');
    expect(normalized.interactionKey).toBeUndefined();
    expect(person.sourceSystem).toBe('hubspot');
    expect(person.sourceId).toBe('71234501');
    expect(person.objectType).toBe('owner');
    expect(person.internal).toBe(true);
    expect(person.emails).toEqual(['dana.reyes@lumen.example']);
    expect(person.name).toBe('Dana Reyes');
    expect(person.observedAt?.toISOString()).toBe('2024-05-20T08:12:45.118Z');
  });

  it('keep userId in the staged data', () => {
    expect(normalize(fixture('owners', '71234501')).data.userId).toBe(9100201);
  });

  it('still describe archived owners', () => {
    const person = onlyObservation<PersonObservation>(normalize(fixture('owners', '71234502')));

    expect(person.name).toBe('Sam Okafor');
  });
});

describe('hubspot contacts', () => {
  it('collect primary and additional e-mails', () => {
    const person = onlyObservation<PersonObservation>(normalize(fixture('contacts', '501')));

    expect(person.emails).toEqual([
      'priya.natarajan@northwind-traders.example',
      'priya@pn-consulting.example',
      'p.natarajan@northwind-traders.example',
    ]);
  });

  it('read names, title, phone and company hint', () => {
    const normalized = normalize(fixture('contacts', '501'));
    const person = onlyObservation<PersonObservation>(normalized);

    expect(normalized.recordKey).toBe('contact:501');
    expect(person.internal).toBe(false);
    expect(person.objectType).toBe('contact');
    expect(person.firstName).toBe('Priya');
    expect(person.lastName).toBe('Natarajan');
    expect(person.title).toBe('VP Operations');
    expect(person.phone).toBe('+44 113 496 0000');
    expect(person.city).toBe('Leeds');
    expect(person.company).toEqual({
      sourceSystem: 'hubspot',
      sourceId: '8800101',
      name: 'Northwind Traders',
      domain: 'northwind-traders.example',
    });
    expect(normalized.updatedAt?.toISOString()).toBe('2024-05-28T14:03:51.220Z');
  });

  it('read flattened-only properties', () => {
    const person = onlyObservation<PersonObservation>(normalize(fixture('contacts', '502')));

    expect(person.emails).toEqual(['li.wei@contoso-logistics.example']);
    expect(person.name).toBe('Li Wei');
    expect(person.title).toBe('Head of Procurement');
    expect(person.company?.name).toBe('Contoso Logistics');
  });

  it('fall back to the company association and e-mail domain', () => {
    const person = onlyObservation<PersonObservation>(normalize(fixture('contacts', '502')));

    expect(person.company?.sourceId).toBe('8800102');
    expect(person.company?.domain).toBe('contoso-logistics.example');
  });

  it('prefer nested properties over flattened copies', () => {
    const record = fixture('contacts', '501');
    record.data.properties_jobtitle = 'Stale title';
    const person = onlyObservation<PersonObservation>(normalize(record));

    expect(person.title).toBe('VP Operations');
  });

  it('yield no observation when archived', () => {
    const normalized = normalize(fixture('contacts', '503'));

    expect(normalized.observations).toEqual([]);
    expect(normalized.recordKey).toBe('contact:503');
  });

  it('stage compact data without nulls or flattened copies', () => {
    const data = normalize(fixture('contacts', '501')).data;
    const properties = data.properties as Record<string, unknown>;

    expect(Object.keys(data).some((key) => key.startsWith('properties_'))).toBe(false);
    expect(properties.email).toBe('Priya.Natarajan@Northwind-Traders.example');
    expect('mobilephone' in properties).toBe(false);
    expect(data.companies).toEqual(['8800101', '8800101']);
  });

  it('fall back to the emitted time without any change time', () => {
    const record = fixture('contacts', '502');
    delete record.data.updatedAt;
    delete record.data.properties_lastmodifieddate;

    expect(normalize(record).updatedAt?.getTime()).toBe(record.emitted_at);
  });
});

describe('hubspot companies', () => {
  it('collect domain, website and additional domains', () => {
    const company = onlyObservation<CompanyObservation>(normalize(fixture('companies', '8800101')));

    expect(company.objectType).toBe('company');
    expect(company.name).toBe('Northwind Traders');
    expect(company.domains).toEqual([
      'northwind-traders.example',
      'northwind.example',
      'nwt-group.example',
    ]);
  });

  it('read flattened-only properties', () => {
    const company = onlyObservation<CompanyObservation>(normalize(fixture('companies', '8800102')));

    expect(company.name).toBe('Contoso Logistics');
    expect(company.domains).toEqual(['contoso-logistics.example']);
  });
});

describe('hubspot notes', () => {
  it('normalize to a note interaction key', () => {
    const normalized = normalize(fixture('engagements_notes', '40000000001'));

    expect(normalized.recordKey).toBe('note:40000000001');
    expect(normalized.interactionKey).toBe('hubspot:note:40000000001');
    expect(normalized.observations).toEqual([]);
    expect(normalized.updatedAt?.toISOString()).toBe('2024-05-28T15:24:40.002Z');
  });

  it('build plain-text paragraphs from the HTML body', () => {
    const note = built(fixture('engagements_notes', '40000000001'));

    expect(note.kind).toBe('note');
    expect(note.title).toBe('Renewal call recap');
    expect(note.segments.map((segment) => segment.text)).toEqual([
      'Renewal call recap',
      'Priya confirmed budget for 40 seats & wants the SSO add\u2011on priced separately.',
      'Open questions:',
      '- Data residency in the EU – legal to confirm\n- Invoice terms: net 60 vs net 30',
      'Next step: send the revised quote by Friday.',
    ]);
  });

  it('take the time from hs_timestamp', () => {
    const note = built(fixture('engagements_notes', '40000000001'));

    expect(note.occurredAt.toISOString()).toBe('2024-05-28T15:20:05.311Z');
  });

  it('de-duplicate associated contacts and companies', () => {
    const note = built(fixture('engagements_notes', '40000000001'));

    expect(note.participants).toEqual([
      {
        ref: { sourceSystem: 'hubspot', sourceId: '501' },
        name: undefined,
        role: 'associated',
        affiliation: 'external',
      },
    ]);
    expect(note.companies).toEqual([{ sourceSystem: 'hubspot', sourceId: '8800101' }]);
    expect(note.metadata.dealIds).toEqual(['990001']);
  });

  it('name the owner as internal author', () => {
    const names: BuildContext = {
      ...context,
      userName: (system, id) =>
        system === 'hubspot' && id === '71234501' ? 'Dana Reyes' : undefined,
    };
    const note = built(fixture('engagements_notes', '40000000001'), names);

    expect(note.author).toEqual({
      ref: { sourceSystem: 'hubspot', sourceId: '71234501' },
      name: 'Dana Reyes',
      role: 'author',
      affiliation: 'internal',
    });
  });

  it('fall back to the creating user without an owner', () => {
    const names: BuildContext = {
      ...context,
      userName: (system, id) =>
        system === 'hubspot' && id === 'user:9100202' ? 'Sam Okafor' : undefined,
    };
    const note = built(fixture('engagements_notes', '40000000002'), names);

    expect(note.author?.name).toBe('Sam Okafor');
    expect(note.author?.ref).toBeUndefined();
    expect(note.metadata.createdByUserId).toBe('9100202');
  });

  it('use the plain preview from flattened properties', () => {
    const note = built(fixture('engagements_notes', '40000000002'));

    expect(note.segments.map((segment) => segment.text)).toEqual([
      'Li asked for a pilot in the Rotterdam warehouse.',
      'Send the pilot plan next week.',
    ]);
    expect(note.companies).toEqual([{ sourceSystem: 'hubspot', sourceId: '8800102' }]);
    expect(note.author).toBeUndefined();
  });

  it('build archived notes to null', () => {
    expect(build(fixture('engagements_notes', '40000000003'))).toBeNull();
  });

  it('build notes without text to null', () => {
    const record = fixture('engagements_notes', '40000000001');
    const properties = record.data.properties as Record<string, unknown>;
    properties.hs_note_body = '<p> </p><p><br></p>';
    properties.hs_body_preview = null;
    record.data.properties_hs_note_body = null;
    record.data.properties_hs_body_preview = null;

    expect(build(record)).toBeNull();
  });

  it('build GDPR-deleted engagements to null', () => {
    const record = fixture('engagements_tasks', '44000000001');
    (record.data.properties as Record<string, unknown>).hs_gdpr_deleted = true;

    expect(build(record)).toBeNull();
  });

  it('link to the first associated company with a portal id', () => {
    const withPortal: BuildContext = { ...context, hubspotPortalId: '8727001' };
    const note = built(fixture('engagements_notes', '40000000001'), withPortal);

    expect(note.deepLink).toBe('https://app.hubspot.com/contacts/8727001/record/0-2/8800101');
    expect(note.segments[0]?.deepLink).toBe(note.deepLink);
  });

  it('link to a contact when no company is associated', () => {
    const record = fixture('engagements_notes', '40000000001');
    record.data.companies = [];
    const note = built(record, { ...context, hubspotPortalId: '8727001' });

    expect(note.deepLink).toBe('https://app.hubspot.com/contacts/8727001/record/0-1/501');
  });

  it('have no link without a portal id', () => {
    expect(built(fixture('engagements_notes', '40000000001')).deepLink).toBeUndefined();
  });

  it('fall back to createdAt for an invalid hs_timestamp', () => {
    const record = fixture('engagements_notes', '40000000002');
    record.data.properties_hs_timestamp = 'not a date';

    expect(built(record).occurredAt.toISOString()).toBe('2024-04-02T10:15:00.000Z');
  });

  it('reject records without any valid time', () => {
    const record = fixture('engagements_notes', '40000000002');
    record.data.properties_hs_timestamp = 'not a date';
    record.data.createdAt = '2024-13-45';
    const error = captureError(() => normalize(record));

    expect(error.field).toBe('hs_timestamp');
    expect(error.message).toContain('"not a date"');
    expect(error.message).toContain('"2024-13-45"');
  });

  it('reject records without id', () => {
    const record = fixture('engagements_notes', '40000000001');
    delete record.data.id;
    const error = captureError(() => normalize(record));

    expect(error.field).toBe('id');
    expect(error.message).toContain('"id"');
  });
});

describe('hubspot calls', () => {
  it('build title, body, duration and direction', () => {
    const call = built(fixture('engagements_calls', '41000000001'));

    expect(call.key).toBe('hubspot:call:41000000001');
    expect(call.kind).toBe('call');
    expect(call.title).toBe('Discovery call with Contoso Logistics');
    expect(call.segments.map((segment) => segment.text)).toEqual([
      'Discovery call with Contoso Logistics',
      'Li walked through their carrier onboarding process.',
      'They lose about two days per carrier on paperwork.',
    ]);
    expect(call.metadata.durationMs).toBe(754000);
    expect(call.metadata.direction).toBe('OUTBOUND');
    expect(call.metadata.disposition).toBe('f240bbac-87c9-4f6e-bf70-924b57d47db7');
    expect(call.participants.map((participant) => participant.ref?.sourceId)).toEqual(['502']);
    expect(call.author?.ref?.sourceId).toBe('71234502');
  });
});

describe('hubspot emails', () => {
  it('prefer the plain-text body', () => {
    const email = built(fixture('engagements_emails', '42000000001'));

    expect(email.kind).toBe('email');
    expect(email.title).toBe('Re: Revised quote');
    expect(email.segments.map((segment) => segment.text)).toEqual([
      'Re: Revised quote',
      'Hi Dana,',
      'The revised quote works for us. Please send the order form.',
      'Thanks,\nPriya',
    ]);
  });

  it('mark an incoming sender external', () => {
    const email = built(fixture('engagements_emails', '42000000001'));
    const byEmail = new Map(
      email.participants.map((participant) => [participant.email, participant]),
    );

    expect(byEmail.get('priya.natarajan@northwind-traders.example')?.affiliation).toBe('external');
    expect(byEmail.get('priya.natarajan@northwind-traders.example')?.name).toBe('Priya Natarajan');
    expect(byEmail.get('dana.reyes@lumen.example')?.affiliation).toBe('internal');
    expect(email.metadata.direction).toBe('INCOMING_EMAIL');
  });

  it('convert an HTML-only body', () => {
    const email = built(fixture('engagements_emails', '42000000002'));

    expect(email.segments.map((segment) => segment.text)).toEqual([
      'Pilot plan',
      'Hi Li,',
      'Attached is the pilot plan for Rotterdam.',
    ]);
  });

  it('split several recipients', () => {
    const email = built(fixture('engagements_emails', '42000000002'));
    const recipients = email.participants.filter(
      (participant) => participant.email !== undefined && participant.affiliation === 'external',
    );

    expect(recipients.map((participant) => participant.email)).toEqual([
      'li.wei@contoso-logistics.example',
      'ops@contoso-logistics.example',
    ]);
  });
});

describe('hubspot meetings', () => {
  it('join body and internal notes', () => {
    const meeting = built(fixture('engagements_meetings', '43000000001'));

    expect(meeting.kind).toBe('meeting');
    expect(meeting.segments.map((segment) => segment.text)).toEqual([
      'Quarterly business review',
      'Agenda: usage, roadmap, renewal.',
      'Priya hinted at a competitor evaluation.',
      'Loop in Sam for the SSO demo.',
    ]);
    expect(meeting.metadata.outcome).toBe('COMPLETED');
  });

  it('use the start time when hs_timestamp is empty', () => {
    const meeting = built(fixture('engagements_meetings', '43000000001'));

    expect(meeting.occurredAt.toISOString()).toBe('2024-05-14T13:00:00.000Z');
  });
});

describe('hubspot tasks', () => {
  it('build subject, body, status and deals', () => {
    const task = built(fixture('engagements_tasks', '44000000001'));

    expect(task.kind).toBe('task');
    expect(task.key).toBe('hubspot:task:44000000001');
    expect(task.segments.map((segment) => segment.text)).toEqual([
      'Follow up on SSO pricing',
      'Confirm the SSO add-on list price with finance.\nThen update the quote.',
    ]);
    expect(task.metadata.status).toBe('NOT_STARTED');
    expect(task.metadata.dealIds).toEqual(['990001']);
    expect(task.companies).toEqual([]);
  });

  it('keep a subject-only task', () => {
    const record = fixture('engagements_tasks', '44000000001');
    const properties = record.data.properties as Record<string, unknown>;
    properties.hs_task_body = null;
    properties.hs_body_preview = null;

    expect(built(record).segments.map((segment) => segment.text)).toEqual([
      'Follow up on SSO pricing',
    ]);
  });
});

describe('hubspot build', () => {
  it('returns null without an engagement record', () => {
    const owner = normalize(fixture('owners', '71234501'));
    const staged: StagedRecord = { stream: 'owners', recordKey: owner.recordKey, data: owner.data };

    expect(hubspotAdapter.build('hubspot:note:1', [staged], context)).toBeNull();
  });

  it('normalizes every fixture record', () => {
    for (const record of records) {
      const normalized = normalize(record);
      expect(normalized.recordKey, `${record.stream} ${record.data.id}`).toContain(':');
    }
  });
});
