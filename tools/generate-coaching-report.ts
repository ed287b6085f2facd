import * as z from 'zod';
import type { AmbiguousRep, CoachingReport, CoachingReportResult } from '../src/api.js';
import { formatMetricValue } from '../src/coaching/chart.js';
import type {
  CallGap,
  CallReport,
  CrmFollowUpHabit,
  MetricReport,
  ReportMoment,
  SlackReplyHabit,
} from '../src/coaching/report.js';
import {
  METRIC_LABELS,
  METRIC_NAMES,
  METRIC_UNITS,
  type MetricName,
} from '../src/coaching/types.js';
import { defineTool } from './define-tool.js';
import { optionalText, requiredText } from './input-fields.js';
import { createDataFence, type DataFence, formatOffset, formatTime } from './render-text.js';
import { withoutUndefined } from './result-shapes.js';

/** Calls and gaps listed in `structuredContent`. When a period has more, the latest are kept. */
export const MAX_CALL_ROWS = 50;
/** Calls listed in the text rendering, latest first. */
const TEXT_CALL_ROWS = 10;

const personSchema = z.object({
  id: z.string().describe('Unified person id; pass it as rep or in compare_to.'),
  name: z.string(),
  emails: z.array(z.string()),
});

const candidateSchema = personSchema.extend({
  match_score: z.number().describe('How well the name matches, 0 to 1.'),
  calls_in_period: z.number().describe('Gong calls linked to the person in the period.'),
});

const distributionSchema = z.object({
  count: z.number().describe('Team members with a value.'),
  min: z.number(),
  p10: z.number(),
  p25: z.number(),
  median: z.number(),
  p75: z.number(),
  p90: z.number(),
  max: z.number(),
});

const momentSchema = z.object({
  call_id: z.string(),
  call_title: z.string().optional(),
  call_started_at: z.string(),
  kind: z.string().describe('longest_monologue, customer_story, long_pause, question, …'),
  start_ms: z.number().optional().describe('Offset from the start of the call, in ms.'),
  end_ms: z.number().optional(),
  speaker: z.string(),
  role: z.enum(['rep', 'customer', 'colleague', 'unknown']),
  excerpt: z.string().describe('The words spoken, quoted data (at most 300 characters).'),
  detail: z.string().describe('Why this moment explains the metric.'),
  deep_link: z.string().optional().describe('The call in Gong, with a #t=<seconds> hint.'),
});

const metricSchema = z.object({
  metric: z.enum(METRIC_NAMES),
  label: z.string(),
  unit: z.string().describe('ratio, seconds, switches_per_minute, questions_per_hour, …'),
  value: z.number().nullable().describe("The rep's value over the period; null when missing."),
  reason: z.string().optional().describe('Why value is null.'),
  calls_used: z.number().describe('Calls that entered the value.'),
  team: distributionSchema.nullable().describe("The comparison group's spread; null when none."),
  team_reason: z.string().optional(),
  percentile_rank: z
    .number()
    .nullable()
    .describe('Share of the group below the rep, 0 to 100, equal values counted half.'),
  trend: z
    .object({
      previous: z.number(),
      delta: z.number(),
      relative_change: z.number().nullable(),
      direction: z.enum(['up', 'down', 'flat']).describe('Whether it rose, not whether good.'),
    })
    .nullable()
    .describe('Change from the previous period of equal length; null when either is missing.'),
  trend_reason: z.string().optional(),
  reference: z
    .object({
      position: z.enum(['below', 'within', 'above']),
      low: z.number(),
      high: z.number(),
      label: z.string(),
      source: z.string(),
    })
    .optional()
    .describe('Published benchmark from discovery calls, where one exists.'),
  moments: z.array(momentSchema).describe('Up to three moments that explain the value.'),
});

const followUpSchema = z.object({
  source: z.enum(['hubspot', 'salesforce']),
  kind: z.string(),
  at: z.string(),
  title: z.string().optional(),
  link: z.string().optional(),
  matched_by: z.enum(['author', 'company']),
});

const callSchema = z.object({
  call_id: z.string(),
  title: z.string().optional(),
  started_at: z.string(),
  link: z.string().optional(),
  duration_seconds: z.number().optional(),
  metrics: z.record(z.string(), z.number().nullable()),
  missing: z.record(z.string(), z.string()).describe('Reason per missing metric.'),
  crm_follow_up: followUpSchema
    .nullable()
    .optional()
    .describe('First CRM note or task in the window; null if none; absent for internal calls.'),
});

