/**
 * Slack source adapter: the `users`, `channels`, `channel_messages` and `threads` streams of the
 * Airbyte Slack connector. Messages are Slack message objects plus the connector's `channel_id`
 * and `float_ts`. Slack exports contain the same message objects.
 *
 * Every message of a thread shares the interaction key `slack:<channel>:<thread_ts>`, and a message
 * without replies is a thread of one. A thread parent arrives in both message streams under one
 * record key, and `build` de-duplicates by `ts` as well.
 */
import {
  type BuildContext,
  type Interaction,
  type NormalizedRecord,
  NormalizeError,
  type Participant,
  type PersonObservation,
  type Segment,
  type SourceAdapter,
  type StagedRecord,
} from '../model.js';
import { arr, normalizeEmails, obj, parseDate, requireId, str } from './common.js';
import { type MrkdwnResolver, mentionedUserIds, mrkdwnToText } from './slack-mrkdwn.js';

type Data = Record<string, unknown>;

const THREAD_KEY_PATTERN = /^slack:([^:]+):(\d+(?:\.\d+)?)$/;
const TS_PATTERN = /^\d+(\.\d+)?$/;

/** Slack's built-in bot, which `users.list` returns with `is_bot: false`. */
const SLACKBOT_ID = 'USLACKBOT';

/** Subtypes of system messages about the channel or thread, not conversation. Build skips them. */
const SKIPPED_SUBTYPES = new Set([
  'channel_join',
  'channel_leave',
  'channel_topic',
  'channel_purpose',
  'channel_name',
  'channel_archive',
  'channel_unarchive',
  'group_join',
  'group_leave',
  'group_topic',
  'group_purpose',
  'group_name',
  'group_archive',
  'group_unarchive',
  'bot_add',
  'bot_remove',
  'pinned_item',
  'unpinned_item',
  'tombstone',
  'message_replied',
  'message_changed',
  'message_deleted',
]);

/** Interaction key of a Slack thread. */
export function slackThreadKey(channelId: string, threadTs: string): string {
  return `slack:${channelId}:${threadTs}`;
}

/**
 * Link to one message. With a workspace URL this is the message's permalink form; without one,
 * Slack's `app_redirect` opens the channel.
 */
export function slackMessageLink(
  context: Pick<BuildContext, 'slackWorkspaceUrl'>,
  channelId: string,
  ts: string,
  threadTs: string,
): string {
  const workspace = str(context.slackWorkspaceUrl)?.replace(/\/+$/, '');
  if (workspace === undefined) {
    // NOTE: app_redirect documents only `channel`, `team` and `app`, so clients may ignore
    // `message_ts` and open the channel at its latest message.
    return `https://slack.com/app_redirect?channel=${channelId}&message_ts=${ts}`;
  }

  const base = /^https?:\/\//.test(workspace) ? workspace : `https://${workspace}`;
  const link = `${base}/archives/${channelId}/p${ts.replace('.', '')}`;

  return ts === threadTs ? link : `${link}?thread_ts=${threadTs}&cid=${channelId}`;
}

function isGuest(user: Data): boolean {
  return (
    user.is_restricted === true || user.is_ultra_restricted === true || user.is_stranger === true
  );
}

function isBotMessage(message: Data): boolean {
  return (
    str(message.subtype) === 'bot_message' ||
    (str(message.user) === undefined && str(message.bot_id) !== undefined)
  );
}

/** Parses `updated`, where 0 means that no change time is known. */
function updatedTime(value: unknown): Date | undefined {
  return value === 0 || value === '0' ? undefined : parseDate(value);
}

// ---------------------------------------------------------------------------------------------
// normalize

