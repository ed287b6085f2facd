/**
 * The coaching report for one rep and period, built from the store. It contains per-call and
 * period metrics, the team's distribution over the same period, the trend against the previous
 * period of equal length, and published reference bands. Each metric comes with the moments
 * behind it. The report also lists calls that could not be measured, and adds Slack reply
 * times to customers, CRM follow-up after calls, and a PNG chart.
 */

import { type CoachingReportParams, InvalidArgumentError } from '../api.js';
import type { Queryable } from '../db/database.js';
import { resolveDateRange } from '../search/dates.js';
import { findEntities } from '../search/entities.js';
import {
  aggregatePeriod,
  compareToReference,
  compareTrend,
  type Distribution,
  type PeriodMetrics,
  percentile,
  type ReferenceComparison,
  type Trend,
  teamDistribution,
} from './aggregate.js';
import { renderCoachingChart } from './chart.js';
import {
  type CrmFollowUp,
  hasCustomerParty,
  internalPeopleOf,
  loadCrmFollowUps,
  loadGongCalls,
  loadSlackThreads,
  type SlackThreadMessage,
  type StoredCall,
  tookPart,
} from './load.js';
import {
  type CallMetricsCache,
  type CallSummary,
  createCallMetricsCache,
  measurePeople,
  NO_TRANSCRIPT,
  selectPeriodMoments,
} from './measure.js';
import {
  METRIC_LABELS,
  METRIC_NAMES,
  METRIC_UNITS,
  type MetricName,
  type MetricUnit,
  type MetricValue,
  type MissingMetric,
  type Moment,
} from './types.js';

export {
  CALL_METRICS_CACHE_ENTRIES,
  type CallMetricsCache,
  createCallMetricsCache,
} from './measure.js';

/** Dependencies of the report: the store of one domain, and the clock for date phrases. */
export interface CoachingDeps {
  db: Queryable;
  schema: string;
  now?: (() => Date) | undefined;
  /**
   * Per-call metrics kept in the process between reports. Without it, every report reads them
   * from the `coaching_call_metrics` table, and measures the transcripts of calls not stored.
   */
  cache?: CallMetricsCache | undefined;
}

/**
 * Returns `generateCoachingReport` bound to `deps` and to a cache of its own, so that reports
 * for several reps of one team compute each call once.
 */
export function coachingReporter(
  deps: Omit<CoachingDeps, 'cache'>,
): (params: CoachingReportParams) => Promise<CoachingReportResult> {
  const cache = createCallMetricsCache();
  return (params) => generateCoachingReport({ ...deps, cache }, params);
}

/** A unified person of the team. */
export interface PersonRef {
  id: string;
  name: string;
  emails: string[];
}

/** One of several team members that a `rep` or `compare_to` value matches equally well. */
export interface RepCandidate extends PersonRef {
  /** Name match score, 0 to 1. */
  matchScore: number;
  /** Gong calls linked to the person in the requested period. */
  callsInPeriod: number;
}

/** A moment, with the call it comes from. */
export interface ReportMoment extends Moment {
  callTitle?: string | undefined;
  /** ISO 8601 start of the call. */
  callStartedAt: string;
}

/** One metric of the report. */
export interface MetricReport {
  metric: MetricName;
  label: string;
  unit: MetricUnit;
  /** The rep's value over the period; null with `reason` when no call gave one. */
  value: number | null;
  reason?: string | undefined;
  /** Calls that entered the value. */
  callsUsed: number;
  team: Distribution | MissingMetric;
  /**
   * Rank of the rep in the comparison group, 0 to 100: the share of members with a lower
   * value, counting equal values as half. Null when the rep or the team has no value.
   */
  percentileRank: number | null;
  trend: Trend | MissingMetric;
  reference?: ReferenceComparison | undefined;
  moments: ReportMoment[];
}

/** One of the rep's calls in the period. */
export interface CallReport {
  callId: string;
  interactionId: string;
  title?: string | undefined;
  startedAt: string;
  url?: string | undefined;
  durationSeconds?: number | undefined;
  /** Each metric's value, or null when it is missing (see `missing`). */
  metrics: Record<MetricName, number | null>;
  /** Reason for each missing metric. */
  missing: Partial<Record<MetricName, string>>;
  /**
   * The first CRM note or task logged within the follow-up window, or null when none was.
   * Calls without a customer party are not checked and leave it undefined.
   */
  crmFollowUp?: CrmFollowUpReport | null | undefined;
}

