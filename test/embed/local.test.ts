import { describe, expect, it } from 'vitest';
import { LocalHashEmbedder, tokenize } from '../../src/embed/local.js';

function cosine(a: number[], b: number[]): number {
  return a.reduce((sum, value, index) => sum + value * (b[index] ?? 0), 0);
}

describe('local hash embedder', () => {
  const embedder = new LocalHashEmbedder();

  it('returns unit vectors of the configured size', async () => {
    const [vector] = await embedder.embed(['Pricing for the dispatch team']);

    expect(vector).toHaveLength(384);
    expect(cosine(vector ?? [], vector ?? [])).toBeCloseTo(1, 6);
  });

  it('scores shared words above unrelated text', async () => {
    const [query, related, unrelated] = await embedder.embed([
      'pricing discount',
      'They asked for a discount on pricing',
      'The SOC 2 report goes to their security team',
    ]);

    expect(cosine(query ?? [], related ?? [])).toBeGreaterThan(embedder.minSimilarity);
    expect(cosine(query ?? [], unrelated ?? [])).toBeLessThan(embedder.minSimilarity);
  });

  it('tokenizes without stop words and folds accents', () => {
    expect(tokenize('The Café pricing was discussed')).toEqual(['cafe', 'pric', 'discuss']);
  });
});
