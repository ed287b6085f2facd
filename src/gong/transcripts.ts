import { type Logger, logger as rootLogger } from '../logger.js';
import { CircuitBreaker } from '../resilience/circuit-breaker.js';
import { parseRetryAfter, retryAfterOf } from '../resilience/errors.js';
import { TokenBucket } from '../resilience/rate-limiter.js';
import { type RetryEvent, retry } from '../resilience/retry.js';
import { sleep as realSleep, type Sleep } from '../resilience/sleep.js';
import { GongApiError, GongQuotaExhaustedError, GongTranscriptFetchError } from './errors.js';
import { DailyQuota } from './quota.js';
import type {
  CallTranscriptRecord,
  GongErrorBody,
  GongMonologue,
  GongTranscriptPage,
} from './types.js';

/** Gong's public API host; a tenant may have its own, shown on Gong's API settings page. */
export const GONG_API_URL = 'https://api.gong.io';

/** Gong's default per-company rate, from the limits section of its API docs. */
export const GONG_DEFAULT_REQUESTS_PER_SECOND = 3;

const TRANSCRIPT_PATH = '/v2/calls/transcript';

export interface GongTranscriptClientOptions {
  /** API base URL without `/v2`, e.g. `https://api.gong.io` or a tenant's `https://us-NNNNN.api.gong.io`. */
  baseUrl: string;
  accessKey: string;
  accessKeySecret: string;
  /** Call ids per request. Default 100. */
  batchSize?: number;
  /** Requests per second at most. Default 3. */
  requestsPerSecond?: number;
  /**
   * Extra spacing between requests in ms. Gong counts requests by arrival, and arrival times
   * vary by a few ms, so requests spaced exactly `1000 / requestsPerSecond` apart can still
   * land four in one second. Default 10.
   */
  spacingMarginMs?: number;
  /** Shared daily request count; one with Gong's default limit (10,000) is created when omitted. */
  quota?: DailyQuota;
  /** Attempts per request, the first included. Default 5. */
  maxAttempts?: number;
  /** Backoff ceiling of the first retry in ms. Default 1,000. */
  baseDelayMs?: number;
  /**
   * Largest `Retry-After` the client waits for, in ms. Gong's daily limit returns 429 with a wait
   * of hours; a longer wait stops the run with status `throttled`. Default 120,000.
   */
  maxRetryAfterMs?: number;
  /** Time limit of one HTTP request in ms. Default 60,000. */
  requestTimeoutMs?: number;
  breaker?: CircuitBreaker;
  fetch?: typeof fetch;
  logger?: Logger;
  now?: () => number;
  sleep?: Sleep;
  random?: () => number;
  onRetry?: (event: RetryEvent) => void;
}

export interface FetchTranscriptsOptions {
  signal?: AbortSignal;
  /** Start time of each call (ISO 8601), copied onto its record as the connector does. */
  startedByCallId?: ReadonlyMap<string, string>;
}

/**
 * Outcome of a transcript run. `complete`: every batch was read. `quota_exhausted`: the local
 * daily quota ran out. `throttled`: Gong asked for a wait longer than `maxRetryAfterMs`. The
 * last two list the call ids still to fetch in `pendingCallIds`.
 */
export interface TranscriptFetchResult {
  status: 'complete' | 'quota_exhausted' | 'throttled';
  records: CallTranscriptRecord[];
  /** Requested ids that Gong returned no transcript for (private, not found, or no recording). */
  missingCallIds: string[];
  /** Ids not fetched because the run stopped early. */
  pendingCallIds: string[];
  /** HTTP requests sent, retries included. */
  requests: number;
  /** Reason the run stopped early. */
  message?: string;
  /** When the run may go on: quota reset or Gong's `Retry-After`. */
  resumeAt?: Date;
}

/**
 * Fetches call transcripts from Gong's `POST /v2/calls/transcript` directly, for calls that
 * reached the store without one. Requests are batched, paginated by `records.cursor`, spaced by a
 * token bucket, counted against a daily quota, retried on 429 and 5xx and passed through a
 * circuit breaker.
 */
export class GongTranscriptClient {
  readonly quota: DailyQuota;
  readonly breaker: CircuitBreaker;
  private readonly baseUrl: string;
  private readonly authorization: string;
  private readonly bucket: TokenBucket;
  private readonly fetch: typeof fetch;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly sleep: Sleep;
  private readonly batchSize: number;
  private requestCount = 0;