export interface CrmFollowUpReport extends Omit<CrmFollowUp, 'at'> {
  at: string;
}

/** Metrics of one call that could not be computed, grouped by reason. */
export interface CallGap {
  callId: string;
  title?: string | undefined;
  startedAt: string;
  url?: string | undefined;
  metrics: MetricName[];
  reason: string;
}

export interface SlackReply {
  minutes: number;
  /** ISO time of the customer message that waited. */
  customerMessageAt: string;
  channel?: string | undefined;
  link?: string | undefined;
}

/**
 * Reply times of the rep to customers in Slack threads. A customer message opens a wait, and
 * the first reply by any internal person closes it. The wait counts only when that reply is
 * the rep's.
 */
export interface SlackReplyHabit {
  /** Threads the rep wrote in that have a customer message in the period. */
  threads: number;
  replies: number;
  medianMinutes: number | null;
  /** Waits that a colleague closed before the rep replied. */
  answeredByColleague: number;
  /** Waits that no internal person has closed yet. */
  unanswered: number;
  /** Up to three of the rep's slowest replies, slowest first. */
  slowest: SlackReply[];
  /** Reason that `medianMinutes` is null, when it is. */
  reason?: string | undefined;
}

/** Whether a CRM note or task followed the rep's customer calls. */
export interface CrmFollowUpHabit {
  windowHours: number;
  /** The rep's calls in the period that have a customer party. */
  callsChecked: number;
  callsWithFollowUp: number;
  /** `callsWithFollowUp / callsChecked`; null when no call was checked. */
  share: number | null;
  reason?: string | undefined;
}

export interface TeamMember extends PersonRef {
  callCount: number;
}

export interface PeriodInfo {
  /** ISO 8601 bounds, both inclusive. */
  from: string;
  to: string;
}

export interface CoachingReport {
  status: 'ok';
  rep: PersonRef;
  period: PeriodInfo & { label: string };
  /** The period of equal length that ends just before `period`, for trends. */
  previousPeriod: PeriodInfo & { callCount: number };
  callCount: number;
  team: {
    /** `team`: every internal person with Gong calls in the period; `selected`: `compare_to`. */
    basis: 'team' | 'selected';
    members: TeamMember[];
  };
  metrics: MetricReport[];
  calls: CallReport[];
  gaps: CallGap[];
  habits: { slackReplies: SlackReplyHabit; crmFollowUp: CrmFollowUpHabit };
  /** The rep against the team, one row per metric, as a PNG image. */
  chartPng: Buffer;
}

/** Returned instead of a report when `rep` matches several team members equally well. */
export interface AmbiguousRep {
  status: 'ambiguous';
  argument: 'rep';
  query: string;
  candidates: RepCandidate[];
  message: string;
}

export type CoachingReportResult = CoachingReport | AmbiguousRep;

/** A CRM note or task counts as follow-up up to this long after the call ends. */
export const CRM_FOLLOW_UP_WINDOW_HOURS = 24;

/** Largest `compare_to` list accepted. */
export const MAX_COMPARE_TO = 50;

const MS_PER_HOUR = 3_600_000;
const MS_PER_MINUTE = 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Name matches within this score of the best one are equally good, as in search filters. */
const TIE_MARGIN = 0.02;

/**
 * Builds the coaching report of `params.rep` for the period `params.from`–`params.to` (ISO
 * dates or phrases such as "Q3 2026"). Returns `status: 'ambiguous'` with the candidates when
 * the rep's name matches several team members. Raises InvalidArgumentError naming the argument
 * for an unknown or external rep, an unreadable date, or an ambiguous `compare_to` entry.
 */
export async function generateCoachingReport(
  deps: CoachingDeps,
  params: CoachingReportParams,
): Promise<CoachingReportResult> {
  const period = resolvePeriod(params, deps.now?.() ?? new Date());
  const resolved = await resolvePerson(deps, params.rep, 'rep', period);
  if (resolved.kind === 'ambiguous') return ambiguousRep(params.rep, resolved.candidates);

  const selected = await resolveCompareTo(deps, params.compareTo, period);
  const facts = await gatherFacts(deps, resolved.person, period, selected);

  return buildReport(facts);
}

