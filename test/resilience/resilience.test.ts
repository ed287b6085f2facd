import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from '../../src/resilience/circuit-breaker.js';
import {
  CircuitOpenError,
  NonRetriableError,
  parseRetryAfter,
  RetriesExhaustedError,
  RetryAfterError,
  RetryableError,
} from '../../src/resilience/errors.js';
import { TokenBucket } from '../../src/resilience/rate-limiter.js';
import { backoffDelay, retry } from '../../src/resilience/retry.js';

/** Creates a manual clock whose sleep advances time at once and records every wait. */
function manualClock(start = 1_000_000) {
  const clock = {
    time: start,
    waits: [] as number[],
    now: () => clock.time,
    sleep: async (ms: number) => {
      clock.waits.push(ms);
      clock.time += ms;
    },
  };
  return clock;
}

describe('retry', () => {
  it('retries retryable errors until success', async () => {
    const clock = manualClock();
    let calls = 0;
    const result = await retry(
      async () => {
        calls++;
        if (calls < 3) throw new RetryableError('temporary');
        return 'done';
      },
      { operation: 'op', sleep: clock.sleep, random: () => 0.5, baseDelayMs: 100 },
    );

    expect(result).toBe('done');
    expect(calls).toBe(3);
    expect(clock.waits).toEqual([50, 100]);
  });

  it('uses Retry-After instead of backoff', async () => {
    const clock = manualClock();
    let calls = 0;
    await retry(
      async () => {
        calls++;
        if (calls === 1) throw new RetryAfterError('throttled', 2_500);
      },
      { operation: 'op', sleep: clock.sleep, random: () => 0.99 },
    );

    expect(clock.waits).toEqual([2_500]);
  });

  it('rethrows non-retriable errors at once', async () => {
    const clock = manualClock();
    let calls = 0;
    const error = new NonRetriableError('bad request');
    await expect(
      retry(
        async () => {
          calls++;
          throw error;
        },
        { operation: 'op', sleep: clock.sleep },
      ),
    ).rejects.toBe(error);

    expect(calls).toBe(1);
    expect(clock.waits).toEqual([]);
  });

  it('reports attempts and waits when exhausted', async () => {
    const clock = manualClock();
    const failure = retry(
      async () => {
        throw new RetryAfterError('HTTP 429', 1_000);
      },
      { operation: 'GET /thing', maxAttempts: 4, sleep: clock.sleep },
    );

    const error = await failure.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RetriesExhaustedError);
    const exhausted = error as RetriesExhaustedError;
    expect(exhausted.attempts).toBe(4);
    expect(exhausted.waitsMs).toEqual([1_000, 1_000, 1_000]);
    expect(exhausted.message).toContain('GET /thing failed after 4 attempts');
    expect(exhausted.message).toContain('3000 ms waited');
  });

  it('gives up on a Retry-After above the cap', async () => {
    const clock = manualClock();
    const error = new RetryAfterError('daily limit', 3_600_000);
    await expect(
      retry(
        async () => {
          throw error;
        },
        { operation: 'op', sleep: clock.sleep, maxRetryAfterMs: 60_000 },
      ),
    ).rejects.toBe(error);
    expect(clock.waits).toEqual([]);
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    let calls = 0;
    const run = retry(
      async () => {
        calls++;
        controller.abort(new Error('stopped by caller'));
        throw new RetryableError('temporary');
      },
      { operation: 'op', baseDelayMs: 10_000, signal: controller.signal },
    );
    await expect(run).rejects.toThrow('temporary');
    expect(calls).toBe(1);
  });

  it('keeps backoff under the growing ceiling', () => {
    expect(backoffDelay(1, 100, 1_000, () => 0.999)).toBe(99);
    expect(backoffDelay(3, 100, 1_000, () => 0.999)).toBe(399);
    expect(backoffDelay(10, 100, 1_000, () => 0.999)).toBe(999);
    expect(backoffDelay(2, 100, 1_000, () => 0)).toBe(0);
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-03-01T10:00:00Z');
    expect(parseRetryAfter('3', now)).toBe(3_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('CircuitBreaker', () => {
  const failing = async (): Promise<never> => {
    throw new RetryableError('HTTP 503');
  };

  it('opens after consecutive failures', async () => {
    const clock = manualClock();
    const breaker = new CircuitBreaker({ name: 'svc', failureThreshold: 3, now: clock.now });

    for (let i = 0; i < 3; i++) await expect(breaker.execute(failing)).rejects.toThrow('HTTP 503');
    expect(breaker.state).toBe('open');

    let called = false;
    const rejected = breaker.execute(async () => {
      called = true;
    });
    await expect(rejected).rejects.toBeInstanceOf(CircuitOpenError);
    expect(called).toBe(false);
  });

  it('half-opens and closes after a good trial', async () => {
    const clock = manualClock();
    const breaker = new CircuitBreaker({
      name: 'svc',
      failureThreshold: 1,
      resetTimeoutMs: 5_000,
      now: clock.now,
    });
    await expect(breaker.execute(failing)).rejects.toThrow();
    expect(breaker.state).toBe('open');

    clock.time += 5_000;
    expect(breaker.state).toBe('half-open');
    await expect(breaker.execute(async () => 'ok')).resolves.toBe('ok');
    expect(breaker.state).toBe('closed');
  });

  it('reopens after a failed trial', async () => {
    const clock = manualClock();
    const breaker = new CircuitBreaker({
      name: 'svc',
      failureThreshold: 1,
      resetTimeoutMs: 5_000,
      now: clock.now,
    });
    await expect(breaker.execute(failing)).rejects.toThrow();
    clock.time += 5_000;
    await expect(breaker.execute(failing)).rejects.toThrow('HTTP 503');

    expect(breaker.state).toBe('open');
    const error = await breaker.execute(async () => 'ok').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CircuitOpenError);
    expect((error as CircuitOpenError).retryAfterMs).toBe(5_000);
  });

  it('lets one trial through at a time', async () => {
    const clock = manualClock();
    const breaker = new CircuitBreaker({
      name: 'svc',
      failureThreshold: 1,
      resetTimeoutMs: 10,
      now: clock.now,
    });
    await expect(breaker.execute(failing)).rejects.toThrow();
    clock.time += 10;

    let release: () => void = () => undefined;
    const trial = breaker.execute(() => new Promise<void>((resolve) => (release = resolve)));
    await expect(breaker.execute(async () => 'second')).rejects.toBeInstanceOf(CircuitOpenError);
    release();
    await trial;
    expect(breaker.state).toBe('closed');
  });

  it('ignores non-retriable errors', async () => {
    const breaker = new CircuitBreaker({ name: 'svc', failureThreshold: 2 });
    for (let i = 0; i < 5; i++) {
      await expect(
        breaker.execute(async () => {
          throw new NonRetriableError('HTTP 404');
        }),
      ).rejects.toThrow('HTTP 404');
    }
    expect(breaker.state).toBe('closed');
  });
});

describe('TokenBucket', () => {
  it('spaces acquisitions by the rate', async () => {
    const clock = manualClock();
    const bucket = new TokenBucket({ ratePerSecond: 4, now: clock.now, sleep: clock.sleep });
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      await bucket.acquire();
      times.push(clock.time);
    }

    const gaps = times.slice(1).map((time, i) => time - (times[i] as number));
    expect(gaps).toEqual([250, 250, 250, 250]);
  });

  it('allows a burst up to capacity', async () => {
    const clock = manualClock();
    const bucket = new TokenBucket({
      ratePerSecond: 1,
      capacity: 3,
      now: clock.now,
      sleep: clock.sleep,
    });
    for (let i = 0; i < 3; i++) await bucket.acquire();
    expect(clock.waits).toEqual([]);

    await bucket.acquire();
    expect(clock.waits).toEqual([1_000]);
  });

  it('serves concurrent waiters in order', async () => {
    const bucket = new TokenBucket({ ratePerSecond: 50 });
    const order: number[] = [];
    await Promise.all([0, 1, 2, 3].map((n) => bucket.acquire().then(() => order.push(n))));
    expect(order).toEqual([0, 1, 2, 3]);
  });

  it('rejects an invalid rate', () => {
    expect(() => new TokenBucket({ ratePerSecond: 0 })).toThrow('Invalid ratePerSecond 0');
  });
});
