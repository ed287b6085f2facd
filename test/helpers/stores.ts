import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type App, openApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import type { Database } from '../../src/db/database.js';
import { PgliteDatabase } from '../../src/db/pglite.js';
import { PostgresDatabase } from '../../src/db/postgres.js';

export interface StoreTarget {
  name: 'pglite' | 'postgres';
  open(): Promise<Database>;
}

/**
 * The stores every storage test runs on: PGlite always, and PostgreSQL when DATABASE_URL is
 * set. With SOPHIA_REQUIRE_SERVICES=1 (as in CI) a missing DATABASE_URL fails the suite.
 */
export function storeTargets(): StoreTarget[] {
  const targets: StoreTarget[] = [{ name: 'pglite', open: () => PgliteDatabase.open('memory://') }];
  const url = process.env.DATABASE_URL;
  if (url) {
    targets.push({ name: 'postgres', open: () => PostgresDatabase.open(url) });
  } else if (process.env.SOPHIA_REQUIRE_SERVICES === '1') {
    targets.push({
      name: 'postgres',
      open: () =>
        Promise.reject(
          new Error(
            'DATABASE_URL is not set, but SOPHIA_REQUIRE_SERVICES=1 requires the PostgreSQL suite',
          ),
        ),
    });
  }

  return targets;
}

/** A schema name no other test uses, so tests can share one database. */
export function uniqueSchema(): string {
  return `t_${randomBytes(5).toString('hex')}`;
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({}), dataDir: 'memory://', ...overrides };
}

/** Open the app on `db` in a fresh schema. `now` pins relative dates such as "last month". */
export async function openTestApp(
  db: Database,
  options: { now?: Date; disableVector?: boolean } = {},
): Promise<App> {
  return openApp(testConfig(), {
    db,
    schema: uniqueSchema(),
    disableVector: options.disableVector,
    now: options.now ? () => options.now as Date : undefined,
  });
}

type Line = Record<string, unknown> | string;

/** Wrap a record in the AirbyteMessage envelope, as a connector prints it. */
export function recordMessage(
  stream: string,
  data: Record<string, unknown>,
  emittedAt = 1_790_000_000_000,
): Record<string, unknown> {
  return { type: 'RECORD', record: { stream, data, emitted_at: emittedAt } };
}

/** Write `DIR/<source>/<file>.jsonl` files; objects become JSON lines, strings are written as-is. */
export function writeAirbyteDir(
  files: Record<string, Line[]>,
  dir = mkdtempSync(join(tmpdir(), 'sophia-airbyte-')),
): string {
  for (const [path, lines] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(
      full,
      `${lines.map((line) => (typeof line === 'string' ? line : JSON.stringify(line))).join('\n')}\n`,
    );
  }

  return dir;
}
