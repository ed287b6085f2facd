/**
 * Per-call metrics of each person's calls, from the fastest source that has them: the
 * in-process cache, the `coaching_call_metrics` table, or the transcript, measured anew.
 * Newly measured calls are written to both, so later reports and other processes reuse them.
 */

import { LRUCache } from 'lru-cache';
import type { Queryable } from '../db/database.js';
import { periodMoments, type RankedMoment } from './aggregate.js';
import { computeCallMetrics } from './call-metrics.js';
import {
  internalPeopleOf,
  loadGongCallsById,
  loadTranscripts,
  type StoredCall,
  speakerIdsOf,
  toCallInput,
  tookPart,
} from './load.js';
import {
  type CallMetricsRow,
  type CallMetricsSummary,
  loadStoredMetrics,
  type MomentRank,
  saveCallMetrics,
  storedMetricsKey,
  summarize,
} from './stored-metrics.js';
import { type CallMetrics, METRIC_NAMES, type MetricName, type Moment } from './types.js';

/**
 * One call's metrics for one rep. `moments` is present only when this process measured the
 * transcript; stored summaries have only the moments' ranking fields (`momentRanks`).
 */
export interface CallSummary extends CallMetricsSummary {
  callId: string;
  startedAt: Date;
  title?: string | undefined;
  url?: string | undefined;
  moments?: CallMetrics['moments'] | undefined;
}

/**
 * Per-call summaries by schema, call version and rep speaker ids. A changed record changes the
 * key, so entries never go stale and only age out.
 */
export type CallMetricsCache = LRUCache<string, CallSummary>;

/**
 * Entries kept by `createCallMetricsCache`: a quarter of a team of eight with 500 calls each.
 * NOTE: an entry is an estimated 1 to 2 KB, or 5 to 15 KB with its moments (24 moments with
 * excerpts of up to 300 characters), so a full cache takes up to tens of megabytes.
 */
export const CALL_METRICS_CACHE_ENTRIES = 4000;

/** Creates the in-process cache of per-call metrics that reports share. */
export function createCallMetricsCache(max = CALL_METRICS_CACHE_ENTRIES): CallMetricsCache {
  return new LRUCache<string, CallSummary>({ max });
}

/** The store of one domain, and the optional in-process cache. */
export interface MeasureDeps {
  db: Queryable;
  schema: string;
  cache?: CallMetricsCache | undefined;
}

/** Reason of every metric of a call without a synced transcript. */
export const NO_TRANSCRIPT = 'no transcript of this call has been synced';

interface Measurement {
  call: StoredCall;
  personId: string;
  repSpeakerIds: string[];
  cacheKey: string;
  summary?: CallSummary | undefined;
}

/**
 * Measures, for each of `personIds`, every call in which that person took part, in call order.
 * Runs at most three queries: the stored summaries of calls not in the cache, the transcripts
 * of calls without a current summary, and the write of their new summaries.
 */
export async function measurePeople(
  deps: MeasureDeps,
  calls: StoredCall[],
  personIds: string[],
): Promise<Map<string, CallSummary[]>> {
  const plan = personIds.map((personId) => ({
    personId,
    measurements: calls
      .filter((call) => tookPart(call, personId))
      .map((call) => planMeasurement(deps, call, personId)),
  }));
  const pending = plan.flatMap((entry) => entry.measurements).filter((item) => !item.summary);

  const notStored = await readStored(deps, pending);
  await measureTranscripts(deps, notStored);

  return new Map(
    plan.map((entry) => [
      entry.personId,
      entry.measurements.map((item) => item.summary ?? unmeasured(item.call)),
    ]),
  );
}

function planMeasurement(deps: MeasureDeps, call: StoredCall, personId: string): Measurement {
  const repSpeakerIds = speakerIdsOf(call, personId);
  const cacheKey = cacheKeyOf(deps.schema, call, repSpeakerIds);
  const summary = call.hasTranscript ? deps.cache?.get(cacheKey) : unmeasured(call);

  return { call, personId, repSpeakerIds, cacheKey, summary };
}

function cacheKeyOf(schema: string, call: StoredCall, repSpeakerIds: string[]): string {
  return JSON.stringify([schema, call.interactionId, call.version, repSpeakerIds]);
}

/** Fills measurements from stored rows; returns the ones that have no current row. */
async function readStored(deps: MeasureDeps, pending: Measurement[]): Promise<Measurement[]> {
  if (pending.length === 0) return [];

  const stored = await loadStoredMetrics(
    deps.db,
    deps.schema,
    pending.map((item) => ({
      interactionId: item.call.interactionId,
      repSpeakerIds: item.repSpeakerIds,
      callVersion: item.call.version,
    })),
  );

  const missing: Measurement[] = [];
  for (const item of pending) {
    const row = stored.get(storedMetricsKey(item.call.interactionId, item.repSpeakerIds));
    if (row === undefined) {
      missing.push(item);
      continue;
    }

    item.summary = { ...callFields(item.call), ...row };
    deps.cache?.set(item.cacheKey, item.summary);
  }

  return missing;
}

/** Loads the transcripts of `items` in one query, measures them, and stores the summaries. */
async function measureTranscripts(deps: MeasureDeps, items: Measurement[]): Promise<void> {
  if (items.length === 0) return;

  const calls = new Map(items.map((item) => [item.call.interactionId, item.call]));
  const transcripts = await loadTranscripts(deps.db, deps.schema, [...calls.values()]);
  const rows: CallMetricsRow[] = [];
  for (const item of items) {
    const sentences = transcripts.get(item.call.interactionId) ?? [];
    const metrics = computeCallMetrics(toCallInput(item.call, sentences, item.personId));
    const summary = summarize(metrics);
    item.summary = { ...callFields(item.call), ...summary, moments: metrics.moments };
    deps.cache?.set(item.cacheKey, item.summary);
    rows.push({ ...storedKey(item), summary });
  }

  await saveCallMetrics(deps.db, deps.schema, rows);
}

