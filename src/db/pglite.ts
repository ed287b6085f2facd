import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { vector } from '@electric-sql/pglite-pgvector';
import type { Database, Queryable } from './database.js';
import { lockDataDir } from './dir-lock.js';

/** Embedded PostgreSQL (PGlite) with pgvector, stored in a data directory. */
export class PgliteDatabase implements Database {
  readonly kind = 'pglite';

  private constructor(
    private readonly db: PGlite,
    private readonly unlock: () => void = () => {},
  ) {}

  /**
   * Open (or create) the database in `dataDir`; `memory://` opens a throw-away in-memory one.
   * Opening takes seconds the first time because PGlite runs initdb.
   */
  static async open(dataDir: string): Promise<PgliteDatabase> {
    let unlock: () => void = () => {};
    if (!dataDir.startsWith('memory://')) {
      mkdirSync(dataDir, { recursive: true });
      unlock = lockDataDir(dataDir);
    }
    try {
      const db = await PGlite.create({ dataDir, extensions: { vector } });
      await db.exec('CREATE EXTENSION IF NOT EXISTS vector');
      return new PgliteDatabase(db, unlock);
    } catch (error) {
      unlock();
      throw error;
    }
  }

  async query<Row>(sql: string, params: unknown[] = []): Promise<Row[]> {
    const result = await this.db.query<Row>(sql, params);
    return result.rows;
  }

  async exec(sql: string): Promise<void> {
    await this.db.exec(sql);
  }

  async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx: Transaction) => {
      const queryable: Queryable = {
        query: async <Row>(sql: string, params: unknown[] = []) =>
          (await tx.query<Row>(sql, params)).rows,
      };
      return work(queryable);
    });
  }

  async hasVector(): Promise<boolean> {
    return true;
  }

  async close(): Promise<void> {
    if (!this.db.closed) await this.db.close();
    this.unlock();
  }
}
