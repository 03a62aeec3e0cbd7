import { describe, expect, it } from 'vitest';
import type { BatchOnWire, LogEntry } from '../kafka/protocol.ts';
import {
  PRODUCER_BATCH_WINDOW,
  abortedInRange,
  appendEntries,
  checkSequence,
  endOffsetForEpoch,
  lastStableOffset,
  leaderHighWatermark,
  logEndOffset,
  makeDataEntry,
  makeMarkerEntry,
  newReplica,
  readRange,
  truncateTo,
  type Replica,
} from './broker/replica.ts';

/**
 * The pure partition-log rules (UnifiedLog / ProducerStateManager / ProducerAppendInfo, reduced to one
 * record per batch): sequence checks, markers, LSO, truncation, leader-epoch end offsets.
 */

const PID = 1000;
const ISR = ['broker-1', 'broker-2', 'broker-3'];

const batch = (seq: number, over: Partial<BatchOnWire> = {}): BatchOnWire => ({
  batchId: `b${seq + 1}`,
  producerId: PID,
  epoch: 0,
  firstSequence: seq,
  transactional: false,
  record: { id: `m${seq + 1}` },
  ...over,
});

/** What the leader does on Produce after the sequence check said "append". */
function append(r: Replica, b: BatchOnWire): Replica {
  const check = checkSequence(r, b);
  if (check.kind !== 'append') throw new Error(`expected append, got ${JSON.stringify(check)}`);
  return appendEntries(r, [makeDataEntry(r, b)]);
}

const marker = (r: Replica, commit: boolean, epoch = 0, pid = PID) =>
  appendEntries(r, [makeMarkerEntry(r, pid, epoch, commit)]);

const leader = (minInsyncReplicas = 1) => newReplica('orders-0', 'leader', ISR, minInsyncReplicas);

/** A log with records m1..mN (sequences 0..N-1) from producer PID, epoch 0. */
function withBatches(n: number, r: Replica = leader()): Replica {
  let next = r;
  for (let seq = 0; seq < n; seq++) next = append(next, batch(seq));
  return next;
}

const plain = (id: string, offset: number, leaderEpoch = 0): LogEntry => ({
  offset,
  leaderEpoch,
  kind: 'data',
  producerId: -1,
  producerEpoch: -1,
  sequence: -1,
  transactional: false,
  record: { id },
});

describe('a new replica', () => {
  it('is empty, with HW 0, and its leader assumes every follower starts at 0', () => {
    const r = leader();
    expect(logEndOffset(r)).toBe(0);
    expect(r.highWatermark).toBe(0);
    expect(lastStableOffset(r)).toBe(0);
    expect(r.followerLeo).toEqual({ 'broker-1': 0, 'broker-2': 0, 'broker-3': 0 });
  });
});

