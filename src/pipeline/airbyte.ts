/**
 * Parsing of Airbyte protocol lines (AirbyteMessage, protocol v0). A line is either a full
 * message envelope (`{"type":"RECORD","record":{...}}`) or, as in connector test fixtures, a bare
 * record (`{"stream":...,"data":{...},"emitted_at":...}`); both forms are accepted.
 */

export type AirbyteLine =
  | {
      type: 'record';
      stream: string;
      namespace?: string;
      data: Record<string, unknown>;
      emittedAt?: Date;
    }
  | { type: 'state'; streams: string[]; state: unknown }
  | { type: 'log'; level: string; message: string }
  | { type: 'trace'; traceType: string; stream?: string; message?: string; trace: unknown }
  | { type: 'other'; messageType: string }
  | { type: 'invalid'; error: string };

export function parseAirbyteLine(line: string): AirbyteLine {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    return { type: 'invalid', error: `not valid JSON: ${(error as Error).message}` };
  }
  if (!isObject(value)) return { type: 'invalid', error: 'line is JSON but not an object' };

  const messageType = typeof value.type === 'string' ? value.type.toUpperCase() : undefined;
  if (messageType === undefined) {
    return 'stream' in value && 'data' in value
      ? parseRecord(value)
      : { type: 'invalid', error: 'object has neither "type" nor "stream" and "data"' };
  }

  switch (messageType) {
    case 'RECORD':
      return isObject(value.record)
        ? parseRecord(value.record)
        : { type: 'invalid', error: 'RECORD message has no "record" object' };
    case 'STATE':
      return { type: 'state', streams: stateStreams(value.state), state: value.state };
    case 'LOG': {
      const log = isObject(value.log) ? value.log : {};
      return {
        type: 'log',
        level: String(log.level ?? 'INFO'),
        message: String(log.message ?? ''),
      };
    }
    case 'TRACE':
      return parseTrace(value.trace);
    default:
      return { type: 'other', messageType };
  }
}

function parseRecord(record: Record<string, unknown>): AirbyteLine {
  if (typeof record.stream !== 'string' || record.stream === '') {
    return { type: 'invalid', error: 'record has no "stream" name' };
  }
  if (!isObject(record.data)) {
    return { type: 'invalid', error: `record of stream "${record.stream}" has no "data" object` };
  }
  const emitted = typeof record.emitted_at === 'number' ? new Date(record.emitted_at) : undefined;

  return {
    type: 'record',
    stream: record.stream,
    ...(typeof record.namespace === 'string' ? { namespace: record.namespace } : {}),
    data: record.data,
    ...(emitted !== undefined && !Number.isNaN(emitted.getTime()) ? { emittedAt: emitted } : {}),
  };
}

/** Stream names a STATE message covers: one for STREAM state, several for GLOBAL state. */
function stateStreams(state: unknown): string[] {
  if (!isObject(state)) return [];
  const stream = isObject(state.stream) ? state.stream : undefined;
  const descriptor = isObject(stream?.stream_descriptor) ? stream.stream_descriptor : undefined;
  if (typeof descriptor?.name === 'string') return [descriptor.name];

  const global = isObject(state.global) ? state.global : undefined;
  if (Array.isArray(global?.stream_states)) {
    return global.stream_states
      .map((entry) =>
        isObject(entry) && isObject(entry.stream_descriptor)
          ? entry.stream_descriptor.name
          : undefined,
      )
      .filter((name): name is string => typeof name === 'string');
  }

  return [];
}

function parseTrace(trace: unknown): AirbyteLine {
  if (!isObject(trace)) return { type: 'trace', traceType: 'UNKNOWN', trace };
  const traceType = String(trace.type ?? 'UNKNOWN');
  const error = isObject(trace.error) ? trace.error : undefined;
  const status = isObject(trace.stream_status) ? trace.stream_status : undefined;
  const descriptor = isObject(error?.stream_descriptor)
    ? error.stream_descriptor
    : isObject(status?.stream_descriptor)
      ? status.stream_descriptor
      : undefined;

  return {
    type: 'trace',
    traceType,
    ...(typeof descriptor?.name === 'string' ? { stream: descriptor.name } : {}),
    ...(typeof error?.message === 'string' ? { message: error.message } : {}),
    ...(typeof status?.status === 'string' ? { message: status.status } : {}),
    trace,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
