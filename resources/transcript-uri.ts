/**
 * URIs of the call transcript resource: `sophia://calls/{callId}/transcript`, optionally with
 * `from_ms` and `to_ms` query parameters that bound the window in ms from the call start.
 */

/** URI template announced in `resources/templates/list` (RFC 6570 form). */
export const TRANSCRIPT_URI_TEMPLATE = 'sophia://calls/{callId}/transcript{?from_ms,to_ms}';

/** Context added on each side of a passage when linking to the transcript around it. */
export const PASSAGE_CONTEXT_MS = 60_000;

/** Parsed parts of a transcript URI, with the bounds as raw strings from the query. */
export interface TranscriptUriParts {
  callId: string;
  fromMs?: string | undefined;
  toMs?: string | undefined;
}

/** Builds the URI of a transcript window. */
export function buildTranscriptUri(callId: string, fromMs?: number, toMs?: number): string {
  const base = `sophia://calls/${encodeURIComponent(callId)}/transcript`;
  const query = new URLSearchParams();
  if (fromMs !== undefined) {
    query.set('from_ms', String(fromMs));
  }

  if (toMs !== undefined) {
    query.set('to_ms', String(toMs));
  }

  const search = query.toString();
  return search === '' ? base : `${base}?${search}`;
}

/**
 * Builds the URI of the transcript around a call passage, or returns undefined when the
 * citation has no call id.
 */
export function transcriptUriAround(citation: {
  callId?: string | undefined;
  startMs?: number | undefined;
  endMs?: number | undefined;
}): string | undefined {
  if (citation.callId === undefined) {
    return undefined;
  }

  if (citation.startMs === undefined) {
    return buildTranscriptUri(citation.callId);
  }

  const end = citation.endMs ?? citation.startMs;
  return buildTranscriptUri(
    citation.callId,
    Math.max(0, citation.startMs - PASSAGE_CONTEXT_MS),
    end + PASSAGE_CONTEXT_MS,
  );
}

/**
 * Splits a transcript URI into its parts, or returns null when the URI is not one. Either
 * query parameter may be missing, and other query parameters are ignored.
 */
export function parseTranscriptUri(uri: string): TranscriptUriParts | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return null;
  }

  // `sophia:` is not a special scheme, so "calls" parses as the host and the rest as the path.
  const match = /^\/([^/]+)\/transcript$/.exec(url.pathname);
  if (url.protocol !== 'sophia:' || url.host !== 'calls' || match?.[1] === undefined) {
    return null;
  }

  let callId: string;
  try {
    callId = decodeURIComponent(match[1]);
  } catch {
    return null;
  }

  return {
    callId,
    fromMs: url.searchParams.get('from_ms') ?? undefined,
    toMs: url.searchParams.get('to_ms') ?? undefined,
  };
}
