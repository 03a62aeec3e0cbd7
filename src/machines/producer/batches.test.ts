import { describe, expect, it } from 'vitest';
import { produceRequests, type Batch } from './batches.ts';

/** What the sender drains when it knows no leader: each partition on a connection of its own. */
const drainable = (batches: Batch[], maxInFlight: number, idempotent: boolean, now: number) =>
  produceRequests(batches, maxInFlight, idempotent, now, () => undefined).flat();

/** b<n>: sequence n-1 once it has been sent (attempts > 0), none while it never left the accumulator. */
const batch = (n: number, state: Batch['state'], attempts: number): Batch => ({
  id: `b${n}`,
  record: { id: `m${n}` },
  partition: 'orders-0',
  sequence: attempts > 0 || state === 'inflight' ? n - 1 : -1,
  attempts,
  createdAt: 0,
  state,
  requestId: 0,
  sentAt: 0,
  retryAt: 0,
});
const ids = (bs: Batch[]) => bs.map((b) => b.id);

describe('drainable, idempotent (RecordAccumulator.shouldStopDrainBatchesForPartition)', () => {
  it('sends the lowest unresolved sequence again, and new batches may follow it', () => {
    expect(
      ids(drainable([batch(1, 'queued', 1), batch(2, 'queued', 0), batch(3, 'queued', 0)], 5, true, 0)),
    ).toEqual(['b1', 'b2', 'b3']);
  });
  it('holds a sequenced retry that is not the lowest unresolved one until the lower one lands', () => {
    // b1 is in flight again and b2 failed too: b2 heads the queue and waits, and b3 waits behind it.
    expect(
      ids(drainable([batch(1, 'inflight', 2), batch(2, 'queued', 1), batch(3, 'queued', 0)], 5, true, 0)),
    ).toEqual([]);
    expect(
      ids(drainable([batch(1, 'queued', 1), batch(2, 'inflight', 1), batch(3, 'queued', 0)], 5, true, 0)),
    ).toEqual(['b1', 'b3']);
  });
  it('never goes past max.in.flight.requests.per.connection', () => {
    expect(
      ids(drainable([batch(1, 'queued', 1), batch(2, 'queued', 0), batch(3, 'queued', 0)], 1, true, 0)),
    ).toEqual(['b1']);
  });
});

describe('drainable, without idempotence', () => {
  it('puts retries first, sharing the window: a retried batch can land after a later one', () => {
    expect(ids(drainable([batch(2, 'queued', 0), batch(1, 'queued', 1)], 5, false, 0))).toEqual(['b1', 'b2']);
  });
});

describe('drainable, while a retry backs off (retry.backoff.ms, KIP-580)', () => {
  const waiting = (b: Batch, retryAt: number): Batch => ({ ...b, retryAt });
  it('sends nothing of the partition until the back-off ends, then the retry first', () => {
    const queue = [waiting(batch(1, 'queued', 1), 100), batch(2, 'queued', 0)];
    expect(ids(drainable(queue, 5, true, 99))).toEqual([]);
    expect(ids(drainable(queue, 5, false, 99))).toEqual([]);
    expect(ids(drainable(queue, 5, true, 100))).toEqual(['b1', 'b2']);
  });
});

describe('drainable, with batches for several partitions', () => {
  const on = (b: Batch, partition: string, sequence = b.sequence): Batch => ({ ...b, partition, sequence });
  it('orders each partition by its own sequences: a retry is judged against its own partition only', () => {
    // orders-0: b1 (seq 0) in flight. orders-1: seqs 0 and 1 acknowledged, b2 (seq 2) failed: the lowest
    // unresolved sequence there, so it goes again although orders-0 has a lower number in flight.
    const queue = [on(batch(1, 'inflight', 1), 'orders-0', 0), on(batch(2, 'queued', 1), 'orders-1', 2)];
    expect(ids(drainable(queue, 5, true, 0))).toEqual(['b2']);
  });
  it('fills each partition’s window on its own', () => {
    const queue = [on(batch(1, 'inflight', 1), 'orders-0', 0), on(batch(2, 'queued', 0), 'orders-1')];
    expect(ids(drainable(queue, 1, true, 0))).toEqual(['b2']);
  });
});

describe('produceRequests: one request per leader (RecordAccumulator.drain, Sender.sendProduceRequests)', () => {
  const on = (b: Batch, partition: string): Batch => ({ ...b, partition });
  const requests = (queue: Batch[], maxInFlight: number, leaders: Record<string, string>) =>
    produceRequests(queue, maxInFlight, false, 0, (p) => leaders[p]).map(ids);
  const oneLeader = { 'orders-0': 'broker-1', 'orders-1': 'broker-1', 'orders-2': 'broker-2' };

  it('puts the batches of every partition a broker leads into one request, one request per broker', () => {
    const queue = [
      on(batch(1, 'queued', 0), 'orders-0'),
      on(batch(2, 'queued', 0), 'orders-1'),
      on(batch(3, 'queued', 0), 'orders-2'),
    ];
    expect(requests(queue, 5, oneLeader)).toEqual([['b1', 'b2'], ['b3']]);
  });
  it('takes at most one batch per partition into a request; the rest go in the next ones', () => {
    const queue = [
      on(batch(1, 'queued', 0), 'orders-0'),
      on(batch(2, 'queued', 0), 'orders-0'),
      on(batch(3, 'queued', 0), 'orders-1'),
    ];
    expect(requests(queue, 5, oneLeader)).toEqual([['b1', 'b3'], ['b2']]);
  });
  it('counts max.in.flight.requests.per.connection per broker, whatever partitions the requests carry', () => {
    // orders-0's request is unanswered on broker-1's connection: orders-1 (same broker) waits, orders-2 goes.
    const queue = [
      on({ ...batch(1, 'inflight', 1), requestId: 7 }, 'orders-0'),
      on(batch(2, 'queued', 0), 'orders-1'),
      on(batch(3, 'queued', 0), 'orders-2'),
    ];
    expect(requests(queue, 1, oneLeader)).toEqual([['b3']]);
    expect(requests(queue, 2, oneLeader)).toEqual([['b2'], ['b3']]);
  });
});
