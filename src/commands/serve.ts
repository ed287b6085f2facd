import { parseArgs } from 'node:util';
import type { SophiaApi } from '../api.js';
import { type App, openApp } from '../app.js';
import { cacheOptionsFromEnv, invalidateDomain, SophiaCache, withCache } from '../cache/index.js';
import { type Config, ConfigError, type Domain, loadConfig } from '../config.js';
import type { Database } from '../db/database.js';
import { openDatabase } from '../db/open.js';
import { parseTokenGrants } from '../http.js';
import { logger } from '../logger.js';
import { parseSyncEvery, type SyncSchedule, startSyncSchedule } from '../pipeline/schedule.js';
import { serve } from '../server.js';

/** Parse `HOST:PORT` (IPv6 hosts in brackets), naming the value when it is not one. */
export function parseHostPort(value: string): { host: string; port: number } {
  const match = /^(\[[^\]]+\]|[^:]+):(\d{1,5})$/.exec(value.trim());
  const port = Number(match?.[2]);
  if (match === null || !(port >= 0 && port <= 65535)) {
    throw new ConfigError(
      `--http ${JSON.stringify(value)} is not HOST:PORT; use e.g. --http 127.0.0.1:8787`,
    );
  }

  return { host: (match[1] ?? '').replace(/^\[|\]$/g, ''), port };
}

/**
 * Opens one database and one app per domain on demand. The first domain starts opening at
 * once, but the server does not wait for it: PGlite takes seconds to open, and desktop clients
 * give up on servers that answer `initialize` late.
 */
class AppPool {
  private db: Promise<Database> | undefined;
  private readonly apps = new Map<Domain, Promise<App>>();
  private readonly lastSync = new Map<Domain, number>();
  private readonly watcher: NodeJS.Timeout;

  constructor(
    private readonly config: Config,
    readonly cache: SophiaCache,
  ) {
    // A sync run by another process (the CLI, a second server) commits to the shared database;
    // polling the run table lets this server drop cached results even without Redis.
    this.watcher = setInterval(() => void this.invalidateAfterSyncs(), SYNC_WATCH_MS);
    this.watcher.unref();
  }

  /** The domain's read API behind the result cache. */
  async api(domain: Domain): Promise<SophiaApi> {
    return withCache((await this.get(domain)).api, this.cache);
  }

  get(domain: Domain): Promise<App> {
    let app = this.apps.get(domain);
    if (app === undefined) {
      this.db ??= openDatabase(this.config);
      // A schema override names the configured domain's schema only; other domains keep their own.
      const schema = domain === this.config.domain ? this.config.schema : undefined;
      app = this.db.then((db) => openApp({ ...this.config, domain, schema }, { db }));
      app.catch((error: unknown) =>
        logger.error({ err: error, domain }, 'opening the store failed'),
      );
      this.apps.set(domain, app);
    }

    return app;
  }

  private async invalidateAfterSyncs(): Promise<void> {
    for (const [domain, pending] of this.apps) {
      try {
        const app = await pending;
        const rows = await app.db.query<{ last: Date | null }>(
          `SELECT max(finished_at) AS last FROM ${app.schema}.sync_runs`,
        );
        const last = rows[0]?.last?.getTime() ?? 0;
        const seen = this.lastSync.get(domain);
        this.lastSync.set(domain, last);
        if (seen !== undefined && last !== seen) await invalidateDomain(this.cache, domain);
      } catch (error) {
        logger.warn({ err: error, domain }, 'checking for finished syncs failed');
      }
    }
  }

  async close(): Promise<void> {
    clearInterval(this.watcher);
    await this.cache.close();
    await Promise.allSettled([...this.apps.values()]);
    const db = await this.db?.catch(() => undefined);
    await db?.close();
  }
}

/** How often a server looks for syncs finished by other processes. */
const SYNC_WATCH_MS = 10_000;

export async function runServe(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { http: { type: 'string' }, 'sync-every': { type: 'string' } },
  });
  const config = loadConfig();
  if (values['sync-every'] !== undefined) parseSyncEvery(values['sync-every']);
  // Settings are checked before the store starts opening, so a bad value exits at once.
  const tokens = config.httpTokens ? parseTokenGrants(config.httpTokens) : undefined;
  const cacheOptions = cacheOptionsFromEnv();
  const pool = new AppPool(
    config,
    new SophiaCache({ ...cacheOptions, namespace: config.cacheNamespace }),
  );
  const defaultApi = pool.api(config.domain);

  const handle = await serve({
    api: defaultApi,
    http: values.http === undefined ? undefined : { ...parseHostPort(values.http), tokens },
    apiForGrant: (grant) => {
      const domain = (grant?.domains[0] as Domain | undefined) ?? config.domain;
      return pool.api(domain);
    },
  });
  if (handle.transport === 'http') {
    logger.info(
      { url: handle.url, mcp: `${handle.url}/mcp`, sse: `${handle.url}/sse` },
      'MCP HTTP server listening',
    );
  }

  let schedule: SyncSchedule | undefined;
  if (values['sync-every'] !== undefined) {
    if (config.syncFrom === undefined) {
      throw new ConfigError(
        '--sync-every needs SOPHIA_SYNC_FROM, the folder of Airbyte output to sync from',
      );
    }
    const every = values['sync-every'];
    schedule = startSyncSchedule(every, async () => {
      const app = await pool.get(config.domain);
      try {
        await app.sync({ dir: config.syncFrom as string, trigger: 'schedule' });
      } finally {
        await invalidateDomain(pool.cache, config.domain);
      }
    });
    logger.info(
      { schedule: schedule.description, from: config.syncFrom },
      'scheduled sync enabled',
    );
  }

  const stop = async () => {
    schedule?.stop();
    await handle.close();
    await pool.close();
  };
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
    if (handle.transport === 'stdio') void handle.closed.then(resolve);
  });
  await stop();
  logger.info('MCP server stopped');

  return 0;
}
