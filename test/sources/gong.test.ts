import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  type BuildContext,
  type CompanyObservation,
  type Interaction,
  type NormalizedRecord,
  NormalizeError,
  type PersonObservation,
  type StagedRecord,
} from '../../src/model.js';
import { gongAdapter, gongCallKey } from '../../src/sources/gong.js';

interface AirbyteRecord {
  stream: string;
  data: Record<string, unknown>;
  emitted_at: number;
}

const FIXTURE = new URL('../fixtures/gong/records.jsonl', import.meta.url);
const records: AirbyteRecord[] = readFileSync(FIXTURE, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line) => JSON.parse(line) as AirbyteRecord);

const CALL_A = '8023456789012345671';
const CALL_B = '8023456789012345672';
const CALL_C = '8023456789012345673';
const CALL_D = '8023456789012345674';
const DANA = '5531209876543210001';
const SAM = '5531209876543210002';

const context: BuildContext = {
  userName: () => undefined,
  channelName: () => undefined,
};

function normalize(record: AirbyteRecord): NormalizedRecord {
  const handler = gongAdapter.streams[record.stream];
  if (handler === undefined) throw new Error(`fixture stream ${record.stream} has no handler`);

  return handler.normalize(record.data, new Date(record.emitted_at));
}

function fixture(stream: string, id: string): AirbyteRecord {
  const found = records.find(
    (record) => record.stream === stream && (record.data.id === id || record.data.callId === id),
  );
  if (found === undefined) throw new Error(`no ${stream} fixture for ${id}`);

  return found;
}

/** Normalizes every fixture of a known stream and groups the staged records by interaction. */
function stageAll(input: AirbyteRecord[]): Map<string, StagedRecord[]> {
  const staged = new Map<string, StagedRecord[]>();
  for (const record of input) {
    if (gongAdapter.streams[record.stream] === undefined) continue;

    const normalized = normalize(record);
    if (normalized.interactionKey === undefined) continue;

    const group = staged.get(normalized.interactionKey) ?? [];
    group.push({ stream: record.stream, recordKey: normalized.recordKey, data: normalized.data });
    staged.set(normalized.interactionKey, group);
  }

  return staged;
}

function buildCall(callId: string, input: AirbyteRecord[] = records): Interaction | null {
  const key = gongCallKey(callId);
  return gongAdapter.build(key, stageAll(input).get(key) ?? [], context);
}

function persons(normalized: NormalizedRecord): PersonObservation[] {
  return normalized.observations.filter(
    (item): item is PersonObservation => item.type === 'person',
  );
}

function person(normalized: NormalizedRecord, name: string): PersonObservation {
  const found = persons(normalized).find((item) => item.name === name);
  if (found === undefined) throw new Error(`no observation named ${name}`);

  return found;
}

describe('gong streams', () => {
  it('declares only the streams it reads', () => {
    expect(Object.keys(gongAdapter.streams).sort()).toEqual([
      'callTranscripts',
      'calls',
      'extensiveCalls',
      'users',
    ]);
    expect(gongAdapter.streams.scorecards).toBeUndefined();
  });

  it('orders users before calls and calls before transcripts', () => {
    const order = (stream: string) => gongAdapter.streams[stream]?.order ?? Number.NaN;

    expect(order('users')).toBeLessThan(order('calls'));
    expect(order('calls')).toBeLessThan(order('callTranscripts'));
  });
});

describe('gong users', () => {
  it('observes an internal user with every e-mail', () => {
    const normalized = normalize(fixture('users', DANA));
    const [user] = persons(normalized);

    expect(normalized.interactionKey).toBeUndefined();
    expect(normalized.observations).toHaveLength(1);
    expect(user?.sourceSystem).toBe('gong');
    expect(user?.sourceId).toBe(DANA);
    expect(user?.objectType).toBe('user');
    expect(user?.internal).toBe(true);
    expect(user?.name).toBe('Dana Reyes');
    expect(user?.firstName).toBe('Dana');
    expect(user?.lastName).toBe('Reyes');
    expect(user?.title).toBe('Account Executive');
    expect(user?.emails).toEqual(['dana.reyes@lumen.example', 'dana@lumen.example']);
  });

  it('rejects a user without id', () => {
    const run = () => gongAdapter.streams.users?.normalize({ firstName: 'Ana' }, undefined);

    expect(run).toThrow(NormalizeError);
    expect(run).toThrow(/"id"/);
  });
});

