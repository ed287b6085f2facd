import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import { withCache } from '../../src/cache/index.js';
import type { Database } from '../../src/db/database.js';
import { ResolverLinker } from '../../src/entities/resolver-linker.js';
import { acquireSyncLease } from '../../src/pipeline/lock.js';
import { openCache } from '../cache/support.js';
import { openTestApp, storeTargets } from '../helpers/stores.js';
import {
  BOB_SLACK_ID,
  entityOf,
  LARKSPUR_ACCOUNT,
  QUILLON_ACCOUNT,
  ROBERT_CONTACT,
  worldDir,
} from './world.js';

const NOW = new Date('2026-12-01T12:00:00Z');

/**
 * Opens a store synced by a resolver that joins no two people by name alone, as an older rule
 * set might have left it (`personNameThreshold` above 1). Robert Tanaka's HubSpot contact, his
 * Salesforce contact (with the Gong party that names it) and Bob Tanaka on Slack stay three people.
 */
async function openOldStore(db: Database): Promise<App> {
  const app = await openTestApp(db, { now: NOW });
  app.pipeline.linker = new ResolverLinker({ personNameThreshold: 2 });
  await app.sync({ dir: worldDir() });
  app.pipeline.linker = new ResolverLinker();

  return app;
}

async function countRows(app: App, sql: string, params: unknown[] = []): Promise<number> {
  const rows = await app.db.query<{ n: number }>(sql, params);
  return Number(rows[0]?.n ?? 0);
}

/** Entities, mappings, affiliations, decisions and links, for before/after comparisons. */
async function snapshot(app: App): Promise<unknown> {
  const s = app.schema;
  return {
    entities: await app.db.query(
      `SELECT id, display_name, emails, domains, is_internal, company_id FROM ${s}.entities ORDER BY id`,
    ),
    mappings: await app.db.query(
      `SELECT source_system, source_id, unified_id, confidence_score, metadata
       FROM ${s}.entity_mappings ORDER BY 1, 2`,
    ),
    affiliations: await app.db.query(
      `SELECT person_id, company_id, first_seen, last_seen FROM ${s}.entity_affiliations ORDER BY 1, 2`,
    ),
    keys: await app.db.query(`SELECT entity_id, key FROM ${s}.entity_keys ORDER BY 1, 2`),
    decisions: await app.db.query(`SELECT id FROM ${s}.entity_decisions ORDER BY id`),
    links: await app.db.query(
      `SELECT interaction_id, entity_id, role FROM ${s}.interaction_entities ORDER BY 1, 2, 3`,
    ),
  };
}

