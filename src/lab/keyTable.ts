/**
 * The explorer's seen sets: world keys (a world's hash as its two 53-bit halves, `worldKey`) with a
 * number each, in one typed array with open addressing.
 *
 * Why not a `Set` of the hashes' texts: the exactly-once search to three faults keeps 5.7 million of
 * them. As strings in a Set they were a few hundred bytes of heap each, allocated per state, promoted,
 * and marked again by every major collection (the workers' collector threads took ~30 % as much CPU
 * as the searches themselves, on a machine with one core per worker); here a key is 24 bytes in an
 * array with no pointer in it, and a lookup allocates nothing.
 */

/** Slots stay at most half full: linear probing keeps short runs. */
const MAX_LOAD = 0.5;
/** An empty slot's first half: a key's halves are never negative. */
const EMPTY = -1;

export class KeyTable {
  /** Slot i's key is keys[2i], keys[2i + 1]; its number is values[i]. */
  private keys: Float64Array;
  private values: Float64Array;
  private mask: number;
  private count = 0;

  constructor(capacity = 1024) {
    let slots = 16;
    while (slots * MAX_LOAD < capacity) slots *= 2;
    this.keys = new Float64Array(2 * slots).fill(EMPTY);
    this.values = new Float64Array(slots);
    this.mask = slots - 1;
  }

  get size(): number {
    return this.count;
  }

  has(a: number, b: number): boolean {
    return this.keys[2 * this.slotOf(a, b)] !== EMPTY;
  }

  /** Adds the key with `value` unless it is there already; whether it was added. */
  add(a: number, b: number, value = 0): boolean {
    const slot = this.slotOf(a, b);
    if (this.keys[2 * slot] !== EMPTY) return false;
    this.keys[2 * slot] = a;
    this.keys[2 * slot + 1] = b;
    this.values[slot] = value;
    if (++this.count > (this.mask + 1) * MAX_LOAD) this.grow();
    return true;
  }

  /** Every key and its number, in slot order. */
  *entries(): Generator<[a: number, b: number, value: number]> {
    for (let slot = 0; slot <= this.mask; slot++) {
      const a = this.keys[2 * slot] as number;
      if (a !== EMPTY) yield [a, this.keys[2 * slot + 1] as number, this.values[slot] as number];
    }
  }

  /** The key's slot, or the empty slot where it would go. A key's low 32 bits are already well mixed. */
  private slotOf(a: number, b: number): number {
    const keys = this.keys;
    let slot = (a >>> 0) & this.mask;
    for (;;) {
      const x = keys[2 * slot];
      if (x === EMPTY || (x === a && keys[2 * slot + 1] === b)) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  private grow(): void {
    const { keys, values } = this;
    const slots = 2 * (this.mask + 1);
    this.keys = new Float64Array(2 * slots).fill(EMPTY);
    this.values = new Float64Array(slots);
    this.mask = slots - 1;
    for (let slot = 0; 2 * slot < keys.length; slot++) {
      const a = keys[2 * slot] as number;
      if (a === EMPTY) continue;
      const to = this.slotOf(a, keys[2 * slot + 1] as number);
      this.keys[2 * to] = a;
      this.keys[2 * to + 1] = keys[2 * slot + 1] as number;
      this.values[to] = values[slot] as number;
    }
  }
}
