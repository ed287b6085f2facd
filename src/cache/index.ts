/**
 * The result cache: a hot in-process LRU in front of a warm Redis tier, with keys prefixed per
 * domain and invalidated per domain by a generation counter that each sync bumps.
 */
import type { Domain } from '../config.js';
import { assertDomain } from './keys.js';
import type { SophiaCache, SophiaCacheOptions } from './tiered-cache.js';

export { assertDomain, canonicalJson, DOMAIN_PREFIXES, entryKey, generationKey } from './keys.js';
export { type CacheMetrics, type CacheTier, cacheMetrics } from './metrics.js';
export { type RedisResult, RedisTier, type RedisTierOptions } from './redis-tier.js';
export {
  DEFAULT_HOT_TTL_MS,
  DEFAULT_REDIS_TIMEOUT_MS,
  DEFAULT_WARM_TTL_SECONDS,
  SophiaCache,
  type SophiaCacheOptions,
} from './tiered-cache.js';
export { type WithCacheOptions, withCache } from './with-cache.js';

/**
 * Reads the cache settings from the environment: `REDIS_URL` (a `redis://` or `rediss://` URL)
 * enables the Redis tier. Throws naming the variable when its value is not such a URL.
 */
export function cacheOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): SophiaCacheOptions {
  const url = env.REDIS_URL?.trim();
  if (url === undefined || url === '') {
    return {};
  }

  let protocol: string;
  try {
    protocol = new URL(url).protocol;
  } catch {
    protocol = '';
  }

  if (protocol !== 'redis:' && protocol !== 'rediss:') {
    throw new Error(
      'REDIS_URL is not a redis:// or rediss:// URL; set it to e.g. redis://127.0.0.1:6379, ' +
        'or unset it to cache in process memory only.',
    );
  }

  return { redisUrl: url };
}

/**
 * Bumps the generation of `domain` in `cache`, so cached results from before a sync are not
 * served again. Call it after every sync of the domain, successful or not, because a failed
 * sync still commits the batches it finished.
 */
export function invalidateDomain(cache: SophiaCache, domain: string): Promise<number> {
  const known: Domain = assertDomain(domain);
  return cache.invalidateDomain(known);
}
