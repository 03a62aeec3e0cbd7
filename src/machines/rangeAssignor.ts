import type { PartitionId } from '../kafka/protocol.ts';

/**
 * The range assignor (RangeAssignor, first in Kafka 4.x's default partition.assignment.strategy): the
 * members sorted by member id, each gets a contiguous range of the topic's partitions, the first ones one
 * more when they do not divide evenly. With one partition, the first member owns it and the others idle.
 */
export function rangeAssign(
  memberIds: readonly string[],
  partitions: readonly PartitionId[],
): Record<string, PartitionId[]> {
  const members = [...memberIds].sort();
  const per = Math.floor(partitions.length / Math.max(members.length, 1));
  const extra = partitions.length % Math.max(members.length, 1);
  let next = 0;
  return Object.fromEntries(
    members.map((id, i) => {
      const n = per + (i < extra ? 1 : 0);
      const range = partitions.slice(next, next + n);
      next += n;
      return [id, range];
    }),
  );
}
