import { sleep as realSleep, type Sleep } from './sleep.js';

export interface TokenBucketOptions {
  /** Tokens added per second. */
  ratePerSecond: number;
  /**
   * Maximum tokens in the bucket, which is the largest burst. Default 1, so requests are
   * spaced at least `1 / ratePerSecond` seconds apart.
   */
  capacity?: number;
  now?: () => number;
  sleep?: Sleep;
}

/**
 * A token-bucket rate limiter. Each `acquire` takes one token and waits until one is available.
 * Waiters are served in call order.
 */
export class TokenBucket {
  private readonly ratePerMs: number;
  private readonly capacity: number;
  private readonly now: () => number;
  private readonly sleep: Sleep;
  private tokens: number;
  private refilledAt: number;
  private queue: Promise<void> = Promise.resolve();

  constructor(options: TokenBucketOptions) {
    if (!(options.ratePerSecond > 0)) {
      throw new Error(`Invalid ratePerSecond ${options.ratePerSecond}: use a number above 0`);
    }

    const capacity = options.capacity ?? 1;
    if (!(capacity >= 1)) {
      throw new Error(`Invalid capacity ${capacity}: the bucket must hold at least 1 token`);
    }

    this.ratePerMs = options.ratePerSecond / 1000;
    this.capacity = capacity;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.tokens = capacity;
    this.refilledAt = this.now();
  }

  /** Takes one token, waiting for it if the bucket is empty. Rejects if `signal` aborts. */
  acquire(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.take(signal));
    // A rejected waiter must not block the ones behind it.
    this.queue = turn.catch(() => undefined);

    return turn;
  }

  private async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      this.refill();

      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }

      await this.sleep(Math.ceil((1 - this.tokens) / this.ratePerMs), signal);
    }
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.refilledAt) * this.ratePerMs);
    this.refilledAt = now;
  }
}
