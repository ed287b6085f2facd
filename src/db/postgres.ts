import pg from 'pg';
import { logger } from '../logger.js';
import type { Database, Queryable } from './database.js';

/** PostgreSQL server through a `pg` connection pool. */
export class PostgresDatabase implements Database {
  readonly kind = 'postgres';
  private vectorAvailable: boolean | undefined;

  private constructor(private readonly pool: pg.Pool) {}

  /** Connect and check the server answers; fails with the server's error when it does not. */
  static async open(
    connectionString: string,
    options: { disableVector?: boolean } = {},
  ): Promise<PostgresDatabase> {
    const pool = new pg.Pool({ connectionString, max: 8, idleTimeoutMillis: 30_000 });
    pool.on('error', (error) => logger.error({ err: error }, 'idle PostgreSQL client failed'));
    const database = new PostgresDatabase(pool);

    try {
      await pool.query('SELECT 1');
    } catch (error) {
      await pool.end();
      throw new Error(
        `Cannot connect to PostgreSQL at ${redactUrl(connectionString)}: ${(error as Error).message}. ` +
          'Check DATABASE_URL, or unset it to use the embedded store.',
      );
    }
    database.vectorAvailable = options.disableVector ? false : await database.enableVector();

    return database;
  }

  async query<Row>(sql: string, params: unknown[] = []): Promise<Row[]> {
    const result = await this.pool.query(sql, params);
    return result.rows as Row[];
  }

  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const queryable: Queryable = {
        query: async <Row>(sql: string, params: unknown[] = []) =>
          (await client.query(sql, params)).rows as Row[],
      };
      const result = await work(queryable);
      await client.query('COMMIT');

      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: unknown) => {
        logger.error({ err: rollbackError }, 'rollback failed');
      });
      throw error;
    } finally {
      client.release();
    }
  }

  async hasVector(): Promise<boolean> {
    return this.vectorAvailable ?? false;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** Install pgvector when the server has it; a server without it still works, on full text. */
  private async enableVector(): Promise<boolean> {
    try {
      await this.pool.query('CREATE EXTENSION IF NOT EXISTS vector');
      return true;
    } catch (error) {
      logger.warn(
        { err: (error as Error).message },
        'pgvector is not available on this PostgreSQL server; search falls back to full text',
      );
      return false;
    }
  }
}

/** The URL without its password, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
