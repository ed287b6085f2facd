/**
 * Types shared by the coaching metrics, their moments, the period aggregation and the chart.
 * The definitions behind each metric are in docs/coaching-metrics.md.
 */

/** One sentence of a call transcript, as Gong's `callTranscripts` stream returns it. */
export interface TranscriptSentence {
  /** Gong `speakerId`; absent when the transcript does not attribute the sentence. */
  speakerId?: string | undefined;
  /** Milliseconds from call start. A sentence without both `startMs` and `endMs` is untimed. */
  startMs?: number | undefined;
  endMs?: number | undefined;
  text: string;
}

/**
 * Which side of the call a speaker is on, from Gong's party `affiliation`
 * (`Internal`, `External`, `Unknown`).
 */
export type SpeakerSide = 'internal' | 'external' | 'unknown';

/** A call party that has a transcript `speakerId`. */
export interface CallSpeaker {
  speakerId: string;
  side: SpeakerSide;
  /** Resolved person id, when entity resolution has one. */
  personId?: string | undefined;
  name?: string | undefined;
}

/** One call as the coaching metrics read it. */
export interface CallInput {
  callId: string;
  startedAt: Date;
  /** Recorded call length; question rate falls back to the span of speech without it. */
  durationMs?: number | undefined;
  /** Link to the call in Gong; moments add a time hint to it. */
  url?: string | undefined;
  title?: string | undefined;
  /** Sentences in transcript order. */
  sentences: TranscriptSentence[];
  speakers: CallSpeaker[];
  /**
   * Speaker ids of the rep being coached (a rep may have more than one, e.g. phone and web).
   * They take precedence over `speakers[].side`. Other internal speakers are colleagues.
   */
  repSpeakerIds: string[];
}

/**
 * The role a sentence's speaker plays for the coached rep. `unknown` covers a missing
 * `speakerId`, a `speakerId` that is not among the call's speakers, and the `unknown` side.
 */
export type SpeakerRole = 'rep' | 'customer' | 'colleague' | 'unknown';

export const METRIC_NAMES = [
  'talkRatio',
  'longestMonologue',
  'longestCustomerStory',
  'interactivity',
  'patience',
  'questionRate',
  'questionsPerCall',
  'fillerRate',
] as const;
export type MetricName = (typeof METRIC_NAMES)[number];

export type MetricUnit =
  | 'ratio'
  | 'seconds'
  | 'switches_per_minute'
  | 'questions_per_hour'
  | 'questions_per_call'
  | 'fillers_per_minute';

/** Unit of each metric's value. */
export const METRIC_UNITS: Record<MetricName, MetricUnit> = {
  talkRatio: 'ratio',
  longestMonologue: 'seconds',
  longestCustomerStory: 'seconds',
  interactivity: 'switches_per_minute',
  patience: 'seconds',
  questionRate: 'questions_per_hour',
  questionsPerCall: 'questions_per_call',
  fillerRate: 'fillers_per_minute',
};

/** Display labels, as the chart and reports show them. */
export const METRIC_LABELS: Record<MetricName, string> = {
  talkRatio: 'Talk ratio',
  longestMonologue: 'Longest monologue',
  longestCustomerStory: 'Longest customer story',
  interactivity: 'Interactivity',
  patience: 'Patience',
  questionRate: 'Questions per hour',
  questionsPerCall: 'Questions per call',
  fillerRate: 'Filler words per min',
};

/**
 * The two sums a rate metric is the quotient of, so that rates over several calls can be
 * computed from summed parts (time-weighted) instead of averaging per-call rates.
 * `value === numerator / denominator`. The units per metric are listed in
 * docs/coaching-metrics.md.
 */
export interface MetricBasis {
  numerator: number;
  denominator: number;
}

export interface ComputedMetric {
  value: number;
  unit: MetricUnit;
  /** Present on rate metrics; absent on maximum metrics (longest monologue, customer story). */
  basis?: MetricBasis | undefined;
}

export interface MissingMetric {
  value: null;
  /** Why the metric cannot be computed, e.g. "the rep has no timed sentence in this call". */
  reason: string;
}

/** A metric's value, or the reason it has none. Metrics never default to 0. */
export type MetricValue = ComputedMetric | MissingMetric;

export type MomentKind =
  | 'longest_monologue'
  | 'customer_story'
  | 'rapid_exchange'
  | 'long_turn'
  | 'long_pause'
  | 'interruption'
  | 'question'
  | 'filler';

/** A stretch of a call that explains a metric's value. */
export interface Moment {
  callId: string;
  kind: MomentKind;
  /** Milliseconds from call start; absent for an untimed sentence. */
  startMs?: number | undefined;
  endMs?: number | undefined;
  /** Display name of the speaker, or the speaker id when the name is unknown. */
  speaker: string;
  role: SpeakerRole;
  /** The words spoken, at most 300 characters. */
  excerpt: string;
  /** One line on why this moment was picked, e.g. "4.5 s pause before the rep replied". */
  detail: string;
  /**
   * Size used to rank moments across calls: milliseconds for turns and pauses, switches for
   * exchanges, filler words for fillers, 1 for questions.
   */
  magnitude: number;
  deepLink?: string | undefined;
}

/** How much of a call's transcript the metrics could use. */
export interface TranscriptCoverage {
  sentences: number;
  timedSentences: number;
  untimedSentences: number;
  /** Sentences whose speaker is missing, not among the call's speakers, or of unknown side. */
  unknownSpeakerSentences: number;
  /** Short listener sounds that the turn rules skip (see docs/coaching-metrics.md). */
  backchannels: number;
  repSentences: number;
  customerSentences: number;
}

export interface CallMetrics {
  callId: string;
  startedAt: Date;
  title?: string | undefined;
  url?: string | undefined;
  metrics: Record<MetricName, MetricValue>;
  /** Two or three moments per metric, ordered as docs/coaching-metrics.md describes. */
  moments: Record<MetricName, Moment[]>;
  coverage: TranscriptCoverage;
}
