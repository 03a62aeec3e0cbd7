import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import type { BatchOnWire, KafkaMessage, LogEntry, PartitionProduceResponse } from '../kafka/protocol.ts';
import { brokerMachine, type BrokerContext, type BrokerEvent, type BrokerInput } from './broker/broker.ts';
import { PartitionLog } from './broker/partitionLog.ts';
import { logEndOffset, type Replica } from './broker/replica.ts';
import type { SendParams } from './io.ts';

/** The broker machine alone, driven by XState's pure transition(): no world, no network. */

type Snapshot = ReturnType<typeof initialTransition<typeof brokerMachine>>[0];
type Action = { type: string; params?: unknown };

const P = 'orders-0';
const BROKERS = ['broker-1', 'broker-2', 'broker-3'];

function start(id = 'broker-1', over: Partial<BrokerInput> = {}): Snapshot {
  const input: BrokerInput = {
    id,
    partitions: [{ partition: P, leader: 'broker-1', replicas: BROKERS }],
    minInsyncReplicas: 1,
    ...over,
  };
  return initialTransition(brokerMachine, input)[0];
}

/** Feeds events in order; returns the final snapshot and the actions of the LAST event. */
function run(s: Snapshot, ...events: BrokerEvent[]): [Snapshot, Action[]] {
  let snap = s;
  let actions: Action[] = [];
  for (const e of events) [snap, actions] = transition(brokerMachine, snap, e);
  return [snap, actions];
}

const sends = (actions: Action[]) =>
  actions.filter((a) => a.type === 'send').map((a) => a.params as SendParams);
/** A ProduceResponse's answer for one partition, with the request it answers. */
type Answer = PartitionProduceResponse & { name: 'ProduceResponse'; requestId: number };
/** The messages sent, each ProduceResponse as one entry per partition it answers. */
const messages = (actions: Action[]) =>
  sends(actions).flatMap(({ message: m }): (Exclude<KafkaMessage, { name: 'ProduceResponse' }> | Answer)[] =>
    m.name === 'ProduceResponse'
      ? m.responses.map((r) => ({ name: 'ProduceResponse' as const, requestId: m.requestId, ...r }))
      : [m],
  );
const replica = (s: Snapshot): Replica => (s.context as BrokerContext).replicas[P] as Replica;

let clock = 0;
const tick = () => ++clock;

const wireBatch = (seq: number, over: Partial<BatchOnWire> = {}): BatchOnWire => ({
  batchId: `b${seq + 1}`,
  producerId: 1000,
  epoch: 0,
  firstSequence: seq,
  transactional: false,
  record: { id: `m${seq + 1}` },
  ...over,
});

const produce = (
  acks: 0 | 1 | -1,
  batch: BatchOnWire = wireBatch(0),
  requestId = 1,
  from = 'producer',
): BrokerEvent => ({
  type: 'kafka.Produce',
  from,
  now: tick(),
  message: { name: 'Produce', acks, batches: [{ partition: P, batch }], requestId, timeoutMs: 30000 },
});

const followerFetch = (follower: string, fetchOffset: number, lastFetchedEpoch?: number): BrokerEvent => ({
  type: 'kafka.Fetch',
  from: follower,
  now: tick(),
  message: {
    name: 'Fetch',
    partition: P,
    fetchOffset,
    replicaId: follower,
    ...(lastFetchedEpoch === undefined ? {} : { lastFetchedEpoch }),
  },
});

const consumerFetch = (
  fetchOffset: number,
  isolation: 'read_committed' | 'read_uncommitted' = 'read_uncommitted',
): BrokerEvent => ({
  type: 'kafka.Fetch',
  from: 'consumer',
  now: tick(),
  message: { name: 'Fetch', partition: P, fetchOffset, isolation },
});

const markers = (commit: boolean, producerId = 1000, epoch = 0): BrokerEvent => ({
  type: 'kafka.WriteTxnMarkers',
  from: 'txn-coordinator',
  now: tick(),
  message: { name: 'WriteTxnMarkers', producerId, epoch, commit, partitions: [P] },
});

const lag = (follower: string): BrokerEvent => ({
  type: 'timer.replicaLag',
  now: tick(),
  partition: P,
  follower,
});

