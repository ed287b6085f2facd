/**
 * The warm cache tier on Redis, built so that Redis being down slows sophia but never breaks
 * it. Commands fail at once while the client is disconnected (no offline queue), time out after
 * `timeoutMs` when the server hangs, and are never retried, because the caller falls back to the
 * in-process tier. The client keeps reconnecting in the background, and the outage is logged
 * once when it starts and once when it ends.
 */
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { CacheMetrics } from './metrics.js';

export interface RedisTierOptions {
  /** `redis://` or `rediss://` URL. */
  url: string;
  /** Upper bound of one command, in milliseconds. */
  timeoutMs: number;
  logger: Logger;
  metrics: CacheMetrics;
}

/** Result of one Redis call: `ok: false` when it failed or timed out. */
export type RedisResult<T> = { ok: true; value: T } | { ok: false };

/** Maximum delay between reconnection attempts, in milliseconds. */
const MAX_RECONNECT_DELAY_MS = 2000;

/**
 * After a failed call, further calls fail at once for this long, in milliseconds. A server that
 * accepts commands but never replies then costs one timeout per second, not one per call.
 */
const FAILURE_BACKOFF_MS = 1000;

/** Warm tier and shared generation store; every method resolves, none rejects. */
export class RedisTier {
  private readonly client: Redis;
  private readonly logger: Logger;
  private readonly metrics: CacheMetrics;
  private readonly address: string;
  private readonly timeoutMs: number;
  private down = false;
  private closed = false;
  /** `performance.now()` before which calls are skipped after a failure. */
  private skipUntil = 0;

  constructor(options: RedisTierOptions) {
    this.logger = options.logger;
    this.metrics = options.metrics;
    this.address = describeAddress(options.url);
    this.timeoutMs = options.timeoutMs;
    this.client = new Redis(options.url, {
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: options.timeoutMs,
      connectTimeout: Math.max(options.timeoutMs * 5, 1000),
      retryStrategy: (attempt) => Math.min(100 * 2 ** Math.min(attempt, 5), MAX_RECONNECT_DELAY_MS),
    });

    // Without an 'error' listener, ioredis prints "Unhandled error event" on each failed reconnect.
    this.client.on('error', (error: Error) => this.markDown(error));
    this.client.on('ready', () => this.markUp());

    // `connect` rejects when the first attempt fails; the retry strategy keeps trying after that.
    this.client.connect().catch((error: Error) => this.markDown(error));
  }

  /** Whether the connection is ready for commands right now. */
  get ready(): boolean {
    return this.client.status === 'ready';
  }

  /** Reads a string value; `value` is null when the key does not exist. */
  get(key: string): Promise<RedisResult<string | null>> {
    return this.call('get', () => this.client.get(key));
  }

  /** Stores `value` under `key` with a time to live in seconds. */
  async set(key: string, value: string, ttlSeconds: number): Promise<RedisResult<void>> {
    const result = await this.call('set', () => this.client.set(key, value, 'EX', ttlSeconds));
    return result.ok ? { ok: true, value: undefined } : result;
  }

  /** Reads an integer counter; a missing key reads as 0. */
  async getCounter(key: string): Promise<RedisResult<number>> {
    const result = await this.get(key);
    return result.ok ? { ok: true, value: Number(result.value ?? 0) } : result;
  }

  /** Adds `increment` to a counter and returns the new value. */
  incrementCounter(key: string, increment: number): Promise<RedisResult<number>> {
    return this.call('incrby', () => this.client.incrby(key, increment));
  }

  /** Closes the connection and stops reconnecting. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.client.status === 'ready') {
      try {
        await this.client.quit();
        return;
      } catch {
        // The server went away during QUIT; dropping the socket below is all that is left.
      }
    }

    this.client.disconnect();
  }

  private async call<T>(operation: string, run: () => Promise<T>): Promise<RedisResult<T>> {
    if (this.down && performance.now() < this.skipUntil) {
      this.metrics.redisErrors.inc({ operation });
      return { ok: false };
    }

    await this.waitForConnection();
    try {
      const value = await run();
      this.markUp();
      return { ok: true, value };
    } catch (error) {
      this.metrics.redisErrors.inc({ operation });
      this.skipUntil = performance.now() + FAILURE_BACKOFF_MS;
      this.markDown(error as Error);
      return { ok: false };
    }
  }

  /**
   * Waits up to the command timeout for a connection that is being opened, so the first calls
   * after start-up do not fail only because the handshake has not finished. During an outage
   * it returns at once, and the call fails fast.
   */
  private async waitForConnection(): Promise<void> {
    if (this.down || this.closed || this.client.status === 'ready') {
      return;
    }

    await new Promise<void>((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.client.off('ready', finish);
        this.client.off('error', finish);
        resolve();
      };
      const timer = setTimeout(finish, this.timeoutMs);
      this.client.once('ready', finish);
      this.client.once('error', finish);
    });
  }

  private markDown(error: Error): void {
    if (this.down || this.closed) {
      return;
    }

    this.down = true;
    this.logger.warn(
      { err: error, redis: this.address },
      'Redis cache unavailable: serving from the in-process cache until it is reachable again',
    );
  }

  private markUp(): void {
    if (!this.down || this.closed) {
      return;
    }

    this.down = false;
    this.skipUntil = 0;
    this.logger.info({ redis: this.address }, 'Redis cache reachable again');
  }
}

/** Host and port of a Redis URL for logs, without the user name or password. */
function describeAddress(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return 'invalid URL';
  }
}
