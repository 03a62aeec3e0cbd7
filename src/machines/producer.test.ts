import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import type { ProducerConfig, ProducerConfigInput } from '../config/types.ts';
import { validateConfig } from '../config/validate.ts';
import type { KafkaError, KafkaMessage, PartitionBatch } from '../kafka/protocol.ts';
import type { CallbackParams, SendParams } from './io.ts';
import {
  producerMachine,
  producerTimers,
  type ProducerContext,
  type ProducerEvent,
} from './producer/producer.ts';

/** The producer machine alone, driven by XState's pure transition(): no world, no network. */

type Snapshot = ReturnType<typeof initialTransition<typeof producerMachine>>[0];
type Action = { type: string; params?: unknown };
type ProduceRequest = Extract<KafkaMessage, { name: 'Produce' }>;
/** One batch on the wire and the request carrying it (with no leaders known, each request carries one). */
type Produce = PartitionBatch & Pick<ProduceRequest, 'requestId' | 'acks'>;

const P = 'orders-0';

function config(input: ProducerConfigInput): ProducerConfig {
  const result = validateConfig({ producer: input });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.config.producer;
}

/**
 * A producer on a cluster of `transactionVersion`: 0 by default here, the classic client protocol these
 * tests drive by hand (the client's own AddPartitionsToTxn); version 2 has its own tests below.
 */
function start(input: ProducerConfigInput, transactionVersion = 0): [Snapshot, Action[]] {
  return initialTransition(producerMachine, {
    id: 'producer',
    config: config(input),
    partition: P,
    transactionVersion,
  });
}

function run(s: Snapshot, ...events: ProducerEvent[]): [Snapshot, Action[]] {
  let snap = s;
  let actions: Action[] = [];
  for (const e of events) [snap, actions] = transition(producerMachine, snap, e);
  return [snap, actions];
}

const ctx = (s: Snapshot) => s.context as ProducerContext;
const sends = (actions: Action[]) =>
  actions.filter((a) => a.type === 'send').map((a) => a.params as SendParams);
const messages = (actions: Action[]) => sends(actions).map((p) => p.message);
const produces = (actions: Action[]): Produce[] =>
  messages(actions)
    .filter((m): m is ProduceRequest => m.name === 'Produce')
    .flatMap((m) => m.batches.map((b) => ({ ...b, requestId: m.requestId, acks: m.acks })));
const callbacks = (actions: Action[]) =>
  actions.filter((a) => a.type === 'callback').map((a) => a.params as CallbackParams);
const state = (s: Snapshot) => JSON.stringify(s.value);
const narrations = (actions: Action[]) =>
  actions.filter((a) => a.type === 'narrate').map((a) => (a.params as { text: string }).text);
const marks = (actions: Action[]) =>
  actions.filter((a) => a.type === 'mark').map((a) => ({ type: a.type, params: a.params }));

/** Fires every retry back-off timer the producer has running (KIP-580), each at its due time. */
function backoffEnds(s: Snapshot): [Snapshot, Action[]] {
  const due = producerTimers(ctx(s)).filter((t) => t.event.type === 'timer.retryBackoff');
  return run(s, ...due.map((t) => ({ ...t.event, now: t.due })));
}

let clock = 0;
const tick = () => (clock += 1);

const send = (id: string, now = tick()): ProducerEvent => ({ type: 'producer.send', now, record: { id } });
const pidResponse = (producerId = 1000, epoch = 0, error?: KafkaError): ProducerEvent => ({
  type: 'kafka.InitProducerIdResponse',
  from: 'txn-coordinator',
  now: tick(),
  message: { name: 'InitProducerIdResponse', producerId, epoch, ...(error ? { error } : {}) },
});
const ack = (p: Produce, baseOffset: number, error?: KafkaError, now = tick()): ProducerEvent => ({
  type: 'kafka.ProduceResponse',
  from: 'broker-1',
  now,
  message: {
    name: 'ProduceResponse',
    requestId: p.requestId,
    responses: [
      { partition: p.partition, batchId: p.batch.batchId, baseOffset, ...(error ? { error } : {}) },
    ],
  },
});
const requestTimeout = (batchId: string, now: number): ProducerEvent => ({
  type: 'timer.requestTimeout',
  now,
  batchId,
});

const IDEMPOTENT: ProducerConfigInput = {
  acks: 'all',
  'enable.idempotence': true,
  retries: 5,
  'max.in.flight.requests.per.connection': 5,
};
const PLAIN: ProducerConfigInput = {
  acks: 'all',
  'enable.idempotence': false,
  retries: 2,
  'max.in.flight.requests.per.connection': 5,
};

/** An idempotent producer that has its producer id. */
function idempotentReady(input: ProducerConfigInput = IDEMPOTENT): Snapshot {
  const [s0] = start(input);
  return run(s0, pidResponse())[0];
}

describe('when an idempotent producer starts (awaitingProducerId)', () => {
  it('asks the coordinator for a producer id, without transactional.id', () => {
    const [s, actions] = start(IDEMPOTENT);
    expect(s.value).toBe('awaitingProducerId');
    expect(sends(actions)).toEqual([{ to: 'txn-coordinator', message: { name: 'InitProducerId' } }]);
  });

  it('queues send() until the id arrives, then sends with sequence 0', () => {
    const [s0] = start(IDEMPOTENT);
    let [s, actions] = run(s0, send('m1'));
    expect(produces(actions)).toEqual([]);
    expect(ctx(s).batches).toHaveLength(1);
    [s, actions] = run(s, pidResponse(1000, 0));
    expect(state(s)).toBe('{"ready":"idle"}');
    expect(
      produces(actions).map((p) => [
        p.batch.record.id,
        p.batch.producerId,
        p.batch.epoch,
        p.batch.firstSequence,
      ]),
    ).toEqual([['m1', 1000, 0, 0]]);
  });
});

describe('when an idempotent producer waits for its producer id', () => {
  it('delivery.timeout.ms still expires a batch queued behind InitProducerId', () => {
    const [s0] = start(IDEMPOTENT);
    const [s1] = run(s0, send('m1', 100));
    expect(producerTimers(ctx(s1)).map((t) => t.event.type)).toEqual(['timer.deliveryTimeout']);
    const [s, actions] = run(s1, { type: 'timer.deliveryTimeout', now: 120100, batchId: 'b1' });
    expect(callbacks(actions)).toEqual([{ record: 'm1', ok: false }]);
    expect(ctx(s).batches).toEqual([]);
    expect(producerTimers(ctx(s))).toEqual([]);
  });
});

