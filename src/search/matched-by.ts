/**
 * Labels for the ranking that found a passage. Vector stores set them on their hits, and search
 * passes them on, so a reader can tell passages that contain a query word from passages that
 * are only near the query in meaning.
 */
import type { MatchedBy } from '../api.js';
import type { VectorHit } from '../vector/store.js';

/** A vector store hit with the ranking that found its passage. */
export interface LabelledVectorHit extends VectorHit {
  matchedBy: MatchedBy;
}

/** Returns the ranking a store reported for a hit, or null when it reported none. */
export function matchedByOf(hit: VectorHit): MatchedBy | null {
  const label = (hit as VectorHit & { matchedBy?: unknown }).matchedBy;

  return label === 'text' || label === 'vector' || label === 'both' ? label : null;
}

/**
 * Labels a passage from the ids each ranking returned. A passage in neither set counts as
 * found by vector only, so that a label never claims the passage contains a query word.
 */
export function matchedByIn(
  passageId: string,
  lexical: ReadonlySet<string>,
  vector: ReadonlySet<string>,
): MatchedBy {
  if (!lexical.has(passageId)) return 'vector';

  return vector.has(passageId) ? 'both' : 'text';
}
