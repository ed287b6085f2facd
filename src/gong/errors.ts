import type { CallTranscriptRecord, GongErrorBody } from './types.js';

const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);

/** An error response of Gong's API, or a request that got no response. */
export class GongApiError extends Error {
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly errors: string[];
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;

  constructor(
    message: string,
    options: {
      status?: number;
      body?: GongErrorBody;
      retryAfterMs?: number;
      retryable?: boolean;
      cause?: unknown;
    },
  ) {
    super(message, { cause: options.cause });
    this.name = 'GongApiError';
    this.status = options.status;
    this.requestId = options.body?.requestId;
    this.errors = options.body?.errors ?? [];
    this.retryAfterMs = options.retryAfterMs;
    this.retryable =
      options.retryable ?? (options.status !== undefined && RETRYABLE_STATUSES.has(options.status));
  }
}

/** The local daily request budget is used up; no request was sent. */
export class GongQuotaExhaustedError extends Error {
  readonly retryable = false;
  readonly resetsAt: Date;

  constructor(limit: number, resetsAt: Date) {
    super(
      `Gong daily API quota of ${limit} requests is used up; it resets at ${resetsAt.toISOString()}. ` +
        'Run again after that, or raise the quota if Gong raised your limit',
    );
    this.name = 'GongQuotaExhaustedError';
    this.resetsAt = resetsAt;
  }
}

/**
 * A transcript run that failed part way. `records` contains the transcripts read before the
 * failure, so a caller can keep them, and `pendingCallIds` the ids still to fetch.
 */
export class GongTranscriptFetchError extends Error {
  readonly records: CallTranscriptRecord[];
  readonly pendingCallIds: string[];

  constructor(records: CallTranscriptRecord[], pendingCallIds: string[], cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      `Fetching Gong transcripts failed with ${pendingCallIds.length} call ids still to fetch ` +
        `(${records.length} transcripts read): ${reason}`,
      { cause },
    );
    this.name = 'GongTranscriptFetchError';
    this.records = records;
    this.pendingCallIds = pendingCallIds;
  }
}