describe('when an idempotent producer is ready', () => {
  it('numbers the batches of a partition 0, 1, 2 and sends them to the partition leader', () => {
    let s = idempotentReady();
    const sent: Produce[] = [];
    for (const id of ['m1', 'm2', 'm3']) {
      let actions: Action[] = [];
      [s, actions] = run(s, send(id));
      const p = produces(actions)[0] as Produce;
      sent.push(p);
      [s] = run(s, ack(p, sent.length - 1));
    }
    expect(sent.map((p) => p.batch.firstSequence)).toEqual([0, 1, 2]);
    expect(sent.map((p) => p.acks)).toEqual([-1, -1, -1]);
    expect(new Set(sent.map((p) => p.requestId)).size).toBe(3);
    const [, actions] = run(idempotentReady(), send('m1'));
    expect(sends(actions)[0]?.to).toEqual({ leaderOf: P });
  });

  it('batches queued before the producer id arrive all go out at once, numbered 0, 1, 2', () => {
    const [s0] = start(IDEMPOTENT);
    const [, actions] = run(s0, send('m1'), send('m2'), send('m3'), pidResponse());
    expect(produces(actions).map((p) => [p.batch.record.id, p.batch.firstSequence])).toEqual([
      ['m1', 0],
      ['m2', 1],
      ['m3', 2],
    ]);
  });

  it('a successful ack completes send(): callback ok, batch gone', () => {
    let [s, actions] = run(idempotentReady(), send('m1'));
    const [p] = produces(actions);
    [s, actions] = run(s, ack(p as Produce, 0));
    expect(callbacks(actions)).toEqual([{ record: 'm1', ok: true, offset: 0 }]);
    expect(ctx(s).batches).toEqual([]);
  });

  it('request.timeout.ms → the batch is retried with the SAME sequence number', () => {
    let [s, actions] = run(idempotentReady(), send('m1', 10));
    const first = produces(actions)[0] as Produce;
    const timer = producerTimers(ctx(s)).find((t) => t.event.type === 'timer.requestTimeout');
    expect(timer?.due).toBe(10 + ctx(s).config.requestTimeoutMs + 1); // once more than it has passed
    [s, actions] = run(s, requestTimeout('b1', timer?.due ?? 0));
    [s, actions] = backoffEnds(s);
    const retry = produces(actions)[0] as Produce;
    expect(retry.batch).toEqual(first.batch);
    expect(retry.requestId).toBeGreaterThan(first.requestId);
    expect(ctx(s).batches[0]?.attempts).toBe(2);
  });

  it('a stale response (an older requestId) is ignored', () => {
    let [s, actions] = run(idempotentReady(), send('m1', 10));
    const first = produces(actions)[0] as Produce;
    [s, actions] = run(s, requestTimeout('b1', 40000));
    [s, actions] = backoffEnds(s);
    const retry = produces(actions)[0] as Produce;
    const before = ctx(s);
    [s, actions] = run(s, ack(first, 0));
    expect(callbacks(actions)).toEqual([]);
    expect(messages(actions)).toEqual([]);
    expect(ctx(s)).toEqual(before);
    // The response to the retry completes it.
    [, actions] = run(s, ack(retry, 0));
    expect(callbacks(actions)).toEqual([{ record: 'm1', ok: true, offset: 0 }]);
  });

  it('max.in.flight.requests.per.connection limits concurrent Produce requests', () => {
    const [s0] = start(IDEMPOTENT);
    // Queued before the producer id: the first drain may fill the window.
    const [s, actions] = run(
      s0,
      send('m1'),
      send('m2'),
      send('m3'),
      send('m4'),
      send('m5'),
      send('m6'),
      pidResponse(),
    );
    expect(produces(actions).map((p) => p.batch.record.id)).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
    expect(ctx(s).batches.map((b) => b.state)).toEqual([
      'inflight',
      'inflight',
      'inflight',
      'inflight',
      'inflight',
      'queued',
    ]);
    expect(s.context.batches[5]?.sequence).toBe(-1);
  });

  it('pipelines send() calls up to max.in.flight with idempotence on', () => {
    let s = idempotentReady();
    const sent: Produce[] = [];
    for (const id of ['m1', 'm2', 'm3']) {
      let actions: Action[] = [];
      [s, actions] = run(s, send(id));
      sent.push(...produces(actions));
    }
    expect(sent.map((p) => [p.batch.record.id, p.batch.firstSequence])).toEqual([
      ['m1', 0],
      ['m2', 1],
      ['m3', 2],
    ]);
    // Five in flight, a sixth queued: one ack frees a slot for it.
    const [s0] = start(IDEMPOTENT);
    let actions: Action[] = [];
    [s, actions] = run(s0, ...['m1', 'm2', 'm3', 'm4', 'm5', 'm6'].map((id) => send(id)), pidResponse());
    [, actions] = run(s, ack(produces(actions)[0] as Produce, 0));
    expect(produces(actions).map((p) => [p.batch.record.id, p.batch.firstSequence])).toEqual([['m6', 5]]);
  });

  it('max.in.flight.requests.per.connection=2 without idempotence: the third send waits', () => {
    const [s0] = start({ ...PLAIN, 'max.in.flight.requests.per.connection': 2 });
    let s = s0;
    const sent: Produce[] = [];
    for (const id of ['m1', 'm2', 'm3']) {
      let actions: Action[] = [];
      [s, actions] = run(s, send(id));
      sent.push(...produces(actions));
    }
    expect(sent.map((p) => p.batch.record.id)).toEqual(['m1', 'm2']);
    expect(ctx(s).batches.map((b) => b.state)).toEqual(['inflight', 'inflight', 'queued']);
    const [, actions] = run(s, ack(sent[1] as Produce, 0));
    expect(produces(actions).map((p) => p.batch.record.id)).toEqual(['m3']);
  });

  it('OUT_OF_ORDER_SEQUENCE_NUMBER while an earlier batch is unresolved re-queues the later one', () => {
    const [s0] = start(IDEMPOTENT);
    // Both queued before the producer id arrives, so both are in flight together.
    const [both, first] = run(s0, send('m1', 10), send('m2', 11), pidResponse());
    let s = both;
    const [p1, p2] = produces(first) as [Produce, Produce];
    // m1's request was lost; the leader refuses m2 (sequence 1 before 0).
    let actions: Action[] = [];
    [s, actions] = run(s, ack(p2, -1, 'OUT_OF_ORDER_SEQUENCE_NUMBER'));
    expect(callbacks(actions)).toEqual([]);
    expect(ctx(s).batches.map((b) => [b.record.id, b.state])).toEqual([
      ['m1', 'inflight'],
      ['m2', 'queued'],
    ]);
    // m1 times out: only m1 goes out again (KAFKA-5494: lowest sequence first, alone).
    [s, actions] = run(s, requestTimeout('b1', 40000));
    [s, actions] = backoffEnds(s);
    expect(produces(actions).map((p) => [p.batch.record.id, p.batch.firstSequence])).toEqual([['m1', 0]]);
    // Once m1 lands, m2 is sent again with its original sequence.
    const retry1 = produces(actions)[0] as Produce;
    [s, actions] = run(s, ack(retry1, 0));
    expect(callbacks(actions)).toEqual([{ record: 'm1', ok: true, offset: 0 }]);
    expect(produces(actions).map((p) => [p.batch.record.id, p.batch.firstSequence])).toEqual([['m2', 1]]);
    expect(p1.batch.firstSequence).toBe(0);
    expect(p2.batch.firstSequence).toBe(1);
  });

  it('a new send() waits behind a batch re-queued for its retry, even with room in the window', () => {
    const [s0] = start(IDEMPOTENT);
    const [both, first] = run(s0, send('m1'), send('m2'), pidResponse());
    const [, p2] = produces(first) as [Produce, Produce];
    let [s, actions] = run(both, ack(p2, -1, 'OUT_OF_ORDER_SEQUENCE_NUMBER'), send('m3'));
    expect(produces(actions)).toEqual([]);
    expect(ctx(s).batches.map((b) => [b.record.id, b.state, b.sequence])).toEqual([
      ['m1', 'inflight', 0],
      ['m2', 'queued', 1],
      ['m3', 'queued', -1],
    ]);
    [s, actions] = run(s, ack(produces(first)[0] as Produce, 0));
    expect(produces(actions).map((p) => [p.batch.record.id, p.batch.firstSequence])).toEqual([
      ['m2', 1],
      ['m3', 2],
    ]);
  });

  it('OUT_OF_ORDER_SEQUENCE_NUMBER with nothing earlier unresolved: a gap, so it bumps its epoch and retries from 0 (KIP-360)', () => {
    let [s, actions] = run(idempotentReady(), send('m1'));
    [s, actions] = run(s, ack(produces(actions)[0] as Produce, -1, 'OUT_OF_ORDER_SEQUENCE_NUMBER'));
    expect(callbacks(actions)).toEqual([]);
    [s, actions] = backoffEnds(s);
    expect(produces(actions).map((p) => [p.batch.record.id, p.batch.epoch, p.batch.firstSequence])).toEqual([
      ['m1', 1, 0],
    ]);
    expect(ctx(s)).toMatchObject({ epoch: 1, epochBumpRequired: false, nextSequence: { [P]: 1 } });
  });
});