const fetchResponse = (
  fetchOffset: number,
  entries: LogEntry[],
  highWatermark: number,
  extra: Partial<Extract<KafkaMessage, { name: 'FetchResponse' }>> = {},
): BrokerEvent => ({
  type: 'kafka.FetchResponse',
  from: 'broker-1',
  now: tick(),
  message: {
    name: 'FetchResponse',
    partition: P,
    fetchOffset,
    entries,
    highWatermark,
    lastStableOffset: highWatermark,
    abortedTransactions: [],
    forReplica: true,
    ...extra,
  },
});

const entry = (offset: number, id: string, leaderEpoch = 0): LogEntry => ({
  offset,
  leaderEpoch,
  kind: 'data',
  producerId: -1,
  producerEpoch: -1,
  sequence: -1,
  transactional: false,
  record: { id },
});

/** Both followers fetch up to the leader's LEO (two rounds: copy, then report the new LEO). */
function replicateAll(s: Snapshot): [Snapshot, Action[]] {
  const leo = logEndOffset(replica(s));
  return run(
    s,
    followerFetch('broker-2', leo - 1 < 0 ? 0 : leo - 1),
    followerFetch('broker-3', leo - 1 < 0 ? 0 : leo - 1),
    followerFetch('broker-2', leo),
    followerFetch('broker-3', leo),
  );
}

