import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import type {
  PostgresSyncOptions,
  PostgresSyncReport,
} from '../../src/extract/postgres-destination.js';
import { openTestApp, storeTargets } from '../helpers/stores.js';
import { TestDestination } from './destination.js';

const DESTINATION_URL = process.env.DATABASE_URL;
const REQUIRED = process.env.SOPHIA_REQUIRE_SERVICES === '1';

const DANA = '0058d00000DANA1AAA';
const KESTREL = '0018d00000KSTR1AAA';
const ROBERT = '0038d00000ROBT1AAA';
const TASK = '00T8d00000TASK1AAA';

const taskRow = (description: string) => ({
  Id: TASK,
  Subject: 'Call: pricing review',
  Description: description,
  WhoId: ROBERT,
  WhatId: KESTREL,
  AccountId: KESTREL,
  OwnerId: DANA,
  TaskSubtype: 'Call',
  ActivityDate: '2026-11-10',
  Status: 'Completed',
  CreatedDate: '2026-11-10T15:00:00.000Z',
  SystemModstamp: '2026-11-10T15:30:00.000Z',
});

const slackParent = {
  type: 'message',
  user: 'U0DANA0001',
  text: 'Kestrel asked for the volume tiers before Thursday.',
  ts: '1794222000.000200',
  thread_ts: '1794222000.000200',
  reply_count: 1,
  channel_id: 'C0KESTREL1',
  float_ts: 1794222000.0002,
};
const slackStandalone = {
  type: 'message',
  user: 'U0DANA0001',
  text: 'Contract draft goes out tomorrow.',
  ts: '1794225000.000400',
  channel_id: 'C0KESTREL1',
  float_ts: 1794225000.0004,
};
const slackReply = {
  type: 'message',
  user: 'U0DANA0001',
  text: 'Tiers sent: 0.8 percent from 50k shipments.',
  ts: '1794222600.000300',
  thread_ts: '1794222000.000200',
  parent_user_id: 'U0DANA0001',
  channel_id: 'C0KESTREL1',
  float_ts: 1794222600.0003,
};