const gapSchema = z.object({
  call_id: z.string(),
  title: z.string().optional(),
  started_at: z.string(),
  link: z.string().optional(),
  metrics: z.array(z.string()),
  reason: z.string(),
});

const habitsSchema = z.object({
  slack_replies: z.object({
    threads: z.number(),
    replies: z.number(),
    median_minutes: z.number().nullable(),
    answered_by_colleague: z.number(),
    unanswered: z.number(),
    slowest: z.array(
      z.object({
        minutes: z.number(),
        customer_message_at: z.string(),
        channel: z.string().optional(),
        link: z.string().optional(),
      }),
    ),
    reason: z.string().optional(),
  }),
  crm_follow_up: z.object({
    window_hours: z.number(),
    calls_checked: z.number(),
    calls_with_follow_up: z.number(),
    share: z.number().nullable(),
    reason: z.string().optional(),
  }),
});

type MetricOutput = z.infer<typeof metricSchema>;
type MomentOutput = z.infer<typeof momentSchema>;

export const generateCoachingReport = defineTool({
  name: 'generate_coaching_report',
  title: 'Generate a coaching report',
  description:
    "Measures one rep's Gong calls over a period: talk ratio, longest monologue, longest " +
    'customer story, interactivity, patience, questions per hour and per call, and filler ' +
    "words, per call and for the period. Compares each with the team's median and " +
    'percentiles for the same period, with the previous period of equal length, and with ' +
    'published reference bands. Each metric comes with up to three timestamped moments ' +
    '(excerpt and deep link) that explain it. Also lists calls that could not be measured and ' +
    'why, how fast the rep replied to customers in Slack, and how often a CRM note or task ' +
    'followed a customer call within 24 hours. Returns a PNG chart of the rep against the ' +
    'team. When the rep\'s name matches several people, it returns status "ambiguous" with ' +
    'the candidates: ask which one is meant and call again with that id. Use lookup_entity to ' +
    'find a rep you cannot name exactly.',
  type: 'readOnly',
  inputSchema: {
    rep: requiredText(
      'The rep to coach: a name (matched fuzzily), an e-mail address, a Gong user id, or a ' +
        "unified person id from lookup_entity. Only the team's own (internal) people qualify.",
    ),
    from: requiredText(
      'Start of the period: an ISO 8601 date (2026-07-01) or a phrase such as "last ' +
        'quarter", "Q3 2026" or "last month". A phrase given without to covers that whole ' +
        'period; a bare date without to covers that one day.',
    ),
    to: optionalText(
      'End of the period, inclusive: an ISO 8601 date or datetime, or a phrase (its end is ' +
        'used). Omit it when from is a phrase that names the whole period.',
    ),
    compare_to: z
      .union([
        z.literal('team'),
        z
          .array(requiredText('A team member: a name, an e-mail address or a unified id.'))
          .min(1)
          .max(50),
      ])
      .optional()
      .describe(
        'Who to compare the rep with: "team" (the default: every internal person with Gong ' +
          'calls in the period) or a list of up to 50 team members. The rep is always part of ' +
          'the comparison group.',
      ),
  },
  outputSchema: {
    status: z
      .enum(['ok', 'ambiguous'])
      .describe('"ambiguous" when rep matched several people; see candidates.'),
    message: z.string().optional().describe('What to do next, when status is "ambiguous".'),
    candidates: z.array(candidateSchema).optional(),
    rep: personSchema.optional(),
    period: z.object({ from: z.string(), to: z.string(), label: z.string() }).optional(),
    previous_period: z
      .object({ from: z.string(), to: z.string(), call_count: z.number() })
      .optional(),
    call_count: z.number().optional().describe('Gong calls the rep took part in.'),
    team: z
      .object({
        basis: z.enum(['team', 'selected']),
        members: z.array(personSchema.extend({ call_count: z.number() })),
      })
      .optional(),
    metrics: z.array(metricSchema).optional(),
    calls: z.array(callSchema).optional(),
    calls_omitted: z.number().optional().describe('Earlier calls left out of calls.'),
    gaps: z
      .array(gapSchema)
      .optional()
      .describe('Metrics that could not be computed, per call and reason.'),
    gaps_omitted: z.number().optional(),
    habits: habitsSchema.optional(),
  },
  async handler(args, { api }) {
    const result = await api.coachingReport({
      rep: args.rep,
      from: args.from,
      to: args.to,
      compareTo: args.compare_to,
    });

    return replyFor(result);
  },
});

