/** Pairwise precision and recall of a clustering against known truth. */

export interface PairwiseScores {
  records: number;
  truePairs: number;
  predictedPairs: number;
  correctPairs: number;
  precision: number;
  recall: number;
  f1: number;
}

/**
 * Scores predicted clusters against true ones over the records present in `truth`, counting
 * record pairs: a pair is predicted when both records got one entity id, and true when both
 * have one true id. Runs in linear time through the contingency table, never over all pairs.
 */
export function pairwiseScores(
  truth: ReadonlyMap<string, string>,
  predicted: (record: string) => string | undefined,
): PairwiseScores {
  const trueSizes = new Map<string, number>();
  const predictedSizes = new Map<string, number>();
  const cellSizes = new Map<string, number>();
  let records = 0;
  let unresolved = 0;

  for (const [record, trueId] of truth) {
    // A record without an entity counts as its own singleton cluster.
    const predictedId = predicted(record) ?? `unresolved:${unresolved++}`;
    records++;
    increment(trueSizes, trueId);
    increment(predictedSizes, predictedId);
    increment(cellSizes, `${trueId}\u0000${predictedId}`);
  }

  const truePairs = sumPairs(trueSizes);
  const predictedPairs = sumPairs(predictedSizes);
  const correctPairs = sumPairs(cellSizes);
  const precision = predictedPairs === 0 ? 1 : correctPairs / predictedPairs;
  const recall = truePairs === 0 ? 1 : correctPairs / truePairs;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);

  return { records, truePairs, predictedPairs, correctPairs, precision, recall, f1 };
}

function increment(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function sumPairs(sizes: Map<string, number>): number {
  let total = 0;
  for (const size of sizes.values()) total += (size * (size - 1)) / 2;

  return total;
}
