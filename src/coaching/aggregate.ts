/**
 * Combines per-call metrics into period metrics for one rep, the team's distribution across
 * reps, trends against a previous period, and published reference bands.
 */

import { MOMENTS_PER_METRIC } from './moments.js';
import {
  type CallMetrics,
  type ComputedMetric,
  METRIC_NAMES,
  METRIC_UNITS,
  type MetricName,
  type MetricValue,
  type MissingMetric,
  type Moment,
} from './types.js';

/** Metrics whose period value is the maximum over calls; all others are summed quotients. */
const MAXIMUM_METRICS: ReadonlySet<MetricName> = new Set([
  'longestMonologue',
  'longestCustomerStory',
]);

/** One rep's metrics over a period of calls. */
export interface PeriodMetrics {
  callCount: number;
  metrics: Record<MetricName, MetricValue>;
  /** Calls whose value of the metric was computable and entered the period value. */
  callsUsed: Record<MetricName, number>;
}

function isComputed(metric: MetricValue): metric is ComputedMetric {
  return metric.value !== null;
}

/**
 * Aggregates one rep's calls. Rate metrics are the sum of their numerators over the sum of
 * their denominators (talk ratio from summed speaking times, questions per hour from summed
 * questions over summed call hours), so long calls weigh more. Longest monologue and longest
 * customer story are the maximum over calls. Calls where a metric is missing are left out of
 * that metric only.
 */
export function aggregatePeriod(calls: Pick<CallMetrics, 'metrics'>[]): PeriodMetrics {
  const metrics = {} as Record<MetricName, MetricValue>;
  const callsUsed = {} as Record<MetricName, number>;

  for (const name of METRIC_NAMES) {
    const values = calls.map((call) => call.metrics[name]).filter(isComputed);
    callsUsed[name] = values.length;
    metrics[name] =
      values.length === 0
        ? { value: null, reason: periodGapReason(calls, name) }
        : combine(name, values);
  }

  return { callCount: calls.length, metrics, callsUsed };
}

function periodGapReason(calls: Pick<CallMetrics, 'metrics'>[], name: MetricName): string {
  if (calls.length === 0) return 'the period has no calls';

  const first = calls[0]?.metrics[name];
  const example = first !== undefined && first.value === null ? `; e.g. ${first.reason}` : '';
  const plural = calls.length === 1 ? 'call' : 'calls';

  return `none of the ${calls.length} ${plural} in the period has a value${example}`;
}

function combine(name: MetricName, values: ComputedMetric[]): ComputedMetric {
  const unit = METRIC_UNITS[name];
  if (MAXIMUM_METRICS.has(name)) {
    return { value: Math.max(...values.map((metric) => metric.value)), unit };
  }

  let numerator = 0;
  let denominator = 0;
  for (const metric of values) {
    numerator += metric.basis?.numerator ?? metric.value;
    denominator += metric.basis?.denominator ?? 1;
  }

  return { value: numerator / denominator, unit, basis: { numerator, denominator } };
}

/** The fields of a moment that `periodMoments` ranks by. */
export type RankedMoment = Pick<Moment, 'magnitude' | 'startMs'>;

/**
 * Picks the moments that best explain a rep's period value of one metric: the largest
 * `magnitude` across all calls (longest turns and pauses, most switches or fillers), then the
 * earliest call and time. Questions all have magnitude 1, so the earliest ones come first.
 * Ties keep call order, then each call's moment order. It ranks any object with a moment's
 * `magnitude` and `startMs`, so stored ranking fields can stand in for whole moments.
 */
export function periodMoments<M extends RankedMoment = Moment>(
  calls: { startedAt: Date; moments: Record<MetricName, M[]> }[],
  name: MetricName,
  limit = MOMENTS_PER_METRIC,
): M[] {
  const dated = calls.flatMap((call) =>
    call.moments[name].map((moment) => ({ moment, at: call.startedAt.getTime() })),
  );
  dated.sort(
    (a, b) =>
      b.moment.magnitude - a.moment.magnitude ||
      a.at - b.at ||
      (a.moment.startMs ?? 0) - (b.moment.startMs ?? 0),
  );

  return dated.slice(0, limit).map((entry) => entry.moment);
}

/** Spread of one metric across the team's reps. */
export interface Distribution {
  /** Reps with a value. */
  count: number;
  min: number;
  p10: number;
  p25: number;
  median: number;
  p75: number;
  p90: number;
  max: number;
  unit: ComputedMetric['unit'];
}

export type TeamDistribution = Record<MetricName, Distribution | MissingMetric>;

/**
 * Returns the `p`-th quantile (0 ≤ p ≤ 1) of ascending values by linear interpolation between
 * closest ranks, the method NumPy's `percentile` and Excel's `PERCENTILE.INC` use by default.
 */
