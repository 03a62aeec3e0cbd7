import { describe, expect, it } from 'vitest';
import type { ScenarioConfigInput } from '../config/types.ts';
import { validateConfig } from '../config/validate.ts';
import { scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { outcome } from './ledger.ts';
import { runToRest } from './run.ts';
import { enabledActions, naturalAction, step } from './step.ts';
import { createWorld, type World } from './world.ts';
import { untilFirstProduceDelivered } from './firstProduce.testing.ts';

/**
 * retry.backoff.ms (KIP-580) in whole runs, with Kafka's default producer (retries=2147483647,
 * delivery.timeout.ms=120000) and min.insync.replicas=2: a retry answered NOT_ENOUGH_REPLICAS at once
 * no longer keeps the natural path busy, so the followers catch up and the clock reaches the timeouts.
 */

function defaultsMinIsr2(producer: ScenarioConfigInput['producer'] = {}): Scenario {
  const base = scenarioById('alo-producer-ack-lost') as Scenario;
  const configInput = { producer, consumer: base.configInput.consumer, broker: { 'min.insync.replicas': 2 } };
  const result = validateConfig(configInput);
  if (!result.ok) throw new Error('bad config');
  return { ...base, script: [], configInput, config: result.config, workload: { records: ['m1', 'm2'] } };
}

/** Natural steps until the leader has appended m1. */
const appended = (s = defaultsMinIsr2()): World => untilFirstProduceDelivered(s);

describe('retry back-off on the natural path', () => {
  it('followers dropped from the ISR by replica.lag.time.max.ms catch up while m2 backs off', () => {
    // Without idempotence m2 need not wait behind m1 in the accumulator; it waits on the connection,
    // unread while the leader holds m1 (Kafka 3.7+), until the leader answers m1 REQUEST_TIMED_OUT.
    let w = appended(defaultsMinIsr2({ 'enable.idempotence': false }));
    for (const f of ['broker-2', 'broker-3']) w = step(w, `timer:broker-1:replicaLag:orders-0:${f}`);
    expect(w.leaders['orders-0']?.isr).toEqual(['broker-1']);
    w = step(w, 'app:producer:send');
    const m2 = w.network.find((m) => m.body.name === 'Produce')?.id;
    expect(enabledActions(w).map((a) => a.id)).not.toContain(`deliver:${m2}`);
    w = step(w, 'timer:broker-1:produceExpiry:orders-0:producer:1');
    // m2 is refused (NOT_ENOUGH_REPLICAS) before any follower has fetched again.
    w = step(w, `deliver:${m2}`);
    expect(w.network.filter((m) => m.body.name === 'ProduceResponse').map((m) => m.summary)).toEqual([
      'REQUEST_TIMED_OUT',
      'NOT_ENOUGH_REPLICAS',
    ]);
    const rested = runToRest(w, 600);
    expect(rested.leaders['orders-0']?.isr).toHaveLength(3);
    // m1 was appended before its REQUEST_TIMED_OUT: without idempotence its retry is a second copy.
    expect(outcome(rested).ledger.map((r) => [r.record, r.verdict])).toEqual([
      ['m1', 'duplicated'],
      ['m2', 'once'],
    ]);
  });

  it('with the followers down for good, delivery.timeout.ms is reached on its own', () => {
    let w = step(step(appended(), 'crash:broker-2'), 'crash:broker-3');
    // The natural path, except that nobody restarts the followers: what is in flight is delivered
    // oldest first, else the earliest timer fires.
    for (let i = 0; i < 1500 && !w.steps.at(-1)?.narration.includes('delivery.timeout.ms'); i++) {
      const next = naturalAction(w) as string;
      const instead = w.network[0]
        ? `deliver:${w.network[0].id}`
        : enabledActions(w).find((a) => a.kind === 'timer')?.id;
      w = step(w, next.startsWith('restart:') ? (instead as string) : next);
    }
    expect(w.steps.at(-1)?.narration).toMatch(/of m1 fails: .*delivery\.timeout\.ms=120000/);
    expect(w.clock).toBeGreaterThanOrEqual(120000);
    expect(w.steps.length).toBeLessThan(1000);
  });
});

describe('reconnect.backoff.ms', () => {
  it('a request re-sent after request.timeout.ms goes out on a new connection, opened after the back-off', () => {
    const eos = scenarioById('eos-processor-crash') as Scenario;
    const w = step(
      step(createWorld({ ...eos, script: [] }), 'app:processor:initTransactions'),
      'timer:processor:InitProducerId:retry',
    );
    const retry = w.network.find((m) => m.body.name === 'InitProducerId');
    expect(retry?.sentAt).toBe(w.clock + 50);
    expect(w.steps.at(-1)?.narration).toContain('reconnect.backoff.ms=50');
    const delivered = step(w, `deliver:${retry?.id}`);
    expect(delivered.clock).toBe(w.clock + 51);
  });
});