describe('when the broker leads orders-0 (online)', () => {
  it('starts online as leader with an empty log and the full ISR', () => {
    const s = start();
    expect(s.value).toBe('online');
    expect(replica(s)).toMatchObject({
      role: 'leader',
      highWatermark: 0,
      isr: BROKERS,
      log: PartitionLog.EMPTY,
    });
  });

  describe('Produce', () => {
    it('acks=0: appends and sends no response at all', () => {
      const [s, actions] = run(start(), produce(0));
      expect(logEndOffset(replica(s))).toBe(1);
      expect(messages(actions)).toEqual([]);
    });

    it('acks=1: appends and answers at once with the offset, before any follower has it', () => {
      const [s, actions] = run(start(), produce(1));
      expect(replica(s).log.map((e) => e.record?.id)).toEqual(['m1']);
      expect(replica(s).highWatermark).toBe(0);
      expect(sends(actions)).toEqual([
        {
          to: 'producer',
          message: {
            name: 'ProduceResponse',
            requestId: 1,
            responses: [{ partition: P, batchId: 'b1', baseOffset: 0 }],
          },
        },
      ]);
    });

    it('acks=all: appends but waits; answers once every ISR member has fetched past the offset', () => {
      let [s, actions] = run(start(), produce(-1));
      expect(logEndOffset(replica(s))).toBe(1);
      expect(messages(actions)).toEqual([]);
      expect(replica(s).pendingAcks).toHaveLength(1);

      // broker-2 fetches from 0 (gets m1), then from 1 (has it): HW still held back by broker-3.
      [s, actions] = run(s, followerFetch('broker-2', 0));
      expect(messages(actions).map((m) => m.name)).toEqual(['FetchResponse']);
      [s, actions] = run(s, followerFetch('broker-2', 1));
      expect(replica(s).highWatermark).toBe(0);
      expect(messages(actions).map((m) => m.name)).toEqual(['FetchResponse']);

      // broker-3 catches up: the HW passes offset 0 and the response goes out in the same step.
      [s] = run(s, followerFetch('broker-3', 0));
      [s, actions] = run(s, followerFetch('broker-3', 1));
      expect(replica(s).highWatermark).toBe(1);
      expect(replica(s).pendingAcks).toEqual([]);
      const response = sends(actions).find((p) => p.message.name === 'ProduceResponse');
      expect(response).toEqual({
        to: 'producer',
        message: {
          name: 'ProduceResponse',
          requestId: 1,
          responses: [{ partition: P, batchId: 'b1', baseOffset: 0 }],
        },
      });
    });

    it('acks=all with the ISR shrunk to the leader alone answers at once (min.insync.replicas=1)', () => {
      const [shrunk] = run(start(), lag('broker-2'), lag('broker-3'));
      expect(replica(shrunk).isr).toEqual(['broker-1']);
      const [s, actions] = run(shrunk, produce(-1));
      expect(replica(s).highWatermark).toBe(1);
      expect(messages(actions)).toContainEqual(
        expect.objectContaining({ name: 'ProduceResponse', baseOffset: 0 }),
      );
    });

    it('an idempotent retry is not appended again: the original offset comes back, marked duplicate', () => {
      let [s] = run(start(), produce(1, wireBatch(0)), produce(1, wireBatch(1), 2));
      let actions: Action[] = [];
      [s, actions] = run(s, produce(1, wireBatch(0), 3));
      expect(logEndOffset(replica(s))).toBe(2);
      expect(messages(actions)).toEqual([
        {
          name: 'ProduceResponse',
          partition: P,
          batchId: 'b1',
          requestId: 3,
          baseOffset: 0,
          duplicate: true,
        },
      ]);
    });

    it('acks=all duplicate of a record not yet replicated waits for the HW like the original', () => {
      let [s] = run(start(), produce(-1, wireBatch(0), 1));
      let actions: Action[] = [];
      [s, actions] = run(s, produce(-1, wireBatch(0), 2));
      expect(messages(actions)).toEqual([]);
      expect(logEndOffset(replica(s))).toBe(1);
      [s, actions] = replicateAll(s);
      const responses = messages(actions).filter((m) => m.name === 'ProduceResponse');
      // Both requests were waiting in purgatory: both are answered with the one offset.
      expect(responses.map((m) => m.name === 'ProduceResponse' && [m.requestId, m.baseOffset])).toEqual([
        [1, 0],
        [2, 0],
      ]);
    });

    it('a sequence gap is refused with OUT_OF_ORDER_SEQUENCE_NUMBER and nothing is written', () => {
      const [known] = run(start(), produce(1, wireBatch(0)));
      const [s, actions] = run(known, produce(1, wireBatch(2), 2));
      expect(logEndOffset(replica(s))).toBe(1);
      expect(messages(actions)).toEqual([
        expect.objectContaining({
          name: 'ProduceResponse',
          error: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
          baseOffset: -1,
        }),
      ]);
    });

    it('an older producer epoch is refused with INVALID_PRODUCER_EPOCH', () => {
      const [s, actions] = run(
        start(),
        produce(1, wireBatch(0, { epoch: 1 })),
        produce(1, wireBatch(1, { epoch: 0 }), 2),
      );
      expect(logEndOffset(replica(s))).toBe(1);
      expect(messages(actions)).toEqual([
        expect.objectContaining({ error: 'INVALID_PRODUCER_EPOCH', requestId: 2 }),
      ]);
    });
  });

  describe('min.insync.replicas=2', () => {
    const minIsr2 = () => start('broker-1', { minInsyncReplicas: 2 });

    it('ISR below it before the append: NOT_ENOUGH_REPLICAS, nothing appended', () => {
      const [shrunk] = run(minIsr2(), lag('broker-2'), lag('broker-3'));
      const [s, actions] = run(shrunk, produce(-1));
      expect(logEndOffset(replica(s))).toBe(0);
      expect(messages(actions)).toEqual([
        expect.objectContaining({ name: 'ProduceResponse', error: 'NOT_ENOUGH_REPLICAS', baseOffset: -1 }),
      ]);
    });

    it('acks=1 ignores min.insync.replicas', () => {
      const [shrunk] = run(minIsr2(), lag('broker-2'), lag('broker-3'));
      const [s, actions] = run(shrunk, produce(1));
      expect(logEndOffset(replica(s))).toBe(1);
      expect(messages(actions)).toEqual([expect.objectContaining({ baseOffset: 0 })]);
      expect(messages(actions)[0]).not.toHaveProperty('error');
    });

    it('ISR shrinks after the append: since 3.7 the HW stays put and the request waits (KAFKA-15583)', () => {
      let [s, actions] = run(minIsr2(), produce(-1));
      expect(messages(actions)).toEqual([]);
      [s, actions] = run(s, lag('broker-2'));
      expect(messages(actions)).toEqual([]); // broker-3 still holds the HW back
      [s, actions] = run(s, lag('broker-3'));
      expect(replica(s).isr).toEqual(['broker-1']);
      expect(replica(s).log.map((e) => e.record?.id)).toEqual(['m1']);
      // The leader alone has m1: the HW does not pass it, nothing is acknowledged, and the narration says why.
      expect(replica(s).highWatermark).toBe(0);
      expect(messages(actions)).toEqual([]);
      expect(JSON.stringify(actions)).toContain('KAFKA-15583');
      expect(replica(s).pendingAcks).toHaveLength(1);
    });

    it('a request held below min ISR expires after its timeout with REQUEST_TIMED_OUT; the record stays', () => {
      let [s] = run(minIsr2(), produce(-1));
      [s] = run(s, lag('broker-2'), lag('broker-3'));
      const held = replica(s).pendingAcks[0];
      expect(held?.expiresAt).toBe(clock - 2 + 30000); // arrival (before the two lag timers) + timeout
      const key = `${held?.from}:${held?.requestId}`;
      const [after, actions] = run(s, {
        type: 'timer.produceExpiry',
        now: held?.expiresAt ?? 0,
        key,
      });
      expect(messages(actions)).toEqual([
        expect.objectContaining({ name: 'ProduceResponse', error: 'REQUEST_TIMED_OUT', requestId: 1 }),
      ]);
      expect(JSON.stringify(actions)).toMatch(/REQUEST_TIMED_OUT.*record stays in the log/);
      expect(JSON.stringify(actions)).toContain('min.insync.replicas=2');
      expect(replica(after).pendingAcks).toEqual([]);
      expect(replica(after).log.map((e) => e.record?.id)).toEqual(['m1']);
    });

    it('NOT_ENOUGH_REPLICAS is checked before duplicate detection: a retry of an appended batch is refused too', () => {
      let [s] = run(minIsr2(), produce(-1));
      [s] = run(s, lag('broker-2'), lag('broker-3'));
      const [after, actions] = run(s, produce(-1, wireBatch(0), 2));
      expect(messages(actions)).toEqual([
        expect.objectContaining({ name: 'ProduceResponse', error: 'NOT_ENOUGH_REPLICAS', requestId: 2 }),
      ]);
      expect(replica(after).pendingAcks).toHaveLength(1); // only the first request still waits
    });

    it('the effective min ISR is capped at the replica count: min.insync.replicas=5 with 3 replicas is 3', () => {
      let [s, actions] = run(start('broker-1', { minInsyncReplicas: 5 }), produce(-1));
      expect(messages(actions)).toEqual([]);
      expect(logEndOffset(replica(s))).toBe(1);
      [s, actions] = replicateAll(s);
      expect(messages(actions).find((m) => m.name === 'ProduceResponse')).not.toHaveProperty('error');
    });

    it('enough in-sync replicas: a plain success', () => {
      let [s] = run(minIsr2(), produce(-1));
      let actions: Action[] = [];
      [s, actions] = replicateAll(s);
      expect(messages(actions).find((m) => m.name === 'ProduceResponse')).not.toHaveProperty('error');
    });
  });

  describe('consumer Fetch', () => {
    /** m1 (plain) replicated; then an open transaction m2 (pid 7) and a plain m3, also replicated. */
    function withOpenTxn(): Snapshot {
      let [s] = run(start(), produce(1, wireBatch(0, { producerId: -1, epoch: -1, firstSequence: -1 })));
      [s] = replicateAll(s);
      [s] = run(
        s,
        produce(
          1,
          wireBatch(0, { producerId: 7, transactional: true, record: { id: 'm2' } }),
          2,
          'txn-producer',
        ),
        produce(1, wireBatch(0, { producerId: -1, epoch: -1, firstSequence: -1, record: { id: 'm3' } }), 3),
      );
      [s] = replicateAll(s);
      return s;
    }

    it('read_uncommitted stops at the HW', () => {
      let [s] = run(start(), produce(1), produce(1, wireBatch(1), 2));
      [s] = run(s, followerFetch('broker-2', 0), followerFetch('broker-3', 0));
      [s] = run(s, followerFetch('broker-2', 1), followerFetch('broker-3', 1));
      expect(replica(s).highWatermark).toBe(1);
      expect(logEndOffset(replica(s))).toBe(2);
      const [, actions] = run(s, consumerFetch(0));
      const [response] = messages(actions);
      expect(response).toMatchObject({ name: 'FetchResponse', highWatermark: 1, forReplica: false });
      expect(response?.name === 'FetchResponse' && response.entries.map((e) => e.offset)).toEqual([0]);
    });

    it('read_committed stops at the LSO: a plain record behind an open transaction waits too', () => {
      const s = withOpenTxn();
      expect(replica(s).highWatermark).toBe(3);
      const [, committed] = run(s, consumerFetch(0, 'read_committed'));
      const [, uncommitted] = run(s, consumerFetch(0, 'read_uncommitted'));
      const rc = messages(committed)[0];
      const ru = messages(uncommitted)[0];
      expect(rc).toMatchObject({ lastStableOffset: 1, highWatermark: 3 });
      expect(rc?.name === 'FetchResponse' && rc.entries.map((e) => e.record?.id)).toEqual(['m1']);
      expect(ru?.name === 'FetchResponse' && ru.entries.map((e) => e.record?.id)).toEqual(['m1', 'm2', 'm3']);
    });

    it('read_committed reports the aborted transactions in range; read_uncommitted gets none', () => {
      let s = withOpenTxn();
      [s] = run(s, markers(false, 7));
      [s] = replicateAll(s);
      expect(replica(s).log.map((e) => e.record?.id ?? e.kind)).toEqual(['m1', 'm2', 'm3', 'ABORT']);
      const [, committed] = run(s, consumerFetch(0, 'read_committed'));
      const rc = messages(committed)[0];
      expect(rc).toMatchObject({
        lastStableOffset: 4,
        abortedTransactions: [{ producerId: 7, firstOffset: 1, lastOffset: 3 }],
      });
      expect(rc?.name === 'FetchResponse' && rc.entries).toHaveLength(4);
      const [, uncommitted] = run(s, consumerFetch(0));
      expect(messages(uncommitted)[0]).toMatchObject({ abortedTransactions: [] });
    });

    it('a fetch past the log end gets OFFSET_OUT_OF_RANGE', () => {
      const [, actions] = run(start(), consumerFetch(5));
      expect(messages(actions)[0]).toMatchObject({
        name: 'FetchResponse',
        error: 'OFFSET_OUT_OF_RANGE',
        entries: [],
      });
    });
  });

  describe('WriteTxnMarkers', () => {
    it('appends the marker at the log end and answers for the partition', () => {
      let [s] = run(start(), produce(1, wireBatch(0, { transactional: true })));
      let actions: Action[] = [];
      [s, actions] = run(s, markers(true));
      expect(replica(s).log.map((e) => [e.offset, e.kind])).toEqual([
        [0, 'data'],
        [1, 'COMMIT'],
      ]);
      expect(replica(s).ongoingTxns).toEqual({});
      expect(sends(actions)).toEqual([
        {
          to: 'txn-coordinator',
          message: { name: 'WriteTxnMarkersResponse', producerId: 1000, partitions: [P] },
        },
      ]);
    });
  });

  describe('ListOffsets', () => {
    it('answers the HW, or the LSO for read_committed', () => {
      const [s] = run(
        start(),
        lag('broker-2'),
        lag('broker-3'),
        produce(1),
        produce(1, wireBatch(0, { producerId: 9, transactional: true, record: { id: 't' } }), 2),
      );
      const list = (isolation: 'read_committed' | 'read_uncommitted'): BrokerEvent => ({
        type: 'kafka.ListOffsets',
        from: 'consumer',
        now: tick(),
        message: { name: 'ListOffsets', partition: P, isolation },
      });
      expect(messages(run(s, list('read_uncommitted'))[1])[0]).toMatchObject({ offset: 2 });
      expect(messages(run(s, list('read_committed'))[1])[0]).toMatchObject({ offset: 1 });
    });
  });

  describe('replica.lag.time.max.ms', () => {
    it('drops the lagging follower from the ISR and recomputes the HW', () => {
      let [s] = run(start(), produce(-1));
      [s] = run(s, followerFetch('broker-2', 0), followerFetch('broker-2', 1));
      expect(replica(s).highWatermark).toBe(0);
      let actions: Action[] = [];
      [s, actions] = run(s, lag('broker-3'));
      expect(replica(s).isr).toEqual(['broker-1', 'broker-2']);
      expect(replica(s).highWatermark).toBe(1);
      expect(messages(actions)).toContainEqual(
        expect.objectContaining({ name: 'ProduceResponse', baseOffset: 0 }),
      );
    });

    it('a follower rejoins the ISR once its log reaches the high watermark (Partition.isFollowerInSync)', () => {
      let [s] = run(
        start(),
        lag('broker-3'),
        produce(1),
        followerFetch('broker-2', 0),
        followerFetch('broker-2', 1),
      );
      expect(replica(s).highWatermark).toBe(1);
      [s] = run(s, followerFetch('broker-3', 0));
      expect(replica(s).isr).not.toContain('broker-3');
      [s] = run(s, followerFetch('broker-3', 1));
      expect(replica(s).isr).toContain('broker-3');
    });

    it('it need not have the leader’s whole log: up to the high watermark is enough', () => {
      let [s] = run(
        start(),
        lag('broker-3'),
        produce(1),
        followerFetch('broker-2', 0),
        followerFetch('broker-2', 1),
      );
      [s] = run(s, produce(1, wireBatch(1), 2)); // m2 at 1: LEO 2, HW still 1
      [s] = run(s, followerFetch('broker-3', 1));
      expect(replica(s).isr).toContain('broker-3');
      expect(replica(s).highWatermark).toBe(1);
    });
  });

  describe('the ISR belongs to the controller (AlterPartition)', () => {
    const proposals = (actions: Action[]) =>
      actions.filter((a) => a.type === 'alterPartition').map((a) => a.params);

    it('a shrink on replica.lag.time.max.ms is proposed to the controller', () => {
      const [, actions] = run(start(), lag('broker-3'));
      expect(proposals(actions)).toEqual([{ partition: P, leaderEpoch: 0, isr: ['broker-1', 'broker-2'] }]);
    });

    it('a follower rejoining is proposed too; a fetch that changes nothing proposes nothing', () => {
      let [s, actions] = run(start(), lag('broker-3'), followerFetch('broker-3', 0));
      expect(proposals(actions)).toEqual([
        { partition: P, leaderEpoch: 0, isr: ['broker-1', 'broker-2', 'broker-3'] },
      ]);
      [s, actions] = run(s, followerFetch('broker-3', 0));
      expect(proposals(actions)).toEqual([]);
      expect(replica(s).isr).toEqual(['broker-1', 'broker-2', 'broker-3']);
    });

    it('told of a smaller ISR in its own epoch, the leader advances its HW and answers acks=all at once', () => {
      let [s] = run(start(), produce(-1), followerFetch('broker-2', 0), followerFetch('broker-2', 1));
      expect(replica(s).highWatermark).toBe(0);
      let actions: Action[] = [];
      [s, actions] = run(s, {
        type: 'controller.leaderAndIsr',
        now: tick(),
        partition: P,
        leader: 'broker-1',
        leaderEpoch: 0,
        isr: ['broker-1', 'broker-2'],
      });
      expect(replica(s)).toMatchObject({ role: 'leader', isr: ['broker-1', 'broker-2'], highWatermark: 1 });
      expect(messages(actions)).toContainEqual(
        expect.objectContaining({ name: 'ProduceResponse', baseOffset: 0 }),
      );
      expect(replica(s).pendingAcks).toEqual([]);
    });
  });
});

