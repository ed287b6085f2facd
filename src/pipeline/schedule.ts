import { Cron } from 'croner';
import { ConfigError } from '../config.js';
import { logger } from '../logger.js';
import { SyncBusyError } from './lock.js';

export interface SyncSchedule {
  /** Human-readable form, e.g. `every 6h` or `cron 0 *\/6 * * *`. */
  readonly description: string;
  stop(): void;
}

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * Parse `--sync-every`: an interval such as `15m`, `6h` or `1d`, or a five- or six-field cron
 * expression such as `0 *\/6 * * *`. Intervals shorter than one minute are rejected.
 */
export function parseSyncEvery(value: string): { intervalMs: number } | { cron: string } {
  const text = value.trim();
  const interval = /^(\d+)\s*([smhd])$/.exec(text);
  if (interval) {
    const ms = Number(interval[1]) * (UNITS[interval[2] ?? 'm'] ?? 60_000);
    if (ms < 60_000)
      throw new ConfigError(
        `--sync-every ${JSON.stringify(value)} is shorter than one minute; use e.g. 15m or 6h`,
      );
    return { intervalMs: ms };
  }
  if (text.split(/\s+/).length >= 5) {
    try {
      new Cron(text, { paused: true }).stop();
    } catch (error) {
      throw new ConfigError(
        `--sync-every ${JSON.stringify(value)} is not a valid cron expression: ${(error as Error).message}`,
      );
    }
    return { cron: text };
  }

  throw new ConfigError(
    `--sync-every ${JSON.stringify(value)} is neither an interval (15m, 6h, 1d) nor a cron expression (0 */6 * * *)`,
  );
}

/**
 * Run `sync` on the schedule. A run that finds another sync holding the domain's lease (another
 * server process, or a CLI sync) is skipped with a log line; the next tick tries again.
 */
export function startSyncSchedule(every: string, sync: () => Promise<unknown>): SyncSchedule {
  const parsed = parseSyncEvery(every);
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await sync();
    } catch (error) {
      if (error instanceof SyncBusyError)
        logger.info(
          { holder: error.holder, runId: error.runId },
          'scheduled sync skipped: another sync is running',
        );
      else logger.error({ err: error }, 'scheduled sync failed');
    } finally {
      running = false;
    }
  };

  if ('intervalMs' in parsed) {
    const timer = setInterval(() => void tick(), parsed.intervalMs);
    timer.unref();
    return { description: `every ${every.trim()}`, stop: () => clearInterval(timer) };
  }
  const job = new Cron(parsed.cron, { protect: true, unref: true }, () => tick());

  return { description: `cron ${parsed.cron}`, stop: () => job.stop() };
}
