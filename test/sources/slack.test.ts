import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type BuildContext,
  type Interaction,
  type NormalizedRecord,
  NormalizeError,
  type PersonObservation,
  type StagedRecord,
} from '../../src/model.js';
import { slackAdapter, slackMessageLink, slackThreadKey } from '../../src/sources/slack.js';
import { mentionedUserIds, mrkdwnToText } from '../../src/sources/slack-mrkdwn.js';

interface AirbyteRecord {
  stream: string;
  data: Record<string, unknown>;
  emitted_at: number;
}

const FIXTURE = new URL('../fixtures/slack/records.jsonl', import.meta.url);
const records: AirbyteRecord[] = readFileSync(FIXTURE, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as AirbyteRecord);

const DEALS = 'C0DEALS001';
const DEAL_THREAD = '1700000000.000100';
const EDITED_THREAD = '1700100000.000100';
const TOMBSTONE_THREAD = '1700200000.000100';

function normalize(record: AirbyteRecord): NormalizedRecord {
  const handler = slackAdapter.streams[record.stream];
  if (handler === undefined) throw new Error(`fixture stream ${record.stream} has no handler`);

  return handler.normalize(record.data, new Date(record.emitted_at));
}

/**
 * Stages records the way the pipeline does: one row per record key, the last write winning, then
 * grouped by interaction key.
 */
function stageAll(input: AirbyteRecord[]): Map<string, StagedRecord[]> {
  const rows = new Map<string, { interactionKey?: string | undefined; record: StagedRecord }>();
  for (const record of input) {
    const normalized = normalize(record);
    rows.set(normalized.recordKey, {
      interactionKey: normalized.interactionKey,
      record: { stream: record.stream, recordKey: normalized.recordKey, data: normalized.data },
    });
  }

  const staged = new Map<string, StagedRecord[]>();
  for (const { interactionKey, record } of rows.values()) {
    if (interactionKey === undefined) continue;
    staged.set(interactionKey, [...(staged.get(interactionKey) ?? []), record]);
  }

  return staged;
}

/** User and channel names from the fixture's users and channels, as the pipeline feeds them. */
function fixtureContext(workspaceUrl?: string): BuildContext {
  const userNames = new Map<string, string>();
  const channelNames = new Map<string, string>();
  for (const record of records) {
    if (record.stream === 'channels') {
      channelNames.set(String(record.data.id), String(record.data.name));
    }
    for (const observation of normalize(record).observations) {
      if (observation.name !== undefined) userNames.set(observation.sourceId, observation.name);
    }
  }

  return {
    userName: (_source, userId) => userNames.get(userId),
    channelName: (channelId) => channelNames.get(channelId),
    slackWorkspaceUrl: workspaceUrl,
  };
}

function buildThread(
  threadTs: string,
  context: BuildContext = fixtureContext(),
  input: AirbyteRecord[] = records,
): Interaction | null {
  const key = slackThreadKey(DEALS, threadTs);
  return slackAdapter.build(key, stageAll(input).get(key) ?? [], context);
}

function userRecord(id: string): AirbyteRecord {
  const found = records.find((record) => record.stream === 'users' && record.data.id === id);
  if (found === undefined) throw new Error(`no user fixture ${id}`);

  return found;
}

function personOf(normalized: NormalizedRecord): PersonObservation | undefined {
  return normalized.observations.find((item): item is PersonObservation => item.type === 'person');
}

