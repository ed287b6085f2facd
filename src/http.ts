/**
 * The HTTP front of the MCP server, on plain `node:http`: Streamable HTTP at `/mcp` and the
 * legacy HTTP+SSE transport at `GET /sse` + `POST /messages` on one port, plus `GET /healthz`.
 *
 * Every MCP request passes three checks first. The Host header (and the Origin header, when a
 * browser sends one) must name an allowed host, which defeats DNS rebinding. When tokens are
 * configured, the request must carry `Authorization: Bearer <token>`. And a request that names
 * a session must come with the token that opened it.
 */
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import {
  createServer as createNodeServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import type { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { SSEServerTransport } from '@modelcontextprotocol/sdk/server/sse.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import type { Scope } from '../tools/access.js';
import { DOMAINS } from './config.js';
import { logger } from './logger.js';
import { metricsContentType, metricsText } from './metrics.js';

/** Permissions of one bearer token: the domains it may read and its scopes. */
export interface TokenGrant {
  domains: string[];
  scopes: Scope[];
}

export interface HttpServerOptions {
  /** Address to bind, e.g. `127.0.0.1`. Binding elsewhere requires `tokens`. */
  host: string;
  /** Port to bind, or 0 for a free one, which the returned `port` and `url` name. */
  port: number;
  /** Creates the server for a new session, given the grant of the caller's token. */
  createServer: (grant: TokenGrant | undefined) => McpServer;
  /** Bearer tokens and their grants. When empty or absent, requests need no token. */
  tokens?: Map<string, TokenGrant> | undefined;
  /**
   * Host header values to accept, with or without a port (`sophia.example.com` accepts any
   * port). Defaults to the bound host, `127.0.0.1`, `localhost` and `[::1]` with the bound port.
   */
  allowedHosts?: string[] | undefined;
  /** Streamable HTTP sessions without a request for this long are closed. Default 30 min. */
  sessionIdleMs?: number | undefined;
}

export interface HttpServerHandle {
  /** Base URL such as `http://127.0.0.1:3000`. Clients connect to `${url}/mcp` or `${url}/sse`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

interface Session {
  transport: StreamableHTTPServerTransport | SSEServerTransport;
  /** Fingerprint of the token that opened the session, or undefined without auth. */
  clientId: string | undefined;
  lastRequestAt: number;
}

type RequestWithAuth = IncomingMessage & { auth?: AuthInfo };

const DEFAULT_SESSION_IDLE_MS = 30 * 60 * 1000;
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);

/** JSON-RPC error code the Streamable HTTP transport uses for an unknown session. */
const SESSION_NOT_FOUND = -32001;

/**
 * Starts the HTTP server and resolves once it listens. Throws when `host` is not a loopback
 * address and no tokens are configured, because the server would then accept anyone.
 */
export async function startHttpServer(options: HttpServerOptions): Promise<HttpServerHandle> {
  const tokens = options.tokens?.size ? options.tokens : undefined;
  if (tokens === undefined && !isLoopback(options.host)) {
    throw new Error(
      `Cannot serve HTTP on ${options.host} without bearer tokens: set SOPHIA_HTTP_TOKENS, ` +
        'or bind to 127.0.0.1.',
    );
  }

  const sessions = new Map<string, Session>();
  const context: RequestContext = {
    options,
    tokens,
    sessions,
    allowedHosts: [],
  };
  const server = createNodeServer((req, res) => {
    handleRequest(context, req, res).catch((error: unknown) => {
      logger.error({ err: error, method: req.method, path: req.url }, 'HTTP request failed');
      if (!res.headersSent) {
        sendJsonRpcError(res, 500, -32603, 'Internal server error');
      }
    });
  });

  const port = await listen(server, options.host, options.port);
  context.allowedHosts = options.allowedHosts ?? defaultAllowedHosts(options.host, port);

  const sweeper = setInterval(
    () => closeIdleSessions(sessions, options.sessionIdleMs ?? DEFAULT_SESSION_IDLE_MS),
    60_000,
  );
  sweeper.unref();

  const url = `http://${formatHost(options.host)}:${port}`;
  logger.info(
    { url, auth: tokens !== undefined, allowedHosts: context.allowedHosts },
    'MCP HTTP server listening',
  );

  return {
    url,
    port,
    close: async () => {
      clearInterval(sweeper);
      await Promise.allSettled([...sessions.values()].map((session) => session.transport.close()));
      sessions.clear();
      await closeServer(server);
      logger.info({ url }, 'MCP HTTP server stopped');
    },
  };
}

/**
 * Parses `SOPHIA_HTTP_TOKENS`: comma-separated `token=domain1+domain2:scope` entries, where
 * scope is `read` or `write` (write includes read). Error messages never repeat a token.
 */
export function parseTokenGrants(value: string): Map<string, TokenGrant> {
  const grants = new Map<string, TokenGrant>();
  const entries = value
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');

  entries.forEach((entry, index) => {
    const position = `SOPHIA_HTTP_TOKENS entry ${index + 1}`;
    const separator = entry.lastIndexOf('=');
    const token = entry.slice(0, separator);
    const [domainList = '', scope = ''] = entry.slice(separator + 1).split(':');
    if (separator <= 0 || domainList === '') {
      throw new Error(`${position} is invalid: expected token=domain1+domain2:read|write.`);
    }

    const domains = domainList.split('+');
    const unknown = domains.filter((domain) => !(DOMAINS as readonly string[]).includes(domain));
    if (unknown.length > 0) {
      throw new Error(
        `${position} names unknown domains ${unknown.join(', ')}; use ${DOMAINS.join(', ')}.`,
      );
    }

    if (scope !== 'read' && scope !== 'write') {
      throw new Error(`${position} has scope "${scope}"; use read or write.`);
    }

    grants.set(token, { domains, scopes: scope === 'write' ? ['read', 'write'] : ['read'] });
  });

  return grants;
}

interface RequestContext {
  options: HttpServerOptions;
  tokens: Map<string, TokenGrant> | undefined;
  sessions: Map<string, Session>;
  allowedHosts: string[];
}

async function handleRequest(
  context: RequestContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://placeholder').pathname;
  if (path === '/healthz' && req.method === 'GET') {
    sendJson(res, 200, { status: 'ok', sessions: context.sessions.size });
    return;
  }

  const rejection = checkHostAndOrigin(req, context.allowedHosts);
  if (rejection !== undefined) {
    logger.warn({ host: req.headers.host, origin: req.headers.origin }, 'HTTP request rejected');
    sendJsonRpcError(res, 403, -32600, rejection);
    return;
  }

  const auth = authenticate(req, res, context.tokens);
  if (auth === null) {
    return;
  }

  (req as RequestWithAuth).auth = auth?.info;
  await route(context, path, req, res, auth?.grant);
}

async function route(
  context: RequestContext,
  path: string,
  req: IncomingMessage,
  res: ServerResponse,
  grant: TokenGrant | undefined,
): Promise<void> {
  if (path === '/mcp' && ['GET', 'POST', 'DELETE'].includes(req.method ?? '')) {
    await handleStreamableHttp(context, req, res, grant);
  } else if (path === '/metrics' && req.method === 'GET') {
    res.writeHead(200, { 'content-type': metricsContentType });
    res.end(await metricsText());
  } else if (path === '/sse' && req.method === 'GET') {
    await openSseSession(context, res, grant, (req as RequestWithAuth).auth?.clientId);
  } else if (path === '/messages' && req.method === 'POST') {
    await postSseMessage(context, req, res);
  } else if (['/mcp', '/sse', '/messages', '/healthz'].includes(path)) {
    sendJsonRpcError(res, 405, -32600, `Method ${req.method} is not allowed on ${path}.`);
  } else {
    sendJsonRpcError(res, 404, -32600, `No endpoint at ${path}; use /mcp, or /sse and /messages.`);
  }
}

async function handleStreamableHttp(
  context: RequestContext,
  req: IncomingMessage,
  res: ServerResponse,
  grant: TokenGrant | undefined,
): Promise<void> {
  const sessionId = req.headers['mcp-session-id'];
  if (typeof sessionId === 'string') {
    const session = findSession(context, sessionId, req, res);
    if (session === undefined) {
      return;
    }

    if (!(session.transport instanceof StreamableHTTPServerTransport)) {
      sendJsonRpcError(res, 400, -32600, `Session ${sessionId} uses SSE; post to /messages.`);
      return;
    }

    await session.transport.handleRequest(req, res);
    return;
  }

  if (req.method !== 'POST') {
    sendJsonRpcError(res, 400, -32600, 'Missing mcp-session-id header; send initialize first.');
    return;
  }

  await startStreamableSession(context, req, res, grant);
}

/**
 * Opens a session for a POST without a session id. The transport responds to anything other
 * than `initialize` with an error and assigns no session id, so such a transport is closed again.
 */
async function startStreamableSession(
  context: RequestContext,
  req: IncomingMessage,
  res: ServerResponse,
  grant: TokenGrant | undefined,
): Promise<void> {
  const clientId = (req as RequestWithAuth).auth?.clientId;
  const transport: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    onsessioninitialized: (sessionId) => {
      context.sessions.set(sessionId, { transport, clientId, lastRequestAt: Date.now() });
      logger.debug({ sessionId, clientId, transport: 'streamable-http' }, 'MCP session opened');
    },
  });
  transport.onclose = () => {
    forgetSession(context, transport.sessionId);
  };

  const server = context.options.createServer(grant);
  await server.connect(transport);
  await transport.handleRequest(req, res);

  if (transport.sessionId === undefined) {
    await server.close();
  }
}

