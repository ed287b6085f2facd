import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Queryable } from '../db/database.js';
import { logger } from '../logger.js';

/** Raised when another process or job already syncs this domain; retrying later is safe. */
export class SyncBusyError extends Error {
  override readonly name = 'SyncBusyError';
  readonly retryable = true;

  constructor(
    readonly holder: string,
    readonly runId: string | null,
    readonly since: Date,
  ) {
    super(
      `A sync is already running for this domain (run ${runId ?? 'unknown'}, held by ${holder} since ` +
        `${since.toISOString()}); wait for it to finish, or check it with get_sync_status`,
    );
  }
}

export interface SyncLease {
  readonly holder: string;
  release(): Promise<void>;
}

const LEASE_SECONDS = 60;

/**
 * Check whether a holder string (`host:pid:nonce`) names a process on this host that no longer
 * exists. Holders on other hosts are judged by their lease expiry alone.
 */
function isDeadLocalHolder(holder: string): boolean {
  const [host, pid] = holder.split(':');
  if (host !== hostname() || pid === undefined || !/^\d+$/.test(pid)) return false;
  try {
    process.kill(Number(pid), 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Take the lease from a holder that was killed on this host, so a sync restarted right after a
 * crash does not wait for the lease to expire.
 */
async function takeOverDeadHolder(
  db: Queryable,
  schema: string,
  holder: string,
  runId: string,
): Promise<boolean> {
  const current = await db.query<{ holder: string }>(
    `SELECT holder FROM ${schema}.sync_lock WHERE name = 'sync'`,
  );
  const previous = current[0]?.holder;
  if (previous === undefined || !isDeadLocalHolder(previous)) return false;

  const rows = await db.query<{ holder: string }>(
    `UPDATE ${schema}.sync_lock SET holder = $1, run_id = $2, acquired_at = now(),
       expires_at = now() + make_interval(secs => $4)
     WHERE name = 'sync' AND holder = $3 RETURNING holder`,
    [holder, runId, previous, LEASE_SECONDS],
  );
  if (rows.length > 0)
    logger.warn({ previous, holder }, 'took over the sync lease of a process that died');

  return rows.length > 0;
}

/**
 * Take the domain's sync lease, renewing it every third of its lifetime until released. Raises
 * SyncBusyError while another holder's lease is live.
 */
export async function acquireSyncLease(
  db: Queryable,
  schema: string,
  runId: string,
): Promise<SyncLease> {
  const holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const rows = await db.query<{ holder: string }>(
    `INSERT INTO ${schema}.sync_lock (name, holder, run_id, acquired_at, expires_at)
     VALUES ('sync', $1, $2, now(), now() + make_interval(secs => $3))
     ON CONFLICT (name) DO UPDATE SET
       holder = EXCLUDED.holder, run_id = EXCLUDED.run_id,
       acquired_at = EXCLUDED.acquired_at, expires_at = EXCLUDED.expires_at
     WHERE ${schema}.sync_lock.expires_at < now()
     RETURNING holder`,
    [holder, runId, LEASE_SECONDS],
  );
  if (rows[0]?.holder !== holder && !(await takeOverDeadHolder(db, schema, holder, runId))) {
    const current = await db.query<{ holder: string; run_id: string | null; acquired_at: Date }>(
      `SELECT holder, run_id, acquired_at FROM ${schema}.sync_lock WHERE name = 'sync'`,
    );
    const row = current[0];
    throw new SyncBusyError(
      row?.holder ?? 'unknown',
      row?.run_id ?? null,
      row?.acquired_at ?? new Date(),
    );
  }

  const renew = setInterval(
    () => {
      db.query(
        `UPDATE ${schema}.sync_lock SET expires_at = now() + make_interval(secs => $2)
       WHERE name = 'sync' AND holder = $1`,
        [holder, LEASE_SECONDS],
      ).catch((error: unknown) =>
        logger.warn({ err: error, holder }, 'renewing the sync lease failed'),
      );
    },
    (LEASE_SECONDS * 1000) / 3,
  );
  renew.unref();

  return {
    holder,
    release: async () => {
      clearInterval(renew);
      await db.query(`DELETE FROM ${schema}.sync_lock WHERE name = 'sync' AND holder = $1`, [
        holder,
      ]);
    },
  };
}
