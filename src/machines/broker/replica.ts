import type { AbortedTxn, BatchOnWire, LogEntry, NodeId, PartitionId } from '../../kafka/protocol.ts';
import { PartitionLog } from './partitionLog.ts';

/**
 * One replica of one partition, and the pure rules that change it. Leaders and followers share the
 * append path, so a follower rebuilds exactly the producer state its leader has (KIP-98): after a
 * failover the new leader still recognises a retried batch.
 */

/** How many batches per producer the leader remembers for de-duplication (ProducerStateEntry). */
export const PRODUCER_BATCH_WINDOW = 5;

export interface BatchMetadata {
  firstSeq: number;
  lastSeq: number;
  offset: number;
}

export interface ProducerStateEntry {
  epoch: number;
  batches: BatchMetadata[]; // oldest first, at most PRODUCER_BATCH_WINDOW
}

/**
 * Producer id → its state. A Map, not a plain object: producer ids start at 1000, and an object keyed by
 * 1000 keeps its entry in an array of over 1,500 slots (V8's elements), so the copy every append of a
 * producer's batch makes was 12 KB. Serialised as that object would be (the lab's world hash reads it).
 */
export class ProducerStates extends Map<number, ProducerStateEntry> {
  toJSON(): Record<number, ProducerStateEntry> {
    return Object.fromEntries(this);
  }

  /**
   * A copy, entry by entry: `new ProducerStates(map)` takes the Map constructor's generic iterable path
   * for a subclass, about 3× slower (0.8 µs against 0.25 µs for two producers), and every append of a
   * producer's batch, by a leader or a follower, copies it.
   */
  copy(): ProducerStates {
    const copy = new ProducerStates();
    for (const [id, entry] of this) copy.set(id, entry);
    return copy;
  }
}

/** An acks=all produce request in the leader's purgatory (DelayedProduce), until the HW passes it. */
export interface PendingAck {
  from: NodeId;
  requestId: number;
  batchId: string;
  offset: number;
  /** Arrival plus the request's timeout: then the leader answers REQUEST_TIMED_OUT. */
  expiresAt: number;
}

/** Names one request in purgatory, for its expiry timer. */
export const pendingAckKey = (p: PendingAck) => `${p.from}:${p.requestId}`;

export interface Replica {
  partition: PartitionId;
  role: 'leader' | 'follower';
  leaderEpoch: number;
  /** Persistent: a replica and the one it becomes share the entries (an append copies no log). */
  log: PartitionLog;
  highWatermark: number;
  producers: ProducerStates;
  /** Producer id → first offset of its open transaction in this partition. */
  ongoingTxns: Record<number, number>;
  /**
   * The smallest value in ongoingTxns (null: none open), kept with it: the LSO is asked for on every
   * fetch and invariant check, and enumerating producer-id keys allocates each time.
   */
  firstOpenTxnOffset: number | null;
  abortedTxns: AbortedTxn[];
  /**
   * Transactions whose marker is written but was not yet below the high watermark when last looked at
   * (ProducerStateManager's unreplicatedTxns): first data offset and marker offset. They hold the LSO.
   */
  unreplicatedTxns: { firstOffset: number; markerOffset: number }[];
  /** The effective min ISR: min(min.insync.replicas, replica count) (Partition.effectiveMinIsr). */
  minIsr: number;
  // Leader-only bookkeeping (kept, but unused, while following).
  isr: NodeId[];
  followerLeo: Record<NodeId, number>;
  followerCaughtUpAt: Record<NodeId, number>;
  pendingAcks: PendingAck[];
}

/** A new replica of a partition whose replicas are `isr` (all in sync at first). */
export function newReplica(
  partition: PartitionId,
  role: 'leader' | 'follower',
  isr: NodeId[],
  minInsyncReplicas: number,
): Replica {
  return {
    partition,
    role,
    leaderEpoch: 0,
    log: PartitionLog.EMPTY,
    highWatermark: 0,
    producers: new ProducerStates(),
    ongoingTxns: {},
    firstOpenTxnOffset: null,
    abortedTxns: [],
    unreplicatedTxns: [],
    minIsr: Math.min(minInsyncReplicas, isr.length),
    isr,
    // A fresh partition's leader knows every follower starts empty.
    followerLeo: Object.fromEntries(isr.map((id) => [id, 0])),
    followerCaughtUpAt: {},
    pendingAcks: [],
  };
}

export const logEndOffset = (r: Replica): number => r.log.length;

/**
 * LSO = min(HW, first offset of the earliest transaction still open or whose marker is not yet below the
 * HW) (ProducerStateManager.firstUnstableOffset): a read_committed consumer must not read a committed
 * transaction before its COMMIT marker is replicated, or a failover could leave it undecided.
 */
