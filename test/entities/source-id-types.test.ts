import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { parseSourceRef } from '../../src/commands/entities.js';
import type { Database } from '../../src/db/database.js';
import { migrate } from '../../src/db/migrate.js';
import type { EntityType } from '../../src/model.js';
import { packageRoot } from '../../src/paths.js';
import {
  openTestApp,
  recordMessage,
  storeTargets,
  uniqueSchema,
  writeAirbyteDir,
} from '../helpers/stores.js';

/**
 * An invented HubSpot portal whose id sequences both start low: the company Halvard Freight and
 * the contact Nora Vale both have id 101. Nora works at Brightwater Analytics (company 102), and
 * Salesforce has a contact record of her too, so her person has a second source record to split
 * off.
 */
const SHARED_ID = '101';
const CONTACT_NOTE = '5200001';
const COMPANY_NOTE = '5200002';
const NOW = new Date('2026-12-01T12:00:00Z');
const MIGRATION = '007_type_scoped_source_ids.sql';

function hubspotCompanyLines(): Record<string, unknown>[] {
  const company = (id: string, name: string, domain: string) =>
    recordMessage('companies', {
      id,
      properties: { name, domain },
      createdAt: '2026-01-05T10:00:00Z',
      updatedAt: '2026-02-01T10:00:00Z',
      archived: false,
    });

  return [
    company(SHARED_ID, 'Halvard Freight', 'halvard.example'),
    company('102', 'Brightwater Analytics', 'brightwater.example'),
    note(COMPANY_NOTE, 'Halvard Freight asked for a quote on cold-chain routes.', {
      contacts: [],
      companies: [SHARED_ID],
    }),
  ];
}

function hubspotContactLines(): Record<string, unknown>[] {
  return [
    recordMessage('owners', {
      id: '88001',
      email: 'ines.carver@tallyforge.example',
      firstName: 'Ines',
      lastName: 'Carver',
      userId: 77001,
      archived: false,
    }),
    recordMessage('contacts', {
      id: SHARED_ID,
      properties: {
        firstname: 'Nora',
        lastname: 'Vale',
        email: 'nora.vale@brightwater.example',
        associatedcompanyid: '102',
      },
      createdAt: '2026-01-10T10:00:00Z',
      updatedAt: '2026-03-01T10:00:00Z',
      archived: false,
      companies: ['102'],
    }),
    note(CONTACT_NOTE, 'Nora wants the dashboard export before the quarterly review.', {
      contacts: [SHARED_ID],
      companies: [],
    }),
  ];
}

function note(
  id: string,
  body: string,
  associations: { contacts: string[]; companies: string[] },
): Record<string, unknown> {
  return recordMessage('engagements_notes', {
    id,
    properties: {
      hs_note_body: `<p>${body}</p>`,
      hs_timestamp: '2026-11-02T09:30:00.000Z',
      hubspot_owner_id: '88001',
    },
    createdAt: '2026-11-02T09:30:00.000Z',
    updatedAt: '2026-11-02T09:30:00.000Z',
    archived: false,
    ...associations,
  });
}

function salesforceLines(): Record<string, unknown>[] {
  const attributes = (type: string, id: string) => ({
    type,
    url: `/services/data/v57.0/sobjects/${type}/${id}`,
  });

  return [
    recordMessage('Contact', {
      attributes: attributes('Contact', '0035f00000NVAL1AAA'),
      Id: '0035f00000NVAL1AAA',
      FirstName: 'Nora',
      LastName: 'Vale',
      Email: 'nora.vale@brightwater.example',
      AccountId: null,
      SystemModstamp: '2026-04-01T08:00:00.000+0000',
    }),
  ];
}

/** Writes every record into one HubSpot file, so the company and the contact share a batch. */
function oneBatchDir(): string {
  return writeAirbyteDir({
    'hubspot/hubspot.jsonl': [...hubspotCompanyLines(), ...hubspotContactLines()],
    'salesforce/salesforce.jsonl': salesforceLines(),
  });
}

async function mappedEntity(app: App, type: EntityType, id: string): Promise<string | undefined> {
  const rows = await app.db.query<{ unified_id: string }>(
    `SELECT m.unified_id FROM ${app.schema}.entity_mappings m
     JOIN ${app.schema}.entities e ON e.id = m.unified_id AND e.entity_type = m.entity_type
     WHERE m.entity_type = $1 AND m.source_system = 'hubspot' AND m.source_id = $2`,
    [type, id],
  );
  return rows[0]?.unified_id;
}

