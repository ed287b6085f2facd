import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { PgliteDatabase } from '../../src/db/pglite.js';
import { openTestApp } from '../helpers/stores.js';

const EXAMPLES = fileURLToPath(new URL('../../examples', import.meta.url));

describe('examples', () => {
  it('pass their own format validator', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [`${EXAMPLES}/validate.mjs`]);
    expect(stdout).not.toMatch(/problem/i);
  });

  it('ingest without dead letters and answer the demo question', async () => {
    const db = await PgliteDatabase.open('memory://');
    try {
      const app = await openTestApp(db, { now: new Date('2026-12-04T12:00:00Z') });
      const report = await app.sync({ dir: EXAMPLES });
      const result = await app.api.search({
        query: 'pricing',
        company: 'Kestrel Freight',
        from: 'last month',
        limit: 20,
      });

      expect(report.totals.deadLetters).toBe(0);
      expect(report.sources.map((source) => source.source).sort()).toEqual([
        'gong',
        'hubspot',
        'salesforce',
        'slack',
      ]);
      expect(
        report.sources.every((source) =>
          source.streams.some((stream) => stream.interactionsWritten > 0),
        ),
      ).toBe(true);
      expect(new Set(result.hits.map((hit) => hit.citation.source)).size).toBeGreaterThanOrEqual(3);
      expect(result.hits.every((hit) => hit.citation.time.startsWith('2026-11'))).toBe(true);
    } finally {
      await db.close();
    }
  });
});
