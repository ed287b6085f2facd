/**
 * A fake of the Airbyte API (v1) on 127.0.0.1, following its OpenAPI spec (api.yaml of
 * airbytehq/airbyte-platform): `POST /applications/token`, `POST /jobs`, `GET /jobs/{jobId}` and
 * `DELETE /jobs/{jobId}`, with `JobResponse` bodies, `JobStatusEnum` states and RFC 9457 problem
 * bodies for errors (`BaseProblemFields` of airbyte-platform's api-problems.yaml). Knobs script
 * job states, token lifetime, throttling, server errors and slowness.
 *
 * NOTE: api.yaml declares only 200, 400, 403 and 404 on these paths. The 401 for a missing or
 * expired token, and the 429 and 5xx that `failNext` injects, are HTTP behaviour the spec does
 * not list.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeJobStatus =
  | 'pending'
  | 'queued'
  | 'running'
  | 'incomplete'
  | 'failed'
  | 'succeeded'
  | 'cancelled';

const JOB_TYPES = ['sync', 'reset', 'refresh', 'clear'];

export interface FakeRequest {
  method: string;
  path: string;
  /** Milliseconds since the fake started (performance clock). */
  at: number;
  authorization: string | undefined;
  body: unknown;
  status: number;
}

interface FakeJob {
  jobId: number;
  connectionId: string;
  jobType: string;
  startTime: string;
  /** States returned by the next GETs; the last one repeats. */
  script: FakeJobStatus[];
  status: FakeJobStatus;
}

interface Fault {
  status: number;
  retryAfter?: string;
  /** Only requests whose path starts with this are affected. */
  pathPrefix?: string;
}

export interface FakeAirbyteOptions {
  /** `/v1` as on Airbyte Cloud, or `/api/public/v1` as on a self-managed instance. */
  basePath?: '/v1' | '/api/public/v1';
  clientId?: string;
  clientSecret?: string;
  /** `expires_in` of issued tokens in seconds. Default 180 (3 minutes). */
  tokenTtlSeconds?: number;
  /** Clock for token expiry. Default `Date.now`. */
  now?: () => number;
}

const PROBLEMS: Record<number, { type: string; title: string; detail: string }> = {
  400: {
    type: 'https://reference.airbyte.com/reference/errors#bad-request',
    title: 'bad-request',
    detail: 'The request could not be understood by the server due to malformed syntax.',
  },
  401: {
    type: 'https://reference.airbyte.com/reference/errors#invalid-api-key',
    title: 'invalid-api-key',
    detail: 'The API key in the Authorization header is invalid.',
  },
  403: {
    type: 'https://reference.airbyte.com/reference/errors#forbidden',
    title: 'forbidden',
    detail: 'The request is forbidden.',
  },
  404: {
    type: 'https://reference.airbyte.com/reference/errors#resource-not-found',
    title: 'resource-not-found',
    detail: 'The requested resource could not be found.',
  },
  500: {
    type: 'https://reference.airbyte.com/reference/errors',
    title: 'unexpected-problem',
    detail: 'An unexpected problem has occurred.',
  },
  503: {
    type: 'https://reference.airbyte.com/reference/errors',
    title: 'service-unavailable',
    detail: 'The server is currently unable to handle the request.',
  },
};

/** An in-process Airbyte API server for tests. */
export class FakeAirbyteApi {
  readonly requests: FakeRequest[] = [];
  readonly clientId: string;
  readonly clientSecret: string;
  tokenTtlSeconds: number;
  /** Delay before every response, in ms. */
  latencyMs = 0;
  /** States scripted for the next job created; see `FakeJob.script`. */
  nextJobScript: FakeJobStatus[] = ['pending', 'running', 'succeeded'];
  private readonly jobs = new Map<number, FakeJob>();
  private readonly tokens = new Map<string, number>();
  private readonly faults: Fault[] = [];
  private readonly now: () => number;
  private readonly startedAt = performance.now();
  private nextJobId = 1000;
  private server: Server | undefined;
  private baseUrl = '';