describe('when a batch of an idempotent producer fails for good (KIP-360)', () => {
  /** m1 (sequence 0) in flight, m2 queued behind it with max.in.flight=1. */
  function twoSent(): [Snapshot, Produce] {
    const [s, actions] = run(
      idempotentReady({ ...IDEMPOTENT, 'max.in.flight.requests.per.connection': 1 }),
      send('m1', 100),
      send('m2', 101),
    );
    return [s, produces(actions)[0] as Produce];
  }

  it('delivery.timeout.ms expires m1: the epoch is bumped and m2 goes out with sequence 0', () => {
    const [s1] = twoSent();
    const [s, actions] = run(s1, { type: 'timer.deliveryTimeout', now: 120100, batchId: 'b1' });
    expect(callbacks(actions)).toEqual([{ record: 'm1', ok: false }]);
    expect(produces(actions).map((p) => [p.batch.record.id, p.batch.epoch, p.batch.firstSequence])).toEqual([
      ['m2', 1, 0],
    ]);
    expect(ctx(s).epoch).toBe(1);
    // The next send() waits behind m2 (max.in.flight=1) and will follow it as sequence 1.
    expect(ctx(run(s, send('m3'))[0]).nextSequence).toEqual({ [P]: 1 });
  });

  it('retries exhausted: the same bump, and sequences restart at 0', () => {
    let [s, actions] = run(idempotentReady({ ...IDEMPOTENT, retries: 1 }), send('m1'));
    [s, actions] = run(s, ack(produces(actions)[0] as Produce, -1, 'NOT_ENOUGH_REPLICAS'));
    [s, actions] = backoffEnds(s);
    [s, actions] = run(s, ack(produces(actions)[0] as Produce, -1, 'NOT_ENOUGH_REPLICAS'));
    expect(callbacks(actions)).toEqual([{ record: 'm1', ok: false }]);
    [s, actions] = run(s, send('m2'));
    expect(produces(actions).map((p) => [p.batch.epoch, p.batch.firstSequence])).toEqual([[1, 0]]);
  });

  it('waits for what is in flight before bumping: nothing new goes out meanwhile', () => {
    const [s0] = start(IDEMPOTENT);
    const [s1, first] = run(s0, send('m1', 100), send('m2', 101), pidResponse());
    const [, p2] = produces(first) as [Produce, Produce];
    let [s, actions] = run(s1, { type: 'timer.deliveryTimeout', now: 120100, batchId: 'b1' }, send('m3'));
    expect(produces(actions)).toEqual([]);
    expect(ctx(s)).toMatchObject({ epoch: 0, epochBumpRequired: true });
    // m2 is refused (sequence 1 without 0): it is retried in the new epoch, as sequence 0, then m3.
    [s, actions] = run(s, ack(p2, -1, 'OUT_OF_ORDER_SEQUENCE_NUMBER'));
    expect(produces(actions)).toEqual([]);
    expect(ctx(s)).toMatchObject({ epoch: 1, epochBumpRequired: false });
    [s, actions] = backoffEnds(s);
    expect(produces(actions).map((p) => [p.batch.record.id, p.batch.epoch, p.batch.firstSequence])).toEqual([
      ['m2', 1, 0],
      ['m3', 1, 1],
    ]);
  });

  it('no gap when a later batch was acknowledged (the expired one was written after all): the epoch stays', () => {
    const [s0] = start(IDEMPOTENT);
    const [s1, first] = run(s0, send('m1', 100), send('m2', 101), pidResponse());
    const [, p2] = produces(first) as [Produce, Produce];
    let [s, actions] = run(s1, { type: 'timer.deliveryTimeout', now: 120100, batchId: 'b1' });
    [s, actions] = run(s, ack(p2, 1), send('m3'));
    expect(produces(actions).map((p) => [p.batch.record.id, p.batch.epoch, p.batch.firstSequence])).toEqual([
      ['m3', 0, 2],
    ]);
    expect(ctx(s).epochBumpRequired).toBe(false);
  });
});

