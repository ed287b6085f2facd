/**
 * A two-tier cache of read results: a hot in-process LRU and a warm Redis tier shared by every
 * sophia process that points at the same Redis. Each domain has a generation number that every
 * sync bumps. Keys carry the generation, so a bump makes all older entries of the domain
 * unreachable, and they age out by TTL.
 */
import { LRUCache } from 'lru-cache';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Domain } from '../config.js';
import { logger as defaultLogger } from '../logger.js';
import { DOMAIN_PREFIXES, entryKey, generationKey } from './keys.js';
import { type CacheMetrics, cacheMetrics } from './metrics.js';
import { RedisTier } from './redis-tier.js';

export interface SophiaCacheOptions {
  /** Redis URL of the warm tier and of the shared generations; unset for an in-process cache. */
  redisUrl?: string | undefined;
  /** Upper bound of one Redis command, in milliseconds. Default 250. */
  redisTimeoutMs?: number | undefined;
  /** Time to live of hot (in-process) entries, in milliseconds. Default one day. */
  hotTtlMs?: number | undefined;
  /** Time to live of warm (Redis) entries, in seconds. Default seven days. */
  warmTtlSeconds?: number | undefined;
  /** Maximum number of hot entries. Default 5000. */
  maxEntries?: number | undefined;
  /** Maximum total size of hot entries, in UTF-16 code units of their JSON. Default 64 Mi. */
  maxSize?: number | undefined;
  /**
   * How long a generation read from Redis is reused before it is read again, in milliseconds.
   * A sync in another process becomes visible to this one within this time. Default 1000.
   */
  generationCheckMs?: number | undefined;
  /**
   * Text put before every key, for deployments (or test runs) that share one Redis. Default
   * empty, so keys start with the domain prefix.
   */
  namespace?: string | undefined;
  /** Registry of the hit, miss and error counters (the prom-client default registry). */
  registry?: Registry | undefined;
  logger?: Logger | undefined;
}

export const DEFAULT_HOT_TTL_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_WARM_TTL_SECONDS = 7 * 24 * 60 * 60;
export const DEFAULT_REDIS_TIMEOUT_MS = 250;

interface GenerationState {
  value: number;
  /** `performance.now()` of the last Redis read, or -Infinity before the first one. */
  checkedAt: number;
  /** Bumps made while Redis was unreachable, pushed to Redis when it is back. */
  pending: number;
}

/** The cache: `getOrCompute` for reads, `invalidateDomain` after every sync. */
export class SophiaCache {
  private readonly hot: LRUCache<string, string>;
  private readonly redis: RedisTier | undefined;
  private readonly metrics: CacheMetrics;
  private readonly warmTtlSeconds: number;
  private readonly generationCheckMs: number;
  private readonly namespace: string;
  private readonly generations = new Map<Domain, GenerationState>();
  private readonly inFlight = new Map<string, Promise<unknown>>();
  private readonly pendingWrites = new Set<Promise<unknown>>();

  constructor(options: SophiaCacheOptions = {}) {
    this.metrics = cacheMetrics(options.registry);
    this.warmTtlSeconds = options.warmTtlSeconds ?? DEFAULT_WARM_TTL_SECONDS;
    this.generationCheckMs = options.generationCheckMs ?? 1000;
    this.namespace = options.namespace ?? '';
    this.hot = new LRUCache<string, string>({
      max: options.maxEntries ?? 5000,
      maxSize: options.maxSize ?? 64 * 1024 * 1024,
      sizeCalculation: (value, key) => value.length + key.length,
      ttl: options.hotTtlMs ?? DEFAULT_HOT_TTL_MS,
    });
    this.redis =
      options.redisUrl === undefined
        ? undefined
        : new RedisTier({
            url: options.redisUrl,
            timeoutMs: options.redisTimeoutMs ?? DEFAULT_REDIS_TIMEOUT_MS,
            logger: options.logger ?? defaultLogger,
            metrics: this.metrics,
          });
  }

  /** Whether this cache has a Redis tier and its connection is ready. */
  get redisReady(): boolean {
    return this.redis?.ready ?? false;
  }

