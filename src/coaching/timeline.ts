/**
 * Turns a transcript into a timeline of attributed sentences, and derives turns, speaker
 * switches, pauses and speaking time from it. All times are milliseconds from call start.
 */

import type { CallInput, SpeakerRole } from './types.js';

/** A gap of this length or more between two sentences of one speaker ends a turn. */
export const TURN_GAP_MS = 1000;

/** A sentence shorter than this, between two sentences of another speaker, is a backchannel. */
export const BACKCHANNEL_MAX_MS = 1000;

/** Party key shared by all of the rep's speaker ids, so they count as one speaker. */
export const REP_PARTY = 'rep';

/** Party key of sentences that have no speaker id. */
export const UNATTRIBUTED_PARTY = 'unattributed';

/** A transcript sentence with its speaker resolved. */
export interface AttributedSentence {
  /** Position in the input transcript. */
  index: number;
  speakerId?: string | undefined;
  /** The rep's speaker ids share one party; every other speaker id is its own party. */
  party: string;
  role: SpeakerRole;
  speakerName: string;
  text: string;
  startMs?: number | undefined;
  endMs?: number | undefined;
}

export interface TimedSentence extends AttributedSentence {
  startMs: number;
  endMs: number;
}

/** A run of one role's sentences, merged by the rules in `buildTurns`. */
export interface Turn {
  startMs: number;
  endMs: number;
  sentences: TimedSentence[];
}

/** A customer-to-rep hand-over. `pauseMs` is 0 when the rep started before the customer ended. */
export interface ReplyPause {
  pauseMs: number;
  /** How far the rep's start overlapped the customer's speech; 0 when it did not. */
  overlapMs: number;
  customerEndMs: number;
  customerSentence: TimedSentence;
  repSentence: TimedSentence;
}

export interface CallTimeline {
  /** Every sentence in input order. */
  sentences: AttributedSentence[];
  /** Timed sentences ordered by start, then end, then input order. */
  timed: TimedSentence[];
  /** `timed` without backchannels: the sequence that turns, switches and pauses read. */
  conversation: TimedSentence[];
  backchannels: TimedSentence[];
}

/** Resolves every sentence's speaker and orders the timed ones. */
export function buildTimeline(call: CallInput): CallTimeline {
  const repIds = new Set(call.repSpeakerIds);
  const speakers = new Map(call.speakers.map((speaker) => [speaker.speakerId, speaker]));

  const sentences = call.sentences.map((sentence, index): AttributedSentence => {
    const speakerId = sentence.speakerId;
    const speaker = speakerId === undefined ? undefined : speakers.get(speakerId);
    const role = resolveRole(speakerId, repIds, speaker?.side);

    return {
      index,
      speakerId,
      party: partyOf(speakerId, role),
      role,
      speakerName: speaker?.name ?? speakerId ?? 'unknown speaker',
      text: sentence.text,
      startMs: sentence.startMs,
      endMs: sentence.endMs,
    };
  });

  const timed = sentences.filter(isTimed).sort(compareTimed);
  const backchannels = findBackchannels(timed);
  const conversation = timed.filter((sentence) => !backchannels.has(sentence));

  return { sentences, timed, conversation, backchannels: [...backchannels] };
}

function resolveRole(
  speakerId: string | undefined,
  repIds: Set<string>,
  side: string | undefined,
): SpeakerRole {
  if (speakerId === undefined) return 'unknown';
  if (repIds.has(speakerId)) return 'rep';
  if (side === 'external') return 'customer';
  if (side === 'internal') return 'colleague';

  return 'unknown';
}

function partyOf(speakerId: string | undefined, role: SpeakerRole): string {
  if (role === 'rep') return REP_PARTY;
  if (speakerId === undefined) return UNATTRIBUTED_PARTY;

  return `speaker:${speakerId}`;
}

/** Checks that a sentence has finite start and end times and does not end before it starts. */
export function isTimed(sentence: AttributedSentence): sentence is TimedSentence {
  const { startMs, endMs } = sentence;
  if (typeof startMs !== 'number' || typeof endMs !== 'number') return false;
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs)) return false;

  return endMs >= startMs;
}

function compareTimed(a: TimedSentence, b: TimedSentence): number {
  return a.startMs - b.startMs || a.endMs - b.endMs || a.index - b.index;
}

function durationOf(sentence: TimedSentence): number {
  return sentence.endMs - sentence.startMs;
}

/**
 * Finds listener sounds such as "mm-hm": a sentence shorter than 1 s whose neighbours in start
 * order both belong to one other party, which resumes less than 1 s after it last spoke.
 */
