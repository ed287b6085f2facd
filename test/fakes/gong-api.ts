/**
 * A fake of Gong's API v2 transcript endpoint on 127.0.0.1, following Gong's OpenAPI spec. It
 * serves `POST /v2/calls/transcript` with a `PublicApiBaseRequestV2CallsFilter` body and
 * `CallTranscripts` responses paged by `records.cursor`. Errors have `ErrorResponse` bodies
 * (`{requestId, errors}`). It checks HTTP Basic auth and applies the documented limits: 3 requests
 * per second, a daily quota, and 429 with `Retry-After`.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeMonologue {
  speakerId: string;
  topic?: string;
  sentences: { start: number; end: number; text: string }[];
}

export interface FakeGongRequest {
  /** Milliseconds since the fake started (performance clock). */
  at: number;
  path: string;
  authorization: string | undefined;
  body: unknown;
  status: number;
}

export interface FakeGongOptions {
  accessKey?: string;
  accessKeySecret?: string;
  /** Transcripts served, by call id. */
  transcripts?: Record<string, FakeMonologue[]>;
  /** Transcripts per page. Default 100. */
  pageSize?: number;
  /** Requests allowed in any 1-second window before 429. Default 3. */
  ratePerSecond?: number;
  /** Requests allowed in total before 429 with a long `Retry-After`. Default unlimited. */
  dailyLimit?: number;
}

const NO_CALLS_FOUND = 'No calls found corresponding to the provided filters';

/** An in-process Gong API server for tests. */
export class FakeGongApi {
  readonly requests: FakeGongRequest[] = [];
  readonly accessKey: string;
  readonly accessKeySecret: string;
  readonly transcripts: Map<string, FakeMonologue[]>;
  pageSize: number;
  ratePerSecond: number;
  dailyLimit: number;
  /** Delay before every response, in ms. */
  latencyMs = 0;
  /** 429 responses still to send, with their `Retry-After` in seconds. */
  private throttled: { remaining: number; retryAfterSeconds: number } = {
    remaining: 0,
    retryAfterSeconds: 1,
  };
  private serverErrors = 0;
  private serverErrorsAfter = 0;
  private readonly startedAt = performance.now();
  /** Arrival times of requests that counted against the limits. */
  private readonly accepted: number[] = [];
  private server: Server | undefined;
  private baseUrl = '';

  constructor(options: FakeGongOptions = {}) {
    this.accessKey = options.accessKey ?? 'GONGKEY0001';
    this.accessKeySecret = options.accessKeySecret ?? randomBytes(12).toString('hex');
    this.transcripts = new Map(Object.entries(options.transcripts ?? {}));
    this.pageSize = options.pageSize ?? 100;
    this.ratePerSecond = options.ratePerSecond ?? 3;
    this.dailyLimit = options.dailyLimit ?? Number.POSITIVE_INFINITY;
  }

  static async start(options: FakeGongOptions = {}): Promise<FakeGongApi> {
    const fake = new FakeGongApi(options);
    await fake.listen();
    return fake;
  }

  /** Base URL to give the client, e.g. `http://127.0.0.1:PORT`. */
  get url(): string {
    return this.baseUrl;
  }

  /** Throttles the next `count` requests with 429 and `Retry-After: retryAfterSeconds`. */
  throttleNext(count: number, retryAfterSeconds: number): void {
    this.throttled = { remaining: count, retryAfterSeconds };
  }

