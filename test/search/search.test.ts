import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../../src/app.js';
import type { Database } from '../../src/db/database.js';
import { openTestApp, storeTargets, writeAirbyteDir } from '../helpers/stores.js';
import {
  BLUEFIN_CALL_ID,
  gongLines,
  hubspotLines,
  KESTREL_CALL_ID,
  salesforceLines,
  slackLines,
} from '../pipeline/world.js';

const NOW = new Date('2026-12-04T12:00:00Z');

describe.each(storeTargets())('search on $name', (target) => {
  let db: Database;
  let app: App;

  beforeAll(async () => {
    db = await target.open();
    app = await openTestApp(db, { now: NOW });
    await app.sync({
      dir: writeAirbyteDir({
        'gong/gong.jsonl': gongLines(),
        'slack/slack.jsonl': slackLines(),
        'hubspot/hubspot.jsonl': hubspotLines(),
        'salesforce/salesforce.jsonl': salesforceLines(),
      }),
    });
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it('ranks the call turn about pricing first for a company', async () => {
    const result = await app.api.search({
      query: 'Did they say the per-seat pricing is too high?',
      company: 'Kestrel Freight',
    });
    const first = result.hits[0];

    expect(first?.citation.source).toBe('gong');
    expect(first?.citation.callId).toBe(KESTREL_CALL_ID);
    expect(first?.citation.startMs).toBeTypeOf('number');
    expect(first?.citation.endMs).toBeGreaterThan(first?.citation.startMs ?? Infinity);
    expect(first?.citation.company).toMatch(/Kestrel/);
    expect(first?.citation.deepLink).toContain(KESTREL_CALL_ID);
    expect(first?.text?.toLowerCase()).toContain('pricing');
    expect(result.hits.every((hit) => hit.citation.company?.includes('Kestrel'))).toBe(true);
  });

  it('groups passages per interaction', async () => {
    const result = await app.api.search({ query: 'pricing discount Ledgerly' });
    const ids = result.hits.map((hit) => hit.interactionId);

    expect(new Set(ids).size).toBe(ids.length);
    expect(
      result.hits.find((hit) => hit.citation.callId === KESTREL_CALL_ID)?.morePassages,
    ).toBeGreaterThan(0);
  });

  it('applies a date phrase before ranking', async () => {
    const result = await app.api.search({
      query: 'SOC 2 security report pricing',
      from: 'last month',
    });
    const times = result.hits.map((hit) => hit.citation.time);

    expect(result.coverage.appliedFilters.from).toBe('2026-11-01T00:00:00.000Z');
    expect(times.length).toBeGreaterThan(0);
    expect(times.every((time) => time >= '2026-11-01' && time < '2026-12-01')).toBe(true);
    expect(result.hits.some((hit) => hit.citation.callId === BLUEFIN_CALL_ID)).toBe(false);
  });

  it('filters by source and by person', async () => {
    const salesforce = await app.api.search({ query: 'SOC 2', sources: ['salesforce'] });
    const robert = await app.api.search({
      query: 'pricing implementation timeline',
      person: 'Robert Tanaka',
    });

    expect(salesforce.hits.map((hit) => hit.citation.source)).toEqual(['salesforce']);
    expect(robert.hits.length).toBeGreaterThanOrEqual(2);
    expect(new Set(robert.hits.map((hit) => hit.citation.source))).toEqual(
      new Set(['gong', 'hubspot']),
    );
  });

  it('reports coverage per source with sync times', async () => {
    const result = await app.api.search({ query: 'pricing' });
    const gong = result.coverage.sources.find((entry) => entry.source === 'gong');

    expect(result.coverage.sources.map((entry) => entry.source).sort()).toEqual([
      'gong',
      'hubspot',
      'salesforce',
      'slack',
    ]);
    expect(gong?.searched).toBe(2);
    expect(gong?.lastSyncedAt).not.toBeNull();
    expect(result.coverage.retrieval).toBe('hybrid');
    expect(result.coverage.note).toContain('vector');
  });

  it('pages with a cursor bound to the query', async () => {
    const first = await app.api.search({
      query: 'pricing discount SOC security timeline',
      limit: 1,
    });
    const second = await app.api.search({
      query: 'pricing discount SOC security timeline',
      limit: 1,
      cursor: first.nextCursor,
    });

    expect(first.nextCursor).toBeDefined();
    expect(second.hits[0]?.interactionId).not.toBe(first.hits[0]?.interactionId);
    await expect(
      app.api.search({ query: 'other words', cursor: first.nextCursor }),
    ).rejects.toThrow(/cursor/);
  });

  it('keeps to max_tokens and detail', async () => {
    const ids = await app.api.search({ query: 'pricing', detail: 'ids' });
    const small = await app.api.search({
      query: 'pricing discount SOC security timeline',
      detail: 'full',
      maxTokens: 120,
    });

    expect(ids.hits.every((hit) => hit.text === undefined)).toBe(true);
    expect(small.truncated).toBe(true);
    expect(small.hits.length).toBeGreaterThanOrEqual(1);
  });

  it('rejects bad arguments naming them', async () => {
    await expect(app.api.search({ query: '  ' })).rejects.toThrow(/"query"/);
    await expect(app.api.search({ query: 'x', limit: 0 })).rejects.toThrow(/"limit"/);
    await expect(app.api.search({ query: 'x', from: 'the day after never' })).rejects.toThrow(
      /"from"/,
    );
    await expect(app.api.search({ query: 'x', company: 'Zyzzyva Holdings' })).rejects.toThrow(
      /"company".*lookup_entity/,
    );
  });

  it('builds a timeline across sources in time order', async () => {
    const result = await app.api.timeline({ person: 'robert.tanaka@kestrelfreight.example' });
    const times = result.entries.map((entry) => entry.citation.time);

    expect(result.entity.name).toBe('Robert Tanaka');
    expect(result.entries.map((entry) => entry.citation.source)).toEqual(['gong', 'hubspot']);
    expect([...times].sort()).toEqual(times);
  });

  it('looks up an entity with its source ids and evidence', async () => {
    const byName = await app.api.lookupEntity({ query: 'Bob Tanaka', type: 'person' });
    const bySource = await app.api.lookupEntity({
      sourceSystem: 'salesforce',
      sourceId: '0035f00000KTan1AAB',
    });
    const robert = bySource.candidates[0];

    expect(robert?.name).toBe('Robert Tanaka');
    expect(robert?.sourceIds.map((link) => link.sourceSystem).sort()).toEqual([
      'gong',
      'hubspot',
      'salesforce',
    ]);
    expect(robert?.sourceIds.every((link) => typeof link.evidence.rule === 'string')).toBe(true);
    expect(robert?.companies.map((company) => company.name).join()).toMatch(/Kestrel/);
    expect(byName.candidates[0]?.id).toBe(robert?.id);
  });

  it('returns a transcript window', async () => {
    const window = await app.api.transcriptWindow(KESTREL_CALL_ID, 6000, 16000);

    expect(window.lines.map((line) => line.speaker)).toEqual(['Robert Tanaka']);
    expect(window.lines[0]?.affiliation).toBe('external');
    await expect(app.api.transcriptWindow('999', 0, 1000)).rejects.toThrow(/No Gong call/);
  });
});
