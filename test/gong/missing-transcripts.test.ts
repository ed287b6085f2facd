import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/database.js';
import { listCallsWithoutTranscript } from '../../src/gong/missing-transcripts.js';
import { GongTranscriptClient } from '../../src/gong/transcripts.js';
import type { Logger } from '../../src/logger.js';
import { FakeGongApi } from '../fakes/gong-api.js';
import { openTestApp, recordMessage, storeTargets, writeAirbyteDir } from '../helpers/stores.js';

const quietLogger = pino(
  { level: 'silent' },
  new Writable({ write: (_c, _e, cb) => cb() }),
) as unknown as Logger;

const REP = { id: '5500000000000000001', email: 'morgan.hale@northwind-seller.example' };
const BUYER = { email: 'ines.varga@corvid-logistics.example' };

function call(id: string, started: string, isPrivate = false): Record<string, unknown> {
  return {
    id,
    url: `https://app.gong.example/call?id=${id}`,
    title: `Corvid Logistics call ${id.slice(-2)}`,
    started,
    duration: 1800,
    primaryUserId: REP.id,
    direction: 'Conference',
    scope: 'External',
    media: 'Video',
    language: 'eng',
    isPrivate,
  };
}

function extensiveCall(id: string, started: string): Record<string, unknown> {
  return {
    id: Number(id),
    metaData: call(id, started),
    parties: [
      {
        id: `p1-${id}`,
        emailAddress: REP.email,
        name: 'Morgan Hale',
        userId: REP.id,
        speakerId: `s1-${id}`,
        affiliation: 'Internal',
      },
      {
        id: `p2-${id}`,
        emailAddress: BUYER.email,
        name: 'Ines Varga',
        speakerId: `s2-${id}`,
        affiliation: 'External',
      },
    ],
  };
}

function transcript(id: string): Record<string, unknown>[] {
  return [
    {
      speakerId: `s2-${id}`,
      topic: 'Pricing',
      sentences: [
        {
          start: 4_000,
          end: 9_500,
          text: 'Our freight volume doubles in spring, so tiered pricing matters.',
        },
      ],
    },
    {
      speakerId: `s1-${id}`,
      sentences: [
        { start: 10_000, end: 14_000, text: 'Then the volume tier is the one to look at.' },
      ],
    },
  ];
}

const CALL_A = '7400000000000000101';
const CALL_B = '7400000000000000102';
const CALL_C = '7400000000000000103';
const CALL_PRIVATE = '7400000000000000104';

describe.each(storeTargets())('listCallsWithoutTranscript on $name', (target) => {
  let db: Database;

  beforeAll(async () => {
    db = await target.open();
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it('lists calls that lack a transcript', async () => {
    const app = await openTestApp(db);
    const dir = writeAirbyteDir({
      'gong/records.jsonl': [
        recordMessage('calls', call(CALL_A, '2026-03-02T16:00:00Z')),
        recordMessage('extensiveCalls', extensiveCall(CALL_A, '2026-03-02T16:00:00Z')),
        recordMessage('extensiveCalls', extensiveCall(CALL_B, '2026-03-04T16:00:00Z')),
        recordMessage('calls', call(CALL_C, '2026-03-03T16:00:00Z')),
        recordMessage('callTranscripts', {
          callId: CALL_C,
          started: '2026-03-03T16:00:00Z',
          transcript: transcript(CALL_C),
        }),
        recordMessage('calls', call(CALL_PRIVATE, '2026-03-05T16:00:00Z', true)),
      ],
    });
    await app.sync({ dir });

    const missing = await listCallsWithoutTranscript(db, app.schema);
    expect(missing).toEqual([
      { callId: CALL_B, started: '2026-03-04T16:00:00Z', isPrivate: false },
      { callId: CALL_A, started: '2026-03-02T16:00:00Z', isPrivate: false },
    ]);

    const withPrivate = await listCallsWithoutTranscript(db, app.schema, { includePrivate: true });
    expect(withPrivate.map((row) => row.callId)).toEqual([CALL_PRIVATE, CALL_B, CALL_A]);
    expect(withPrivate[0]?.isPrivate).toBe(true);

    const newest = await listCallsWithoutTranscript(db, app.schema, { limit: 1 });
    expect(newest.map((row) => row.callId)).toEqual([CALL_B]);
  });

  it('fills the gap through the Gong adapter', async () => {
    const app = await openTestApp(db);
    await app.sync({
      dir: writeAirbyteDir({
        'gong/records.jsonl': [
          recordMessage('calls', call(CALL_A, '2026-03-02T16:00:00Z')),
          recordMessage('extensiveCalls', extensiveCall(CALL_A, '2026-03-02T16:00:00Z')),
        ],
      }),
    });
    const missing = await listCallsWithoutTranscript(db, app.schema);
    expect(missing.map((row) => row.callId)).toEqual([CALL_A]);

    const fake = await FakeGongApi.start({
      transcripts: { [CALL_A]: transcript(CALL_A) as never },
    });
    try {
      const client = new GongTranscriptClient({
        baseUrl: fake.url,
        accessKey: fake.accessKey,
        accessKeySecret: fake.accessKeySecret,
        logger: quietLogger,
      });
      const started = new Map(missing.map((row) => [row.callId, row.started ?? '']));
      const result = await client.fetchTranscripts(
        missing.map((row) => row.callId),
        { startedByCallId: started },
      );
      expect(result.records).toHaveLength(1);

      const report = await app.sync({
        dir: writeAirbyteDir({
          'gong/transcripts.jsonl': result.records.map((record) =>
            recordMessage('callTranscripts', { ...record }),
          ),
        }),
      });
      expect(report.totals.deadLetters).toBe(0);
    } finally {
      await fake.close();
    }

    expect(await listCallsWithoutTranscript(db, app.schema)).toEqual([]);
    const passages = await db.query<{ text: string }>(
      `SELECT p.text FROM ${app.schema}.passages p
         JOIN ${app.schema}.interactions i ON i.id = p.interaction_id
        WHERE i.call_id = $1`,
      [CALL_A],
    );
    expect(passages.map((row) => row.text).join(' ')).toContain('tiered pricing matters');
  });

  it('rejects an unsafe schema name', async () => {
    await expect(listCallsWithoutTranscript(db, 'x; DROP TABLE y')).rejects.toThrow(
      'Invalid schema name',
    );
  });
});
