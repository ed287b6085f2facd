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
import { decodeBase64Text, salesforceAdapter } from '../../src/sources/salesforce.js';

interface AirbyteRecord {
  stream: string;
  data: Record<string, unknown>;
  emitted_at: number;
}

const FIXTURE = new URL('../fixtures/salesforce/records.jsonl', import.meta.url);
const records: AirbyteRecord[] = readFileSync(FIXTURE, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as AirbyteRecord);

const DANA = '0058d000004KzQ1AAK';
const SAM = '0058d000004KzQ2AAK';
const NORTHWIND = '0018d00000Nw1TrAAJ';
const CONTOSO = '0018d00000Nw1TsAAJ';
const PRIYA = '0038d00000Pn4tAAAQ';
const LEAD = '00Q8d00000Lw3XyEAJ';
const OPPORTUNITY = '0068d00000Qr7UvAAJ';
const NOTE_ACCOUNT = '0028d00000Ab1cDAAR';
const NOTE_CONTACT = '0028d00000Ab1cEAAR';
const TASK_EMAIL = '00T8d00000Hj2KlEAJ';
const TASK_CALL = '00T8d00000Hj2KmEAJ';
const TASK_DELETED = '00T8d00000Hj2KnEAJ';
const CONTENT_NOTE = '0698d00000Cv5PqAAJ';
const CONTENT_NOTE_PREVIEW = '0698d00000Cv5PrAAJ';

const context: BuildContext = {
  userName: () => undefined,
  channelName: () => undefined,
};

function fixture(stream: string, id: string): AirbyteRecord {
  const found = records.find((record) => record.stream === stream && record.data.Id === id);
  if (found === undefined) throw new Error(`fixture ${stream} ${id} is missing`);

  return structuredClone(found);
}

function normalize(record: AirbyteRecord): NormalizedRecord {
  const handler = salesforceAdapter.streams[record.stream];
  if (handler === undefined) throw new Error(`fixture stream ${record.stream} has no handler`);

  return handler.normalize(record.data, new Date(record.emitted_at));
}

function onlyObservation<T>(normalized: NormalizedRecord): T {
  expect(normalized.observations).toHaveLength(1);

  return normalized.observations[0] as T;
}

/** Normalize every record, group the staged ones by interaction key and build that key. */
function build(
  key: string,
  input: AirbyteRecord[],
  buildContext: BuildContext = context,
): Interaction | null {
  const staged: StagedRecord[] = [];
  for (const record of input) {
    const normalized = normalize(record);
    if (normalized.interactionKey !== key) continue;
    staged.push({ stream: record.stream, recordKey: normalized.recordKey, data: normalized.data });
  }

  return salesforceAdapter.build(key, staged, buildContext);
}

