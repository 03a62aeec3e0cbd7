import type { LogEntry } from '../../kafka/protocol.ts';

/**
 * A partition's log as a persistent vector (Clojure's PersistentVector): the entries live in leaves of
 * WIDTH, under a tree of branches of WIDTH, plus a tail of the last 1 to WIDTH entries. Appending copies
 * the tail (and, once per WIDTH entries, one path from the root), never the log: a replica and the one
 * it becomes share every full leaf, so a step's cost does not grow with the log. A truncation shares the
 * leaves it keeps. Reads by offset walk log32(length) levels.
 *
 * Never mutated: every world of a run (and every fork of one) may hold a log and its successors.
 * The shape depends on the length alone, so equal logs are equal field by field (tests compare
 * replicas with toEqual), and JSON sees the entries as an array (the world hash, the ledger).
 */

const BITS = 5;
const WIDTH = 1 << BITS;
const MASK = WIDTH - 1;

/** A branch's children are branches, or leaves (WIDTH entries each) just above level 0. */
type Branch = readonly Node[];
type Node = Branch | readonly LogEntry[];

export class PartitionLog implements Iterable<LogEntry> {
  private constructor(
    readonly length: number,
    /** The level of the root: leaves are at level 0, and a branch at level `shift` covers 32^(shift/5+1) entries. */
    private readonly shift: number,
    private readonly root: Branch,
    /** The last entries, 1 to WIDTH of them (none only in an empty log). */
    private readonly tail: readonly LogEntry[],
  ) {}

  static readonly EMPTY = new PartitionLog(0, BITS, [], []);

  /** A log of `entries` as they are (their offsets are not checked: see appendEntries). */
  static of(entries: readonly LogEntry[]): PartitionLog {
    let log = PartitionLog.EMPTY;
    for (const e of entries) log = log.append(e);
    return log;
  }

  /** Where the tail starts: entries below it are in the tree. */
  private get tailOffset(): number {
    return this.length - this.tail.length;
  }

  at(offset: number): LogEntry | undefined {
    if (offset < 0 || offset >= this.length) return undefined;
    if (offset >= this.tailOffset) return this.tail[offset - this.tailOffset];
    return this.leafAt(offset)[offset & MASK];
  }

  last(): LogEntry | undefined {
    return this.tail[this.tail.length - 1];
  }

  append(entry: LogEntry): PartitionLog {
    if (this.tail.length < WIDTH)
      return new PartitionLog(this.length + 1, this.shift, this.root, [...this.tail, entry]);
    const { shift, root } = this.withLeaf(this.tail);
    return new PartitionLog(this.length + 1, shift, root, [entry]);
  }

  /** The first `length` entries, sharing every full leaf they keep. */
  truncate(length: number): PartitionLog {
    if (length >= this.length) return this;
    if (length <= 0) return PartitionLog.EMPTY;
    const tailOffset = ((length - 1) >>> BITS) << BITS;
    if (tailOffset === this.tailOffset)
      return new PartitionLog(length, this.shift, this.root, this.tail.slice(0, length - tailOffset));
    // The new tail was a leaf of the tree: rebuild the branches above the leaves kept before it.
    let kept: PartitionLog = PartitionLog.EMPTY;
    for (let leaf = 0; leaf < tailOffset; leaf += WIDTH) {
      const { shift, root } = kept.withLeaf(this.leafAt(leaf));
      kept = new PartitionLog(leaf + WIDTH, shift, root, []);
    }
    return new PartitionLog(
      length,
      kept.shift,
      kept.root,
      this.leafAt(tailOffset).slice(0, length - tailOffset),
    );
  }

  /** Entries [from, to), clamped to the log, as an array (what a fetch returns). */
  slice(from: number, to: number = this.length): LogEntry[] {
    const out: LogEntry[] = [];
    for (let i = Math.max(0, from); i < Math.min(to, this.length); i++) out.push(this.at(i) as LogEntry);
    return out;
  }

  toArray(): LogEntry[] {
    return this.slice(0);
  }

  map<U>(f: (e: LogEntry) => U): U[] {
    return this.toArray().map(f);
  }

  filter(f: (e: LogEntry) => boolean): LogEntry[] {
    return this.toArray().filter(f);
  }

  *[Symbol.iterator](): Iterator<LogEntry> {
    for (let i = 0; i < this.length; i++) yield this.at(i) as LogEntry;
  }

  /** JSON sees the entries, not the tree. */
  toJSON(): LogEntry[] {
    return this.toArray();
  }

  /** The leaf holding `offset`, which is below the tail. */
  private leafAt(offset: number): readonly LogEntry[] {
    let node: Node = this.root;
    for (let level = this.shift; level > 0; level -= BITS)
      node = (node as Branch)[(offset >>> level) & MASK] as Node;
    return node as readonly LogEntry[];
  }

  /** The tree with `leaf` added as the leaf at tailOffset (where this log's tail starts). */
  private withLeaf(leaf: readonly LogEntry[]): { shift: number; root: Branch } {
    const at = this.tailOffset;
    // A full tree gets a new root, one level up, with the old root as its first child.
    if (at >>> BITS >= 1 << this.shift)
      return { shift: this.shift + BITS, root: [this.root, pathTo(this.shift, leaf)] };
    return { shift: this.shift, root: withLeafAt(this.root, this.shift, at, leaf) };
  }
}

/** `leaf` under a chain of one-child branches, as the node at `level`. */
function pathTo(level: number, leaf: readonly LogEntry[]): Node {
  return level === 0 ? leaf : [pathTo(level - BITS, leaf)];
}

/** A copy of the path from `branch` (at `level`) down to where the leaf starting at `offset` goes. */
function withLeafAt(branch: Branch, level: number, offset: number, leaf: readonly LogEntry[]): Branch {
  const slot = (offset >>> level) & MASK;
  const copy = branch.slice();
  const child = branch[slot] as Branch | undefined;
  copy[slot] =
    level === BITS
      ? leaf
      : child
        ? withLeafAt(child, level - BITS, offset, leaf)
        : pathTo(level - BITS, leaf);
  return copy;
}
