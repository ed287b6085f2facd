import OpenAI from 'openai';
import pLimit from 'p-limit';
import type { EmbedderConfig } from '../config.js';
import type { Embedder } from './embedder.js';

/** Limits of the OpenAI embeddings endpoint per request (platform.openai.com API reference). */
export const OPENAI_MAX_INPUTS = 2048;
export const OPENAI_MAX_TOKENS_PER_REQUEST = 300_000;

/** Rough token count: about four characters per token for English text. An estimate. */
function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4) + 1;
}

/**
 * Embeds through the OpenAI embeddings API or any compatible server (`OPENAI_BASE_URL`). Inputs
 * are split into requests within the API's limits and sent with bounded concurrency; the client
 * retries 429 and 5xx answers, honouring `Retry-After`.
 */
export class OpenAiEmbedder implements Embedder {
  readonly model: string;
  readonly dimensions: number;
  readonly remote = true;
  /** An estimate for text-embedding-3 models, whose unrelated texts mostly score below 0.2. */
  readonly minSimilarity: number;
  private readonly client: OpenAI;
  private readonly limit: ReturnType<typeof pLimit>;

  constructor(config: EmbedderConfig, options: { concurrency?: number; maxRetries?: number } = {}) {
    this.model = config.model;
    this.dimensions = config.dimensions;
    this.minSimilarity = config.minSimilarity ?? 0.2;
    this.client = new OpenAI({
      apiKey: config.apiKey ?? 'unused',
      baseURL: config.baseUrl,
      maxRetries: options.maxRetries ?? 6,
      timeout: 60_000,
    });
    this.limit = pLimit(options.concurrency ?? 4);
  }

  async embed(texts: string[], options: { signal?: AbortSignal } = {}): Promise<number[][]> {
    const batches = splitBatches(texts);
    const results = await Promise.all(
      batches.map((batch) => this.limit(() => this.request(batch, options.signal))),
    );

    return results.flat();
  }

  private async request(texts: string[], signal: AbortSignal | undefined): Promise<number[][]> {
    let response: OpenAI.CreateEmbeddingResponse;
    try {
      response = await this.client.embeddings.create(
        {
          model: this.model,
          input: texts,
          encoding_format: 'float',
          // Only the text-embedding-3 models accept a dimensions parameter.
          ...(this.model.startsWith('text-embedding-3') ? { dimensions: this.dimensions } : {}),
        },
        { signal },
      );
    } catch (error) {
      throw this.explain(error);
    }
    const vectors = [...response.data].sort((a, b) => a.index - b.index).map((d) => d.embedding);

    if (vectors.length !== texts.length) {
      throw new Error(
        `Embedding API returned ${vectors.length} vectors for ${texts.length} inputs (model ${this.model})`,
      );
    }
    const wrong = vectors.find((vector) => vector.length !== this.dimensions);
    if (wrong !== undefined) {
      throw new Error(
        `Embedding model ${this.model} returned ${wrong.length} dimensions, but the index expects ` +
          `${this.dimensions}; set SOPHIA_EMBEDDING_DIMENSIONS=${wrong.length} and re-embed`,
      );
    }

    return vectors;
  }

  /**
   * Turns the client's bare errors ("Connection error.", "401 Incorrect API key") into messages
   * that name the server and the setting to fix. Aborts and other errors pass through.
   */
  private explain(error: unknown): unknown {
    const server = this.client.baseURL;
    if (error instanceof OpenAI.APIConnectionTimeoutError) {
      return new Error(
        `The embedding API at ${server} timed out after ${this.client.timeout / 1000} s and ` +
          `${this.client.maxRetries} retries; check that the server is up and not overloaded`,
        { cause: error },
      );
    }
    if (error instanceof OpenAI.APIUserAbortError) return error;
    if (error instanceof OpenAI.APIConnectionError) {
      const reason = error.cause instanceof Error ? `: ${error.cause.message}` : '';
      return new Error(
        `Could not reach the embedding API at ${server}${reason}; check OPENAI_BASE_URL and ` +
          'that the server is running, or unset SOPHIA_EMBEDDER to use the local embedder',
        { cause: error },
      );
    }
    if (
      error instanceof OpenAI.AuthenticationError ||
      error instanceof OpenAI.PermissionDeniedError
    ) {
      return new Error(
        `The embedding API at ${server} rejected the key (${error.status}: ${error.message}); ` +
          'check OPENAI_API_KEY',
        { cause: error },
      );
    }
    if (error instanceof OpenAI.NotFoundError) {
      return new Error(
        `The embedding API at ${server} returned 404 for model ${this.model} (${error.message}); ` +
          'check SOPHIA_EMBEDDING_MODEL and that OPENAI_BASE_URL ends in /v1',
        { cause: error },
      );
    }

    return error;
  }
}

/** Split inputs into requests of at most 2,048 inputs and about 300k tokens each. */
export function splitBatches(texts: string[]): string[][] {
  const batches: string[][] = [];
  let current: string[] = [];
  let tokens = 0;

  for (const text of texts) {
    const cost = estimateTokens(text);
    const full =
      current.length >= OPENAI_MAX_INPUTS || tokens + cost > OPENAI_MAX_TOKENS_PER_REQUEST * 0.9;
    if (full && current.length > 0) {
      batches.push(current);
      current = [];
      tokens = 0;
    }
    current.push(text);
    tokens += cost;
  }
  if (current.length > 0) batches.push(current);

  return batches;
}
