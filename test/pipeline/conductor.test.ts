import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AirbyteClient } from '../../src/airbyte/index.js';
import type { ProductionSyncConfig } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { GongTranscriptClient } from '../../src/gong/index.js';
import { runProductionSync } from '../../src/pipeline/conductor.js';
import { TestDestination } from '../extract/destination.js';
import { FakeAirbyteApi } from '../fakes/airbyte-api.js';
import { FakeGongApi } from '../fakes/gong-api.js';
import { openTestApp, storeTargets } from '../helpers/stores.js';

const DESTINATION_URL = process.env.DATABASE_URL;
const REQUIRED = process.env.SOPHIA_REQUIRE_SERVICES === '1';
const CALL_ID = '7340011223344556601';

/**
 * The production sync end to end: Airbyte jobs on a fake that follows the Airbyte API spec,
 * records in a real PostgreSQL destination, and missing transcripts from a fake Gong API.
 */
describe.runIf(DESTINATION_URL || REQUIRED).each(storeTargets())(
  'production sync into $name',
  (target) => {
    let db: Database;
    let destination: TestDestination;
    let airbyte: FakeAirbyteApi;
    let gong: FakeGongApi;

    beforeAll(async () => {
      if (!DESTINATION_URL)
        throw new Error(
          'DATABASE_URL is not set, but SOPHIA_REQUIRE_SERVICES=1 requires the PostgreSQL suite',
        );
      db = await target.open();
      destination = await TestDestination.open(DESTINATION_URL);
      airbyte = await FakeAirbyteApi.start();
      gong = await FakeGongApi.start({
        transcripts: {
          [CALL_ID]: [
            {
              speakerId: 'sp-1',
              topic: 'Pricing',
              sentences: [{ start: 0, end: 4000, text: 'Our volume pricing needs a second look.' }],
            },
          ],
        },
      });

      await destination.createRaw('gong', 'extensiveCalls');
      await destination.insertRaw('gong', 'extensiveCalls', [
        {
          id: CALL_ID,
          metaData: {
            id: CALL_ID,
            title: 'Vantage Rail renewal',
            started: '2026-11-20T15:00:00Z',
            url: `https://app.gong.io/call?id=${CALL_ID}`,
            isPrivate: false,
          },
          parties: [
            {
              id: 'p1',
              speakerId: 'sp-1',
              name: 'Ines Vantage',
              emailAddress: 'ines@vantagerail.example',
              affiliation: 'External',
            },
          ],
        },
      ]);
      await destination.createTyped('hubspot', 'engagements_notes', {
        id: 'varchar',
        properties: 'jsonb',
        createdAt: 'timestamptz',
        updatedAt: 'timestamptz',
        archived: 'boolean',
      });
      await destination.insertTyped('hubspot', 'engagements_notes', [
        {
          id: '880001',
          properties: {
            hs_note_body: '<p>Renewal pricing sent.</p>',
            hs_timestamp: '2026-11-21T10:00:00Z',
          },
          createdAt: '2026-11-21T10:00:00Z',
          updatedAt: '2026-11-21T10:00:00Z',
          archived: false,
        },
      ]);
    }, 60_000);
    afterAll(async () => {
      await airbyte?.close();
      await gong?.close();
      await destination?.close();
      await db?.close();
    });

    function config(): ProductionSyncConfig {
      return {
        airbyte: {
          baseUrl: airbyte.url,
          clientId: airbyte.clientId,
          clientSecret: airbyte.clientSecret,
          connections: { gong: 'c-gong', hubspot: 'c-hubspot' },
        },
        destinationUrl: destination.url,
        destinationNamespaces: {
          gong: destination.namespace('gong'),
          hubspot: destination.namespace('hubspot'),
        },
        destinationRawSchema: destination.rawSchema,
        gong: {
          baseUrl: gong.url,
          accessKey: gong.accessKey,
          accessKeySecret: gong.accessKeySecret,
        },
      };
    }

    function clients() {
      return {
        airbyte: new AirbyteClient({
          baseUrl: airbyte.url,
          clientId: airbyte.clientId,
          clientSecret: airbyte.clientSecret,
          baseDelayMs: 1,
          maxAttempts: 3,
        }),
        gong: new GongTranscriptClient({
          baseUrl: gong.url,
          accessKey: gong.accessKey,
          accessKeySecret: gong.accessKeySecret,
          requestsPerSecond: 1000,
          baseDelayMs: 1,
        }),
      };
    }

    it('runs jobs, reads the destination and fills in missing transcripts', async () => {
      const app = await openTestApp(db);
      const report = await runProductionSync(app.pipeline, config(), {
        ...clients(),
        pollIntervalMs: 5,
      });
      const passages = await db.query<{ text: string; start_ms: number }>(
        `SELECT p.text, p.start_ms FROM ${app.schema}.passages p JOIN ${app.schema}.interactions i ON i.id = p.interaction_id WHERE i.call_id = $1`,
        [CALL_ID],
      );

      expect(report.status).toBe('succeeded');
      expect(report.jobs.map((job) => [job.source, job.status])).toEqual([
        ['gong', 'succeeded'],
        ['hubspot', 'succeeded'],
      ]);
      expect(airbyte.requestsTo('/jobs', 'POST')).toHaveLength(2);
      expect(report.extract?.totals.records).toBe(2);
      expect(report.transcripts).toEqual(
        expect.objectContaining({ status: 'complete', callsWithout: 1, fetched: 1 }),
      );
      expect(passages.map((row) => row.text).join(' ')).toContain('volume pricing');
      expect(passages.some((row) => row.start_ms === 0)).toBe(true);

      const again = await runProductionSync(app.pipeline, config(), {
        ...clients(),
        pollIntervalMs: 5,
      });
      expect(again.extract?.totals.records).toBe(0);
      expect(again.transcripts.callsWithout).toBe(0);
    });

    it('reports a failed job and a 429 storm with a clear status instead of hanging', async () => {
      const app = await openTestApp(db);
      airbyte.nextJobScript = ['running', 'failed'];
      const failed = await runProductionSync(app.pipeline, config(), {
        ...clients(),
        sources: ['hubspot'],
        pollIntervalMs: 5,
      });

      // Exactly as many 429s as the client makes attempts, so none leak into later runs.
      airbyte.failNext(3, 429, { retryAfter: '0', pathPrefix: '/jobs' });
      const storm = await runProductionSync(app.pipeline, config(), {
        ...clients(),
        sources: ['hubspot'],
        pollIntervalMs: 5,
      });
      airbyte.nextJobScript = ['pending', 'running', 'succeeded'];

      expect(failed.jobs[0]?.status).toBe('failed');
      expect(failed.status).toBe('succeeded');
      expect(storm.jobs[0]?.status).toBe('error');
      expect(storm.jobs[0]?.error).toMatch(/429/);
      const runs = await db.query<{ status: string; trigger: string }>(
        `SELECT status, trigger FROM ${app.schema}.sync_runs WHERE trigger LIKE 'conductor:%'`,
      );
      expect(runs.length).toBeGreaterThanOrEqual(2);
    });
  },
);
