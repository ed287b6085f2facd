import { request as httpRequest } from 'node:http';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type HttpServerHandle,
  parseTokenGrants,
  startHttpServer,
  type TokenGrant,
} from '../../src/http.js';
import { createMcpServer } from '../../src/server.js';
import { resultText } from './connect.js';
import { FakeSophiaApi } from './fake-api.js';

const READ_TOKEN = 'read-token-0123456789';
const OTHER_TOKEN = 'other-token-0123456789';
const WRONG_DOMAIN_TOKEN = 'personal-token-0123456789';

const TOKENS = new Map<string, TokenGrant>([
  [READ_TOKEN, { domains: ['pay_ready'], scopes: ['read'] }],
  [OTHER_TOKEN, { domains: ['pay_ready'], scopes: ['read', 'write'] }],
  [WRONG_DOMAIN_TOKEN, { domains: ['personal'], scopes: ['read'] }],
]);

const INITIALIZE = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: {
    protocolVersion: '2025-06-18',
    capabilities: {},
    clientInfo: { name: 'raw-test', version: '1.0.0' },
  },
};

interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** Sends one request with full control over headers (fetch cannot set Host). */
function rawRequest(
  port: number,
  options: { method: string; path: string; headers?: Record<string, string>; body?: unknown },
): Promise<RawResponse> {
  const body = options.body === undefined ? undefined : JSON.stringify(options.body);
  const headers: Record<string, string> = {
    host: `127.0.0.1:${port}`,
    accept: 'application/json, text/event-stream',
    ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    ...options.headers,
  };

  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method: options.method, path: options.path, headers },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }),
        );
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function bearer(token: string) {
  return { headers: { Authorization: `Bearer ${token}` } };
}

async function connectStreamable(url: string, token: string) {
  const transport = new StreamableHTTPClientTransport(new URL(`${url}/mcp`), {
    requestInit: bearer(token),
  });
  const client = new Client({ name: 'streamable-test', version: '1.0.0' });
  await client.connect(transport);

  return { client, transport };
}

async function connectSse(url: string, token: string) {
  const transport = new SSEClientTransport(new URL(`${url}/sse`), { requestInit: bearer(token) });
  const client = new Client({ name: 'sse-test', version: '1.0.0' });
  await client.connect(transport);

  return { client, transport };
}

