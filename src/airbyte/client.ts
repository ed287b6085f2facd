import { type Logger, logger as rootLogger } from '../logger.js';
import { CircuitBreaker } from '../resilience/circuit-breaker.js';
import { type RetryEvent, retry } from '../resilience/retry.js';
import { abortReason, sleep as realSleep, type Sleep } from '../resilience/sleep.js';
import {
  AirbyteApiError,
  AirbyteAuthError,
  AirbyteJobAbortedError,
  AirbyteJobTimeoutError,
} from './errors.js';
import { type HttpRequest, responseError, sendRequest } from './http.js';
import { TokenProvider } from './token.js';
import {
  isJobStatus,
  type JobResponse,
  type JobStatus,
  type JobType,
  TERMINAL_JOB_STATUSES,
} from './types.js';

/** Base URL of Airbyte Cloud's API. A self-managed Airbyte serves it at `<host>/api/public/v1`. */
export const AIRBYTE_CLOUD_API_URL = 'https://api.airbyte.com/v1';

export interface AirbyteClientOptions {
  /** API base URL without a trailing slash: Cloud's or `<host>/api/public/v1`. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  fetch?: typeof fetch;
  /** Time limit of one HTTP request in ms. Default 30,000. */
  requestTimeoutMs?: number;
  /** Attempts per request, the first included. Default 5. */
  maxAttempts?: number;
  /** Backoff ceiling of the first retry in ms. Default 1,000. */
  baseDelayMs?: number;
  /** Largest backoff ceiling in ms. Default 30,000. */
  maxDelayMs?: number;
  /** Largest `Retry-After` the client waits for, in ms; longer requests fail at once. Default 300,000. */
  maxRetryAfterMs?: number;
  /** Token replacement margin before `expires_in` runs out, in ms. Default 30,000. */
  tokenRefreshMarginMs?: number;
  /** Breaker shared by every client of the same Airbyte instance; one is created when omitted. */
  breaker?: CircuitBreaker;
  logger?: Logger;
  now?: () => number;
  sleep?: Sleep;
  random?: () => number;
  onRetry?: (event: RetryEvent) => void;
}

export interface WaitForJobOptions {
  /** Total wait limit in ms, after which `AirbyteJobTimeoutError` is thrown. Default 6 hours. */
  timeoutMs?: number;
  /** First interval between status polls in ms; it grows by half each poll. Default 5,000. */
  pollIntervalMs?: number;
  /** Largest interval between polls in ms. Default 60,000. */
  maxPollIntervalMs?: number;
  /** Aborting stops the wait and cancels the job with `DELETE /jobs/{jobId}`. */
  signal?: AbortSignal;
  /** Called with every polled state, e.g. for progress output. */
  onPoll?: (job: JobResponse) => void;
}

/**
 * A client of the Airbyte API (Cloud and self-managed) that starts syncs and waits for them.
 * Every request gets a bearer token from the application's client credentials, is retried on
 * 429 and 5xx (honouring `Retry-After`) and passes through a circuit breaker.
 */
export class AirbyteClient {
  readonly breaker: CircuitBreaker;
  private readonly baseUrl: string;
  private readonly fetch: typeof fetch;
  private readonly requestTimeoutMs: number;
  private readonly tokens: TokenProvider;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly sleep: Sleep;

  constructor(private readonly options: AirbyteClientOptions) {
    this.baseUrl = normalizeBaseUrl(options.baseUrl);
    if (!options.clientId || !options.clientSecret) {
      throw new Error(
        'Airbyte client id and client secret are required: create an application under ' +
          'User settings → Applications in Airbyte and pass its credentials',
      );
    }

    this.fetch = options.fetch ?? globalThis.fetch;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? realSleep;
    this.log = (options.logger ?? rootLogger).child({ component: 'airbyte-api' });
    this.breaker =
      options.breaker ??
      new CircuitBreaker({
        name: `Airbyte API at ${new URL(this.baseUrl).host}`,
        now: this.now,
        onStateChange: (from, to) =>
          this.log.warn({ from, to }, 'Airbyte API circuit breaker changed state'),
      });
    this.tokens = new TokenProvider({
      baseUrl: this.baseUrl,
      clientId: options.clientId,
      clientSecret: options.clientSecret,
      fetch: this.fetch,
      requestTimeoutMs: this.requestTimeoutMs,
      refreshMarginMs: options.tokenRefreshMarginMs,
      now: this.now,
    });
  }

