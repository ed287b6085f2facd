import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { logger } from '../logger.js';
import { packageRoot } from '../paths.js';
import type { Database } from './database.js';

const SCHEMA_TOKEN = /__SCHEMA__/g;
const VECTOR_MIGRATIONS = new Set(['002_vectors.sql']);

/** Schema names are interpolated into SQL, so only plain lower-case identifiers pass. */
export function assertSchemaName(schema: string): void {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(
      `Invalid schema name ${JSON.stringify(schema)}: use lower-case letters, digits and _`,
    );
  }
}

/**
 * Apply every migration in `schema/migrations` that `schema` has not had yet, in file-name
 * order, each in its own transaction under an advisory lock so that concurrent servers sharing a
 * database migrate once. Migrations that need pgvector are skipped where it is missing.
 */
export async function migrate(db: Database, schema: string): Promise<string[]> {
  assertSchemaName(schema);
  const dir = join(packageRoot(), 'schema', 'migrations');
  const files = readdirSync(dir)
    .filter((name) => name.endsWith('.sql'))
    .sort();
  const withVector = await db.hasVector();

  await db.exec(`
    CREATE SCHEMA IF NOT EXISTS ${schema};
    CREATE TABLE IF NOT EXISTS ${schema}.schema_migrations (
      version text PRIMARY KEY,
      applied_at timestamptz NOT NULL DEFAULT now()
    );`);

  const applied: string[] = [];
  for (const file of files) {
    if (VECTOR_MIGRATIONS.has(file) && !withVector) continue;
    const done = await db.query(`SELECT 1 FROM ${schema}.schema_migrations WHERE version = $1`, [
      file,
    ]);
    if (done.length > 0) continue;

    const sql = readFileSync(join(dir, file), 'utf8').replace(SCHEMA_TOKEN, schema);
    const version = file.replace(/'/g, "''");
    await db.exec(`BEGIN;
      SELECT pg_advisory_xact_lock(hashtext('sophia-migrate-${schema}'));
      ${sql};
      INSERT INTO ${schema}.schema_migrations (version) VALUES ('${version}')
        ON CONFLICT (version) DO NOTHING;
      COMMIT;`);
    applied.push(file);
  }
  if (applied.length > 0) logger.info({ schema, applied }, 'migrations applied');

  return applied;
}
