import type { AirbyteProblem, JobStatus } from './types.js';

/** HTTP statuses after which the same request may succeed later. */
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

/**
 * An error response of the Airbyte API, or a request that got no response. `retryable` and
 * `retryAfterMs` drive the retry loop; `problem` is the API's error body when it sent one.
 */
export class AirbyteApiError extends Error {
  readonly status: number | undefined;
  readonly problem: AirbyteProblem | undefined;
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    options: {
      status?: number;
      problem?: AirbyteProblem;
      retryAfterMs?: number;
      retryable?: boolean;
      cause?: unknown;
    },
  ) {
    super(message, { cause: options.cause });
    this.name = 'AirbyteApiError';
    this.status = options.status;
    this.problem = options.problem;
    this.retryAfterMs = options.retryAfterMs;
    this.retryable =
      options.retryable ?? (options.status !== undefined && RETRYABLE_STATUSES.has(options.status));
  }
}

/** The client credentials were rejected, or a fresh token was rejected too. */
export class AirbyteAuthError extends AirbyteApiError {
  constructor(message: string, options: { status?: number; problem?: AirbyteProblem }) {
    super(message, { ...options, retryable: false });
    this.name = 'AirbyteAuthError';
  }
}

/** A job did not reach a terminal state within the allowed wait. */
export class AirbyteJobTimeoutError extends Error {
  readonly jobId: number;
  readonly lastStatus: JobStatus;
  readonly waitedMs: number;

  constructor(jobId: number, lastStatus: JobStatus, waitedMs: number, timeoutMs: number) {
    super(
      `Airbyte job ${jobId} did not finish within ${timeoutMs} ms (last status "${lastStatus}" ` +
        `after ${waitedMs} ms); the job may still be running in Airbyte. ` +
        'Raise the wait limit or check the job in the Airbyte UI',
    );
    this.name = 'AirbyteJobTimeoutError';
    this.jobId = jobId;
    this.lastStatus = lastStatus;
    this.waitedMs = waitedMs;
  }
}

/** The caller aborted the wait for a job. `cancelled` tells whether the job was cancelled too. */
export class AirbyteJobAbortedError extends Error {
  readonly jobId: number;
  readonly cancelled: boolean;

  constructor(jobId: number, cancelled: boolean, cause: unknown) {
    const outcome = cancelled
      ? 'the job was cancelled'
      : 'cancelling the job failed, so it may still be running';
    super(`Wait for Airbyte job ${jobId} was aborted and ${outcome}`, { cause });
    this.name = 'AirbyteJobAbortedError';
    this.jobId = jobId;
    this.cancelled = cancelled;
  }
}
