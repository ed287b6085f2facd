import { createHash } from 'node:crypto';
import type { Interaction, Participant, Segment } from '../model.js';

/** A searchable piece of an interaction, small enough to embed and to quote. */
export interface Passage {
  ordinal: number;
  text: string;
  speaker?: Participant | undefined;
  startMs?: number | undefined;
  endMs?: number | undefined;
  at?: Date | undefined;
  deepLink?: string | undefined;
  segmentSourceId?: string | undefined;
  contentHash: string;
}

/** Upper bound of a passage in characters: about 300 tokens, well inside embedding limits. */
export const MAX_PASSAGE_CHARS = 1200;
/** Notes and threads are packed up to this size before a new passage starts. */
const TARGET_PASSAGE_CHARS = 900;

/**
 * Cut an interaction into passages: speaker turns for calls (with start and end ms), windows
 * of consecutive messages for Slack threads, paragraphs for notes, tasks and e-mails. Every
 * passage keeps the speaker, time and link of its first segment, so it can be cited alone.
 */
export function chunkInteraction(interaction: Interaction): Passage[] {
  const segments = interaction.segments.filter((segment) => segment.text.trim() !== '');
  const groups =
    interaction.kind === 'call' && interaction.sourceSystem === 'gong'
      ? speakerTurns(segments)
      : interaction.sourceSystem === 'slack'
        ? messageWindows(segments)
        : paragraphs(segments, interaction.title);

  return groups.map((group, ordinal) => ({ ...group, ordinal, contentHash: hashText(group.text) }));
}

type Draft = Omit<Passage, 'ordinal' | 'contentHash'>;

function speakerTurns(segments: Segment[]): Draft[] {
  const turns: Draft[] = [];
  let current: Draft | undefined;

  for (const segment of segments) {
    const sameSpeaker =
      current !== undefined && speakerKey(current.speaker) === speakerKey(segment.speaker);
    const fits =
      current !== undefined && current.text.length + segment.text.length < MAX_PASSAGE_CHARS;
    if (current !== undefined && sameSpeaker && fits) {
      current.text += ` ${segment.text.trim()}`;
      current.endMs = maxDefined(current.endMs, segment.endMs);
      continue;
    }
    if (current !== undefined) turns.push(current);
    current = fromSegment(segment, segment.text.trim());
  }
  if (current !== undefined) turns.push(current);

  return turns.flatMap(splitLong);
}

function messageWindows(segments: Segment[]): Draft[] {
  const windows: Draft[] = [];
  let current: Draft | undefined;

  for (const segment of segments) {
    const line = `${segment.speaker?.name ?? 'Unknown'}: ${segment.text.trim()}`;
    if (current !== undefined && current.text.length + line.length + 1 <= TARGET_PASSAGE_CHARS) {
      current.text += `\n${line}`;
      continue;
    }
    if (current !== undefined) windows.push(current);
    current = fromSegment(segment, line);
  }
  if (current !== undefined) windows.push(current);

  return windows.flatMap(splitLong);
}

function paragraphs(segments: Segment[], title: string | undefined): Draft[] {
  const pieces: Draft[] = [];
  let current: Draft | undefined;

  const parts = segments.flatMap((segment) =>
    segment.text
      .split(/\n\s*\n/)
      .map((text) => text.trim())
      .filter((text) => text !== '')
      .map((text) => ({ segment, text })),
  );
  for (const { segment, text } of parts) {
    if (current !== undefined && current.text.length + text.length + 2 <= TARGET_PASSAGE_CHARS) {
      current.text += `\n\n${text}`;
      continue;
    }
    if (current !== undefined) pieces.push(current);
    current = fromSegment(segment, text);
  }
  if (current !== undefined) pieces.push(current);

  // The title is often the only place a note names its topic, so the first passage carries it.
  const first = pieces[0];
  if (first !== undefined && title !== undefined && !first.text.startsWith(title.trim())) {
    first.text = `${title.trim()}\n\n${first.text}`;
  }

  return pieces.flatMap(splitLong);
}

function fromSegment(segment: Segment, text: string): Draft {
  return {
    text,
    speaker: segment.speaker,
    startMs: segment.startMs,
    endMs: segment.endMs,
    at: segment.at,
    deepLink: segment.deepLink,
    segmentSourceId: segment.sourceId,
  };
}

/** Split an oversized draft at sentence ends, keeping its citation fields on every piece. */
function splitLong(draft: Draft): Draft[] {
  if (draft.text.length <= MAX_PASSAGE_CHARS) return [draft];

  const sentences = draft.text.match(/[^.!?\n]+[.!?]*\s*|\n+/g) ?? [draft.text];
  const pieces: Draft[] = [];
  let text = '';
  for (const sentence of sentences) {
    if (text.length + sentence.length > MAX_PASSAGE_CHARS && text.trim() !== '') {
      pieces.push({ ...draft, text: text.trim() });
      text = '';
    }
    // A single sentence longer than the limit is cut at the limit.
    for (let rest = sentence; rest.length > 0; rest = rest.slice(MAX_PASSAGE_CHARS)) {
      text += rest.slice(0, MAX_PASSAGE_CHARS);
      if (text.length >= MAX_PASSAGE_CHARS) {
        pieces.push({ ...draft, text: text.trim() });
        text = '';
      }
    }
  }
  if (text.trim() !== '') pieces.push({ ...draft, text: text.trim() });

  return pieces;
}

function speakerKey(speaker: Participant | undefined): string {
  if (speaker === undefined) return '';
  if (speaker.ref !== undefined) return `${speaker.ref.sourceSystem}:${speaker.ref.sourceId}`;

  return speaker.email ?? speaker.name ?? '';
}

function maxDefined(a: number | undefined, b: number | undefined): number | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;

  return Math.max(a, b);
}

export function hashText(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}