/** Everything the report is built from, read and measured. */
interface ReportFacts {
  rep: PersonRef;
  period: Period;
  previous: Period;
  /** `compare_to` people, or undefined for the whole team. */
  selected: string[] | undefined;
  /** Per-call metrics of each member of the comparison group, the rep included. */
  measured: Map<string, CallSummary[]>;
  /** The moments behind each of the rep's period values. */
  repMoments: Record<MetricName, Moment[]>;
  members: PersonRef[];
  repCalls: StoredCall[];
  previousMetrics: CallSummary[];
  customerCalls: StoredCall[];
  followUps: Map<string, CrmFollowUp>;
  slackMessages: SlackThreadMessage[];
}

async function gatherFacts(
  deps: CoachingDeps,
  rep: PersonRef,
  period: Period,
  selected: string[] | undefined,
): Promise<ReportFacts> {
  const previous = previousPeriod(period);
  const groupIds = selected === undefined ? undefined : uniqueIds([rep.id, ...selected]);
  const [calls, previousCalls, slackMessages] = await Promise.all([
    loadGongCalls(deps.db, deps.schema, { ...period, personIds: groupIds }),
    loadGongCalls(deps.db, deps.schema, { ...previous, personIds: [rep.id] }),
    loadSlackThreads(deps.db, deps.schema, rep.id, period.from, period.to),
  ]);

  const memberIds = groupIds ?? uniqueIds([rep.id, ...calls.flatMap(internalPeopleOf)]);
  const measured = await measurePeople(deps, calls, memberIds);
  const repCalls = calls.filter((call) => tookPart(call, rep.id));
  const customerCalls = repCalls.filter(hasCustomerParty);
  const [repMoments, previousMeasured, followUps, members] = await Promise.all([
    selectPeriodMoments(deps, repCalls, measured.get(rep.id) ?? [], rep.id),
    measurePeople(deps, previousCalls, [rep.id]),
    loadCrmFollowUps(
      deps.db,
      deps.schema,
      rep.id,
      customerCalls.map((call) => call.interactionId),
      CRM_FOLLOW_UP_WINDOW_HOURS * MS_PER_HOUR,
    ),
    loadPeople(deps, memberIds),
  ]);

  return {
    rep,
    period,
    previous,
    selected,
    measured,
    repMoments,
    members,
    repCalls,
    previousMetrics: previousMeasured.get(rep.id) ?? [],
    customerCalls,
    followUps,
    slackMessages,
  };
}

function buildReport(facts: ReportFacts): CoachingReport {
  const { rep, period, previous, measured, followUps } = facts;
  const repMetrics = measured.get(rep.id) ?? [];
  const periods = new Map([...measured].map(([id, metrics]) => [id, aggregatePeriod(metrics)]));
  const repPeriod = periods.get(rep.id) ?? aggregatePeriod([]);
  const team = teamDistribution([...periods.values()]);
  const trends = compareTrend(repPeriod, aggregatePeriod(facts.previousMetrics));
  const label = `${isoDay(period.from)} to ${isoDay(period.to)}`;

  return {
    status: 'ok',
    rep,
    period: { from: period.from.toISOString(), to: period.to.toISOString(), label },
    previousPeriod: {
      from: previous.from.toISOString(),
      to: previous.to.toISOString(),
      callCount: facts.previousMetrics.length,
    },
    callCount: facts.repCalls.length,
    team: {
      basis: facts.selected === undefined ? 'team' : 'selected',
      members: facts.members.map((member) => ({
        ...member,
        callCount: measured.get(member.id)?.length ?? 0,
      })),
    },
    metrics: METRIC_NAMES.map((name) => ({
      metric: name,
      label: METRIC_LABELS[name],
      unit: METRIC_UNITS[name],
      ...valueFields(repPeriod.metrics[name]),
      callsUsed: repPeriod.callsUsed[name],
      team: team[name],
      percentileRank: percentileRank(repPeriod, [...periods.values()], name),
      trend: trends[name],
      reference: referenceOf(name, repPeriod.metrics[name]),
      moments: reportMoments(repMetrics, facts.repMoments[name]),
    })),
    calls: facts.repCalls.map((call, index) => callReport(call, repMetrics[index], followUps)),
    gaps: repMetrics.flatMap(callGaps),
    habits: {
      slackReplies: slackReplyHabit(facts.slackMessages, rep.id, period),
      crmFollowUp: crmFollowUpHabit(facts.customerCalls.length, followUps.size),
    },
    chartPng: renderCoachingChart({
      repName: rep.name,
      periodLabel: label,
      rep: repPeriod.metrics,
      team,
    }),
  };
}