async function storedObservation(
  app: App,
  type: EntityType,
  id: string,
): Promise<{ objectType?: string; name?: string } | undefined> {
  const rows = await app.db.query<{ observation: { objectType?: string; name?: string } }>(
    `SELECT observation FROM ${app.schema}.entity_observations
     WHERE entity_type = $1 AND source_system = 'hubspot' AND source_id = $2`,
    [type, id],
  );
  return rows[0]?.observation;
}

/** Unified entity ids linked to the HubSpot note with this id. */
async function noteEntities(app: App, noteId: string): Promise<string[]> {
  const rows = await app.db.query<{ entity_id: string }>(
    `SELECT DISTINCT ie.entity_id FROM ${app.schema}.interaction_entities ie
     JOIN ${app.schema}.interactions i ON i.id = ie.interaction_id
     WHERE i.source_system = 'hubspot' AND i.source_id = $1`,
    [noteId],
  );
  return rows.map((row) => row.entity_id);
}

/** Mappings, observations and interaction links, for before/after comparisons. */
async function snapshot(app: App): Promise<unknown> {
  const s = app.schema;
  return {
    mappings: await app.db.query(
      `SELECT entity_type, source_system, source_id, unified_id, confidence_score, metadata
       FROM ${s}.entity_mappings ORDER BY 1, 2, 3`,
    ),
    observations: await app.db.query(
      `SELECT entity_type, source_system, source_id, content_hash, updated_at
       FROM ${s}.entity_observations ORDER BY 1, 2, 3`,
    ),
    links: await app.db.query(
      `SELECT interaction_id, entity_id, role FROM ${s}.interaction_entities ORDER BY 1, 2, 3`,
    ),
  };
}

/** Checks that the HubSpot company and contact with the shared id each keep their own state. */
async function expectBothKept(app: App): Promise<void> {
  const company = await mappedEntity(app, 'company', SHARED_ID);
  const person = await mappedEntity(app, 'person', SHARED_ID);

  expect(company).toBeDefined();
  expect(person).toBeDefined();
  expect(company).not.toBe(person);
  expect((await storedObservation(app, 'company', SHARED_ID))?.name).toBe('Halvard Freight');
  expect((await storedObservation(app, 'person', SHARED_ID))?.objectType).toBe('contact');
}

