import { describe, expect, it } from 'vitest';
import { formatErReport, runErBenchmark } from '../../bench/er.js';
import { pairwiseScores } from '../../bench/er-metrics.js';
import { generateWorld } from '../../bench/er-world.js';

describe('pairwiseScores', () => {
  it('counts pairs through the contingency table', () => {
    const truth = new Map([
      ['a', 'x'],
      ['b', 'x'],
      ['c', 'x'],
      ['d', 'y'],
    ]);
    const predicted = new Map([
      ['a', '1'],
      ['b', '1'],
      ['c', '2'],
      ['d', '2'],
    ]);

    const scores = pairwiseScores(truth, (record) => predicted.get(record));

    expect(scores.truePairs).toBe(3);
    expect(scores.predictedPairs).toBe(2);
    expect(scores.correctPairs).toBe(1);
    expect(scores.precision).toBe(0.5);
    expect(scores.recall).toBeCloseTo(1 / 3, 10);
  });

  it('treats unresolved records as singletons', () => {
    const truth = new Map([
      ['a', 'x'],
      ['b', 'x'],
    ]);
    const scores = pairwiseScores(truth, () => undefined);

    expect(scores.predictedPairs).toBe(0);
    expect(scores.recall).toBe(0);
  });
});

describe('generateWorld', () => {
  it('is the same for the same seed', () => {
    const a = generateWorld({ seed: 3, minPersonRecords: 500, batchSize: 100 });
    const b = generateWorld({ seed: 3, minPersonRecords: 500, batchSize: 100 });

    expect(JSON.stringify(a.batches)).toBe(JSON.stringify(b.batches));
    expect([...a.personTruth]).toEqual([...b.personTruth]);
  });

  it('labels every person record and has the hard cases', () => {
    const world = generateWorld({ seed: 5, minPersonRecords: 3000, batchSize: 1000 });
    const people = world.batches.flat().filter((observation) => observation.type === 'person');

    for (const observation of people) {
      expect(world.personTruth.has(`${observation.sourceSystem}:${observation.sourceId}`)).toBe(
        true,
      );
    }
    expect(world.personTruth.size).toBeGreaterThanOrEqual(2900);
    expect(world.stats.moved).toBeGreaterThan(0);
    expect(world.stats.sameNameOtherCompany).toBeGreaterThan(0);
    expect(world.stats.internalPeople).toBeGreaterThan(0);
  });
});

describe('runErBenchmark', () => {
  it('scores a small world and says why labelled sets were skipped', async () => {
    const report = await runErBenchmark({ worldRecords: 2000, batchSize: 500 });

    expect(report.skipped).toEqual(['labelled sets skipped: SOPHIA_ER_DATASETS is not set']);
    expect(report.rows.map((row) => row.set)).toEqual([
      'generated world, one batch: persons',
      'generated world, one batch: companies',
      'generated world, batches of 500: persons',
      'generated world, batches of 500: companies',
    ]);
    for (const row of report.rows) expect(row.f1).toBeGreaterThan(0.9);
    expect(formatErReport(report)).toContain('| generated world, one batch: persons | person |');
  });

  it('reports missing labelled files by name', async () => {
    const report = await runErBenchmark({
      datasetsDir: '/nonexistent-er-datasets',
      worldRecords: 300,
    });

    expect(report.skipped).toContain(
      'labelled set skipped: splink_fake_1000/fake_1000_from_splink_demos.csv not found',
    );
  });
});