describe('gong call records', () => {
  it('keys calls, extensive calls and transcripts to one call', () => {
    const keys = ['calls', 'extensiveCalls', 'callTranscripts'].map(
      (stream) => normalize(fixture(stream, CALL_A)).interactionKey,
    );

    expect(keys).toEqual([`gong:call:${CALL_A}`, `gong:call:${CALL_A}`, `gong:call:${CALL_A}`]);
  });

  it('gives each stream its own record key', () => {
    const recordKeys = ['calls', 'extensiveCalls', 'callTranscripts'].map(
      (stream) => normalize(fixture(stream, CALL_A)).recordKey,
    );

    expect(new Set(recordKeys).size).toBe(3);
    expect(recordKeys[2]).toBe(`transcript:${CALL_A}`);
  });

  it('takes the call id from metaData over the numeric top-level id', () => {
    const data = { ...fixture('extensiveCalls', CALL_A).data, id: 8023456789012345000 };

    const normalized = gongAdapter.streams.extensiveCalls?.normalize(data, undefined);

    expect(normalized?.interactionKey).toBe(`gong:call:${CALL_A}`);
  });

  it('drops signed media URLs from staged data', () => {
    const normalized = normalize(fixture('extensiveCalls', CALL_A));

    expect(normalized.data.media).toBeUndefined();
    expect(normalized.data.parties).toBeDefined();
  });

  it('rejects a transcript without callId', () => {
    const run = () => gongAdapter.streams.callTranscripts?.normalize({ transcript: [] }, undefined);

    expect(run).toThrow(NormalizeError);
    expect(run).toThrow(/"callId"/);
  });

  it('rejects an extensive call without any id', () => {
    const run = () =>
      gongAdapter.streams.extensiveCalls?.normalize({ metaData: { title: 'x' } }, undefined);

    expect(run).toThrow(NormalizeError);
  });
});

describe('gong parties', () => {
  const normalized = normalize(fixture('extensiveCalls', CALL_A));

  it('observes every party', () => {
    expect(persons(normalized)).toHaveLength(5);
  });

  it('keys internal parties by Gong user id', () => {
    const dana = person(normalized, 'Dana Reyes');

    expect(dana.sourceId).toBe(DANA);
    expect(dana.objectType).toBe('user');
    expect(dana.internal).toBe(true);
    expect(dana.company).toBeUndefined();
  });

  it('keys external parties by lower-cased e-mail', () => {
    const priya = person(normalized, 'Priya Natarajan');

    expect(priya.sourceId).toBe('party:priya.natarajan@northwind.example');
    expect(priya.objectType).toBe('party');
    expect(priya.internal).toBe(false);
    expect(priya.emails).toEqual(['priya.natarajan@northwind.example']);
    expect(priya.phone).toBe('+1 555-0142');
    expect(priya.observedAt?.toISOString()).toBe('2024-06-03T15:02:11.000Z');
  });

  it('keys a party without e-mail by call and party id', () => {
    const dialIn = person(normalized, '+1 555-0199');

    expect(dialIn.sourceId).toBe(`party:${CALL_A}:7005`);
    expect(dialIn.internal).toBe(false);
    expect(dialIn.emails).toEqual([]);
  });

  it('links Salesforce and HubSpot contacts', () => {
    const priya = person(normalized, 'Priya Natarajan');
    const lee = person(normalized, 'Lee Wong');

    expect(priya.linkedIds).toEqual([
      { sourceSystem: 'salesforce', sourceId: '0035g00000PnAtAAAA' },
    ]);
    expect(lee.linkedIds).toEqual([{ sourceSystem: 'hubspot', sourceId: '90210' }]);
  });

  it('hints the call account and e-mail domain', () => {
    const priya = person(normalized, 'Priya Natarajan');

    expect(priya.company).toEqual({
      sourceSystem: 'salesforce',
      sourceId: '0015g00000NwTRDAA3',
      name: 'Northwind Trading',
      domain: 'northwind.example',
    });
  });

  it('takes the account domain over free mail', () => {
    const lee = person(normalized, 'Lee Wong');

    expect(lee.company?.domain).not.toBe('gmail.com');
    expect(lee.company?.domain).toBe('northwind.example');
    expect(lee.company?.sourceId).toBe('0015g00000NwTRDAA3');
  });

  it('keeps only the e-mail domain when it differs from the account', () => {
    const data = structuredClone(fixture('extensiveCalls', CALL_A).data);
    const parties = data.parties as Record<string, unknown>[];
    parties[2] = { ...parties[2], emailAddress: 'priya@partner.example' };

    const observed = gongAdapter.streams.extensiveCalls?.normalize(data, undefined);
    const priya = observed && person(observed, 'Priya Natarajan');

    expect(priya?.company).toEqual({ domain: 'partner.example' });
  });

  it('observes the named call account as a company', () => {
    const companies = normalized.observations.filter(
      (item): item is CompanyObservation => item.type === 'company',
    );

    expect(companies).toEqual([
      {
        type: 'company',
        sourceSystem: 'salesforce',
        sourceId: '0015g00000NwTRDAA3',
        objectType: 'account',
        name: 'Northwind Trading',
        domains: ['northwind.example'],
        observedAt: new Date('2024-06-03T15:02:11Z'),
      },
    ]);
  });

  it('observes no company without an account name', () => {
    const observed = normalize(fixture('extensiveCalls', CALL_B));

    expect(observed.observations.every((item) => item.type === 'person')).toBe(true);
  });
});