describe('when the broker follows orders-0 (online)', () => {
  const follower = () => start('broker-2');

  it('answers a Produce with NOT_LEADER_OR_FOLLOWER and appends nothing', () => {
    const [s, actions] = run(follower(), produce(-1));
    expect(logEndOffset(replica(s))).toBe(0);
    expect(messages(actions)).toEqual([
      expect.objectContaining({ name: 'ProduceResponse', error: 'NOT_LEADER_OR_FOLLOWER', baseOffset: -1 }),
    ]);
  });

  it('answers a consumer Fetch with NOT_LEADER_OR_FOLLOWER', () => {
    const [, actions] = run(follower(), consumerFetch(0));
    expect(messages(actions)[0]).toMatchObject({ name: 'FetchResponse', error: 'NOT_LEADER_OR_FOLLOWER' });
  });

  it('replica.fetch sends a Fetch to whoever leads, from its LEO with its last epoch', () => {
    let [s, actions] = run(follower(), { type: 'replica.fetch', now: tick(), partition: P });
    expect(sends(actions)).toEqual([
      {
        to: { leaderOf: P },
        message: { name: 'Fetch', partition: P, fetchOffset: 0, replicaId: 'broker-2' },
      },
    ]);
    [s] = run(s, fetchResponse(0, [entry(0, 'm1', 3)], 0));
    [, actions] = run(s, { type: 'replica.fetch', now: tick(), partition: P });
    expect(messages(actions)[0]).toMatchObject({ fetchOffset: 1, lastFetchedEpoch: 3 });
  });

  it('copies what the leader sends and takes the HW (capped at its own LEO)', () => {
    const [s] = run(follower(), fetchResponse(0, [entry(0, 'm1'), entry(1, 'm2')], 5));
    expect(replica(s).log.map((e) => e.record?.id)).toEqual(['m1', 'm2']);
    expect(replica(s).highWatermark).toBe(2);
  });

  it('keeps its very context when a response brings neither records nor a new HW', () => {
    // The invariants and the world tell by identity what a step changed.
    const [s] = run(follower(), fetchResponse(0, [entry(0, 'm1')], 0));
    const [same, actions] = run(s, fetchResponse(1, [], 0));
    expect(same.context).toBe(s.context);
    expect(actions.map((a) => a.type)).toEqual(['narrate']);
    const [moved] = run(s, fetchResponse(1, [], 1));
    expect(replica(moved)).toEqual({ ...replica(s), highWatermark: 1 });
    expect(replica(moved).log).toBe(replica(s).log);
  });

  it('ignores a stale response to an older fetch', () => {
    let [s] = run(follower(), fetchResponse(0, [entry(0, 'm1')], 0));
    [s] = run(s, fetchResponse(0, [entry(0, 'old')], 1));
    expect(replica(s).log.map((e) => e.record?.id)).toEqual(['m1']);
  });

  it('replica.fetch is not handled for a partition it leads', () => {
    const [, actions] = run(start('broker-1'), { type: 'replica.fetch', now: tick(), partition: P });
    expect(actions).toEqual([]);
  });

  describe('divergence after a leader change', () => {
    /** broker-2 copied m1, m2 in epoch 0 from the old leader; broker-1 now leads epoch 1 with only x. */
    function diverged(): { leader: Snapshot; follower: Snapshot } {
      const [f] = run(follower(), fetchResponse(0, [entry(0, 'm1', 0), entry(1, 'm2', 0)], 0));
      let [l] = run(start('broker-1'), {
        type: 'controller.leaderAndIsr',
        now: tick(),
        partition: P,
        leader: 'broker-1',
        leaderEpoch: 1,
        isr: BROKERS,
      });
      [l] = run(
        l,
        produce(1, wireBatch(0, { producerId: -1, epoch: -1, firstSequence: -1, record: { id: 'x' } })),
      );
      expect(replica(l).log.map((e) => [e.record?.id, e.leaderEpoch])).toEqual([['x', 1]]);
      return { leader: l, follower: f };
    }

    it('the leader answers a follower fetch past its epoch end with divergingEndOffset and no records', () => {
      const { leader } = diverged();
      const [, actions] = run(leader, followerFetch('broker-2', 2, 0));
      expect(messages(actions)[0]).toMatchObject({
        name: 'FetchResponse',
        divergingEndOffset: 0,
        entries: [],
      });
    });

    it('the follower truncates to the diverging offset, then fetches the leader’s records', () => {
      const { leader, follower: f } = diverged();
      const [, leaderActions] = run(leader, followerFetch('broker-2', 2, 0));
      const response = messages(leaderActions)[0] as Extract<KafkaMessage, { name: 'FetchResponse' }>;
      let [s] = run(f, { type: 'kafka.FetchResponse', from: 'broker-1', now: tick(), message: response });
      expect(replica(s).log.toArray()).toEqual([]);
      [s] = run(s, fetchResponse(0, replica(leader).log.toArray(), 1));
      expect(replica(s).log.map((e) => e.record?.id)).toEqual(['x']);
    });
  });

  it('controller.leaderAndIsr makes it leader with the new epoch and ISR', () => {
    const [s] = run(follower(), {
      type: 'controller.leaderAndIsr',
      now: tick(),
      partition: P,
      leader: 'broker-2',
      leaderEpoch: 4,
      isr: ['broker-2', 'broker-3'],
    });
    expect(replica(s)).toMatchObject({ role: 'leader', leaderEpoch: 4, isr: ['broker-2', 'broker-3'] });
    const [, actions] = run(s, produce(1));
    expect(messages(actions)[0]).toMatchObject({ baseOffset: 0 });
  });
});

