/**
 * The partition log as the UI shows it: each replica's entries with what they mean for a reader
 * (committed, open or aborted transaction, a marker, above the high watermark) and the pointers under
 * them. The statuses come from the replica's own transaction state, so the screen holds no Kafka rule.
 */
import type { LogEntry, NodeId, PartitionId } from '../kafka/protocol.ts';
import type { BrokerContext } from '../machines/broker/broker.ts';
import { abortedInRange, type Replica } from '../machines/broker/replica.ts';
import type { PartitionView } from '../sim/ledger.ts';
import { isDown, partOf, type World } from '../sim/world.ts';

/**
 * What a transactional reader makes of an entry: `plain` is outside any transaction; `open` belongs to a
 * transaction with no marker yet (read_committed stops below it); `aborted` to one whose ABORT marker
 * this replica holds (read_committed skips it); `marker` is a COMMIT or ABORT control record.
 */
export type EntryStatus = 'plain' | 'committed' | 'open' | 'aborted' | 'marker';

export interface LogEntryView {
  offset: number;
  /** The record id of a data entry ("m1"), the marker's kind ("COMMIT", "ABORT") otherwise. */
  text: string;
  kind: LogEntry['kind'];
  status: EntryStatus;
  /** At or above this replica's high watermark: not yet known to be on every in-sync replica, unread. */
  aboveHighWatermark: boolean;
  producerId: number;
  leaderEpoch: number;
}

export interface LogPointer {
  offset: number;
  /** "LEO", "HW", "LSO" or a consumer group's name. */
  label: string;
  /** What a screen reader says in place of the short label. */
  long: string;
  /** A consumer group's committed offset rather than one of the log's own offsets. */
  group: boolean;
}

export interface ReplicaLogView {
  broker: NodeId;
  leader: boolean;
  down: boolean;
  entries: LogEntryView[];
  pointers: LogPointer[];
}

export interface PartitionLogView {
  partition: PartitionId;
  leader: NodeId | null;
  highWatermark: number;
  lastStableOffset: number;
  replicas: ReplicaLogView[];
  /** Offsets 0 … columns-1 hold every entry and every pointer of every replica. */
  columns: number;
}

export interface PartitionLogsView {
  partitions: PartitionLogView[];
  /** Some replica holds a transactional entry: the legend explains open and aborted. */
  transactional: boolean;
}

function statusOf(r: Replica | undefined, e: LogEntry): EntryStatus {
  if (e.kind !== 'data') return 'marker';
  if (!e.transactional || !r) return 'plain';
  if (abortedInRange(r, e.offset, e.offset + 1).some((t) => t.producerId === e.producerId)) return 'aborted';
  const first = r.ongoingTxns[e.producerId];
  if (first !== undefined && e.offset >= first) return 'open';
  return 'committed';
}

function replicaView(world: World, p: PartitionView, rep: PartitionView['replicas'][number]): ReplicaLogView {
  const replica = (partOf(world, rep.broker, 'broker')?.context as BrokerContext | undefined)?.replicas[
    p.partition
  ];
  const leader = rep.broker === p.leader;
  const pointers: LogPointer[] = [
    { offset: rep.logEndOffset, label: 'LEO', long: `log end offset ${rep.logEndOffset}`, group: false },
    { offset: rep.highWatermark, label: 'HW', long: `high watermark ${rep.highWatermark}`, group: false },
  ];
  if (leader) {
    pointers.push({
      offset: p.lastStableOffset,
      label: 'LSO',
      long: `last stable offset ${p.lastStableOffset}`,
      group: false,
    });
    for (const [group, offset] of Object.entries(p.committedOffsets))
      pointers.push({ offset, label: group, long: `${group} committed offset ${offset}`, group: true });
  }
  return {
    broker: rep.broker,
    leader,
    down: isDown(world, rep.broker) ?? false,
    entries: rep.entries.map((e) => ({
      offset: e.offset,
      text: e.kind === 'data' ? (e.record?.id ?? '?') : e.kind,
      kind: e.kind,
      status: statusOf(replica, e),
      aboveHighWatermark: e.offset >= rep.highWatermark,
      producerId: e.producerId,
      leaderEpoch: e.leaderEpoch,
    })),
    pointers,
  };
}

/** Every partition of `world` (as `outcome(world).partitions` lists them), replica by replica. */
export function partitionLogView(world: World, partitions: readonly PartitionView[]): PartitionLogsView {
  const views = partitions.map((p): PartitionLogView => {
    const replicas = p.replicas.map((rep) => replicaView(world, p, rep));
    const columns =
      Math.max(0, ...replicas.flatMap((r) => [r.entries.length, ...r.pointers.map((x) => x.offset)])) + 1;
    return {
      partition: p.partition,
      leader: p.leader,
      highWatermark: p.highWatermark,
      lastStableOffset: p.lastStableOffset,
      replicas,
      columns,
    };
  });
  return {
    partitions: views,
    transactional: partitions.some((p) => p.replicas.some((r) => r.entries.some((e) => e.transactional))),
  };
}
