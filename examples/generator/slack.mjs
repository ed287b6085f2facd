/**
 * Builds the Slack streams `users`, `channels`, `channel_members`, `channel_messages` and
 * `threads` in the shape source-slack emits: Slack Web API objects plus the `channel_id` and
 * `float_ts` fields the connector adds to every message.
 */

import {
  emittedClock,
  epochSeconds,
  logMessage,
  recordMessage,
  streamStateMessage,
  streamStatusMessage,
} from './formats.mjs';
import { digits, slackBlockId, slackId, uuid } from './ids.mjs';
import { CHANNELS, EXTERNAL_AUTHORS, MESSAGES } from './slack-messages.mjs';
import { SLACK_TEAM_ID, TEAM, teamName } from './world.mjs';

const KESTREL_TEAM_ID = slackId('T', 'team:kestrel');
const BOT_ID = slackId('B', 'bot:pipeline-alerts');
const BOT_USER_ID = slackId('U', 'user:pipeline-alerts');
const DEFAULT_AVATAR = 'https://a.slack-edge.com/80588/img/avatars/ava_0010';
const FILES_HOST = 'https://files.slack.com';

const EMOJI_UNICODE = {
  tada: '1f389',
  100: '1f4af',
  white_check_mark: '2705',
  raised_hands: '1f64c',
  '+1': '1f44d',
};

const TIME_ZONES = {
  'America/Los_Angeles': ['Pacific Standard Time', -28800],
  'America/Chicago': ['Central Standard Time', -21600],
  'Europe/London': ['Greenwich Mean Time', 0],
};

const USER_ZONES = {
  dana: 'America/Los_Angeles',
  marcus: 'Europe/London',
  priya: 'America/Los_Angeles',
  tom: 'America/Los_Angeles',
  lena: 'America/Chicago',
};

const channelIds = new Map(CHANNELS.map((c) => [c.name, slackId('C', `channel:${c.name}`)]));

function externalUserId(contactKey) {
  return slackId('U', `kestrel-user:${contactKey}`);
}

function authorId(by) {
  if (by.startsWith('ext:')) return externalUserId(by.slice(4));

  return TEAM[by].slackUserId;
}

function authorTeam(by) {
  return by.startsWith('ext:') ? KESTREL_TEAM_ID : SLACK_TEAM_ID;
}

function gongUrl(callKey) {
  return `https://app.gong.io/call?id=${digits(`gong:call:${callKey}`, 19)}`;
}