describe('when a plain producer (idempotence off) is ready', () => {
  it('starts ready, without InitProducerId, and sends producer id -1 / sequence -1', () => {
    const [s0, initial] = start(PLAIN);
    expect(state(s0)).toBe('{"ready":"idle"}');
    expect(messages(initial)).toEqual([]);
    const [, actions] = run(s0, send('m1'));
    expect(produces(actions)[0]?.batch).toMatchObject({
      producerId: -1,
      firstSequence: -1,
      transactional: false,
    });
  });

  it('retries a retriable error, then gives up when retries are exhausted: callback ok:false', () => {
    const [s0] = start({ ...PLAIN, retries: 2 });
    let [s, actions] = run(s0, send('m1'));
    for (let attempt = 1; attempt <= 2; attempt++) {
      [s, actions] = run(s, ack(produces(actions)[0] as Produce, -1, 'NOT_ENOUGH_REPLICAS'));
      expect(callbacks(actions)).toEqual([]);
      [s, actions] = backoffEnds(s);
      expect(produces(actions)).toHaveLength(1);
    }
    [s, actions] = run(s, ack(produces(actions)[0] as Produce, -1, 'NOT_ENOUGH_REPLICAS'));
    expect(callbacks(actions)).toEqual([{ record: 'm1', ok: false }]);
    expect(produces(actions)).toEqual([]);
    expect(ctx(s).batches).toEqual([]);
  });

  it('retries=0: the first request timeout fails the batch', () => {
    const [s0] = start({ acks: '1', retries: 0, 'enable.idempotence': false });
    let [s] = run(s0, send('m1', 5));
    let actions: Action[] = [];
    [s, actions] = run(s, requestTimeout('b1', 5 + 30000));
    expect(callbacks(actions)).toEqual([{ record: 'm1', ok: false }]);
    expect(produces(actions)).toEqual([]);
  });

  it('a non-retriable error fails the batch at once', () => {
    const [s0] = start(PLAIN);
    let [s, actions] = run(s0, send('m1'));
    [s, actions] = run(s, ack(produces(actions)[0] as Produce, -1, 'OFFSET_OUT_OF_RANGE'));
    expect(callbacks(actions)).toEqual([{ record: 'm1', ok: false }]);
    expect(ctx(s).batches).toEqual([]);
  });

  it('delivery.timeout.ms fails a batch that is still not acknowledged', () => {
    const [s0] = start(PLAIN);
    const [s1] = run(s0, send('m1', 100));
    const timer = producerTimers(ctx(s1)).find((t) => t.event.type === 'timer.deliveryTimeout');
    expect(timer?.due).toBe(100 + 120000);
    const [s, actions] = run(s1, { type: 'timer.deliveryTimeout', now: 120100, batchId: 'b1' });
    expect(callbacks(actions)).toEqual([{ record: 'm1', ok: false }]);
    expect(ctx(s).batches).toEqual([]);
  });

  it('without idempotence, a retry goes behind a later batch already in flight (the reordering hazard)', () => {
    const [s0] = start(PLAIN);
    let [s] = run(s0, send('m1', 1));
    let actions: Action[] = [];
    [s, actions] = run(s, send('m2', 2));
    expect(produces(actions).map((p) => p.batch.record.id)).toEqual(['m2']);
    [s, actions] = run(s, requestTimeout('b1', 30001));
    [s, actions] = backoffEnds(s);
    expect(produces(actions).map((p) => p.batch.record.id)).toEqual(['m1']);
  });
});

describe('when a retry backs off (retry.backoff.ms, retry.backoff.max.ms: KIP-580)', () => {
  /** The waits before each retry of m1, answered NOT_ENOUGH_REPLICAS every time. */
  function waits(seed: number, times: number): number[] {
    const input = { id: 'producer', config: config({ ...PLAIN, retries: 100 }), partition: P, seed };
    let [s, actions] = run(initialTransition(producerMachine, input)[0], send('m1', 0));
    const out: number[] = [];
    let now = 0;
    for (let i = 0; i < times; i++) {
      now += 1;
      [s, actions] = run(s, ack(produces(actions)[0] as Produce, -1, 'NOT_ENOUGH_REPLICAS', now));
      expect(produces(actions)).toEqual([]);
      const timer = producerTimers(ctx(s)).find((t) => t.event.type === 'timer.retryBackoff');
      out.push((timer?.due ?? now) - now);
      now = timer?.due ?? now;
      [s, actions] = backoffEnds(s);
    }
    return out;
  }

  it('sends nothing until the back-off ends; the wait doubles from 100 ms up to 1000 ms, ±20 %', () => {
    const w = waits(1, 7);
    const nominal = [100, 200, 400, 800, 1000, 1000, 1000];
    w.forEach((ms, i) => {
      expect(ms).toBeGreaterThanOrEqual(Math.floor((nominal[i] as number) * 0.8));
      expect(ms).toBeLessThanOrEqual(Math.min(1000, (nominal[i] as number) * 1.2));
    });
  });

  it('the jitter comes from the run’s seed: the same seed waits the same, another seed differently', () => {
    expect(waits(1, 4)).toEqual(waits(1, 4));
    expect(waits(1, 4)).not.toEqual(waits(2, 4));
  });

  it('the narration says how long it waits and since when Kafka does', () => {
    const [s0] = start(PLAIN);
    const [s1, sent] = run(s0, send('m1', 0));
    const [, actions] = run(s1, ack(produces(sent)[0] as Produce, -1, 'NOT_ENOUGH_REPLICAS', 1));
    expect(narrations(actions).join(' ')).toMatch(/retries m1 in \d+ ms .*KIP-580/);
  });
});

describe('acks=0', () => {
  it('completes send() the moment the request leaves: callback ok, nothing in flight, no timers', () => {
    const [s0] = start({ acks: '0', retries: 0 });
    const [s, actions] = run(s0, send('m1'));
    expect(produces(actions).map((p) => p.acks)).toEqual([0]);
    expect(callbacks(actions)).toEqual([{ record: 'm1', ok: true }]);
    expect(ctx(s).batches).toEqual([]);
    expect(producerTimers(ctx(s))).toEqual([]);
  });
});

const TXN: ProducerConfigInput = { 'transactional.id': 'tx-1' };

/** initTransactions() done: producer id 1000, epoch `epoch`. */
function txnReady(epoch = 0): Snapshot {
  const [s0] = start(TXN);
  const [s1] = run(s0, { type: 'producer.initTransactions', now: tick() });
  return run(s1, pidResponse(1000, epoch))[0];
}

/** A transaction with m1 sent and its partition added; returns the Produce in flight. */
function txnWithRecord(): [Snapshot, Produce] {
  let [s] = run(txnReady(), { type: 'producer.beginTransaction', now: tick() });
  [s] = run(s, send('m1'));
  const [next, actions] = run(s, {
    type: 'kafka.AddPartitionsToTxnResponse',
    from: 'txn-coordinator',
    now: tick(),
    message: { name: 'AddPartitionsToTxnResponse', partitions: [P] },
  });
  return [next, produces(actions)[0] as Produce];
}

