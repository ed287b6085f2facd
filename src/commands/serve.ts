import { parseArgs } from 'node:util';
import { type App, openApp } from '../app.js';
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

  constructor(private readonly config: Config) {}

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

  async close(): Promise<void> {
    await Promise.allSettled([...this.apps.values()]);
    const db = await this.db?.catch(() => undefined);
    await db?.close();
  }
}

export async function runServe(args: string[]): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { http: { type: 'string' }, 'sync-every': { type: 'string' } },
  });
  const config = loadConfig();
  if (values['sync-every'] !== undefined) parseSyncEvery(values['sync-every']);
  const pool = new AppPool(config);
  const defaultApi = pool.get(config.domain).then((app) => app.api);
  const tokens = config.httpTokens ? parseTokenGrants(config.httpTokens) : undefined;

  const handle = await serve({
    api: defaultApi,
    http: values.http === undefined ? undefined : { ...parseHostPort(values.http), tokens },
    apiForGrant: (grant) => {
      const domain = (grant?.domains[0] as Domain | undefined) ?? config.domain;
      return pool.get(domain).then((app) => app.api);
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
      await app.sync({ dir: config.syncFrom as string, trigger: 'schedule' });
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