describe.each(storeTargets())('entity re-resolution on $name', (target) => {
  let db: Database;

  beforeAll(async () => {
    db = await target.open();
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it('merges people an older rule set left apart', async () => {
    const app = await openOldStore(db);
    const robertBefore = await entityOf(app, 'hubspot', '7100001');
    const observations = await countRows(
      app,
      `SELECT count(*) AS n FROM ${app.schema}.entity_observations`,
    );
    const apart = await app.api.search({ query: 'pricing', person: robertBefore });

    const report = await app.api.resolveEntities?.({ actor: 'test', batchSize: 5 });
    const robert = await entityOf(app, 'hubspot', '7100001');
    const together = await app.api.search({ query: 'pricing', person: robert });

    expect(await entityOf(app, 'salesforce', ROBERT_CONTACT)).toBe(robert);
    expect(await entityOf(app, 'slack', BOB_SLACK_ID)).toBe(robert);
    expect(report?.dryRun).toBe(false);
    expect(report?.observationsRead).toBe(observations);
    expect(report?.batchSize).toBe(5);
    expect(report?.batches).toBe(Math.ceil(observations / 5));
    expect(report?.merges).toEqual({ company: 0, person: 2 });
    expect(report?.updated.person).toBeGreaterThan(0);
    expect(report?.entitiesBefore.person).toBe(8);
    expect(report?.entitiesAfter.person).toBe(6);
    expect(report?.entitiesAfter.company).toBe(report?.entitiesBefore.company);
    expect(report?.linksChanged).toBeGreaterThan(0);
    expect(report?.interactionsRelinked).toBe(
      await countRows(app, `SELECT count(*) AS n FROM ${app.schema}.interactions`),
    );
    expect(report?.linksSentToIndex).toBe(0);
    expect(new Set(apart.hits.map((hit) => hit.citation.source)).size).toBeLessThan(4);
    expect(new Set(together.hits.map((hit) => hit.citation.source))).toEqual(
      new Set(['gong', 'hubspot', 'salesforce', 'slack']),
    );
  });

  it('writes an audit row per run', async () => {
    const app = await openOldStore(db);

    await app.api.resolveEntities?.({ actor: 'cli' });
    const rows = await db.query<{ actor: string; details: Record<string, unknown> }>(
      `SELECT actor, details FROM ${app.schema}.audit_log WHERE action = 'entity.resolve'`,
    );

    expect(rows).toHaveLength(1);
    expect(rows[0]?.actor).toBe('cli');
    expect(rows[0]?.details).toMatchObject({ merges: { company: 0, person: 2 }, batches: 1 });
  });

  it('changes nothing on a second run', async () => {
    const app = await openOldStore(db);
    await app.api.resolveEntities?.({ actor: 'test' });
    const before = await snapshot(app);

    const again = await app.api.resolveEntities?.({ actor: 'test' });

    expect(again?.merges).toEqual({ company: 0, person: 0 });
    expect(again?.updated).toEqual({ company: 0, person: 0 });
    expect(again?.linksChanged).toBe(0);
    expect(again?.entitiesAfter).toEqual(again?.entitiesBefore);
    expect(await snapshot(app)).toEqual(before);
  });

  it('keeps a manual split apart', async () => {
    const app = await openTestApp(db, { now: NOW });
    await app.sync({ dir: worldDir() });
    const robert = (await entityOf(app, 'hubspot', '7100001')) as string;
    const split = await app.api.splitEntity?.({
      entityId: robert,
      sourceSystem: 'slack',
      sourceId: BOB_SLACK_ID,
      actor: 'test',
    });

    const report = await app.api.resolveEntities?.({ actor: 'test' });

    expect(report?.merges.person).toBe(0);
    expect(await entityOf(app, 'slack', BOB_SLACK_ID)).toBe(split?.other.id);
    expect(await entityOf(app, 'hubspot', '7100001')).toBe(robert);
    expect(await entityOf(app, 'salesforce', ROBERT_CONTACT)).toBe(robert);
  });

  it('changes nothing on a dry run', async () => {
    const app = await openOldStore(db);
    const before = await snapshot(app);
    const audit = await countRows(app, `SELECT count(*) AS n FROM ${app.schema}.audit_log`);

    const report = await app.api.resolveEntities?.({ dryRun: true, actor: 'test', batchSize: 4 });

    expect(report?.dryRun).toBe(true);
    expect(report?.merges).toEqual({ company: 0, person: 2 });
    expect(report?.entitiesAfter.person).toBe(6);
    expect(report?.linksChanged).toBeGreaterThan(0);
    expect(await snapshot(app)).toEqual(before);
    expect(await countRows(app, `SELECT count(*) AS n FROM ${app.schema}.audit_log`)).toBe(audit);
    expect(await countRows(app, `SELECT count(*) AS n FROM ${app.schema}.sync_lock`)).toBe(0);
  });

  it('fails while a sync holds the lease', async () => {
    const app = await openOldStore(db);
    const lease = await acquireSyncLease(db, app.schema, '00000000-0000-4000-8000-000000000001');
    try {
      const attempt = app.api.resolveEntities?.({ actor: 'test' });

      await expect(attempt).rejects.toThrow(lease.holder);
      await expect(attempt).rejects.toThrow(/run `sophia entities resolve` again/);
      await expect(attempt).rejects.toMatchObject({ name: 'SyncBusyError' });
      expect(await entityOf(app, 'slack', BOB_SLACK_ID)).not.toBe(
        await entityOf(app, 'hubspot', '7100001'),
      );
    } finally {
      await lease.release();
    }
  });

  it('invalidates cached reads unless dry', async () => {
    const app = await openOldStore(db);
    const { cache } = openCache();
    const api = withCache(app.api, cache);
    const bobIds = async () =>
      (await api.lookupEntity({ query: 'Bob Tanaka', type: 'person' })).candidates[0]?.sourceIds
        .length;
    try {
      const before = await bobIds();

      await api.resolveEntities?.({ dryRun: true, actor: 'test' });
      const afterDryRun = await bobIds();
      await api.resolveEntities?.({ actor: 'test' });
      const afterRun = await bobIds();

      expect(before).toBe(1);
      expect(afterDryRun).toBe(1);
      expect(afterRun).toBe(4);
    } finally {
      await cache.close();
    }
  });

  it('rejects an invalid batch size', async () => {
    const app = await openOldStore(db);

    for (const batchSize of [0, -5, 2.5]) {
      await expect(
        app.api.resolveEntities?.({ actor: 'test', batchSize }),
        String(batchSize),
      ).rejects.toThrow(/Invalid argument "batch_size"/);
    }
  });
});

describe.each(storeTargets())('company split on $name', (target) => {
  let db: Database;

  beforeAll(async () => {
    db = await target.open();
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  async function companiesOfPerson(app: App, personId: string): Promise<string[]> {
    const rows = await db.query<{ company_id: string }>(
      `SELECT company_id FROM ${app.schema}.entity_affiliations WHERE person_id = $1 ORDER BY 1`,
      [personId],
    );
    return rows.map((row) => row.company_id);
  }

  it('moves people whose record names the moved account', async () => {
    const app = await openTestApp(db, { now: NOW });
    await app.sync({ dir: worldDir() });
    const quillon = (await entityOf(app, 'hubspot', '9100002')) as string;
    const mia = (await entityOf(app, 'salesforce', '0035f00000MKEL1AAA')) as string;
    const before = await companiesOfPerson(app, mia);

    const change = await app.api.splitEntity?.({
      entityId: quillon,
      sourceSystem: 'salesforce',
      sourceId: QUILLON_ACCOUNT,
      actor: 'test',
    });
    const account = change?.other.id as string;
    const card = await app.api.entityCard?.(mia);
    const current = await db.query<{ company_id: string }>(
      `SELECT company_id FROM ${app.schema}.entities WHERE id = $1`,
      [mia],
    );

    expect(before).toEqual([quillon]);
    expect(await entityOf(app, 'salesforce', '0035f00000MKEL1AAA')).toBe(mia);
    expect(await companiesOfPerson(app, mia)).toEqual([account]);
    expect(current[0]?.company_id).toBe(account);
    expect(card?.companies.map((company) => company.id)).toEqual([account]);
  });

  it('keeps the original for people with other records there', async () => {
    const app = await openTestApp(db, { now: NOW });
    await app.sync({ dir: worldDir() });
    const larkspur = (await entityOf(app, 'hubspot', '9100001')) as string;
    const robert = (await entityOf(app, 'hubspot', '7100001')) as string;
    const larkspurMia = (await entityOf(app, 'hubspot', '7100003')) as string;

    const change = await app.api.splitEntity?.({
      entityId: larkspur,
      sourceSystem: 'salesforce',
      sourceId: LARKSPUR_ACCOUNT,
      actor: 'test',
    });
    const account = change?.other.id as string;

    // Robert's Salesforce contact names the moved account, his HubSpot contact the original.
    expect(await companiesOfPerson(app, robert)).toEqual([account, larkspur].sort());
    // Mia's only record is a HubSpot contact of the original company.
    expect(await companiesOfPerson(app, larkspurMia)).toEqual([larkspur]);
  });

  it('changes no affiliation on a dry run', async () => {
    const app = await openTestApp(db, { now: NOW });
    await app.sync({ dir: worldDir() });
    const quillon = (await entityOf(app, 'hubspot', '9100002')) as string;
    const before = await snapshot(app);

    const change = await app.api.splitEntity?.({
      entityId: quillon,
      sourceSystem: 'salesforce',
      sourceId: QUILLON_ACCOUNT,
      dryRun: true,
    });

    expect(change?.dryRun).toBe(true);
    expect(await snapshot(app)).toEqual(before);
  });
});
