import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import type { Embedder } from '../../src/embed/embedder.js';
import { LocalHashEmbedder } from '../../src/embed/local.js';
import { openTestApp, recordMessage, storeTargets, writeAirbyteDir } from '../helpers/stores.js';
import { gongLines, hubspotLines, salesforceLines, slackLines } from './world.js';

function worldDir(): string {
  return writeAirbyteDir({
    'gong/gong.jsonl': gongLines(),
    'slack/slack.jsonl': slackLines(),
    'hubspot/hubspot.jsonl': hubspotLines(),
    'salesforce/salesforce.jsonl': salesforceLines(),
  });
}

async function count(db: Database, sql: string): Promise<number> {
  const rows = await db.query<{ n: number }>(sql);
  return Number(rows[0]?.n ?? 0);
}

/** An embedder that fails on its nth call, to interrupt a sync between two batches. */
class FailingEmbedder implements Embedder {
  readonly model: string;
  readonly dimensions: number;
  readonly remote = false;
  readonly minSimilarity: number;
  private calls = 0;
  private readonly inner = new LocalHashEmbedder();

  constructor(private readonly failOnCall: number) {
    this.model = this.inner.model;
    this.dimensions = this.inner.dimensions;
    this.minSimilarity = this.inner.minSimilarity;
  }

  async embed(texts: string[]): Promise<number[][]> {
    this.calls++;
    if (this.calls === this.failOnCall) throw new Error('embedding service unavailable');
    return this.inner.embed(texts);
  }
}