function replyFor(result: CoachingReportResult) {
  if (result.status === 'ambiguous') {
    return { structured: toAmbiguousOutput(result), text: renderAmbiguous(result) };
  }

  return {
    structured: toReportOutput(result),
    text: renderReport(result),
    images: [{ data: result.chartPng.toString('base64'), mimeType: 'image/png' }],
  };
}

// ---------------------------------------------------------------------------------------------
// structuredContent

function toAmbiguousOutput(result: AmbiguousRep) {
  return {
    status: result.status,
    message: result.message,
    candidates: result.candidates.map((candidate) => ({
      id: candidate.id,
      name: candidate.name,
      emails: candidate.emails,
      match_score: candidate.matchScore,
      calls_in_period: candidate.callsInPeriod,
    })),
  };
}

function toReportOutput(report: CoachingReport) {
  const calls = report.calls.slice(-MAX_CALL_ROWS);
  const gaps = report.gaps.slice(-MAX_CALL_ROWS);

  return withoutUndefined({
    status: report.status,
    rep: report.rep,
    period: report.period,
    previous_period: {
      from: report.previousPeriod.from,
      to: report.previousPeriod.to,
      call_count: report.previousPeriod.callCount,
    },
    call_count: report.callCount,
    team: {
      basis: report.team.basis,
      members: report.team.members.map((member) => ({
        id: member.id,
        name: member.name,
        emails: member.emails,
        call_count: member.callCount,
      })),
    },
    metrics: report.metrics.map(toMetricOutput),
    calls: calls.map(toCallOutput),
    calls_omitted: omitted(report.calls.length, calls.length),
    gaps: gaps.map(toGapOutput),
    gaps_omitted: omitted(report.gaps.length, gaps.length),
    habits: {
      slack_replies: toSlackOutput(report.habits.slackReplies),
      crm_follow_up: toCrmOutput(report.habits.crmFollowUp),
    },
  });
}

function omitted(total: number, listed: number): number | undefined {
  return total > listed ? total - listed : undefined;
}

function toMetricOutput(metric: MetricReport): MetricOutput {
  const team = 'median' in metric.team ? metric.team : undefined;
  const trend = 'direction' in metric.trend ? metric.trend : undefined;

  return withoutUndefined({
    metric: metric.metric,
    label: metric.label,
    unit: metric.unit,
    value: metric.value,
    reason: metric.reason,
    calls_used: metric.callsUsed,
    team:
      team === undefined
        ? null
        : {
            count: team.count,
            min: team.min,
            p10: team.p10,
            p25: team.p25,
            median: team.median,
            p75: team.p75,
            p90: team.p90,
            max: team.max,
          },
    team_reason: 'reason' in metric.team ? metric.team.reason : undefined,
    percentile_rank: metric.percentileRank,
    trend:
      trend === undefined
        ? null
        : {
            previous: trend.previous,
            delta: trend.delta,
            relative_change: trend.relativeChange,
            direction: trend.direction,
          },
    trend_reason: 'reason' in metric.trend ? metric.trend.reason : undefined,
    reference:
      metric.reference === undefined
        ? undefined
        : {
            position: metric.reference.position,
            low: metric.reference.band.low,
            high: metric.reference.band.high,
            label: metric.reference.band.label,
            source: metric.reference.band.source,
          },
    moments: metric.moments.map(toMomentOutput),
  });
}

function toMomentOutput(moment: ReportMoment): MomentOutput {
  return withoutUndefined({
    call_id: moment.callId,
    call_title: moment.callTitle,
    call_started_at: moment.callStartedAt,
    kind: moment.kind,
    start_ms: moment.startMs,
    end_ms: moment.endMs,
    speaker: moment.speaker,
    role: moment.role,
    excerpt: moment.excerpt,
    detail: moment.detail,
    deep_link: moment.deepLink,
  });
}

function toCallOutput(call: CallReport) {
  const followUp = call.crmFollowUp;

  return withoutUndefined({
    call_id: call.callId,
    title: call.title,
    started_at: call.startedAt,
    link: call.url,
    duration_seconds: call.durationSeconds,
    metrics: call.metrics,
    missing: call.missing as Record<string, string>,
    crm_follow_up:
      followUp === undefined || followUp === null
        ? followUp
        : withoutUndefined({
            source: followUp.source,
            kind: followUp.kind,
            at: followUp.at,
            title: followUp.title,
            link: followUp.link,
            matched_by: followUp.matchedBy,
          }),
  });
}

function toGapOutput(gap: CallGap) {
  return withoutUndefined({
    call_id: gap.callId,
    title: gap.title,
    started_at: gap.startedAt,
    link: gap.url,
    metrics: gap.metrics,
    reason: gap.reason,
  });
}

