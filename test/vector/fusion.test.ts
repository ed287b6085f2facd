import { describe, expect, it } from 'vitest';
import { fuseRankings, RRF_K, validatePassages } from '../../src/vector/store.js';
import { buildWorld } from './fixtures.js';

const hit = (passageId: string, raw: number) => ({
  passageId,
  interactionId: `i-${passageId}`,
  raw,
});

describe('fuseRankings', () => {
  it('adds weighted reciprocal ranks', () => {
    const fused = fuseRankings(
      [
        { weight: 0.25, hits: [hit('a', 9), hit('b', 3)] },
        { weight: 0.75, hits: [hit('b', 0.9), hit('c', 0.5)] },
      ],
      'ranked',
      10,
    );

    expect(fused.map((entry) => entry.passageId)).toEqual(['b', 'c', 'a']);
    expect(fused[0]?.score).toBeCloseTo(0.25 / (RRF_K + 2) + 0.75 / (RRF_K + 1), 12);
    expect(fused[2]?.score).toBeCloseTo(0.25 / (RRF_K + 1), 12);
    expect(fused[0]?.interactionId).toBe('i-b');
  });

  it('normalizes relative scores per ranking', () => {
    const fused = fuseRankings(
      [
        { weight: 0.5, hits: [hit('a', 10), hit('b', 6), hit('c', 2)] },
        { weight: 0.5, hits: [hit('c', 0.8), hit('a', 0.2)] },
      ],
      'relativeScore',
      10,
    );

    expect(fused.map((entry) => [entry.passageId, entry.score])).toEqual([
      ['a', 0.5],
      ['c', 0.5],
      ['b', 0.25],
    ]);
  });

  it('gives a single hit full weight', () => {
    const fused = fuseRankings([{ weight: 0.3, hits: [hit('a', 4)] }], 'relativeScore', 10);

    expect(fused).toEqual([{ passageId: 'a', interactionId: 'i-a', score: 0.3 }]);
  });

  it('breaks ties by passage id and cuts to the limit', () => {
    const fused = fuseRankings(
      [
        { weight: 0.5, hits: [hit('b', 1)] },
        { weight: 0.5, hits: [hit('a', 1)] },
      ],
      'ranked',
      1,
    );

    expect(fused.map((entry) => entry.passageId)).toEqual(['a']);
  });
});

describe('validatePassages', () => {
  it('reports each invalid passage', () => {
    const [good, other] = buildWorld().passages;
    if (good === undefined || other === undefined) throw new Error('fixture world has no passages');
    const cases = [
      { ...good, id: 'not-a-uuid' },
      { ...good, id: other.id, ordinal: -1 },
      { ...other, occurredAt: new Date('nope') },
      { ...other, vector: other.vector.map(() => Number.NaN) },
      { ...other, companyIds: ['acme'] },
      good,
      good,
    ];

    const { valid, errors } = validatePassages(cases, other.vector.length);

    expect(valid.map((entry) => entry.index)).toEqual([5]);
    expect(errors.map((error) => error.index)).toEqual([0, 1, 2, 3, 4, 6]);
    expect(errors[0]?.message).toMatch(/Invalid passage id "not-a-uuid"/);
    expect(errors[1]?.message).toMatch(/Invalid ordinal -1/);
    expect(errors[2]?.message).toMatch(/Invalid occurredAt/);
    expect(errors[3]?.message).toMatch(/NaN/);
    expect(errors[4]?.message).toMatch(/Invalid entity id "acme"/);
    expect(errors[5]?.message).toMatch(/Duplicate passage id/);
  });
});