  constructor(private readonly options: FakeAirbyteOptions = {}) {
    this.clientId = options.clientId ?? 'client-0001';
    this.clientSecret = options.clientSecret ?? `secret-${randomBytes(6).toString('hex')}`;
    this.tokenTtlSeconds = options.tokenTtlSeconds ?? 180;
    this.now = options.now ?? Date.now;
  }

  /** Starts a fake on a free port of 127.0.0.1. */
  static async start(options: FakeAirbyteOptions = {}): Promise<FakeAirbyteApi> {
    const fake = new FakeAirbyteApi(options);
    await fake.listen();
    return fake;
  }

  /** Base URL to give the client, e.g. `http://127.0.0.1:PORT/v1`. */
  get url(): string {
    return this.baseUrl;
  }

  /** Requests to `path` (without the base path), optionally of one method. */
  requestsTo(path: string, method?: string): FakeRequest[] {
    return this.requests.filter((r) => r.path === path && (!method || r.method === method));
  }

  /** Fails the next `count` requests (optionally only those under `pathPrefix`) with `status`. */
  failNext(
    count: number,
    status: number,
    options: { retryAfter?: string; pathPrefix?: string } = {},
  ): void {
    for (let i = 0; i < count; i++) this.faults.push({ status, ...options });
  }

  /** Makes every issued token invalid, as a server restart or key rotation would. */
  revokeTokens(): void {
    this.tokens.clear();
  }

  /** Current state of a job, or undefined. */
  jobStatus(jobId: number): FakeJobStatus | undefined {
    return this.jobs.get(jobId)?.status;
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
        this.problem(res, 500, String(error));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    const { port } = server.address() as AddressInfo;
    this.baseUrl = `http://127.0.0.1:${port}${this.options.basePath ?? '/v1'}`;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const basePath = this.options.basePath ?? '/v1';
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname.startsWith(basePath)
      ? url.pathname.slice(basePath.length)
      : url.pathname;
    const method = req.method ?? 'GET';
    const entry: FakeRequest = {
      method,
      path,
      at: performance.now() - this.startedAt,
      authorization: req.headers.authorization,
      body: parseBody(raw, req.headers['content-type']),
      status: 0,
    };
    this.requests.push(entry);
    res.on('finish', () => {
      entry.status = res.statusCode;
    });

    if (this.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.latencyMs));

    const faultIndex = this.faults.findIndex((f) => !f.pathPrefix || path.startsWith(f.pathPrefix));
    if (faultIndex >= 0) {
      const [fault] = this.faults.splice(faultIndex, 1);
      if (fault?.retryAfter !== undefined) res.setHeader('Retry-After', fault.retryAfter);
      this.problem(res, fault?.status ?? 500);
      return;
    }