/** Salesforce and HubSpot in typed tables, Slack in raw tables; no Gong tables at all. */
async function seed(destination: TestDestination): Promise<void> {
  await destination.createTyped('salesforce', 'User', {
    Id: 'varchar',
    Name: 'varchar',
    FirstName: 'varchar',
    LastName: 'varchar',
    Email: 'varchar',
    IsActive: 'boolean',
    SystemModstamp: 'timestamp with time zone',
  });
  await destination.insertTyped('salesforce', 'User', [
    {
      Id: DANA,
      Name: 'Dana Whitfield',
      FirstName: 'Dana',
      LastName: 'Whitfield',
      Email: 'dana.whitfield@payready.example',
      IsActive: true,
      SystemModstamp: '2026-10-01T09:00:00.000Z',
    },
  ]);
  await destination.createTyped('salesforce', 'Account', {
    Id: 'varchar',
    Name: 'varchar',
    Website: 'varchar',
    Phone: 'varchar',
    BillingAddress: 'jsonb',
    NumberOfEmployees: 'bigint',
    AnnualRevenue: 'decimal',
    OwnerId: 'varchar',
    SystemModstamp: 'timestamp with time zone',
  });
  await destination.insertTyped('salesforce', 'Account', [
    {
      Id: KESTREL,
      Name: 'Kestrel Freight',
      Website: 'https://kestrelfreight.example',
      Phone: null,
      BillingAddress: { city: 'Tacoma', country: 'United States', street: '400 Dock Street' },
      NumberOfEmployees: 1200,
      AnnualRevenue: '48000000.50',
      OwnerId: DANA,
      SystemModstamp: '2026-10-02T09:00:00.000Z',
    },
  ]);
  await destination.createTyped('salesforce', 'Contact', {
    Id: 'varchar',
    AccountId: 'varchar',
    FirstName: 'varchar',
    LastName: 'varchar',
    Name: 'varchar',
    Email: 'varchar',
    SystemModstamp: 'timestamp with time zone',
  });
  await destination.insertTyped('salesforce', 'Contact', [
    {
      Id: ROBERT,
      AccountId: KESTREL,
      FirstName: 'Robert',
      LastName: 'Tanaka',
      Name: 'Robert Tanaka',
      Email: 'robert.tanaka@kestrelfreight.example',
      SystemModstamp: '2026-10-03T09:00:00.000Z',
    },
  ]);
  await destination.createTyped('salesforce', 'Task', {
    Id: 'varchar',
    Subject: 'varchar',
    Description: 'varchar',
    WhoId: 'varchar',
    WhatId: 'varchar',
    AccountId: 'varchar',
    OwnerId: 'varchar',
    TaskSubtype: 'varchar',
    ActivityDate: 'date',
    Status: 'varchar',
    CreatedDate: 'timestamp with time zone',
    SystemModstamp: 'timestamp with time zone',
  });
  await destination.insertTyped('salesforce', 'Task', [
    taskRow('Robert asked for volume tiers and a net 45 invoice term.'),
  ]);

  await destination.createTyped('hubspot', 'companies', {
    id: 'varchar',
    properties: 'jsonb',
    properties_name: 'varchar',
    properties_domain: 'varchar',
    createdAt: 'timestamp with time zone',
    updatedAt: 'timestamp with time zone',
    archived: 'boolean',
  });
  await destination.insertTyped('hubspot', 'companies', [
    {
      id: '9100001',
      properties: { name: 'Bluefin Analytics', domain: 'bluefin.example' },
      properties_name: 'Bluefin Analytics',
      properties_domain: 'bluefin.example',
      createdAt: '2026-09-01T10:00:00.000Z',
      updatedAt: '2026-10-01T10:00:00.000Z',
      archived: false,
    },
  ]);
  // Flattened columns only, as pipelines that drop the nested `properties` object store notes.
  await destination.createTyped('hubspot', 'engagements_notes', {
    id: 'varchar',
    properties_hs_note_body: 'varchar',
    properties_hs_timestamp: 'timestamp with time zone',
    properties_hs_lastmodifieddate: 'timestamp with time zone',
    createdAt: 'timestamp with time zone',
    updatedAt: 'timestamp with time zone',
    archived: 'boolean',
    companies: 'jsonb',
  });
  await destination.insertTyped('hubspot', 'engagements_notes', [
    {
      id: '40000000001',
      properties_hs_note_body: '<p>Bluefin security review passed; SOC 2 report shared.</p>',
      properties_hs_timestamp: '2026-10-05T16:30:00.000Z',
      properties_hs_lastmodifieddate: '2026-10-05T16:31:00.000Z',
      createdAt: '2026-10-05T16:30:00.000Z',
      updatedAt: '2026-10-05T16:31:00.000Z',
      archived: false,
      companies: ['9100001'],
    },
  ]);

  for (const stream of ['users', 'channels', 'channel_messages', 'threads']) {
    await destination.createRaw('slack', stream);
  }
  await destination.insertRaw('slack', 'users', [
    {
      id: 'U0DANA0001',
      name: 'dana.whitfield',
      real_name: 'Dana Whitfield',
      profile: { real_name: 'Dana Whitfield', email: 'dana.whitfield@payready.example' },
      is_bot: false,
    },
  ]);
  await destination.insertRaw('slack', 'channels', [{ id: 'C0KESTREL1', name: 'deals-kestrel' }]);
  await destination.insertRaw('slack', 'channel_messages', [slackParent, slackStandalone]);
  await destination.insertRaw('slack', 'threads', [slackParent, slackReply]);
}

async function count(db: Database, sql: string): Promise<number> {
  const rows = await db.query<{ n: number }>(sql);
  return Number(rows[0]?.n ?? 0);
}

function streamReport(report: PostgresSyncReport, source: string, stream: string) {
  return report.sources
    .find((entry) => entry.source === source)
    ?.streams.find((entry) => entry.stream === stream);
}

