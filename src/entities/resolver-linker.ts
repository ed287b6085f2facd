import type { Queryable } from '../db/database.js';
import { logger } from '../logger.js';
import type { EntityObservation } from '../model.js';
import { resolveBatch } from '../resolve/resolver.js';
import type { ResolveOptions } from '../resolve/types.js';
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
    // A store written before the key index existed is indexed once, by its first batch.
    const count = await backfillEntityKeys(tx, schema);
    if (count > 0) logger.info({ schema, entities: count }, 'entity key index built');

    const store = new DbResolutionStore(tx, schema);
    const result = await resolveBatch(observations, store, this.options);
    const objectTypes = objectTypesOf(observations);
    const moved = await applyResolution(tx, schema, result, objectTypes);

    for (const conflict of result.conflicts) {
      logger.warn(
        { schema, entityIds: conflict.entityIds, evidence: conflict.evidence },
        `entity link skipped: ${conflict.reason}`,
      );
    }
    if (result.merges.length > 0) {
      logger.info({ schema, merges: result.merges.length }, 'entities merged');
    }

    return moved;
  }
}