// ---------------------------------------------------------------------------------------------
// Arguments

interface Period {
  from: Date;
  to: Date;
}

function resolvePeriod(params: CoachingReportParams, now: Date): Period {
  if (typeof params.from !== 'string' || params.from.trim() === '') {
    throw new InvalidArgumentError(
      'from',
      'Invalid argument "from": missing; give the start of the period as an ISO date ' +
        '(2026-07-01) or a phrase such as "last quarter" or "Q3 2026"',
    );
  }

  const range = resolveDateRange(params.from, params.to, now);
  // A `from` phrase alone covers its whole period, so `to` is set whenever `from` is.
  return { from: range.from ?? now, to: range.to ?? now };
}

/** Computes the period of equal length that ends one millisecond before `period` starts. */
export function previousPeriod(period: Period): Period {
  const to = new Date(period.from.getTime() - 1);
  const length = period.to.getTime() - period.from.getTime();

  return { from: new Date(to.getTime() - length), to };
}

interface PersonRow {
  id: string;
  display_name: string;
  emails: string[];
  is_internal: boolean;
}

type Resolution =
  | { kind: 'person'; person: PersonRef }
  | { kind: 'ambiguous'; candidates: RepCandidate[] };

/**
 * Resolves a person argument: a unified id, an e-mail address, a source id (a Gong user id,
 * a Slack user id), or a name matched fuzzily. Only internal people qualify.
 */
async function resolvePerson(
  deps: CoachingDeps,
  value: string,
  argument: 'rep' | 'compare_to',
  period: Period,
): Promise<Resolution> {
  const text = typeof value === 'string' ? value.trim() : '';
  if (text === '') {
    throw new InvalidArgumentError(
      argument,
      `Invalid argument "${argument}": missing; give a name, an e-mail address, a Gong user ` +
        'id or a unified person id from lookup_entity',
    );
  }

  const hits = await findPeople(deps, text);
  const internal = hits.filter((hit) => hit.row.is_internal);
  if (internal.length === 0) throw noInternalPerson(argument, text, hits);

  const best = internal[0]?.score ?? 0;
  const chosen = internal.filter((hit) => hit.score >= best - TIE_MARGIN);
  const only = chosen[0];
  if (chosen.length === 1 && only !== undefined) {
    return { kind: 'person', person: personOf(only.row) };
  }

  const counts = await callCounts(
    deps,
    chosen.map((hit) => hit.row.id),
    period,
  );
  const candidates = chosen.map((hit) => ({
    ...personOf(hit.row),
    matchScore: Math.round(hit.score * 1000) / 1000,
    callsInPeriod: counts.get(hit.row.id) ?? 0,
  }));

  return { kind: 'ambiguous', candidates };
}

async function findPeople(
  deps: CoachingDeps,
  text: string,
): Promise<{ row: PersonRow; score: number }[]> {
  if (!UUID.test(text) && !text.includes('@')) {
    const bySourceId = await deps.db.query<PersonRow>(
      `SELECT DISTINCT e.id, e.display_name, e.emails, e.is_internal
       FROM ${deps.schema}.entity_mappings m JOIN ${deps.schema}.entities e ON e.id = m.unified_id
       WHERE m.entity_type = 'person' AND m.source_id = $1 AND e.entity_type = 'person'`,
      [text],
    );
    if (bySourceId.length > 0) return bySourceId.map((row) => ({ row, score: 1 }));
  }

  const hits = await findEntities(deps.db, deps.schema, text, 'person', 20);
  return hits.map((hit) => ({ row: hit.row, score: hit.score }));
}

function noInternalPerson(
  argument: string,
  text: string,
  hits: { row: PersonRow }[],
): InvalidArgumentError {
  if (hits.length > 0) {
    const names = hits
      .slice(0, 3)
      .map((hit) => hit.row.display_name)
      .join(', ');
    return new InvalidArgumentError(
      argument,
      `Invalid argument "${argument}": ${JSON.stringify(text)} matches only people outside the ` +
        `team (${names}); coaching reports cover the team's own people. Call lookup_entity ` +
        "with the rep's name or e-mail and pass the unified id of an internal person",
    );
  }

  return new InvalidArgumentError(
    argument,
    `Invalid argument "${argument}": no team member matches ${JSON.stringify(text)}; call ` +
      "lookup_entity with the rep's name or e-mail to find them, then pass the unified id",
  );
}

