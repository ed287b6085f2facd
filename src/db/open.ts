import type { Config } from '../config.js';
import type { Database } from './database.js';
import { PgliteDatabase } from './pglite.js';
import { PostgresDatabase } from './postgres.js';

/** Open the configured store: PostgreSQL when `DATABASE_URL` is set, PGlite otherwise. */
export async function openDatabase(
  config: Pick<Config, 'databaseUrl' | 'dataDir'>,
  options: { disableVector?: boolean } = {},
): Promise<Database> {
  if (config.databaseUrl) return PostgresDatabase.open(config.databaseUrl, options);

  return PgliteDatabase.open(config.dataDir);
}