function normalizeUser(data: Data, emittedAt: Date | undefined): NormalizedRecord {
  const id = requireId(data, 'id', 'users');
  const record = { recordKey: id, updatedAt: updatedTime(data.updated) ?? emittedAt, data };
  if (data.is_bot === true || id === SLACKBOT_ID) return { ...record, observations: [] };

  const profile = obj(data.profile) ?? {};
  const person: PersonObservation = {
    type: 'person',
    sourceSystem: 'slack',
    sourceId: id,
    objectType: 'user',
    name: str(profile.real_name) ?? str(data.real_name) ?? str(data.name),
    firstName: str(profile.first_name),
    lastName: str(profile.last_name),
    // `profile.email` is present only when the token has the users:read.email scope.
    emails: normalizeEmails([profile.email]),
    title: str(profile.title),
    phone: str(profile.phone),
    internal: !isGuest(data),
    linkedIds: [],
    observedAt: updatedTime(data.updated),
  };

  return { ...record, observations: [person] };
}

function normalizeChannel(data: Data, emittedAt: Date | undefined): NormalizedRecord {
  const id = requireId(data, 'id', 'channels');

  return {
    recordKey: id,
    updatedAt: updatedTime(data.updated) ?? emittedAt,
    observations: [],
    data,
  };
}

function requireTs(data: Data, stream: string): string {
  const ts = requireId(data, 'ts', stream);
  if (!TS_PATTERN.test(ts)) {
    throw new NormalizeError(
      `${stream} record has an invalid "ts": ${JSON.stringify(ts)}; ` +
        'expected Slack epoch seconds such as "1675092593.431309"',
      'ts',
    );
  }

  return ts;
}

/**
 * `ts` of the thread parent. An edit event names its message under `message`, and a deletion
 * names the deleted message in `deleted_ts` and `previous_message`.
 */
function threadTsOf(data: Data, ts: string): string {
  const subtype = str(data.subtype);
  if (subtype === 'message_changed') {
    const edited = obj(data.message);
    return str(edited?.thread_ts) ?? str(edited?.ts) ?? ts;
  }
  if (subtype === 'message_deleted') {
    const previous = obj(data.previous_message);
    return str(data.thread_ts) ?? str(previous?.thread_ts) ?? str(data.deleted_ts) ?? ts;
  }

  return str(data.thread_ts) ?? ts;
}

/** Latest of the message's own time, its last edit and its last reply. */
function messageUpdatedAt(data: Data): Date | undefined {
  const times = [data.ts, obj(data.edited)?.ts, data.latest_reply]
    .map((value) => parseDate(value))
    .filter((date): date is Date => date !== undefined);
  if (times.length === 0) return undefined;

  return new Date(Math.max(...times.map((date) => date.getTime())));
}

function messageNormalizer(stream: string) {
  return (data: Data, emittedAt: Date | undefined): NormalizedRecord => {
    const channelId = requireId(data, 'channel_id', stream);
    const ts = requireTs(data, stream);

    // The exported `user_profile` is not observed, because the pipeline keeps one observation
    // per user id and this one, without e-mail or title, would replace the users-stream one.
    // Build still reads names from it.
    return {
      recordKey: `${channelId}:${ts}`,
      interactionKey: slackThreadKey(channelId, threadTsOf(data, ts)),
      updatedAt: messageUpdatedAt(data) ?? emittedAt,
      observations: [],
      data,
    };
  };
}

// ---------------------------------------------------------------------------------------------
// build

/** Message text, or the text of its attachments when a bot posted only attachments. */
function rawMessageText(message: Data): string | undefined {
  const text = str(message.text);
  if (text !== undefined) return text;

  const parts = arr(message.attachments).flatMap((item) => {
    const attachment = obj(item);
    const body = str(attachment?.text) ?? str(attachment?.fallback);
    return [str(attachment?.pretext), body].filter((part): part is string => part !== undefined);
  });

  return parts.length > 0 ? parts.join('\n') : undefined;
}

function compareTs(a: string, b: string): number {
  const [aSeconds = '0', aFraction = ''] = a.split('.');
  const [bSeconds = '0', bFraction = ''] = b.split('.');
  const bySeconds = Number(aSeconds) - Number(bSeconds);
  if (bySeconds !== 0) return bySeconds;

  return Number(`0.${aFraction || '0'}`) - Number(`0.${bFraction || '0'}`);
}

function editTs(message: Data | undefined): string {
  return str(obj(message?.edited)?.ts) ?? '0';
}

interface ThreadMessage {
  stream: string;
  data: Data;
}