describe('HTTP server with tokens', () => {
  let handle: HttpServerHandle;
  const clients: Client[] = [];

  beforeAll(async () => {
    const api = Promise.resolve(new FakeSophiaApi('pay_ready'));
    handle = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      tokens: TOKENS,
      createServer: () => createMcpServer({ api }),
    });
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  afterAll(async () => {
    await handle.close();
  });

  it('serves a tool over Streamable HTTP', async () => {
    const { client } = await connectStreamable(handle.url, READ_TOKEN);
    clients.push(client);

    const result = await client.callTool({
      name: 'search_customer_interactions',
      arguments: { query: 'pricing' },
    });

    expect(result.isError).toBeFalsy();
    expect(resultText(result)).toContain('[gong call 2025-03-04 14:02 UTC at 2:05 — Lena Ortiz');
  });

  it('serves legacy SSE on same port', async () => {
    const { client } = await connectSse(handle.url, READ_TOKEN);
    clients.push(client);

    const result = await client.callTool({ name: 'lookup_entity', arguments: { query: 'Lena' } });

    expect(result.isError).toBeFalsy();
    expect(resultText(result)).toContain('1. Lena Ortiz (person, external)');
  });

  it('serves both transports at once', async () => {
    const streamable = await connectStreamable(handle.url, READ_TOKEN);
    const sse = await connectSse(handle.url, OTHER_TOKEN);
    clients.push(streamable.client, sse.client);

    const [overStreamable, overSse] = await Promise.all([
      streamable.client.listTools(),
      sse.client.listTools(),
    ]);

    expect(overStreamable.tools.map((tool) => tool.name)).toEqual(
      overSse.tools.map((tool) => tool.name),
    );
  });

  it('rejects a request without a token', async () => {
    const response = await rawRequest(handle.port, {
      method: 'POST',
      path: '/mcp',
      body: INITIALIZE,
    });

    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toBe('Bearer realm="sophia"');
  });

  it('rejects an unknown token', async () => {
    const response = await rawRequest(handle.port, {
      method: 'POST',
      path: '/mcp',
      body: INITIALIZE,
      headers: { authorization: 'Bearer not-a-known-token' },
    });

    expect(response.status).toBe(401);
    expect(response.headers['www-authenticate']).toContain('error="invalid_token"');
  });

  it('rejects an SSE stream without a token', async () => {
    const response = await rawRequest(handle.port, { method: 'GET', path: '/sse' });

    expect(response.status).toBe(401);
  });

  it('accepts a known token', async () => {
    const response = await rawRequest(handle.port, {
      method: 'POST',
      path: '/mcp',
      body: INITIALIZE,
      headers: { authorization: `Bearer ${READ_TOKEN}` },
    });

    expect(response.status).toBe(200);
    expect(response.headers['mcp-session-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects a foreign Host header', async () => {
    const response = await rawRequest(handle.port, {
      method: 'POST',
      path: '/mcp',
      body: INITIALIZE,
      headers: { host: `attacker.example:${handle.port}`, authorization: `Bearer ${READ_TOKEN}` },
    });

    expect(response.status).toBe(403);
    expect(response.body).toContain('Host header \\"attacker.example:');
  });

  it('rejects a foreign Origin header', async () => {
    const response = await rawRequest(handle.port, {
      method: 'POST',
      path: '/mcp',
      body: INITIALIZE,
      headers: { origin: 'http://attacker.example', authorization: `Bearer ${READ_TOKEN}` },
    });

    expect(response.status).toBe(403);
  });

  it('accepts a local Origin header', async () => {
    const response = await rawRequest(handle.port, {
      method: 'POST',
      path: '/mcp',
      body: INITIALIZE,
      headers: {
        host: `localhost:${handle.port}`,
        origin: `http://localhost:${handle.port}`,
        authorization: `Bearer ${READ_TOKEN}`,
      },
    });

    expect(response.status).toBe(200);
  });

  it('answers health checks without a token', async () => {
    const response = await rawRequest(handle.port, { method: 'GET', path: '/healthz' });

    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ status: 'ok' });
  });

  it('ends a session on DELETE', async () => {
    const { client, transport } = await connectStreamable(handle.url, READ_TOKEN);
    const sessionId = transport.sessionId;
    expect(sessionId).toBeDefined();

    await transport.terminateSession();
    await client.close();
    const response = await rawRequest(handle.port, {
      method: 'POST',
      path: '/mcp',
      body: { jsonrpc: '2.0', id: 2, method: 'tools/list' },
      headers: { authorization: `Bearer ${READ_TOKEN}`, 'mcp-session-id': sessionId ?? '' },
    });

    expect(response.status).toBe(404);
  });

  it('refuses a session to another token', async () => {
    const { client, transport } = await connectStreamable(handle.url, READ_TOKEN);
    clients.push(client);

    const response = await rawRequest(handle.port, {
      method: 'POST',
      path: '/mcp',
      body: { jsonrpc: '2.0', id: 2, method: 'tools/list' },
      headers: {
        authorization: `Bearer ${OTHER_TOKEN}`,
        'mcp-session-id': transport.sessionId ?? '',
      },
    });

    expect(response.status).toBe(403);
    expect(response.body).toContain('opened with another token');
  });

  it('denies tokens of another domain', async () => {
    const { client } = await connectStreamable(handle.url, WRONG_DOMAIN_TOKEN);
    clients.push(client);

    const result = await client.callTool({ name: 'lookup_entity', arguments: { query: 'Lena' } });

    expect(result.isError).toBe(true);
    expect(resultText(result)).toContain('may use the domains [personal], not "pay_ready"');
  });

  it('keeps no session without initialize', async () => {
    const before = JSON.parse(
      (await rawRequest(handle.port, { method: 'GET', path: '/healthz' })).body,
    );
    const response = await rawRequest(handle.port, {
      method: 'POST',
      path: '/mcp',
      body: { jsonrpc: '2.0', id: 2, method: 'tools/list' },
      headers: { authorization: `Bearer ${READ_TOKEN}` },
    });
    const after = JSON.parse(
      (await rawRequest(handle.port, { method: 'GET', path: '/healthz' })).body,
    );

    expect(response.status).toBe(400);
    expect(after.sessions).toBe(before.sessions);
  });

  it.each([
    ['GET', '/mcp', 400],
    ['POST', '/messages', 400],
    ['PUT', '/mcp', 405],
    ['GET', '/nowhere', 404],
  ])('answers %s %s with %i', async (method, path, status) => {
    const response = await rawRequest(handle.port, {
      method,
      path,
      headers: { authorization: `Bearer ${READ_TOKEN}` },
    });

    expect(response.status).toBe(status);
  });

  it('answers 404 for an unknown SSE session', async () => {
    const response = await rawRequest(handle.port, {
      method: 'POST',
      path: '/messages?sessionId=00000000-0000-0000-0000-000000000000',
      body: { jsonrpc: '2.0', id: 2, method: 'tools/list' },
      headers: { authorization: `Bearer ${READ_TOKEN}` },
    });

    expect(response.status).toBe(404);
  });
});

describe('HTTP server without tokens', () => {
  it('serves loopback callers without a token', async () => {
    const api = Promise.resolve(new FakeSophiaApi());
    const handle = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      createServer: () => createMcpServer({ api }),
    });

    try {
      const response = await rawRequest(handle.port, {
        method: 'POST',
        path: '/mcp',
        body: INITIALIZE,
      });
      expect(response.status).toBe(200);
    } finally {
      await handle.close();
    }
  });

  it('refuses to listen beyond loopback', async () => {
    const start = startHttpServer({
      host: '0.0.0.0',
      port: 0,
      createServer: () => createMcpServer({ api: Promise.resolve(new FakeSophiaApi()) }),
    });

    await expect(start).rejects.toThrow(/SOPHIA_HTTP_TOKENS/);
  });

  it('closes while an SSE stream is open', async () => {
    const api = Promise.resolve(new FakeSophiaApi());
    const handle = await startHttpServer({
      host: '127.0.0.1',
      port: 0,
      createServer: () => createMcpServer({ api }),
    });
    const { client } = await connectSse(handle.url, 'unused');

    try {
      await handle.close();
      await expect(rawRequest(handle.port, { method: 'GET', path: '/healthz' })).rejects.toThrow(
        /ECONNREFUSED/,
      );
    } finally {
      await client.close();
    }
  });
});

describe('parseTokenGrants', () => {
  it('parses domains and scopes', () => {
    const grants = parseTokenGrants('abc==pay_ready+personal:write, xyz=paragon:read');

    expect(grants.get('abc=')).toEqual({
      domains: ['pay_ready', 'personal'],
      scopes: ['read', 'write'],
    });
    expect(grants.get('xyz')).toEqual({ domains: ['paragon'], scopes: ['read'] });
  });

  it.each([
    ['s3cret-value', 'expected token=domain1+domain2:read|write'],
    ['s3cret-value=pay_ready', 'has scope ""; use read or write'],
    ['s3cret-value=pay_ready:admin', 'has scope "admin"'],
    ['s3cret-value=sales:read', 'unknown domains sales'],
  ])('rejects %s', (value, message) => {
    let error: unknown;
    try {
      parseTokenGrants(value);
    } catch (caught) {
      error = caught;
    }

    expect(String(error)).toContain(message);
    expect(String(error)).toContain('SOPHIA_HTTP_TOKENS entry 1');
    expect(String(error)).not.toContain('s3cret');
  });
});