function storedKey(item: Measurement): Omit<CallMetricsRow, 'summary'> {
  return {
    interactionId: item.call.interactionId,
    repSpeakerIds: item.repSpeakerIds,
    callVersion: item.call.version,
  };
}

function callFields(call: StoredCall): Pick<CallSummary, 'callId' | 'startedAt' | 'title' | 'url'> {
  return { callId: call.callId, startedAt: call.startedAt, title: call.title, url: call.url };
}

/** A stored moment's ranking fields, with where the whole moment is found. */
interface MomentRef extends RankedMoment {
  callIndex: number;
  position: number;
}

/**
 * Picks the moments that explain `personId`'s period values of each metric, as
 * `periodMoments` ranks them over every call. The ranking reads only the stored ranking
 * fields; the calls that supply a chosen moment (at most three per metric) are measured again
 * to recover its text and link, unless this process still has their moments.
 * `summaries[i]` must be the summary of `calls[i]` for `personId`.
 */
export async function selectPeriodMoments(
  deps: MeasureDeps,
  calls: StoredCall[],
  summaries: CallSummary[],
  personId: string,
): Promise<Record<MetricName, Moment[]>> {
  const ranked = summaries.map((summary, callIndex) => ({
    startedAt: summary.startedAt,
    moments: momentRefs(summary.momentRanks, callIndex),
  }));
  const chosen = {} as Record<MetricName, MomentRef[]>;
  for (const name of METRIC_NAMES) chosen[name] = periodMoments(ranked, name);

  const needed = new Set(Object.values(chosen).flatMap((refs) => refs.map((ref) => ref.callIndex)));
  const withoutMoments = [...needed].filter((index) => summaries[index]?.moments === undefined);
  await remeasure(deps, calls, summaries, withoutMoments, personId);

  const moments = {} as Record<MetricName, Moment[]>;
  for (const name of METRIC_NAMES) {
    moments[name] = chosen[name].flatMap((ref) => {
      // The row's version includes the metric code, so measuring again yields the ranked list.
      const moment = summaries[ref.callIndex]?.moments?.[name][ref.position];
      return moment === undefined ? [] : [moment];
    });
  }

  return moments;
}

function momentRefs(
  ranks: Record<MetricName, MomentRank[]>,
  callIndex: number,
): Record<MetricName, MomentRef[]> {
  const refs = {} as Record<MetricName, MomentRef[]>;
  for (const name of METRIC_NAMES) {
    refs[name] = ranks[name].map(([magnitude, startMs], position) => ({
      magnitude,
      startMs: startMs ?? undefined,
      callIndex,
      position,
    }));
  }

  return refs;
}

/** Measures the transcripts of `calls[indexes]` again, to give their summaries moments. */
async function remeasure(
  deps: MeasureDeps,
  calls: StoredCall[],
  summaries: CallSummary[],
  indexes: number[],
  personId: string,
): Promise<void> {
  const targets = indexes.flatMap((index) => {
    const call = calls[index];
    const summary = summaries[index];
    return call === undefined || summary === undefined ? [] : [{ call, summary }];
  });
  if (targets.length === 0) return;

  const transcripts = await loadTranscripts(
    deps.db,
    deps.schema,
    targets.map((target) => target.call),
  );
  for (const { call, summary } of targets) {
    const sentences = transcripts.get(call.interactionId) ?? [];
    summary.moments = computeCallMetrics(toCallInput(call, sentences, personId)).moments;
    deps.cache?.set(cacheKeyOf(deps.schema, call, speakerIdsOf(call, personId)), summary);
  }
}

/**
 * Measures the Gong calls among `interactionIds` for every internal person who took part and
 * stores the summaries, skipping calls and people whose current summary is already stored.
 * Meant to run after a sync rebuilds call interactions (with the ids it wrote), so that even
 * the first report after a sync reads stored summaries. Other ids are ignored. Runs at most
 * six queries; returns the number of summaries measured.
 */
export async function storeCallMetrics(
  db: Queryable,
  schema: string,
  interactionIds: string[],
): Promise<number> {
  const calls = await loadGongCallsById(db, schema, interactionIds);
  const measurements = calls.flatMap((call) =>
    call.hasTranscript
      ? internalPeopleOf(call).map((personId) => planMeasurement({ db, schema }, call, personId))
      : [],
  );
  const notStored = await readStored({ db, schema }, measurements);
  await measureTranscripts({ db, schema }, notStored);

  return notStored.length;
}

/** The summary of a call without a transcript: every value missing, with the reason. */
export function unmeasured(call: StoredCall): CallSummary {
  const metrics = {} as CallSummary['metrics'];
  const momentRanks = {} as CallSummary['momentRanks'];
  const moments = {} as CallMetrics['moments'];
  for (const name of METRIC_NAMES) {
    metrics[name] = { value: null, reason: NO_TRANSCRIPT };
    momentRanks[name] = [];
    moments[name] = [];
  }

  return {
    ...callFields(call),
    metrics,
    momentRanks,
    moments,
    coverage: {
      sentences: 0,
      timedSentences: 0,
      untimedSentences: 0,
      unknownSpeakerSentences: 0,
      backchannels: 0,
      repSentences: 0,
      customerSentences: 0,
    },
  };
}
