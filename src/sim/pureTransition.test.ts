import { describe, expect, it } from 'vitest';
import { initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { validateConfig } from '../config/validate.ts';
import { producerMachine } from '../machines/producer/producer.ts';
import { scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { pureInitialTransition, pureTransition } from './pureTransition.ts';
import { buildTopology, MACHINES } from './topology.ts';

describe('pureTransition agrees with xstate.transition', () => {
  it('gives the same snapshots and actions through a producer session', () => {
    const config = validateConfig({ producer: { 'max.in.flight.requests.per.connection': 2 } });
    if (!config.ok) throw new Error('config');
    const [start] = initialTransition(producerMachine, {
      id: 'producer',
      config: config.config.producer,
      partition: 'orders-0',
    });
    const events = [
      {
        type: 'kafka.InitProducerIdResponse',
        from: 'txn-coordinator',
        now: 2,
        message: { name: 'InitProducerIdResponse', producerId: 1000, epoch: 0 },
      },
      { type: 'producer.send', now: 3, record: { id: 'm1' } },
      { type: 'producer.send', now: 3, record: { id: 'm2' } },
      { type: 'producer.send', now: 3, record: { id: 'm3' } },
      { type: 'timer.requestTimeout', now: 30003, batchId: 'b1' },
      {
        type: 'kafka.ProduceResponse',
        from: 'broker-1',
        now: 30004,
        message: {
          name: 'ProduceResponse',
          requestId: 2,
          responses: [{ partition: 'orders-0', batchId: 'b2', baseOffset: 0 }],
        },
      },
    ] as const;
    let a: AnyMachineSnapshot = start;
    let b: AnyMachineSnapshot = start;
    for (const event of events) {
      const [nextA, actionsA] = transition(producerMachine, a, event as never);
      const [nextB, actionsB] = pureTransition(producerMachine, b, event);
      expect(nextB.value).toEqual(nextA.value);
      expect(nextB.context).toEqual(nextA.context);
      expect(actionsB.map((x) => [x.type, x.params])).toEqual(actionsA.map((x) => [x.type, x.params]));
      a = nextA;
      b = nextB;
    }
    // The run did real work: two batches in flight, one retried after its timeout.
    expect((b.context as { batches: unknown[] }).batches.length).toBeGreaterThan(0);
  });
});

describe('pureInitialTransition agrees with xstate.initialTransition', () => {
  it('gives the same initial snapshot and actions for every machine of a scenario, twice in a row', () => {
    // The consume–transform–produce pipeline runs every machine but the consumer's worker thread.
    const nodes = ['eos-processor-crash', 'amo-auto-commit-worker-thread'].flatMap(
      (id) => buildTopology(scenarioById(id) as Scenario).nodes,
    );
    const parts = nodes.flatMap((n) => n.parts);
    expect(new Set(parts.map((p) => p.kind)).size).toBe(Object.keys(MACHINES).length);
    for (const part of [...parts, ...parts]) {
      const [a, actionsA] = initialTransition(MACHINES[part.kind], part.input);
      const [b, actionsB] = pureInitialTransition(MACHINES[part.kind], part.input);
      expect(b.status).toBe('active');
      expect(b.value).toEqual(a.value);
      expect(b.context).toEqual(a.context);
      expect(actionsB.map((x) => [x.type, x.params])).toEqual(actionsA.map((x) => [x.type, x.params]));
    }
  });
});
