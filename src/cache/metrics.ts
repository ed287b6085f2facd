/** Prometheus counters of the cache, labelled by tier (`lru`, `redis`) and domain. */
import { Counter, register as defaultRegistry, type Registry } from 'prom-client';

export type CacheTier = 'lru' | 'redis';

export interface CacheMetrics {
  hits: Counter<'tier' | 'domain'>;
  misses: Counter<'tier' | 'domain'>;
  /** Redis calls that failed or timed out and fell back to the in-process path. */
  redisErrors: Counter<'operation'>;
  invalidations: Counter<'domain'>;
}

/** prom-client rejects a second metric with the same name in one registry, so share them. */
const metricsByRegistry = new WeakMap<Registry, CacheMetrics>();

/** Returns the cache counters registered in `registry` (the prom-client default registry). */
export function cacheMetrics(registry: Registry = defaultRegistry): CacheMetrics {
  const existing = metricsByRegistry.get(registry);
  if (existing !== undefined) {
    return existing;
  }

  const registers = [registry];
  const metrics: CacheMetrics = {
    hits: new Counter({
      name: 'sophia_cache_hits_total',
      help: 'Cache lookups served by a tier',
      labelNames: ['tier', 'domain'],
      registers,
    }),
    misses: new Counter({
      name: 'sophia_cache_misses_total',
      help: 'Cache lookups a tier had no entry for',
      labelNames: ['tier', 'domain'],
      registers,
    }),
    redisErrors: new Counter({
      name: 'sophia_cache_redis_errors_total',
      help: 'Redis cache calls that failed or timed out and fell back to the in-process cache',
      labelNames: ['operation'],
      registers,
    }),
    invalidations: new Counter({
      name: 'sophia_cache_invalidations_total',
      help: 'Generation bumps that invalidated the cached results of a domain',
      labelNames: ['domain'],
      registers,
    }),
  };
  metricsByRegistry.set(registry, metrics);

  return metrics;
}
