import type { NodeId, PartitionId, WireRecord } from '../../kafka/protocol.ts';

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
 * The Produce requests the sender may put on the wire now, each a list of batches for one broker
 * (`leaderOf`; a partition whose leader the producer does not know goes on its own). As Kafka's Sender
 * does (RecordAccumulator.drain, drainBatchesForOneNode), each request takes at most one batch per
 * partition, for every ready partition that broker leads, and a broker gets a request only while its
 * connection has fewer than max.in.flight.requests.per.connection unanswered (NetworkClient's
 * InFlightRequests.canSendMore); the sender loops until nothing more may go.
 * Per partition, a retry is re-queued at the head of its partition's queue; while it backs off, nothing
 * behind it goes. Without idempotence, retries simply go first and share the window — so a retried batch
 * can land after a later one. With idempotence the accumulator keeps the queue in sequence order and stops
 * at a batch that already has a sequence unless it is the lowest one still unresolved (RecordAccumulator's
 * shouldStopDrainBatchesForPartition, KAFKA-5494): after a failure, of the batches that already carry a
 * sequence only the lowest goes out again, and the later ones wait until it lands; new batches (no
 * sequence yet) may follow it on the wire. The leader appends by sequence, so the partition stays in order.
 */
export function produceRequests(
  batches: Batch[],
  maxInFlight: number,
  idempotent: boolean,
  now: number,
  leaderOf: (partition: PartitionId) => NodeId | undefined,
): Batch[][] {
  const connectionOf = (p: PartitionId) => leaderOf(p) ?? `unknown leader of ${p}`;
  const partitions = [...new Set(batches.map((b) => b.partition))];
  const queues = partitions.map((p) =>
    drainableOf(
      batches.filter((b) => b.partition === p),
      idempotent,
      now,
    ),
  );
  // Requests unanswered on each connection (simplification: counted by each partition's leader now).
  const unanswered = new Map<string, number>();
  const counted = new Set<number>();
  for (const b of inFlight(batches)) {
    if (counted.has(b.requestId)) continue;
    counted.add(b.requestId);
    const c = connectionOf(b.partition);
    unanswered.set(c, (unanswered.get(c) ?? 0) + 1);
  }
  const requests: Batch[][] = [];
  for (;;) {
    const round = new Map<string, Batch[]>();
    partitions.forEach((p, i) => {
      const c = connectionOf(p);
      const head = queues[i]?.[0];
      if (!head || (unanswered.get(c) ?? 0) >= maxInFlight) return;
      round.set(c, [...(round.get(c) ?? []), head]);
      queues[i]?.shift();
    });
    if (round.size === 0) return requests;
    for (const [c, request] of round) {
      requests.push(request);
      unanswered.set(c, (unanswered.get(c) ?? 0) + 1);
    }
  }
}

/** One partition's batches the sender may take, in the order it takes them (no window applied). */
function drainableOf(batches: Batch[], idempotent: boolean, now: number): Batch[] {
  const queued = batches.filter((b) => b.state === 'queued');
  if (!idempotent)
    return untilBackingOff([...queued.filter(isRetry), ...queued.filter((b) => !isRetry(b))], now);
  const sequenced = batches.filter((b) => b.sequence >= 0);
  const firstUnresolved = Math.min(...sequenced.map((b) => b.sequence));
  const inLine = [
    ...queued.filter((b) => b.sequence >= 0).sort((a, b) => a.sequence - b.sequence),
    ...queued.filter((b) => b.sequence < 0),
  ];
  const out: Batch[] = [];
  for (const b of untilBackingOff(inLine, now)) {
    if (b.sequence >= 0 && b.sequence !== firstUnresolved) break;
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
