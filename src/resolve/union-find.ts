/**
 * Disjoint sets over node indexes, where a set may contain stored entities and some entity pairs
 * must never share a set (manual splits). `union` refuses a join that would break such a pair.
 */
export class ConstrainedUnionFind {
  private readonly parent: number[];
  private readonly size: number[];
  private readonly entities: (Set<string> | undefined)[];
  private readonly forbidden: (Set<string> | undefined)[];

  constructor(count: number) {
    this.parent = Array.from({ length: count }, (_, i) => i);
    this.size = new Array<number>(count).fill(1);
    this.entities = new Array<Set<string> | undefined>(count);
    this.forbidden = new Array<Set<string> | undefined>(count);
  }

  /** Marks a node as a stored entity, with the entity ids it must never join. */
  setEntity(node: number, entityId: string, neverWith: Iterable<string>): void {
    this.entities[node] = new Set([entityId]);
    this.forbidden[node] = new Set(neverWith);
  }

  find(node: number): number {
    let root = node;
    while (this.parent[root] !== root) root = this.parent[root] ?? root;

    let current = node;
    while (current !== root) {
      const next = this.parent[current] ?? root;
      this.parent[current] = root;
      current = next;
    }

    return root;
  }

  /** Tells whether joining the sets of `a` and `b` keeps every never-merge pair apart. */
  canUnion(a: number, b: number): boolean {
    const rootA = this.find(a);
    const rootB = this.find(b);
    if (rootA === rootB) return true;

    return !this.clashes(rootA, rootB) && !this.clashes(rootB, rootA);
  }

  /**
   * Joins the sets of `a` and `b` and returns the new root, or undefined when a never-merge pair
   * forbids it. Returns the shared root when they are already joined.
   */
  union(a: number, b: number): number | undefined {
    let rootA = this.find(a);
    let rootB = this.find(b);
    if (rootA === rootB) return rootA;
    if (!this.canUnion(rootA, rootB)) return undefined;

    if ((this.size[rootA] ?? 0) < (this.size[rootB] ?? 0)) [rootA, rootB] = [rootB, rootA];
    this.parent[rootB] = rootA;
    this.size[rootA] = (this.size[rootA] ?? 0) + (this.size[rootB] ?? 0);
    this.entities[rootA] = mergeSets(this.entities[rootA], this.entities[rootB]);
    this.forbidden[rootA] = mergeSets(this.forbidden[rootA], this.forbidden[rootB]);
    this.entities[rootB] = undefined;
    this.forbidden[rootB] = undefined;

    return rootA;
  }

  /** Stored entity ids in the set of `node`. */
  entityIds(node: number): ReadonlySet<string> {
    return this.entities[this.find(node)] ?? EMPTY;
  }

  private clashes(rootA: number, rootB: number): boolean {
    const forbidden = this.forbidden[rootA];
    const entities = this.entities[rootB];
    if (forbidden === undefined || entities === undefined) return false;

    for (const id of entities) if (forbidden.has(id)) return true;
    return false;
  }
}

const EMPTY: ReadonlySet<string> = new Set();

function mergeSets(
  a: Set<string> | undefined,
  b: Set<string> | undefined,
): Set<string> | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  if (a.size < b.size) return mergeSets(b, a);

  for (const value of b) a.add(value);
  return a;
}
