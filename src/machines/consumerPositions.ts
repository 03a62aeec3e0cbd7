import type { PartitionId } from '../kafka/protocol.ts';

/**
 * A consumer's fetch positions, one per partition it reads, in one map. A consumer on its own reads one
 * partition; a group member reads every partition the group's assignment gives it.
 */
export interface PositionsOf {
  /**
   * The partition the poll loop works on: the one its last poll() fetched (the batch in hand comes from
   * it) and where the next poll() starts looking for records. Not derivable from the assignment and the
   * positions: it is the fetcher's place in its round robin, which Kafka keeps as the order of its
   * assignment (SubscriptionState.movePartitionToEnd after a fetch) and this model keeps here, so that
   * the assignment stays the group's as the leader sent it.
   */
  partition: PartitionId;
  /** The position (next offset to fetch) of every partition it reads whose position is known. */
  positions: Record<PartitionId, number>;
  /** Set for a group member: the partitions it owns in its generation. */
  member?: unknown;
  assignment: PartitionId[];
}

/** The partitions it reads: a member's assignment, or the one partition of a consumer on its own. */
export const ownedPartitions = (c: PositionsOf): PartitionId[] => (c.member ? c.assignment : [c.partition]);

/** More than one: the narration then names the partition it speaks of. */
export const readsSeveral = (c: PositionsOf) => ownedPartitions(c).length > 1;

export const positionOf = (c: PositionsOf, p: PartitionId): number | null => c.positions[p] ?? null;

/** The position in the partition the poll loop works on. */
export const currentPosition = (c: PositionsOf): number | null => positionOf(c, c.partition);

export const withPosition = <C extends PositionsOf>(c: C, p: PartitionId, offset: number): C => ({
  ...c,
  positions: { ...c.positions, [p]: offset },
});

/** Partition p's position is unknown again (auto.offset.reset=latest asks the leader where the log ends). */
export function withoutPosition<C extends PositionsOf>(c: C, p: PartitionId): C {
  const { [p]: _forgotten, ...positions } = c.positions;
  return { ...c, positions };
}

/** Every owned partition's position that is known: what a commit of "the position" carries. */
export function knownPositions(c: PositionsOf): Record<PartitionId, number> {
  const known: Record<PartitionId, number> = {};
  for (const p of ownedPartitions(c)) {
    const o = positionOf(c, p);
    if (o !== null) known[p] = o;
  }
  return known;
}

export const allPositioned = (c: PositionsOf) => ownedPartitions(c).every((p) => positionOf(c, p) !== null);

/** Some position moved past what the last commit carried (auto-commit has something to commit). */
export const hasUncommitted = (c: PositionsOf, lastCommitted: Record<PartitionId, number>) =>
  Object.entries(knownPositions(c)).some(([p, o]) => lastCommitted[p] !== o);

/**
 * The partition the next poll() fetches: the first owned one after the current, in assignment order
 * and round the end, that has records to return (as Kafka's fetcher rotates its partitions so that
 * none starves); the current one when none has.
 */
export function nextToFetch(c: PositionsOf, withData: readonly PartitionId[]): PartitionId {
  const owned = ownedPartitions(c);
  const from = owned.indexOf(c.partition);
  for (let i = 1; i <= owned.length; i++) {
    const p = owned[(from + i) % owned.length] as PartitionId;
    if (withData.includes(p)) return p;
  }
  return c.partition;
}

/** Turn to partition p: the next fetch and the batch it returns are p's. */
export const turnTo = <C extends PositionsOf>(c: C, p: PartitionId): C =>
  p === c.partition ? c : { ...c, partition: p };