async function openSseSession(
  context: RequestContext,
  res: ServerResponse,
  grant: TokenGrant | undefined,
  clientId: string | undefined,
): Promise<void> {
  const transport = new SSEServerTransport('/messages', res);
  const sessionId = transport.sessionId;
  context.sessions.set(sessionId, { transport, clientId, lastRequestAt: Date.now() });
  transport.onclose = () => {
    forgetSession(context, sessionId);
  };

  const server = context.options.createServer(grant);
  await server.connect(transport);
  logger.debug({ sessionId, clientId, transport: 'sse' }, 'MCP session opened');
}

async function postSseMessage(
  context: RequestContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const sessionId = new URL(req.url ?? '/', 'http://placeholder').searchParams.get('sessionId');
  if (sessionId === null) {
    sendJsonRpcError(res, 400, -32600, 'Missing sessionId query parameter; open GET /sse first.');
    return;
  }

  const session = findSession(context, sessionId, req, res);
  if (session === undefined) {
    return;
  }

  if (!(session.transport instanceof SSEServerTransport)) {
    sendJsonRpcError(res, 400, -32600, `Session ${sessionId} uses Streamable HTTP; post to /mcp.`);
    return;
  }

  await session.transport.handlePostMessage(req, res);
}

/**
 * Returns the session for `sessionId` after checking that the caller's token opened it, or
 * responds with 404 (unknown session) or 403 (another token) and returns undefined.
 */
