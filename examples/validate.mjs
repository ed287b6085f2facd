#!/usr/bin/env node
/**
 * Checks the example Airbyte output: every line is one AirbyteMessage, and the cross-system
 * quirks examples/README.md promises are really present.
 *
 * Usage: node examples/validate.mjs   (exit code 1 when a check fails)
 */

import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { salesforceChecksum } from './generator/ids.mjs';

const SOURCES = ['gong', 'slack', 'hubspot', 'salesforce'];
const MESSAGE_TYPES = new Set(['RECORD', 'STATE', 'LOG', 'TRACE']);
const LOG_LEVELS = new Set(['FATAL', 'ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE']);
const SALESFORCE_PREFIXES = {
  Account: '001',
  Contact: '003',
  User: '005',
  Note: '002',
  Task: '00T',
  ContentNote: '069',
  ContentDocumentLink: '06A',
};

function isObject(value) {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Returns a problem description for a line that is not a valid AirbyteMessage, else null. */
function envelopeProblem(message) {
  if (!isObject(message) || !MESSAGE_TYPES.has(message.type))
    return `unexpected type ${JSON.stringify(message?.type)}`;

  if (message.type === 'RECORD') {
    const { record } = message;
    if (!isObject(record)) return 'RECORD without a record object';
    if (typeof record.stream !== 'string' || record.stream === '')
      return 'RECORD without a stream name';
    if (!isObject(record.data)) return 'RECORD without a data object';
    if (!Number.isInteger(record.emitted_at))
      return 'RECORD emitted_at is not integer epoch milliseconds';
  }
  if (message.type === 'STATE') {
    const { state } = message;
    if (!isObject(state) || state.type !== 'STREAM') return 'STATE is not a STREAM state';
    if (typeof state.stream?.stream_descriptor?.name !== 'string')
      return 'STATE without stream_descriptor.name';
  }
  if (message.type === 'LOG') {
    if (!LOG_LEVELS.has(message.log?.level) || typeof message.log?.message !== 'string')
      return 'LOG without level or message';
  }
  if (message.type === 'TRACE') {
    if (typeof message.trace?.type !== 'string' || typeof message.trace?.emitted_at !== 'number') {
      return 'TRACE without type or emitted_at';
    }
  }

  return null;
}

/** Reads every `<source>/*.jsonl` file, returning messages per source and envelope problems. */
function readMessages(root, problems) {
  const bySource = {};
  for (const source of SOURCES) {
    bySource[source] = [];
    const dir = join(root, source);
    for (const name of readdirSync(dir)
      .filter((n) => n.endsWith('.jsonl'))
      .sort()) {
      const lines = readFileSync(join(dir, name), 'utf8').split('\n');
      lines.forEach((line, index) => {
        if (line === '') return;
        const where = `${source}/${name}:${index + 1}`;
        let message;
        try {
          message = JSON.parse(line);
        } catch (error) {
          problems.push(`${where}: invalid JSON (${error.message})`);
          return;
        }
        const problem = envelopeProblem(message);
        if (problem) problems.push(`${where}: ${problem}`);
        else bySource[source].push({ where, message });
      });
    }
  }

  return bySource;
}

function recordsOf(messages, stream) {
  return messages
    .filter((m) => m.message.type === 'RECORD' && m.message.record.stream === stream)
    .map((m) => m.message.record.data);
}

function expect(problems, condition, description) {
  if (!condition) problems.push(description);
}

function checkGong(messages, problems) {
  const calls = recordsOf(messages, 'calls');
  const extensive = recordsOf(messages, 'extensiveCalls');
  const transcripts = recordsOf(messages, 'callTranscripts');
  const callIds = new Set(calls.map((c) => c.id));

  for (const call of extensive) {
    expect(
      problems,
      call.id === call.metaData.id,
      `gong: extensiveCalls id ${call.id} differs from metaData.id`,
    );
  }
  for (const call of calls.filter((c) => c.isPrivate)) {
    expect(
      problems,
      !transcripts.some((t) => t.callId === call.id),
      `gong: private call ${call.id} has a transcript`,
    );
  }

  let orphanSpeakerCalls = 0;
  for (const transcript of transcripts) {
    expect(
      problems,
      callIds.has(transcript.callId),
      `gong: transcript for unknown call ${transcript.callId}`,
    );
    const sentences = transcript.transcript.flatMap((m) => m.sentences);
    expect(
      problems,
      sentences.length >= 20 && sentences.length <= 60,
      `gong: call ${transcript.callId} has ${sentences.length} sentences; expected 20-60`,
    );
    sentences.forEach((s, i) => {
      expect(
        problems,
        s.start < s.end,
        `gong: call ${transcript.callId} sentence ${i} ends before it starts`,
      );
      if (i > 0)
        expect(
          problems,
          s.start >= sentences[i - 1].end,
          `gong: call ${transcript.callId} sentence ${i} overlaps the previous one`,
        );
    });

    const parties = extensive.find((c) => c.id === transcript.callId)?.parties ?? [];
    const speakerIds = new Set(parties.map((p) => p.speakerId).filter(Boolean));
    if (transcript.transcript.some((m) => !speakerIds.has(m.speakerId))) orphanSpeakerCalls++;
  }
  expect(
    problems,
    orphanSpeakerCalls === 1,
    `gong: ${orphanSpeakerCalls} transcripts have a speaker no party has; expected 1`,
  );
}

function checkSlack(messages, problems) {
  const history = recordsOf(messages, 'channel_messages');
  const threads = recordsOf(messages, 'threads');
  const key = (m) => `${m.channel_id}:${m.ts}`;
  const historyKeys = new Set(history.map(key));
  const threadKeys = new Set(threads.map(key));

  for (const parent of history.filter((m) => m.reply_count > 0)) {
    expect(
      problems,
      threadKeys.has(key(parent)),
      `slack: thread parent ${key(parent)} missing from threads`,
    );
  }
  for (const reply of threads.filter((m) => m.thread_ts && m.thread_ts !== m.ts)) {
    expect(
      problems,
      historyKeys.has(`${reply.channel_id}:${reply.thread_ts}`),
      `slack: reply ${key(reply)} has no parent in channel_messages`,
    );
  }
  for (const message of [...history, ...threads]) {
    expect(
      problems,
      message.float_ts === Number(message.ts),
      `slack: ${key(message)} float_ts does not match ts`,
    );
  }
  const knownUsers = new Set([
    ...recordsOf(messages, 'users').map((u) => u.id),
    ...recordsOf(messages, 'channel_members').map((m) => m.member_id),
  ]);
  for (const message of history) {
    for (const [, userId] of (message.text ?? '').matchAll(/<@(U[A-Z0-9]+)>/g)) {
      expect(
        problems,
        knownUsers.has(userId),
        `slack: ${key(message)} mentions unknown user ${userId}`,
      );
    }
  }
  expect(
    problems,
    history.length >= 30 && history.length <= 50,
    `slack: ${history.length} channel_messages; expected 30-50`,
  );
  expect(
    problems,
    history.some((m) => m.subtype === 'bot_message'),
    'slack: no bot_message',
  );
  expect(
    problems,
    history.some((m) => m.subtype === 'channel_join'),
    'slack: no channel_join',
  );
}

function checkHubspot(messages, problems) {
  let duplicateAssociations = 0;
  for (const { message } of messages.filter((m) => m.message.type === 'RECORD')) {
    const { stream, data } = message.record;
    expect(
      problems,
      typeof data.id === 'string',
      `hubspot: ${stream} id ${data.id} is not a string`,
    );
    if (!isObject(data.properties)) continue;

    for (const [name, value] of Object.entries(data.properties)) {
      expect(
        problems,
        data[`properties_${name}`] === value,
        `hubspot: ${stream} ${data.id} properties_${name} differs from properties.${name}`,
      );
    }
    for (const association of ['contacts', 'companies']) {
      const ids = data[association] ?? [];
      if (new Set(ids).size < ids.length) duplicateAssociations++;
    }
  }
  expect(
    problems,
    duplicateAssociations > 0,
    'hubspot: no record carries a duplicate association id',
  );
}

function checkSalesforce(messages, problems) {
  for (const { message } of messages.filter((m) => m.message.type === 'RECORD')) {
    const { stream, data } = message.record;
    expect(
      problems,
      data.attributes?.type === stream,
      `salesforce: ${stream} ${data.Id} attributes.type is ${data.attributes?.type}`,
    );
    const id = data.Id;
    expect(
      problems,
      typeof id === 'string' && id.length === 18,
      `salesforce: ${stream} id ${id} is not 18 characters`,
    );
    expect(
      problems,
      id.startsWith(SALESFORCE_PREFIXES[stream]),
      `salesforce: ${stream} id ${id} lacks prefix ${SALESFORCE_PREFIXES[stream]}`,
    );
    expect(
      problems,
      salesforceChecksum(id.slice(0, 15)) === id,
      `salesforce: ${stream} id ${id} has a wrong checksum suffix`,
    );
  }
}

/** Validates the example tree under `root`; returns the problems found and a one-line summary. */
export function validateExamples(root) {
  const problems = [];
  const bySource = readMessages(root, problems);

  checkGong(bySource.gong, problems);
  checkSlack(bySource.slack, problems);
  checkHubspot(bySource.hubspot, problems);
  checkSalesforce(bySource.salesforce, problems);

  const counts = SOURCES.map((source) => {
    const records = bySource[source].filter((m) => m.message.type === 'RECORD').length;
    return `${source} ${records} records`;
  });

  return { problems, summary: `examples: ${counts.join(', ')}` };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { problems, summary } = validateExamples(dirname(fileURLToPath(import.meta.url)));
  process.stderr.write(`${summary}\n`);
  if (problems.length > 0) {
    process.stderr.write(
      `${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}\n`,
    );
    process.exit(1);
  }
}