describe('gong call build', () => {
  const call = buildCall(CALL_A);

  it('merges metadata from calls and extensive calls', () => {
    expect(call?.key).toBe(`gong:call:${CALL_A}`);
    expect(call?.kind).toBe('call');
    expect(call?.sourceId).toBe(CALL_A);
    expect(call?.callId).toBe(CALL_A);
    expect(call?.stream).toBe('extensiveCalls');
    expect(call?.title).toBe('Northwind Trading | pricing review');
    expect(call?.occurredAt.toISOString()).toBe('2024-06-03T15:02:11.000Z');
    expect(call?.deepLink).toBe(`https://app.gong.io/call?id=${CALL_A}`);
  });

  it('records duration, scope, brief and topics', () => {
    expect(call?.metadata).toMatchObject({
      durationSeconds: 1845,
      scope: 'External',
      direction: 'Outbound',
      isPrivate: false,
      brief: 'Northwind reviewed the volume tiers and asked for a two-year price lock.',
      topics: ['Pricing', 'Next Steps'],
    });
  });

  it('orders sentences by start time', () => {
    const texts = call?.segments.map((segment) => segment.text);

    expect(texts).toEqual([
      'Thanks for joining, everyone.',
      'Today we want to walk through the volume tiers.',
      'Our concern is the jump between the second and third tier.',
      'Could you hold the current price for two years?',
      'A two-year lock is possible with an annual prepay.',
      'I will send the numbers after the call.',
      'Sorry, I joined late from the car.',
    ]);
  });

  it('keeps offsets and topics on segments', () => {
    const first = call?.segments[0];
    const third = call?.segments[2];

    expect(first?.startMs).toBe(1200);
    expect(first?.endMs).toBe(4800);
    expect(first?.topic).toBeUndefined();
    expect(third?.topic).toBe('Pricing');
    expect(third?.deepLink).toBe(`https://app.gong.io/call?id=${CALL_A}`);
  });

  it('keeps sentences without timings', () => {
    const untimed = call?.segments.find((segment) => segment.text.startsWith('I will send'));

    expect(untimed?.startMs).toBeUndefined();
    expect(untimed?.endMs).toBeUndefined();
  });

  it('resolves speakers to parties', () => {
    const speaker = call?.segments[2]?.speaker;

    expect(speaker?.name).toBe('Priya Natarajan');
    expect(speaker?.role).toBe('speaker');
    expect(speaker?.affiliation).toBe('external');
    expect(speaker?.ref).toEqual({
      sourceSystem: 'gong',
      sourceId: 'party:priya.natarajan@northwind.example',
    });
    expect(call?.segments[0]?.speaker?.ref).toEqual({ sourceSystem: 'gong', sourceId: DANA });
  });

  it('names an unknown speaker', () => {
    const speaker = call?.segments.at(-1)?.speaker;

    expect(speaker?.name).toBe('Unknown speaker');
    expect(speaker?.affiliation).toBe('unknown');
    expect(speaker?.ref).toBeUndefined();
    expect(call?.participants).toContain(speaker);
  });

  it('marks silent parties as participants', () => {
    const sam = call?.participants.find((item) => item.name === 'Sam Okafor');
    const dialIn = call?.participants.find((item) => item.name === '+1 555-0199');

    expect(sam?.role).toBe('participant');
    expect(sam?.affiliation).toBe('internal');
    expect(sam?.ref).toEqual({ sourceSystem: 'gong', sourceId: SAM });
    expect(dialIn?.affiliation).toBe('unknown');
    expect(call?.participants).toHaveLength(6);
  });

  it('sets the primary user as owner', () => {
    expect(call?.author?.role).toBe('owner');
    expect(call?.author?.name).toBe('Dana Reyes');
    expect(call?.author?.ref).toEqual({ sourceSystem: 'gong', sourceId: DANA });
  });

  it('lists the account and external domains as companies', () => {
    expect(call?.companies).toEqual([
      {
        sourceSystem: 'salesforce',
        sourceId: '0015g00000NwTRDAA3',
        name: 'Northwind Trading',
        domain: 'northwind.example',
      },
    ]);
  });

  it('adds an external domain the account does not cover', () => {
    const input = records.map((record) => {
      if (record.stream !== 'extensiveCalls' || record.data.id !== CALL_A) return record;
      const data = structuredClone(record.data);
      const parties = data.parties as Record<string, unknown>[];
      parties[3] = { ...parties[3], emailAddress: 'lee@wong-advisory.example' };
      return { ...record, data };
    });

    const domains = buildCall(CALL_A, input)?.companies.map((company) => company.domain);

    expect(domains).toEqual(['northwind.example', 'wong-advisory.example']);
  });

  it('builds the same call in any record order', () => {
    const reversed = buildCall(CALL_A, [...records].reverse());

    expect(reversed?.segments.map((segment) => segment.text)).toEqual(
      call?.segments.map((segment) => segment.text),
    );
    expect(reversed?.title).toBe(call?.title);
  });
});

