/** Turns passage text into vectors. Every vector of one embedder has `dimensions` entries. */
export interface Embedder {
  /** Identifies the model; vectors of different models are never compared. */
  readonly model: string;
  readonly dimensions: number;
  /** Whether the text leaves the machine (used to decide on PII masking). */
  readonly remote: boolean;
  /**
   * Cosine similarity below which a passage is not a vector match at all. Without a floor the
   * vector retriever would return every passage that passes the filters, however unrelated.
   */
  readonly minSimilarity: number;
  embed(texts: string[], options?: { signal?: AbortSignal }): Promise<number[][]>;
}
