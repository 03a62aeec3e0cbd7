/**
 * An append-only list that the worlds of one run share: each world holds a view (a length into one
 * backing array), so appending is O(1) instead of copying everything before it, and a world that was
 * handed out never sees a later world's items. The first world to append past a length extends the
 * backing array in place; a second one (a fork: two futures of one world) copies its prefix first.
 * Membership and counts are O(copies of the item) through each item's positions in the backing array.
 */
export interface GrownList<T> {
  readonly length: number;
  /** Shared: never read past `length`. */
  readonly backing: T[];
  /** Shared with `backing`: where each item appears in it, in increasing order. */
  readonly positions: Map<T, number[]>;
}

export function emptyList<T>(): GrownList<T> {
  return { length: 0, backing: [], positions: new Map() };
}

function record<T>(positions: Map<T, number[]>, item: T, at: number): void {
  const known = positions.get(item);
  if (known) known.push(at);
  else positions.set(item, [at]);
}

export function appendTo<T>(list: GrownList<T>, items: readonly T[]): GrownList<T> {
  if (items.length === 0) return list;
  let { backing, positions } = list;
  if (backing.length !== list.length || Object.isFrozen(backing)) {
    // Another world already extended this backing array (or someone froze it: a frozen world must not
    // be written): this one forks, on a copy of its own prefix.
    backing = backing.slice(0, list.length);
    positions = new Map();
    backing.forEach((item, i) => record(positions, item, i));
  }
  for (const item of items) {
    record(positions, item, backing.length);
    backing.push(item);
  }
  return { length: backing.length, backing, positions };
}

/** How many times `item` is in the list. */
export function countIn<T>(list: GrownList<T>, item: T): number {
  const at = list.positions.get(item);
  if (!at) return 0;
  let n = at.length;
  while (n > 0 && (at[n - 1] as number) >= list.length) n--;
  return n;
}

export function listHas<T>(list: GrownList<T>, item: T): boolean {
  return ((list.positions.get(item)?.[0] ?? Infinity) as number) < list.length;
}

/** Each item with the times it is in the list, in the order of their first appearance: O(distinct items). */
export function countsOf<T>(list: GrownList<T>): [T, number][] {
  const out: [T, number][] = [];
  // The map keeps first appearances in order; an item only a later world appended counts 0 here.
  for (const item of list.positions.keys()) {
    const n = countIn(list, item);
    if (n > 0) out.push([item, n]);
  }
  return out;
}

/** The items in order, as an array (a copy: O(length)). */
export function listItems<T>(list: GrownList<T>): T[] {
  return list.backing.slice(0, list.length);
}
