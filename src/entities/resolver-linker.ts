import type { Queryable } from '../db/database.js';
import { logger } from '../logger.js';
import type { EntityObservation } from '../model.js';
import { resolveBatch } from '../resolve/resolver.js';
import type { ResolutionResult, ResolveOptions } from '../resolve/types.js';
import { applyResolution, objectTypesOf } from './apply.js';
import { backfillEntityKeys, DbResolutionStore } from './db-store.js';
import type { EntityLinker } from './linker.js';

/**
 * Links each batch with the entity resolver (`src/resolve/`): exact keys, nicknames and similar
 * names inside a company, manual decisions. The result is written in the batch's transaction.
 */
export class ResolverLinker implements EntityLinker {
  constructor(private readonly options: ResolveOptions = {}) {}

  async link(tx: Queryable, schema: string, observations: EntityObservation[]): Promise<string[]> {
    const { result, moved } = await resolveAndApply(tx, schema, observations, this.options);
    if (result.merges.length > 0) {
      logger.info({ schema, merges: result.merges.length }, 'entities merged');
    }

    return moved;
  }
}

/**
 * Resolves observations against the stored state and writes the result in the caller's
 * transaction, logging the links that a manual decision kept apart. Returns the result and the
 * ids of the interactions whose links the merges moved.
 */
export async function resolveAndApply(
  tx: Queryable,
  schema: string,
  observations: readonly EntityObservation[],
  options: ResolveOptions,
): Promise<{ result: ResolutionResult; moved: string[] }> {
  // A store written before the key index existed, or emptied by a migration, is indexed first.
  const count = await backfillEntityKeys(tx, schema);
  if (count > 0) logger.info({ schema, entities: count }, 'entity key index built');

  const store = new DbResolutionStore(tx, schema);
  const result = await resolveBatch(observations, store, options);
  const moved = await applyResolution(tx, schema, result, objectTypesOf(observations));

  for (const conflict of result.conflicts) {
    logger.warn(
      { schema, entityIds: conflict.entityIds, evidence: conflict.evidence },
      `entity link skipped: ${conflict.reason}`,
    );
  }

  return { result, moved };
}