function toSlackOutput(habit: SlackReplyHabit) {
  return withoutUndefined({
    threads: habit.threads,
    replies: habit.replies,
    median_minutes: habit.medianMinutes,
    answered_by_colleague: habit.answeredByColleague,
    unanswered: habit.unanswered,
    slowest: habit.slowest.map((reply) =>
      withoutUndefined({
        minutes: reply.minutes,
        customer_message_at: reply.customerMessageAt,
        channel: reply.channel,
        link: reply.link,
      }),
    ),
    reason: habit.reason,
  });
}

function toCrmOutput(habit: CrmFollowUpHabit) {
  return withoutUndefined({
    window_hours: habit.windowHours,
    calls_checked: habit.callsChecked,
    calls_with_follow_up: habit.callsWithFollowUp,
    share: habit.share,
    reason: habit.reason,
  });
}

// ---------------------------------------------------------------------------------------------
// Text rendering

function renderAmbiguous(result: AmbiguousRep): string {
  const lines = [result.message];
  for (const candidate of result.candidates) {
    const emails = candidate.emails.length > 0 ? ` <${candidate.emails.join(', ')}>` : '';
    const calls = plural(candidate.callsInPeriod, 'call');
    lines.push(`- ${candidate.name}${emails}: id ${candidate.id}, ${calls} in the period`);
  }

  return lines.join('\n');
}

function renderReport(report: CoachingReport): string {
  const fence = createDataFence();
  const lines = [...renderHeader(report), fence.notice, ''];

  for (const metric of report.metrics) {
    lines.push(...renderMetric(metric, fence), '');
  }
  lines.push(...renderCalls(report), '');
  lines.push(...renderGaps(report.gaps), '');
  lines.push(...renderHabits(report), '');
  lines.push(
    'The attached PNG chart shows the rep (orange dot) against the team: light band p10–p90, ' +
      'darker box p25–p75, navy tick the median, green the published reference. The ' +
      'references come from discovery calls and fit other calls less well.',
  );

  return lines.join('\n');
}

function renderHeader(report: CoachingReport): string[] {
  const members = report.team.members.map((member) => member.name).join(', ');
  const group =
    report.team.basis === 'team'
      ? `the team: ${plural(report.team.members.length, 'person', 'people')} with Gong calls ` +
        `in the period (${members})`
      : `the selected people (${members})`;

  return [
    `Coaching report for ${report.rep.name}, ${report.period.label}: ` +
      `${plural(report.callCount, 'Gong call')}; the previous period of equal length ` +
      `(${report.previousPeriod.from.slice(0, 10)} to ${report.previousPeriod.to.slice(0, 10)}) ` +
      `had ${plural(report.previousPeriod.callCount, 'call')}.`,
    `Compared with ${group}.`,
  ];
}

function renderMetric(metric: MetricReport, fence: DataFence): string[] {
  const format = (value: number) => formatMetricValue(value, metric.unit);
  if (metric.value === null) {
    return [`${metric.label}: n/a (${metric.reason ?? 'no value'}).`];
  }

  const parts = [
    `${metric.label}: ${format(metric.value)} over ${plural(metric.callsUsed, 'call')}`,
  ];
  if ('median' in metric.team) {
    const team = metric.team;
    parts.push(
      `team median ${format(team.median)} (p25–p75 ${format(team.p25)}–${format(team.p75)}, ` +
        `${plural(team.count, 'person', 'people')})`,
    );
  }
  if (metric.percentileRank !== null) {
    parts.push(`rank ${Math.round(metric.percentileRank)} of 100 in the group`);
  }
  if ('direction' in metric.trend) {
    parts.push(trendText(metric.trend.direction, format(metric.trend.previous)));
  }
  if (metric.reference !== undefined) {
    parts.push(`${metric.reference.position} the reference (${metric.reference.band.label})`);
  }

  const lines = [`${parts.join('; ')}.`];
  for (const moment of metric.moments) lines.push(...renderMoment(moment, fence));

  return lines;
}

function trendText(direction: 'up' | 'down' | 'flat', previous: string): string {
  if (direction === 'flat') return `unchanged from the previous period (${previous})`;

  return `${direction} from ${previous} in the previous period`;
}

function renderMoment(moment: ReportMoment, fence: DataFence): string[] {
  const at = moment.startMs === undefined ? '' : ` at ${formatOffset(moment.startMs)}`;
  const call = `${moment.callTitle ?? `call ${moment.callId}`}, ${formatTime(moment.callStartedAt)}`;
  const link = moment.deepLink ?? `(no link; Gong call ${moment.callId})`;

  return [
    `  - [${call}${at} — ${moment.speaker}] ${moment.detail}. ${link}`,
    indent(fence.wrap(moment.excerpt), '    '),
  ];
}

