/**
 * Datetime renderings the four connectors emit, and the Airbyte protocol envelope around records.
 * Inputs are ISO 8601 strings in UTC, e.g. `2026-11-05T16:00:00Z`.
 */

const PACIFIC_OFFSET = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/Los_Angeles',
  timeZoneName: 'longOffset',
});

function toDate(iso) {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) throw new Error(`invalid datetime "${iso}"; expected ISO 8601`);

  return date;
}

/** Salesforce REST datetime: `2026-11-05T16:00:00.000+0000`. */
export function salesforceDateTime(iso) {
  return toDate(iso).toISOString().replace('Z', '+0000');
}

/** Salesforce date field (ActivityDate): `2026-11-05`. */
export function salesforceDate(iso) {
  return toDate(iso).toISOString().slice(0, 10);
}

/** HubSpot property datetime as the connector writes it: `2026-11-05T16:00:00.123000+00:00`. */
export function hubspotPropertyDateTime(iso) {
  const text = toDate(iso).toISOString();

  return `${text.slice(0, 23)}000+00:00`;
}

/** HubSpot top-level `createdAt` / `updatedAt`: `2026-11-05T16:00:00.123Z`. */
export function hubspotApiDateTime(iso) {
  return toDate(iso).toISOString();
}

/**
 * Gong datetime in the workspace's zone (America/Los_Angeles here), as `/v2/calls` returns it:
 * `2026-11-05T08:00:00-08:00`.
 */
export function gongDateTime(iso) {
  const date = toDate(iso);
  const zoneName = PACIFIC_OFFSET.formatToParts(date).find((part) => part.type === 'timeZoneName');
  const offset = zoneName.value.replace('GMT', '');
  const sign = offset.startsWith('-') ? -1 : 1;
  const [hours, minutes] = offset.slice(1).split(':').map(Number);
  const local = new Date(date.getTime() + sign * (hours * 60 + minutes) * 60_000);

  return `${local.toISOString().slice(0, 19)}${offset}`;
}

/** Epoch seconds of an ISO datetime. */
export function epochSeconds(iso) {
  return Math.floor(toDate(iso).getTime() / 1000);
}

/** Epoch milliseconds of an ISO datetime. */
export function epochMillis(iso) {
  return toDate(iso).getTime();
}

/**
 * Clock for `emitted_at`: each call returns the next epoch-millisecond value, `stepMs` apart, so
 * a file reads like one connector run that started at `startIso`.
 */
export function emittedClock(startIso, stepMs = 41) {
  let next = epochMillis(startIso);
  const clock = () => {
    const value = next;
    next += stepMs;

    return value;
  };
  // Moves the clock forward, e.g. past a rate-limit wait.
  clock.skip = (ms) => {
    next += ms;
  };

  return clock;
}

/** Wraps record data in an AirbyteMessage of type RECORD. */
export function recordMessage(stream, data, emittedAt) {
  return { type: 'RECORD', record: { stream, data, emitted_at: emittedAt } };
}

/** Builds a per-stream STATE message with the record count the source read for that stream. */
export function streamStateMessage(stream, streamState, recordCount) {
  return {
    type: 'STATE',
    state: {
      type: 'STREAM',
      stream: { stream_descriptor: { name: stream, namespace: null }, stream_state: streamState },
      sourceStats: { recordCount },
    },
  };
}

/** Builds a LOG message. Levels: FATAL, ERROR, WARN, INFO, DEBUG, TRACE. */
export function logMessage(level, message) {
  return { type: 'LOG', log: { level, message } };
}

/**
 * Builds a TRACE STREAM_STATUS message. The protocol types `emitted_at` as a number, not an
 * integer, so the value carries a fraction of a millisecond to keep readers from assuming integers.
 */
export function streamStatusMessage(stream, status, emittedAt, reasons) {
  const streamStatus = { stream_descriptor: { name: stream, namespace: null }, status };
  if (reasons !== undefined) streamStatus.reasons = reasons;

  return {
    type: 'TRACE',
    trace: { type: 'STREAM_STATUS', emitted_at: emittedAt + 0.372, stream_status: streamStatus },
  };
}

/** Copies every `properties.X` to a top-level `properties_X`, as source-hubspot 1.5.0+ does. */
export function withFlattenedProperties(record) {
  const { id, properties, ...rest } = record;
  const flat = {};
  for (const [key, value] of Object.entries(properties)) flat[`properties_${key}`] = value;

  return { id, properties, ...flat, ...rest };
}

/** Strips tags and decodes the entities used in the example HTML, for preview fields. */
export function htmlToText(html) {
  return html
    .replace(/<br\s*\/?>/g, '\n')
    .replace(/<\/(p|li|h\d|div)>/g, '\n')
    .replace(/<li>/g, '- ')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{2,}/g, '\n')
    .trim();
}