  /** Fails `count` requests with 500, after letting the next `after` requests through. */
  failNext(count: number, options: { after?: number } = {}): void {
    this.serverErrors = count;
    this.serverErrorsAfter = options.after ?? 0;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async listen(): Promise<void> {
    const server = createServer((req, res) => {
      void this.handle(req, res).catch((error: unknown) => {
        this.error(res, 500, String(error));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const now = performance.now() - this.startedAt;
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const entry: FakeGongRequest = {
      at: now,
      path,
      authorization: req.headers.authorization,
      body: parseJson(raw),
      status: 0,
    };
    this.requests.push(entry);
    res.on('finish', () => {
      entry.status = res.statusCode;
    });

    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));

    if (req.method !== 'POST' || path !== '/v2/calls/transcript') {
      this.error(res, 404, `No route for ${req.method} ${path}`);
      return;
    }
    if (!this.authorized(req)) {
      this.error(res, 401, 'Access denied');
      return;
    }
    if (this.limited(now, res)) return;
    if (this.serverErrors > 0 && this.serverErrorsAfter > 0) {
      this.serverErrorsAfter--;
    } else if (this.serverErrors > 0) {
      this.serverErrors--;
      this.error(res, 500, 'Failed to complete the operation due to an unexpected error');
      return;
    }

    this.transcriptPage(entry.body, res);
  }

  private authorized(req: IncomingMessage): boolean {
    const expected = Buffer.from(`${this.accessKey}:${this.accessKeySecret}`).toString('base64');
    return req.headers.authorization === `Basic ${expected}`;
  }

  /** Applies scripted throttling, the daily quota and the per-second rate; returns true when it sent a 429. */
  private limited(now: number, res: ServerResponse): boolean {
    if (this.throttled.remaining > 0) {
      this.throttled.remaining--;
      this.error(res, 429, 'API request limit exceeded', String(this.throttled.retryAfterSeconds));
      return true;
    }
    if (this.accepted.length >= this.dailyLimit) {
      this.error(res, 429, 'API request limit exceeded', String(6 * 60 * 60));
      return true;
    }

    const recent = this.accepted.filter((at) => now - at < 1000);
    if (recent.length >= this.ratePerSecond) {
      this.error(res, 429, 'API request limit exceeded', '1');
      return true;
    }

    this.accepted.push(now);
    return false;
  }

  private transcriptPage(body: unknown, res: ServerResponse): void {
    const request = body as { cursor?: unknown; filter?: { callIds?: unknown } } | undefined;
    const callIds = request?.filter?.callIds;
    if (typeof request?.filter !== 'object' || request.filter === null) {
      this.error(res, 400, 'filter is required');
      return;
    }
    if (
      callIds !== undefined &&
      !(Array.isArray(callIds) && callIds.every((id) => typeof id === 'string'))
    ) {
      this.error(res, 400, 'filter.callIds must be an array of strings');
      return;
    }

    const ids = (callIds ?? [...this.transcripts.keys()]) as string[];
    const matches = ids.filter((id) => this.transcripts.has(id));
    if (matches.length === 0) {
      this.error(res, 404, NO_CALLS_FOUND);
      return;
    }

    const page = decodeCursor(request.cursor, ids);
    if (page === undefined) {
      this.error(res, 400, 'Invalid cursor: it does not belong to this filter');
      return;
    }

    const slice = matches.slice(page * this.pageSize, (page + 1) * this.pageSize);
    const more = (page + 1) * this.pageSize < matches.length;
    this.json(res, 200, {
      requestId: requestId(),
      records: {
        totalRecords: matches.length,
        currentPageSize: slice.length,
        currentPageNumber: page,
        ...(more ? { cursor: encodeCursor(page + 1, ids) } : {}),
      },
      callTranscripts: slice.map((callId) => ({
        callId,
        transcript: this.transcripts.get(callId),
      })),
    });
  }

  private error(res: ServerResponse, status: number, message: string, retryAfter?: string): void {
    if (retryAfter !== undefined) res.setHeader('Retry-After', retryAfter);
    this.json(res, status, { requestId: requestId(), errors: [message] });
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    if (res.headersSent) return;
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  }
}

/** Encodes an opaque cursor bound to the filter it was issued for, as Gong's are. */
function encodeCursor(page: number, ids: string[]): string {
  return Buffer.from(JSON.stringify({ page, filter: ids.join(',') })).toString('base64url');
}

function decodeCursor(cursor: unknown, ids: string[]): number | undefined {
  if (cursor === undefined) return 0;
  if (typeof cursor !== 'string') return undefined;
  try {
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as {
      page?: unknown;
      filter?: unknown;
    };
    if (decoded.filter !== ids.join(',') || typeof decoded.page !== 'number') return undefined;
    return decoded.page;
  } catch {
    return undefined;
  }
}

function requestId(): string {
  return randomBytes(10).toString('hex').slice(0, 19);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(raw: string): unknown {
  if (raw === '') return undefined;
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