const endTxnResponse = (commit: boolean, error?: KafkaError): ProducerEvent => ({
  type: 'kafka.EndTxnResponse',
  from: 'txn-coordinator',
  now: tick(),
  message: { name: 'EndTxnResponse', commit, ...(error ? { error } : {}) },
});

describe('when a transactional producer is uninitialized', () => {
  it('waits for initTransactions(), which sends InitProducerId with the transactional.id', () => {
    const [s0, initial] = start(TXN);
    expect(s0.value).toBe('uninitialized');
    expect(messages(initial)).toEqual([]);
    expect(s0.can({ type: 'producer.send', now: 0, record: { id: 'm1' } })).toBe(false);
    const [s, actions] = run(s0, { type: 'producer.initTransactions', now: tick() });
    expect(s.value).toBe('awaitingProducerId');
    expect(sends(actions)).toEqual([
      {
        to: 'txn-coordinator',
        message: { name: 'InitProducerId', transactionalId: 'tx-1', transactionTimeoutMs: 60000 },
      },
    ]);
  });

  it('CONCURRENT_TRANSACTIONS: retries InitProducerId', () => {
    const [s0] = start(TXN);
    let [s] = run(s0, { type: 'producer.initTransactions', now: tick() });
    let actions: Action[] = [];
    [s, actions] = run(s, pidResponse(-1, -1, 'CONCURRENT_TRANSACTIONS'));
    expect(s.value).toBe('awaitingProducerId');
    expect(messages(actions)).toEqual([
      { name: 'InitProducerId', transactionalId: 'tx-1', transactionTimeoutMs: 60000 },
    ]);
  });
});

describe('when a transactional producer on transaction version 2 is in a transaction (KIP-890)', () => {
  it('sends no AddPartitionsToTxn: the first Produce goes at once, with its transactional.id, for the leader to add the partition', () => {
    const [s0] = start(TXN, 2);
    let [s] = run(s0, { type: 'producer.initTransactions', now: tick() });
    [s] = run(s, pidResponse(1000, 0), { type: 'producer.beginTransaction', now: tick() });
    const [after, actions] = run(s, send('m1'));
    expect(messages(actions).map((m) => m.name)).toEqual(['Produce']);
    expect(produces(actions)[0]?.batch).toMatchObject({ transactional: true, transactionalId: 'tx-1' });
    // The partition counts as in the transaction: commitTransaction() ends it with EndTxn, not locally.
    expect(ctx(after).txnPartitions).toEqual([P]);
  });
});