  /**
   * Returns the cached result of `operation` with `args` in `domain`, or runs `compute` and
   * caches what it returns. Results must be JSON values, because both tiers store JSON text.
   * A rejected `compute` is not cached. Concurrent calls for one key share one `compute`.
   */
  async getOrCompute<T>(
    domain: Domain,
    operation: string,
    args: unknown,
    compute: () => Promise<T>,
  ): Promise<T> {
    const generation = await this.generation(domain);
    const key = this.namespace + entryKey(domain, generation, operation, args);

    const cached = await this.lookup(domain, key);
    if (cached !== undefined) {
      return JSON.parse(cached) as T;
    }

    const running = this.inFlight.get(key);
    if (running !== undefined) {
      return (await running) as T;
    }

    const computed = this.computeAndStore(key, compute);
    this.inFlight.set(key, computed);
    try {
      return await computed;
    } finally {
      this.inFlight.delete(key);
    }
  }

  /**
   * Bumps the generation of `domain`, so no process sharing this Redis serves results cached
   * before the call. Without Redis the bump is seen by this process only until Redis is back.
   * Returns the new generation.
   */
  async invalidateDomain(domain: Domain): Promise<number> {
    const state = this.state(domain);
    this.dropHotEntries(domain);
    this.metrics.invalidations.inc({ domain });

    const bumped = await this.redis?.incrementCounter(
      this.namespace + generationKey(domain),
      state.pending + 1,
    );
    if (bumped?.ok) {
      state.value = bumped.value;
      state.pending = 0;
      state.checkedAt = performance.now();
    } else {
      state.value += 1;
      state.pending += this.redis === undefined ? 0 : 1;
    }

    return state.value;
  }

  /** Returns the generation of `domain` that keys are built with now. */
  async generation(domain: Domain): Promise<number> {
    const state = this.state(domain);
    const fresh = performance.now() - state.checkedAt < this.generationCheckMs;
    if (this.redis === undefined || (fresh && state.pending === 0)) {
      return state.value;
    }

    const key = this.namespace + generationKey(domain);
    const result =
      state.pending > 0
        ? await this.redis.incrementCounter(key, state.pending)
        : await this.redis.getCounter(key);
    state.checkedAt = performance.now();
    if (result.ok) {
      state.pending = 0;
      this.adoptGeneration(domain, state, result.value);
    }

    return state.value;
  }

  /** Resolves when every Redis write started so far has finished or failed. */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.pendingWrites]);
  }

  /** Waits for pending writes and closes the Redis connection. */
  async close(): Promise<void> {
    await this.settled();
    await this.redis?.close();
  }

  private async lookup(domain: Domain, key: string): Promise<string | undefined> {
    const hot = this.hot.get(key);
    if (hot !== undefined) {
      this.metrics.hits.inc({ tier: 'lru', domain });
      return hot;
    }

    this.metrics.misses.inc({ tier: 'lru', domain });
    if (this.redis === undefined) {
      return undefined;
    }

    const warm = await this.redis.get(key);
    if (warm.ok && warm.value !== null) {
      this.metrics.hits.inc({ tier: 'redis', domain });
      this.hot.set(key, warm.value);
      return warm.value;
    }

    this.metrics.misses.inc({ tier: 'redis', domain });
    return undefined;
  }

  private async computeAndStore<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const value = await compute();
    const text = JSON.stringify(value);
    if (text === undefined) {
      return value;
    }

    this.hot.set(key, text);
    if (this.redis !== undefined) {
      // The caller does not wait for the warm write, so a slow Redis never delays a reply.
      const write = this.redis.set(key, text, this.warmTtlSeconds);
      this.pendingWrites.add(write);
      void write.finally(() => this.pendingWrites.delete(write));
    }

    // Parse the stored text so a miss returns the same shape as a later hit.
    return JSON.parse(text) as T;
  }

  /**
   * Takes a generation read from Redis. When it differs from the one in use, hot entries of the
   * domain are dropped too: a Redis that restarted empty counts from 0 again, and entries cached
   * under an old generation with the same number would otherwise come back.
   */
  private adoptGeneration(domain: Domain, state: GenerationState, value: number): void {
    if (value !== state.value) {
      this.dropHotEntries(domain);
      state.value = value;
    }
  }

  private dropHotEntries(domain: Domain): void {
    const prefix = this.namespace + DOMAIN_PREFIXES[domain];
    for (const key of [...this.hot.keys()]) {
      if (key.startsWith(prefix)) {
        this.hot.delete(key);
      }
    }
  }

  private state(domain: Domain): GenerationState {
    let state = this.generations.get(domain);
    if (state === undefined) {
      state = { value: 0, checkedAt: Number.NEGATIVE_INFINITY, pending: 0 };
      this.generations.set(domain, state);
    }

    return state;
  }
}