describe('slack users', () => {
  it('observes a member as internal', () => {
    const person = personOf(normalize(userRecord('U0DANA0001')));

    expect(person?.sourceSystem).toBe('slack');
    expect(person?.sourceId).toBe('U0DANA0001');
    expect(person?.objectType).toBe('user');
    expect(person?.internal).toBe(true);
    expect(person?.name).toBe('Dana Reyes');
    expect(person?.firstName).toBe('Dana');
    expect(person?.lastName).toBe('Reyes');
    expect(person?.title).toBe('Account Executive');
    expect(person?.emails).toEqual(['dana.reyes@lumen.example']);
  });

  it('observes a guest as external', () => {
    const person = personOf(normalize(userRecord('U0PRIYA003')));

    expect(person?.internal).toBe(false);
    expect(person?.emails).toEqual(['priya.natarajan@northwind.example']);
  });

  it('leaves emails empty without profile.email', () => {
    expect(personOf(normalize(userRecord('U0SAM00002')))?.emails).toEqual([]);
  });

  it('skips bots and Slackbot', () => {
    expect(normalize(userRecord('U0BOT00004')).observations).toEqual([]);
    expect(normalize(userRecord('USLACKBOT')).observations).toEqual([]);
  });

  it('falls back to the top-level names', () => {
    const normalized = slackAdapter.streams.users?.normalize(
      { id: 'U0NEW00001', name: 'kim', profile: {} },
      undefined,
    );

    expect(normalized && personOf(normalized)?.name).toBe('kim');
  });
});

describe('slack channels', () => {
  it('stages channels by id without observations', () => {
    const channel = records.find((record) => record.stream === 'channels');
    const normalized = channel && normalize(channel);

    expect(normalized?.recordKey).toBe(DEALS);
    expect(normalized?.interactionKey).toBeUndefined();
    expect(normalized?.observations).toEqual([]);
    expect(normalized?.data.name).toBe('deals');
  });
});

describe('slack message records', () => {
  it('gives a thread parent one key in both streams', () => {
    const copies = records.filter((record) => record.data.ts === DEAL_THREAD).map(normalize);

    expect(copies).toHaveLength(2);
    expect(copies[0]?.recordKey).toBe(`${DEALS}:${DEAL_THREAD}`);
    expect(copies[1]?.recordKey).toBe(copies[0]?.recordKey);
    expect(copies[1]?.interactionKey).toBe(`slack:${DEALS}:${DEAL_THREAD}`);
  });

  it('keys replies to their thread', () => {
    const reply = records.find((record) => record.data.ts === '1700000100.000200');

    expect(reply && normalize(reply).interactionKey).toBe(`slack:${DEALS}:${DEAL_THREAD}`);
  });

  it('keys an edit event to the edited thread', () => {
    const edit = records.find((record) => record.data.subtype === 'message_changed');
    const normalized = edit && normalize(edit);

    expect(normalized?.recordKey).toBe(`${DEALS}:1700100090.000400`);
    expect(normalized?.interactionKey).toBe(`slack:${DEALS}:${EDITED_THREAD}`);
  });

  it('uses the latest reply as change time', () => {
    const parent = records.find((record) => record.data.ts === DEAL_THREAD);

    expect(parent && normalize(parent).updatedAt?.getTime()).toBe(1700000300000);
  });

  it('observes no exported user_profile', () => {
    const reply = records.find((record) => record.data.user_profile !== undefined);

    expect(reply && normalize(reply).observations).toEqual([]);
  });

  it('normalizes skipped subtypes', () => {
    const join = records.find((record) => record.data.subtype === 'channel_join');
    const normalized = join && normalize(join);

    expect(normalized?.interactionKey).toBe(`slack:${DEALS}:1699990000.000010`);
    expect(normalized?.observations).toEqual([]);
  });

  it('rejects a message without ts', () => {
    const run = () =>
      slackAdapter.streams.channel_messages?.normalize(
        { type: 'message', text: 'hi', channel_id: DEALS },
        undefined,
      );

    expect(run).toThrow(NormalizeError);
    expect(run).toThrow(/"ts"/);
  });

  it('rejects a message without channel_id', () => {
    const run = () =>
      slackAdapter.streams.threads?.normalize({ type: 'message', ts: '1700000000.1' }, undefined);

    expect(run).toThrow(NormalizeError);
    expect(run).toThrow(/"channel_id"/);
  });

  it('rejects a ts that is not epoch seconds', () => {
    const run = () =>
      slackAdapter.streams.threads?.normalize({ ts: 'yesterday', channel_id: DEALS }, undefined);

    expect(run).toThrow(NormalizeError);
  });
});

