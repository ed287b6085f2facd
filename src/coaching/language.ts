/**
 * Question and filler-word detection on single transcript sentences. Both are rule-based so a
 * result can be explained word by word; docs/coaching-metrics.md lists the rules and their
 * known misses.
 */

const WH_WORDS = new Set(['what', 'when', 'where', 'which', 'who', 'whom', 'whose', 'why', 'how']);

/**
 * Wh-words that can be the subject ("who signs off", "which team owns it"). Followed by a
 * subject word instead ("what we found"), they open a statement.
 */
const SUBJECT_WH_WORDS = new Set(['who', 'what', 'which', 'whose']);

const WH_CONTRACTIONS = new Set([
  "what's",
  "what're",
  "where's",
  "when's",
  "who's",
  "why's",
  "how's",
  "how're",
]);

/** Two-word openings that make a question without an auxiliary ("how about Tuesday"). */
const WH_PHRASES = new Set([
  'how about',
  'how many',
  'how much',
  'how long',
  'how often',
  'how soon',
  'what about',
  'why not',
  'which one',
]);

const AUXILIARIES = new Set([
  'am',
  'is',
  'are',
  'was',
  'were',
  'do',
  'does',
  'did',
  'have',
  'has',
  'had',
  'can',
  'could',
  'will',
  'would',
  'shall',
  'should',
  'may',
  'might',
  'must',
  "isn't",
  "aren't",
  "wasn't",
  "weren't",
  "don't",
  "doesn't",
  "didn't",
  "haven't",
  "hasn't",
  "hadn't",
  "can't",
  "couldn't",
  "won't",
  "wouldn't",
  "shouldn't",
]);

/** Words that can open the subject after an inverted auxiliary ("do *you*", "is *the* ..."). */
const SUBJECT_STARTS = new Set([
  'i',
  'you',
  'we',
  'they',
  'he',
  'she',
  'it',
  'there',
  'this',
  'that',
  'these',
  'those',
  'the',
  'a',
  'an',
  'your',
  'our',
  'their',
  'his',
  'her',
  'its',
  'my',
  'any',
  'anyone',
  'anybody',
  'anything',
  'someone',
  'somebody',
  'something',
  'everyone',
  'everything',
  'people',
]);

/** Discourse words skipped before the question form is checked ("so, what do you ..."). */
const LEAD_INS = new Set([
  'so',
  'and',
  'but',
  'okay',
  'ok',
  'well',
  'um',
  'uh',
  'now',
  'alright',
  'also',
  'then',
  'oh',
]);

/** Tags that turn a statement into a check for agreement ("we ship Tuesday, right?"). */
const QUESTION_TAG = /(?:^|[,;:])\s*(?:right|you know|yeah|okay|ok|eh)\s*\?+\s*$/i;

/** Filler words counted wherever they occur. */
const ALWAYS_FILLERS = new Set([
  'um',
  'umm',
  'uhm',
  'uh',
  'uhh',
  'er',
  'erm',
  'basically',
  'actually',
  'literally',
]);

/** Words that make "kind of" / "sort of" a noun phrase ("what kind of tool") and not a hedge. */
const KIND_OF_DETERMINERS = new Set([
  'a',
  'the',
  'what',
  "what's",
  'which',
  'this',
  'that',
  'these',
  'those',
  'any',
  'some',
  'every',
  'each',
  'one',
  'another',
  'all',
  'no',
  'same',
  'other',
  'right',
  'different',
  'new',
  'certain',
  'your',
  'our',
  'their',
  'my',
  'his',
  'her',
  'its',
]);

/** Words (letters, digits, apostrophes, inner hyphens) and clause punctuation, lower-cased. */
export function tokenize(text: string): string[] {
  const normalized = text.toLowerCase().replace(/[\u2018\u2019]/g, "'");

  return normalized.match(/[a-z0-9']+(?:-[a-z0-9']+)*|[,;:.!?]/g) ?? [];
}

function isPunctuation(token: string | undefined): boolean {
  return token !== undefined && /^[,;:.!?]$/.test(token);
}

function wordsOf(text: string): string[] {
  return tokenize(text).filter((token) => !isPunctuation(token));
}

/**
 * Returns true when the words have question form: a wh-word followed by an auxiliary
 * ("what do you use"), a wh-contraction ("what's the plan"), a wh-phrase ("how about"), a
 * subject wh-word followed by a non-subject word ("who signs off"), or an auxiliary followed
 * by a subject ("do you have", "is there"). Lead-in words are skipped first.
 */
export function hasQuestionForm(text: string): boolean {
  const words = wordsOf(text);
  let start = 0;
  while (start < words.length && LEAD_INS.has(words[start] as string)) start++;

  const first = words[start];
  const second = words[start + 1];
  if (first === undefined) return false;
  if (WH_CONTRACTIONS.has(first)) return true;
  if (second === undefined) return false;

  if (SUBJECT_WH_WORDS.has(first) && !SUBJECT_STARTS.has(second)) return true;
  if (WH_WORDS.has(first)) return AUXILIARIES.has(second) || WH_PHRASES.has(`${first} ${second}`);

  return AUXILIARIES.has(first) && SUBJECT_STARTS.has(second);
}

/**
 * Decides whether a sentence is a question. A sentence ending in "?" is one, unless the "?"
 * only closes a tag ("..., right?") on a statement. A sentence without "?" is one when it has
 * question form, because transcription often drops the question mark.
 */
export function isQuestion(text: string): boolean {
  const trimmed = text.trim();
  if (!trimmed.endsWith('?')) return hasQuestionForm(trimmed);

  const tag = QUESTION_TAG.exec(trimmed);
  if (tag === null) return true;

  return hasQuestionForm(trimmed.slice(0, tag.index));
}

export interface FillerCount {
  count: number;
  /** Each filler found, in order, in its canonical form ("you know", "right?"). */
  fillers: string[];
}

/**
 * Counts filler words in one sentence. "um", "uh", "erm", "basically", "actually" and
 * "literally" always count. "you know" and "I mean" count as a clause of their own (between
 * punctuation or the sentence's ends). "like" counts when set off by a comma after it.
 * "kind of" and "sort of" count unless a determiner precedes them. "right?" counts as a tag.
 */
export function countFillers(text: string): FillerCount {
  const tokens = tokenize(text);
  const fillers: string[] = [];

  for (let i = 0; i < tokens.length; i++) {
    const filler = fillerAt(tokens, i);
    if (filler !== undefined) fillers.push(filler);
  }

  return { count: fillers.length, fillers };
}

function fillerAt(tokens: string[], i: number): string | undefined {
  const token = tokens[i] as string;
  const previous = tokens[i - 1];
  const next = tokens[i + 1];
  const clauseStart = i === 0 || isPunctuation(previous);

  if (ALWAYS_FILLERS.has(token)) return token;

  if ((token === 'you' && next === 'know') || (token === 'i' && next === 'mean')) {
    const after = tokens[i + 2];
    const clauseEnd = after === undefined || isPunctuation(after);
    return clauseStart && clauseEnd ? `${token} ${next}` : undefined;
  }

  if (token === 'like') return clauseStart && next === ',' ? 'like' : undefined;

  if ((token === 'kind' || token === 'sort') && next === 'of') {
    const determined = previous !== undefined && KIND_OF_DETERMINERS.has(previous);
    return determined ? undefined : `${token} of`;
  }

  const lastTwo = i === tokens.length - 2;
  if (token === 'right' && next === '?' && lastTwo && clauseStart) return 'right?';

  return undefined;
}
