import { afterEach, describe, expect, it, vi } from 'vitest';
import { PgliteDatabase } from '../../src/db/pglite.js';
import { logger } from '../../src/logger.js';
import { connectorLogLevel } from '../../src/pipeline/sync-files.js';
import { openTestApp, writeAirbyteDir } from '../helpers/stores.js';

describe('connector log messages', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it.each([
    ['FATAL', 'error'],
    ['ERROR', 'error'],
    ['WARN', 'warn'],
    ['INFO', 'info'],
    ['DEBUG', 'debug'],
    ['trace', 'debug'],
    ['NOTICE', 'info'],
  ])('maps Airbyte level %s to %s', (level, method) => {
    expect(connectorLogLevel(level)).toBe(method);
  });

  it('logs a WARN line as a warning with its own level field', async () => {
    const warn = vi.spyOn(logger, 'warn');
    const db = await PgliteDatabase.open('memory://');
    const app = await openTestApp(db);
    try {
      await app.sync({
        dir: writeAirbyteDir({
          'hubspot/a.jsonl': [
            { type: 'LOG', log: { level: 'WARN', message: 'rate limit reached, backing off' } },
          ],
        }),
      });
    } finally {
      await app.close();
      await db.close();
    }

    const call = warn.mock.calls.find((args) => String(args[1]).startsWith('connector log:'));
    expect(call?.[0]).toMatchObject({ connectorLevel: 'WARN', source: 'hubspot' });
    expect(call?.[0]).not.toHaveProperty('level');
  });
});
