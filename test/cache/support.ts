/** Shared pieces of the cache tests: a log capture, counter reads and a cache factory. */
import { randomBytes } from 'node:crypto';
import pino, { type Logger } from 'pino';
import { Registry } from 'prom-client';
import { SophiaCache, type SophiaCacheOptions } from '../../src/cache/index.js';

export interface LogCapture {
  logger: Logger;
  /** Parsed log lines, oldest first. */
  lines: { level: number; msg: string }[];
}

/** Creates a pino logger that keeps its lines in memory. */
export function captureLogs(): LogCapture {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino(
    { level: 'debug' },
    { write: (line: string) => lines.push(JSON.parse(line)) },
  );
  return { logger, lines };
}

/** Sums the values of counter `name` whose labels include `labels`. */
export async function counterValue(
  registry: Registry,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const metric = registry.getSingleMetric(name);
  if (metric === undefined) {
    throw new Error(`metric ${name} is not registered`);
  }

  const data = await metric.get();
  return data.values
    .filter((sample) =>
      Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
    )
    .reduce((sum, sample) => sum + sample.value, 0);
}

/** Returns a key namespace no other test uses. */
export function uniqueNamespace(): string {
  return `test-${randomBytes(5).toString('hex')}:`;
}

/** Opens a cache with its own registry and log capture, closed by the returned `close`. */
export function openCache(options: SophiaCacheOptions = {}) {
  const registry = new Registry();
  const logs = captureLogs();
  const cache = new SophiaCache({ registry, logger: logs.logger, ...options });
  return { cache, registry, logs };
}

/** Polls `condition` every 50 ms until it holds, failing after `timeoutMs`. */
export async function waitFor(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  description: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
    }

    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
