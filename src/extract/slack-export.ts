/**
 * Import of a Slack workspace export: the zip from Slack's "Export data" page, or its unpacked
 * folder. An export contains `users.json`, `channels.json` (plus `groups.json`, `dms.json` and
 * `mpims.json` in exports of all conversations) and one JSON array of messages per conversation
 * and day in `<conversation>/YYYY-MM-DD.json`. Messages become the `channel_messages` and
 * `threads` records of the Airbyte Slack connector, with its added `channel_id` and `float_ts`.
 */
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { logger } from '../logger.js';
import type { PipelineContext } from '../pipeline/context.js';
import { relinkAll } from '../pipeline/index-sync.js';
import {
  addStats,
  type BatchStats,
  emptyStats,
  type IncomingRecord,
  ingestBatch,
  insertDeadLetter,
} from '../pipeline/ingest.js';
import { acquireSyncLease, type SyncLease } from '../pipeline/lock.js';
import { finishRun, startRun, touchDataSource } from '../pipeline/runs.js';
import { slackAdapter } from '../sources/slack.js';
import { loadCheckpointEntry, saveCheckpointEntry } from './checkpoint.js';
import { type ExportFiles, openExportFiles } from './export-files.js';

export interface SlackImportOptions {
  /** A Slack export zip, or the folder it unpacks to. */
  path: string;
  /** Read every file again, even those whose content hash is already checkpointed. */
  full?: boolean | undefined;
  /** Records per transaction; files are never split between two transactions. */
  batchSize?: number | undefined;
  trigger?: string | undefined;
}

export interface SlackImportReport {
  runId: string;
  path: string;
  /** Conversations listed by the export's conversation files. */
  conversations: number;
  files: { read: number; unchanged: number; skipped: number };
  /** Records handed to the pipeline per stream. */
  records: Record<SlackStream, number>;
  totals: BatchStats;
}

type SlackStream = 'users' | 'channels' | 'channel_messages' | 'threads';
type Json = Record<string, unknown>;

/** Checkpoint row: `sync_state` of source `slack`, stream `export`, key `files` (name → hash). */
const CHECKPOINT_STREAM = 'export';
const CHECKPOINT_KEY = 'files';

const USER_FILES = ['users.json', 'org_users.json'];

/** Conversation files and the conversations.list flags their entries lack. */
const CONVERSATION_FILES: Record<string, Json> = {
  'channels.json': { is_channel: true },
  'groups.json': { is_group: true, is_private: true },
  'mpims.json': { is_mpim: true, is_private: true },
  'dms.json': { is_im: true, is_private: true },
};

const DAY_FILE = /^([^/]+)\/\d{4}-\d{2}-\d{2}\.json$/;
const NUMERIC = /^\d+(\.\d+)?$/;
const DEAD_LETTER_TEXT_LIMIT = 10_000;

interface PendingFile {
  name: string;
  hash: string;
}

interface Letter {
  origin: Json;
  raw: string;
  error: string;
}

/** What one import run carries between files: the archive, checkpoints and counters. */
class ImportRun {
  readonly report: SlackImportReport;
  private hashes: Record<string, string>;
  private records: IncomingRecord[] = [];
  private letters: Letter[] = [];
  private files: PendingFile[] = [];

  constructor(
    private readonly ctx: PipelineContext,
    readonly archive: ExportFiles,
    private readonly options: SlackImportOptions,
    runId: string,
    hashes: Record<string, string>,
  ) {
    this.hashes = { ...hashes };
    this.report = {
      runId,
      path: resolve(options.path),
      conversations: 0,
      files: { read: 0, unchanged: 0, skipped: 0 },
      records: { users: 0, channels: 0, channel_messages: 0, threads: 0 },
      totals: emptyStats(),
    };
  }

  /** Reads a file and its content hash; `changed` is false when the checkpoint has that hash. */
  async read(name: string): Promise<{ bytes: Buffer; hash: string; changed: boolean }> {
    const bytes = await this.archive.read(name);
    const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 32);
    const changed = this.options.full === true || this.hashes[name] !== hash;