describe('when crashed', () => {
  function crashedLeader(): Snapshot {
    const [s] = run(start(), produce(-1), { type: 'node.crash', now: tick() });
    return s;
  }

  it('keeps its log (on disk) but forgets the acks waiting in purgatory', () => {
    const s = crashedLeader();
    expect(s.value).toBe('crashed');
    expect(replica(s).log.map((e) => e.record?.id)).toEqual(['m1']);
    expect(replica(s).pendingAcks).toEqual([]);
  });

  it('ignores requests', () => {
    const s = crashedLeader();
    for (const e of [
      produce(1, wireBatch(1), 2),
      consumerFetch(0),
      followerFetch('broker-2', 0),
      markers(true),
    ]) {
      const [next, actions] = run(s, e);
      expect(actions).toEqual([]);
      expect(next.context).toEqual(s.context);
    }
  });

  it('restarts online as a follower of every partition, until the controller says otherwise', () => {
    const [s, actions] = run(crashedLeader(), { type: 'node.restart', now: tick() });
    expect(s.value).toBe('online');
    expect(replica(s).role).toBe('follower');
    expect(actions.filter((a) => a.type === 'send')).toEqual([]);
    const [, produced] = run(s, produce(1, wireBatch(1), 2));
    expect(messages(produced)[0]).toMatchObject({ error: 'NOT_LEADER_OR_FOLLOWER' });
  });
});

