import { AirbyteAuthError } from './errors.js';
import { type HttpRequest, responseError, sendRequest } from './http.js';
import type { AccessTokenResponse } from './types.js';

export interface TokenProviderOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  fetch: typeof fetch;
  requestTimeoutMs: number;
  /**
   * How long before `expires_in` runs out a token is replaced, in ms. Capped at half the token's
   * lifetime, so that short-lived tokens are still reused. Default 30,000.
   */
  refreshMarginMs?: number;
  now: () => number;
}

interface CachedToken {
  value: string;
  refreshAt: number;
}

/**
 * Client-credentials access tokens from `POST /applications/token`, cached and replaced before
 * `expires_in` runs out. Concurrent callers share one token request.
 */
export class TokenProvider {
  private cached: CachedToken | undefined;
  private pending: Promise<string> | undefined;
  /** Number of token requests sent, for logs and tests. */
  requests = 0;

  constructor(private readonly options: TokenProviderOptions) {}

  /** Returns a token that is not about to expire, requesting a new one when needed. */
  async token(signal?: AbortSignal): Promise<string> {
    if (this.cached && this.options.now() < this.cached.refreshAt) return this.cached.value;

    this.pending ??= this.request(signal).finally(() => {
      this.pending = undefined;
    });

    return this.pending;
  }

  /** Drops the cached token, after the API rejected it with 401. */
  invalidate(rejected: string): void {
    if (this.cached?.value === rejected) this.cached = undefined;
  }

  private async request(signal?: AbortSignal): Promise<string> {
    this.requests++;
    const request: HttpRequest = {
      method: 'POST',
      url: `${this.options.baseUrl}/applications/token`,
      headers: {},
      body: {
        client_id: this.options.clientId,
        client_secret: this.options.clientSecret,
        // NOTE: the spec's schema names this property `grant-type` while its `required` list
        // names `grant_type`; which spelling the server checks is unverified.
        'grant-type': 'client_credentials',
      },
      signal,
      timeoutMs: this.options.requestTimeoutMs,
    };
    const issuedAt = this.options.now();
    const response = await sendRequest(this.options.fetch, request);

    if (response.status === 400 || response.status === 401 || response.status === 403) {
      const error = responseError(request, response);
      throw new AirbyteAuthError(
        `${error.message}. Check the Airbyte application's client id and client secret`,
        { status: response.status, problem: error.problem },
      );
    }
    if (response.status < 200 || response.status >= 300) throw responseError(request, response);

    const body = response.json as Partial<AccessTokenResponse> | undefined;
    if (typeof body?.access_token !== 'string' || body.access_token === '') {
      throw new AirbyteAuthError(
        'Airbyte API POST /applications/token returned no access_token; ' +
          'check that the base URL points at the Airbyte API',
        { status: response.status },
      );
    }

    const lifetimeMs = typeof body.expires_in === 'number' ? body.expires_in * 1000 : 180_000;
    const marginMs = Math.min(this.options.refreshMarginMs ?? 30_000, lifetimeMs / 2);
    this.cached = { value: body.access_token, refreshAt: issuedAt + lifetimeMs - marginMs };

    return body.access_token;
  }
}