describe('when a transactional producer is in a transaction', () => {
  it('send() outside a transaction is refused', () => {
    expect(txnReady().can({ type: 'producer.send', now: 0, record: { id: 'm1' } })).toBe(false);
  });

  it('sends AddPartitionsToTxn before the first Produce, and the Produce only after the answer', () => {
    let [s] = run(txnReady(), { type: 'producer.beginTransaction', now: tick() });
    expect(state(s)).toBe('{"ready":{"inTransaction":"active"}}');
    let actions: Action[] = [];
    [s, actions] = run(s, send('m1'));
    expect(messages(actions)).toEqual([
      { name: 'AddPartitionsToTxn', transactionalId: 'tx-1', producerId: 1000, epoch: 0, partitions: [P] },
    ]);
    // A second send() while the partition is being added does not ask again.
    [s, actions] = run(s, send('m2'));
    expect(messages(actions)).toEqual([]);
    [s, actions] = run(s, {
      type: 'kafka.AddPartitionsToTxnResponse',
      from: 'txn-coordinator',
      now: tick(),
      message: { name: 'AddPartitionsToTxnResponse', partitions: [P] },
    });
    expect(
      produces(actions).map((p) => [p.batch.record.id, p.batch.firstSequence, p.batch.transactional]),
    ).toEqual([
      ['m1', 0, true],
      ['m2', 1, true],
    ]);
    expect(ctx(s).txnPartitions).toEqual([P]);
  });

  it('commitTransaction() waits for the acks, then sends EndTxn(commit); the answer ends the transaction', () => {
    const [s1, p] = txnWithRecord();
    let [s, actions] = run(s1, { type: 'producer.commitTransaction', now: tick() });
    expect(state(s)).toBe('{"ready":{"committing":"flushing"}}');
    expect(messages(actions)).toEqual([]);
    [s, actions] = run(s, ack(p, 0));
    expect(messages(actions)).toEqual([
      { name: 'EndTxn', transactionalId: 'tx-1', producerId: 1000, epoch: 0, commit: true },
    ]);
    expect(state(s)).toBe('{"ready":{"committing":"awaitingEndTxn"}}');
    // EndTxn goes out once: a late answer while awaiting it sends no second one.
    const [, again] = run(s, ack(p, 0));
    expect(messages(again)).toEqual([]);
    // A transactional record's callback fires on the ack; the app settles it on commit.
    expect(callbacks(actions)).toEqual([{ record: 'm1', ok: true, offset: 0 }]);
    [s, actions] = run(s, endTxnResponse(true));
    expect(state(s)).toBe('{"ready":"idle"}');
    expect(marks(actions)).toContainEqual({
      type: 'mark',
      params: { kind: 'txn', name: 'commit', summary: 'committed' },
    });
  });

  it('classic protocol (transaction version 1): the next transaction keeps the epoch and the sequence goes on', () => {
    const [s1, p] = txnWithRecord();
    let [s] = run(s1, { type: 'producer.commitTransaction', now: tick() }, ack(p, 0), endTxnResponse(true));
    expect(ctx(s)).toMatchObject({ epoch: 0, nextSequence: { [P]: 1 } });
    let actions: Action[] = [];
    [s, actions] = run(s, { type: 'producer.beginTransaction', now: tick() }, send('m2'));
    expect(messages(actions)).toEqual([expect.objectContaining({ name: 'AddPartitionsToTxn', epoch: 0 })]);
    [, actions] = run(s, {
      type: 'kafka.AddPartitionsToTxnResponse',
      from: 'txn-coordinator',
      now: tick(),
      message: { name: 'AddPartitionsToTxnResponse', partitions: [P] },
    });
    expect(produces(actions).map((x) => [x.batch.record.id, x.batch.epoch, x.batch.firstSequence])).toEqual([
      ['m2', 0, 1],
    ]);
  });

  it('sendOffsetsToTransaction: AddOffsetsToTxn, then TxnOffsetCommit to the group coordinator; EndTxn after it', () => {
    const [s1, p] = txnWithRecord();
    let [s, actions] = run(s1, {
      type: 'producer.sendOffsetsToTransaction',
      now: tick(),
      groupId: 'g',
      offsets: { 'input-0': 2 },
    });
    expect(sends(actions)).toEqual([
      {
        to: 'txn-coordinator',
        message: {
          name: 'AddOffsetsToTxn',
          transactionalId: 'tx-1',
          producerId: 1000,
          epoch: 0,
          groupId: 'g',
        },
      },
    ]);
    [s, actions] = run(s, {
      type: 'kafka.AddOffsetsToTxnResponse',
      from: 'txn-coordinator',
      now: tick(),
      message: { name: 'AddOffsetsToTxnResponse' },
    });
    expect(sends(actions)).toEqual([
      {
        to: 'group-coordinator',
        message: {
          name: 'TxnOffsetCommit',
          transactionalId: 'tx-1',
          producerId: 1000,
          epoch: 0,
          groupId: 'g',
          offsets: { 'input-0': 2 },
        },
      },
    ]);
    [s, actions] = run(s, { type: 'producer.commitTransaction', now: tick() }, ack(p, 0));
    expect(messages(actions).map((m) => m.name)).not.toContain('EndTxn'); // offsets not acknowledged yet
    [s, actions] = run(s, {
      type: 'kafka.TxnOffsetCommitResponse',
      from: 'group-coordinator',
      now: tick(),
      message: { name: 'TxnOffsetCommitResponse' },
    });
    expect(messages(actions)).toEqual([expect.objectContaining({ name: 'EndTxn', commit: true })]);
    expect(state(s)).toBe('{"ready":{"committing":"awaitingEndTxn"}}');
  });

  it('abortTransaction() waits for the batches in flight, then sends EndTxn(abort)', () => {
    const [s2, p] = txnWithRecord();
    let [s, actions] = run(s2, { type: 'producer.abortTransaction', now: tick() });
    expect(state(s)).toBe('{"ready":{"aborting":"flushing"}}');
    expect(messages(actions)).toEqual([]);
    [s, actions] = run(s, ack(p, 0));
    expect(state(s)).toBe('{"ready":{"aborting":"awaitingEndTxn"}}');
    expect(messages(actions)).toEqual([expect.objectContaining({ name: 'EndTxn', commit: false })]);
    [s, actions] = run(s, endTxnResponse(false));
    expect(state(s)).toBe('{"ready":"idle"}');
    expect(marks(actions)).toContainEqual({
      type: 'mark',
      params: { kind: 'txn', name: 'abort', summary: 'aborted' },
    });
  });

  it('abortTransaction(): a batch in flight that expires (delivery.timeout.ms) lets EndTxn(abort) go', () => {
    const [s2, p] = txnWithRecord();
    let [s, actions] = run(s2, { type: 'producer.abortTransaction', now: tick() });
    [s, actions] = run(s, { type: 'timer.deliveryTimeout', now: 200000, batchId: p.batch.batchId });
    expect(callbacks(actions)).toEqual([{ record: 'm1', ok: false }]);
    expect(messages(actions)).toEqual([expect.objectContaining({ name: 'EndTxn', commit: false })]);
    expect(state(s)).toBe('{"ready":{"aborting":"awaitingEndTxn"}}');
  });

  it('abortTransaction() drops batches not yet sent', () => {
    let [s] = run(txnReady(), { type: 'producer.beginTransaction', now: tick() }, send('m1'));
    expect(ctx(s).batches.map((b) => b.state)).toEqual(['queued']);
    [s] = run(s, { type: 'producer.abortTransaction', now: tick() });
    expect(ctx(s).batches).toEqual([]);
  });

  it('abortTransaction() does not send EndTxn while AddPartitionsToTxn is in flight', () => {
    let [s] = run(txnReady(), { type: 'producer.beginTransaction', now: tick() }, send('m1'));
    let actions: Action[] = [];
    [s, actions] = run(s, { type: 'producer.abortTransaction', now: tick() });
    expect(messages(actions)).toEqual([]);
    [s, actions] = run(s, {
      type: 'kafka.AddPartitionsToTxnResponse',
      from: 'txn-coordinator',
      now: tick(),
      message: { name: 'AddPartitionsToTxnResponse', partitions: [P] },
    });
    expect(messages(actions)).toEqual([expect.objectContaining({ name: 'EndTxn', commit: false })]);
  });

  it.each(['UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION'] as const)(
    'KIP-447: the group metadata travels with the offsets; %s on TxnOffsetCommit is an abortable CommitFailedException',
    (error) => {
      const [s1, p] = txnWithRecord();
      const member = { memberId: 'processor-1-1', generation: 1 };
      let [s, actions] = run(
        s1,
        ack(p, 0),
        {
          type: 'producer.sendOffsetsToTransaction',
          now: tick(),
          groupId: 'g',
          offsets: { 'input-0': 1 },
          member,
        },
        {
          type: 'kafka.AddOffsetsToTxnResponse',
          from: 'txn-coordinator',
          now: tick(),
          message: { name: 'AddOffsetsToTxnResponse' },
        },
      );
      expect(messages(actions)).toEqual([expect.objectContaining({ name: 'TxnOffsetCommit', member })]);
      [s, actions] = run(
        s,
        { type: 'producer.commitTransaction', now: tick() },
        {
          type: 'kafka.TxnOffsetCommitResponse',
          from: 'group-coordinator',
          now: tick(),
          message: { name: 'TxnOffsetCommitResponse', error },
        },
      );
      // Not fatal: commitTransaction() throws, EndTxn is never sent, and abortTransaction() is the way on.
      expect(state(s)).toBe('{"ready":{"inTransaction":"abortableError"}}');
      expect(ctx(s).lastError).toMatch(
        /^CommitFailedException: Transaction offset Commit failed due to consumer group metadata mismatch: /,
      );
      expect(messages(actions).map((m) => m.name)).not.toContain('EndTxn');
      [, actions] = run(s, { type: 'producer.abortTransaction', now: tick() });
      expect(messages(actions)).toEqual([expect.objectContaining({ name: 'EndTxn', commit: false })]);
    },
  );

  it('abortTransaction() while AddOffsetsToTxn is in flight: EndTxn waits for it and the TxnOffsetCommit', () => {
    const [s1, p] = txnWithRecord();
    let [s, actions] = run(
      s1,
      ack(p, 0),
      { type: 'producer.sendOffsetsToTransaction', now: tick(), groupId: 'g', offsets: { 'input-0': 1 } },
      { type: 'producer.abortTransaction', now: tick() },
    );
    expect(messages(actions)).toEqual([]);
    [s, actions] = run(s, {
      type: 'kafka.AddOffsetsToTxnResponse',
      from: 'txn-coordinator',
      now: tick(),
      message: { name: 'AddOffsetsToTxnResponse' },
    });
    expect(messages(actions).map((m) => m.name)).toEqual(['TxnOffsetCommit']);
    [s, actions] = run(s, {
      type: 'kafka.TxnOffsetCommitResponse',
      from: 'group-coordinator',
      now: tick(),
      message: { name: 'TxnOffsetCommitResponse' },
    });
    expect(messages(actions)).toEqual([expect.objectContaining({ name: 'EndTxn', commit: false })]);
    expect(state(s)).toBe('{"ready":{"aborting":"awaitingEndTxn"}}');
  });

  it('an empty transaction ends locally: back to idle at once', () => {
    const [s] = run(
      txnReady(),
      { type: 'producer.beginTransaction', now: tick() },
      { type: 'producer.commitTransaction', now: tick() },
    );
    expect(state(s)).toBe('{"ready":"idle"}');
  });

  it('an empty transaction sends no EndTxn (commit or abort)', () => {
    const [, committed] = run(
      txnReady(),
      { type: 'producer.beginTransaction', now: tick() },
      { type: 'producer.commitTransaction', now: tick() },
    );
    expect(messages(committed)).toEqual([]);
    const [, aborted] = run(
      txnReady(),
      { type: 'producer.beginTransaction', now: tick() },
      { type: 'producer.abortTransaction', now: tick() },
    );
    expect(messages(aborted)).toEqual([]);
  });
});