/** Resolves the `{@user}`, `{#channel}` and `{gong:call}` placeholders into Slack mrkdwn. */
function resolveText(text) {
  return text
    .replace(/\{@([a-z]+)\}/g, (_, key) => `<@${TEAM[key].slackUserId}>`)
    .replace(/\{#([a-z-]+)\}/g, (_, name) => `<#${channelIds.get(name)}|${name}>`)
    .replace(/\{gong:([a-z-]+)\}/g, (_, key) => gongUrl(key));
}

function unescapeSlack(text) {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

// User mention, channel link, labelled URL, emoji, bold.
const MRKDWN_TOKEN = new RegExp(
  [
    '<@(U[A-Z0-9]+)>',
    '<#(C[A-Z0-9]+)\\|([^>]*)>',
    '<(https?:[^|>]+)\\|([^>]+)>',
    ':([a-z0-9_+-]+):',
    '\\*([^*]+)\\*',
  ].join('|'),
  'g',
);

/** Converts mrkdwn to the rich_text block Slack stores beside `text` for typed messages. */
function richTextBlock(text, label) {
  const elements = [];
  let last = 0;
  for (const match of text.matchAll(MRKDWN_TOKEN)) {
    if (match.index > last)
      elements.push({ type: 'text', text: unescapeSlack(text.slice(last, match.index)) });
    const [, userId, channelId, , url, urlLabel, emoji, bold] = match;
    if (userId) elements.push({ type: 'user', user_id: userId });
    else if (channelId) elements.push({ type: 'channel', channel_id: channelId });
    else if (url) elements.push({ type: 'link', url, text: urlLabel });
    else if (emoji) elements.push({ type: 'emoji', name: emoji, unicode: EMOJI_UNICODE[emoji] });
    else elements.push({ type: 'text', text: unescapeSlack(bold), style: { bold: true } });
    last = match.index + match[0].length;
  }
  if (last < text.length) elements.push({ type: 'text', text: unescapeSlack(text.slice(last)) });

  return [
    {
      type: 'rich_text',
      block_id: slackBlockId(label),
      elements: [{ type: 'rich_text_section', elements }],
    },
  ];
}

function tsOf(at, label) {
  return `${epochSeconds(at)}.${digits(`slack:ts:${label}:${at}`, 6)}`;
}

function reactionsOf(spec) {
  return spec.reactions?.map(([name, users]) => ({
    name,
    users: users.map((key) => TEAM[key].slackUserId),
    count: users.length,
  }));
}

function externalProfile(contactKey) {
  const author = EXTERNAL_AUTHORS[contactKey];

  return {
    avatar_hash: digits(`slack:avatar:${contactKey}`, 12),
    image_72: `${DEFAULT_AVATAR}-72.png`,
    first_name: author.firstName,
    real_name: author.realName,
    display_name: author.displayName,
    team: KESTREL_TEAM_ID,
    name: author.name,
    is_restricted: false,
    is_ultra_restricted: false,
  };
}

function fileOf(spec, userId, ts) {
  const fileId = slackId('F', `file:${spec.name}`);
  const created = Math.floor(Number(ts));

  return {
    id: fileId,
    created,
    timestamp: created,
    name: spec.name,
    title: spec.title,
    mimetype: 'application/pdf',
    filetype: 'pdf',
    pretty_type: 'PDF',
    user: userId,
    user_team: SLACK_TEAM_ID,
    editable: false,
    size: spec.size,
    mode: 'hosted',
    is_external: false,
    external_type: '',
    is_public: false,
    public_url_shared: false,
    display_as_bot: false,
    username: '',
    url_private: `${FILES_HOST}/files-pri/${SLACK_TEAM_ID}-${fileId}/${spec.name.toLowerCase()}`,
    permalink: `https://payready.slack.com/files/${userId}/${fileId}/${spec.name.toLowerCase()}`,
  };
}

function withChannel(message, channelId) {
  return { ...message, channel_id: channelId, float_ts: Number(message.ts) };
}

/** Builds one message object as conversations.history / conversations.replies return it. */
function buildMessage(spec, channel, label, threadContext) {
  const ts = tsOf(spec.at, label);
  const userId = spec.by === 'bot' ? null : authorId(spec.by);

  if (spec.subtype === 'channel_join') {
    return {
      type: 'message',
      subtype: 'channel_join',
      ts,
      user: userId,
      text: `<@${userId}> has joined the channel`,
    };
  }

  if (spec.by === 'bot') {
    const { title, text } = spec.attachment;
    return {
      type: 'message',
      subtype: 'bot_message',
      text: spec.text,
      ts,
      username: 'Pipeline Alerts',
      icons: { emoji: ':chart_with_upwards_trend:' },
      bot_id: BOT_ID,
      attachments: [{ id: 1, color: '2eb886', fallback: `${title}: ${text}`, title, text }],
    };
  }

  const text = resolveText(spec.text);
  const message = {
    client_msg_id: uuid(`slack:msg:${label}:${spec.at}`),
    type: 'message',
    text,
    user: userId,
    ts,
    blocks: richTextBlock(text, `${label}:${spec.at}`),
    team: authorTeam(spec.by),
  };

  if (channel.shared) {
    message.user_team = authorTeam(spec.by);
    message.source_team = authorTeam(spec.by);
    if (spec.by.startsWith('ext:')) message.user_profile = externalProfile(spec.by.slice(4));
  }
  if (spec.file) {
    message.files = [fileOf(spec.file, userId, ts)];
    message.upload = false;
    message.display_as_bot = false;
  }
  if (threadContext) {
    message.thread_ts = threadContext.threadTs;
    message.parent_user_id = threadContext.parentUserId;
  }
  if (spec.edited) message.edited = { user: userId, ts: tsOf(spec.edited, `${label}:edit`) };

  const reactions = reactionsOf(spec);
  if (reactions) message.reactions = reactions;

  return message;
}

function threadSummary(parent, replies) {
  const replyUsers = [...new Set(replies.map((r) => r.user))];

  return {
    thread_ts: parent.ts,
    reply_count: replies.length,
    reply_users_count: replyUsers.length,
    latest_reply: replies.at(-1).ts,
    reply_users: replyUsers,
    is_locked: false,
    subscribed: false,
  };
}

/**
 * Turns one message spec and its replies into the history entries (parent and any broadcast
 * reply) and the thread (parent then replies, oldest first).
 */
function buildConversation(spec, channel) {
  const channelId = channelIds.get(channel.name);
  const label = channel.name;
  const parent = buildMessage(spec, channel, label, null);
  if (!spec.replies) {
    const record = withChannel(parent, channelId);
    return { history: [record], thread: [record] };
  }

  const context = { threadTs: parent.ts, parentUserId: parent.user };
  const replies = spec.replies.map((reply) => buildMessage(reply, channel, label, context));
  const { reactions, edited, ...parentFields } = parent;
  const threadedParent = { ...parentFields, ...threadSummary(parent, replies) };
  if (edited) threadedParent.edited = edited;
  if (reactions) threadedParent.reactions = reactions;

  const history = [withChannel(threadedParent, channelId)];
  const threadReplies = spec.replies.map((replySpec, index) => {
    const reply = replies[index];
    if (!replySpec.broadcast) return withChannel(reply, channelId);

    const { thread_ts, parent_user_id, ...rest } = reply;
    const broadcast = {
      ...rest,
      type: 'message',
      subtype: 'thread_broadcast',
      thread_ts,
      root: threadedParent,
    };
    history.push(withChannel(broadcast, channelId));

    return withChannel(broadcast, channelId);
  });

  return { history, thread: [history[0], ...threadReplies] };
}

function buildProfile(person, key) {
  const profile = {
    title: person.title,
    phone: person.phone,
    skype: '',
    real_name: teamName(person),
    real_name_normalized: teamName(person),
    display_name: person.slackName,
    display_name_normalized: person.slackName,
    fields: null,
    status_text: '',
    status_emoji: '',
    status_emoji_display_info: [],
    status_expiration: 0,
    avatar_hash: digits(`slack:avatar:${key}`, 12),
  };
  if (person.slackEmail) profile.email = person.email;

  return {
    ...profile,
    first_name: person.firstName,
    last_name: person.lastName,
    image_24: `${DEFAULT_AVATAR}-24.png`,
    image_32: `${DEFAULT_AVATAR}-32.png`,
    image_48: `${DEFAULT_AVATAR}-48.png`,
    image_72: `${DEFAULT_AVATAR}-72.png`,
    image_192: `${DEFAULT_AVATAR}-192.png`,
    image_512: `${DEFAULT_AVATAR}-512.png`,
    status_text_canonical: '',
    team: SLACK_TEAM_ID,
  };
}

function buildUsers() {
  const humans = Object.entries(TEAM).map(([key, person]) => {
    const zone = USER_ZONES[key];
    const [tzLabel, tzOffset] = TIME_ZONES[zone];

    return {
      id: person.slackUserId,
      team_id: SLACK_TEAM_ID,
      name: person.slackName,
      deleted: false,
      color: digits(`slack:color:${key}`, 6),
      real_name: teamName(person),
      tz: zone,
      tz_label: tzLabel,
      tz_offset: tzOffset,
      profile: buildProfile(person, key),
      is_admin: key === 'tom',
      is_owner: key === 'tom',
      is_primary_owner: false,
      is_restricted: false,
      is_ultra_restricted: false,
      is_bot: false,
      is_app_user: false,
      updated: epochSeconds(person.created) + 86_400,
      is_email_confirmed: true,
      who_can_share_contact_card: 'EVERYONE',
    };
  });

  const bot = {
    id: BOT_USER_ID,
    team_id: SLACK_TEAM_ID,
    name: 'pipeline_alerts',
    deleted: false,
    color: '3c989f',
    real_name: 'Pipeline Alerts',
    tz: 'America/Los_Angeles',
    tz_label: 'Pacific Standard Time',
    tz_offset: -28800,
    profile: {
      title: '',
      phone: '',
      skype: '',
      real_name: 'Pipeline Alerts',
      real_name_normalized: 'Pipeline Alerts',
      display_name: '',
      display_name_normalized: '',
      fields: null,
      status_text: '',
      status_emoji: '',
      status_expiration: 0,
      avatar_hash: digits('slack:avatar:bot', 12),
      api_app_id: slackId('A', 'app:pipeline-alerts'),
      always_active: true,
      bot_id: BOT_ID,
      first_name: 'Pipeline Alerts',
      last_name: '',
      status_text_canonical: '',
      team: SLACK_TEAM_ID,
    },
    is_admin: false,
    is_owner: false,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: true,
    is_app_user: false,
    updated: epochSeconds('2024-03-02T19:00:00Z'),
    is_email_confirmed: false,
    who_can_share_contact_card: 'EVERYONE',
  };

  // A rep who left in 2025: deactivated and without an e-mail address.
  const former = {
    id: slackId('U', 'user:jordan'),
    team_id: SLACK_TEAM_ID,
    name: 'jordan.pike',
    deleted: true,
    profile: {
      title: '',
      phone: '',
      skype: '',
      real_name: 'Jordan Pike',
      real_name_normalized: 'Jordan Pike',
      display_name: 'jordan',
      display_name_normalized: 'jordan',
      fields: null,
      status_text: '',
      status_emoji: '',
      status_expiration: 0,
      avatar_hash: digits('slack:avatar:jordan', 12),
      first_name: 'Jordan',
      last_name: 'Pike',
      status_text_canonical: '',
      team: SLACK_TEAM_ID,
    },
    is_bot: false,
    is_app_user: false,
    updated: epochSeconds('2025-07-31T23:00:00Z'),
    is_forgotten: false,
    is_invited_user: false,
  };

  return [...humans, bot, former];
}

function memberId(key) {
  return key.startsWith('ext:') ? externalUserId(key.slice(4)) : TEAM[key].slackUserId;
}

function buildChannels() {
  return CHANNELS.map((channel) => {
    const created = epochSeconds(channel.created);
    const creator = TEAM[channel.creator].slackUserId;

    return {
      id: channelIds.get(channel.name),
      name: channel.name,
      is_channel: true,
      is_group: false,
      is_im: false,
      is_mpim: false,
      is_private: false,
      created,
      is_archived: false,
      is_general: channel.isGeneral ?? false,
      unlinked: 0,
      name_normalized: channel.name,
      is_shared: channel.shared ?? false,
      is_org_shared: false,
      is_pending_ext_shared: false,
      pending_shared: [],
      context_team_id: SLACK_TEAM_ID,
      updated: created * 1000 + 512,
      parent_conversation: null,
      creator,
      is_ext_shared: channel.shared ?? false,
      shared_team_ids: channel.shared ? [SLACK_TEAM_ID, KESTREL_TEAM_ID] : [SLACK_TEAM_ID],
      pending_connected_team_ids: [],
      is_member: true,
      topic: {
        value: channel.topic,
        creator: channel.topic ? creator : '',
        last_set: channel.topic ? created : 0,
      },
      purpose: { value: channel.purpose, creator, last_set: created },
      previous_names: [],
      num_members: channel.members.length,
      ...(channel.shared ? { conversation_host_id: SLACK_TEAM_ID } : {}),
    };
  });
}

function buildChannelMembers() {
  return CHANNELS.flatMap((channel) =>
    channel.members.map((key) => ({
      member_id: memberId(key),
      channel_id: channelIds.get(channel.name),
    })),
  );
}

/**
 * Returns per channel the history (newest first, as conversations.history pages it) and the
 * threads (one conversations.replies result per history entry, oldest first inside a thread).
 */
function buildConversations() {
  return CHANNELS.map((channel) => {
    const specs = MESSAGES.filter((m) => m.channel === channel.name);
    const conversations = specs.map((spec) => buildConversation(spec, channel));
    const history = conversations.flatMap((c) => c.history).sort((a, b) => b.float_ts - a.float_ts);
    const threads = conversations
      .sort((a, b) => b.thread[0].float_ts - a.thread[0].float_ts)
      .map((c) => c.thread);

    return { channel, history, threads };
  });
}

function latestCursor(records) {
  return String(Math.floor(Math.max(...records.map((r) => r.float_ts))));
}

function messagesState(perChannel) {
  return {
    states: perChannel.map(({ channel, history }) => ({
      partition: { channel: channelIds.get(channel.name), parent_slice: {} },
      cursor: { float_ts: latestCursor(history) },
    })),
  };
}

function threadsState(perChannel) {
  return {
    states: perChannel.flatMap(({ channel, threads }) =>
      threads
        .filter((thread) => thread.length > 1)
        .map((thread) => ({
          partition: { channel: channelIds.get(channel.name), ts: thread[0].ts },
          cursor: { float_ts: latestCursor(thread) },
        })),
    ),
  };
}

function fullRefreshFile(stream, records, clock) {
  return [
    streamStatusMessage(stream, 'STARTED', clock()),
    streamStatusMessage(stream, 'RUNNING', clock()),
    ...records.map((data) => recordMessage(stream, data, clock())),
    streamStateMessage(stream, { __ab_no_cursor_state_message: true }, records.length),
    streamStatusMessage(stream, 'COMPLETE', clock()),
  ];
}

/** Builds the Slack files as `{ 'slack/<file>.jsonl': AirbyteMessage[] }`. */
export function buildSlack() {
  const clock = emittedClock('2026-12-03T07:05:11.402Z', 83);
  const perChannel = buildConversations();
  const history = perChannel.flatMap((c) => c.history);
  const threadRecords = perChannel.flatMap((c) => c.threads.flat());

  const threadsFile = [
    streamStatusMessage('threads', 'STARTED', clock()),
    streamStatusMessage('threads', 'RUNNING', clock()),
  ];
  const half = Math.floor(threadRecords.length / 2);
  threadRecords.forEach((data, index) => {
    if (index === half) {
      // Simulates a conversations.replies rate-limit wait with Retry-After: 60.
      threadsFile.push(
        logMessage(
          'WARN',
          'Rate limit hit for conversations.replies; waiting 60 seconds (Retry-After)',
        ),
      );
      const resetAt = clock() + 60_000;
      threadsFile.push(
        streamStatusMessage('threads', 'RUNNING', clock(), [
          { type: 'RATE_LIMITED', rate_limited: { quota_reset: resetAt } },
        ]),
      );
      clock.skip(60_000);
    }
    threadsFile.push(recordMessage('threads', data, clock()));
  });
  threadsFile.push(streamStateMessage('threads', threadsState(perChannel), threadRecords.length));
  threadsFile.push(streamStatusMessage('threads', 'COMPLETE', clock()));

  return {
    'slack/users.jsonl': fullRefreshFile('users', buildUsers(), clock),
    'slack/channels.jsonl': fullRefreshFile('channels', buildChannels(), clock),
    'slack/channel_members.jsonl': fullRefreshFile('channel_members', buildChannelMembers(), clock),
    'slack/channel_messages.jsonl': [
      logMessage('INFO', 'Starting syncing SourceSlack'),
      streamStatusMessage('channel_messages', 'STARTED', clock()),
      streamStatusMessage('channel_messages', 'RUNNING', clock()),
      ...history.map((data) => recordMessage('channel_messages', data, clock())),
      streamStateMessage('channel_messages', messagesState(perChannel), history.length),
      streamStatusMessage('channel_messages', 'COMPLETE', clock()),
    ],
    'slack/threads.jsonl': threadsFile,
  };
}