describe('slack thread build', () => {
  const thread = buildThread(DEAL_THREAD);

  it('describes the thread', () => {
    expect(thread?.key).toBe(`slack:${DEALS}:${DEAL_THREAD}`);
    expect(thread?.kind).toBe('message');
    expect(thread?.sourceId).toBe(`${DEALS}:${DEAL_THREAD}`);
    expect(thread?.threadId).toBe(DEAL_THREAD);
    expect(thread?.title).toBe('#deals');
    expect(thread?.occurredAt.getTime()).toBe(1700000000000);
    expect(thread?.author?.name).toBe('Dana Reyes');
  });

  it('has one segment per message in ts order', () => {
    expect(thread?.segments.map((segment) => segment.sourceId)).toEqual([
      '1700000000.000100',
      '1700000100.000200',
      '1700000200.000300',
      '1700000300.000400',
    ]);
    expect(thread?.segments[1]?.at?.getTime()).toBe(1700000100000);
  });

  it('resolves mentions, links and entities', () => {
    expect(thread?.segments[0]?.text).toBe(
      '@Sam Okafor can you check the Northwind quote? ' +
        'See the deal (https://crm.example/deals/42) & #random <draft>',
    );
  });

  it('falls back to the user id for unknown mentions', () => {
    expect(thread?.segments[3]?.text).toBe(
      'Updated: the quote is in https://crm.example/q/42. ' +
        '@Priya Natarajan please confirm with @U0FINANCE9.',
    );
  });

  it('lists authors and mentioned users', () => {
    const roles = thread?.participants.map((item) => [item.ref?.sourceId, item.role]);

    expect(roles).toEqual([
      ['U0DANA0001', 'author'],
      ['U0SAM00002', 'author'],
      ['U0PRIYA003', 'author'],
      ['U0FINANCE9', 'mentioned'],
    ]);
  });

  it('names authors from exported profiles', () => {
    const unnamed: BuildContext = { userName: () => undefined, channelName: () => undefined };
    const built = buildThread(DEAL_THREAD, unnamed);

    expect(built?.segments[2]?.speaker?.name).toBe('Priya Natarajan');
    expect(built?.segments[3]?.text).toContain('@Priya Natarajan please confirm');
    expect(built?.segments[0]?.speaker?.name).toBeUndefined();
    expect(built?.title).toBe(`#${DEALS}`);
  });

  it('marks a guest author as external', () => {
    const priya = thread?.segments[2]?.speaker;

    expect(priya?.affiliation).toBe('external');
    expect(thread?.segments[0]?.speaker?.affiliation).toBe('internal');
  });

  it('links to the Slack app without a workspace URL', () => {
    expect(thread?.deepLink).toBe(
      `https://slack.com/app_redirect?channel=${DEALS}&message_ts=${DEAL_THREAD}`,
    );
  });

  it('links to archive permalinks with a workspace URL', () => {
    const linked = buildThread(DEAL_THREAD, fixtureContext('https://lumen.slack.com/'));

    expect(linked?.deepLink).toBe(`https://lumen.slack.com/archives/${DEALS}/p1700000000000100`);
    expect(linked?.segments[1]?.deepLink).toBe(
      `https://lumen.slack.com/archives/${DEALS}/p1700000100000200` +
        `?thread_ts=${DEAL_THREAD}&cid=${DEALS}`,
    );
  });

  it('builds the same thread from either stream order', () => {
    const reversed = buildThread(DEAL_THREAD, fixtureContext(), [...records].reverse());

    expect(reversed?.segments.map((segment) => segment.text)).toEqual(
      thread?.segments.map((segment) => segment.text),
    );
  });

  it('de-duplicates one message staged from two streams', () => {
    const context = fixtureContext();
    const parent = records.filter((record) => record.data.ts === DEAL_THREAD);
    const staged = parent.map((record) => ({
      stream: record.stream,
      recordKey: normalize(record).recordKey,
      data: record.data,
    }));

    const built = slackAdapter.build(slackThreadKey(DEALS, DEAL_THREAD), staged, context);

    expect(built?.segments).toHaveLength(1);
  });
});

