import type { PartitionId } from '../kafka/protocol.ts';

/**
 * A consumer's fetch positions, one per partition it reads. A consumer on its own reads one partition; a
 * group member reads every partition the group's assignment gives it. The partition it fetches now is
 * `partition`, its position `position` (what the poll loop works on); the positions of the other
 * partitions it owns wait in `positions` until a poll() turns to them.
 */
export interface PositionsOf {
  partition: PartitionId;
  position: number | null;
  positions: Record<PartitionId, number>;
  /** Set for a group member: the partitions it owns in its generation. */
  member?: unknown;
  assignment: PartitionId[];
}

/** The partitions it reads: a member's assignment, or the one partition of a consumer on its own. */
export const ownedPartitions = (c: PositionsOf): PartitionId[] => (c.member ? c.assignment : [c.partition]);

/** More than one: the narration then names the partition it speaks of. */
export const readsSeveral = (c: PositionsOf) => ownedPartitions(c).length > 1;

export const positionOf = (c: PositionsOf, p: PartitionId): number | null =>
  p === c.partition ? c.position : (c.positions[p] ?? null);

export function withPosition<C extends PositionsOf>(c: C, p: PartitionId, offset: number): C {
  return p === c.partition
    ? { ...c, position: offset }
    : { ...c, positions: { ...c.positions, [p]: offset } };
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

/** Turn to partition p: the current position waits with the others, p's becomes the one fetched. */
export function turnTo<C extends PositionsOf>(c: C, p: PartitionId): C {
  if (p === c.partition) return c;
  const positions = { ...c.positions };
  if (c.position !== null) positions[c.partition] = c.position;
  const position = positions[p] ?? null;
  delete positions[p];
  return { ...c, partition: p, position, positions };
}