  constructor(private readonly options: GongTranscriptClientOptions) {
    if (!options.accessKey || !options.accessKeySecret) {
      throw new Error(
        'Gong access key and access key secret are required: create them on the API page of ' +
          "Gong's company settings",
      );
    }

    this.batchSize = options.batchSize ?? 100;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) {
      throw new Error(`Invalid Gong batch size ${this.batchSize}: use a whole number above 0`);
    }

    this.baseUrl = normalizeBaseUrl(options.baseUrl);
    const credentials = `${options.accessKey}:${options.accessKeySecret}`;
    this.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.log = (options.logger ?? rootLogger).child({ component: 'gong-api' });
    this.quota = options.quota ?? new DailyQuota({ now: this.now });
    const spacingMs =
      1000 / (options.requestsPerSecond ?? GONG_DEFAULT_REQUESTS_PER_SECOND) +
      (options.spacingMarginMs ?? 10);
    this.bucket = new TokenBucket({
      ratePerSecond: 1000 / spacingMs,
      now: this.now,
      sleep: this.sleep,
    });
    this.breaker =
      options.breaker ??
      new CircuitBreaker({
        name: `Gong API at ${new URL(this.baseUrl).host}`,
        now: this.now,
        onStateChange: (from, to) =>
          this.log.warn({ from, to }, 'Gong API circuit breaker changed state'),
      });
  }

  /**
   * Fetches the transcripts of `callIds` (duplicates are sent once). Throws
   * `GongTranscriptFetchError`, with the transcripts read so far, when a request fails for good.
   */
  async fetchTranscripts(
    callIds: readonly string[],
    options: FetchTranscriptsOptions = {},
  ): Promise<TranscriptFetchResult> {
    const unique = [...new Set(callIds)];
    const records: CallTranscriptRecord[] = [];
    const requestsBefore = this.requestCount;

    for (let offset = 0; offset < unique.length; offset += this.batchSize) {
      const batch = unique.slice(offset, offset + this.batchSize);

      try {
        records.push(...(await this.fetchBatch(batch, options)));
      } catch (error) {
        const stop = this.stopReason(error);
        if (!stop) throw new GongTranscriptFetchError(records, unique.slice(offset), error);

        this.log.warn(
          { status: stop.status, pending: unique.length - offset, resumeAt: stop.resumeAt },
          stop.message,
        );
        return this.result(
          stop.status,
          unique,
          records,
          unique.slice(offset),
          requestsBefore,
          stop,
        );
      }
    }

    return this.result('complete', unique, records, [], requestsBefore);
  }

  private result(
    status: TranscriptFetchResult['status'],
    requested: string[],
    records: CallTranscriptRecord[],
    pendingCallIds: string[],
    requestsBefore: number,
    stop?: { message: string; resumeAt: Date },
  ): TranscriptFetchResult {
    const returned = new Set(records.map((record) => record.callId));
    const pending = new Set(pendingCallIds);
    const missingCallIds = requested.filter((id) => !returned.has(id) && !pending.has(id));

    return {
      status,
      records,
      missingCallIds,
      pendingCallIds,
      requests: this.requestCount - requestsBefore,
      message: stop?.message,
      resumeAt: stop?.resumeAt,
    };
  }

  /** Maps the errors that end a run with a status (instead of an exception) to that status. */
  private stopReason(
    error: unknown,
  ): { status: 'quota_exhausted' | 'throttled'; message: string; resumeAt: Date } | undefined {
    if (error instanceof GongQuotaExhaustedError) {
      return { status: 'quota_exhausted', message: error.message, resumeAt: error.resetsAt };
    }

    const waitMs = retryAfterOf(error);
    if (error instanceof GongApiError && error.status === 429 && waitMs !== undefined) {
      const resumeAt = new Date(this.now() + waitMs);
      const message =
        `Gong rate limit: the API asked to wait ${Math.ceil(waitMs / 1000)} s (until ` +
        `${resumeAt.toISOString()}), longer than the ${this.maxRetryAfterMs()} ms this client ` +
        "waits; the account's daily limit is probably used up. Run again after that time";
      return { status: 'throttled', message, resumeAt };
    }

    return undefined;
  }

  private maxRetryAfterMs(): number {
    return this.options.maxRetryAfterMs ?? 120_000;
  }

  /** Reads every page of one batch of call ids. */
  private async fetchBatch(
    callIds: string[],
    options: FetchTranscriptsOptions,
  ): Promise<CallTranscriptRecord[]> {
    const records: CallTranscriptRecord[] = [];
    let cursor: string | undefined;

    do {
      const body = cursor === undefined ? { filter: { callIds } } : { cursor, filter: { callIds } };
      const page = await this.requestPage(body, options.signal);

      for (const entry of page.callTranscripts ?? []) {
        records.push(toRecord(entry, options.startedByCallId));
      }
      cursor = page.records?.cursor || undefined;
    } while (cursor !== undefined);

    return records;
  }

  /** Requests one page, with rate limit, quota, retries and circuit breaker. */
  private requestPage(body: unknown, signal?: AbortSignal): Promise<GongTranscriptPage> {
    return retry(() => this.breaker.execute(() => this.send(body, signal)), {
      operation: `Gong API POST ${TRANSCRIPT_PATH}`,
      maxAttempts: this.options.maxAttempts ?? 5,
      baseDelayMs: this.options.baseDelayMs ?? 1_000,
      maxRetryAfterMs: this.maxRetryAfterMs(),
      signal,
      sleep: this.sleep,
      random: this.options.random,
      onRetry: (event) => {
        this.log.warn(
          { attempt: event.attempt, delayMs: event.delayMs, err: event.error },
          'Gong API request failed; retrying',
        );
        this.options.onRetry?.(event);
      },
    });
  }

  private async send(body: unknown, signal?: AbortSignal): Promise<GongTranscriptPage> {
    await this.bucket.acquire(signal);
    if (!this.quota.tryTake())
      throw new GongQuotaExhaustedError(this.quota.limit, this.quota.resetsAt);

    this.requestCount++;
    const response = await this.post(body, signal);
    const json = parseJson(response.text);

    if (response.status >= 200 && response.status < 300) return (json ?? {}) as GongTranscriptPage;

    // Gong returns 404 ("No calls found corresponding to the provided filters") when nothing
    // matches, which for a list of ids means none of them has a transcript.
    if (response.status === 404) return { callTranscripts: [] };

    throw responseError(response, json as GongErrorBody | undefined);
  }

  private async post(
    body: unknown,
    signal?: AbortSignal,
  ): Promise<{ status: number; headers: Headers; text: string }> {
    const timeoutMs = this.options.requestTimeoutMs ?? 60_000;
    const timeout = AbortSignal.timeout(timeoutMs);

    try {
      const response = await this.fetch(`${this.baseUrl}${TRANSCRIPT_PATH}`, {
        method: 'POST',
        headers: {
          authorization: this.authorization,
          accept: 'application/json',
          'content-type': 'application/json',
        },
        body: JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });

      return { status: response.status, headers: response.headers, text: await response.text() };
    } catch (error) {
      if (signal?.aborted) throw error;

      const reason = timeout.aborted ? `timed out after ${timeoutMs} ms` : 'failed';
      throw new GongApiError(`Gong API POST ${TRANSCRIPT_PATH} ${reason}: ${String(error)}`, {
        retryable: true,
        cause: error,
      });
    }
  }
}