    return { bytes, hash, changed };
  }

  add(record: IncomingRecord): void {
    this.records.push(record);
    this.report.records[record.stream as SlackStream]++;
  }

  deadLetter(letter: Letter): void {
    this.letters.push(letter);
  }

  /** Marks a file as read and commits when the batch is full, so a file never spans two batches. */
  async finishFile(file: PendingFile): Promise<void> {
    this.files.push(file);
    this.report.files.read++;
    if (this.records.length >= (this.options.batchSize ?? 200)) await this.flush();
  }

  /** Commits the batch, its dead letters and the hashes of its files in one transaction. */
  async flush(): Promise<void> {
    if (this.files.length === 0 && this.records.length === 0 && this.letters.length === 0) return;

    const { ctx, records, letters, files } = this;
    const hashes = { ...this.hashes };
    for (const file of files) hashes[file.name] = file.hash;
    const last = files[files.length - 1];

    const stats = await ctx.db.transaction(async (tx) => {
      const batchStats = await ingestBatch(ctx, tx, slackAdapter, records, this.report.runId);
      for (const letter of letters) {
        await insertDeadLetter(tx, ctx.schema, {
          runId: this.report.runId,
          source: 'slack',
          stream: null,
          ...letter,
        });
      }
      await saveCheckpointEntry(tx, ctx.schema, {
        source: 'slack',
        stream: CHECKPOINT_STREAM,
        key: CHECKPOINT_KEY,
        value: hashes,
        position: last === undefined ? 'export' : `export:${last.name}`,
      });
      return batchStats;
    });

    stats.deadLetters += letters.length;
    addStats(this.report.totals, stats);
    this.hashes = hashes;
    this.records = [];
    this.letters = [];
    this.files = [];
  }
}

/**
 * Import a Slack export into the pipeline. Users and conversations commit first, then the
 * day files of each conversation in batches. Each batch commits with the content hashes of its
 * files, so a repeated import reads nothing, and an edited or longer export rereads only the
 * files that differ (their unchanged messages are recognised by the pipeline's content hashes).
 */
export async function importSlackExport(
  ctx: PipelineContext,
  options: SlackImportOptions,
): Promise<SlackImportReport> {
  const archive = await openExportFiles(options.path, [...USER_FILES, 'channels.json']);
  try {
    if (!archive.names.some((name) => USER_FILES.includes(name) || name === 'channels.json')) {
      throw new Error(
        `${options.path} is not a Slack export: it has no users.json or channels.json. ` +
          'Pass the zip from Slack\'s "Export data" page or the folder it unpacks to.',
      );
    }

    return await importArchive(ctx, archive, options);
  } finally {
    await archive.close();
  }
}

async function importArchive(
  ctx: PipelineContext,
  archive: ExportFiles,
  options: SlackImportOptions,
): Promise<SlackImportReport> {
  const path = resolve(options.path);
  const hashes = options.full
    ? {}
    : ((await loadCheckpointEntry<Record<string, string>>(
        ctx.db,
        ctx.schema,
        'slack',
        CHECKPOINT_STREAM,
        CHECKPOINT_KEY,
      )) ?? {});
  const runId = await startRun(ctx.db, ctx.schema, options.trigger ?? 'cli', { slackExport: path });
  const run = new ImportRun(ctx, archive, options, runId, hashes);
  ctx.buildContexts?.clear();

  let lease: SyncLease | undefined;
  try {
    lease = await acquireSyncLease(ctx.db, ctx.schema, runId);
    const folders = await importDirectory(run);
    run.report.conversations = new Set(folders.values()).size;
    await importDays(run, folders);

    await touchDataSource(ctx.db, ctx.schema, 'slack', `slack-export:${path}`, { path });
    if (run.report.totals.changed > 0) {
      await ctx.db.transaction((tx) => relinkAll(ctx, tx));
    }
    await finishRun(ctx.db, ctx.schema, runId, 'succeeded', run.report);
  } catch (error) {
    await finishRun(ctx.db, ctx.schema, runId, 'failed', run.report, error);
    throw error;
  } finally {
    await lease?.release();
  }

  return run.report;
}

/**
 * Imports users and conversations, and returns the conversation id of each day-file folder.
 * Folders are named after the channel, or after the conversation id for direct messages.
 */