describe('checkSequence (idempotent producer, KIP-98)', () => {
  it('appends a non-idempotent batch (producer id -1) whatever it carries', () => {
    const r = withBatches(2);
    expect(checkSequence(r, batch(-1, { producerId: -1, epoch: -1 }))).toEqual({ kind: 'append' });
    expect(checkSequence(r, batch(7, { producerId: -1, epoch: -1 }))).toEqual({ kind: 'append' });
  });

  it('a producer the partition has no state for may start at any sequence (ProducerAppendInfo)', () => {
    const r = leader();
    expect(checkSequence(r, batch(0))).toEqual({ kind: 'append' });
    expect(checkSequence(r, batch(1))).toEqual({ kind: 'append' });
    expect(checkSequence(r, batch(7, { epoch: 3 }))).toEqual({ kind: 'append' });
  });

  it('appends the next sequence (lastSeq + 1) at the log end', () => {
    const r = withBatches(3);
    expect(r.log.map((e) => [e.offset, e.record?.id, e.sequence])).toEqual([
      [0, 'm1', 0],
      [1, 'm2', 1],
      [2, 'm3', 2],
    ]);
    expect(checkSequence(r, batch(3))).toEqual({ kind: 'append' });
  });

  it('an exact retry of one of the last 5 batches is a duplicate that returns the ORIGINAL offset', () => {
    // Offsets shifted by two plain records, so "original offset" cannot be confused with the sequence.
    let r = appendEntries(leader(), [plain('x', 0), plain('y', 1)]);
    r = withBatches(5, r);
    for (let seq = 0; seq < 5; seq++) {
      expect(checkSequence(r, batch(seq))).toEqual({ kind: 'duplicate', offset: seq + 2 });
    }
    // Nothing was appended by the checks.
    expect(logEndOffset(r)).toBe(7);
  });

  it('a gap in the sequence gives OUT_OF_ORDER_SEQUENCE_NUMBER', () => {
    const r = withBatches(2);
    const check = checkSequence(r, batch(3));
    expect(check).toMatchObject({ kind: 'reject', error: 'OUT_OF_ORDER_SEQUENCE_NUMBER' });
  });

  it('an older producer epoch gives INVALID_PRODUCER_EPOCH', () => {
    let r = withBatches(1);
    r = append(r, batch(0, { epoch: 1, record: { id: 'epoch1' } }));
    expect(r.producers.get(PID)?.epoch).toBe(1);
    expect(checkSequence(r, batch(1, { epoch: 0 }))).toMatchObject({
      kind: 'reject',
      error: 'INVALID_PRODUCER_EPOCH',
    });
    // Even an exact retry of an old-epoch batch is refused, not de-duplicated.
    expect(checkSequence(r, batch(0, { epoch: 0 }))).toMatchObject({
      kind: 'reject',
      error: 'INVALID_PRODUCER_EPOCH',
    });
  });

  it('a newer epoch of a producer the partition knows starts again at sequence 0', () => {
    const r = withBatches(3);
    expect(checkSequence(r, batch(0, { epoch: 1 }))).toEqual({ kind: 'append' });
    expect(checkSequence(r, batch(3, { epoch: 1 }))).toEqual({
      kind: 'reject',
      error: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
      why: `a new epoch (1) of producer ${PID}, which the partition knows, must start at sequence 0, not 3`,
    });
  });

  it('writes its producer state as JSON keyed by producer id (the lab hashes worlds by their JSON)', () => {
    const r = withBatches(2);
    expect(JSON.parse(JSON.stringify(r))).toMatchObject({
      producers: {
        [PID]: {
          epoch: 0,
          batches: [
            { firstSeq: 0, lastSeq: 0, offset: 0 },
            { firstSeq: 1, lastSeq: 1, offset: 1 },
          ],
        },
      },
    });
  });

  it(`remembers only the last ${PRODUCER_BATCH_WINDOW} batches: an older duplicate is OUT_OF_ORDER`, () => {
    const r = withBatches(PRODUCER_BATCH_WINDOW + 1); // sequences 0..5
    expect(r.producers.get(PID)?.batches.map((b) => b.firstSeq)).toEqual([1, 2, 3, 4, 5]);
    expect(checkSequence(r, batch(0))).toMatchObject({
      kind: 'reject',
      error: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
    });
    expect(checkSequence(r, batch(1))).toEqual({ kind: 'duplicate', offset: 1 });
  });

  it('keeps producers apart: another producer id has its own sequence', () => {
    let r = withBatches(3);
    r = append(r, batch(0, { producerId: PID + 1 }));
    expect(checkSequence(r, batch(1, { producerId: PID + 1 }))).toEqual({ kind: 'append' });
    expect(checkSequence(r, batch(3, { producerId: PID + 1 }))).toMatchObject({ kind: 'reject' });
    expect(checkSequence(r, batch(3))).toEqual({ kind: 'append' });
  });
});

describe('appendEntries', () => {
  it('returns a new replica and leaves the old one untouched', () => {
    const r = withBatches(1);
    const before = JSON.stringify(r);
    const next = append(r, batch(1));
    expect(JSON.stringify(r)).toBe(before);
    expect(logEndOffset(next)).toBe(2);
  });

  it('skips entries it already has and never appends across a gap', () => {
    const r = appendEntries(leader(), [plain('a', 0), plain('b', 1)]);
    const again = appendEntries(r, [plain('a', 0), plain('b', 1), plain('c', 2)]);
    expect(again.log.map((e) => e.record?.id)).toEqual(['a', 'b', 'c']);
    const gap = appendEntries(r, [plain('z', 5)]);
    expect(logEndOffset(gap)).toBe(2);
  });
});

