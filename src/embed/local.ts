import { LOCAL_EMBEDDING_DIMENSIONS, LOCAL_EMBEDDING_MODEL } from '../config.js';
import type { Embedder } from './embedder.js';

/**
 * A local, dependency-free embedder based on feature hashing: word stems, word pairs and
 * character trigrams are hashed into a fixed number of signed buckets, weighted by sublinear term
 * frequency and L2-normalized.
 *
 * It is lexical, not semantic. It ranks passages that share words (and near spellings, through
 * trigrams) with the query, which makes it a useful second signal beside full-text search, but
 * it does not know that "cost" and "pricing" mean related things. Use an OpenAI-compatible
 * embedder for semantic search.
 */
export class LocalHashEmbedder implements Embedder {
  readonly model = LOCAL_EMBEDDING_MODEL;
  readonly remote = false;
  /** Unrelated texts score about 0 ± 0.05 with hashed features; sharing one content word scores more. */
  readonly minSimilarity = 0.12;

  constructor(readonly dimensions: number = LOCAL_EMBEDDING_DIMENSIONS) {}

  async embed(texts: string[]): Promise<number[][]> {
    return texts.map((text) => this.embedOne(text));
  }

  embedOne(text: string): number[] {
    const vector = new Float64Array(this.dimensions);
    const counts = new Map<string, number>();
    const words = tokenize(text);

    for (const word of words) bump(counts, `w:${word}`, 1);
    for (let i = 1; i < words.length; i++) bump(counts, `b:${words[i - 1]} ${words[i]}`, 0.5);
    for (const word of words) {
      const padded = `^${word}$`;
      for (let i = 0; i + 3 <= padded.length; i++)
        bump(counts, `c:${padded.slice(i, i + 3)}`, 0.25);
    }

    for (const [feature, weight] of counts) {
      const hash = fnv1a(feature);
      const index = hash % this.dimensions;
      const sign = (hash >>> 31) & 1 ? -1 : 1;
      vector[index] = (vector[index] ?? 0) + sign * (1 + Math.log(weight + 1));
    }

    return normalize(vector);
  }
}

const STOPWORDS = new Set(
  'a an and are as at be but by did do does for from had has have he her his i if in into is it its me my of on or our she so than that the their them then there these they this to was we were what when where which who will with you your about say said'.split(
    ' ',
  ),
);

/** Lower-case word stems without stop words; the stemming strips only common English suffixes. */
export function tokenize(text: string): string[] {
  const words = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .match(/[a-z0-9]+/g);
  if (words === null) return [];

  return words.filter((word) => !STOPWORDS.has(word)).map(stem);
}

function stem(word: string): string {
  if (word.length <= 4) return word;
  for (const suffix of ['ations', 'ation', 'ings', 'ing', 'edly', 'ed', 'ies', 'es', 's']) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) {
      return word.slice(0, -suffix.length);
    }
  }

  return word;
}

function bump(counts: Map<string, number>, feature: string, weight: number): void {
  counts.set(feature, (counts.get(feature) ?? 0) + weight);
}

function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }

  return hash >>> 0;
}

function normalize(vector: Float64Array): number[] {
  let sum = 0;
  for (const value of vector) sum += value * value;
  const norm = Math.sqrt(sum);

  return Array.from(vector, (value) => (norm === 0 ? 0 : value / norm));
}
