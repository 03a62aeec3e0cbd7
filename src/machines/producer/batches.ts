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
}

export const inFlight = (batches: Batch[]) => batches.filter((b) => b.state === 'inflight');

/** A batch that has been sent before and is queued again, waiting for its retry. */
export const isRetry = (b: Batch) => b.attempts > 0;

/**
 * Which queued batches the sender may put on the wire now. Without idempotence, retries simply go
 * first and share the in-flight window — so a retried batch can land after a later one. With
 * idempotence, once any batch needs a retry the client sends only the lowest-sequence unresolved batch
 * until it succeeds (KAFKA-5494), which keeps the partition in order.
 */
export function drainable(batches: Batch[], maxInFlight: number, idempotent: boolean): Batch[] {
  const flying = inFlight(batches).length;
  const queued = batches.filter((b) => b.state === 'queued');
  if (idempotent && batches.some(isRetry)) {
    if (flying > 0) return [];
    const first = batches.filter((b) => b.sequence >= 0).sort((a, b) => a.sequence - b.sequence)[0];
    return first && first.state === 'queued' ? [first] : [];
  }
  const ordered = [...queued.filter(isRetry), ...queued.filter((b) => !isRetry(b))];
  return ordered.slice(0, Math.max(0, maxInFlight - flying));
}

export function replaceBatch(batches: Batch[], next: Batch): Batch[] {
  return batches.map((b) => (b.id === next.id ? next : b));
}
