/**
 * Errors that tell a retry loop what to do: `retryable` tells whether another attempt can succeed,
 * and `retryAfterMs`, when set, is the wait the server asked for (HTTP `Retry-After`).
 */
export class RetryableError extends Error {
  readonly retryable = true;
  readonly retryAfterMs: number | undefined;

  constructor(message: string, options: { retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'RetryableError';
    this.retryAfterMs = options.retryAfterMs;
  }
}

/** A throttling response (HTTP 429 or 503) that names the wait before the next attempt. */
export class RetryAfterError extends RetryableError {
  constructor(
    message: string,
    retryAfterMs: number | undefined,
    options: { cause?: unknown } = {},
  ) {
    super(message, { retryAfterMs, cause: options.cause });
    this.name = 'RetryAfterError';
  }
}

/** A failure that another attempt cannot fix, such as HTTP 400 or 403. */
export class NonRetriableError extends Error {
  readonly retryable = false;
  readonly retryAfterMs: number | undefined = undefined;

  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'NonRetriableError';
  }
}

/** Thrown by every attempt while a circuit breaker is open; `retryAfterMs` is the time to half-open. */
export class CircuitOpenError extends Error {
  readonly retryable = false;
  readonly retryAfterMs: number;

  constructor(service: string, retryAfterMs: number) {
    super(
      `Circuit breaker for ${service} is open after repeated failures; ` +
        `the next trial request is allowed in ${Math.ceil(retryAfterMs / 1000)} s`,
    );
    this.name = 'CircuitOpenError';
    this.retryAfterMs = retryAfterMs;
  }
}

/** The last error of a retry loop that used up its attempts, with the count and the waits. */
export class RetriesExhaustedError extends Error {
  readonly retryable = false;
  readonly attempts: number;
  readonly waitsMs: number[];

  constructor(operation: string, attempts: number, waitsMs: number[], cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    const waited = waitsMs.reduce((sum, wait) => sum + wait, 0);
    super(
      `${operation} failed after ${attempts} attempts (${waitsMs.length} retries, ` +
        `${waited} ms waited): ${reason}`,
      { cause },
    );
    this.name = 'RetriesExhaustedError';
    this.attempts = attempts;
    this.waitsMs = waitsMs;
  }
}

/** Returns whether `error` is flagged as worth another attempt; errors without a `retryable` flag are not retried. */
export function isRetryable(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { retryable?: unknown }).retryable === true
  );
}

/** Returns the server-requested wait carried by `error`, if any. */
export function retryAfterOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const value = (error as { retryAfterMs?: unknown }).retryAfterMs;

  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
}

/**
 * Parses an HTTP `Retry-After` header (delay in seconds or an HTTP date, RFC 9110 §10.2.3) into
 * milliseconds from `now`. Returns undefined when the header is missing or unreadable.
 */
export function parseRetryAfter(
  header: string | null | undefined,
  now = Date.now(),
): number | undefined {
  if (header === null || header === undefined || header.trim() === '') return undefined;
  const trimmed = header.trim();

  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);

  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return undefined;

  return Math.max(0, date - now);
}