describe('transaction markers', () => {
  const txn = (seq: number) => batch(seq, { transactional: true });

  it('take an offset of their own and close the open transaction', () => {
    let r = append(leader(), txn(0));
    r = append(r, txn(1));
    expect(r.ongoingTxns).toEqual({ [PID]: 0 });
    r = marker(r, true);
    expect(r.log.map((e) => [e.offset, e.kind])).toEqual([
      [0, 'data'],
      [1, 'data'],
      [2, 'COMMIT'],
    ]);
    expect(r.log.at(2)).toMatchObject({ producerId: PID, transactional: true, sequence: -1 });
    expect(r.ongoingTxns).toEqual({});
    expect(r.abortedTxns).toEqual([]);
  });

  it('ABORT adds an aborted-transactions entry from the first record to the marker', () => {
    let r = appendEntries(leader(), [plain('before', 0)]);
    r = append(r, txn(0));
    r = append(r, txn(1));
    r = marker(r, false);
    expect(r.abortedTxns).toEqual([{ producerId: PID, firstOffset: 1, lastOffset: 3 }]);
    // Abort does not delete records: they keep their offsets.
    expect(r.log.map((e) => e.record?.id ?? e.kind)).toEqual(['before', 'm1', 'm2', 'ABORT']);
  });

  it('a marker without an open transaction only takes an offset', () => {
    const r = marker(leader(), false);
    expect(logEndOffset(r)).toBe(1);
    expect(r.abortedTxns).toEqual([]);
  });

  it('a marker with a bumped epoch resets the producer state: the next epoch starts at sequence 0', () => {
    let r = append(leader(), txn(0));
    r = marker(r, false, 1);
    expect(r.producers.get(PID)).toEqual({ epoch: 1, batches: [] });
    expect(checkSequence(r, txn(0))).toMatchObject({ kind: 'reject', error: 'INVALID_PRODUCER_EPOCH' });
    expect(checkSequence(r, batch(0, { epoch: 1, transactional: true }))).toEqual({ kind: 'append' });
  });

  it('a marker with the same epoch keeps the sequence going', () => {
    let r = append(leader(), txn(0));
    r = marker(r, true, 0);
    expect(checkSequence(r, txn(1))).toEqual({ kind: 'append' });
    expect(checkSequence(r, txn(0))).toEqual({ kind: 'duplicate', offset: 0 });
  });

  it('abortedInRange returns the aborted transactions overlapping [from, to)', () => {
    let r = append(leader(), txn(0));
    r = marker(r, false); // aborted 0..1
    r = appendEntries(r, [plain('p', 2), plain('q', 3)]);
    expect(abortedInRange(r, 0, 4)).toHaveLength(1);
    expect(abortedInRange(r, 1, 4)).toHaveLength(1); // the marker itself is in range
    expect(abortedInRange(r, 2, 4)).toEqual([]);
  });
});

describe('last stable offset', () => {
  it('is the HW when no transaction is open', () => {
    const r = { ...withBatches(3), highWatermark: 2 };
    expect(lastStableOffset(r)).toBe(2);
  });

  it('is min(HW, first offset of the earliest open transaction)', () => {
    let r = appendEntries(leader(), [plain('a', 0), plain('b', 1)]);
    r = append(r, batch(0, { transactional: true })); // open txn at 2
    r = appendEntries(r, [plain('c', 3)]);
    expect(lastStableOffset({ ...r, highWatermark: 4 })).toBe(2);
    expect(lastStableOffset({ ...r, highWatermark: 1 })).toBe(1);
    r = marker(r, true);
    expect(lastStableOffset({ ...r, highWatermark: 5 })).toBe(5);
  });

  it('is held by a completed transaction until its marker is below the HW (ProducerStateManager.firstUnstableOffset)', () => {
    let r = appendEntries(leader(), [plain('a', 0)]);
    r = append(r, batch(0, { transactional: true })); // the transaction's m1 at 1
    r = marker(r, true); // COMMIT at 2
    // The marker is written but not replicated: the transaction is not yet stable.
    expect(lastStableOffset({ ...r, highWatermark: 2 })).toBe(1);
    expect(lastStableOffset({ ...r, highWatermark: 3 })).toBe(3);
    // Once the HW has passed a marker, a later marker forgets it.
    r = { ...r, highWatermark: 3 };
    r = append(r, batch(1, { transactional: true })); // m2 at 3
    r = marker(r, false); // ABORT at 4
    expect(r.unreplicatedTxns).toEqual([{ firstOffset: 3, markerOffset: 4 }]);
    expect(lastStableOffset(r)).toBe(3);
  });

  it('takes the earliest of several open transactions', () => {
    let r = append(leader(), batch(0, { transactional: true, producerId: 7 }));
    r = append(r, batch(0, { transactional: true, producerId: 8 }));
    r = marker(r, true, 0, 8);
    expect(lastStableOffset({ ...r, highWatermark: 3 })).toBe(0);
  });

  it('moves to the next open transaction when the earliest one ends, and to the HW when none is left', () => {
    let r = append(leader(), batch(0, { transactional: true, producerId: 7 })); // open at 0
    r = append(r, batch(0, { transactional: true, producerId: 8 })); // open at 1
    r = marker(r, false, 0, 7);
    expect(lastStableOffset({ ...r, highWatermark: 3 })).toBe(1);
    r = marker(r, true, 0, 8);
    expect(lastStableOffset({ ...r, highWatermark: 4 })).toBe(4);
  });

  it('is rebuilt by truncation: cutting off a transaction’s start reopens nothing', () => {
    let r = appendEntries(leader(), [plain('a', 0)]);
    r = append(r, batch(0, { transactional: true })); // open at 1
    expect(lastStableOffset({ ...truncateTo(r, 1), highWatermark: 1 })).toBe(1);
    expect(lastStableOffset({ ...truncateTo(r, 2), highWatermark: 2 })).toBe(1);
  });
});