function built(key: string, input: AirbyteRecord[], buildContext?: BuildContext): Interaction {
  const interaction = build(key, input, buildContext);
  if (interaction === null) throw new Error(`${key} built to null`);

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

function texts(interaction: Interaction): string[] {
  return interaction.segments.map((segment) => segment.text);
}

describe('salesforce users', () => {
  it('become internal people', () => {
    const normalized = normalize(fixture('User', DANA));
    const person = onlyObservation<PersonObservation>(normalized);

    expect(normalized.recordKey).toBe(`User:${DANA}`);
    expect(person.sourceSystem).toBe('salesforce');
    expect(person.objectType).toBe('user');
    expect(person.internal).toBe(true);
    expect(person.name).toBe('Dana Reyes');
    expect(person.emails).toEqual(['dana.reyes@lumen.example']);
    expect(person.title).toBe('Account Executive');
  });

  it('read the Bulk shape with Z datetimes', () => {
    const normalized = normalize(fixture('User', SAM));
    const person = onlyObservation<PersonObservation>(normalized);

    expect(person.emails).toEqual(['sam.okafor@lumen.example']);
    expect(normalized.updatedAt?.toISOString()).toBe('2024-04-01T09:00:00.000Z');
  });

  it('skip users that are not Standard', () => {
    for (const id of ['0058d000004KzQ3AAK', '0058d000004KzQ4AAK']) {
      const normalized = normalize(fixture('User', id));

      expect(normalized.observations, id).toEqual([]);
      expect(normalized.recordKey).toBe(`User:${id}`);
    }
  });
});

describe('salesforce accounts', () => {
  it('become companies with a website domain', () => {
    const normalized = normalize(fixture('Account', NORTHWIND));
    const company = onlyObservation<CompanyObservation>(normalized);

    expect(company.objectType).toBe('account');
    expect(company.name).toBe('Northwind Traders');
    expect(company.domains).toEqual(['northwind-traders.example']);
    expect(normalized.updatedAt?.toISOString()).toBe('2024-05-30T09:00:01.000Z');
  });

  it('read the Bulk shape', () => {
    const company = onlyObservation<CompanyObservation>(normalize(fixture('Account', CONTOSO)));

    expect(company.domains).toEqual(['contoso-logistics.example']);
  });

  it('skip deleted accounts', () => {
    const record = fixture('Account', NORTHWIND);
    record.data.IsDeleted = 'true';

    expect(normalize(record).observations).toEqual([]);
  });

  it('reject records without Id', () => {
    const record = fixture('Account', NORTHWIND);
    record.data.Id = null;
    const error = captureError(() => normalize(record));

    expect(error.field).toBe('Id');
    expect(error.message).toContain('"Id"');
  });
});

describe('salesforce contacts', () => {
  it('become external people with an account hint', () => {
    const person = onlyObservation<PersonObservation>(normalize(fixture('Contact', PRIYA)));

    expect(person.objectType).toBe('contact');
    expect(person.internal).toBe(false);
    expect(person.name).toBe('Priya Natarajan');
    expect(person.title).toBe('VP Operations');
    expect(person.phone).toBe('+44 113 496 0000');
    expect(person.city).toBe('Leeds');
    expect(person.company).toEqual({ sourceSystem: 'salesforce', sourceId: NORTHWIND });
  });

  it('add alternate e-mail fields when present', () => {
    const person = onlyObservation<PersonObservation>(normalize(fixture('Contact', PRIYA)));

    expect(person.emails).toEqual([
      'priya.natarajan@northwind-traders.example',
      'p.natarajan@northwind-traders.example',
    ]);
  });

  it('skip deleted contacts', () => {
    expect(normalize(fixture('Contact', '0038d00000Pn4tBAAQ')).observations).toEqual([]);
  });
});

describe('salesforce leads', () => {
  it('carry company name and converted contact', () => {
    const person = onlyObservation<PersonObservation>(normalize(fixture('Lead', LEAD)));

    expect(person.objectType).toBe('lead');
    expect(person.company).toEqual({
      name: 'Contoso Logistics',
      domain: 'contoso-logistics.example',
    });
    expect(person.linkedIds).toEqual([
      { sourceSystem: 'salesforce', sourceId: '0038d00000Pn4tCAAQ' },
    ]);
  });
});

describe('salesforce notes', () => {
  const accountNoteKey = `salesforce:note:${NOTE_ACCOUNT}`;

  it('normalize to a note interaction key', () => {
    const normalized = normalize(fixture('Note', NOTE_ACCOUNT));

    expect(normalized.interactionKey).toBe(accountNoteKey);
    expect(normalized.recordKey).toBe(`Note:${NOTE_ACCOUNT}`);
    expect(normalized.updatedAt?.toISOString()).toBe('2024-05-29T10:05:00.000Z');
  });

  it('build title and body paragraphs', () => {
    const note = built(accountNoteKey, [fixture('Note', NOTE_ACCOUNT)]);

    expect(note.kind).toBe('note');
    expect(note.title).toBe('Renewal risks');
    expect(note.occurredAt.toISOString()).toBe('2024-05-29T10:00:00.000Z');
    expect(texts(note)).toEqual([
      'Renewal risks',
      'Priya is under pressure to cut tooling spend.\nProcurement wants a 3-year term.',
      'Competitor demo booked for June. Legal review pending.',
    ]);
  });

  it('hint the parent account as company', () => {
    const note = built(accountNoteKey, [fixture('Note', NOTE_ACCOUNT)]);

    expect(note.companies).toEqual([{ sourceSystem: 'salesforce', sourceId: NORTHWIND }]);
    expect(note.participants).toEqual([]);
  });

  it('name a parent contact as participant', () => {
    const note = built(`salesforce:note:${NOTE_CONTACT}`, [fixture('Note', NOTE_CONTACT)]);

    expect(note.participants).toEqual([
      {
        ref: { sourceSystem: 'salesforce', sourceId: PRIYA },
        name: undefined,
        role: 'associated',
        affiliation: 'external',
      },
    ]);
    expect(note.companies).toEqual([]);
    expect(note.metadata.isPrivate).toBe(true);
  });

  it('name the owner as internal author', () => {
    const names: BuildContext = {
      ...context,
      userName: (system, id) => (system === 'salesforce' && id === DANA ? 'Dana Reyes' : undefined),
    };
    const note = built(accountNoteKey, [fixture('Note', NOTE_ACCOUNT)], names);

    expect(note.author).toEqual({
      ref: { sourceSystem: 'salesforce', sourceId: DANA },
      name: 'Dana Reyes',
      role: 'author',
      affiliation: 'internal',
    });
  });

  it('link to the record with an instance URL', () => {
    const withInstance: BuildContext = {
      ...context,
      salesforceInstanceUrl: 'https://lumen.my.salesforce.example/',
    };
    const note = built(accountNoteKey, [fixture('Note', NOTE_ACCOUNT)], withInstance);

    expect(note.deepLink).toBe(
      `https://lumen.my.salesforce.example/lightning/r/Note/${NOTE_ACCOUNT}/view`,
    );
    expect(note.segments[0]?.deepLink).toBe(note.deepLink);
  });

  it('have no link without an instance URL', () => {
    expect(built(accountNoteKey, [fixture('Note', NOTE_ACCOUNT)]).deepLink).toBeUndefined();
  });

  it('build deleted notes to null', () => {
    const record = fixture('Note', NOTE_ACCOUNT);
    record.data.IsDeleted = true;

    expect(build(accountNoteKey, [record])).toBeNull();
  });

  it('build notes without text to null', () => {
    const record = fixture('Note', NOTE_ACCOUNT);
    record.data.Title = ' ';
    record.data.Body = '\r\n \r\n';

    expect(build(accountNoteKey, [record])).toBeNull();
  });

  it('reject an invalid CreatedDate', () => {
    const record = fixture('Note', NOTE_ACCOUNT);
    record.data.CreatedDate = '29/05/2024 10:00';
    const error = captureError(() => normalize(record));

    expect(error.field).toBe('CreatedDate');
    expect(error.message).toContain('"29/05/2024 10:00"');
  });
});

describe('salesforce tasks', () => {
  const emailKey = `salesforce:task:${TASK_EMAIL}`;
  const callKey = `salesforce:task:${TASK_CALL}`;

  it('build subject and description', () => {
    const task = built(emailKey, [fixture('Task', TASK_EMAIL)]);

    expect(task.kind).toBe('task');
    expect(task.title).toBe('Email: Revised quote');
    expect(texts(task)).toEqual([
      'Email: Revised quote',
      'To: priya.natarajan@northwind-traders.example\nSubject: Revised quote',
      'Hi Priya,\nThe revised quote is attached.',
    ]);
    expect(task.metadata.subtype).toBe('Email');
    expect(task.metadata.status).toBe('Completed');
  });

  it('take the time from CompletedDateTime', () => {
    const task = built(emailKey, [fixture('Task', TASK_EMAIL)]);

    expect(task.occurredAt.toISOString()).toBe('2024-06-03T08:30:00.000Z');
  });

  it('fall back to ActivityDate', () => {
    const task = built(callKey, [fixture('Task', TASK_CALL)]);

    expect(task.occurredAt.toISOString()).toBe('2024-01-12T00:00:00.000Z');
  });

  it('fall back to CreatedDate', () => {
    const record = fixture('Task', TASK_CALL);
    record.data.ActivityDate = null;

    expect(built(callKey, [record]).occurredAt.toISOString()).toBe('2024-01-12T15:40:00.000Z');
  });

  it('relate WhoId, WhatId and AccountId', () => {
    const task = built(emailKey, [fixture('Task', TASK_EMAIL)]);

    expect(task.participants.map((participant) => participant.ref?.sourceId)).toEqual([PRIYA]);
    expect(task.companies).toEqual([{ sourceSystem: 'salesforce', sourceId: NORTHWIND }]);
    expect(task.metadata.opportunityIds).toEqual([OPPORTUNITY]);
  });

  it('read the Bulk shape of a call task', () => {
    const task = built(callKey, [fixture('Task', TASK_CALL)]);

    expect(task.metadata.subtype).toBe('Call');
    expect(task.metadata.callDurationSeconds).toBe(540);
    expect(task.participants.map((participant) => participant.ref?.sourceId)).toEqual([LEAD]);
    expect(task.author?.ref?.sourceId).toBe(SAM);
  });

  it('build deleted tasks to null', () => {
    expect(build(`salesforce:task:${TASK_DELETED}`, [fixture('Task', TASK_DELETED)])).toBeNull();
  });

  it('reject tasks without any valid date', () => {
    const record = fixture('Task', TASK_CALL);
    record.data.ActivityDate = 'soon';
    record.data.CreatedDate = null;
    const error = captureError(() => normalize(record));

    expect(error.field).toBe('CreatedDate');
    expect(error.message).toContain('"soon"');
  });
});

describe('salesforce content notes', () => {
  const key = `salesforce:contentnote:${CONTENT_NOTE}`;
  const links = records.filter((record) => record.stream === 'ContentDocumentLink');

  it('decode base64 Content as HTML', () => {
    const note = built(key, [fixture('ContentNote', CONTENT_NOTE)]);

    expect(note.kind).toBe('note');
    expect(note.stream).toBe('ContentNote');
    expect(texts(note)).toEqual([
      'QBR notes',
      'QBR takeaways',
      '- Usage up 30% since March\n- Wants SSO & SCIM',
      'Renewal decision in July.',
    ]);
    expect(note.metadata.bodySource).toBe('Content');
  });

  it('use TextPreview when Content is a blob URL', () => {
    const previewKey = `salesforce:contentnote:${CONTENT_NOTE_PREVIEW}`;
    const note = built(previewKey, [fixture('ContentNote', CONTENT_NOTE_PREVIEW)]);

    expect(texts(note)).toEqual([
      'Pilot scope',
      'Rotterdam pilot: 5 carriers, 6 weeks, success = onboarding under one day.',
    ]);
    expect(note.metadata.bodySource).toBe('TextPreview');
  });

  it('have no companies without links', () => {
    const note = built(key, [fixture('ContentNote', CONTENT_NOTE)]);

    expect(note.companies).toEqual([]);
    expect(note.participants).toEqual([]);
  });

  it('add linked accounts, contacts and opportunities', () => {
    const note = built(key, [fixture('ContentNote', CONTENT_NOTE), ...links]);

    expect(note.companies).toEqual([{ sourceSystem: 'salesforce', sourceId: NORTHWIND }]);
    expect(note.participants.map((participant) => participant.ref?.sourceId)).toEqual([PRIYA]);
    expect(note.metadata.opportunityIds).toEqual([OPPORTUNITY]);
    expect(note.metadata.otherRelatedIds).toBeUndefined();
  });

  it('key links by ContentDocumentId', () => {
    const link = links[0];
    if (link === undefined) throw new Error('fixture has no ContentDocumentLink');
    const normalized = normalize(link);

    expect(normalized.interactionKey).toBe(key);
    expect(normalized.recordKey).toBe(`ContentDocumentLink:${link.data.Id}`);
  });

  it('ignore deleted links', () => {
    const deleted = links.map((link) => {
      const copy = structuredClone(link);
      copy.data.IsDeleted = true;
      return copy;
    });
    const note = built(key, [fixture('ContentNote', CONTENT_NOTE), ...deleted]);

    expect(note.companies).toEqual([]);
  });

  it('build links alone to null', () => {
    expect(build(key, links)).toBeNull();
  });

  it('build deleted content notes to null', () => {
    const record = fixture('ContentNote', CONTENT_NOTE);
    record.data.IsDeleted = true;

    expect(build(key, [record, ...links])).toBeNull();
  });

  it('reject links without ContentDocumentId', () => {
    const link = structuredClone(links[0]);
    if (link === undefined) throw new Error('fixture has no ContentDocumentLink');
    delete link.data.ContentDocumentId;
    const error = captureError(() => normalize(link));

    expect(error.field).toBe('ContentDocumentId');
  });
});

describe('decodeBase64Text', () => {
  it('decodes base64 of UTF-8 text', () => {
    expect(decodeBase64Text(Buffer.from('<p>Grüße</p>').toString('base64'))).toBe('<p>Grüße</p>');
  });

  it('rejects URLs, plain words and binary data', () => {
    expect(
      decodeBase64Text('/services/data/v57.0/sobjects/ContentNote/069/Content'),
    ).toBeUndefined();
    expect(decodeBase64Text('Test')).toBeUndefined();
    expect(decodeBase64Text(Buffer.from([0, 1, 2, 255, 254]).toString('base64'))).toBeUndefined();
    expect(decodeBase64Text('')).toBeUndefined();
  });
});

describe('salesforce build', () => {
  it('normalizes every fixture record', () => {
    for (const record of records) {
      const normalized = normalize(record);
      expect(normalized.recordKey, `${record.stream} ${record.data.Id}`).toBe(
        `${record.stream}:${record.data.Id}`,
      );
    }
  });
});