describe.each(storeTargets())('one source id on a person and a company on $name', (target) => {
  let db: Database;
  let app: App;

  beforeAll(async () => {
    db = await target.open();
    app = await openTestApp(db, { now: NOW, disableVector: true });
    await app.sync({ dir: oneBatchDir() });
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it('keeps both mappings and observations from one batch', async () => {
    await expectBothKept(app);
  });

  it('records the object type of each mapping', async () => {
    const rows = await db.query<{ entity_type: string; object_type: string }>(
      `SELECT entity_type, metadata->>'objectType' AS object_type FROM ${app.schema}.entity_mappings
       WHERE source_system = 'hubspot' AND source_id = $1 ORDER BY entity_type`,
      [SHARED_ID],
    );

    expect(rows).toEqual([
      { entity_type: 'company', object_type: 'company' },
      { entity_type: 'person', object_type: 'contact' },
    ]);
  });

  it('links each note to its own entity', async () => {
    const company = await mappedEntity(app, 'company', SHARED_ID);
    const person = await mappedEntity(app, 'person', SHARED_ID);
    const contactNote = await noteEntities(app, CONTACT_NOTE);
    const companyNote = await noteEntities(app, COMPANY_NOTE);

    expect(contactNote).toContain(person);
    expect(contactNote).not.toContain(company);
    expect(companyNote).toContain(company);
    expect(companyNote).not.toContain(person);
  });

  it('changes nothing on a full re-sync', async () => {
    const before = await snapshot(app);

    const report = await app.sync({ dir: oneBatchDir(), full: true });

    expect(report.totals.changed).toBe(0);
    expect(await snapshot(app)).toEqual(before);
    await expectBothKept(app);
  });

  it('keeps both when stored records are resolved again', async () => {
    const company = await mappedEntity(app, 'company', SHARED_ID);
    const person = await mappedEntity(app, 'person', SHARED_ID);

    await app.api.resolveEntities?.({ actor: 'test' });

    expect(await mappedEntity(app, 'company', SHARED_ID)).toBe(company);
    expect(await mappedEntity(app, 'person', SHARED_ID)).toBe(person);
    await expectBothKept(app);
  });

  it('looks up both entities by source id', async () => {
    const result = await app.api.lookupEntity({ sourceSystem: 'hubspot', sourceId: SHARED_ID });
    const byType = new Map(result.candidates.map((candidate) => [candidate.type, candidate]));

    expect(result.candidates).toHaveLength(2);
    expect(byType.get('company')?.id).toBe(await mappedEntity(app, 'company', SHARED_ID));
    expect(byType.get('company')?.name).toBe('Halvard Freight');
    expect(byType.get('person')?.id).toBe(await mappedEntity(app, 'person', SHARED_ID));
    expect(byType.get('person')?.name).toBe('Nora Vale');
  });

  it('narrows a source id lookup by type', async () => {
    const result = await app.api.lookupEntity({
      sourceSystem: 'hubspot',
      sourceId: SHARED_ID,
      type: 'company',
    });

    expect(result.candidates.map((candidate) => candidate.name)).toEqual(['Halvard Freight']);
  });

  it('splits only the person by source', async () => {
    const company = await mappedEntity(app, 'company', SHARED_ID);
    const person = await mappedEntity(app, 'person', SHARED_ID);
    if (person === undefined) throw new Error('Nora Vale has no person mapping');
    const personLinks = await db.query<{ source_system: string }>(
      `SELECT source_system FROM ${app.schema}.entity_mappings WHERE unified_id = $1`,
      [person],
    );
    expect(personLinks.map((row) => row.source_system).sort()).toEqual(['hubspot', 'salesforce']);

    const change = await app.api.splitEntity?.({
      entityId: person,
      ...parseSourceRef(`hubspot:${SHARED_ID}`),
      actor: 'test',
    });

    const created = change?.other.id;
    expect(created).toBeDefined();
    expect(change?.other.type).toBe('person');
    expect(await mappedEntity(app, 'person', SHARED_ID)).toBe(created);
    expect(await mappedEntity(app, 'company', SHARED_ID)).toBe(company);
    const kept = await db.query<{ source_system: string }>(
      `SELECT source_system FROM ${app.schema}.entity_mappings WHERE unified_id = $1`,
      [person],
    );
    expect(kept.map((row) => row.source_system)).toEqual(['salesforce']);
    const companyRow = await db.query<{ metadata: { pinned?: boolean } }>(
      `SELECT metadata FROM ${app.schema}.entity_mappings
       WHERE entity_type = 'company' AND source_system = 'hubspot' AND source_id = $1`,
      [SHARED_ID],
    );
    expect(companyRow[0]?.metadata.pinned).toBeUndefined();
    expect(change?.other.name).toBe('Nora Vale');
  });
});

describe.each(storeTargets())('one source id synced in two runs on $name', (target) => {
  let db: Database;
  let app: App;
  let companyDir: string;
  let contactDir: string;

  beforeAll(async () => {
    db = await target.open();
    app = await openTestApp(db, { now: NOW, disableVector: true });
    companyDir = writeAirbyteDir({ 'hubspot/hubspot.jsonl': hubspotCompanyLines() });
    contactDir = writeAirbyteDir({ 'hubspot/hubspot.jsonl': hubspotContactLines() });
    await app.sync({ dir: companyDir });
    await app.sync({ dir: contactDir });
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it('keeps the company after the contact syncs', async () => {
    await expectBothKept(app);
  });

  it('links each note to its own entity', async () => {
    const company = await mappedEntity(app, 'company', SHARED_ID);
    const person = await mappedEntity(app, 'person', SHARED_ID);

    expect(await noteEntities(app, CONTACT_NOTE)).toContain(person);
    expect(await noteEntities(app, CONTACT_NOTE)).not.toContain(company);
    expect(await noteEntities(app, COMPANY_NOTE)).toContain(company);
    expect(await noteEntities(app, COMPANY_NOTE)).not.toContain(person);
  });

  it('does not flip on repeated syncs', async () => {
    const before = await snapshot(app);

    await app.sync({ dir: companyDir, full: true });
    await app.sync({ dir: contactDir, full: true });

    expect(await snapshot(app)).toEqual(before);
    await expectBothKept(app);
  });
});

describe.each(storeTargets())('type-scoped source id migration on $name', (target) => {
  let db: Database;

  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db?.close();
  });

  /** Applies the migrations before 007 by hand, as a store created before it has them. */
  async function migrateBefore007(schema: string): Promise<void> {
    const dir = join(packageRoot(), 'schema', 'migrations');
    const files = readdirSync(dir)
      .filter((name) => name.endsWith('.sql') && name < MIGRATION)
      .sort();
    const withVector = await db.hasVector();
    await db.exec(`CREATE SCHEMA ${schema};
      CREATE TABLE ${schema}.schema_migrations (
        version text PRIMARY KEY,
        applied_at timestamptz NOT NULL DEFAULT now()
      );`);
    for (const file of files) {
      if (file === '002_vectors.sql' && !withVector) continue;
      const sql = readFileSync(join(dir, file), 'utf8').replace(/__SCHEMA__/g, schema);
      await db.exec(sql);
      await db.query(`INSERT INTO ${schema}.schema_migrations (version) VALUES ($1)`, [file]);
    }
  }

  async function constraintNames(schema: string, table: string): Promise<string[]> {
    const rows = await db.query<{ conname: string }>(
      `SELECT c.conname FROM pg_constraint c
       JOIN pg_class t ON t.oid = c.conrelid JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE n.nspname = $1 AND t.relname = $2 ORDER BY 1`,
      [schema, table],
    );
    return rows.map((row) => row.conname);
  }

  async function indexDefinition(schema: string, index: string): Promise<string | undefined> {
    const rows = await db.query<{ indexdef: string }>(
      `SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = $2`,
      [schema, index],
    );
    return rows[0]?.indexdef;
  }

  it('rekeys a store created before it', async () => {
    const schema = uniqueSchema();
    await migrateBefore007(schema);
    expect(await constraintNames(schema, 'entity_mappings')).toContain(
      'entity_mappings_source_system_source_id_key',
    );
    await db.query(
      `INSERT INTO ${schema}.entity_mappings (entity_type, unified_id, source_system, source_id)
       VALUES ('company', gen_random_uuid(), 'hubspot', '101')`,
    );
    await db.query(
      `INSERT INTO ${schema}.entity_observations
         (source_system, source_id, entity_type, observation, content_hash)
       VALUES ('hubspot', '101', 'company', '{}', 'h1')`,
    );

    const applied = await migrate(db, schema);

    expect(applied).toContain(MIGRATION);
    expect(await constraintNames(schema, 'entity_mappings')).not.toContain(
      'entity_mappings_source_system_source_id_key',
    );
    expect(await indexDefinition(schema, 'entity_mappings_source_type_key')).toMatch(
      /UNIQUE INDEX .*\(source_system, source_id, entity_type\)/,
    );
    expect(await indexDefinition(schema, 'entity_mappings_source_idx')).toBeUndefined();
    expect(await indexDefinition(schema, 'entity_observations_pkey')).toMatch(
      /UNIQUE INDEX .*\(source_system, source_id, entity_type\)/,
    );
  });

  it('keeps old rows and accepts the other type', async () => {
    const schema = uniqueSchema();
    await migrateBefore007(schema);
    await db.query(
      `INSERT INTO ${schema}.entity_mappings (entity_type, unified_id, source_system, source_id)
       VALUES ('company', gen_random_uuid(), 'hubspot', '101')`,
    );
    await migrate(db, schema);

    await db.query(
      `INSERT INTO ${schema}.entity_mappings (entity_type, unified_id, source_system, source_id)
       VALUES ('person', gen_random_uuid(), 'hubspot', '101')`,
    );
    const duplicate = db.query(
      `INSERT INTO ${schema}.entity_mappings (entity_type, unified_id, source_system, source_id)
       VALUES ('company', gen_random_uuid(), 'hubspot', '101')`,
    );

    await expect(duplicate).rejects.toThrow(/duplicate key|unique/i);
    const rows = await db.query<{ entity_type: string }>(
      `SELECT entity_type FROM ${schema}.entity_mappings ORDER BY 1`,
    );
    expect(rows.map((row) => row.entity_type)).toEqual(['company', 'person']);
  });
});