function personOf(row: PersonRow): PersonRef {
  return { id: row.id, name: row.display_name, emails: row.emails };
}

function ambiguousRep(query: string, candidates: RepCandidate[]): AmbiguousRep {
  const names = candidates.map((candidate) => `${candidate.name} (${candidate.id})`).join(', ');

  return {
    status: 'ambiguous',
    argument: 'rep',
    query,
    candidates,
    message:
      `"rep" ${JSON.stringify(query)} matches ${candidates.length} team members: ${names}. ` +
      'Ask which one is meant, then call again with that unified id as rep.',
  };
}

async function resolveCompareTo(
  deps: CoachingDeps,
  compareTo: CoachingReportParams['compareTo'],
  period: Period,
): Promise<string[] | undefined> {
  if (compareTo === undefined || compareTo === 'team') return undefined;
  if (!Array.isArray(compareTo) || compareTo.length === 0 || compareTo.length > MAX_COMPARE_TO) {
    throw new InvalidArgumentError(
      'compare_to',
      `Invalid argument "compare_to": give "team" or a list of 1 to ${MAX_COMPARE_TO} team ` +
        `members (names, e-mails or unified ids); got ${JSON.stringify(compareTo)}`,
    );
  }

  const ids: string[] = [];
  for (const value of compareTo) {
    const resolved = await resolvePerson(deps, value, 'compare_to', period);
    if (resolved.kind === 'ambiguous') {
      const names = resolved.candidates
        .map((candidate) => `${candidate.name} (${candidate.id})`)
        .join(', ');
      throw new InvalidArgumentError(
        'compare_to',
        `Invalid argument "compare_to": ${JSON.stringify(value)} matches several team ` +
          `members: ${names}; pass the unified id of the one you mean`,
      );
    }
    ids.push(resolved.person.id);
  }

  return ids;
}

async function callCounts(
  deps: CoachingDeps,
  personIds: string[],
  period: Period,
): Promise<Map<string, number>> {
  const rows = await deps.db.query<{ entity_id: string; calls: number | string }>(
    `SELECT ie.entity_id, count(DISTINCT i.id) AS calls
     FROM ${deps.schema}.interaction_entities ie
     JOIN ${deps.schema}.interactions i ON i.id = ie.interaction_id
     WHERE ie.entity_id = ANY($1::uuid[]) AND i.source_system = 'gong'
       AND i.occurred_at >= $2 AND i.occurred_at <= $3
     GROUP BY ie.entity_id`,
    [personIds, period.from, period.to],
  );

  return new Map(rows.map((row) => [row.entity_id, Number(row.calls)]));
}

async function loadPeople(deps: CoachingDeps, ids: string[]): Promise<PersonRef[]> {
  const rows = await deps.db.query<PersonRow>(
    `SELECT id, display_name, emails, is_internal FROM ${deps.schema}.entities
     WHERE id = ANY($1::uuid[]) ORDER BY display_name, id`,
    [ids],
  );

  return rows.map(personOf);
}

function uniqueIds(ids: string[]): string[] {
  return [...new Set(ids)];
}

// ---------------------------------------------------------------------------------------------
// Metrics

function valueFields(metric: MetricValue): { value: number | null; reason?: string } {
  return metric.value === null ? { value: null, reason: metric.reason } : { value: metric.value };
}

function referenceOf(name: MetricName, metric: MetricValue): ReferenceComparison | undefined {
  return metric.value === null ? undefined : compareToReference(name, metric.value);
}

function percentileRank(
  rep: PeriodMetrics,
  group: PeriodMetrics[],
  name: MetricName,
): number | null {
  const value = rep.metrics[name].value;
  const values = group
    .map((member) => member.metrics[name].value)
    .filter((entry): entry is number => entry !== null);
  if (value === null || values.length === 0) return null;

  const below = values.filter((entry) => entry < value).length;
  const equal = values.filter((entry) => entry === value).length;

  return (100 * (below + equal / 2)) / values.length;
}

function reportMoments(calls: CallSummary[], moments: Moment[]): ReportMoment[] {
  const byCall = new Map(calls.map((call) => [call.callId, call]));

  return moments.map((moment) => {
    const call = byCall.get(moment.callId);
    return {
      ...moment,
      callTitle: call?.title,
      callStartedAt: call?.startedAt.toISOString() ?? '',
    };
  });
}

