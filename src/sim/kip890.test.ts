import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config/validate.ts';
import type { ProducerContext } from '../machines/producer/producer.ts';
import { scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { runScenario } from './run.ts';
import { naturalAction, step } from './step.ts';
import { createWorld, partOf, type World } from './world.ts';

/**
 * KIP-890 part 1 under transaction version 2 (Kafka 4.0): the client sends no AddPartitionsToTxn for
 * the partitions it produces to; the partition's leader asks the coordinator to add the partition before
 * the first write of a transaction, and refuses the write when the coordinator does not place it in an
 * ongoing transaction. transaction.version=0 keeps the classic client protocol.
 */

const withVersion = (s: Scenario, version: number): Scenario => {
  const configInput = {
    ...s.configInput,
    broker: { ...s.configInput.broker, 'transaction.version': version },
  };
  const result = validateConfig(configInput);
  if (!result.ok) throw new Error('bad config');
  return { ...s, configInput, config: result.config };
};

const sentBy = (w: World, name: string) =>
  w.steps.flatMap((x) => x.events.filter((e) => e.kind === 'send' && e.name === name).map((e) => e.from));

const tv2 = scenarioById('tv2-epoch-per-transaction') as Scenario;

describe('transaction version 2: the leader adds the partition (KIP-890)', () => {
  it('the producer sends no AddPartitionsToTxn; the leader asks before the first write of each transaction', () => {
    const w = runScenario(tv2);
    expect(sentBy(w, 'AddPartitionsToTxn')).toEqual(['broker-1', 'broker-1']);
    // Each append comes after the coordinator's answer to the leader.
    const answered = w.steps.findIndex((x) =>
      x.events.some((e) => e.kind === 'deliver' && e.name === 'AddPartitionsToTxnResponse'),
    );
    const appended = w.steps.findIndex((x) => x.narration.includes('appends m1 at offset 0'));
    expect(answered).toBeGreaterThan(0);
    expect(appended).toBe(answered);
  });

  it('with transaction.version=0 the producer adds the partition itself and no leader asks', () => {
    const w = runScenario(withVersion(tv2, 0));
    expect(sentBy(w, 'AddPartitionsToTxn')).toEqual(['producer', 'producer']);
  });

  it('a zombie’s first write after the fence is refused by the coordinator’s answer: nothing is appended', () => {
    const s = { ...(scenarioById('zombie-fenced') as Scenario), script: [] };
    let w = createWorld(s);
    while (!w.network.some((m) => m.from === 'producer' && m.body.name === 'Produce'))
      w = step(w, naturalAction(w) as string);
    const zombieWrite = w.network.find((m) => m.from === 'producer' && m.body.name === 'Produce');
    w = step(step(w, 'app:producer-2:initTransactions'), `hold:${zombieWrite?.id}`);
    const epochOf = (x: World) => (partOf(x, 'producer-2', 'producer')?.context as ProducerContext).epoch;
    for (let i = 0; i < 200 && epochOf(w) < 1; i++) {
      const next = naturalAction(w) as string;
      expect(next).not.toBe(`deliver:${zombieWrite?.id}`);
      w = step(w, next);
    }
    w = step(w, `deliver:${zombieWrite?.id}`);
    expect(w.steps.at(-1)?.narration).toContain('asks the transaction coordinator');
    while (!w.network.some((m) => m.body.name === 'ProduceResponse' && m.to === 'producer'))
      w = step(w, naturalAction(w) as string);
    const refusal = w.network.find((m) => m.body.name === 'ProduceResponse' && m.to === 'producer');
    expect(refusal?.summary).toBe('PRODUCER_FENCED');
    const leader = partOf(w, 'broker-1', 'broker')?.context as {
      replicas: Record<string, { log: { length: number } }>;
    };
    expect(leader.replicas['orders-0']?.log.length).toBe(0);
  });
});
