import type { Queryable } from '../db/database.js';
import type { EntityObservation } from '../model.js';

/** Links a batch of source observations to unified entities inside the batch's transaction. */
export interface EntityLinker {
  /**
   * Links the observations and returns the ids of interactions whose entity links moved
   * because entities merged, so the caller can send them to an external index.
   */
  link(tx: Queryable, schema: string, observations: EntityObservation[]): Promise<string[]>;
}

/** Case- and accent-folded name with punctuation removed, for exact name comparison. */
export function foldName(name: string | undefined): string {
  if (name === undefined) return '';
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}
