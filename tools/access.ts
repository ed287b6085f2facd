/**
 * Access rules for callers that authenticated with a bearer token. Local callers (stdio, or HTTP
 * without tokens on a loopback address) carry no auth info and may use everything.
 */
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';

/** Token scopes: `read` allows read-only tools and resources, `write` allows everything. */
export type Scope = 'read' | 'write';

/** The caller's token does not grant the domain or scope the request needs. */
export class AccessDeniedError extends Error {
  override readonly name = 'AccessDeniedError';
}

/**
 * Throws `AccessDeniedError` unless the token grants `domain` (listed in `auth.extra.domains`)
 * and the scope `needed`. A `write` scope includes `read`.
 */
export function assertAccess(auth: AuthInfo | undefined, domain: string, needed: Scope): void {
  if (auth === undefined) {
    return;
  }

  const domains = grantedDomains(auth);
  if (!domains.includes(domain)) {
    throw new AccessDeniedError(
      `Access denied: this token may use the domains [${domains.join(', ')}], not "${domain}". ` +
        'Connect with a token whose grant lists this domain.',
    );
  }

  const allowed = auth.scopes.includes('write') || auth.scopes.includes(needed);
  if (!allowed) {
    throw new AccessDeniedError(
      `Access denied: this request needs the "${needed}" scope, and the token has ` +
        `[${auth.scopes.join(', ')}]. Use a token granted "${needed}".`,
    );
  }
}

function grantedDomains(auth: AuthInfo): string[] {
  const domains = auth.extra?.domains;
  if (!Array.isArray(domains)) {
    return [];
  }

  return domains.filter((domain): domain is string => typeof domain === 'string');
}
