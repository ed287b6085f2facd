/**
 * Conversion of Slack `mrkdwn` message text to plain text.
 *
 * Slack escapes `&`, `<` and `>` in message text as HTML entities and writes every mention and
 * link as an angle-bracket token: `<@U123>`, `<#C123|general>`, `<!here>`, `<!subteam^S1|@team>`,
 * `<https://example.com|label>`. See https://api.slack.com/reference/surfaces/formatting.
 */

/** Lookups from Slack ids to display names. */
export interface MrkdwnResolver {
  /** Name for a user id (`U…` or `W…`), or undefined when unknown. */
  userName(userId: string): string | undefined;
  /** Name for a channel id without the `#`, or undefined when unknown. */
  channelName(channelId: string): string | undefined;
}

const TOKEN_PATTERN = /<([^<>\n]*)>/g;
const USER_MENTION_PATTERN = /<@([UW][A-Z0-9]+)(?:\|[^<>]*)?>/g;
const ENTITY_PATTERN = /&(amp|lt|gt);/g;
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>' };

/**
 * Emphasis markers around a run of text, kept only when they sit between word boundaries, so
 * `snake_case_names`, URLs and `2*3*4` keep their characters.
 */
const EMPHASIS_PATTERNS = [
  /(^|[\s([{"'])\*([^*\s](?:[^*\n]*[^*\s])?)\*(?=$|[\s.,;:!?)\]}"'])/g,
  /(^|[\s([{"'])_([^_\s](?:[^_\n]*[^_\s])?)_(?=$|[\s.,;:!?)\]}"'])/g,
  /(^|[\s([{"'])~([^~\s](?:[^~\n]*[^~\s])?)~(?=$|[\s.,;:!?)\]}"'])/g,
];

/** Decodes the three HTML entities Slack uses to escape control characters in message text. */
export function decodeSlackEntities(text: string): string {
  return text.replace(ENTITY_PATTERN, (_match, name: string) => ENTITIES[name] ?? '');
}

/**
 * Converts Slack mrkdwn to plain text: mentions become `@Name` and `#channel`, links become
 * `label (url)`, entities are decoded and simple `*bold*`, `_italic_` and `~strike~` markers are
 * dropped. Code spans and block quotes keep their characters.
 */
export function mrkdwnToText(text: string, resolver: MrkdwnResolver): string {
  let output = '';
  let last = 0;

  for (const match of text.matchAll(TOKEN_PATTERN)) {
    output += decodeSlackEntities(text.slice(last, match.index));
    output += renderToken(match[1] ?? '', resolver);
    last = match.index + match[0].length;
  }
  output += decodeSlackEntities(text.slice(last));

  return stripEmphasis(output).trim();
}

/** User ids mentioned with `<@U…>` tokens, in first-seen order without repeats. */
export function mentionedUserIds(text: string): string[] {
  const ids = new Set<string>();
  for (const match of text.matchAll(USER_MENTION_PATTERN)) {
    if (match[1] !== undefined) ids.add(match[1]);
  }

  return [...ids];
}

function renderToken(body: string, resolver: MrkdwnResolver): string {
  const bar = body.indexOf('|');
  const target = bar < 0 ? body : body.slice(0, bar);
  const label = bar < 0 ? undefined : decodeSlackEntities(body.slice(bar + 1)).trim() || undefined;

  if (target.startsWith('@')) return renderUserMention(target.slice(1), label, resolver);
  if (target.startsWith('#')) return renderChannelMention(target.slice(1), label, resolver);
  if (target.startsWith('!')) return renderSpecialMention(target.slice(1), label);

  return renderLink(decodeSlackEntities(target), label);
}

function renderUserMention(
  userId: string,
  label: string | undefined,
  resolver: MrkdwnResolver,
): string {
  const name = label ?? resolver.userName(userId) ?? userId;

  return name.startsWith('@') ? name : `@${name}`;
}

function renderChannelMention(
  channelId: string,
  label: string | undefined,
  resolver: MrkdwnResolver,
): string {
  const name = label ?? resolver.channelName(channelId) ?? channelId;

  return name.startsWith('#') ? name : `#${name}`;
}

/** `<!here>`, `<!channel>`, `<!everyone>`, `<!subteam^S1|@team>` and `<!date^…|fallback>`. */
function renderSpecialMention(command: string, label: string | undefined): string {
  const [name = '', argument] = command.split('^');

  if (name === 'here' || name === 'channel' || name === 'everyone') return `@${name}`;
  if (name === 'subteam') {
    const team = label ?? argument ?? 'subteam';
    return team.startsWith('@') ? team : `@${team}`;
  }

  return label ?? name;
}

function renderLink(url: string, label: string | undefined): string {
  if (label === undefined) return url.replace(/^mailto:/, '');

  const bareUrl = url.replace(/^(https?:\/\/|mailto:)/, '').replace(/\/$/, '');
  if (label === url || label === bareUrl) return label;

  return `${label} (${url})`;
}

function stripEmphasis(text: string): string {
  let output = text;
  for (const pattern of EMPHASIS_PATTERNS) {
    output = output.replace(pattern, '$1$2');
  }

  return output;
}
