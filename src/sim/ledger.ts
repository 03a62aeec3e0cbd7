import type { LogEntry, NodeId, PartitionId, RecordId } from '../kafka/protocol.ts';
import type { BrokerContext } from '../machines/broker/broker.ts';
import { lastStableOffset, type Replica } from '../machines/broker/replica.ts';
import type { ConsumerContext, ConsumerInput } from '../machines/consumer.ts';
import type { GroupCoordinatorContext } from '../machines/groupCoordinator.ts';
import { deliverySemantics } from '../lesson/semantics.ts';
import { countIn } from './grownList.ts';
import { partOf, type World } from './world.ts';
import { NODE } from '../scenarios/nodeIds.ts';

/**
 * Per record: what happened to it, end to end, and the verdict in the seeds' terms. "Delivered" counts
 * what the final reader processed (the consumer, or the downstream reader of the output topic).
 */

export type Verdict = 'lost' | 'once' | 'duplicated';

export interface LedgerRow {
  record: RecordId;
  /** On a topic with several partitions: the partition the record was placed on (its offsets are there). */
  partition?: PartitionId;
  attempts: number;
  /**
   * The offset of the last acknowledgement the producer received for it (send() completed), when it got
   * one: with acks=1 an acknowledged record may still be missing from the log after a failover.
   */
  acknowledgedAt?: number;
  /** Offsets of its copies in the current leader's log of the partition the reader reads. */
  offsets: number[];
  /** How many of those copies belong to aborted transactions (they keep their offsets: abort deletes nothing). */
  aborted: number;
  readCommitted: number;
  readUncommitted: number;
  processed: number;
  effects: number;
  delivered: number;
  verdict: Verdict;
  outOfOrder: boolean;
}

export interface PartitionView {
  partition: PartitionId;
  leader: NodeId | null;
  highWatermark: number;
  lastStableOffset: number;
  replicas: { broker: NodeId; logEndOffset: number; highWatermark: number; entries: LogEntry[] }[];
  committedOffsets: Record<string, number>;
}

/**
 * The run in the seeds' terms (its mode and risk, what was lost or duplicated) and what it cost. The
 * risk counts effects outside Kafka too: a record Kafka delivered once whose effect ran twice is a
 * duplicate for whoever was charged.
 */
export interface RunSummary {
  mode: string;
  risk: 'loss' | 'duplicates' | 'loss and duplicates' | 'none';
  lost: number;
  duplicated: number;
  outOfOrder: boolean;
  cost: {
    roundTrips: number;
    bytesOnWire: number;
    logRecords: number;
    markers: number;
    endToEndLatencyMs: number | null;
  };
}

export interface Outcome {
  scenario: string;
  steps: number;
  time: number;
  /** What processing a record does outside Kafka ("charge card"), or null when no application processes. */
  effect: string | null;
  partitions: PartitionView[];
  reads: { read_committed: RecordId[]; read_uncommitted: RecordId[] };
  ledger: LedgerRow[];
  summary: RunSummary;
  invariants: { ok: boolean; violations: World['violations'] };
}

const leaderReplica = (world: World, partition: PartitionId): Replica | undefined => {
  const leader = world.leaders[partition]?.leader;
  return leader ? (partOf(world, leader, 'broker')?.context as BrokerContext).replicas[partition] : undefined;
};

/** What a consumer of each isolation level would read from the partition, in order. */
export function readable(
  r: Replica | undefined,
  isolation: 'read_committed' | 'read_uncommitted',
): LogEntry[] {
  if (!r) return [];
  const end = isolation === 'read_committed' ? lastStableOffset(r) : r.highWatermark;
  return r.log
    .slice(0, end)
    .filter((e) => e.kind === 'data' && (isolation === 'read_uncommitted' || !isAborted(r, e)));
}

/** Whether an entry belongs to a transaction the replica knows was aborted. */
const isAborted = (r: Replica, e: LogEntry): boolean =>
  r.abortedTxns.some(
    (t) => t.producerId === e.producerId && e.offset >= t.firstOffset && e.offset < t.lastOffset,
  );

/** The id a ledger row follows: the input record (an output record "m1'" belongs to "m1"). */
const sourceOf = (e: LogEntry): RecordId => e.record?.source ?? e.record?.id ?? '?';

/** How many times each id occurs: one pass, so that a ledger of n records costs O(n), not O(n²). */
function tally(ids: readonly RecordId[]): Map<RecordId, number> {
  const counts = new Map<RecordId, number>();
  for (const id of ids) counts.set(id, (counts.get(id) ?? 0) + 1);
  return counts;
}

/**
 * The order the reader saw first copies in, compared with the order each application wrote its records:
 * Kafka keeps one producer's order on a partition, not an order across producers.
 */