  /** Number of access tokens requested so far. */
  get tokenRequests(): number {
    return this.tokens.requests;
  }

  /** Starts a job (a sync by default) on `connectionId` with `POST /jobs`. */
  async triggerSync(
    connectionId: string,
    jobType: JobType = 'sync',
    signal?: AbortSignal,
  ): Promise<JobResponse> {
    const job = await this.call('POST', '/jobs', { connectionId, jobType }, signal);
    this.log.info({ jobId: job.jobId, connectionId, jobType }, 'Airbyte job started');

    return job;
  }

  /** Reads a job's state with `GET /jobs/{jobId}`. */
  getJob(jobId: number, signal?: AbortSignal): Promise<JobResponse> {
    return this.call('GET', `/jobs/${assertJobId(jobId)}`, undefined, signal);
  }

  /** Cancels a job with `DELETE /jobs/{jobId}` and returns its state. */
  async cancelJob(jobId: number, signal?: AbortSignal): Promise<JobResponse> {
    const job = await this.call('DELETE', `/jobs/${assertJobId(jobId)}`, undefined, signal);
    this.log.info({ jobId, status: job.status }, 'Airbyte job cancelled');

    return job;
  }

  /**
   * Polls a job until it is `succeeded`, `failed`, `cancelled` or `incomplete` and returns that
   * state. Throws `AirbyteJobTimeoutError` when `timeoutMs` passes first, and
   * `AirbyteJobAbortedError` (after cancelling the job) when `signal` aborts.
   */
  async waitForJob(jobId: number, options: WaitForJobOptions = {}): Promise<JobResponse> {
    const timeoutMs = options.timeoutMs ?? 6 * 60 * 60 * 1000;
    const maxIntervalMs = options.maxPollIntervalMs ?? 60_000;
    const startedAt = this.now();
    const deadline = startedAt + timeoutMs;
    let intervalMs = options.pollIntervalMs ?? 5_000;
    let lastStatus: JobStatus = 'pending';

    // A slow or retried poll must not outlast the limit, so every request and wait also ends
    // when the deadline timer fires.
    const deadlineSignal = AbortSignal.timeout(timeoutMs);
    const signal = options.signal
      ? AbortSignal.any([options.signal, deadlineSignal])
      : deadlineSignal;
    const timedOut = (): AirbyteJobTimeoutError =>
      new AirbyteJobTimeoutError(jobId, lastStatus, this.now() - startedAt, timeoutMs);

    try {
      for (;;) {
        const job = await this.getJob(jobId, signal);
        lastStatus = job.status;
        options.onPoll?.(job);

        if (TERMINAL_JOB_STATUSES.has(job.status)) {
          this.log.info(
            { jobId, status: job.status, duration: job.duration },
            'Airbyte job finished',
          );
          return job;
        }

        const remainingMs = deadline - this.now();
        if (remainingMs <= 0) throw timedOut();

        await this.sleep(Math.min(intervalMs, remainingMs), signal);
        intervalMs = Math.min(maxIntervalMs, Math.ceil(intervalMs * 1.5));
      }
    } catch (error) {
      if (options.signal?.aborted) throw await this.cancelAfterAbort(jobId, options.signal);
      if (deadlineSignal.aborted && !(error instanceof AirbyteJobTimeoutError)) throw timedOut();
      throw error;
    }
  }

  /** Starts a sync of `connectionId` and waits for it; returns the terminal job state. */
  async runSync(connectionId: string, options: WaitForJobOptions = {}): Promise<JobResponse> {
    const job = await this.triggerSync(connectionId, 'sync', options.signal);
    if (TERMINAL_JOB_STATUSES.has(job.status)) return job;

    return this.waitForJob(job.jobId, options);
  }