    this.route(method, path, entry.body, req, res);
  }

  private route(
    method: string,
    path: string,
    body: unknown,
    req: IncomingMessage,
    res: ServerResponse,
  ): void {
    if (path === '/applications/token' && method === 'POST') {
      this.issueToken(body, res);
      return;
    }

    const jobMatch = /^\/jobs(?:\/(\d+))?$/.exec(path);
    if (!jobMatch) {
      this.problem(res, 404, `No route for ${method} ${path}`);
      return;
    }
    if (!this.authorized(req)) {
      this.problem(res, 401);
      return;
    }

    const jobId = jobMatch[1];
    if (jobId === undefined && method === 'POST') this.createJob(body, res);
    else if (jobId !== undefined && method === 'GET') this.getJob(Number(jobId), res);
    else if (jobId !== undefined && method === 'DELETE') this.cancelJob(Number(jobId), res);
    else this.problem(res, 404, `No route for ${method} ${path}`);
  }

  private issueToken(body: unknown, res: ServerResponse): void {
    const request = (body ?? {}) as Record<string, unknown>;
    const grant = request['grant-type'] ?? request.grant_type;
    if (typeof request.client_id !== 'string' || typeof request.client_secret !== 'string') {
      this.problem(res, 400, 'client_id and client_secret are required');
      return;
    }
    if (grant !== undefined && grant !== 'client_credentials') {
      this.problem(res, 400, `Unsupported grant-type ${String(grant)}`);
      return;
    }
    if (request.client_id !== this.clientId || request.client_secret !== this.clientSecret) {
      this.problem(res, 403);
      return;
    }

    const token = `tok-${randomBytes(8).toString('hex')}`;
    this.tokens.set(token, this.now() + this.tokenTtlSeconds * 1000);
    this.json(res, 200, {
      access_token: token,
      token_type: 'Bearer',
      expires_in: this.tokenTtlSeconds,
    });
  }

  private authorized(req: IncomingMessage): boolean {
    const match = /^Bearer (.+)$/.exec(req.headers.authorization ?? '');
    const expiresAt = match?.[1] ? this.tokens.get(match[1]) : undefined;

    return expiresAt !== undefined && this.now() < expiresAt;
  }

  private createJob(body: unknown, res: ServerResponse): void {
    const request = (body ?? {}) as Record<string, unknown>;
    if (typeof request.connectionId !== 'string' || !JOB_TYPES.includes(String(request.jobType))) {
      this.problem(
        res,
        400,
        'connectionId (UUID) and jobType (sync|reset|refresh|clear) are required',
      );
      return;
    }

    const [first, ...rest] = this.nextJobScript;
    const job: FakeJob = {
      jobId: this.nextJobId++,
      connectionId: request.connectionId,
      jobType: String(request.jobType),
      startTime: new Date(this.now()).toISOString(),
      status: first ?? 'pending',
      script: rest,
    };
    this.jobs.set(job.jobId, job);
    this.json(res, 200, jobResponse(job));
  }

  private getJob(jobId: number, res: ServerResponse): void {
    const job = this.jobs.get(jobId);
    if (!job) {
      this.problem(res, 404, `Job ${jobId} not found`);
      return;
    }

    const next = job.script.length > 1 ? job.script.shift() : job.script[0];
    if (next !== undefined && job.status !== 'cancelled') job.status = next;
    this.json(res, 200, jobResponse(job));
  }

  private cancelJob(jobId: number, res: ServerResponse): void {
    const job = this.jobs.get(jobId);
    if (!job) {
      this.problem(res, 404, `Job ${jobId} not found`);
      return;
    }

    job.status = 'cancelled';
    this.json(res, 200, jobResponse(job));
  }

  private problem(res: ServerResponse, status: number, detail?: string): void {
    const known = PROBLEMS[status] ?? {
      type: 'https://reference.airbyte.com/reference/errors',
      title: status === 429 ? 'rate-limited' : 'unexpected-problem',
      detail: status === 429 ? 'Too many requests.' : 'An unexpected problem has occurred.',
    };
    this.json(
      res,
      status,
      { ...known, status, detail: detail ?? known.detail },
      'application/problem+json',
    );
  }

  private json(
    res: ServerResponse,
    status: number,
    body: unknown,
    type = 'application/json',
  ): void {
    if (res.headersSent) return;
    res.writeHead(status, { 'content-type': type });
    res.end(JSON.stringify(body));
  }
}

function jobResponse(job: FakeJob): Record<string, unknown> {
  return {
    jobId: job.jobId,
    status: job.status,
    jobType: job.jobType,
    startTime: job.startTime,
    connectionId: job.connectionId,
    lastUpdatedAt: new Date().toISOString(),
    duration: 'PT0S',
    bytesSynced: 0,
    rowsSynced: 0,
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (raw === '') return undefined;
  if (contentType?.startsWith('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
