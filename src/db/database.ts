/**
 * The one small database interface sophia's storage code is written against. Two
 * implementations exist: PGlite (embedded, in a data directory) and PostgreSQL through a `pg`
 * pool. Both speak PostgreSQL SQL with `$1` parameters, so queries and migrations are shared.
 */
export interface Queryable {
  /** Run one parameterized statement and return its rows. */
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<Row[]>;
}

export interface Database extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Run several statements separated by semicolons, with no parameters (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Run `work` in one transaction: committed when it resolves, rolled back when it throws.
   * Statements inside must go through the `tx` argument.
   */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Whether the pgvector extension is installed (after migrations) in this database. */
  hasVector(): Promise<boolean>;
  close(): Promise<void>;
}

/** Carries a rolled-back transaction's result out of `Database.transaction`. */
class RollbackWithResult<T> extends Error {
  constructor(readonly result: T) {
    super('transaction rolled back on purpose');
  }
}

/**
 * Runs `work` in one transaction and rolls it back, returning what `work` returned: a dry run
 * that makes every write a real run would make and keeps none.
 */
export async function inRolledBackTransaction<T>(
  db: Database,
  work: (tx: Queryable) => Promise<T>,
): Promise<T> {
  try {
    await db.transaction(async (tx) => {
      throw new RollbackWithResult(await work(tx));
    });
  } catch (error) {
    if (error instanceof RollbackWithResult) return error.result as T;
    throw error;
  }

  throw new Error('the rolled-back transaction committed');
}