function renderCalls(report: CoachingReport): string[] {
  if (report.calls.length === 0) return ['No Gong call of the rep in the period.'];

  const latest = report.calls.slice(-TEXT_CALL_ROWS).reverse();
  const lines = [
    `Calls (${latest.length} latest of ${report.calls.length}; every call is in ` +
      'structuredContent.calls):',
  ];
  for (const call of latest) {
    const values = METRIC_NAMES.flatMap((name) => {
      const value = call.metrics[name];
      return value === null
        ? []
        : [`${SHORT_LABELS[name]} ${formatMetricValue(value, METRIC_UNITS[name])}`];
    });
    const measured = values.length > 0 ? values.join(', ') : 'not measured';
    lines.push(
      `- ${call.title ?? call.callId}, ${formatTime(call.startedAt)}: ${measured}; ` +
        `${followUpText(call)}. ${call.url ?? `(no link; Gong call ${call.callId})`}`,
    );
  }

  return lines;
}

const SHORT_LABELS: Record<MetricName, string> = {
  talkRatio: 'talk',
  longestMonologue: 'monologue',
  longestCustomerStory: 'customer story',
  interactivity: 'interactivity',
  patience: 'patience',
  questionRate: 'questions',
  questionsPerCall: 'questions in call',
  fillerRate: 'fillers',
};

function followUpText(call: CallReport): string {
  if (call.crmFollowUp === undefined) return 'internal call, no CRM follow-up expected';
  if (call.crmFollowUp === null) return 'no CRM note or task within 24 h';

  const followUp = call.crmFollowUp;
  const match = followUp.matchedBy === 'author' ? 'by the rep' : 'on the same company';
  return `${followUp.source} ${followUp.kind} ${match} at ${formatTime(followUp.at)}`;
}

function renderGaps(gaps: CallGap[]): string[] {
  if (gaps.length === 0) return ['Every metric was computable on every call.'];

  const lines = ['Not computable:'];
  for (const gap of gaps.slice(-MAX_CALL_ROWS)) {
    const labels = gap.metrics.map((name) => METRIC_LABELS[name].toLowerCase()).join(', ');
    const metrics = gap.metrics.length === METRIC_NAMES.length ? 'every metric' : labels;
    lines.push(
      `- ${gap.title ?? gap.callId}, ${formatTime(gap.startedAt)}: ${metrics}, because ${gap.reason}.`,
    );
  }
  if (gaps.length > MAX_CALL_ROWS) lines.push(`(${gaps.length - MAX_CALL_ROWS} earlier not shown)`);

  return lines;
}

function renderHabits(report: CoachingReport): string[] {
  const slack = report.habits.slackReplies;
  const crm = report.habits.crmFollowUp;
  const lines: string[] = [];

  if (slack.medianMinutes === null) {
    lines.push(`Slack replies to customers: n/a (${slack.reason ?? 'no data'}).`);
  } else {
    lines.push(
      `Slack replies to customers: median ${minutes(slack.medianMinutes)} over ` +
        `${plural(slack.replies, 'reply', 'replies')} in ${plural(slack.threads, 'thread')}; ` +
        `${slack.answeredByColleague} answered first by a colleague; ${slack.unanswered} ` +
        'still without an internal reply.',
    );
    for (const reply of slack.slowest) {
      const where = reply.channel === undefined ? '' : ` in ${reply.channel}`;
      lines.push(
        `  - ${minutes(reply.minutes)} after the message of ${formatTime(reply.customerMessageAt)}` +
          `${where}. ${reply.link ?? ''}`.trimEnd(),
      );
    }
  }

  if (crm.share === null) {
    lines.push(`CRM follow-up: n/a (${crm.reason ?? 'no data'}).`);
  } else {
    lines.push(
      `CRM follow-up: a HubSpot or Salesforce note or task followed ${crm.callsWithFollowUp} ` +
        `of ${plural(crm.callsChecked, 'customer call')} (${Math.round(crm.share * 100)}%) ` +
        `within ${crm.windowHours} h.`,
    );
  }

  return lines;
}

function minutes(value: number): string {
  if (value >= 120) return `${(value / 60).toFixed(1)} h`;

  return `${Math.round(value)} min`;
}

function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

function indent(text: string, prefix: string): string {
  return text
    .split('\n')
    .map((line) => `${prefix}${line}`)
    .join('\n');
}