function findSession(
  context: RequestContext,
  sessionId: string,
  req: IncomingMessage,
  res: ServerResponse,
): Session | undefined {
  const session = context.sessions.get(sessionId);
  if (session === undefined) {
    sendJsonRpcError(res, 404, SESSION_NOT_FOUND, 'Session not found; initialize a new one.');
    return undefined;
  }

  if (session.clientId !== (req as RequestWithAuth).auth?.clientId) {
    logger.warn({ sessionId }, 'request used a session opened with another token');
    sendJsonRpcError(res, 403, -32600, 'This session was opened with another token.');
    return undefined;
  }

  session.lastRequestAt = Date.now();
  return session;
}

function forgetSession(context: RequestContext, sessionId: string | undefined): void {
  if (sessionId !== undefined && context.sessions.delete(sessionId)) {
    logger.debug({ sessionId }, 'MCP session closed');
  }
}

function closeIdleSessions(sessions: Map<string, Session>, idleMs: number): void {
  const cutoff = Date.now() - idleMs;
  for (const [sessionId, session] of sessions) {
    // An SSE session lives as long as its GET stream, and the client ends it by disconnecting.
    const isIdle =
      session.transport instanceof StreamableHTTPServerTransport && session.lastRequestAt < cutoff;
    if (isIdle) {
      logger.info({ sessionId, idleMs }, 'closing idle MCP session');
      void session.transport.close();
    }
  }
}

