import type { EntityType } from '../model.js';
import { entityKeySet, refKey } from './keys.js';
import type {
  Entity,
  Link,
  ManualDecision,
  ResolutionResult,
  ResolutionState,
  ResolutionStore,
} from './types.js';

/**
 * Resolution state kept in memory: the reference implementation of `ResolutionStore` that a
 * database store must behave like. `apply` writes a `ResolutionResult` the way a database
 * transaction would: upsert entities and links, move the links and decisions of merged entities,
 * delete the merged entities and re-index every changed entity's keys.
 */
export class MemoryStore implements ResolutionStore {
  private readonly entities = new Map<string, Entity>();
  /** Link of each source record, by `refKey`. */
  private readonly links = new Map<string, Link>();
  /** Links of each entity by `refKey`, in the order they were first stored. */
  private readonly linksByEntity = new Map<string, Map<string, Link>>();
  /**
   * Entity ids by key. Most keys name one entity, so a single id is kept as a string and a set
   * is made only for a second id. This saves a set per key in the largest map of the store.
   */
  private readonly keyIndex = new Map<string, string | Set<string>>();
  private readonly keysByEntity = new Map<string, Set<string>>();
  private decisions: ManualDecision[] = [];

  /** Every `load` call in order, for tests that check what a batch touched. */
  readonly loads: { entityType: EntityType; keys: string[] }[] = [];

  existingKeys(_entityType: EntityType, keys: readonly string[]): Set<string> {
    return new Set(keys.filter((key) => this.keyIndex.has(key)));
  }

  load(entityType: EntityType, keys: readonly string[]): ResolutionState {
    this.loads.push({ entityType, keys: [...keys] });

    const ids = new Set<string>();
    for (const key of keys) {
      const entry = this.keyIndex.get(key);
      if (entry === undefined) continue;
      if (typeof entry === 'string') ids.add(entry);
      else for (const id of entry) ids.add(id);
    }
    // A manual merge needs both of its entities, even when the batch reaches only one of them.
    for (const decision of this.decisions) {
      if (decision.kind !== 'merge' || decision.entityType !== entityType) continue;
      const [a, b] = decision.entityIds;
      if (ids.has(a) || ids.has(b)) {
        ids.add(a);
        ids.add(b);
      }
    }

    const entities: Entity[] = [];
    const links: Link[] = [];
    for (const id of ids) {
      const entity = this.entities.get(id);
      if (entity?.type !== entityType) continue;
      entities.push(entity);
      for (const link of this.linksByEntity.get(id)?.values() ?? []) links.push(link);
    }
    if (this.decisions.length === 0) return { entities, links, decisions: [] };

    const refKeys = new Set(links.map((link) => refKey(entityType, link)));
    for (const key of keys) if (this.links.has(key)) refKeys.add(key);

    const decisions = this.decisions.filter((decision) => {
      if (decision.entityType !== entityType) return false;
      if (decision.kind === 'pin') {
        return ids.has(decision.entityId) || refKeys.has(refKey(entityType, decision.ref));
      }
      return decision.entityIds.some((id) => ids.has(id));
    });

    // The resolver never mutates what it loads, so the stored objects are handed out as they are.
    return { entities, links, decisions };
  }

  /** Writes one batch's result. */
  apply(result: ResolutionResult): void {
    for (const entity of result.entities) this.entities.set(entity.id, entity);
    for (const link of result.links) this.putLink(link);

    for (const merge of result.merges) {
      // The merged-away entity is reindexed once below, after it is deleted.
      for (const link of [...(this.linksByEntity.get(merge.from)?.values() ?? [])]) {
        this.putLink({ ...link, entityId: merge.into }, false);
      }
      this.decisions = this.decisions.map((decision) =>
        renameEntity(decision, merge.from, merge.into),
      );
      this.entities.delete(merge.from);
      this.linksByEntity.delete(merge.from);
      this.reindex(merge.from);
    }

    const touched = new Set([...result.entities.map((entity) => entity.id)]);
    for (const link of result.links) touched.add(link.entityId);
    for (const id of touched) this.reindex(id);
  }

