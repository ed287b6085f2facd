/**
 * The call transcript resource: a window of a Gong call transcript as speaker-labelled lines
 * (`text/plain`) and as JSON (`application/json`).
 */
import { type McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { UriTemplate, type Variables } from '@modelcontextprotocol/sdk/shared/uriTemplate.js';
import { ErrorCode, McpError, type ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import {
  InvalidArgumentError,
  NotFoundError,
  type SophiaApi,
  type TranscriptWindow,
} from '../src/api.js';
import { logger } from '../src/logger.js';
import { AccessDeniedError, assertAccess } from '../tools/access.js';
import { createDataFence, formatOffset, formatTime } from '../tools/render-text.js';
import { parseTranscriptUri, TRANSCRIPT_URI_TEMPLATE } from './transcript-uri.js';

/** MCP error code for an unknown resource, as the MCP specification defines it. */
const RESOURCE_NOT_FOUND = -32002;

/** Upper window bound used when `to_ms` is left out: the end of the call. */
const END_OF_CALL_MS = Number.MAX_SAFE_INTEGER;

/**
 * Matches transcript URIs with either, both or none of the query parameters. The SDK's RFC 6570
 * matcher requires every `{?from_ms,to_ms}` parameter to be present and in order.
 */
class TranscriptUriTemplate extends UriTemplate {
  constructor() {
    super(TRANSCRIPT_URI_TEMPLATE);
  }

  override match(uri: string): Variables | null {
    const parts = parseTranscriptUri(uri);
    if (parts === null) {
      return null;
    }

    const variables: Variables = { callId: parts.callId };
    if (parts.fromMs !== undefined) {
      variables.from_ms = parts.fromMs;
    }

    if (parts.toMs !== undefined) {
      variables.to_ms = parts.toMs;
    }

    return variables;
  }
}

/** Registers the transcript resource template on `server`. */
export function registerCallTranscript(server: McpServer, getApi: () => Promise<SophiaApi>): void {
  server.registerResource(
    'call_transcript',
    new ResourceTemplate(new TranscriptUriTemplate(), { list: undefined }),
    {
      title: 'Call transcript window',
      description:
        'Lines of a Gong call transcript between from_ms and to_ms (milliseconds from the call ' +
        'start; both optional, the whole call when left out), each with speaker, affiliation ' +
        'and m:ss offset. Search hits on calls carry a transcript_uri for the minute around ' +
        'the passage.',
      mimeType: 'text/plain',
    },
    async (uri, variables, extra) => {
      try {
        const api = await getApi();
        assertAccess(extra.authInfo, api.domain, 'read');

        const window = await api.transcriptWindow(
          String(variables.callId),
          parseBound(uri, variables.from_ms, 'from_ms', 0),
          parseBound(uri, variables.to_ms, 'to_ms', END_OF_CALL_MS),
        );
        return toReadResult(uri.href, window);
      } catch (error) {
        throw toMcpError(uri.href, error);
      }
    },
  );
}

function parseBound(
  uri: URL,
  value: string | string[] | undefined,
  name: string,
  fallback: number,
): number {
  if (value === undefined) {
    return fallback;
  }

  const text = Array.isArray(value) ? value.join(',') : value;
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new InvalidArgumentError(
      name,
      `Invalid ${name} "${text}" in ${uri.href}: must be a whole number of milliseconds from ` +
        'the call start, 0 or more.',
    );
  }

  return Number(text);
}

function toReadResult(uri: string, window: TranscriptWindow): ReadResourceResult {
  return {
    contents: [
      { uri, mimeType: 'text/plain', text: renderTranscript(window) },
      { uri, mimeType: 'application/json', text: JSON.stringify(toTranscriptJson(window)) },
    ],
  };
}

function toTranscriptJson(window: TranscriptWindow) {
  return {
    call_id: window.callId,
    title: window.title,
    started_at: window.startedAt,
    deep_link: window.deepLink,
    from_ms: window.fromMs,
    to_ms: window.toMs === END_OF_CALL_MS ? null : window.toMs,
    lines: window.lines.map((line) => ({
      speaker: line.speaker,
      affiliation: line.affiliation,
      start_ms: line.startMs,
      end_ms: line.endMs,
      text: line.text,
    })),
  };
}

function renderTranscript(window: TranscriptWindow): string {
  const fence = createDataFence();
  const end = window.toMs === END_OF_CALL_MS ? 'end' : formatOffset(window.toMs);
  const title = window.title === undefined ? '' : ` "${window.title}"`;
  const header = [
    `Gong call ${window.callId}${title}, started ${formatTime(window.startedAt)}; ` +
      `lines from ${formatOffset(window.fromMs)} to ${end}.`,
  ];
  if (window.deepLink !== undefined) {
    header.push(`Link: ${window.deepLink}`);
  }

  if (window.lines.length === 0) {
    return [...header, 'No transcript lines in this window.'].join('\n');
  }

  const lines = window.lines.map((line) => {
    const at = line.startMs === undefined ? '--:--' : formatOffset(line.startMs);
    return `[${at}] ${line.speaker} (${line.affiliation}): ${line.text}`;
  });

  return [...header, fence.notice, fence.wrap(lines.join('\n'))].join('\n');
}

function toMcpError(uri: string, error: unknown): McpError {
  if (error instanceof InvalidArgumentError) {
    return new McpError(ErrorCode.InvalidParams, error.message);
  }

  if (error instanceof NotFoundError) {
    return new McpError(RESOURCE_NOT_FOUND, error.message, { uri });
  }

  if (error instanceof AccessDeniedError) {
    return new McpError(ErrorCode.InvalidRequest, error.message);
  }

  logger.error({ err: error, uri }, 'resource read failed');
  const message = error instanceof Error ? error.message : String(error);

  return new McpError(ErrorCode.InternalError, `Reading ${uri} failed: ${message}`);
}
