import { isRetryable, RetriesExhaustedError, retryAfterOf } from './errors.js';
import { sleep as realSleep, type Sleep } from './sleep.js';

export interface RetryOptions {
  /** Operation name used in the final error message, e.g. `GET /jobs/42`. */
  operation: string;
  /** Attempts in total, the first included. Default 5. */
  maxAttempts?: number;
  /** Backoff ceiling of the first retry in ms; it doubles per retry. Default 500. */
  baseDelayMs?: number;
  /** Largest backoff ceiling in ms. Default 30,000. */
  maxDelayMs?: number;
  /**
   * Largest server-requested wait (`Retry-After`) the loop accepts, in ms. A longer request ends
   * the loop at once and rethrows the error, so the caller can report it instead of sleeping for
   * hours. Default 300,000 (5 minutes).
   */
  maxRetryAfterMs?: number;
  signal?: AbortSignal;
  sleep?: Sleep;
  /** Source of randomness in [0, 1) for the jitter; replaceable in tests. */
  random?: () => number;
  /** Called before each wait, for logging and counting. */
  onRetry?: (event: RetryEvent) => void;
}

export interface RetryEvent {
  operation: string;
  /** The attempt that failed, 1-based. */
  attempt: number;
  delayMs: number;
  /** Whether the delay came from the server's `Retry-After`. */
  serverRequested: boolean;
  error: unknown;
}

/**
 * Backoff before retry number `retry` (1-based): "full jitter", a uniform draw below an
 * exponentially growing ceiling, so many clients that failed together do not retry together.
 */
export function backoffDelay(
  retry: number,
  baseDelayMs: number,
  maxDelayMs: number,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1));

  return Math.floor(random() * ceiling);
}

/**
 * Runs `attempt` until it resolves, retrying errors flagged `retryable` with exponential backoff
 * and jitter. A server-requested wait (`retryAfterMs`) replaces the backoff. Errors that are not
 * retryable are rethrown unchanged. When the attempts run out, throws `RetriesExhaustedError`
 * with the attempt count and every wait.
 */
export async function retry<T>(
  attempt: (attemptNumber: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 30_000;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 300_000;
  const sleep = options.sleep ?? realSleep;
  const random = options.random ?? Math.random;
  const waitsMs: number[] = [];

  for (let attemptNumber = 1; ; attemptNumber++) {
    options.signal?.throwIfAborted();

    try {
      return await attempt(attemptNumber);
    } catch (error) {
      if (!isRetryable(error) || options.signal?.aborted) throw error;

      const requested = retryAfterOf(error);
      if (requested !== undefined && requested > maxRetryAfterMs) throw error;

      if (attemptNumber >= maxAttempts) {
        throw new RetriesExhaustedError(options.operation, attemptNumber, waitsMs, error);
      }

      const delayMs = requested ?? backoffDelay(attemptNumber, baseDelayMs, maxDelayMs, random);
      options.onRetry?.({
        operation: options.operation,
        attempt: attemptNumber,
        delayMs,
        serverRequested: requested !== undefined,
        error,
      });
      waitsMs.push(delayMs);
      await sleep(delayMs, options.signal);
    }
  }
}