function isOutOfOrder(order: RecordId[], applications: readonly { records: readonly RecordId[] }[]): boolean {
  const firsts = [...new Set(order)];
  return applications.some(({ records }) => {
    const mine = new Set(records);
    const seen = firsts.filter((r) => mine.has(r));
    const seenSet = new Set(seen);
    const expected = records.filter((r) => seenSet.has(r));
    return seen.some((id, i) => id !== expected[i]);
  });
}

export function outcome(world: World): Outcome {
  const { topology, scenario, stats } = world;
  // Several partitions (each with its reader, or shared by a group's members): each log is read on its
  // own, with no order across partitions.
  const readers = topology.partitionReaders;
  const readPartitions = topology.outputPartition
    ? [topology.outputPartition]
    : topology.partitions.map((p) => p.partition);
  const several = readPartitions.length > 1;
  const replicas = readPartitions.map((p) => leaderReplica(world, p));
  const committedReads = replicas.flatMap((r) => readable(r, 'read_committed').map(sourceOf));
  const uncommittedReads = replicas.flatMap((r) => readable(r, 'read_uncommitted').map(sourceOf));
  const readerCtx = topology.reader
    ? (partOf(world, topology.reader, 'consumer')?.context as ConsumerContext | undefined)
    : undefined;
  const isolation = readerCtx?.config.isolationLevel ?? scenario.config.consumer.isolationLevel;
  // One pass over the trace: what each application processed, and the effects outside Kafka.
  const processedByNode = new Map<NodeId, RecordId[]>();
  // A group's members read side by side: what they processed, in the order it happened.
  const members = new Set(topology.members);
  const membersProcessed: RecordId[] = [];
  const effects: RecordId[] = [];
  // A poll loop that hands its records to a worker thread took them from Kafka at the hand-off: what
  // the thread then finishes is the effects' business (a crash can come between the two).
  const handedOff = new Map<NodeId, RecordId[]>();
  for (const s of world.steps)
    for (const e of s.events) {
      if (e.kind === 'effect') effects.push(e.summary);
      else if (e.kind === 'handoff')
        handedOff.set(e.from, [...(handedOff.get(e.from) ?? []), ...e.summary.split(', ')]);
      else if (e.kind === 'app' && e.name === 'process') {
        const list = processedByNode.get(e.from) ?? [];
        const id = /process\(([^)']+)/.exec(e.summary)?.[1] ?? '?';
        list.push(id);
        processedByNode.set(e.from, list);
        if (members.has(e.from)) membersProcessed.push(id);
      }
    }
  const processedBy = (node: NodeId | null) => (node ? (processedByNode.get(node) ?? []) : []);
  const readerHandsOff = topology.reader !== null && handedOff.has(topology.reader);
  const deliveredOrder =
    topology.members.length > 0 && !topology.outputPartition
      ? membersProcessed
      : readers
        ? readers.flatMap((x) => processedBy(x.reader))
        : topology.reader
          ? readerHandsOff
            ? (handedOff.get(topology.reader) ?? [])
            : processedBy(topology.reader)
          : isolation === 'read_committed'
            ? committedReads
            : uncommittedReads;
  // A group's records may be processed by several members (a partition moved between them): all of them
  // count. The worker thread's processing is what it finished: its effects.
  const processedIds = topology.outputPartition
    ? topology.members.length > 0
      ? membersProcessed
      : processedBy(NODE.processor)
    : topology.members.length > 0
      ? membersProcessed
      : readers
        ? deliveredOrder
        : readerHandsOff
          ? effects
          : processedBy(topology.reader);
  const delivered = tally(deliveredOrder);
  const committedCounts = tally(committedReads);
  const uncommittedCounts = tally(uncommittedReads);
  const processedCounts = tally(processedIds);
  const effectCounts = tally(effects);
  // Each record's copies in the log, in offset order, with the replica whose log holds them.
  const copiesOf = new Map<RecordId, { e: LogEntry; r: Replica }[]>();
  for (const r of replicas)
    for (const e of r?.log ?? []) {
      if (e.kind !== 'data' || !r) continue;
      const list = copiesOf.get(sourceOf(e)) ?? [];
      list.push({ e, r });
      copiesOf.set(sourceOf(e), list);
    }
  const placedOn = (record: RecordId) =>
    topology.applications.find((a) => a.placement?.[record])?.placement?.[record]?.id;

  const effect = effectOf(topology);
  // The offset each record was last acknowledged at: one pass over the acknowledgements.
  const acknowledgedAt = new Map<RecordId, number>();
  const acks = stats.acknowledged;
  for (let i = 0; i < acks.length; i++) {
    const { record, offset } = acks.backing[i] as { record: RecordId; offset: number };
    acknowledgedAt.set(record, offset);
  }

  const ledger: LedgerRow[] = scenario.workload.records.map((record) => {
    const copies = copiesOf.get(record) ?? [];
    const offsets = copies.map((c) => c.e.offset);
    const partition = several ? placedOn(record) : undefined;
    const deliveredCount = delivered.get(record) ?? 0;
    const written = topology.outputPartition ? `${record}'` : record;
    const attempts = countIn(stats.produced, written);
    const ackedAt = acknowledgedAt.get(written);
    return {
      record,
      ...(partition ? { partition } : {}),
      attempts,
      ...(ackedAt !== undefined ? { acknowledgedAt: ackedAt } : {}),
      offsets,
      aborted: copies.filter((c) => isAborted(c.r, c.e)).length,
      readCommitted: committedCounts.get(record) ?? 0,
      readUncommitted: uncommittedCounts.get(record) ?? 0,
      processed: processedCounts.get(record) ?? 0,
      effects: effectCounts.get(record) ?? 0,
      delivered: deliveredCount,
      verdict: deliveredCount === 0 ? 'lost' : deliveredCount === 1 ? 'once' : 'duplicated',
      outOfOrder: false,
    };
  });
  // Kafka promises one producer's order per partition only: what was read of each partition is judged alone.
  const outOfOrder = several
    ? readPartitions.some((p) =>
        isOutOfOrder(
          deliveredOrder.filter((r) => placedOn(r) === p),
          topology.applications,
        ),
      )
    : isOutOfOrder(deliveredOrder, topology.applications);
  for (const row of ledger) row.outOfOrder = outOfOrder;
  // Outside Kafka counts only where an application processes: with no consumer nothing was meant to run.
  const lost = ledger.filter((l) => l.verdict === 'lost' || (effect !== null && l.effects === 0)).length;
  const duplicated = ledger.filter((l) => l.verdict === 'duplicated' || l.effects > 1).length;
  const risk =
    lost > 0 && duplicated > 0
      ? 'loss and duplicates'
      : lost > 0
        ? 'loss'
        : duplicated > 0
          ? 'duplicates'
          : 'none';
  const partitions = topology.partitions.map(({ partition, replicas }) =>
    partitionView(world, partition, replicas),
  );
  const logRecords = partitions.reduce((n, p) => n + (leaderReplica(world, p.partition)?.log.length ?? 0), 0);
  const markers = partitions.reduce(
    (n, p) => n + (leaderReplica(world, p.partition)?.log.filter((e) => e.kind !== 'data').length ?? 0),
    0,
  );
  return {
    scenario: scenario.id,
    steps: world.steps.length,
    time: world.clock,
    effect,
    partitions,
    reads: { read_committed: committedReads, read_uncommitted: uncommittedReads },
    ledger,
    summary: {
      mode: modeOf(world),
      risk,
      lost,
      duplicated,
      outOfOrder,
      cost: {
        roundTrips: stats.roundTrips,
        bytesOnWire: stats.bytesOnWire,
        logRecords,
        markers,
        endToEndLatencyMs:
          stats.firstProducedAt === null ? null : stats.lastDeliveredAt - stats.firstProducedAt,
      },
    },
    invariants: { ok: world.violations.length === 0, violations: world.violations },
  };
}

/** The effect the processing application has (the consumer, or the consume–transform–produce processor). */
function effectOf(topology: World['topology']): string | null {
  for (const node of topology.nodes)
    for (const part of node.parts) {
      const effect = part.kind === 'consumer' ? (part.input as ConsumerInput).effect : null;
      if (effect) return effect;
    }
  return null;
}

function partitionView(world: World, partition: PartitionId, brokers: NodeId[]): PartitionView {
  const leader = world.leaders[partition]?.leader ?? null;
  const lr = leaderReplica(world, partition);
  const committedOffsets: Record<string, number> = {};
  for (const { id } of world.participants) {
    const gc = partOf(world, id, 'groupCoordinator')?.context as GroupCoordinatorContext | undefined;
    for (const [group, offsets] of Object.entries(gc?.committed ?? {})) {
      const o = offsets[partition];
      if (o !== undefined) committedOffsets[group] = o;
    }
  }
  return {
    partition,
    leader,
    highWatermark: lr?.highWatermark ?? 0,
    lastStableOffset: lr ? lastStableOffset(lr) : 0,
    replicas: brokers.map((broker) => {
      const rep = (partOf(world, broker, 'broker')?.context as BrokerContext).replicas[partition];
      return {
        broker,
        logEndOffset: rep?.log.length ?? 0,
        highWatermark: rep?.highWatermark ?? 0,
        entries: rep?.log.toArray() ?? [],
      };
    }),
    committedOffsets,
  };
}

/** The scenario's semantics in the seeds' words, from its configuration (one rule: deliverySemantics). */
export function modeOf(world: World): string {
  return deliverySemantics(world.scenario).mode;
}