function findBackchannels(timed: TimedSentence[]): Set<TimedSentence> {
  const found = new Set<TimedSentence>();

  for (let i = 1; i < timed.length - 1; i++) {
    const previous = timed[i - 1] as TimedSentence;
    const sentence = timed[i] as TimedSentence;
    const next = timed[i + 1] as TimedSentence;

    const short = durationOf(sentence) < BACKCHANNEL_MAX_MS;
    const sandwiched = previous.party === next.party && previous.party !== sentence.party;
    const resumed = next.startMs - previous.endMs < TURN_GAP_MS;
    if (short && sandwiched && resumed) found.add(sentence);
  }

  return found;
}

/**
 * Merges the sentences that match `belongs` into turns. A sentence extends the open turn when
 * it starts less than 1 s after the turn's end. Any other sentence in between closes the turn,
 * so backchannels must be removed from `conversation` first.
 */
export function buildTurns(
  conversation: TimedSentence[],
  belongs: (sentence: TimedSentence) => boolean,
): Turn[] {
  const turns: Turn[] = [];
  let open: Turn | undefined;

  for (const sentence of conversation) {
    if (!belongs(sentence)) {
      open = undefined;
      continue;
    }

    if (open !== undefined && sentence.startMs - open.endMs < TURN_GAP_MS) {
      open.endMs = Math.max(open.endMs, sentence.endMs);
      open.sentences.push(sentence);
      continue;
    }

    open = { startMs: sentence.startMs, endMs: sentence.endMs, sentences: [sentence] };
    turns.push(open);
  }

  return turns;
}

export function turnLength(turn: Turn): number {
  return turn.endMs - turn.startMs;
}

/** Orders turns longest first; equal lengths keep call order. */
export function rankTurns(turns: Turn[]): Turn[] {
  return [...turns].sort((a, b) => turnLength(b) - turnLength(a) || a.startMs - b.startMs);
}

/** Indexes into `conversation` of each sentence whose party differs from the previous one. */
export function findSwitches(conversation: TimedSentence[]): number[] {
  const switches: number[] = [];

  for (let i = 1; i < conversation.length; i++) {
    const previous = conversation[i - 1] as TimedSentence;
    const sentence = conversation[i] as TimedSentence;
    if (sentence.party !== previous.party) switches.push(i);
  }

  return switches;
}

/**
 * Finds every point where the rep speaks right after the customer side. Consecutive sentences
 * of one role form a run, and the pause is measured from the latest end in the customer run.
 */
export function findReplyPauses(conversation: TimedSentence[]): ReplyPause[] {
  const pauses: ReplyPause[] = [];
  let runRole: SpeakerRole | undefined;
  let runEndMs = 0;
  let runLast: TimedSentence | undefined;

  for (const sentence of conversation) {
    if (sentence.role === 'rep' && runRole === 'customer' && runLast !== undefined) {
      const gap = sentence.startMs - runEndMs;
      pauses.push({
        pauseMs: Math.max(0, gap),
        overlapMs: Math.max(0, -gap),
        customerEndMs: runEndMs,
        customerSentence: runLast,
        repSentence: sentence,
      });
    }

    if (sentence.role === runRole) {
      runEndMs = Math.max(runEndMs, sentence.endMs);
    } else {
      runRole = sentence.role;
      runEndMs = sentence.endMs;
    }
    runLast = sentence;
  }

  return pauses;
}

/** Length of the union of the sentences' intervals, so overlapping speech counts once. */
export function unionLength(sentences: TimedSentence[]): number {
  const ordered = [...sentences].sort(compareTimed);
  let total = 0;
  let coverStart = Number.NaN;
  let coverEnd = Number.NaN;

  for (const sentence of ordered) {
    if (Number.isNaN(coverEnd) || sentence.startMs > coverEnd) {
      if (!Number.isNaN(coverEnd)) total += coverEnd - coverStart;
      coverStart = sentence.startMs;
      coverEnd = sentence.endMs;
      continue;
    }
    coverEnd = Math.max(coverEnd, sentence.endMs);
  }
  if (!Number.isNaN(coverEnd)) total += coverEnd - coverStart;

  return total;
}

/** Speaking time per party, each party's overlapping sentences counted once. */
export function speakingTimeByParty(timed: TimedSentence[]): Map<string, number> {
  const byParty = new Map<string, TimedSentence[]>();
  for (const sentence of timed) {
    const list = byParty.get(sentence.party) ?? [];
    list.push(sentence);
    byParty.set(sentence.party, list);
  }

  const times = new Map<string, number>();
  for (const [party, list] of byParty) times.set(party, unionLength(list));

  return times;
}

/** First start to last end of the timed sentences, or 0 when there are none. */
export function speechSpan(timed: TimedSentence[]): number {
  if (timed.length === 0) return 0;

  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (const sentence of timed) {
    first = Math.min(first, sentence.startMs);
    last = Math.max(last, sentence.endMs);
  }

  return last - first;
}