  private async cancelAfterAbort(
    jobId: number,
    signal: AbortSignal,
  ): Promise<AirbyteJobAbortedError> {
    const reason = abortReason(signal);
    try {
      await this.cancelJob(jobId);
      return new AirbyteJobAbortedError(jobId, true, reason);
    } catch (error) {
      this.log.error({ jobId, err: error }, 'Cancelling the Airbyte job after an abort failed');
      return new AirbyteJobAbortedError(jobId, false, error);
    }
  }

  /** One API call with token, retries and circuit breaker; returns the parsed job. */
  private call(
    method: HttpRequest['method'],
    path: string,
    body: unknown,
    signal?: AbortSignal,
  ): Promise<JobResponse> {
    const operation = `${method} ${path}`;

    return retry(() => this.breaker.execute(() => this.authorized(method, path, body, signal)), {
      operation: `Airbyte API ${operation}`,
      maxAttempts: this.options.maxAttempts ?? 5,
      baseDelayMs: this.options.baseDelayMs ?? 1_000,
      maxDelayMs: this.options.maxDelayMs ?? 30_000,
      maxRetryAfterMs: this.options.maxRetryAfterMs,
      signal,
      sleep: this.sleep,
      random: this.options.random,
      onRetry: (event) => {
        this.log.warn(
          { operation, attempt: event.attempt, delayMs: event.delayMs, err: event.error },
          'Airbyte API request failed; retrying',
        );
        this.options.onRetry?.(event);
      },
    });
  }

  /** Sends a request with the current token; on 401 it replaces the token once and resends. */
  private async authorized(
    method: HttpRequest['method'],
    path: string,
    body: unknown,
    signal?: AbortSignal,
  ): Promise<JobResponse> {
    for (let attempt = 1; ; attempt++) {
      const token = await this.tokens.token(signal);
      const request: HttpRequest = {
        method,
        url: `${this.baseUrl}${path}`,
        headers: { authorization: `Bearer ${token}` },
        body,
        signal,
        timeoutMs: this.requestTimeoutMs,
      };
      const response = await sendRequest(this.fetch, request);

      if (response.status === 401 && attempt === 1) {
        this.log.info({ path }, 'Airbyte API rejected the access token; requesting a new one');
        this.tokens.invalidate(token);
        continue;
      }
      if (response.status === 401) {
        const error = responseError(request, response);
        throw new AirbyteAuthError(
          `${error.message}; a freshly issued token was rejected too. ` +
            "Check the application's permissions on this workspace",
          { status: 401, problem: error.problem },
        );
      }
      if (response.status < 200 || response.status >= 300) throw responseError(request, response);

      return parseJob(response.json, `${method} ${path}`);
    }
  }
}

function parseJob(json: unknown, operation: string): JobResponse {
  const job = json as Partial<JobResponse> | undefined;
  if (typeof job?.jobId !== 'number' || !isJobStatus(job.status)) {
    throw new AirbyteApiError(
      `Airbyte API ${operation} returned a body without a numeric jobId and a known status: ` +
        JSON.stringify(json)?.slice(0, 300),
      { retryable: false },
    );
  }

  return job as JobResponse;
}

function normalizeBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new Error(
      `Invalid Airbyte API base URL ${JSON.stringify(baseUrl)}: use ${AIRBYTE_CLOUD_API_URL} ` +
        'or http(s)://<host>/api/public/v1',
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new Error(`Invalid Airbyte API base URL ${JSON.stringify(baseUrl)}: use http or https`);
  }

  return baseUrl.replace(/\/+$/, '');
}

function assertJobId(jobId: number): number {
  if (!Number.isSafeInteger(jobId) || jobId < 0) {
    throw new Error(`Invalid Airbyte job id ${jobId}: job ids are non-negative integers`);
  }

  return jobId;
}
