/**
 * Per-call coaching metrics: talk ratio, longest monologue, longest customer story,
 * interactivity, patience, question rate, questions per call and filler rate, each with the
 * moments that explain it. Definitions and edge cases are in docs/coaching-metrics.md.
 */

import { countFillers, type FillerCount, isQuestion } from './language.js';
import {
  fillerMoments,
  interactivityMoments,
  MOMENTS_PER_METRIC,
  type MomentContext,
  mediaFragmentLink,
  patienceMoments,
  questionMoments,
  type TimeLink,
  turnMoments,
} from './moments.js';
import {
  buildTimeline,
  buildTurns,
  type CallTimeline,
  findReplyPauses,
  findSwitches,
  REP_PARTY,
  rankTurns,
  speakingTimeByParty,
  speechSpan,
  type TimedSentence,
  turnLength,
} from './timeline.js';
import {
  type CallInput,
  type CallMetrics,
  METRIC_NAMES,
  METRIC_UNITS,
  type MetricName,
  type MetricValue,
  type Moment,
  type TranscriptCoverage,
} from './types.js';

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;

export interface CallMetricsOptions {
  /** Builds moment links; defaults to a `#t=<seconds>` fragment on the call URL. */
  timeLink?: TimeLink | undefined;
}

/** A metric together with its moments; a missing metric has none. */
interface MetricResult {
  metric: MetricValue;
  moments: Moment[];
}

/** Everything the metric functions read, computed once per call. */
interface CallFacts {
  call: CallInput;
  timeline: CallTimeline;
  context: MomentContext;
  repSentences: CallTimeline['sentences'];
  repTimed: TimedSentence[];
  customerTimed: TimedSentence[];
  speakingTime: Map<string, number>;
}

/**
 * Computes every coaching metric of one call for the rep in `call.repSpeakerIds`. Transcript
 * gaps (missing timings, unknown speakers, no customer or rep speech, an empty transcript)
 * never throw: the affected metrics come back as `{ value: null, reason }`.
 * Throws when `call` itself is malformed (no call id, invalid `startedAt`, non-array lists).
 */
export function computeCallMetrics(call: CallInput, options: CallMetricsOptions = {}): CallMetrics {
  validateCall(call);

  const facts = gatherFacts(call, options.timeLink ?? mediaFragmentLink);
  const results: Record<MetricName, MetricResult> = {
    talkRatio: talkRatio(facts),
    longestMonologue: longestMonologue(facts),
    longestCustomerStory: longestCustomerStory(facts),
    interactivity: interactivity(facts),
    patience: patience(facts),
    questionRate: questionRate(facts),
    questionsPerCall: questionsPerCall(facts),
    fillerRate: fillerRate(facts),
  };

  const metrics = {} as Record<MetricName, MetricValue>;
  const moments = {} as Record<MetricName, Moment[]>;
  for (const name of METRIC_NAMES) {
    metrics[name] = results[name].metric;
    moments[name] = results[name].moments;
  }

  return {
    callId: call.callId,
    startedAt: call.startedAt,
    title: call.title,
    url: call.url,
    metrics,
    moments,
    coverage: coverageOf(facts),
  };
}

function validateCall(call: CallInput): void {
  if (typeof call.callId !== 'string' || call.callId.trim() === '') {
    throw new Error(
      `Invalid call id ${JSON.stringify(call.callId)}: pass the Gong call id as a non-empty string`,
    );
  }
  if (!(call.startedAt instanceof Date) || Number.isNaN(call.startedAt.getTime())) {
    throw new Error(
      `Invalid startedAt for call ${call.callId}: pass a valid Date (got ${String(call.startedAt)})`,
    );
  }

  for (const field of ['sentences', 'speakers', 'repSpeakerIds'] as const) {
    if (!Array.isArray(call[field])) {
      throw new Error(`Invalid ${field} for call ${call.callId}: pass an array, even if empty`);
    }
  }
}

