import { describe, expect, it } from 'vitest';
import type { KafkaMessage } from '../kafka/protocol.ts';
import type { ProducerContext } from '../machines/producer/producer.ts';
import { SCENARIO_FORMAT, type Scenario } from '../scenarios/types.ts';
import { parseScenarioDocument } from '../share/scenarioDocument.ts';
import { outcome } from './ledger.ts';
import { runToRest } from './run.ts';
import { enabledActions, naturalAction, step } from './step.ts';
import type { InFlightMessage } from './types.ts';
import { createWorld, partOf, type World } from './world.ts';

/**
 * Kafka's Sender drains the accumulator per broker (RecordAccumulator.drain, Sender.sendProduceRequests):
 * one Produce request to each leader carries a batch for every ready partition that broker leads. Here
 * orders-0 and orders-1 are both led by broker-1, orders-2 by broker-2; the shop's three keyless records
 * go one to each partition, sent while the idempotent producer still waits for its producer id, so all
 * three are ready when it arrives.
 */

function scenario(): Scenario {
  const r = parseScenarioDocument({
    format: SCENARIO_FORMAT,
    version: 2,
    id: 'produce-per-leader',
    title: 'One Produce request per leader',
    chapter: 'beyond',
    description: 'd',
    pipeline: 'produce-consume',
    config: { broker: { 'replication.factor': 2 } },
    topics: [
      {
        name: 'orders',
        partitions: 3,
        replicas: [
          ['broker-1', 'broker-2'],
          ['broker-1', 'broker-2'],
          ['broker-2', 'broker-1'],
        ],
      },
    ],
    producers: [{ id: 'shop', workload: { records: ['m1', 'm2', 'm3'] } }],
    workload: {},
  });
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return r.value;
}

type Produce = Extract<KafkaMessage, { name: 'Produce' }>;
const produces = (w: World) =>
  w.network.filter((m): m is InFlightMessage & { body: Produce } => m.body.name === 'Produce');
const shop = (w: World) => partOf(w, 'shop', 'producer')?.context as ProducerContext;
const deliver = (w: World, m: InFlightMessage | undefined) => step(w, `deliver:${m?.id}`);
const answerTo = (w: World) => w.network.find((m) => m.body.name === 'ProduceResponse');

/** Three sends, then the producer id arrives and the sender drains all three batches at once. */
function drained(): World {
  let w = createWorld(scenario());
  for (let i = 0; i < 3; i++) w = step(w, 'app:shop:send');
  while (produces(w).length === 0) w = step(w, naturalAction(w) as string);
  return w;
}

describe('one Produce request per leader', () => {
  it('carries the batches of both partitions broker-1 leads; broker-2 gets its own request', () => {
    const w = drained();
    expect(
      produces(w).map((m) => [m.to, m.body.batches.map((b) => `${b.partition} ${b.batch.record.id}`)]),
    ).toEqual([
      ['broker-1', ['orders-0 m1', 'orders-1 m2']],
      ['broker-2', ['orders-2 m3']],
    ]);
    // The arrow names each partition's batch; sequences are per partition, so both start at 0.
    expect(produces(w)[0]?.summary).toBe('orders-0 m1 seq=0, orders-1 m2 seq=0 pid=1000 epoch=0 acks=all');
  });

  it('answers each partition on its own: an error on orders-1 retries only m2, with its own sequence', () => {
    let w = drained();
    const request = produces(w)[0];
    expect(enabledActions(w).map((a) => a.id)).toContain(
      `error:${request?.id}:NOT_LEADER_OR_FOLLOWER:orders-1`,
    );
    w = step(w, `error:${request?.id}:NOT_LEADER_OR_FOLLOWER:orders-1`);
    // acks=all: the answer waits for orders-0's follower, then goes back as one response for both partitions.
    while (!answerTo(w)) w = step(w, naturalAction(w) as string);
    expect(answerTo(w)?.summary).toBe('orders-0 offset=0, orders-1 NOT_LEADER_OR_FOLLOWER');
    w = deliver(w, answerTo(w));
    expect(shop(w).batches.map((b) => [b.record.id, b.state, b.sequence])).toEqual([
      ['m2', 'queued', 0],
      ['m3', 'inflight', 0],
    ]);
    w = step(w, enabledActions(w).find((a) => a.id.startsWith('timer:shop:retryBackoff'))?.id as string);
    const retry = produces(w).find((m) => m.to === 'broker-1');
    expect(retry?.summary).toBe('m2 pid=1000 epoch=0 seq=0 acks=all');
    const rested = outcome(runToRest(w));
    expect(rested.ledger.map((r) => [r.record, r.partition, r.offsets.length])).toEqual([
      ['m1', 'orders-0', 1],
      ['m2', 'orders-1', 1],
      ['m3', 'orders-2', 1],
    ]);
  });

  it('loses both partitions’ batches when the request is lost: its connection breaks and both are retried', () => {
    let w = drained();
    w = step(w, `lose:${produces(w)[0]?.id}`);
    expect(w.steps.at(-1)?.narration).toMatch(/NETWORK_EXCEPTION[^]*m1[^]*NETWORK_EXCEPTION[^]*m2/);
    expect(
      shop(w)
        .batches.filter((b) => b.state === 'queued')
        .map((b) => b.record.id),
    ).toEqual(['m1', 'm2']);
    // Idempotence keeps the retries single in the log.
    const rested = outcome(runToRest(w));
    expect(rested.ledger.map((r) => [r.record, r.partition, r.offsets.length])).toEqual([
      ['m1', 'orders-0', 1],
      ['m2', 'orders-1', 1],
      ['m3', 'orders-2', 1],
    ]);
  });

  it('times out as one request: request.timeout.ms retries both partitions’ batches', () => {
    let w = drained();
    const timers = enabledActions(w).filter((a) => a.id.startsWith('timer:shop:requestTimeout'));
    // One timer per request, named after its first batch, not one per batch.
    expect(timers.map((t) => [t.id, t.label])).toEqual([
      ['timer:shop:requestTimeout:b1', expect.stringContaining('m1 and m2')],
      ['timer:shop:requestTimeout:b3', expect.stringContaining('m3')],
    ]);
    w = step(w, 'timer:shop:requestTimeout:b1');
    expect(
      shop(w)
        .batches.filter((b) => b.state === 'queued')
        .map((b) => b.record.id),
    ).toEqual(['m1', 'm2']);
  });
});