  /** Records a manual decision; the next batch that loads its entities respects it. */
  decide(decision: ManualDecision): void {
    this.decisions.push(structuredClone(decision));
    if (decision.kind !== 'pin') return;

    // A pin moves the link at once, as a database would inside the same transaction.
    const key = refKey(decision.entityType, decision.ref);
    const link = this.links.get(key);
    const previous = link?.entityId;
    this.putLink({
      entityType: decision.entityType,
      ...decision.ref,
      entityId: decision.entityId,
      confidence: 1,
      evidence: { rule: 'manual_pin', decisionId: decision.id },
      pinned: true,
    });
    this.reindex(decision.entityId);
    if (previous !== undefined) this.reindex(previous);
  }

  /** Adds or replaces an entity, as a manual split that creates a new entity would. */
  putEntity(entity: Entity): void {
    this.entities.set(entity.id, structuredClone(entity));
    this.reindex(entity.id);
  }

  entity(id: string): Entity | undefined {
    return this.entities.get(id);
  }

  allEntities(entityType?: EntityType): Entity[] {
    return [...this.entities.values()].filter(
      (entity) => entityType === undefined || entity.type === entityType,
    );
  }

  /** Entity id a source record is linked to. */
  entityIdOf(entityType: EntityType, sourceSystem: string, sourceId: string): string | undefined {
    return this.links.get(`${entityType}:src:${sourceSystem}:${sourceId}`)?.entityId;
  }

  linkOf(entityType: EntityType, sourceSystem: string, sourceId: string): Link | undefined {
    return this.links.get(`${entityType}:src:${sourceSystem}:${sourceId}`);
  }

  /** Links of an entity, in the order they were first stored. */
  linksOf(entityId: string): Link[] {
    return [...(this.linksByEntity.get(entityId)?.values() ?? [])];
  }

  /**
   * Stores a link. A link that moves to another entity leaves the keys of its previous entity,
   * which is reindexed at once unless `reindexPrevious` is false, because the caller does it.
   */
  private putLink(link: Link, reindexPrevious = true): void {
    const key = refKey(link.entityType, link);
    const previous = this.links.get(key);
    if (previous !== undefined && previous.entityId !== link.entityId) {
      this.linksByEntity.get(previous.entityId)?.delete(key);
      if (reindexPrevious) this.reindex(previous.entityId);
    }

    this.links.set(key, link);
    let links = this.linksByEntity.get(link.entityId);
    if (links === undefined) {
      links = new Map();
      this.linksByEntity.set(link.entityId, links);
    }
    links.set(key, link);
  }

  private reindex(entityId: string): void {
    const entity = this.entities.get(entityId);
    const keys = entity === undefined ? undefined : entityKeySet(entity, this.linksOf(entityId));
    const previous = this.keysByEntity.get(entityId) ?? EMPTY_KEYS;

    for (const key of previous) {
      if (keys?.has(key) !== true) this.unindex(key, entityId);
    }
    for (const key of keys ?? EMPTY_KEYS) {
      if (!previous.has(key)) this.index(key, entityId);
    }

    if (keys === undefined) this.keysByEntity.delete(entityId);
    else this.keysByEntity.set(entityId, keys);
  }

  private index(key: string, entityId: string): void {
    const entry = this.keyIndex.get(key);
    if (entry === undefined) this.keyIndex.set(key, entityId);
    else if (typeof entry !== 'string') entry.add(entityId);
    else if (entry !== entityId) this.keyIndex.set(key, new Set([entry, entityId]));
  }

  private unindex(key: string, entityId: string): void {
    const entry = this.keyIndex.get(key);
    if (entry === entityId) this.keyIndex.delete(key);
    else if (typeof entry !== 'string') entry?.delete(entityId);
  }
}

const EMPTY_KEYS: ReadonlySet<string> = new Set();

function renameEntity(decision: ManualDecision, from: string, into: string): ManualDecision {
  if (decision.kind === 'pin') {
    return decision.entityId === from ? { ...decision, entityId: into } : decision;
  }

  const [a, b] = decision.entityIds;
  return {
    ...decision,
    entityIds: [a === from ? into : a, b === from ? into : b],
  };
}
