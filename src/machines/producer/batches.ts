import type { PartitionId, WireRecord } from '../../kafka/protocol.ts';

/** One ProducerBatch (one record) in the client's accumulator, from send() until it completes. */
export interface Batch {
  id: string; // "b1", stable across retries
  record: WireRecord;
  partition: PartitionId;
  /** Sequence number, assigned the first time the batch is drained (idempotent producers only). */
  sequence: number;
  attempts: number;
  createdAt: number;
  state: 'queued' | 'inflight';
  /** The request currently carrying it; a response to an older request is stale. */
  requestId: number;
  sentAt: number;
  /** A retry waits until then (retry.backoff.ms, KIP-580); 0 once it may go. */
  retryAt: number;
}

export const inFlight = (batches: Batch[]) => batches.filter((b) => b.state === 'inflight');

/** A queued batch that was sent before and waits for its retry (an in-flight batch is not a retry). */
export const isRetry = (b: Batch) => b.state === 'queued' && b.attempts > 0;

/** A retry still in its back-off (RecordAccumulator.shouldBackoff). */
export const backingOff = (b: Batch, now: number) => b.state === 'queued' && b.retryAt > now;

/**
 * Which queued batches the sender may put on the wire now, up to max.in.flight.requests.per.connection.
 * A retry is re-queued at the head of its partition's queue; while it backs off, nothing behind it goes.
 * Without idempotence, retries simply go first and share the window — so a retried batch can land after
 * a later one. With idempotence the accumulator keeps the queue in sequence order and stops at a batch
 * that already has a sequence unless it is the lowest one still unresolved (RecordAccumulator's
 * shouldStopDrainBatchesForPartition, KAFKA-5494): after a failure, of the batches that already carry a
 * sequence only the lowest goes out again, and the later ones wait until it lands; new batches (no
 * sequence yet) may follow it on the wire. The leader appends by sequence, so the partition stays in order.
 */
export function drainable(batches: Batch[], maxInFlight: number, idempotent: boolean, now: number): Batch[] {
  const partitions = [...new Set(batches.map((b) => b.partition))];
  if (partitions.length <= 1) return drainableOf(batches, maxInFlight, idempotent, now);
  // Sequences and their order are per partition. The window is too: Kafka's is per connection, the same
  // thing while each partition has a leader of its own (the default assignment, up to one per broker).
  return partitions.flatMap((p) =>
    drainableOf(
      batches.filter((b) => b.partition === p),
      maxInFlight,
      idempotent,
      now,
    ),
  );
}

function drainableOf(batches: Batch[], maxInFlight: number, idempotent: boolean, now: number): Batch[] {
  const room = Math.max(0, maxInFlight - inFlight(batches).length);
  const queued = batches.filter((b) => b.state === 'queued');
  if (!idempotent)
    return untilBackingOff([...queued.filter(isRetry), ...queued.filter((b) => !isRetry(b))], now).slice(
      0,
      room,
    );
  const sequenced = batches.filter((b) => b.sequence >= 0);
  const firstUnresolved = Math.min(...sequenced.map((b) => b.sequence));
  const inLine = [
    ...queued.filter((b) => b.sequence >= 0).sort((a, b) => a.sequence - b.sequence),
    ...queued.filter((b) => b.sequence < 0),
  ];
  const out: Batch[] = [];
  for (const b of untilBackingOff(inLine, now)) {
    if (out.length >= room || (b.sequence >= 0 && b.sequence !== firstUnresolved)) break;
    out.push(b);
  }
  return out;
}

function untilBackingOff(inLine: Batch[], now: number): Batch[] {
  const stop = inLine.findIndex((b) => backingOff(b, now));
  return stop < 0 ? inLine : inLine.slice(0, stop);
}

export function replaceBatch(batches: Batch[], next: Batch): Batch[] {
  return batches.map((b) => (b.id === next.id ? next : b));
}