function responseError(
  response: { status: number; headers: Headers; text: string },
  body: GongErrorBody | undefined,
): GongApiError {
  const errors = Array.isArray(body?.errors) ? body.errors.join('; ') : response.text.slice(0, 500);
  const requestId = body?.requestId ? ` [requestId ${body.requestId}]` : '';
  const hint =
    response.status === 401 || response.status === 403
      ? '. Check the Gong access key and secret, and that the key may read transcripts'
      : '';

  return new GongApiError(
    `Gong API POST ${TRANSCRIPT_PATH} returned HTTP ${response.status}${requestId}: ${errors}${hint}`,
    {
      status: response.status,
      body,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
    },
  );
}

function toRecord(
  entry: { callId: string; transcript?: GongMonologue[] },
  startedByCallId: ReadonlyMap<string, string> | undefined,
): CallTranscriptRecord {
  const started = startedByCallId?.get(entry.callId);
  const record: CallTranscriptRecord = { callId: entry.callId, transcript: entry.transcript ?? [] };
  if (started !== undefined) record.started = started;

  return record;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function normalizeBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error(
      `Invalid Gong API base URL ${JSON.stringify(baseUrl)}: use ${GONG_API_URL} or your tenant's URL`,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`Invalid Gong API base URL ${JSON.stringify(baseUrl)}: use http or https`);
  }

  return baseUrl.replace(/\/+$/, '').replace(/\/v2$/, '');
}