export function percentile(sortedValues: number[], p: number): number {
  if (sortedValues.length === 0) {
    throw new Error('Cannot take a percentile of no values: pass at least one value');
  }
  if (!(p >= 0 && p <= 1)) throw new Error(`Invalid percentile ${p}: pass a number from 0 to 1`);

  const rank = (sortedValues.length - 1) * p;
  const lower = Math.floor(rank);
  const low = sortedValues[lower] as number;
  const high = sortedValues[Math.min(lower + 1, sortedValues.length - 1)] as number;

  return low + (rank - lower) * (high - low);
}

/**
 * Computes each metric's distribution over the reps' period values (one value per rep, reps
 * without a value left out).
 */
export function teamDistribution(reps: PeriodMetrics[]): TeamDistribution {
  const team = {} as TeamDistribution;

  for (const name of METRIC_NAMES) {
    const values = reps
      .map((rep) => rep.metrics[name].value)
      .filter((value): value is number => value !== null)
      .sort((a, b) => a - b);

    team[name] =
      values.length === 0
        ? { value: null, reason: 'no rep on the team has a value for this metric' }
        : distributionOf(values, name);
  }

  return team;
}

function distributionOf(sorted: number[], name: MetricName): Distribution {
  return {
    count: sorted.length,
    min: sorted[0] as number,
    p10: percentile(sorted, 0.1),
    p25: percentile(sorted, 0.25),
    median: percentile(sorted, 0.5),
    p75: percentile(sorted, 0.75),
    p90: percentile(sorted, 0.9),
    max: sorted[sorted.length - 1] as number,
    unit: METRIC_UNITS[name],
  };
}

export function isDistribution(entry: Distribution | MissingMetric): entry is Distribution {
  return 'median' in entry;
}

export type TrendDirection = 'up' | 'down' | 'flat';

/** Change of one metric from the previous period to the current one. */
export interface Trend {
  current: number;
  previous: number;
  /** `current - previous`, in the metric's unit. */
  delta: number;
  /** `delta / previous`; null when the previous value is 0. */
  relativeChange: number | null;
  /** Whether the value rose or fell, not whether that is good. */
  direction: TrendDirection;
}

/** A delta of at most this times max(1, |previous|) counts as flat: floating-point noise. */
export const FLAT_TOLERANCE = 1e-9;

/** Compares every metric of two periods. A metric missing in either period has no trend. */
export function compareTrend(
  current: PeriodMetrics,
  previous: PeriodMetrics,
): Record<MetricName, Trend | MissingMetric> {
  const trends = {} as Record<MetricName, Trend | MissingMetric>;

  for (const name of METRIC_NAMES) {
    const now = current.metrics[name];
    const before = previous.metrics[name];
    if (now.value === null) {
      trends[name] = { value: null, reason: `no value in the current period: ${now.reason}` };
    } else if (before.value === null) {
      trends[name] = { value: null, reason: `no value in the previous period: ${before.reason}` };
    } else {
      trends[name] = trendOf(now.value, before.value);
    }
  }

  return trends;
}

function trendOf(current: number, previous: number): Trend {
  const delta = current - previous;
  const tolerance = FLAT_TOLERANCE * Math.max(1, Math.abs(previous));
  let direction: TrendDirection = 'flat';
  if (delta > tolerance) direction = 'up';
  if (delta < -tolerance) direction = 'down';

  return {
    current,
    previous,
    delta,
    relativeChange: previous === 0 ? null : delta / previous,
    direction,
  };
}

export function isTrend(entry: Trend | MissingMetric): entry is Trend {
  return 'direction' in entry;
}

/** A published benchmark for a metric. `low === high` marks a single reference value. */
export interface ReferenceBand {
  low: number;
  high: number;
  label: string;
  source: string;
}

/**
 * Published benchmarks from Gong's call research. Both come from discovery calls, so they fit
 * other kinds of calls less well.
 */
export const REFERENCE_BANDS: Partial<Record<MetricName, ReferenceBand>> = {
  talkRatio: {
    low: 0.43,
    high: 0.43,
    label: 'top reps talk about 43% of the time',
    source: 'Gong Labs, "The Highest Converting Talk-to-Listen Ratio in Sales" (gong.io)',
  },
  questionsPerCall: {
    low: 11,
    high: 14,
    label: '11 to 14 questions per discovery call',
    source:
      'Gong, "Navigating Sales Conversations: From First Call to Closed Deal" (slide deck), ' +
      'success rate by questions per call',
  },
};

export interface ReferenceComparison {
  position: 'below' | 'within' | 'above';
  /** Distance to the nearest edge of the band; 0 within it. */
  distance: number;
  band: ReferenceBand;
}

/** Places a value against the metric's reference band; undefined when the metric has none. */
export function compareToReference(
  name: MetricName,
  value: number,
): ReferenceComparison | undefined {
  const band = REFERENCE_BANDS[name];
  if (band === undefined) return undefined;

  if (value < band.low) return { position: 'below', distance: band.low - value, band };
  if (value > band.high) return { position: 'above', distance: value - band.high, band };

  return { position: 'within', distance: 0, band };
}