export function lastStableOffset(r: Replica): number {
  let lso = r.firstOpenTxnOffset === null ? r.highWatermark : Math.min(r.highWatermark, r.firstOpenTxnOffset);
  for (const t of r.unreplicatedTxns)
    if (t.markerOffset >= r.highWatermark) lso = Math.min(lso, t.firstOffset);
  return lso;
}

export type SequenceCheck =
  | { kind: 'append' }
  | { kind: 'duplicate'; offset: number }
  | { kind: 'reject'; error: 'OUT_OF_ORDER_SEQUENCE_NUMBER' | 'INVALID_PRODUCER_EPOCH'; why: string };

/** UnifiedLog/ProducerAppendInfo: is this batch the next in sequence, a known retry, or out of order? */
export function checkSequence(r: Replica, batch: BatchOnWire): SequenceCheck {
  if (batch.producerId < 0) return { kind: 'append' };
  const entry = r.producers.get(batch.producerId);
  if (entry && batch.epoch < entry.epoch) {
    return {
      kind: 'reject',
      error: 'INVALID_PRODUCER_EPOCH',
      why: `its epoch ${batch.epoch} is older than the epoch ${entry.epoch} the partition knows for producer ${batch.producerId}`,
    };
  }
  // A producer the partition has no state for may start at any sequence (ProducerAppendInfo
  // checkSequence: no current epoch); a new epoch of a producer it knows must start at 0.
  if (!entry) return { kind: 'append' };
  if (batch.epoch > entry.epoch) {
    return batch.firstSequence === 0
      ? { kind: 'append' }
      : {
          kind: 'reject',
          error: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
          why: `a new epoch (${batch.epoch}) of producer ${batch.producerId}, which the partition knows, must start at sequence 0, not ${batch.firstSequence}`,
        };
  }
  const known = entry.batches.find((b) => b.firstSeq === batch.firstSequence);
  if (known) return { kind: 'duplicate', offset: known.offset };
  const last = entry.batches[entry.batches.length - 1];
  const expected = last ? last.lastSeq + 1 : 0;
  if (batch.firstSequence === expected) return { kind: 'append' };
  return {
    kind: 'reject',
    error: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
    why:
      batch.firstSequence < expected
        ? `sequence ${batch.firstSequence} is older than the last ${PRODUCER_BATCH_WINDOW} batches it remembers`
        : `it expected sequence ${expected} but got ${batch.firstSequence}`,
  };
}

/** Applies one entry's effect on producer and transaction state (shared by leader and follower). */
function applyEntry(r: Replica, e: LogEntry): void {
  if (e.producerId < 0) return;
  if (e.kind === 'data') {
    const prev = r.producers.get(e.producerId);
    const batches = prev && prev.epoch === e.producerEpoch ? prev.batches : [];
    // The window's newest PRODUCER_BATCH_WINDOW - 1, then this one: one array per append.
    const kept = batches.slice(Math.max(0, batches.length - PRODUCER_BATCH_WINDOW + 1));
    kept.push({ firstSeq: e.sequence, lastSeq: e.sequence, offset: e.offset });
    r.producers.set(e.producerId, { epoch: e.producerEpoch, batches: kept });
    if (e.transactional && r.ongoingTxns[e.producerId] === undefined) {
      r.ongoingTxns = { ...r.ongoingTxns, [e.producerId]: e.offset };
      // Offsets only grow, so an earlier open transaction, if any, still starts first.
      r.firstOpenTxnOffset ??= e.offset;
    }
    return;
  }
  // A COMMIT or ABORT marker closes the producer's transaction and carries its (possibly bumped) epoch.
  const first = r.ongoingTxns[e.producerId];
  if (first !== undefined) {
    r.ongoingTxns = { ...r.ongoingTxns };
    delete r.ongoingTxns[e.producerId];
    if (first === r.firstOpenTxnOffset) {
      const rest = Object.values(r.ongoingTxns);
      r.firstOpenTxnOffset = rest.length > 0 ? Math.min(...rest) : null;
    }
    if (e.kind === 'ABORT')
      r.abortedTxns = [
        ...r.abortedTxns,
        { producerId: e.producerId, firstOffset: first, lastOffset: e.offset },
      ];
    // Those already below the HW hold nothing any more: the list stays as short as the replication lag.
    r.unreplicatedTxns = [
      ...r.unreplicatedTxns.filter((t) => t.markerOffset >= r.highWatermark),
      { firstOffset: first, markerOffset: e.offset },
    ];
  }
  const prev = r.producers.get(e.producerId);
  if (!prev || e.producerEpoch > prev.epoch)
    r.producers.set(e.producerId, { epoch: e.producerEpoch, batches: [] });
}

