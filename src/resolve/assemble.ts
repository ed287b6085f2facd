import type { EntityType, SourceRef } from '../model.js';
import { compareText } from './batch.js';
import { refKey } from './keys.js';
import type { StateIndex } from './state-index.js';
import type { Entity, EntityMerge, Evidence, Link, ResolutionConflict } from './types.js';
import type { ConstrainedUnionFind } from './union-find.js';

/** Why a node joined its set: the first successful join that involved it. */
export interface Attachment {
  evidence: Evidence;
  confidence: number;
}

/**
 * Records why each node joined its set, and the joins that manual decisions blocked. Every set
 * has one founder without an attachment. When two sets join, the joining set's founder receives
 * the join's evidence, and the anchor set's founder becomes the founder of both.
 */
export class JoinLog {
  readonly attachments: (Attachment | undefined)[];
  readonly conflicts: ResolutionConflict[] = [];
  private readonly conflictKeys = new Set<string>();
  private readonly founder: (number | undefined)[];

  constructor(
    private readonly entityType: EntityType,
    private readonly uf: ConstrainedUnionFind,
    count: number,
  ) {
    this.attachments = new Array<Attachment | undefined>(count);
    this.founder = Array.from({ length: count }, (_, i) => i);
  }

  /**
   * Joins the set of `joiner` to the set of `anchor`; returns false, and logs a conflict, when a
   * never-merge decision forbids it.
   */
  join(anchor: number, joiner: number, attachment: Attachment): boolean {
    const anchorRoot = this.uf.find(anchor);
    const joinerRoot = this.uf.find(joiner);
    if (anchorRoot === joinerRoot) return true;

    const blockedIds = [...this.uf.entityIds(anchor), ...this.uf.entityIds(joiner)].sort(
      compareText,
    );
    const root = this.uf.union(anchorRoot, joinerRoot);
    if (root === undefined) {
      // Several keys often point at the same forbidden pair; one conflict per pair is enough.
      const pairKey = blockedIds.join('|');
      if (!this.conflictKeys.has(pairKey)) {
        this.conflictKeys.add(pairKey);
        this.conflicts.push({
          entityType: this.entityType,
          entityIds: blockedIds,
          reason: 'a manual never-merge decision keeps these entities apart',
          evidence: attachment.evidence,
        });
      }
      return false;
    }

    const joinerFounder = this.founder[joinerRoot];
    if (joinerFounder !== undefined) this.attachments[joinerFounder] ??= attachment;
    this.founder[root] = this.founder[anchorRoot];

    return true;
  }

  /** Returns the attachment of a node, else the first stored entity's attachment in its set. */
  attachmentOf(node: number, group: readonly number[]): Attachment | undefined {
    const own = this.attachments[node];
    if (own !== undefined) return own;

    for (const other of group) {
      const attachment = this.attachments[other];
      if (attachment !== undefined && this.uf.entityIds(other).size > 0) return attachment;
    }

    return undefined;
  }
}

/** Node indexes grouped by set, each group in ascending order, groups by their first node. */
export function components(uf: ConstrainedUnionFind, count: number): number[][] {
  const byRoot = new Map<number, number[]>();
  for (let node = 0; node < count; node++) {
    const root = uf.find(node);
    const list = byRoot.get(root) ?? [];
    list.push(node);
    byRoot.set(root, list);
  }

  return [...byRoot.values()];
}

/**
 * Picks the stored entity that survives when several join: the one with most links, then the
 * smallest id, so repeated runs pick the same one.
 */
export function chooseSurvivor<E extends Entity>(ids: Iterable<string>, index: StateIndex<E>) {
  let best: string | undefined;
  for (const id of ids) {
    if (best === undefined) {
      best = id;
      continue;
    }
    const diff = index.linksOf(id).length - index.linksOf(best).length;
    if (diff > 0 || (diff === 0 && compareText(id, best) < 0)) best = id;
  }

  return best;
}

/** Merges of the non-surviving stored entities of one set into the survivor. */
export function mergesInto(
  entityType: EntityType,
  survivor: string,
  entityIds: Iterable<string>,
  evidenceOf: (entityId: string) => Evidence | undefined,
): EntityMerge[] {
  const merges: EntityMerge[] = [];
  for (const id of [...entityIds].sort(compareText)) {
    if (id === survivor) continue;
    merges.push({ entityType, from: id, into: survivor, evidence: evidenceOf(id) ?? NO_EVIDENCE });
  }

  return merges;
}

const NO_EVIDENCE: Evidence = { rule: 'manual_merge' };

/**
 * Returns the link a batch record should have, or undefined when its stored link already
 * matches. A pinned record keeps its pin; a record whose entity was merged keeps its evidence.
 */
export function recordLink<E extends Entity>(
  index: StateIndex<E>,
  ref: SourceRef,
  entityId: string,
  attachment: Attachment | undefined,
): Link | undefined {
  const key = refKey(index.entityType, ref);
  const existing = index.linkByRef.get(key);
  const pin = index.pins.get(key);
  const base = { entityType: index.entityType, ...ref, entityId };

  let wanted: Link;
  if (pin !== undefined) {
    wanted = {
      ...base,
      confidence: 1,
      evidence: { rule: 'manual_pin', decisionId: pin.id },
      pinned: true,
    };
  } else if (existing !== undefined) {
    wanted = { ...existing, entityId };
  } else {
    wanted = {
      ...base,
      confidence: attachment?.confidence ?? 1,
      evidence: attachment?.evidence ?? { rule: 'new_entity' },
    };
  }

  return existing !== undefined && sameLink(existing, wanted) ? undefined : wanted;
}

/** Links of merged-away entities, moved to the survivor with their evidence kept. */
export function movedLinks<E extends Entity>(
  index: StateIndex<E>,
  merges: readonly EntityMerge[],
  alreadyPlanned: ReadonlySet<string>,
): Link[] {
  const moved: Link[] = [];
  for (const merge of merges) {
    for (const link of index.linksOf(merge.from)) {
      if (alreadyPlanned.has(refKey(index.entityType, link))) continue;
      moved.push({ ...link, entityId: merge.into });
    }
  }

  return moved;
}

function sameLink(a: Link, b: Link): boolean {
  return (
    a.entityId === b.entityId &&
    a.confidence === b.confidence &&
    Boolean(a.pinned) === Boolean(b.pinned) &&
    stableJson(a.evidence) === stableJson(b.evidence)
  );
}

/** Rounds a score for evidence, so stored values do not carry floating-point noise. */
export function roundScore(score: number): number {
  return Math.round(score * 1000) / 1000;
}

/** Tells whether an entity's new state differs from its stored one. */
export function entityChanged(before: Entity | undefined, after: Entity): boolean {
  if (before === undefined || before.type !== after.type) return true;
  if (before.name !== after.name || !sameStrings(before.names, after.names)) return true;
  if (before.type === 'company' && after.type === 'company') {
    return !sameStrings(before.domains, after.domains);
  }
  if (before.type !== 'person' || after.type !== 'person') return true;

  return (
    before.internal !== after.internal ||
    !sameStrings(before.emails, after.emails) ||
    stableJson(before.affiliations) !== stableJson(after.affiliations) ||
    stableJson(before.linkedIds) !== stableJson(after.linkedIds) ||
    !sameStrings(before.cities ?? [], after.cities ?? [])
  );
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

/** JSON with object keys sorted and undefined fields dropped, for comparing states. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, inner: unknown) => {
    if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) return inner;
    const entries = Object.entries(inner as Record<string, unknown>).sort(([a], [b]) =>
      compareText(a, b),
    );
    return Object.fromEntries(entries);
  });
}