function callReport(
  call: StoredCall,
  metrics: CallSummary | undefined,
  followUps: Map<string, CrmFollowUp>,
): CallReport {
  const values = {} as Record<MetricName, number | null>;
  const missing: Partial<Record<MetricName, string>> = {};
  for (const name of METRIC_NAMES) {
    const metric = metrics?.metrics[name] ?? { value: null, reason: NO_TRANSCRIPT };
    values[name] = metric.value;
    if (metric.value === null) missing[name] = metric.reason;
  }

  const followUp = followUps.get(call.interactionId);
  return {
    callId: call.callId,
    interactionId: call.interactionId,
    title: call.title,
    startedAt: call.startedAt.toISOString(),
    url: call.url,
    durationSeconds: call.durationMs === undefined ? undefined : call.durationMs / 1000,
    metrics: values,
    missing,
    crmFollowUp: !hasCustomerParty(call)
      ? undefined
      : followUp === undefined
        ? null
        : { ...followUp, at: followUp.at.toISOString() },
  };
}

function callGaps(call: CallSummary): CallGap[] {
  const byReason = new Map<string, MetricName[]>();
  for (const name of METRIC_NAMES) {
    const metric = call.metrics[name];
    if (metric.value !== null) continue;

    byReason.set(metric.reason, [...(byReason.get(metric.reason) ?? []), name]);
  }

  return [...byReason].map(([reason, metrics]) => ({
    callId: call.callId,
    title: call.title,
    startedAt: call.startedAt.toISOString(),
    url: call.url,
    metrics,
    reason,
  }));
}

// ---------------------------------------------------------------------------------------------
// Cross-channel habits

interface OpenWait {
  since: Date;
  message: SlackThreadMessage;
}

/**
 * Measures the rep's Slack reply times per thread. Only customer messages sent inside the
 * period open a wait; a message from an author that maps to no person is skipped.
 */
function slackReplyHabit(
  messages: SlackThreadMessage[],
  repId: string,
  period: Period,
): SlackReplyHabit {
  const replies: SlackReply[] = [];
  const threads = new Set<string>();
  let answeredByColleague = 0;
  let unanswered = 0;
  let wait: OpenWait | undefined;

  for (const [index, message] of messages.entries()) {
    const inPeriod = message.at >= period.from && message.at <= period.to;
    if (message.internal === false && inPeriod) {
      threads.add(message.threadKey);
      wait ??= { since: message.at, message };
    } else if (message.internal === true && wait !== undefined) {
      if (message.personId === repId) replies.push(replyOf(wait, message));
      else answeredByColleague++;
      wait = undefined;
    }

    const threadEnds = messages[index + 1]?.threadKey !== message.threadKey;
    if (threadEnds && wait !== undefined) {
      unanswered++;
      wait = undefined;
    }
  }

  const minutes = replies.map((reply) => reply.minutes).sort((a, b) => a - b);
  const slowest = [...replies].sort((a, b) => b.minutes - a.minutes).slice(0, 3);

  return {
    threads: threads.size,
    replies: replies.length,
    medianMinutes: minutes.length === 0 ? null : percentile(minutes, 0.5),
    answeredByColleague,
    unanswered,
    slowest,
    reason: minutes.length === 0 ? slackGapReason(threads.size) : undefined,
  };
}

function replyOf(wait: OpenWait, reply: SlackThreadMessage): SlackReply {
  return {
    minutes: (reply.at.getTime() - wait.since.getTime()) / MS_PER_MINUTE,
    customerMessageAt: wait.since.toISOString(),
    channel: wait.message.channel,
    link: wait.message.threadLink,
  };
}

function slackGapReason(threads: number): string {
  if (threads === 0) {
    return 'no Slack thread that the rep wrote in has a message from a customer in the period';
  }

  return 'the rep replied first to none of the customer messages in the period';
}

function crmFollowUpHabit(callsChecked: number, callsWithFollowUp: number): CrmFollowUpHabit {
  return {
    windowHours: CRM_FOLLOW_UP_WINDOW_HOURS,
    callsChecked,
    callsWithFollowUp,
    share: callsChecked === 0 ? null : callsWithFollowUp / callsChecked,
    reason: callsChecked === 0 ? 'the rep has no call with a customer in the period' : undefined,
  };
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