function gatherFacts(call: CallInput, timeLink: TimeLink): CallFacts {
  const timeline = buildTimeline(call);

  return {
    call,
    timeline,
    context: { callId: call.callId, url: call.url, timeLink },
    repSentences: timeline.sentences.filter((sentence) => sentence.role === 'rep'),
    repTimed: timeline.timed.filter((sentence) => sentence.role === 'rep'),
    customerTimed: timeline.timed.filter((sentence) => sentence.role === 'customer'),
    speakingTime: speakingTimeByParty(timeline.timed),
  };
}

function coverageOf(facts: CallFacts): TranscriptCoverage {
  const { sentences, timed, backchannels } = facts.timeline;

  return {
    sentences: sentences.length,
    timedSentences: timed.length,
    untimedSentences: sentences.length - timed.length,
    unknownSpeakerSentences: sentences.filter((sentence) => sentence.role === 'unknown').length,
    backchannels: backchannels.length,
    repSentences: facts.repSentences.length,
    customerSentences: sentences.filter((sentence) => sentence.role === 'customer').length,
  };
}

function missing(reason: string): MetricResult {
  return { metric: { value: null, reason }, moments: [] };
}

function computed(
  name: MetricName,
  value: number,
  moments: Moment[],
  basis?: { numerator: number; denominator: number },
): MetricResult {
  const unit = METRIC_UNITS[name];
  const metric = basis === undefined ? { value, unit } : { value, unit, basis };

  return { metric, moments: moments.slice(0, MOMENTS_PER_METRIC) };
}

/** Reason why the rep's speech cannot be measured, or undefined when it can. */
function repSpeechGap(facts: CallFacts, needsTiming: boolean): string | undefined {
  if (facts.call.repSpeakerIds.length === 0) {
    return 'no rep speaker id was given for this call, so no sentence can be attributed to the rep';
  }
  if (facts.repSentences.length === 0) {
    const ids = facts.call.repSpeakerIds.join(', ');
    return `the rep (speaker ids ${ids}) has no sentence in this call's transcript`;
  }
  if (needsTiming && facts.repTimed.length === 0) {
    return "none of the rep's sentences has start and end times";
  }

  return undefined;
}

const NO_CUSTOMER_SPEECH = 'no timed sentence from a customer (external) speaker in this call';

/** Rep speaking time over the speaking time of every party, each party's overlaps merged. */
function talkRatio(facts: CallFacts): MetricResult {
  const gap = repSpeechGap(facts, true);
  if (gap !== undefined) return missing(gap);
  if (facts.customerTimed.length === 0) return missing(NO_CUSTOMER_SPEECH);

  const repMs = facts.speakingTime.get(REP_PARTY) ?? 0;
  let allMs = 0;
  for (const ms of facts.speakingTime.values()) allMs += ms;
  if (allMs === 0) return missing('every timed sentence in this call has zero length');

  const turns = buildTurns(facts.timeline.conversation, (sentence) => sentence.role === 'rep');
  const stories = buildTurns(facts.timeline.conversation, isCustomer);
  const moments = [
    ...turnMoments(facts.context, rankTurns(turns).slice(0, 2), 'longest_monologue'),
    ...turnMoments(facts.context, rankTurns(stories).slice(0, 1), 'customer_story'),
  ];

  return computed('talkRatio', repMs / allMs, moments, { numerator: repMs, denominator: allMs });
}

function isCustomer(sentence: TimedSentence): boolean {
  return sentence.role === 'customer';
}

function longestMonologue(facts: CallFacts): MetricResult {
  const gap = repSpeechGap(facts, true);
  if (gap !== undefined) return missing(gap);

  const turns = rankTurns(
    buildTurns(facts.timeline.conversation, (sentence) => sentence.role === 'rep'),
  );
  const longest = turns[0];
  if (longest === undefined) {
    return missing('the rep only made listener sounds (backchannels) between customer sentences');
  }

  const moments = turnMoments(
    facts.context,
    turns.slice(0, MOMENTS_PER_METRIC),
    'longest_monologue',
  );

  return computed('longestMonologue', turnLength(longest) / 1000, moments);
}