/**
 * A copy that applyEntry may write into. Only entries of a producer (id ≥ 0) touch the producer state,
 * so a plain record or an empty fetch copies the replica alone (its log is persistent: appending makes
 * a new one). The transaction state (open and aborted transactions) changes only at a transaction's
 * first record and its marker: applyEntry replaces it then, so a replica shares it with its predecessor
 * otherwise (and the invariants can tell by identity whether it changed).
 */
function cloneState(r: Replica, entries: readonly LogEntry[]): Replica {
  if (!entries.some((e) => e.producerId >= 0)) return { ...r };
  return { ...r, producers: r.producers.copy() };
}

/** Appends entries at the log end; returns a new replica (the same one when there is nothing to add). */
export function appendEntries(r: Replica, entries: readonly LogEntry[]): Replica {
  if (entries.length === 0) return r;
  const next = cloneState(r, entries);
  for (const e of entries) {
    if (e.offset !== next.log.length) continue; // already have it (or a gap: never appended out of order)
    next.log = next.log.append(e);
    applyEntry(next, e);
  }
  return next;
}

export function makeDataEntry(r: Replica, batch: BatchOnWire): LogEntry {
  return {
    offset: logEndOffset(r),
    leaderEpoch: r.leaderEpoch,
    kind: 'data',
    producerId: batch.producerId,
    producerEpoch: batch.epoch,
    sequence: batch.firstSequence,
    transactional: batch.transactional,
    record: batch.record,
  };
}

export function makeMarkerEntry(r: Replica, producerId: number, epoch: number, commit: boolean): LogEntry {
  return {
    offset: logEndOffset(r),
    leaderEpoch: r.leaderEpoch,
    kind: commit ? 'COMMIT' : 'ABORT',
    producerId,
    producerEpoch: epoch,
    sequence: -1,
    transactional: true,
  };
}

/**
 * Truncates to `offset` (the log kept shares the entries it keeps) and rebuilds the derived
 * producer/transaction state from what is left.
 */
export function truncateTo(r: Replica, offset: number): Replica {
  const kept = r.log.truncate(offset);
  const rebuilt: Replica = {
    ...r,
    log: kept,
    producers: new ProducerStates(),
    ongoingTxns: {},
    firstOpenTxnOffset: null,
    abortedTxns: [],
    unreplicatedTxns: [],
  };
  for (const e of kept) applyEntry(rebuilt, e);
  return { ...rebuilt, highWatermark: Math.min(r.highWatermark, kept.length) };
}

/** The ISR is smaller than the effective min ISR. */
export const underMinIsr = (r: Replica): boolean => r.isr.length < r.minIsr;

/**
 * The leader's HW: the smallest LEO among ISR members (its own LEO for itself). Since Kafka 3.7
 * (KAFKA-15583, Partition.maybeIncrementLeaderHW) it does not move while the ISR is under the effective
 * min ISR: a record only the shrunken ISR has is not yet durable enough to be read or acknowledged.
 */
export function leaderHighWatermark(r: Replica, self: NodeId): number {
  if (underMinIsr(r)) return r.highWatermark;
  let hw = logEndOffset(r);
  for (const member of r.isr) {
    if (member === self) continue;
    hw = Math.min(hw, r.followerLeo[member] ?? 0);
  }
  // The HW never moves back on the leader.
  return Math.max(hw, r.highWatermark);
}

/**
 * End offset of `epoch` in this log: where the first entry of a later leader epoch starts
 * (OffsetsForLeaderEpoch). A follower whose log goes past it has diverged and truncates there.
 */
export function endOffsetForEpoch(r: Replica, epoch: number): number {
  // Leader epochs never decrease along a log (a leader writes with its own epoch; a follower truncates
  // to where it diverged before copying more), so a log whose last entry is of `epoch` or older has no
  // later epoch at all: a follower in step, the usual case, costs no scan of a log that keeps growing.
  const last = r.log.last();
  if (!last || last.leaderEpoch <= epoch) return logEndOffset(r);
  for (const e of r.log) if (e.leaderEpoch > epoch) return e.offset;
  return logEndOffset(r);
}

/** Entries a fetch from `fetchOffset` may return, up to `maxOffset` (HW or LSO for consumers). */
export function readRange(r: Replica, fetchOffset: number, maxOffset: number): LogEntry[] {
  return r.log.slice(fetchOffset, Math.max(fetchOffset, maxOffset));
}

/** Aborted transactions overlapping [from, to): read_committed consumers skip their records. */
export function abortedInRange(r: Replica, from: number, to: number): AbortedTxn[] {
  return r.abortedTxns.filter((t) => t.lastOffset >= from && t.firstOffset < to);
}
