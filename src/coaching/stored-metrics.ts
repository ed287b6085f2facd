/**
 * Reads and writes per-call coaching metrics in the `coaching_call_metrics` table, so that a
 * report reuses the metrics that an earlier report, another process or the sync computed,
 * instead of loading and measuring every transcript again.
 */

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Queryable } from '../db/database.js';
import { logger } from '../logger.js';
import {
  type CallMetrics,
  METRIC_NAMES,
  type MetricName,
  type MetricValue,
  type TranscriptCoverage,
} from './types.js';

/** Layout of the stored JSON; change it whenever `CallMetricsSummary` changes shape. */
const STORED_FORMAT = 1;

/** Modules whose code decides the metric values and moments of a call. */
const METRIC_MODULES = ['call-metrics', 'timeline', 'moments', 'language', 'types'];

/**
 * Hash of the metric code and the stored layout. It is part of every row's version, so rows
 * computed by other code (an older or newer release) are measured again rather than reused.
 */
export const METRIC_CODE_VERSION: string = metricCodeVersion();

function metricCodeVersion(): string {
  const format = `stored format ${STORED_FORMAT}\n`;
  const here = fileURLToPath(import.meta.url);
  try {
    const hash = createHash('sha256').update(format);
    for (const name of METRIC_MODULES) {
      hash.update(readFileSync(join(dirname(here), `${name}${extname(here)}`)));
    }
    return hash.digest('hex').slice(0, 16);
  } catch (error) {
    // NOTE: without the module files (a bundled build), only STORED_FORMAT versions the rows,
    // so rows that an older release computed are reused after an upgrade.
    logger.warn(
      { err: error, dir: dirname(here) },
      'coaching metric modules not readable: stored metrics are versioned by format only',
    );
    return createHash('sha256').update(format).digest('hex').slice(0, 16);
  }
}

/** A moment's `magnitude` and `startMs` (null when untimed), the fields it is ranked by. */
export type MomentRank = [magnitude: number, startMs: number | null];

/** What is stored of one call's metrics: everything but the moments' text and links. */
export interface CallMetricsSummary {
  metrics: Record<MetricName, MetricValue>;
  coverage: TranscriptCoverage;
  /** Ranking fields of each metric's moments, in the order `computeCallMetrics` lists them. */
  momentRanks: Record<MetricName, MomentRank[]>;
}

/** Which row to read: a call, the coached rep's speaker ids, and the version it must have. */
export interface StoredMetricsKey {
  interactionId: string;
  repSpeakerIds: string[];
  /** The call's record versions (`StoredCall.version`); the code version is added here. */
  callVersion: string;
}

/** One computed result to store. */
export interface CallMetricsRow extends StoredMetricsKey {
  summary: CallMetricsSummary;
}

interface Row {
  interaction_id: string;
  rep_speaker_ids: string;
  input_version: string;
  summary: string;
}

/** Key of a row in the map `loadStoredMetrics` returns. */
export function storedMetricsKey(interactionId: string, repSpeakerIds: string[]): string {
  return `${interactionId}|${JSON.stringify(repSpeakerIds)}`;
}

function inputVersion(callVersion: string): string {
  return `${callVersion}:${METRIC_CODE_VERSION}`;
}

/** Reduces computed metrics to the summary that is stored. */
export function summarize(metrics: CallMetrics): CallMetricsSummary {
  const momentRanks = {} as Record<MetricName, MomentRank[]>;
  for (const name of METRIC_NAMES) {
    momentRanks[name] = metrics.moments[name].map((moment) => [
      moment.magnitude,
      moment.startMs ?? null,
    ]);
  }

  return { metrics: metrics.metrics, coverage: metrics.coverage, momentRanks };
}

/**
 * Loads the stored summaries of `keys` in one query, by `storedMetricsKey`. Rows computed from
 * other record versions or other metric code are left out, as are rows that fail to parse.
 */
export async function loadStoredMetrics(
  db: Queryable,
  schema: string,
  keys: StoredMetricsKey[],
): Promise<Map<string, CallMetricsSummary>> {
  if (keys.length === 0) return new Map();

  const wanted = new Map(
    keys.map((key) => [
      storedMetricsKey(key.interactionId, key.repSpeakerIds),
      inputVersion(key.callVersion),
    ]),
  );
  // Matching on the interaction id alone keeps the plan a simple index or sequential scan; the
  // few rows of other reps on the same calls are dropped below.
  const rows = await db.query<Row>(
    `SELECT interaction_id, rep_speaker_ids, input_version, summary
     FROM ${schema}.coaching_call_metrics WHERE interaction_id = ANY($1::uuid[])`,
    [[...new Set(keys.map((key) => key.interactionId))]],
  );

  const stored = new Map<string, CallMetricsSummary>();
  for (const row of rows) {
    const key = `${row.interaction_id}|${row.rep_speaker_ids}`;
    if (wanted.get(key) !== row.input_version) continue;

    const summary = parseSummary(row);
    if (summary !== undefined) stored.set(key, summary);
  }

  return stored;
}

function parseSummary(row: Row): CallMetricsSummary | undefined {
  try {
    return JSON.parse(row.summary) as CallMetricsSummary;
  } catch (error) {
    logger.warn(
      { err: error, interactionId: row.interaction_id },
      'stored coaching metrics unreadable: measuring the call again',
    );
    return undefined;
  }
}

/**
 * Stores summaries in one statement, replacing older rows of the same call and rep. A summary
 * that JSON cannot carry exactly (a non-finite number) is not stored. A failed write is logged
 * and not raised, because the report it serves is already computed; the calls are then
 * measured again next time. Returns the number of rows written.
 */
export async function saveCallMetrics(
  db: Queryable,
  schema: string,
  rows: CallMetricsRow[],
): Promise<number> {
  const unique = new Map<string, { row: CallMetricsRow; summary: string }>();
  for (const row of rows) {
    const summary = exactJson(row.summary);
    if (summary !== undefined) {
      unique.set(storedMetricsKey(row.interactionId, row.repSpeakerIds), { row, summary });
    }
  }
  if (unique.size === 0) return 0;

  const entries = [...unique.values()];
  try {
    await db.query(
      `INSERT INTO ${schema}.coaching_call_metrics
         (interaction_id, rep_speaker_ids, input_version, summary)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[])
       ON CONFLICT (interaction_id, rep_speaker_ids) DO UPDATE SET
         input_version = EXCLUDED.input_version, summary = EXCLUDED.summary,
         computed_at = now()`,
      [
        entries.map((entry) => entry.row.interactionId),
        entries.map((entry) => JSON.stringify(entry.row.repSpeakerIds)),
        entries.map((entry) => inputVersion(entry.row.callVersion)),
        entries.map((entry) => entry.summary),
      ],
    );
  } catch (error) {
    // For example, a sync deleted one of the calls meanwhile and the foreign key failed.
    logger.warn({ err: error, schema, rows: entries.length }, 'storing coaching metrics failed');
    return 0;
  }

  return entries.length;
}

/** Serializes `value`, or returns undefined when it has a number JSON would turn into null. */
function exactJson(value: unknown): string | undefined {
  let exact = true;
  const text = JSON.stringify(value, (_key, entry: unknown) => {
    if (typeof entry === 'number' && !Number.isFinite(entry)) exact = false;
    return entry;
  });

  return exact ? text : undefined;
}
