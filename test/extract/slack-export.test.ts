import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { openTestApp, storeTargets } from '../helpers/stores.js';
import { buildZip, type ZipInput } from './zip-writer.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/slack-export', import.meta.url));

function fixtureFiles(dir = FIXTURE): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? fixtureFiles(full) : [full];
  });
}

/** Zips the fixture under a top folder, users.json stored and the rest deflated. */
function fixtureZip(): string {
  const inputs: ZipInput[] = fixtureFiles().map((file) => {
    const name = relative(FIXTURE, file).split(sep).join('/');
    return {
      name: `payready-export/${name}`,
      data: readFileSync(file),
      method: name === 'users.json' ? 'stored' : 'deflated',
    };
  });
  const path = join(mkdtempSync(join(tmpdir(), 'sophia-slack-zip-')), 'export.zip');
  writeFileSync(path, buildZip(inputs));

  return path;
}

function fixtureCopy(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sophia-slack-export-'));
  cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

interface Thread {
  source_id: string;
  stream: string;
  title: string;
  message_count: number;
  texts: string;
}

async function threads(db: Database, app: App): Promise<Thread[]> {
  const s = app.schema;
  return db.query<Thread>(
    `SELECT i.source_id, i.stream, i.title, (i.metadata->>'messageCount')::int AS message_count,
            string_agg(p.text, ' ' ORDER BY p.ordinal) AS texts
     FROM ${s}.interactions i LEFT JOIN ${s}.passages p ON p.interaction_id = i.id
     WHERE i.source_system = 'slack' GROUP BY i.id ORDER BY i.source_id`,
  );
}

async function snapshot(db: Database, app: App): Promise<unknown> {
  const s = app.schema;
  return {
    records: await db.query(
      `SELECT keyspace, record_key, content_hash FROM ${s}.source_records ORDER BY 1, 2`,
    ),
    interactions: await db.query(
      `SELECT interaction_key, content_hash FROM ${s}.interactions ORDER BY 1`,
    ),
    passages: await db.query(`SELECT count(*)::int AS n FROM ${s}.passages`),
  };
}

describe.each(storeTargets())('Slack export import on $name', (target) => {
  let db: Database;

  beforeAll(async () => {
    db = await target.open();
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it('maps an export folder to Slack records', async () => {
    const app = await openTestApp(db);
    const report = await app.importSlackExport({ path: FIXTURE });
    const s = app.schema;

    expect(report.conversations).toBe(3);
    expect(report.files).toEqual({ read: 7, unchanged: 0, skipped: 0 });
    expect(report.records).toEqual({ users: 4, channels: 3, channel_messages: 6, threads: 2 });
    expect(report.totals.deadLetters).toBe(0);

    const reply = await db.query<{ stream: string; data: Record<string, unknown> }>(
      `SELECT stream, data FROM ${s}.source_records WHERE record_key = 'C0KESTREL1:1794300000.000500'`,
    );
    expect(reply[0]?.stream).toBe('threads');
    expect(reply[0]?.data.channel_id).toBe('C0KESTREL1');
    expect(reply[0]?.data.float_ts).toBe(1794300000.0005);

    const channel = await db.query<{ data: Record<string, unknown> }>(
      `SELECT data FROM ${s}.source_records WHERE stream = 'channels' AND record_key = 'C0KESTREL1'`,
    );
    expect(channel[0]?.data.created).toBe(1789900000);
    expect(channel[0]?.data.is_channel).toBe(true);
    const group = await db.query<{ data: Record<string, unknown> }>(
      `SELECT data FROM ${s}.source_records WHERE stream = 'channels' AND record_key = 'G0LEADER01'`,
    );
    expect(group[0]?.data.is_private).toBe(true);
  });

  it('builds one interaction per thread with replies from later days', async () => {
    const app = await openTestApp(db);
    await app.importSlackExport({ path: FIXTURE });
    const rows = await threads(db, app);

    expect(rows.map((row) => row.source_id)).toEqual([
      'C0GENERAL1:1794210000.000700',
      'C0KESTREL1:1794222000.000200',
      'C0KESTREL1:1794225000.000400',
      'C0KESTREL1:1794301000.000600',
      'G0LEADER01:1794310000.000800',
    ]);
    const pricing = rows.find((row) => row.source_id === 'C0KESTREL1:1794222000.000200');
    expect(pricing?.message_count).toBe(3);
    expect(pricing?.title).toBe('#deals-kestrel');
    expect(pricing?.texts).toContain('@Marco Ruiz');
    expect(pricing?.texts).toContain('finance team');
    const proposal = rows.find((row) => row.source_id === 'C0KESTREL1:1794225000.000400');
    expect(proposal?.texts).toContain('https://docs.payready.example/proposals/kestrel-2027');
    expect(rows.find((row) => row.source_id.startsWith('G0LEADER01'))?.title).toBe('#leadership');
  });

  it('imports a zip the same as its folder', async () => {
    const fromFolder = await openTestApp(db);
    await fromFolder.importSlackExport({ path: FIXTURE });
    const fromZip = await openTestApp(db);
    const report = await fromZip.importSlackExport({ path: fixtureZip() });

    expect(report.files.read).toBe(7);
    expect(report.totals.deadLetters).toBe(0);
    expect(await threads(db, fromZip)).toEqual(await threads(db, fromFolder));
  });

  it('adds nothing when the same export is imported twice', async () => {
    const app = await openTestApp(db);
    const zip = fixtureZip();
    await app.importSlackExport({ path: zip });
    const before = await snapshot(db, app);

    const again = await app.importSlackExport({ path: zip });
    const folder = await app.importSlackExport({ path: FIXTURE });
    const full = await app.importSlackExport({ path: FIXTURE, full: true });

    expect(again.files).toEqual({ read: 0, unchanged: 7, skipped: 0 });
    expect(again.totals.records).toBe(0);
    expect(folder.totals.records).toBe(0);
    expect(full.totals.records).toBe(15);
    expect(full.totals.changed).toBe(0);
    expect(await snapshot(db, app)).toEqual(before);
  });

  it('rereads only the day files that changed', async () => {
    const app = await openTestApp(db);
    const dir = fixtureCopy();
    await app.importSlackExport({ path: dir });
    const file = join(dir, 'general', '2026-11-09.json');
    const messages = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>[];
    messages.push({
      type: 'message',
      user: 'U0DANA0001',
      text: 'Planning agenda: Kestrel renewal first.',
      ts: '1794211000.000900',
    });
    writeFileSync(file, JSON.stringify(messages));

    const report = await app.importSlackExport({ path: dir });

    expect(report.files.read).toBe(1);
    expect(report.totals.records).toBe(2);
    expect(report.totals.changed).toBe(1);
    expect((await threads(db, app)).map((row) => row.source_id)).toContain(
      'C0GENERAL1:1794211000.000900',
    );
  });

  it('dead-letters bad files and messages and imports the rest', async () => {
    const app = await openTestApp(db);
    const dir = fixtureCopy();
    writeFileSync(join(dir, 'general', '2026-11-11.json'), '[{"type": "message", "ts": ');
    writeFileSync(
      join(dir, 'leadership', '2026-11-11.json'),
      JSON.stringify([
        'not a message',
        { type: 'message', user: 'U0DANA0001', text: 'No timestamp here' },
        {
          type: 'message',
          user: 'U0DANA0001',
          text: 'Forecast call moved',
          ts: '1794400000.000100',
        },
      ]),
    );
    mkdirSync(join(dir, 'random-unknown'));
    writeFileSync(join(dir, 'random-unknown', '2026-11-11.json'), '[]');

    const report = await app.importSlackExport({ path: dir });
    const letters = await db.query<{ error: string; origin: { file: string } }>(
      `SELECT error, origin FROM ${app.schema}.dead_letters ORDER BY error`,
    );

    expect(report.totals.deadLetters).toBe(3);
    expect(report.files.skipped).toBe(1);
    expect(letters.map((letter) => letter.origin.file).sort()).toEqual([
      'general/2026-11-11.json',
      'leadership/2026-11-11.json',
      'leadership/2026-11-11.json',
    ]);
    expect(letters.some((letter) => /not valid JSON/.test(letter.error))).toBe(true);
    expect(letters.some((letter) => /no "ts"/.test(letter.error))).toBe(true);
    expect(letters.some((letter) => /expected an object/.test(letter.error))).toBe(true);
    expect((await threads(db, app)).map((row) => row.source_id)).toContain(
      'G0LEADER01:1794400000.000100',
    );
  });

  it('rejects a folder that is not an export', async () => {
    const app = await openTestApp(db);
    const dir = mkdtempSync(join(tmpdir(), 'sophia-not-export-'));
    writeFileSync(join(dir, 'notes.json'), '[]');

    await expect(app.importSlackExport({ path: dir })).rejects.toThrow(/is not a Slack export/);
  });
});
