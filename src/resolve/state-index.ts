import type { EntityType, SourceRef } from '../model.js';
import { compareText } from './batch.js';
import { refKey } from './keys.js';
import type { Entity, Link, ManualDecision, ResolutionState } from './types.js';

/** Loaded state of one entity type, indexed for the resolver. */
export class StateIndex<E extends Entity> {
  readonly entities: E[];
  readonly entityById = new Map<string, E>();
  /** Link of each source record, by `refKey`. */
  readonly linkByRef = new Map<string, Link>();
  readonly linksByEntity = new Map<string, Link[]>();
  /** Entity ids each entity must never be merged with. */
  readonly neverMerge = new Map<string, Set<string>>();
  /** Manual merges whose two entities were both loaded. */
  readonly merges: Extract<ManualDecision, { kind: 'merge' }>[] = [];
  /** Pinned entity of a source record, by `refKey`. */
  readonly pins = new Map<string, Extract<ManualDecision, { kind: 'pin' }>>();

  constructor(
    readonly entityType: EntityType,
    state: ResolutionState,
  ) {
    // Two reads of one batch may return the same entity or link. The last entity read wins.
    for (const entity of state.entities) {
      if (entity.type === entityType) this.entityById.set(entity.id, entity as E);
    }
    this.entities = [...this.entityById.values()].sort(byId);

    for (const link of state.links) {
      if (link.entityType !== entityType || !this.entityById.has(link.entityId)) continue;
      const key = refKey(entityType, link);
      if (this.linkByRef.has(key)) continue;
      this.linkByRef.set(key, link);
      const list = this.linksByEntity.get(link.entityId);
      if (list === undefined) this.linksByEntity.set(link.entityId, [link]);
      else list.push(link);
    }

    this.indexDecisions(state.decisions);
  }

  /** Returns the stored link of a source record, if any. */
  linkOf(ref: SourceRef): Link | undefined {
    return this.linkByRef.get(refKey(this.entityType, ref));
  }

  linksOf(entityId: string): Link[] {
    return this.linksByEntity.get(entityId) ?? [];
  }

  private indexDecisions(decisions: readonly ManualDecision[]): void {
    // The latest decision about an entity pair wins, so a merge after a split undoes the split.
    const latest = new Map<string, ManualDecision>();
    const ordered = [...decisions]
      .filter((decision) => decision.entityType === this.entityType)
      .sort((a, b) => compareText(a.decidedAt ?? '', b.decidedAt ?? ''));

    for (const decision of ordered) {
      if (decision.kind === 'pin') {
        this.pins.set(refKey(this.entityType, decision.ref), decision);
        continue;
      }
      latest.set([...decision.entityIds].sort().join('|'), decision);
    }

    for (const decision of latest.values()) {
      if (decision.kind === 'pin') continue;
      const [a, b] = decision.entityIds;
      if (decision.kind === 'never_merge') {
        this.addNever(a, b);
        this.addNever(b, a);
      } else if (this.entityById.has(a) && this.entityById.has(b)) {
        this.merges.push(decision);
      }
    }
  }

  private addNever(a: string, b: string): void {
    const set = this.neverMerge.get(a) ?? new Set<string>();
    set.add(b);
    this.neverMerge.set(a, set);
  }
}

/** Orders entities by id in code-unit order, like `compareText`. */
function byId(a: Entity, b: Entity): number {
  if (a.id === b.id) return 0;
  return a.id < b.id ? -1 : 1;
}