function longestCustomerStory(facts: CallFacts): MetricResult {
  if (facts.customerTimed.length === 0) return missing(NO_CUSTOMER_SPEECH);

  const stories = rankTurns(buildTurns(facts.timeline.conversation, isCustomer));
  const longest = stories[0];
  if (longest === undefined) return missing(NO_CUSTOMER_SPEECH);

  const moments = turnMoments(
    facts.context,
    stories.slice(0, MOMENTS_PER_METRIC),
    'customer_story',
  );

  return computed('longestCustomerStory', turnLength(longest) / 1000, moments);
}

/** Speaker switches per minute of the span from the first sentence's start to the last end. */
function interactivity(facts: CallFacts): MetricResult {
  const gap = repSpeechGap(facts, true);
  if (gap !== undefined) return missing(gap);

  const spanMs = speechSpan(facts.timeline.timed);
  if (spanMs === 0) return missing('the timed speech in this call spans 0 ms');

  const conversation = facts.timeline.conversation;
  const switches = findSwitches(conversation).length;
  const minutes = spanMs / MS_PER_MINUTE;
  const moments = interactivityMoments(facts.context, conversation);

  return computed('interactivity', switches / minutes, moments, {
    numerator: switches,
    denominator: minutes,
  });
}

/** Mean pause, in seconds, between a customer finishing and the rep starting to speak. */
function patience(facts: CallFacts): MetricResult {
  const gap = repSpeechGap(facts, true);
  if (gap !== undefined) return missing(gap);
  if (facts.customerTimed.length === 0) return missing(NO_CUSTOMER_SPEECH);

  const pauses = findReplyPauses(facts.timeline.conversation);
  if (pauses.length === 0) {
    return missing('the rep never spoke right after a customer in this call');
  }

  let totalMs = 0;
  for (const pause of pauses) totalMs += pause.pauseMs;
  const totalSeconds = totalMs / 1000;
  const moments = patienceMoments(facts.context, pauses);

  return computed('patience', totalSeconds / pauses.length, moments, {
    numerator: totalSeconds,
    denominator: pauses.length,
  });
}

/** Call length for rates per hour: the recorded duration, else the span of timed speech. */
function callLengthMs(facts: CallFacts): number {
  const duration = facts.call.durationMs;
  if (typeof duration === 'number' && Number.isFinite(duration) && duration > 0) return duration;

  return speechSpan(facts.timeline.timed);
}

function repQuestions(facts: CallFacts): CallTimeline['sentences'] {
  return facts.repSentences.filter((sentence) => isQuestion(sentence.text));
}

function questionRate(facts: CallFacts): MetricResult {
  const gap = repSpeechGap(facts, false);
  if (gap !== undefined) return missing(gap);

  const lengthMs = callLengthMs(facts);
  if (lengthMs === 0) {
    return missing('the call length is unknown: no duration was given and no sentence is timed');
  }

  const questions = repQuestions(facts);
  const hours = lengthMs / MS_PER_HOUR;
  const moments = questionMoments(facts.context, questions);

  return computed('questionRate', questions.length / hours, moments, {
    numerator: questions.length,
    denominator: hours,
  });
}

function questionsPerCall(facts: CallFacts): MetricResult {
  const gap = repSpeechGap(facts, false);
  if (gap !== undefined) return missing(gap);

  const questions = repQuestions(facts);
  const moments = questionMoments(facts.context, questions);

  return computed('questionsPerCall', questions.length, moments, {
    numerator: questions.length,
    denominator: 1,
  });
}

/** Filler words in the rep's timed sentences per minute of the rep's speaking time. */
function fillerRate(facts: CallFacts): MetricResult {
  const gap = repSpeechGap(facts, true);
  if (gap !== undefined) return missing(gap);

  const repMs = facts.speakingTime.get(REP_PARTY) ?? 0;
  if (repMs === 0) return missing("every one of the rep's timed sentences has zero length");

  const counted: { sentence: TimedSentence; fillers: FillerCount }[] = facts.repTimed.map(
    (sentence) => ({ sentence, fillers: countFillers(sentence.text) }),
  );
  let fillers = 0;
  for (const entry of counted) fillers += entry.fillers.count;

  const minutes = repMs / MS_PER_MINUTE;
  const moments = fillerMoments(facts.context, counted);

  return computed('fillerRate', fillers / minutes, moments, {
    numerator: fillers,
    denominator: minutes,
  });
}
