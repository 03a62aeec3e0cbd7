/**
 * The producer's default partitioner (Kafka's BuiltInPartitioner): a keyed record goes to
 * `toPositive(murmur2(keyBytes)) % numPartitions`; a keyless one to the "sticky" partition (KIP-480,
 * KIP-794); a record whose application names a partition goes there.
 */

/** Kafka's Utils.murmur2 over the key's UTF-8 bytes (seed 0x9747b28c), as a signed 32-bit int. */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  const m = 0x5bd1e995;
  const r = 24;
  let h = (0x9747b28c ^ length) | 0;
  const length4 = length >> 2;
  for (let i = 0; i < length4; i++) {
    const i4 = i * 4;
    let k =
      (data[i4] as number) |
      ((data[i4 + 1] as number) << 8) |
      ((data[i4 + 2] as number) << 16) |
      ((data[i4 + 3] as number) << 24);
    k = Math.imul(k, m);
    k ^= k >>> r;
    k = Math.imul(k, m);
    h = Math.imul(h, m);
    h ^= k;
  }
  // The tail: Java's switch falls through from 3 to 1.
  const tail = length & 3;
  const at = length & ~3;
  if (tail >= 3) h ^= (data[at + 2] as number) << 16;
  if (tail >= 2) h ^= (data[at + 1] as number) << 8;
  if (tail >= 1) {
    h ^= data[at] as number;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

/** Utils.toPositive: the sign bit cleared (not Math.abs, which leaves Integer.MIN_VALUE negative). */
const toPositive = (n: number) => n & 0x7fffffff;

/** BuiltInPartitioner.partitionForKey with a String key (StringSerializer: UTF-8). */
export const partitionForKey = (key: string, numPartitions: number): number =>
  toPositive(murmur2(new TextEncoder().encode(key))) % numPartitions;

/** Where a record goes, and why: what the narration says at `send()`. */
export type Placement =
  | { partition: number; by: 'pinned' }
  | { partition: number; by: 'key'; key: string }
  | { partition: number; by: 'sticky' };

/**
 * Each record's partition, in the order the application sends them. Keyless records are sticky: Kafka
 * keeps a partition until a batch's worth (`batch.size` bytes) has gone to it, then picks another at
 * random, weighted towards the brokers with less queued. Here a batch is one record, so each keyless
 * record is a batch's worth and the next keyless one goes to the next partition in turn (not at random,
 * so that runs repeat).
 */
export function placeRecords(
  records: readonly { key?: string; partition?: number }[],
  numPartitions: number,
): Placement[] {
  let sticky = 0;
  return records.map((r): Placement => {
    if (r.partition !== undefined) return { partition: r.partition, by: 'pinned' };
    if (r.key !== undefined)
      return { partition: partitionForKey(r.key, numPartitions), by: 'key', key: r.key };
    const partition = sticky;
    sticky = (sticky + 1) % numPartitions;
    return { partition, by: 'sticky' };
  });
}
