/**
 * Threshold sweep for the resolver: scores every labelled set and a generated world under a grid
 * of person and company thresholds, changing one at a time from the defaults, and prints
 * pairwise precision, recall and F1 for each. The defaults in src/resolve/resolver.ts were chosen from its output.
 *
 * Run: `npx tsc && SOPHIA_ER_DATASETS=<dir> node dist/bench/er-thresholds.js`.
 * SOPHIA_ER_RECORDS sets the generated world's size (default 20000).
 */
import { pathToFileURL } from 'node:url';
import type { EntityObservation } from '../src/model.js';
import { MemoryStore } from '../src/resolve/memory-store.js';
import { DEFAULT_THRESHOLDS, resolveBatch } from '../src/resolve/resolver.js';
import type { ResolveOptions } from '../src/resolve/types.js';
import { loadLabelledSets } from './er-datasets.js';
import { pairwiseScores } from './er-metrics.js';
import { generateWorld } from './er-world.js';

interface ScoredSet {
  name: string;
  entityType: 'person' | 'company';
  batches: EntityObservation[][];
  truth: Map<string, string>;
}

/** Values tried for each person option, one option at a time; 2 turns a rule off. */
const PERSON_GRID: [keyof ResolveOptions, number[]][] = [
  ['personNameThreshold', [0.8, 0.84, 0.86, 0.88, 0.9, 0.92, 0.94, 0.96]],
  ['conflictingEmailThreshold', [0.9, 0.95, 0.98, 1, 2]],
  ['similarEmailThreshold', [0.6, 0.7, 0.8, 0.9, 2]],
  ['differentEmailThreshold', [0.86, 0.9, 0.95, 2]],
  ['differentCityThreshold', [0.9, 0.95, 0.97, 2]],
  ['personNamePartFloor', [0, 0.6, 0.7, 0.8, 0.85, 0.9]],
  ['personNameFloor', [0, 0.3, 0.5, 0.7]],
];
const COMPANY_THRESHOLDS = [0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 2];

async function score(set: ScoredSet, options: ResolveOptions): Promise<string> {
  const store = new MemoryStore();
  let next = 0;
  for (const batch of set.batches) {
    store.apply(await resolveBatch(batch, store, { ...options, newId: () => `e${next++}` }));
  }

  const result = pairwiseScores(set.truth, (record) => {
    const colon = record.indexOf(':');
    return store.entityIdOf(set.entityType, record.slice(0, colon), record.slice(colon + 1));
  });

  return `P ${result.precision.toFixed(4)}  R ${result.recall.toFixed(4)}  F1 ${result.f1.toFixed(4)}`;
}

async function main(): Promise<void> {
  const sets: ScoredSet[] = [];
  const dir = process.env.SOPHIA_ER_DATASETS;
  if (dir !== undefined && dir !== '') {
    for (const set of loadLabelledSets(dir).sets) {
      sets.push({
        name: set.name,
        entityType: set.entityType,
        batches: [set.observations],
        truth: set.truth,
      });
    }
  } else {
    process.stdout.write('labelled sets skipped: SOPHIA_ER_DATASETS is not set\n');
  }

  const world = generateWorld({
    seed: 7,
    minPersonRecords: Number(process.env.SOPHIA_ER_RECORDS ?? 20_000),
    batchSize: 5000,
  });
  sets.push(
    {
      name: 'generated world: persons',
      entityType: 'person',
      batches: world.batches,
      truth: world.personTruth,
    },
    {
      name: 'generated world: companies',
      entityType: 'company',
      batches: world.batches,
      truth: world.companyTruth,
    },
  );

  const write = (line: string) => process.stdout.write(`${line}\n`);
  for (const set of sets) {
    write(`\n## ${set.name}`);
    if (set.entityType === 'company') {
      for (const companyNameThreshold of COMPANY_THRESHOLDS) {
        write(
          `companyNameThreshold ${companyNameThreshold}: ${await score(set, { companyNameThreshold })}`,
        );
      }
      continue;
    }
    for (const [option, values] of PERSON_GRID) {
      for (const value of values) {
        write(`${option} ${value}: ${await score(set, { [option]: value })}`);
      }
    }
  }
  write(`\ndefaults: ${JSON.stringify(DEFAULT_THRESHOLDS)}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  });
}