/**
 * Collects the thread's messages by `ts`, with edits and deletions applied. Of two copies of one message
 * the later-edited wins. Edit and delete events apply in their own `ts` order, and an edit older
 * than the stored copy's last edit is ignored, so arrival order does not matter.
 */
function currentMessages(records: StagedRecord[]): Map<string, ThreadMessage> {
  const messages = new Map<string, ThreadMessage>();
  const events: StagedRecord[] = [];

  for (const record of records) {
    const subtype = str(record.data.subtype);
    if (subtype === 'message_changed' || subtype === 'message_deleted') {
      events.push(record);
      continue;
    }

    const ts = str(record.data.ts);
    if (ts === undefined) continue;

    const stored = messages.get(ts);
    if (stored === undefined || compareTs(editTs(record.data), editTs(stored.data)) >= 0) {
      messages.set(ts, { stream: record.stream, data: record.data });
    }
  }

  events.sort((a, b) => compareTs(str(a.data.ts) ?? '0', str(b.data.ts) ?? '0'));
  applyEvents(messages, events);

  return messages;
}

function applyEvents(messages: Map<string, ThreadMessage>, events: StagedRecord[]): void {
  const deleted = new Set<string>();

  for (const event of events) {
    if (str(event.data.subtype) === 'message_deleted') {
      const deletedTs = str(event.data.deleted_ts) ?? str(obj(event.data.previous_message)?.ts);
      if (deletedTs !== undefined) {
        deleted.add(deletedTs);
        messages.delete(deletedTs);
      }
      continue;
    }

    const edited = obj(event.data.message);
    const ts = str(edited?.ts);
    if (edited === undefined || ts === undefined || deleted.has(ts)) continue;

    const stored = messages.get(ts);
    const editedAt = str(obj(edited.edited)?.ts) ?? str(event.data.ts) ?? '0';
    if (stored !== undefined && compareTs(editedAt, editTs(stored.data)) < 0) continue;

    messages.set(ts, { stream: event.stream, data: { ...stored?.data, ...edited } });
  }
}

/** Authors and mentioned users of one thread, one Participant object per person. */
class ThreadPeople {
  private readonly authors = new Map<string, Participant>();
  private readonly mentioned = new Map<string, Participant>();
  private readonly profileNames = new Map<string, string>();

  constructor(private readonly context: BuildContext) {}

  /** Stores author names from exported `user_profile`s, for users the build context cannot name. */
  learnProfile(message: Data): void {
    const userId = str(message.user);
    const profile = obj(message.user_profile);
    const name = str(profile?.real_name) ?? str(profile?.display_name);
    if (userId !== undefined && name !== undefined) this.profileNames.set(userId, name);
  }

  userName(userId: string): string | undefined {
    return this.context.userName('slack', userId) ?? this.profileNames.get(userId);
  }

  author(message: Data): Participant | undefined {
    if (isBotMessage(message)) return this.botAuthor(message);

    const userId = str(message.user);
    if (userId === undefined) return undefined;

    const key = `user:${userId}`;
    const known = this.authors.get(key);
    if (known !== undefined) return known;

    // NOTE: only exported messages carry `user_profile`, so a guest who posts through the API
    // stays 'internal' here. The users stream marks guests as external entities.
    const profile = obj(message.user_profile);
    const participant: Participant = {
      ref: { sourceSystem: 'slack', sourceId: userId },
      name: this.userName(userId),
      role: 'author',
      affiliation: profile !== undefined && isGuest(profile) ? 'external' : 'internal',
    };
    this.authors.set(key, participant);

    return participant;
  }

  /** Bots are not people to resolve, so their Participant carries a name but no ref. */
  private botAuthor(message: Data): Participant {
    const name =
      str(message.username) ?? str(obj(message.bot_profile)?.name) ?? str(message.bot_id) ?? 'bot';
    const key = `bot:${str(message.bot_id) ?? name}`;
    const known = this.authors.get(key);
    if (known !== undefined) return known;

    const participant: Participant = { name, role: 'author', affiliation: 'unknown' };
    this.authors.set(key, participant);

    return participant;
  }

