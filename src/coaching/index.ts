/** Coaching metrics from call transcripts: per call, per period, per team, and as a chart. */

export * from './aggregate.js';
export * from './call-metrics.js';
export * from './chart.js';
export { countFillers, type FillerCount, hasQuestionForm, isQuestion } from './language.js';
export {
  EXCERPT_MAX_CHARS,
  MOMENTS_PER_METRIC,
  mediaFragmentLink,
  type TimeLink,
} from './moments.js';
export { crc32, encodePng, PNG_SIGNATURE } from './png.js';
export { BACKCHANNEL_MAX_MS, TURN_GAP_MS } from './timeline.js';
export * from './types.js';