describe('gong calls without transcript', () => {
  it('uses brief and key points of a private call', () => {
    const call = buildCall(CALL_B);

    expect(call?.metadata.isPrivate).toBe(true);
    expect(call?.segments).toHaveLength(1);
    expect(call?.segments[0]?.text).toBe(
      'Legal teams aligned on the data processing addendum.\n\n' +
        '- Northwind legal accepts the standard DPA.',
    );
    expect(call?.segments[0]?.speaker).toBeUndefined();
    expect(call?.companies).toEqual([{ domain: 'northwind.example' }]);
  });

  it('returns null when no record has text', () => {
    const input = records
      .filter((record) => record.data.id === CALL_B)
      .map((record) =>
        record.stream === 'extensiveCalls'
          ? { ...record, data: { ...record.data, content: {} } }
          : record,
      );

    expect(buildCall(CALL_B, input)).toBeNull();
  });

  it('returns null for calls metadata alone', () => {
    const input = records.filter(
      (record) => record.stream === 'calls' && record.data.id === CALL_A,
    );

    expect(buildCall(CALL_A, input)).toBeNull();
  });
});

describe('gong transcripts before metadata', () => {
  it('builds from a transcript with started', () => {
    const call = buildCall(CALL_C);

    expect(call?.occurredAt.toISOString()).toBe('2024-06-07T13:30:00.000Z');
    expect(call?.stream).toBe('callTranscripts');
    expect(call?.title).toBeUndefined();
    expect(call?.deepLink).toBeUndefined();
    expect(call?.segments[0]?.speaker?.name).toBe('Unknown speaker');
    expect(call?.segments[0]?.text).toBe('Hi, this is Sam from Lumen.');
  });

  it('returns null for a transcript without any time', () => {
    expect(buildCall(CALL_D)).toBeNull();
  });

  it('builds once call metadata arrives', () => {
    const transcript = fixture('callTranscripts', CALL_D);
    const call = {
      stream: 'calls',
      data: { id: CALL_D, started: '2024-06-08T08:00:00Z', title: 'Quick check' },
      emitted_at: transcript.emitted_at + 1,
    };

    const built = buildCall(CALL_D, [transcript, call]);

    expect(built?.occurredAt.toISOString()).toBe('2024-06-08T08:00:00.000Z');
    expect(built?.title).toBe('Quick check');
    expect(built?.stream).toBe('calls');
  });

  it('rejects a key of another source', () => {
    expect(() => gongAdapter.build('slack:C1:1.2', [], context)).toThrow(/gong:call:/);
  });
});
