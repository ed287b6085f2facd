import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { EntityChange, EntityResolutionReport } from '../../src/api.js';
import { openApp } from '../../src/app.js';
import {
  formatChange,
  formatResolution,
  parseBatchSize,
  parseSourceRef,
  runEntities,
} from '../../src/commands/entities.js';
import { loadConfig } from '../../src/config.js';
import { ResolverLinker } from '../../src/entities/resolver-linker.js';
import { writeAirbyteDir } from '../helpers/stores.js';
import { gongLines, hubspotLines, salesforceLines, slackLines } from './world.js';

describe('entities command', () => {
  it('parses a source reference with colons in the id', () => {
    expect(parseSourceRef('gong:party:ada@acme.example')).toEqual({
      sourceSystem: 'gong',
      sourceId: 'party:ada@acme.example',
    });
    expect(parseSourceRef('hubspot:7001')).toEqual({ sourceSystem: 'hubspot', sourceId: '7001' });
  });

  it('rejects a bad source reference', () => {
    for (const value of [undefined, 'hubspot', 'hubspot:', ':7001', 'zendesk:7001']) {
      expect(() => parseSourceRef(value), String(value)).toThrow(/Invalid --source/);
    }
  });

  it('says when a dry run changed nothing', () => {
    const change: EntityChange = {
      action: 'split',
      dryRun: true,
      entity: { id: 'e-1', type: 'person', name: 'Robert Tanaka', internal: false },
      other: { id: 'e-2', type: 'person', name: 'Bob Tanaka', internal: false },
      moved: [{ sourceSystem: 'slack', sourceId: 'U0BOB' }],
      decisions: [{ id: 'd-1', kind: 'pin' }],
      interactionsRelinked: 3,
    };

    const text = formatChange(change);

    expect(text).toMatch(/^Dry run, nothing changed\./);
    expect(text).toContain('created  Bob Tanaka (person) e-2');
    expect(text).toContain('source records moved: slack:U0BOB');
    expect(text).toContain('interactions relinked: 3');
  });
});

describe('entities resolve command', () => {
  const dirs: string[] = [];

  afterEach(() => {
    vi.unstubAllEnvs();
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('prints a dry-run summary', () => {
    const report: EntityResolutionReport = {
      dryRun: true,
      observationsRead: 23,
      batches: 5,
      batchSize: 5,
      entitiesBefore: { company: 2, person: 8 },
      entitiesAfter: { company: 2, person: 6 },
      merges: { company: 0, person: 2 },
      updated: { company: 1, person: 3 },
      interactionsRelinked: 4,
      linksChanged: 3,
      linksSentToIndex: 0,
      seconds: 1.234,
    };

    const text = formatResolution(report);

    expect(text).toMatch(/^Dry run, nothing changed: every batch ran in one transaction/);
    expect(text).toContain('records read: 23 in 5 batches of up to 5');
    expect(text).toContain('people:    8 before, 6 after, 2 merged, 3 updated');
    expect(text).toContain('companies: 2 before, 2 after, 0 merged, 1 updated');
    expect(text).toContain('interactions relinked: 4, with changed links: 3');
    expect(text).toContain('took 1.2 s');
  });

  it('rejects a bad batch size', () => {
    expect(parseBatchSize(undefined)).toBeUndefined();
    expect(parseBatchSize('250')).toBe(250);
    for (const value of ['0', '-3', '2.5', 'many', '']) {
      expect(() => parseBatchSize(value), value).toThrow(/Invalid --batch-size/);
    }
  });

  it('prints the summary and parses as JSON', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sophia-entities-cli-'));
    dirs.push(dataDir);
    vi.stubEnv('SOPHIA_DATA_DIR', join(dataDir, 'store'));
    for (const name of ['DATABASE_URL', 'SOPHIA_SCHEMA', 'SOPHIA_VECTOR_STORE', 'SOPHIA_DOMAIN']) {
      vi.stubEnv(name, undefined);
    }
    // A store synced by rules that join no people by name alone, as an older version might.
    const app = await openApp(loadConfig());
    app.pipeline.linker = new ResolverLinker({ personNameThreshold: 2 });
    await app.sync({
      dir: writeAirbyteDir({
        'hubspot/hubspot.jsonl': hubspotLines(),
        'salesforce/salesforce.jsonl': salesforceLines(),
        'gong/gong.jsonl': gongLines(),
        'slack/slack.jsonl': slackLines(),
      }),
    });
    await app.close();
    const printed: string[] = [];
    const print = (text: string) => printed.push(text);

    const dryCode = await runEntities(['resolve', '--dry-run'], print);
    const jsonCode = await runEntities(['resolve', '--json', '--batch-size', '7'], print);
    const againCode = await runEntities(['resolve'], print);
    const report = JSON.parse(printed[1] as string) as EntityResolutionReport;

    expect([dryCode, jsonCode, againCode]).toEqual([0, 0, 0]);
    expect(printed[0]).toMatch(/^Dry run, nothing changed/);
    expect(printed[0]).toContain('people:    8 before, 6 after, 2 merged');
    expect(report.dryRun).toBe(false);
    expect(report.batchSize).toBe(7);
    expect(report.merges).toEqual({ company: 0, person: 2 });
    expect(report.entitiesAfter.person).toBe(6);
    expect(printed[2]).toMatch(/^Re-resolved the stored source records\./);
    expect(printed[2]).toContain('people:    6 before, 6 after, 0 merged');
  }, 120_000);
});