describe.skipIf(!DESTINATION_URL && !REQUIRED)('Airbyte PostgreSQL destination', () => {
  describe.each(storeTargets())('into $name', (target) => {
    let db: Database;
    let destination: TestDestination;
    let app: App;

    const sync = (options: Partial<PostgresSyncOptions> = {}) =>
      app.syncFromPostgres({
        url: destination.url,
        namespaces: {
          salesforce: destination.namespace('salesforce'),
          hubspot: destination.namespace('hubspot'),
          slack: destination.namespace('slack'),
          gong: destination.namespace('gong'),
        },
        rawSchema: destination.rawSchema,
        ...options,
      });

    beforeAll(async () => {
      if (!DESTINATION_URL) {
        throw new Error(
          'DATABASE_URL is not set, but SOPHIA_REQUIRE_SERVICES=1 requires this suite',
        );
      }
      db = await target.open();
    }, 60_000);
    afterAll(async () => {
      await db?.close();
    });
    afterEach(async () => {
      await destination?.close();
    });

    async function setUp(): Promise<void> {
      destination = await TestDestination.open(DESTINATION_URL as string);
      await seed(destination);
      app = await openTestApp(db);
    }

    it('reads typed and raw tables into interactions', async () => {
      await setUp();
      const report = await sync();
      const s = app.schema;

      expect(report.totals.deadLetters).toBe(0);
      expect(report.totals.records).toBe(12);
      expect(streamReport(report, 'salesforce', 'Account')?.layout).toBe('typed');
      expect(streamReport(report, 'salesforce', 'Account')?.table).toBe(
        `"${destination.namespace('salesforce')}"."Account"`,
      );
      expect(streamReport(report, 'slack', 'threads')?.layout).toBe('raw');
      expect(streamReport(report, 'gong', 'calls')?.table).toBeNull();
      expect(streamReport(report, 'salesforce', 'Note')?.table).toBeNull();

      const bySource = await db.query<{ source_system: string; n: number }>(
        `SELECT source_system, count(*)::int AS n FROM ${s}.interactions GROUP BY 1 ORDER BY 1`,
      );
      expect(bySource).toEqual([
        { source_system: 'hubspot', n: 1 },
        { source_system: 'salesforce', n: 1 },
        { source_system: 'slack', n: 2 },
      ]);

      const note = await db.query<{ text: string }>(
        `SELECT p.text FROM ${s}.passages p JOIN ${s}.interactions i ON i.id = p.interaction_id
         WHERE i.source_system = 'hubspot'`,
      );
      expect(note.map((row) => row.text).join(' ')).toContain('SOC 2 report shared');
      const thread = await db.query<{ n: number }>(
        `SELECT (metadata->>'messageCount')::int AS n FROM ${s}.interactions
         WHERE source_id = 'C0KESTREL1:1794222000.000200'`,
      );
      expect(thread[0]?.n).toBe(2);
    });

    it('rebuilds records from typed columns', async () => {
      await setUp();
      await sync();
      const records = await db.query<{ stream: string; data: Record<string, unknown> }>(
        `SELECT stream, data FROM ${app.schema}.source_records
         WHERE source_system = 'salesforce' AND stream IN ('Account', 'Task')`,
      );
      const account = records.find((row) => row.stream === 'Account')?.data ?? {};
      const task = records.find((row) => row.stream === 'Task')?.data ?? {};

      expect(Object.keys(account).filter((key) => key.startsWith('_airbyte_'))).toEqual([]);
      expect('Phone' in account).toBe(false);
      expect(account.NumberOfEmployees).toBe(1200);
      expect(account.AnnualRevenue).toBe(48000000.5);
      expect(account.BillingAddress).toEqual({
        city: 'Tacoma',
        country: 'United States',
        street: '400 Dock Street',
      });
      expect(task.ActivityDate).toBe('2026-11-10');
      expect(task.CreatedDate).toBe('2026-11-10T15:00:00.000Z');
    });

    it('reads only rows after the checkpoint', async () => {
      await setUp();
      // Every seeded row shares one _airbyte_extracted_at, so batches of 2 split on raw ids.
      const first = await sync({ batchSize: 2 });
      await destination.insertTyped(
        'salesforce',
        'Task',
        [{ ...taskRow('Follow-up: contract sent.'), Id: '00T8d00000TASK2AAA' }],
        { extractedAt: '2026-11-13T08:00:00.000002Z' },
      );
      await destination.insertRaw(
        'slack',
        'threads',
        [{ ...slackReply, ts: '1794230000.000900', text: 'Robert confirmed the tiers.' }],
        { extractedAt: '2026-11-13T08:00:00.000002Z' },
      );

      const second = await sync({ batchSize: 2 });
      const third = await sync();

      expect(first.totals.records).toBe(12);
      expect(first.totals.changed).toBe(11);
      expect(second.totals.records).toBe(2);
      expect(second.totals.changed).toBe(2);
      expect(streamReport(second, 'salesforce', 'Task')?.records).toBe(1);
      expect(third.totals.records).toBe(0);
      expect(
        await count(
          db,
          `SELECT count(*) AS n FROM ${app.schema}.interactions WHERE source_system = 'salesforce'`,
        ),
      ).toBe(2);
    });

    it('reads a refreshed generation without duplicates', async () => {
      await setUp();
      await sync();
      const s = app.schema;
      const before = {
        records: await count(db, `SELECT count(*) AS n FROM ${s}.source_records`),
        interactions: await count(db, `SELECT count(*) AS n FROM ${s}.interactions`),
      };
      // A refresh rewrites every row with new raw ids and generation 2. The rows are dated
      // before the checkpoint, so only the generation shows that they must be read.
      const namespace = destination.namespace('salesforce');
      await destination.query(`DELETE FROM "${namespace}"."Task"`);
      await destination.insertTyped(
        'salesforce',
        'Task',
        [taskRow('Robert accepted the 0.8 percent tier and net 45 terms.')],
        { generation: 2, extractedAt: '2026-11-11T08:00:00Z' },
      );
      await destination.query(
        `DELETE FROM "${destination.rawSchema}"."${destination.rawTable('slack', 'channel_messages')}"`,
      );
      await destination.insertRaw('slack', 'channel_messages', [slackParent, slackStandalone], {
        generation: 2,
        extractedAt: '2026-11-11T08:00:00Z',
      });

      const refreshed = await sync();
      const again = await sync();
      const texts = await db.query<{ text: string }>(
        `SELECT p.text FROM ${s}.passages p JOIN ${s}.interactions i ON i.id = p.interaction_id
         WHERE i.source_system = 'salesforce'`,
      );

      expect(streamReport(refreshed, 'salesforce', 'Task')?.generation).toBe(2);
      expect(streamReport(refreshed, 'salesforce', 'Task')?.records).toBe(1);
      expect(streamReport(refreshed, 'salesforce', 'Task')?.changed).toBe(1);
      expect(streamReport(refreshed, 'slack', 'channel_messages')?.records).toBe(2);
      expect(streamReport(refreshed, 'slack', 'channel_messages')?.changed).toBe(0);
      expect(refreshed.totals.records).toBe(3);
      expect(again.totals.records).toBe(0);
      expect(await count(db, `SELECT count(*) AS n FROM ${s}.source_records`)).toBe(before.records);
      expect(await count(db, `SELECT count(*) AS n FROM ${s}.interactions`)).toBe(
        before.interactions,
      );
      expect(texts.map((row) => row.text).join(' ')).toContain('accepted the 0.8 percent tier');
      expect(texts.map((row) => row.text).join(' ')).not.toContain('volume tiers and a net 45');
    });

    it('dead-letters poison rows and commits the rest', async () => {
      await setUp();
      const nulled = [{ field: 'Id', change: 'NULLED', reason: 'DESTINATION_TYPECAST_ERROR' }];
      await destination.insertTyped(
        'salesforce',
        'Contact',
        [
          {
            Id: null,
            FirstName: 'Nobody',
            LastName: 'Known',
            Email: 'nobody@kestrelfreight.example',
          },
        ],
        { changes: nulled },
      );
      await destination.insertTyped(
        'salesforce',
        'Account',
        [{ Id: '0018d00000BLUE1AAA', Name: 'Bluefin Analytics', NumberOfEmployees: null }],
        {
          changes: [
            { field: 'NumberOfEmployees', change: 'NULLED', reason: 'DESTINATION_TYPECAST_ERROR' },
          ],
        },
      );
      await destination.insertRaw('slack', 'channel_messages', [
        { ...slackStandalone, ts: { seconds: 1794226000 } },
        ['not', 'a', 'record'],
      ]);

      const report = await sync();
      const letters = await db.query<{
        stream: string;
        error: string;
        origin: Record<string, unknown>;
      }>(`SELECT stream, error, origin FROM ${app.schema}.dead_letters ORDER BY stream, error`);
      const again = await sync();

      expect(report.totals.deadLetters).toBe(3);
      expect(letters).toHaveLength(3);
      const contact = letters.find((letter) => letter.stream === 'Contact');
      expect(contact?.error).toMatch(/no "Id"/);
      expect(contact?.origin.changes).toEqual(nulled);
      expect(contact?.origin.table).toBe(`"${destination.namespace('salesforce')}"."Contact"`);
      const messages = letters.filter((letter) => letter.stream === 'channel_messages');
      expect(messages.some((letter) => /no "ts"/.test(letter.error))).toBe(true);
      expect(
        messages.some((letter) => /is an array, expected a JSON object/.test(letter.error)),
      ).toBe(true);

      expect(streamReport(report, 'salesforce', 'Account')?.rowsWithChanges).toBe(1);
      expect(
        await count(
          db,
          `SELECT count(*) AS n FROM ${app.schema}.source_records WHERE data->>'Id' = '0018d00000BLUE1AAA'`,
        ),
      ).toBe(1);
      expect(await count(db, `SELECT count(*) AS n FROM ${app.schema}.interactions`)).toBe(4);
      expect(again.totals.records).toBe(0);
    });

    it('skips a source whose schema does not exist', async () => {
      await setUp();
      const report = await sync({ sources: ['gong'] });

      expect(report.sources).toHaveLength(1);
      expect(report.sources[0]?.streams.every((stream) => stream.table === null)).toBe(true);
      expect(report.totals.records).toBe(0);
    });
  });
});
