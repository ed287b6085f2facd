/**
 * Builds the timestamped moments that explain each metric: the turns, exchanges, pauses,
 * questions and filler-heavy sentences behind a number, each with a link into the call.
 */

import type { FillerCount } from './language.js';
import type { AttributedSentence, ReplyPause, TimedSentence, Turn } from './timeline.js';
import { findSwitches, turnLength } from './timeline.js';
import type { Moment, MomentKind } from './types.js';

/** Maximum length of a moment's excerpt, in characters. */
export const EXCERPT_MAX_CHARS = 300;

/** Moments kept per metric. */
export const MOMENTS_PER_METRIC = 3;

/** Window in which the busiest exchange of speaker switches is looked for. */
export const EXCHANGE_WINDOW_MS = 60_000;

/** Builds a link that opens `url` at `startMs`; returns undefined when it cannot. */
export type TimeLink = (url: string, startMs: number) => string | undefined;

/**
 * Adds a W3C Media Fragments time hint (`#t=<seconds>`) to the call URL.
 * NOTE: Gong documents no URL parameter that seeks its call page, so Gong may open the call at
 * its start. Pass another `TimeLink` to `computeCallMetrics` when the player accepts one.
 */
export const mediaFragmentLink: TimeLink = (url, startMs) => {
  if (!URL.canParse(url)) return undefined;

  const link = new URL(url);
  link.hash = `t=${Math.floor(startMs / 1000)}`;

  return link.toString();
};

/** Call fields shared by every moment of one call. */
export interface MomentContext {
  callId: string;
  url?: string | undefined;
  timeLink: TimeLink;
}

/** Collapses whitespace and cuts the text at a word boundary to at most `maxChars`. */
export function excerptOf(text: string, maxChars = EXCERPT_MAX_CHARS): string {
  const collapsed = text.replace(/\s+/g, ' ').trim();
  if (collapsed.length <= maxChars) return collapsed;

  const room = collapsed.slice(0, maxChars - 1);
  const lastSpace = room.lastIndexOf(' ');
  const cut = lastSpace > maxChars / 2 ? room.slice(0, lastSpace) : room;

  return `${cut.trimEnd()}…`;
}

/** Keeps the end of a text, for context before a reply. */
function tailOf(text: string, maxChars: number): string {
  const collapsed = text.replace(/\s+/g, ' ').trim();
  if (collapsed.length <= maxChars) return collapsed;

  const room = collapsed.slice(collapsed.length - maxChars + 1);
  const firstSpace = room.indexOf(' ');
  const cut = firstSpace >= 0 && firstSpace < maxChars / 2 ? room.slice(firstSpace + 1) : room;

  return `…${cut}`;
}

/** Formats milliseconds as seconds, with one decimal below 10 s. */
export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  if (Number.isInteger(seconds) || seconds >= 10) return `${Math.round(seconds)} s`;

  return `${seconds.toFixed(1)} s`;
}

function linkFor(context: MomentContext, startMs: number | undefined): string | undefined {
  if (context.url === undefined) return undefined;
  if (startMs === undefined) return context.url;

  return context.timeLink(context.url, startMs) ?? context.url;
}

function makeMoment(
  context: MomentContext,
  fields: Omit<Moment, 'callId' | 'deepLink' | 'excerpt'> & { text: string },
): Moment {
  const { text, ...rest } = fields;

  return {
    callId: context.callId,
    ...rest,
    excerpt: excerptOf(text),
    deepLink: linkFor(context, fields.startMs),
  };
}

/** Builds one moment per turn, for rep monologues and customer stories. */
export function turnMoments(context: MomentContext, turns: Turn[], kind: MomentKind): Moment[] {
  return turns.map((turn) => {
    const first = turn.sentences[0] as TimedSentence;
    const label = kind === 'customer_story' ? 'Customer story' : 'Rep turn';

    return makeMoment(context, {
      kind,
      startMs: turn.startMs,
      endMs: turn.endMs,
      speaker: first.speakerName,
      role: first.role,
      text: turn.sentences.map((sentence) => sentence.text).join(' '),
      detail: `${label} of ${formatSeconds(turnLength(turn))}`,
      magnitude: turnLength(turn),
    });
  });
}

function dialogueText(sentences: TimedSentence[]): string {
  return sentences.map((sentence) => `${sentence.speakerName}: ${sentence.text}`).join(' / ');
}

/**
 * Returns the busiest exchange (most speaker switches starting within one minute, earliest on
 * a tie) and the longest stretch without a switch, in that order.
 */
export function interactivityMoments(
  context: MomentContext,
  conversation: TimedSentence[],
): Moment[] {
  const moments: Moment[] = [];
  const exchange = busiestExchange(conversation);
  if (exchange !== undefined) moments.push(makeMoment(context, exchange));

  const stretch = longestStretch(conversation);
  if (stretch !== undefined) moments.push(makeMoment(context, stretch));

  return moments;
}

type MomentFields = Parameters<typeof makeMoment>[1];