describe('a seeded input partition', () => {
  it('starts fully replicated with HW = LEO', () => {
    const s = start('broker-1', { seed: { [P]: [{ id: 'a' }, { id: 'b' }] } });
    expect(replica(s)).toMatchObject({ highWatermark: 2 });
    expect(replica(s).followerLeo).toEqual({ 'broker-1': 2, 'broker-2': 2, 'broker-3': 2 });
  });
});

describe('verifying a transactional write (KIP-890) for several transactional ids', () => {
  const txnBatch = (transactionalId: string, producerId: number) =>
    wireBatch(0, { transactional: true, transactionalId, producerId, batchId: `${transactionalId}-b1` });
  const answer = (transactionalId: string): BrokerEvent => ({
    type: 'kafka.AddPartitionsToTxnResponse',
    from: 'txn-coordinator-2',
    now: tick(),
    message: { name: 'AddPartitionsToTxnResponse', partitions: [P], transactionalId },
  });

  it('holds the write until its own coordinator answers, and appends it then', () => {
    const [held, asked] = run(start(), produce(-1, txnBatch('processor-1', 1000)));
    expect(messages(asked).map((m) => m.name)).toEqual(['AddPartitionsToTxn']);
    expect(logEndOffset(replica(held))).toBe(0);
    const [after] = run(held, answer('processor-1'));
    expect(logEndOffset(replica(after))).toBe(1);
  });

  it('takes another transactional id’s answer for nothing: the held write stays unappended', () => {
    const [held] = run(start(), produce(-1, txnBatch('processor-1', 1000)));
    const [after, actions] = run(held, answer('processor-2'));
    expect(logEndOffset(replica(after))).toBe(0);
    expect((after.context as BrokerContext).verifying).toHaveLength(1);
    expect(messages(actions).filter((m) => m.name === 'ProduceResponse')).toEqual([]);
  });
});
