/**
 * REDIS_URL for the cache suites. A suite runs when it is set and is skipped otherwise, except
 * with SOPHIA_REQUIRE_SERVICES=1, where a missing REDIS_URL fails the suite.
 */
import { Redis } from 'ioredis';

export const redisUrl = process.env.REDIS_URL;
export const runRedisSuites = redisUrl !== undefined || process.env.SOPHIA_REQUIRE_SERVICES === '1';

/** Returns REDIS_URL, or throws when it is missing (only reached when the suite is required). */
export function requireRedisUrl(): string {
  if (redisUrl === undefined || redisUrl === '') {
    throw new Error('REDIS_URL is not set, but SOPHIA_REQUIRE_SERVICES=1 requires the Redis suite');
  }

  return redisUrl;
}

/** Deletes every key under `namespace`, so test runs leave the shared Redis as they found it. */
export async function deleteNamespace(url: string, namespace: string): Promise<void> {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    const keys = await client.keys(`${namespace}*`);
    if (keys.length > 0) {
      await client.del(...keys);
    }
  } finally {
    client.disconnect();
  }
}