describe('truncateTo', () => {
  it('drops the tail and caps the HW', () => {
    const r = { ...withBatches(4), highWatermark: 3 };
    const t = truncateTo(r, 2);
    expect(t.log.map((e) => e.record?.id)).toEqual(['m1', 'm2']);
    expect(t.highWatermark).toBe(2);
  });

  it('rebuilds the producer state from what is left, so a truncated batch can be appended again', () => {
    const r = withBatches(4);
    expect(checkSequence(r, batch(3))).toEqual({ kind: 'duplicate', offset: 3 });
    const t = truncateTo(r, 2);
    expect(t.producers.get(PID)?.batches.map((b) => b.firstSeq)).toEqual([0, 1]);
    expect(checkSequence(t, batch(2))).toEqual({ kind: 'append' });
    expect(checkSequence(t, batch(1))).toEqual({ kind: 'duplicate', offset: 1 });
  });

  it('rebuilds open and aborted transactions', () => {
    let r = append(leader(), batch(0, { transactional: true }));
    r = marker(r, false); // aborted [0, 1]
    r = append(r, batch(1, { transactional: true })); // open at 2
    expect(r.ongoingTxns).toEqual({ [PID]: 2 });
    const cut = truncateTo(r, 2);
    expect(cut.ongoingTxns).toEqual({});
    expect(cut.abortedTxns).toEqual([{ producerId: PID, firstOffset: 0, lastOffset: 1 }]);
    const cutMarker = truncateTo(r, 1);
    expect(cutMarker.ongoingTxns).toEqual({ [PID]: 0 });
    expect(cutMarker.abortedTxns).toEqual([]);
  });
});

describe('endOffsetForEpoch (OffsetsForLeaderEpoch)', () => {
  const log = appendEntries(leader(), [
    plain('a', 0, 0),
    plain('b', 1, 0),
    plain('c', 2, 2),
    plain('d', 3, 3),
  ]);

  it('is where the first entry of a later leader epoch starts', () => {
    expect(endOffsetForEpoch(log, 0)).toBe(2);
    expect(endOffsetForEpoch(log, 1)).toBe(2); // an epoch this log never had: the end of the one before
    expect(endOffsetForEpoch(log, 2)).toBe(3);
  });

  it('is the LEO for the latest epoch (or a later one)', () => {
    expect(endOffsetForEpoch(log, 3)).toBe(4);
    expect(endOffsetForEpoch(log, 9)).toBe(4);
  });
});

describe('leaderHighWatermark', () => {
  it('is the smallest LEO among the ISR, and never moves back', () => {
    const r = withBatches(3);
    expect(leaderHighWatermark(r, 'broker-1')).toBe(0);
    const r2 = { ...r, followerLeo: { 'broker-2': 3, 'broker-3': 2 } };
    expect(leaderHighWatermark(r2, 'broker-1')).toBe(2);
    // With the ISR shrunk to the leader, acks=all means the leader alone.
    expect(leaderHighWatermark({ ...r, isr: ['broker-1'] }, 'broker-1')).toBe(3);
    expect(leaderHighWatermark({ ...r2, highWatermark: 3, followerLeo: {} }, 'broker-1')).toBe(3);
  });

  it('does not move while the ISR is under the effective min ISR (Kafka 3.7+, KAFKA-15583)', () => {
    const r = withBatches(3, leader(2));
    expect(r.minIsr).toBe(2);
    expect(leaderHighWatermark({ ...r, isr: ['broker-1'] }, 'broker-1')).toBe(0);
    expect(
      leaderHighWatermark(
        { ...r, isr: ['broker-1', 'broker-2'], followerLeo: { 'broker-2': 3 } },
        'broker-1',
      ),
    ).toBe(3);
    // min.insync.replicas above the replica count is capped at it.
    expect(leader(5).minIsr).toBe(ISR.length);
  });
});

describe('readRange', () => {
  it('returns [fetchOffset, maxOffset) and nothing when the fetch is at or past it', () => {
    const r = withBatches(4);
    expect(readRange(r, 1, 3).map((e) => e.offset)).toEqual([1, 2]);
    expect(readRange(r, 3, 3)).toEqual([]);
    expect(readRange(r, 3, 1)).toEqual([]);
  });
});
