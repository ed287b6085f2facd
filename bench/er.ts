/**
 * Entity-resolution benchmark: pairwise precision, recall and F1, and records resolved per
 * second, on a generated cross-system world and, when SOPHIA_ER_DATASETS names a folder of
 * public labelled sets, on those too.
 *
 * Run: `npx tsc && node dist/bench/er.js`. Environment: SOPHIA_ER_DATASETS (folder, optional),
 * SOPHIA_ER_RECORDS (person records in the generated world, default 100000),
 * SOPHIA_ER_SEED (default 20240601).
 */
import { pathToFileURL } from 'node:url';
import type { EntityObservation } from '../src/model.js';
import { MemoryStore } from '../src/resolve/memory-store.js';
import { resolveBatch } from '../src/resolve/resolver.js';
import type { ResolveOptions } from '../src/resolve/types.js';
import { type LabelledSet, loadLabelledSets } from './er-datasets.js';
import { type PairwiseScores, pairwiseScores } from './er-metrics.js';
import { generateWorld } from './er-world.js';

/** The aim each counted set is held to. */
export const ER_AIM = { f1: 0.95, seconds: 10, records: 100_000 } as const;

export interface ErBenchmarkRow extends PairwiseScores {
  set: string;
  entityType: 'person' | 'company';
  mapping: string;
  /** Wall-clock seconds to resolve every batch of the set, loading and applying included. */
  seconds: number;
  recordsPerSecond: number;
  informational: boolean;
}

export interface ErBenchmarkReport {
  rows: ErBenchmarkRow[];
  /** Why labelled sets were not run, when they were not. */
  skipped: string[];
  worldStats: Record<string, number>;
}

export interface ErBenchmarkOptions {
  datasetsDir?: string | undefined;
  worldRecords?: number | undefined;
  seed?: number | undefined;
  batchSize?: number | undefined;
  resolve?: ResolveOptions | undefined;
}

/** Runs the benchmark and returns one row per scored set. */
export async function runErBenchmark(options: ErBenchmarkOptions = {}): Promise<ErBenchmarkReport> {
  const rows: ErBenchmarkRow[] = [];
  const skipped: string[] = [];
  const resolve = { ...options.resolve, newId: counterIds() };

  if (options.datasetsDir === undefined || options.datasetsDir === '') {
    skipped.push('labelled sets skipped: SOPHIA_ER_DATASETS is not set');
  } else {
    const { sets, missing } = loadLabelledSets(options.datasetsDir);
    for (const file of missing) skipped.push(`labelled set skipped: ${file} not found`);
    for (const set of sets) rows.push(await scoreLabelledSet(set, resolve));
  }

  const world = generateWorld({
    seed: options.seed ?? 20240601,
    minPersonRecords: options.worldRecords ?? ER_AIM.records,
    batchSize: options.batchSize ?? 5000,
  });
  const run = await resolveInBatches(world.batches, resolve);
  const personCount = world.personTruth.size;
  rows.push(
    row('generated world: persons', 'person', 'see bench/er-world.ts', run, personCount, {
      ...pairwiseScores(world.personTruth, (record) => predicted(run.store, 'person', record)),
    }),
    row('generated world: companies', 'company', 'see bench/er-world.ts', run, world.companyTruth.size, {
      ...pairwiseScores(world.companyTruth, (record) => predicted(run.store, 'company', record)),
    }),
  );

  return { rows, skipped, worldStats: world.stats };
}

async function scoreLabelledSet(set: LabelledSet, resolve: ResolveOptions): Promise<ErBenchmarkRow> {
  const run = await resolveInBatches([set.observations], resolve);
  const scores = pairwiseScores(set.truth, (record) => predicted(run.store, set.entityType, record));

  return {
    ...row(set.name, set.entityType, set.mapping, run, set.observations.length, scores),
    informational: set.informational ?? false,
  };
}

interface Run {
  store: MemoryStore;
  seconds: number;
  observations: number;
}

/** Resolves batches one after another through a MemoryStore, as a sync would. */
async function resolveInBatches(
  batches: EntityObservation[][],
  options: ResolveOptions,
): Promise<Run> {
  const store = new MemoryStore();
  let observations = 0;
  const started = performance.now();

  for (const batch of batches) {
    store.apply(await resolveBatch(batch, store, options));
    observations += batch.length;
  }

  return { store, seconds: (performance.now() - started) / 1000, observations };
}

function row(
  set: string,
  entityType: 'person' | 'company',
  mapping: string,
  run: Run,
  records: number,
  scores: PairwiseScores,
): ErBenchmarkRow {
  return {
    set,
    entityType,
    mapping,
    ...scores,
    records,
    seconds: run.seconds,
    recordsPerSecond: run.observations / run.seconds,
    informational: false,
  };
}

function predicted(store: MemoryStore, type: 'person' | 'company', record: string) {
  const colon = record.indexOf(':');
  return store.entityIdOf(type, record.slice(0, colon), record.slice(colon + 1));
}

/** Deterministic ids, so two runs of the benchmark produce the same entities. */
function counterIds(): () => string {
  let next = 0;
  return () => `00000000-0000-4000-8000-${(next++).toString(16).padStart(12, '0')}`;
}

/** Renders the report as a Markdown table, with the aim and the skipped sets below it. */
export function formatErReport(report: ErBenchmarkReport): string {
  const lines = [
    '| set | type | records | precision | recall | F1 | seconds | records/s |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of report.rows) {
    const name = r.informational ? `${r.set} (informational)` : r.set;
    lines.push(
      `| ${name} | ${r.entityType} | ${r.records} | ${r.precision.toFixed(4)} | ${r.recall.toFixed(4)} | ` +
        `${r.f1.toFixed(4)} | ${r.seconds.toFixed(2)} | ${Math.round(r.recordsPerSecond)} |`,
    );
  }

  lines.push('', `Aim: F1 >= ${ER_AIM.f1} on every counted set; ${ER_AIM.records} records in <= ${ER_AIM.seconds} s.`);
  for (const r of report.rows) {
    if (!r.informational && r.f1 < ER_AIM.f1) lines.push(`Below the F1 aim: ${r.set} (${r.f1.toFixed(4)}).`);
  }
  for (const reason of report.skipped) lines.push(reason);

  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const records = Number(process.env.SOPHIA_ER_RECORDS ?? ER_AIM.records);
  const seed = Number(process.env.SOPHIA_ER_SEED ?? 20240601);
  if (!Number.isInteger(records) || records < 1) {
    throw new Error(`SOPHIA_ER_RECORDS must be a positive integer, got "${process.env.SOPHIA_ER_RECORDS}"`);
  }

  const report = await runErBenchmark({ datasetsDir: process.env.SOPHIA_ER_DATASETS, worldRecords: records, seed });
  process.stdout.write(formatErReport(report));
  process.stdout.write(`\nGenerated world: ${JSON.stringify(report.worldStats)}\n`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