describe.each(storeTargets())('file sync on $name', (target) => {
  let db: Database;

  beforeAll(async () => {
    db = await target.open();
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it('ingests all four sources and links entities by exact keys', async () => {
    const app = await openTestApp(db);
    const report = await app.sync({ dir: worldDir() });
    const s = app.schema;

    expect(report.totals.deadLetters).toBe(0);
    expect(await count(db, `SELECT count(*) AS n FROM ${s}.interactions`)).toBe(5);
    // Robert Tanaka: HubSpot contact, Salesforce Contact and Gong party are one person.
    const robert = await db.query<{ unified_id: string; source_system: string }>(
      `SELECT m.unified_id, m.source_system FROM ${s}.entity_mappings m JOIN ${s}.entities e ON e.id = m.unified_id
       WHERE 'robert.tanaka@kestrelfreight.example' = ANY(e.emails)`,
    );
    expect(new Set(robert.map((row) => row.unified_id)).size).toBe(1);
    expect(new Set(robert.map((row) => row.source_system))).toEqual(
      new Set(['hubspot', 'salesforce', 'gong']),
    );
    // Dana: Gong user, Slack user and HubSpot owner share an e-mail.
    const dana = await db.query<{ is_internal: boolean }>(
      `SELECT is_internal FROM ${s}.entities WHERE 'dana.whitfield@payready.example' = ANY(emails)`,
    );
    expect(dana).toHaveLength(1);
    expect(dana[0]?.is_internal).toBe(true);
  });

  it('adds nothing when the same sync runs twice', async () => {
    const app = await openTestApp(db);
    const dir = worldDir();
    await app.sync({ dir });
    const before = await snapshot(db, app.schema);

    const again = await app.sync({ dir });
    const full = await app.sync({ dir, full: true });

    expect(again.totals.records).toBe(0);
    expect(full.totals.records).toBeGreaterThan(0);
    expect(full.totals.changed).toBe(0);
    expect(await snapshot(db, app.schema)).toEqual(before);
  });

  it('replaces a changed record and its old passages', async () => {
    const app = await openTestApp(db);
    const dir = worldDir();
    await app.sync({ dir });
    const note = hubspotLines()[3] as {
      record: { data: { properties: Record<string, string>; updatedAt: string } };
    };
    note.record.data.properties.hs_note_body =
      '<p>Robert confirmed the renewal budget is approved.</p>';
    note.record.data.updatedAt = '2026-11-13T09:30:00.000Z';
    appendFileSync(join(dir, 'hubspot/hubspot.jsonl'), `${JSON.stringify(note)}\n`);

    const report = await app.sync({ dir });
    const texts = await db.query<{ text: string }>(
      `SELECT p.text FROM ${app.schema}.passages p JOIN ${app.schema}.interactions i ON i.id = p.interaction_id
       WHERE i.source_system = 'hubspot'`,
    );

    expect(report.totals.records).toBe(1);
    expect(report.totals.interactionsWritten).toBe(1);
    expect(texts.map((row) => row.text).join(' ')).toContain('renewal budget is approved');
    expect(texts.map((row) => row.text).join(' ')).not.toContain('peak season');
    expect(
      await count(
        db,
        `SELECT count(*) AS n FROM ${app.schema}.interactions WHERE source_system = 'hubspot'`,
      ),
    ).toBe(1);
  });

  it('dead-letters bad lines with file and line and keeps the rest', async () => {
    const app = await openTestApp(db);
    const dir = writeAirbyteDir({
      'hubspot/a.jsonl': [
        ...hubspotLines(),
        '{"type":"RECORD","record":{"stream":"engagements_notes"',
        recordMessage('engagements_notes', { properties: { hs_note_body: 'no id here' } }),
      ],
    });

    const report = await app.sync({ dir });
    const letters = await db.query<{
      stream: string | null;
      origin: { file: string; line: number };
      error: string;
    }>(`SELECT stream, origin, error FROM ${app.schema}.dead_letters ORDER BY id`);

    expect(report.totals.deadLetters).toBe(2);
    expect(letters).toHaveLength(2);
    expect(letters.map((letter) => letter.origin.line).sort()).toEqual([5, 6]);
    expect(letters.find((letter) => letter.origin.line === 5)?.error).toMatch(/not valid JSON/);
    expect(letters.find((letter) => letter.origin.line === 6)?.error).toMatch(/"id"/);
    expect(await count(db, `SELECT count(*) AS n FROM ${app.schema}.interactions`)).toBe(1);
  });

  it('commits each batch with its checkpoint and resumes after a failure', async () => {
    const dir = worldDir();
    const clean = await openTestApp(db);
    await clean.sync({ dir, batchSize: 1 });

    const app = await openTestApp(db);
    app.pipeline.embedder = new FailingEmbedder(2);
    await expect(app.sync({ dir, batchSize: 1, sources: ['gong'] })).rejects.toThrow(
      /embedding service unavailable/,
    );

    const state = await db.query<{
      stream_name: string;
      checkpoint_data: { files: Record<string, { line: number }> };
    }>(
      `SELECT stream_name, checkpoint_data FROM ${app.schema}.sync_state WHERE source_type = 'gong'`,
    );
    const transcriptLine = state.find((row) => row.stream_name === 'callTranscripts')
      ?.checkpoint_data.files['gong/gong.jsonl']?.line;
    const committedCalls = await count(db, `SELECT count(*) AS n FROM ${app.schema}.passages`);
    // The failed batch rolled back: the checkpoint does not pass the call whose passages are missing.
    expect(transcriptLine === undefined || committedCalls > 0).toBe(true);

    app.pipeline.embedder = new LocalHashEmbedder();
    await app.sync({ dir, batchSize: 1 });
    expect(await snapshot(db, app.schema)).toEqual(await snapshot(db, clean.schema));
  });
});

/** Comparable contents of a schema: interactions and passages by key, entity links by source id. */
async function snapshot(db: Database, schema: string): Promise<unknown> {
  const interactions = await db.query(
    `SELECT interaction_key, content_hash FROM ${schema}.interactions ORDER BY interaction_key`,
  );
  const passages = await db.query(
    `SELECT i.interaction_key, p.ordinal, p.content_hash FROM ${schema}.passages p
     JOIN ${schema}.interactions i ON i.id = p.interaction_id ORDER BY 1, 2`,
  );
  const mappings = await db.query<{ source_system: string; source_id: string; unified_id: string }>(
    `SELECT source_system, source_id, unified_id FROM ${schema}.entity_mappings ORDER BY 1, 2`,
  );
  const groups = new Map<string, string[]>();
  for (const row of mappings)
    groups.set(row.unified_id, [
      ...(groups.get(row.unified_id) ?? []),
      `${row.source_system}:${row.source_id}`,
    ]);
  const records = await db.query(`SELECT count(*)::int AS n FROM ${schema}.source_records`);

  return {
    interactions,
    passages,
    people: [...groups.values()].map((ids) => ids.join(',')).sort(),
    records,
  };
}
