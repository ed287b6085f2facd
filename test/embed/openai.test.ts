import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { OpenAiEmbedder, splitBatches } from '../../src/embed/openai.js';

/**
 * A stand-in for the OpenAI embeddings endpoint (POST /v1/embeddings, as the OpenAI API reference
 * documents it): it checks the request shape, answers with one float vector per input in the
 * documented envelope, and can answer 429 with Retry-After first.
 */
interface Received {
  authorization: string | undefined;
  body: { model: string; input: string[]; encoding_format: string; dimensions?: number };
}

function startFake(options: { dimensions: number; rateLimitFirst?: number }) {
  const received: Received[] = [];
  let limited = options.rateLimitFirst ?? 0;
  const control = { serverErrors: 0, retryAfterSeconds: '0', unauthorized: 0 };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    let raw = '';
    request.on('data', (chunk) => {
      raw += chunk;
    });
    request.on('end', () => {
      if (request.method !== 'POST' || request.url !== '/v1/embeddings') {
        response.writeHead(404).end();
        return;
      }
      if (control.unauthorized > 0) {
        control.unauthorized--;
        response.writeHead(401, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            error: {
              message: 'Incorrect API key provided',
              type: 'invalid_request_error',
              code: 'invalid_api_key',
            },
          }),
        );
        return;
      }
      if (control.serverErrors > 0) {
        control.serverErrors--;
        response.writeHead(503, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({ error: { message: 'The server is overloaded', type: 'server_error' } }),
        );
        return;
      }
      if (limited > 0) {
        limited--;
        response.writeHead(429, {
          'content-type': 'application/json',
          'retry-after': control.retryAfterSeconds,
        });
        response.end(
          JSON.stringify({
            error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' },
          }),
        );
        return;
      }
      const body = JSON.parse(raw) as Received['body'];
      received.push({ authorization: request.headers.authorization, body });
      const data = body.input.map((text, index) => ({
        object: 'embedding',
        index,
        embedding: Array.from(
          { length: options.dimensions },
          (_, i) => ((text.length + i) % 7) / 7,
        ),
      }));
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          object: 'list',
          data: data.reverse(),
          model: body.model,
          usage: { prompt_tokens: 5, total_tokens: 5 },
        }),
      );
    });
  });

  return {
    server,
    received,
    control,
    rateLimitNext: (count: number) => {
      limited = count;
    },
  };
}

describe('OpenAI-compatible embedder', () => {
  let fake: ReturnType<typeof startFake>;
  let baseUrl: string;

  beforeAll(async () => {
    fake = startFake({ dimensions: 8, rateLimitFirst: 1 });
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}/v1`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve, reject) =>
      (fake.server as Server).close((error) => (error ? reject(error) : resolve())),
    );
  });

  it('is chosen by configuration', () => {
    const config = loadConfig({ OPENAI_API_KEY: 'sk-test', SOPHIA_EMBEDDING_DIMENSIONS: '8' });

    expect(config.embedder.kind).toBe('openai');
    expect(config.embedder.dimensions).toBe(8);
    expect(loadConfig({}).embedder.kind).toBe('local');
    expect(() => loadConfig({ SOPHIA_EMBEDDER: 'openai' })).toThrow(/OPENAI_API_KEY/);
  });

  it('sends float requests and keeps input order after a 429', async () => {
    const embedder = new OpenAiEmbedder({
      kind: 'openai',
      model: 'text-embedding-3-small',
      dimensions: 8,
      apiKey: 'sk-test',
      baseUrl,
    });
    const vectors = await embedder.embed(['a', 'bbb', 'cc']);
    const request = fake.received.at(-1);

    expect(request?.body.encoding_format).toBe('float');
    expect(request?.body.model).toBe('text-embedding-3-small');
    expect(request?.body.dimensions).toBe(8);
    expect(request?.body.input).toEqual(['a', 'bbb', 'cc']);
    expect(request?.authorization).toBe('Bearer sk-test');
    expect(vectors.map((vector) => vector[0])).toEqual([1 / 7, 3 / 7, 2 / 7]);
  });

  it('retries 5xx answers and waits as Retry-After asks', async () => {
    const embedder = new OpenAiEmbedder({
      kind: 'openai',
      model: 'text-embedding-3-small',
      dimensions: 8,
      apiKey: 'sk-test',
      baseUrl,
    });
    fake.control.serverErrors = 2;
    const afterErrors = await embedder.embed(['x']);

    fake.control.retryAfterSeconds = '1';
    fake.rateLimitNext(1);
    const started = Date.now();
    const afterLimit = await embedder.embed(['y']);
    fake.control.retryAfterSeconds = '0';

    expect(afterErrors).toHaveLength(1);
    expect(afterLimit).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it('names the server it cannot reach', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const embedder = new OpenAiEmbedder(
      {
        kind: 'openai',
        model: 'text-embedding-3-small',
        dimensions: 8,
        apiKey: 'sk-test',
        baseUrl: `http://127.0.0.1:${port}/v1`,
      },
      { maxRetries: 0 },
    );

    const error = await embedder.embed(['x']).catch((caught: unknown) => caught as Error);
    expect(error.message).toContain(
      `Could not reach the embedding API at http://127.0.0.1:${port}/v1`,
    );
    expect(error.message).toContain('OPENAI_BASE_URL');
  });

  it('names the key setting on 401', async () => {
    const embedder = new OpenAiEmbedder(
      {
        kind: 'openai',
        model: 'text-embedding-3-small',
        dimensions: 8,
        apiKey: 'sk-test',
        baseUrl,
      },
      { maxRetries: 0 },
    );
    fake.control.unauthorized = 1;

    const error = await embedder.embed(['x']).catch((caught: unknown) => caught as Error);
    expect(error.message).toContain('rejected the key (401');
    expect(error.message).toContain('OPENAI_API_KEY');
  });

  it('rejects vectors of the wrong size naming the setting', async () => {
    const embedder = new OpenAiEmbedder({
      kind: 'openai',
      model: 'text-embedding-3-small',
      dimensions: 16,
      apiKey: 'sk-test',
      baseUrl,
    });

    await expect(embedder.embed(['x'])).rejects.toThrow(/SOPHIA_EMBEDDING_DIMENSIONS=8/);
  });

  it('splits requests at the API limit of 2,048 inputs', () => {
    const batches = splitBatches(Array.from({ length: 5000 }, () => 'short text'));

    expect(batches.map((batch) => batch.length)).toEqual([2048, 2048, 904]);
  });
});