describe('slack message kinds', () => {
  it('converts formatting and special mentions', () => {
    const built = buildThread('1700000400.000500');

    expect(built?.segments[0]?.text).toBe(
      '@here Northwind signed maybe today, see https://docs.example/contract ' +
        'and #random with @sales-team',
    );
  });

  it('keeps bot messages with the bot name', () => {
    const built = buildThread('1700000500.000600');

    expect(built?.segments[0]?.text).toBe('Deal desk approved quote Q-42 for Northwind Trading.');
    expect(built?.author?.name).toBe('deal-desk');
    expect(built?.author?.ref).toBeUndefined();
  });

  it('reads attachments of a bot message without text', () => {
    const built = buildThread('1700000600.000700');

    expect(built?.segments[0]?.text).toBe(
      'CRM update:\nOpportunity Northwind renewal moved to Negotiation',
    );
    expect(built?.author?.name).toBe('CRM Alerts');
  });

  it('returns null for a channel join', () => {
    expect(buildThread('1699990000.000010')).toBeNull();
  });

  it('applies edits and deletions', () => {
    const built = buildThread(EDITED_THREAD);

    expect(built?.segments.map((segment) => segment.text)).toEqual([
      'Who owns the Northwind security review?',
      'I do, starting Monday.',
    ]);
  });

  it('applies edits that arrive before the message', () => {
    const edited = records.filter((record) => String(record.data.ts).startsWith('17001000'));
    const built = buildThread(EDITED_THREAD, fixtureContext(), [...edited].reverse());

    expect(built?.segments[1]?.text).toBe('I do, starting Monday.');
    expect(built?.segments).toHaveLength(2);
  });

  it('keeps replies under a deleted parent', () => {
    const built = buildThread(TOMBSTONE_THREAD);

    expect(built?.segments.map((segment) => segment.text)).toEqual([
      'Renewal paperwork is signed.',
    ]);
    expect(built?.author).toBeUndefined();
    expect(built?.occurredAt.getTime()).toBe(1700200000000);
  });

  it('rejects a key of another source', () => {
    expect(() => slackAdapter.build('gong:call:1', [], fixtureContext())).toThrow(/slack:/);
  });
});

describe('slack mrkdwn', () => {
  const resolver = {
    userName: (userId: string) => (userId === 'U1' ? 'Ana Lima' : undefined),
    channelName: (channelId: string) => (channelId === 'C1' ? 'general' : undefined),
  };

  it.each([
    ['<@U1>', '@Ana Lima'],
    ['<@U2>', '@U2'],
    ['<@U2|bo>', '@bo'],
    ['<#C1>', '#general'],
    ['<#C9|sales>', '#sales'],
    ['<#C9>', '#C9'],
    ['<!channel> and <!everyone>', '@channel and @everyone'],
    ['<!subteam^S1>', '@S1'],
    ['<!date^1700000000^{date_short}|Nov 14, 2023>', 'Nov 14, 2023'],
    ['<https://a.example/x?y=1&amp;z=2|docs>', 'docs (https://a.example/x?y=1&z=2)'],
    ['<http://acme.example|acme.example>', 'acme.example'],
    ['<mailto:ana@acme.example|ana@acme.example>', 'ana@acme.example'],
    ['&lt;b&gt; &amp;amp;', '<b> &amp;'],
    ['*bold* and _italic_', 'bold and italic'],
    ['snake_case_name and 2*3*4', 'snake_case_name and 2*3*4'],
    ['`code *x*`', '`code *x*`'],
  ])('converts %s', (input, expected) => {
    expect(mrkdwnToText(input, resolver)).toBe(expected);
  });

  it('finds mentioned user ids once each', () => {
    expect(mentionedUserIds('<@U1> <@W2|x> <@U1> <#C1>')).toEqual(['U1', 'W2']);
  });
});

describe('slack message links', () => {
  it('adds a scheme to a bare workspace host', () => {
    const link = slackMessageLink(
      { slackWorkspaceUrl: 'acme.slack.com' },
      'C1',
      '1.000200',
      '1.000200',
    );

    expect(link).toBe('https://acme.slack.com/archives/C1/p1000200');
  });
});
