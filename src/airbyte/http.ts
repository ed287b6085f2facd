import { parseRetryAfter } from '../resilience/errors.js';
import { AirbyteApiError } from './errors.js';
import type { AirbyteProblem } from './types.js';

export interface HttpRequest {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  headers: Record<string, string>;
  body?: unknown;
  signal?: AbortSignal;
  timeoutMs: number;
}

export interface HttpResponse {
  status: number;
  headers: Headers;
  json: unknown;
  text: string;
}

/**
 * Sends one request and reads the whole body. A network failure or a request timeout becomes a
 * retryable `AirbyteApiError`; a caller abort is rethrown as is.
 */
export async function sendRequest(
  fetchImpl: typeof fetch,
  request: HttpRequest,
): Promise<HttpResponse> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  const headers: Record<string, string> = { accept: 'application/json', ...request.headers };
  if (request.body !== undefined) headers['content-type'] = 'application/json';

  let response: Response;
  let text: string;
  try {
    response = await fetchImpl(request.url, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal,
    });
    text = await response.text();
  } catch (error) {
    if (request.signal?.aborted) throw error;

    const reason = timeout.aborted ? `timed out after ${request.timeoutMs} ms` : 'failed';
    throw new AirbyteApiError(
      `Airbyte API request ${request.method} ${pathOf(request.url)} ${reason}: ${messageOf(error)}`,
      { retryable: true, cause: error },
    );
  }

  return { status: response.status, headers: response.headers, json: parseJson(text), text };
}

/** Builds the error for a non-2xx response, with the API's problem details in the message. */
export function responseError(request: HttpRequest, response: HttpResponse): AirbyteApiError {
  const problem = asProblem(response.json);
  const explanation = problem
    ? [problem.title, problem.detail].filter(Boolean).join(': ')
    : response.text.slice(0, 500);

  return new AirbyteApiError(
    `Airbyte API ${request.method} ${pathOf(request.url)} returned HTTP ${response.status}` +
      (explanation ? ` (${explanation})` : ''),
    {
      status: response.status,
      problem,
      retryAfterMs: parseRetryAfter(response.headers.get('retry-after')),
    },
  );
}

function asProblem(json: unknown): AirbyteProblem | undefined {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return undefined;
  const record = json as Record<string, unknown>;
  if (typeof record.title !== 'string' && typeof record.detail !== 'string') return undefined;

  return record as AirbyteProblem;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Returns the URL path only, so that no query string, which could carry a credential, reaches a message. */
export function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url;
  }
}

function messageOf(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    return `${error.message}${cause}`;
  }

  return String(error);
}
