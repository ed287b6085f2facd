import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { ResolverLinker } from '../../src/entities/resolver-linker.js';
import { openTestApp, storeTargets } from '../helpers/stores.js';
import {
  BOB_SLACK_ID,
  entityOf,
  LARKSPUR_ACCOUNT,
  ROBERT_CONTACT,
  salesforceLines,
  samMovedLine,
  slackLines,
  worldDir,
} from './world.js';

const NOW = new Date('2026-12-01T12:00:00Z');

/** Source ids of the entity that `system:id` belongs to, as `system:id` strings. */
async function sourceIdsWith(app: App, system: string, id: string): Promise<string[]> {
  const rows = await app.db.query<{ ref: string }>(
    `SELECT m.source_system || ':' || m.source_id AS ref FROM ${app.schema}.entity_mappings m
     WHERE m.unified_id = (SELECT unified_id FROM ${app.schema}.entity_mappings
                           WHERE source_system = $1 AND source_id = $2)
       AND NOT coalesce((m.metadata->>'claimed')::boolean, false)
     ORDER BY 1`,
    [system, id],
  );
  return rows.map((row) => row.ref);
}

async function count(app: App, sql: string, params: unknown[] = []): Promise<number> {
  const rows = await app.db.query<{ n: number }>(sql, params);
  return Number(rows[0]?.n ?? 0);
}

/** Entities, mappings, decisions and audit rows of a schema, for before/after comparisons. */
async function snapshot(app: App): Promise<unknown> {
  const s = app.schema;
  return {
    entities: await app.db.query(
      `SELECT id, display_name, emails, domains, is_internal FROM ${s}.entities ORDER BY id`,
    ),
    mappings: await app.db.query(
      `SELECT source_system, source_id, unified_id, confidence_score, metadata
       FROM ${s}.entity_mappings ORDER BY 1, 2`,
    ),
    decisions: await app.db.query(`SELECT id FROM ${s}.entity_decisions ORDER BY id`),
    audit: await app.db.query(`SELECT id FROM ${s}.audit_log ORDER BY id`),
    links: await app.db.query(
      `SELECT interaction_id, entity_id, role FROM ${s}.interaction_entities ORDER BY 1, 2, 3`,
    ),
  };
}