function busiestExchange(conversation: TimedSentence[]): MomentFields | undefined {
  const switches = findSwitches(conversation);
  let best: { first: number; last: number; count: number } | undefined;

  for (let k = 0; k < switches.length; k++) {
    const windowStart = (conversation[switches[k] as number] as TimedSentence).startMs;
    let last = k;
    while (last + 1 < switches.length) {
      const nextStart = (conversation[switches[last + 1] as number] as TimedSentence).startMs;
      if (nextStart - windowStart >= EXCHANGE_WINDOW_MS) break;
      last++;
    }

    const count = last - k + 1;
    if (best === undefined || count > best.count) best = { first: k, last, count };
  }
  if (best === undefined) return undefined;

  const from = (switches[best.first] as number) - 1;
  const to = switches[best.last] as number;
  const sentences = conversation.slice(from, to + 1);
  const opener = sentences[0] as TimedSentence;
  const windowStart = (conversation[from + 1] as TimedSentence).startMs;
  const lastEnd = Math.max(...sentences.map((sentence) => sentence.endMs));
  const plural = best.count === 1 ? 'switch' : 'switches';

  return {
    kind: 'rapid_exchange',
    startMs: opener.startMs,
    // A long reply after the last switch would stretch the moment, so it stops with the window.
    endMs: Math.min(lastEnd, windowStart + EXCHANGE_WINDOW_MS),
    speaker: opener.speakerName,
    role: opener.role,
    text: dialogueText(sentences),
    detail: `${best.count} speaker ${plural} within one minute`,
    magnitude: best.count,
  };
}

function longestStretch(conversation: TimedSentence[]): MomentFields | undefined {
  let best: TimedSentence[] | undefined;
  let bestLength = -1;
  let run: TimedSentence[] = [];

  const closeRun = (): void => {
    if (run.length === 0) return;
    const length = stretchLength(run);
    if (length > bestLength) {
      best = run;
      bestLength = length;
    }
  };

  for (const sentence of conversation) {
    if (run.length > 0 && (run[0] as TimedSentence).party !== sentence.party) {
      closeRun();
      run = [];
    }
    run.push(sentence);
  }
  closeRun();
  if (best === undefined) return undefined;

  const first = best[0] as TimedSentence;

  return {
    kind: 'long_turn',
    startMs: first.startMs,
    endMs: first.startMs + bestLength,
    speaker: first.speakerName,
    role: first.role,
    text: best.map((sentence) => sentence.text).join(' '),
    detail: `${formatSeconds(bestLength)} without a speaker switch`,
    magnitude: bestLength,
  };
}

function stretchLength(run: TimedSentence[]): number {
  const start = (run[0] as TimedSentence).startMs;
  const end = Math.max(...run.map((sentence) => sentence.endMs));

  return end - start;
}

/**
 * Returns the two longest pauses before a rep reply (longest first), then the reply that
 * overlapped the customer most, if any reply did.
 */
export function patienceMoments(context: MomentContext, pauses: ReplyPause[]): Moment[] {
  const longPauses = pauses
    .filter((pause) => pause.pauseMs > 0)
    .sort((a, b) => b.pauseMs - a.pauseMs || a.customerEndMs - b.customerEndMs)
    .slice(0, 2)
    .map((pause) => pauseMoment(context, pause, 'long_pause'));

  const interruptions = pauses
    .filter((pause) => pause.overlapMs > 0)
    .sort((a, b) => b.overlapMs - a.overlapMs || a.customerEndMs - b.customerEndMs)
    .slice(0, 1)
    .map((pause) => pauseMoment(context, pause, 'interruption'));

  const moments = [...longPauses, ...interruptions];
  if (moments.length > 0) return moments;

  // Every reply came exactly as the customer finished: show the first ones.
  return pauses.slice(0, 2).map((pause) => pauseMoment(context, pause, 'long_pause'));
}

function pauseMoment(context: MomentContext, pause: ReplyPause, kind: MomentKind): Moment {
  const customer = pause.customerSentence;
  const rep = pause.repSentence;
  const detail =
    kind === 'interruption'
      ? `Rep started ${formatSeconds(pause.overlapMs)} before ${customer.speakerName} finished`
      : `${formatSeconds(pause.pauseMs)} pause after ${customer.speakerName} finished`;
  const customerTail = tailOf(customer.text, 100);

  return makeMoment(context, {
    kind,
    startMs: customer.startMs,
    endMs: Math.max(rep.endMs, pause.customerEndMs),
    speaker: rep.speakerName,
    role: rep.role,
    text: `${customer.speakerName}: ${customerTail} / ${rep.speakerName}: ${rep.text}`,
    detail,
    magnitude: kind === 'interruption' ? pause.overlapMs : pause.pauseMs,
  });
}

/** Returns the first, middle and last question, in transcript order. */
export function questionMoments(context: MomentContext, questions: AttributedSentence[]): Moment[] {
  if (questions.length === 0) return [];

  const picks = new Set([0, Math.floor((questions.length - 1) / 2), questions.length - 1]);
  const ordered = [...picks].sort((a, b) => a - b);

  return ordered.map((i) => {
    const question = questions[i] as AttributedSentence;

    return makeMoment(context, {
      kind: 'question',
      startMs: question.startMs,
      endMs: question.endMs,
      speaker: question.speakerName,
      role: question.role,
      text: question.text,
      detail: `Question ${i + 1} of ${questions.length}`,
      magnitude: 1,
    });
  });
}

/** Returns the sentences with the most filler words, most first; ties keep call order. */
export function fillerMoments(
  context: MomentContext,
  counted: { sentence: TimedSentence; fillers: FillerCount }[],
): Moment[] {
  const ranked = counted
    .filter((entry) => entry.fillers.count > 0)
    .sort((a, b) => b.fillers.count - a.fillers.count || a.sentence.startMs - b.sentence.startMs)
    .slice(0, MOMENTS_PER_METRIC);

  return ranked.map(({ sentence, fillers }) => {
    const plural = fillers.count === 1 ? 'filler word' : 'filler words';

    return makeMoment(context, {
      kind: 'filler',
      startMs: sentence.startMs,
      endMs: sentence.endMs,
      speaker: sentence.speakerName,
      role: sentence.role,
      text: sentence.text,
      detail: `${fillers.count} ${plural}: ${fillers.fillers.join(', ')}`,
      magnitude: fillers.count,
    });
  });
}