async function importDirectory(run: ImportRun): Promise<Map<string, string>> {
  const folders = new Map<string, string>();
  const userFile = USER_FILES.find((name) => run.archive.names.includes(name));
  const files: [string, SlackStream, Json][] = [
    ...(userFile === undefined ? [] : [[userFile, 'users', {}] as [string, SlackStream, Json]]),
    ...Object.entries(CONVERSATION_FILES)
      .filter(([name]) => run.archive.names.includes(name))
      .map(([name, flags]): [string, SlackStream, Json] => [name, 'channels', flags]),
  ];

  for (const [name, stream, flags] of files) {
    const { bytes, hash, changed } = await run.read(name);
    // Unchanged conversation files are still parsed, because day-file folders are named after them.
    const items = parseArrayFile(run, name, bytes, changed);

    for (const [index, item] of items.entries()) {
      if (stream === 'channels') learnFolder(folders, item);
      if (!changed) continue;
      run.add({
        stream,
        data: stream === 'channels' ? conversationRecord(item, flags) : item,
        origin: { file: name, index },
      });
    }

    if (changed) await run.finishFile({ name, hash });
    else run.report.files.unchanged++;
  }
  // Messages refer to users and channels, so these commit before any message.
  await run.flush();

  return folders;
}

function learnFolder(folders: Map<string, string>, conversation: Json): void {
  const id = typeof conversation.id === 'string' ? conversation.id : undefined;
  if (id === undefined) return;
  folders.set(id, id);
  if (typeof conversation.name === 'string') folders.set(conversation.name, id);
}

/** A conversations.list object from an export entry: old exports write numbers as strings. */
function conversationRecord(item: Json, flags: Json): Json {
  const record: Json = { ...flags, ...item };
  if (typeof record.created === 'string' && NUMERIC.test(record.created)) {
    record.created = Number(record.created);
  }
  for (const field of ['topic', 'purpose']) {
    const value = record[field];
    if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    const lastSet = (value as Json).last_set;
    if (typeof lastSet === 'string' && NUMERIC.test(lastSet)) {
      record[field] = { ...(value as Json), last_set: Number(lastSet) };
    }
  }

  return record;
}

async function importDays(run: ImportRun, folders: Map<string, string>): Promise<void> {
  const unknownFolders = new Set<string>();

  for (const name of run.archive.names) {
    const folder = DAY_FILE.exec(name)?.[1];
    if (folder === undefined) continue;

    const channelId = folders.get(folder);
    if (channelId === undefined) {
      if (!unknownFolders.has(folder)) {
        logger.warn(
          { folder },
          'Slack export folder matches no conversation in channels.json, groups.json, mpims.json or dms.json; its files are skipped',
        );
      }
      unknownFolders.add(folder);
      run.report.files.skipped++;
      continue;
    }

    const { bytes, hash, changed } = await run.read(name);
    if (!changed) {
      run.report.files.unchanged++;
      continue;
    }

    for (const [index, message] of parseArrayFile(run, name, bytes, true).entries()) {
      run.add({
        stream: messageStream(message),
        data: messageRecord(message, channelId),
        origin: { file: name, index },
      });
    }
    await run.finishFile({ name, hash });
  }

  await run.flush();
}

/** Replies go to `threads`; parents and unthreaded messages to `channel_messages`. */
function messageStream(message: Json): SlackStream {
  const threadTs = message.thread_ts;

  return typeof threadTs === 'string' && threadTs !== message.ts ? 'threads' : 'channel_messages';
}

/** A message with the fields the Airbyte connector adds: `channel_id` and `float_ts`. */
function messageRecord(message: Json, channelId: string): Json {
  const record: Json = { ...message, channel_id: channelId };
  const floatTs = typeof message.ts === 'string' ? Number(message.ts) : Number.NaN;
  if (Number.isFinite(floatTs)) record.float_ts = floatTs;

  return record;
}

/**
 * Parses a file that must hold a JSON array of objects. A file that is not valid JSON, or an
 * entry that is not an object, goes to the dead letters when `report` is set, and the rest of the
 * export goes on.
 */
function parseArrayFile(run: ImportRun, name: string, bytes: Buffer, report: boolean): Json[] {
  const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const deadLetter = (letter: Letter) => {
    if (report) run.deadLetter(letter);
  };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    deadLetter({
      origin: { file: name },
      raw: text.slice(0, DEAD_LETTER_TEXT_LIMIT),
      error: `${name} is not valid JSON: ${(error as Error).message}`,
    });
    return [];
  }
  if (!Array.isArray(value)) {
    deadLetter({
      origin: { file: name },
      raw: text.slice(0, DEAD_LETTER_TEXT_LIMIT),
      error: `${name} holds a JSON ${typeof value}, expected an array of objects`,
    });
    return [];
  }

  return value.flatMap((item, index) => {
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) return [item as Json];
    deadLetter({
      origin: { file: name, index },
      raw: JSON.stringify(item),
      error: `entry ${index} of ${name} is ${item === null ? 'null' : typeof item}, expected an object`,
    });
    return [];
  });
}