describe.each(storeTargets())('entity resolution in the pipeline on $name', (target) => {
  let db: Database;
  let app: App;

  beforeAll(async () => {
    db = await target.open();
    app = await openTestApp(db, { now: NOW });
    await app.sync({ dir: worldDir() });
  }, 120_000);
  afterAll(async () => {
    await db?.close();
  });

  it('joins a person by CRM id and nickname across systems', async () => {
    const robert = await sourceIdsWith(app, 'hubspot', '7100001');

    expect(robert).toContain(`salesforce:${ROBERT_CONTACT}`);
    expect(robert).toContain(`slack:${BOB_SLACK_ID}`);
    expect(robert.filter((ref) => ref.startsWith('gong:'))).toHaveLength(1);
    expect(robert).toHaveLength(4);
  });

  it('records the rule behind each link', async () => {
    const rows = await db.query<{
      source_system: string;
      confidence_score: number;
      metadata: { evidence: Record<string, unknown>; objectType: string };
    }>(
      `SELECT source_system, confidence_score, metadata FROM ${app.schema}.entity_mappings
       WHERE unified_id = $1`,
      [await entityOf(app, 'hubspot', '7100001')],
    );
    const bySystem = new Map(rows.map((row) => [row.source_system, row]));

    expect(bySystem.get('slack')?.metadata.evidence).toMatchObject({
      rule: 'name_in_block',
      via: 'nickname',
      left: expect.stringMatching(/Tanaka/),
    });
    expect(bySystem.get('slack')?.confidence_score).toBeLessThan(1);
    expect(bySystem.get('gong')?.metadata.evidence.rule).toBe('linked_id');
    expect(bySystem.get('gong')?.metadata.objectType).toBe('party');
    expect(bySystem.get('salesforce')?.metadata.objectType).toBe('contact');
  });

  it('joins a person by e-mail across three systems', async () => {
    const priya = await sourceIdsWith(app, 'hubspot', '7100002');

    expect(priya).toContain('salesforce:0035f00000PNAI1AAA');
    expect(priya).toContain('gong:party:priya.nair@larkspur.example');
    expect(priya).toHaveLength(3);
  });

  it('keeps one name at two companies apart', async () => {
    const larkspur = await entityOf(app, 'hubspot', '7100003');
    const quillon = await entityOf(app, 'salesforce', '0035f00000MKEL1AAA');

    expect(larkspur).toBeDefined();
    expect(quillon).toBeDefined();
    expect(larkspur).not.toBe(quillon);
  });

  it('joins a CRM company and account by domain', async () => {
    expect(await entityOf(app, 'salesforce', '0015f00000LARK1AAA')).toBe(
      await entityOf(app, 'hubspot', '9100001'),
    );
    expect(await entityOf(app, 'salesforce', '0015f00000QUIL1AAA')).toBe(
      await entityOf(app, 'hubspot', '9100002'),
    );
  });

  it('marks the seller internal and the guest external', async () => {
    const rows = await db.query<{ id: string; is_internal: boolean }>(
      `SELECT id, is_internal FROM ${app.schema}.entities
       WHERE 'dana.whitfield@payready.example' = ANY(emails)`,
    );
    const dana = await sourceIdsWith(app, 'slack', 'U0DANA0001');
    const robert = await db.query<{ is_internal: boolean }>(
      `SELECT is_internal FROM ${app.schema}.entities WHERE id = $1`,
      [await entityOf(app, 'slack', BOB_SLACK_ID)],
    );

    expect(rows).toHaveLength(1);
    expect(rows[0]?.is_internal).toBe(true);
    expect(dana).toEqual(['gong:234599101', 'hubspot:42001', 'slack:U0DANA0001']);
    expect(robert[0]?.is_internal).toBe(false);
  });

  it('indexes every entity under its keys', async () => {
    const robert = await entityOf(app, 'hubspot', '7100001');
    const keys = await db.query<{ key: string }>(
      `SELECT key FROM ${app.schema}.entity_keys WHERE entity_id = $1`,
      [robert],
    );
    const keyList = keys.map((row) => row.key);

    expect(keyList).toContain(`person:src:salesforce:${ROBERT_CONTACT}`);
    expect(keyList).toContain('person:email:bob.tanaka@larkspur.example');
    expect(keyList.some((key) => key.startsWith('person:company:'))).toBe(true);
  });

  it('rebuilds an emptied key index on the next resolution', async () => {
    const allKeys = async () =>
      (
        await db.query<{ entity_id: string; key: string }>(
          `SELECT entity_id, key FROM ${app.schema}.entity_keys ORDER BY 1, 2`,
        )
      ).map((row) => `${row.entity_id} ${row.key}`);
    const before = await allKeys();

    await db.query(`DELETE FROM ${app.schema}.entity_keys`);
    await db.transaction((tx) => new ResolverLinker().link(tx, app.schema, []));

    expect(before.length).toBeGreaterThan(0);
    expect(await allKeys()).toEqual(before);
  });

  it('shows evidence in lookup_entity', async () => {
    const { candidates } = await app.api.lookupEntity({ query: 'Robert Tanaka', type: 'person' });
    const robert = candidates[0];
    const slack = robert?.sourceIds.find((link) => link.sourceSystem === 'slack');

    expect(robert?.name).toMatch(/Tanaka/);
    expect(robert?.sourceIds).toHaveLength(4);
    expect(slack?.evidence.rule).toBe('name_in_block');
    expect(slack?.confidence).toBeGreaterThan(0.86);
    expect(robert?.companies.map((company) => company.name)).toEqual([
      expect.stringMatching(/Larkspur/),
    ]);
  });

  it('finds the person filter across every source', async () => {
    const result = await app.api.search({ query: 'pricing', person: 'Robert Tanaka' });
    const sources = new Set(result.hits.map((hit) => hit.citation.source));

    expect(sources).toEqual(new Set(['gong', 'hubspot', 'salesforce', 'slack']));
  });

  it('builds an entity card', async () => {
    const robert = (await entityOf(app, 'slack', BOB_SLACK_ID)) as string;
    const card = await app.api.entityCard?.(robert);

    expect(card?.names).toEqual(expect.arrayContaining(['Robert Tanaka', 'Bob Tanaka']));
    expect(card?.emails).toEqual(['bob.tanaka@larkspur.example']);
    expect(card?.companies).toHaveLength(1);
    expect(card?.interactions.total).toBe(4);
    expect(card?.interactions.recent).toBe(4);
    expect(card?.interactions.bySource).toEqual({ gong: 1, hubspot: 1, salesforce: 1, slack: 1 });
    expect(card?.sourceIds.every((link) => typeof link.evidence.rule === 'string')).toBe(true);
    expect(card?.cities).toEqual([]);
  });

  it('links a CRM note to the owner who wrote it', async () => {
    const dana = (await entityOf(app, 'slack', 'U0DANA0001')) as string;
    const rows = await db.query<{ source_system: string; role: string }>(
      `SELECT i.source_system, ie.role FROM ${app.schema}.interaction_entities ie
       JOIN ${app.schema}.interactions i ON i.id = ie.interaction_id
       WHERE ie.entity_id = $1 AND i.source_system = 'hubspot'`,
      [dana],
    );
    const timeline = await app.api.timeline({ person: dana });

    expect(rows).toContainEqual({ source_system: 'hubspot', role: 'author' });
    expect(timeline.entries.map((entry) => entry.citation.source)).toContain('hubspot');
  });

  it('keeps a contact city on the card', async () => {
    const priya = (await entityOf(app, 'hubspot', '7100002')) as string;
    const card = await app.api.entityCard?.(priya);

    expect(card?.cities).toEqual(['leeds']);
  });
});

