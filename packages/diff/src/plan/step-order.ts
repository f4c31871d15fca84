/**
 * Ordering steps: nodes (one per object key) with "must come after" edges, sorted
 * topologically; among nodes that are free to go, the lower kind rank goes first, then the
 * one added first. A cycle the edges cannot resolve keeps rank order for what remains.
 */

/** A node: the steps of one object in one phase. */
interface Node<T> {
  key: string;
  rank: number;
  order: number;
  items: T[];
  after: Set<string>;
}

/** Nodes added in any order, read back in dependency order. */
export class StepOrder<T> {
  private readonly nodes = new Map<string, Node<T>>();

  /** Add `items` to the node of `key` (made on first use) and note what it must follow. */
  add(key: string, rank: number, items: readonly T[], after: Iterable<string> = []): void {
    let node = this.nodes.get(key);
    if (node === undefined) {
      node = { key, rank, order: this.nodes.size, items: [], after: new Set() };
      this.nodes.set(key, node);
    }
    node.rank = Math.min(node.rank, rank);
    node.items.push(...items);
    for (const key of after) node.after.add(key);
  }

  /** Whether a node for `key` exists. */
  has(key: string): boolean {
    return this.nodes.has(key);
  }

  /** The keys of every node. */
  keys(): IterableIterator<string> {
    return this.nodes.keys();
  }

  /** Add "`key` must follow `before`" (ignored when either node is absent at sort time). */
  addEdge(key: string, before: string): void {
    this.nodes.get(key)?.after.add(before);
  }

  /**
   * Move the nodes of `keys`, and every node that must follow one of them, to a new order of
   * their own (with their edges): what must wait for another phase to finish first.
   */
  split(keys: Iterable<string>): StepOrder<T> {
    const followers = new Map<string, string[]>();
    for (const node of this.nodes.values()) {
      for (const before of node.after) {
        const list = followers.get(before);
        if (list) list.push(node.key);
        else followers.set(before, [node.key]);
      }
    }
    const out = new StepOrder<T>();
    const work = [...keys].filter((key) => this.nodes.has(key));
    const moving = new Set(work);
    while (work.length > 0) {
      for (const follower of followers.get(work.pop() as string) ?? []) {
        if (moving.has(follower)) continue;
        moving.add(follower);
        work.push(follower);
      }
    }
    // Keep the order nodes were added in, which breaks ties.
    for (const node of [...this.nodes.values()].filter((n) => moving.has(n.key))) {
      out.add(node.key, node.rank, node.items, node.after);
      this.nodes.delete(node.key);
    }
    return out;
  }

  /** Every item, nodes in dependency order, each node's items in the order added. */
  sorted(): T[] {
    const waitingOn = new Map<string, number>();
    const followers = new Map<string, string[]>();
    for (const node of this.nodes.values()) {
      let count = 0;
      for (const before of node.after) {
        if (before === node.key || !this.nodes.has(before)) continue;
        count++;
        const list = followers.get(before);
        if (list) list.push(node.key);
        else followers.set(before, [node.key]);
      }
      waitingOn.set(node.key, count);
    }
    const ready = new MinHeap<Node<T>>((a, b) => a.rank - b.rank || a.order - b.order);
    for (const node of this.nodes.values()) if (waitingOn.get(node.key) === 0) ready.push(node);
    const out: T[] = [];
    const done = new Set<string>();
    const release = (node: Node<T>) => {
      done.add(node.key);
      out.push(...node.items);
      for (const key of followers.get(node.key) ?? []) {
        const left = (waitingOn.get(key) ?? 0) - 1;
        waitingOn.set(key, left);
        const follower = this.nodes.get(key);
        if (left === 0 && follower) ready.push(follower);
      }
    };
    while (done.size < this.nodes.size) {
      const next = ready.pop();
      if (next !== undefined) {
        release(next);
        continue;
      }
      // A cycle: release the lowest-ranked node still waiting.
      const stuck = [...this.nodes.values()]
        .filter((n) => !done.has(n.key))
        .sort((a, b) => a.rank - b.rank || a.order - b.order)[0];
      if (stuck === undefined) break;
      waitingOn.set(stuck.key, 0);
      release(stuck);
    }
    return out;
  }
}

/** A binary min-heap. */
class MinHeap<T> {
  private readonly items: T[] = [];
  constructor(private readonly less: (a: T, b: T) => number) {}

  push(item: T): void {
    const a = this.items;
    a.push(item);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.less(a[i] as T, a[parent] as T) >= 0) break;
      [a[i], a[parent]] = [a[parent] as T, a[i] as T];
      i = parent;
    }
  }

  pop(): T | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length > 0 && last !== undefined) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l] as T, a[m] as T) < 0) m = l;
        if (r < a.length && this.less(a[r] as T, a[m] as T) < 0) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m] as T, a[i] as T];
        i = m;
      }
    }
    return top;
  }
}