  /** Records a `<@U…>` mention of someone who wrote nothing in the thread. */
  mention(userId: string): void {
    if (this.authors.has(`user:${userId}`) || this.mentioned.has(userId)) return;

    this.mentioned.set(userId, {
      ref: { sourceSystem: 'slack', sourceId: userId },
      name: this.userName(userId),
      role: 'mentioned',
      affiliation: 'unknown',
    });
  }

  participants(): Participant[] {
    return [...this.authors.values(), ...this.mentioned.values()];
  }
}

interface ThreadKey {
  channelId: string;
  threadTs: string;
  startedAt: Date;
}

function parseThreadKey(key: string): ThreadKey {
  const match = THREAD_KEY_PATTERN.exec(key);
  const startedAt = parseDate(match?.[2]);
  if (match?.[1] === undefined || match[2] === undefined || startedAt === undefined) {
    throw new Error(
      `invalid Slack interaction key "${key}"; expected "slack:<channel>:<thread_ts>"`,
    );
  }

  return { channelId: match[1], threadTs: match[2], startedAt };
}

function threadSegments(
  messages: ThreadMessage[],
  people: ThreadPeople,
  context: BuildContext,
  thread: ThreadKey,
): Segment[] {
  const resolver: MrkdwnResolver = {
    userName: (userId) => people.userName(userId),
    channelName: (channelId) => context.channelName(channelId),
  };

  return messages.flatMap(({ data }) => {
    const raw = rawMessageText(data);
    const text = raw === undefined ? '' : mrkdwnToText(raw, resolver);
    const ts = str(data.ts);
    if (text === '' || ts === undefined) return [];

    return [
      {
        text,
        speaker: people.author(data),
        at: parseDate(ts),
        sourceId: ts,
        deepLink: slackMessageLink(context, thread.channelId, ts, thread.threadTs),
      },
    ];
  });
}

/**
 * Builds one thread: a segment per message in `ts` order with mrkdwn resolved to names, the root
 * message's author, every author and mentioned user. Returns null when no message has text.
 */
function buildThread(
  key: string,
  records: StagedRecord[],
  context: BuildContext,
): Interaction | null {
  const thread = parseThreadKey(key);
  const messages = [...currentMessages(records).entries()]
    .filter(([, message]) => !SKIPPED_SUBTYPES.has(str(message.data.subtype) ?? ''))
    .sort(([a], [b]) => compareTs(a, b))
    .map(([, message]) => message);

  const people = new ThreadPeople(context);
  for (const message of messages) people.learnProfile(message.data);

  const segments = threadSegments(messages, people, context, thread);
  if (segments.length === 0) return null;

  for (const message of messages) {
    for (const userId of mentionedUserIds(rawMessageText(message.data) ?? '')) {
      people.mention(userId);
    }
  }

  const root = messages.find((message) => str(message.data.ts) === thread.threadTs);
  const channelName = context.channelName(thread.channelId);

  return {
    key,
    sourceSystem: 'slack',
    sourceId: `${thread.channelId}:${thread.threadTs}`,
    stream: root?.stream ?? messages[0]?.stream ?? 'channel_messages',
    kind: 'message',
    occurredAt: thread.startedAt,
    title: `#${channelName ?? thread.channelId}`,
    author: root === undefined ? undefined : people.author(root.data),
    participants: people.participants(),
    companies: [],
    deepLink: slackMessageLink(context, thread.channelId, thread.threadTs, thread.threadTs),
    threadId: thread.threadTs,
    metadata: {
      channelId: thread.channelId,
      ...(channelName === undefined ? {} : { channelName }),
      messageCount: segments.length,
    },
    segments,
  };
}

/** Reads Slack users, channels and messages, and builds one interaction per thread. */
export const slackAdapter: SourceAdapter = {
  source: 'slack',
  streams: {
    users: { order: 0, normalize: normalizeUser },
    channels: { order: 0, normalize: normalizeChannel },
    channel_messages: { order: 10, normalize: messageNormalizer('channel_messages') },
    threads: { order: 10, normalize: messageNormalizer('threads') },
  },
  build: buildThread,
};