describe.each(storeTargets())('moves and manual decisions on $name', (target) => {
  let db: Database;

  beforeAll(async () => {
    db = await target.open();
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it('keeps a moved person as one identity with two affiliations', async () => {
    const app = await openTestApp(db, { now: NOW });
    const dir = worldDir();
    await app.sync({ dir });
    appendFileSync(join(dir, 'hubspot/hubspot.jsonl'), `${JSON.stringify(samMovedLine())}\n`);

    await app.sync({ dir });
    const sam = (await entityOf(app, 'hubspot', '7100004')) as string;
    const card = await app.api.entityCard?.(sam);

    expect(card?.companies.map((company) => company.name)).toEqual([
      expect.stringMatching(/Quillon/),
      expect.stringMatching(/Larkspur/),
    ]);
    expect(card?.companies[0]?.firstSeen).toBe('2026-09-15T10:00:00.000Z');
    expect(card?.companies[1]?.lastSeen).toBe('2026-03-10T10:00:00.000Z');
    expect(card?.emails).toEqual(['sam.ortega@larkspur.example', 'sam.ortega@quillon.example']);
    expect(
      await count(
        app,
        `SELECT count(*) AS n FROM ${app.schema}.entities WHERE display_name = 'Sam Ortega'`,
      ),
    ).toBe(1);
  });

  it('changes nothing on a dry run', async () => {
    const app = await openTestApp(db, { now: NOW });
    await app.sync({ dir: worldDir() });
    const robert = (await entityOf(app, 'hubspot', '7100001')) as string;
    const mia = (await entityOf(app, 'hubspot', '7100003')) as string;
    const before = await snapshot(app);

    const merge = await app.api.mergeEntities?.({ keepId: robert, mergeId: mia, dryRun: true });
    const split = await app.api.splitEntity?.({
      entityId: robert,
      sourceSystem: 'slack',
      sourceId: BOB_SLACK_ID,
      dryRun: true,
    });

    expect(merge?.dryRun).toBe(true);
    expect(merge?.moved).toEqual([{ sourceSystem: 'hubspot', sourceId: '7100003' }]);
    expect(split?.dryRun).toBe(true);
    expect(split?.moved).toEqual([{ sourceSystem: 'slack', sourceId: BOB_SLACK_ID }]);
    expect(await snapshot(app)).toEqual(before);
  });

  it('keeps a manual split apart after re-syncs', async () => {
    const app = await openTestApp(db, { now: NOW });
    const dir = worldDir();
    await app.sync({ dir });
    const robert = (await entityOf(app, 'hubspot', '7100001')) as string;

    const change = await app.api.splitEntity?.({
      entityId: robert,
      sourceSystem: 'slack',
      sourceId: BOB_SLACK_ID,
      actor: 'test',
    });
    const bob = change?.other.id as string;
    await app.sync({ dir, full: true });
    // A changed Slack record goes through the resolver again, which must respect the split.
    appendFileSync(
      join(dir, 'slack/slack.jsonl'),
      `${slackLines('Head of dispatch')
        .map((line) => JSON.stringify(line))
        .join('\n')}\n`,
    );
    const resync = await app.sync({ dir, full: true });

    expect(resync.totals.changed).toBeGreaterThan(0);
    expect(await entityOf(app, 'slack', BOB_SLACK_ID)).toBe(bob);
    expect(await entityOf(app, 'hubspot', '7100001')).toBe(robert);
    expect(await sourceIdsWith(app, 'slack', BOB_SLACK_ID)).toEqual([`slack:${BOB_SLACK_ID}`]);
    const emails = await db.query<{ id: string; emails: string[] }>(
      `SELECT id, emails FROM ${app.schema}.entities WHERE id = ANY($1::uuid[]) ORDER BY id`,
      [[robert, bob]],
    );
    expect(emails.find((row) => row.id === bob)?.emails).toEqual(['bob.tanaka@larkspur.example']);
    expect(emails.find((row) => row.id === robert)?.emails).toEqual([]);
    const decisions = await db.query<{ kind: string }>(
      `SELECT kind FROM ${app.schema}.entity_decisions ORDER BY kind`,
    );
    expect(decisions.map((row) => row.kind)).toEqual(['never_merge', 'pin']);
  });

  it('moves the split record interactions to the new entity', async () => {
    const app = await openTestApp(db, { now: NOW });
    await app.sync({ dir: worldDir() });
    const robert = (await entityOf(app, 'hubspot', '7100001')) as string;

    const change = await app.api.splitEntity?.({
      entityId: robert,
      sourceSystem: 'slack',
      sourceId: BOB_SLACK_ID,
    });
    const bobCard = await app.api.entityCard?.(change?.other.id as string);
    const robertCard = await app.api.entityCard?.(robert);

    expect(change?.interactionsRelinked).toBe(4);
    expect(bobCard?.interactions.bySource).toEqual({ slack: 1 });
    expect(robertCard?.interactions.bySource).toEqual({ gong: 1, hubspot: 1, salesforce: 1 });
    expect(bobCard?.decisions.map((decision) => decision.kind).sort()).toEqual([
      'never_merge',
      'pin',
    ]);
  });

  it('keeps a manual merge after re-syncs', async () => {
    const app = await openTestApp(db, { now: NOW });
    const dir = worldDir();
    await app.sync({ dir });
    const larkspurMia = (await entityOf(app, 'hubspot', '7100003')) as string;
    const quillonMia = (await entityOf(app, 'salesforce', '0035f00000MKEL1AAA')) as string;

    const change = await app.api.mergeEntities?.({
      keepId: larkspurMia,
      mergeId: quillonMia,
      actor: 'test',
    });
    await app.sync({ dir, full: true });
    const contacts = salesforceLines().filter((line) =>
      JSON.stringify(line).includes('0035f00000MKEL1AAA'),
    );
    const changed = contacts.map((line) =>
      JSON.stringify(line).replace('2026-04-01T08:00:00.000+0000', '2026-10-01T08:00:00.000+0000'),
    );
    appendFileSync(join(dir, 'salesforce/salesforce.jsonl'), `${changed.join('\n')}\n`);
    const resync = await app.sync({ dir });

    expect(change?.entity.id).toBe(larkspurMia);
    expect(change?.other.id).toBe(quillonMia);
    expect(resync.totals.changed).toBe(1);
    expect(await entityOf(app, 'salesforce', '0035f00000MKEL1AAA')).toBe(larkspurMia);
    expect(
      await count(app, `SELECT count(*) AS n FROM ${app.schema}.entities WHERE id = $1`, [
        quillonMia,
      ]),
    ).toBe(0);
    const card = await app.api.entityCard?.(larkspurMia);
    expect(card?.emails).toEqual(['mia.keller@larkspur.example', 'mia.keller@quillon.example']);
    expect(card?.companies).toHaveLength(2);
  });

  it('finds every source after merging a split back', async () => {
    const app = await openTestApp(db, { now: NOW });
    await app.sync({ dir: worldDir() });
    const robert = (await entityOf(app, 'hubspot', '7100001')) as string;
    const split = await app.api.splitEntity?.({
      entityId: robert,
      sourceSystem: 'slack',
      sourceId: BOB_SLACK_ID,
    });
    const apart = await app.api.search({ query: 'pricing', person: robert });

    await app.api.mergeEntities?.({ keepId: robert, mergeId: split?.other.id as string });
    const merged = await app.api.search({ query: 'pricing', person: robert });

    expect(new Set(apart.hits.map((hit) => hit.citation.source))).toEqual(
      new Set(['gong', 'hubspot', 'salesforce']),
    );
    expect(new Set(merged.hits.map((hit) => hit.citation.source))).toEqual(
      new Set(['gong', 'hubspot', 'salesforce', 'slack']),
    );
    expect(
      await count(
        app,
        `SELECT count(*) AS n FROM ${app.schema}.interaction_entities WHERE entity_id = $1`,
        [split?.other.id],
      ),
    ).toBe(0);
  });

  it('keeps a split company apart after a re-sync', async () => {
    const app = await openTestApp(db, { now: NOW });
    const dir = worldDir();
    await app.sync({ dir });
    const larkspur = (await entityOf(app, 'hubspot', '9100001')) as string;

    const change = await app.api.splitEntity?.({
      entityId: larkspur,
      sourceSystem: 'salesforce',
      sourceId: LARKSPUR_ACCOUNT,
    });
    const account = salesforceLines().find((line) => JSON.stringify(line).includes('"Account"'));
    const changed = JSON.stringify(account).replace(
      '2026-04-01T08:00:00.000+0000',
      '2026-10-01T08:00:00.000+0000',
    );
    appendFileSync(join(dir, 'salesforce/salesforce.jsonl'), `${changed}\n`);
    const resync = await app.sync({ dir });
    const card = await app.api.entityCard?.(change?.other.id as string);

    expect(resync.totals.changed).toBe(1);
    expect(await entityOf(app, 'salesforce', LARKSPUR_ACCOUNT)).toBe(change?.other.id);
    expect(await entityOf(app, 'hubspot', '9100001')).toBe(larkspur);
    expect(card?.name).toBe('Larkspur Logistics');
    expect(card?.domains).toEqual(['larkspur.example']);
  });

  it('writes audit rows for manual changes', async () => {
    const app = await openTestApp(db, { now: NOW });
    await app.sync({ dir: worldDir() });
    const robert = (await entityOf(app, 'hubspot', '7100001')) as string;
    const mia = (await entityOf(app, 'hubspot', '7100003')) as string;
    const quillonMia = (await entityOf(app, 'salesforce', '0035f00000MKEL1AAA')) as string;
    const before = await count(app, `SELECT count(*) AS n FROM ${app.schema}.audit_log`);

    await app.api.mergeEntities?.({ keepId: mia, mergeId: quillonMia, actor: 'cli' });
    await app.api.splitEntity?.({
      entityId: robert,
      sourceSystem: 'slack',
      sourceId: BOB_SLACK_ID,
      actor: 'mcp',
    });
    const rows = await db.query<{
      actor: string;
      action: string;
      details: Record<string, unknown>;
    }>(`SELECT actor, action, details FROM ${app.schema}.audit_log ORDER BY id OFFSET $1`, [
      before,
    ]);

    expect(rows.map((row) => [row.actor, row.action])).toEqual([
      ['cli', 'entity.merge'],
      ['mcp', 'entity.split'],
    ]);
    expect(rows[0]?.details).toMatchObject({ from: quillonMia, into: mia });
    expect(rows[0]?.details.evidence).toMatchObject({ rule: 'manual_merge' });
    expect(rows[1]?.details).toMatchObject({
      from: robert,
      source: { sourceSystem: 'slack', sourceId: BOB_SLACK_ID },
    });
  });

  it('rejects bad manual changes naming the argument', async () => {
    const app = await openTestApp(db, { now: NOW });
    await app.sync({ dir: worldDir() });
    const priya = (await entityOf(app, 'hubspot', '7100002')) as string;
    const larkspur = (await entityOf(app, 'hubspot', '9100001')) as string;
    const mia = (await entityOf(app, 'hubspot', '7100003')) as string;

    await expect(app.api.mergeEntities?.({ keepId: priya, mergeId: priya })).rejects.toThrow(
      /merge_id/,
    );
    await expect(app.api.mergeEntities?.({ keepId: priya, mergeId: larkspur })).rejects.toThrow(
      /only entities of one type merge/,
    );
    await expect(app.api.mergeEntities?.({ keepId: 'nobody', mergeId: priya })).rejects.toThrow(
      /keep_id/,
    );
    await expect(
      app.api.splitEntity?.({ entityId: priya, sourceSystem: 'slack', sourceId: BOB_SLACK_ID }),
    ).rejects.toThrow(/not a source record/);
    await expect(
      app.api.splitEntity?.({ entityId: mia, sourceSystem: 'hubspot', sourceId: '7100003' }),
    ).rejects.toThrow(/only source record/);
  });
});