/** Returns an error message when the Host or Origin header names a host that is not allowed. */
function checkHostAndOrigin(req: IncomingMessage, allowedHosts: string[]): string | undefined {
  const host = req.headers.host;
  if (host === undefined || !isAllowedHost(host, allowedHosts)) {
    return (
      `Host header ${JSON.stringify(host ?? '')} is not allowed; ` +
      `allowed: ${allowedHosts.join(', ')}. Add the host to the server's allowed hosts.`
    );
  }

  const origin = req.headers.origin;
  if (origin === undefined) {
    return undefined;
  }

  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return `Origin header ${JSON.stringify(origin)} is not a URL.`;
  }

  if (!isAllowedHost(originHost, allowedHosts)) {
    return `Origin ${JSON.stringify(origin)} is not allowed; allowed hosts: ${allowedHosts.join(', ')}.`;
  }

  return undefined;
}

function isAllowedHost(host: string, allowedHosts: string[]): boolean {
  const normalized = host.toLowerCase();
  const hostname = normalized.replace(/:\d+$/, '');

  return allowedHosts.some((entry) => {
    const allowed = entry.toLowerCase();
    return allowed === normalized || allowed === hostname;
  });
}

/**
 * Checks the bearer token. Returns undefined when no tokens are configured, the grant and auth
 * info when the token is known, and null after responding with 401.
 */
function authenticate(
  req: IncomingMessage,
  res: ServerResponse,
  tokens: Map<string, TokenGrant> | undefined,
): { grant: TokenGrant; info: AuthInfo } | null | undefined {
  if (tokens === undefined) {
    return undefined;
  }

  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
  if (match?.[1] === undefined) {
    res.setHeader('WWW-Authenticate', 'Bearer realm="sophia"');
    sendJsonRpcError(res, 401, -32600, 'Missing bearer token: send Authorization: Bearer <token>.');
    return null;
  }

  const token = match[1];
  const grant = findGrant(tokens, token);
  if (grant === undefined) {
    logger.warn({ path: req.url }, 'HTTP request with an unknown bearer token');
    res.setHeader('WWW-Authenticate', 'Bearer realm="sophia", error="invalid_token"');
    sendJsonRpcError(res, 401, -32600, 'Invalid bearer token.');
    return null;
  }

  return {
    grant,
    info: {
      token,
      clientId: fingerprint(token),
      scopes: [...grant.scopes],
      extra: { domains: [...grant.domains] },
    },
  };
}

/**
 * Finds the grant of `token`. SHA-256 digests are compared in constant time, and every
 * configured token is compared, so response timing does not reveal how much of a token matched.
 */
function findGrant(tokens: Map<string, TokenGrant>, token: string): TokenGrant | undefined {
  const digest = sha256(token);
  let found: TokenGrant | undefined;
  for (const [candidate, grant] of tokens) {
    if (timingSafeEqual(digest, sha256(candidate))) {
      found = grant;
    }
  }

  return found;
}

function fingerprint(token: string): string {
  return `token-${sha256(token).toString('hex').slice(0, 12)}`;
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

function isLoopback(host: string): boolean {
  return LOOPBACK_HOSTS.has(host.toLowerCase()) || /^127(\.\d{1,3}){3}$/.test(host);
}

function defaultAllowedHosts(host: string, port: number): string[] {
  const hosts = [host, '127.0.0.1', 'localhost', '[::1]'].map(
    (name) => `${formatHost(name)}:${port}`,
  );
  return [...new Set(hosts)];
}

/** Wraps IPv6 addresses in brackets, as URLs and Host headers write them. */
function formatHost(host: string): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((error) => (error === undefined ? resolve() : reject(error)));
    server.closeAllConnections();
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
}

function sendJsonRpcError(
  res: ServerResponse,
  status: number,
  code: number,
  message: string,
): void {
  sendJson(res, status, { jsonrpc: '2.0', error: { code, message }, id: null });
}