describe('when a batch of a transactional producer fails (KIP-360: abortable, then an epoch bump)', () => {
  it('the failed batch is an abortable error, not a fatal one: abortTransaction(), then InitProducerId bumps the epoch', () => {
    const [s1, p] = txnWithRecord();
    let [s, actions] = run(s1, ack(p, -1, 'OUT_OF_ORDER_SEQUENCE_NUMBER'));
    expect(state(s)).toBe('{"ready":{"inTransaction":"abortableError"}}');
    expect(ctx(s)).toMatchObject({ fatalError: null, lastError: 'OUT_OF_ORDER_SEQUENCE_NUMBER' });
    expect(s.can({ type: 'producer.commitTransaction', now: 0 })).toBe(false);
    expect(s.can({ type: 'producer.send', now: 0, record: { id: 'm2' } })).toBe(false);
    [s, actions] = run(s, { type: 'producer.abortTransaction', now: tick() });
    expect(messages(actions).map((m) => m.name)).toEqual(['EndTxn']);
    [s, actions] = run(s, endTxnResponse(false));
    // abortTransaction() completes with the bump: InitProducerId names the current id and epoch.
    expect(state(s)).toBe('"awaitingProducerId"');
    expect(messages(actions)).toEqual([
      {
        name: 'InitProducerId',
        transactionalId: 'tx-1',
        transactionTimeoutMs: 60000,
        producerId: 1000,
        epoch: 0,
      },
    ]);
    expect(s.can({ type: 'producer.beginTransaction', now: 0 })).toBe(false);
    [s] = run(s, pidResponse(1000, 1), { type: 'producer.beginTransaction', now: tick() }, send('m2'));
    [s, actions] = run(s, {
      type: 'kafka.AddPartitionsToTxnResponse',
      from: 'txn-coordinator',
      now: tick(),
      message: { name: 'AddPartitionsToTxnResponse', partitions: [P] },
    });
    expect(produces(actions).map((x) => [x.batch.record.id, x.batch.epoch, x.batch.firstSequence])).toEqual([
      ['m2', 1, 0],
    ]);
  });

  it('a batch failing while commitTransaction() waits fails the commit: no EndTxn, the application aborts', () => {
    const [s1, p] = txnWithRecord();
    let [s, actions] = run(s1, { type: 'producer.commitTransaction', now: tick() });
    expect(state(s)).toBe('{"ready":{"committing":"flushing"}}');
    [s, actions] = run(s, { type: 'timer.deliveryTimeout', now: 200000, batchId: p.batch.batchId });
    expect(messages(actions)).toEqual([]);
    expect(state(s)).toBe('{"ready":{"inTransaction":"abortableError"}}');
    expect(narrations(actions).join(' ')).toContain('`commitTransaction()` throws');
    expect(s.can({ type: 'producer.commitTransaction', now: 0 })).toBe(false);
    expect(s.can({ type: 'producer.abortTransaction', now: 0 })).toBe(true);
    [s, actions] = run(s, { type: 'producer.abortTransaction', now: tick() });
    expect(messages(actions)).toEqual([
      { name: 'EndTxn', transactionalId: 'tx-1', producerId: 1000, epoch: 0, commit: false },
    ]);
  });

  it('PRODUCER_FENCED in answer to the bump is fatal', () => {
    const [s1, p] = txnWithRecord();
    const [s] = run(
      s1,
      ack(p, -1, 'OUT_OF_ORDER_SEQUENCE_NUMBER'),
      { type: 'producer.abortTransaction', now: tick() },
      endTxnResponse(false),
      pidResponse(-1, -1, 'PRODUCER_FENCED'),
    );
    expect(s.value).toBe('fatal');
  });
});

describe('when a transactional producer is fenced', () => {
  const onlyClose = (s: Snapshot) => {
    expect(s.value).toBe('fatal');
    const calls: ProducerEvent[] = [
      { type: 'producer.send', now: 0, record: { id: 'x' } },
      { type: 'producer.initTransactions', now: 0 },
      { type: 'producer.beginTransaction', now: 0 },
      { type: 'producer.commitTransaction', now: 0 },
      { type: 'producer.abortTransaction', now: 0 },
      { type: 'producer.sendOffsetsToTransaction', now: 0, groupId: 'g', offsets: {} },
    ];
    for (const e of calls) expect(s.can(e)).toBe(false);
    expect(s.can({ type: 'producer.close', now: 0 })).toBe(true);
    const [closed] = run(s, { type: 'producer.close', now: tick() });
    expect(closed.value).toBe('closed');
  };

  it('PRODUCER_FENCED on EndTxn is fatal: only close() is possible', () => {
    const [s1, p] = txnWithRecord();
    const [s] = run(
      s1,
      { type: 'producer.commitTransaction', now: tick() },
      ack(p, 0),
      endTxnResponse(true, 'PRODUCER_FENCED'),
    );
    expect(ctx(s).fatalError).toBe('PRODUCER_FENCED');
    onlyClose(s);
  });

  it('going fatal fails every batch still in the accumulator: callbacks fire, no timer is left', () => {
    const [s1] = txnWithRecord();
    let [s] = run(s1, send('m2'), {
      type: 'producer.sendOffsetsToTransaction',
      now: tick(),
      groupId: 'g',
      offsets: { 'input-0': 1 },
    });
    expect(producerTimers(ctx(s)).length).toBeGreaterThan(0);
    let actions: Action[] = [];
    [s, actions] = run(s, {
      type: 'kafka.AddOffsetsToTxnResponse',
      from: 'txn-coordinator',
      now: tick(),
      message: { name: 'AddOffsetsToTxnResponse', error: 'PRODUCER_FENCED' },
    });
    expect(s.value).toBe('fatal');
    expect(callbacks(actions)).toEqual([
      { record: 'm1', ok: false },
      { record: 'm2', ok: false },
    ]);
    expect(ctx(s).batches).toEqual([]);
    expect(producerTimers(ctx(s))).toEqual([]);
  });

  it('INVALID_PRODUCER_EPOCH on Produce is abortable since KIP-588; PRODUCER_FENCED on the abort’s EndTxn is fatal', () => {
    const [s1, p] = txnWithRecord();
    let [s, actions] = run(s1, ack(p, -1, 'INVALID_PRODUCER_EPOCH'));
    expect(state(s)).toBe('{"ready":{"inTransaction":"abortableError"}}');
    expect(ctx(s)).toMatchObject({ fatalError: null, lastError: 'INVALID_PRODUCER_EPOCH' });
    expect(callbacks(actions)).toEqual([{ record: 'm1', ok: false }]);
    expect(narrations(actions).join(' ')).toContain('KIP-588');
    expect(narrations(actions).join(' ')).not.toMatch(/newer producer|zombie/);
    [s, actions] = run(s, { type: 'producer.abortTransaction', now: tick() });
    expect(messages(actions).map((m) => m.name)).toEqual(['EndTxn']);
    [s] = run(s, endTxnResponse(false, 'PRODUCER_FENCED'));
    onlyClose(s);
  });

  it('PRODUCER_FENCED on AddPartitionsToTxn is fatal', () => {
    const [s] = run(txnReady(), { type: 'producer.beginTransaction', now: tick() }, send('m1'), {
      type: 'kafka.AddPartitionsToTxnResponse',
      from: 'txn-coordinator',
      now: tick(),
      message: { name: 'AddPartitionsToTxnResponse', partitions: [], error: 'PRODUCER_FENCED' },
    });
    onlyClose(s);
  });
});

describe('when the producer crashes', () => {
  it('forgets everything and restarts as a new instance asking for a new producer id', () => {
    let [s] = run(idempotentReady(), send('m1'));
    [s] = run(s, { type: 'node.crash', now: tick() });
    expect(s.value).toBe('crashed');
    expect(ctx(s)).toMatchObject({ producerId: -1, epoch: -1, batches: [], batchCount: 0 });
    const [restarted, actions] = run(s, { type: 'node.restart', now: tick() });
    expect(restarted.value).toBe('awaitingProducerId');
    expect(messages(actions)).toEqual([{ name: 'InitProducerId' }]);
  });

  it('a transactional producer restarts uninitialized: the app calls initTransactions() again', () => {
    const [s] = run(txnReady(), { type: 'node.crash', now: tick() }, { type: 'node.restart', now: tick() });
    expect(s.value).toBe('uninitialized');
  });
});

describe('when an idempotent producer writes to several partitions', () => {
  const sendTo = (id: string, partition: string): ProducerEvent => ({
    type: 'producer.send',
    now: tick(),
    record: { id },
    partition,
  });
  const seqs = (actions: Action[]) =>
    produces(actions).map((p) => `${p.batch.record.id}:${p.partition}:${p.batch.firstSequence}`);

  it('numbers each partition from 0 on its own (the producer keeps a sequence per TopicPartition)', () => {
    const s = idempotentReady();
    const [, a1] = run(s, sendTo('m1', 'orders-0'));
    expect(seqs(a1)).toEqual(['m1:orders-0:0']);
    const [s2, a2] = run(s, sendTo('m1', 'orders-0'), sendTo('m2', 'orders-1'));
    expect(seqs(a2)).toEqual(['m2:orders-1:0']);
    const [, a3] = run(s2, sendTo('m3', 'orders-0'));
    expect(seqs(a3)).toEqual(['m3:orders-0:1']);
  });

  it('after a failed batch (KIP-360) bumps the epoch, and every partition starts again at sequence 0', () => {
    let [s, actions] = run(idempotentReady(), sendTo('m1', 'orders-0'));
    const [m1] = produces(actions);
    [s, actions] = run(s, sendTo('m2', 'orders-1'));
    const [m2] = produces(actions);
    // m1 fails for good: orders-0 may have a gap. m2 lands; then nothing is in flight and the epoch moves.
    [s] = run(s, ack(m1 as Produce, -1, 'OFFSET_OUT_OF_RANGE'));
    expect(ctx(s).epochBumpRequired).toBe(true);
    [s, actions] = run(s, ack(m2 as Produce, 0), sendTo('m3', 'orders-1'));
    expect(ctx(s).epoch).toBe(1);
    // A new epoch must start at 0 on every partition the leader knows this producer on, orders-1 too.
    expect(seqs(actions)).toEqual(['m3:orders-1:0']);
  });
});

describe('when a transactional producer (classic protocol) writes to a second partition', () => {
  it('adds it with its own AddPartitionsToTxn while the batches of the partition already added go', () => {
    const [s0] = start({ 'transactional.id': 'tx' });
    let [s, actions] = run(
      s0,
      { type: 'producer.initTransactions', now: tick() },
      pidResponse(),
      { type: 'producer.beginTransaction', now: tick() },
      { type: 'producer.send', now: tick(), record: { id: 'm1' }, partition: 'orders-0' },
    );
    expect(messages(actions).map((m) => m.name)).toEqual(['AddPartitionsToTxn']);
    [s, actions] = run(s, {
      type: 'kafka.AddPartitionsToTxnResponse',
      from: 'txn-coordinator',
      now: tick(),
      message: { name: 'AddPartitionsToTxnResponse', partitions: ['orders-0'] },
    });
    expect(produces(actions).map((p) => p.partition)).toEqual(['orders-0']);
    [s, actions] = run(
      s,
      { type: 'producer.send', now: tick(), record: { id: 'm2' }, partition: 'orders-1' },
      { type: 'producer.send', now: tick(), record: { id: 'm3' }, partition: 'orders-0' },
    );
    // m3's partition is in the transaction: it goes while orders-1 is being added for m2.
    expect(produces(actions).map((p) => p.batch.record.id)).toEqual(['m3']);
    expect(ctx(s).addingPartitions).toBe(true);
    expect(ctx(s).batches.find((b) => b.record.id === 'm2')?.state).toBe('queued');
  });
});
