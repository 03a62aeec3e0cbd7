import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config/validate.ts';
import type { ProducerContext } from '../machines/producer/producer.ts';
import { scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { outcome } from './ledger.ts';
import { replay, runToRest } from './run.ts';
import { enabledActions, naturalAction, step } from './step.ts';
import { createWorld, partOf, type World } from './world.ts';
import { untilFirstProduceDelivered } from './firstProduce.testing.ts';

/**
 * How today's Kafka producer recovers from a failed batch, in whole runs: natural steps up to the first
 * Produce, which the network loses, then its delivery.timeout.ms, then the natural path to rest.
 */

/** The same scenario on a cluster that keeps the classic transaction protocol (transaction.version=0). */
function classic(s: Scenario): Scenario {
  const configInput = { ...s.configInput, broker: { ...s.configInput.broker, 'transaction.version': 0 } };
  const result = validateConfig(configInput);
  if (!result.ok) throw new Error('bad config');
  return { ...s, configInput, config: result.config };
}

const free = (id: string, records?: string[]): Scenario => {
  const s = scenarioById(id) as Scenario;
  return { ...s, script: [], workload: records ? { ...s.workload, records } : s.workload };
};

/** Natural steps until `node`'s first Produce is on the wire; the network loses it; its batch expires. */
function expireFirstBatch(s: Scenario, node: string): World {
  let w = createWorld(s);
  for (let i = 0; i < 100; i++) {
    const produce = w.network.find((m) => m.from === node && m.body.name === 'Produce');
    if (produce) {
      w = step(w, `lose:${produce.id}`);
      const expiry = enabledActions(w).find((a) => a.id === `timer:${node}:deliveryTimeout:b1`);
      return step(w, expiry?.id ?? 'no delivery timeout offered');
    }
    w = step(w, naturalAction(w) as string);
  }
  throw new Error('no Produce');
}

const producerOf = (w: World, node: string) => partOf(w, node, 'producer')?.context as ProducerContext;
const produced = (w: World, node: string) =>
  w.steps.flatMap((x) =>
    x.events
      .filter((e) => e.kind === 'send' && e.name === 'Produce' && e.from === node)
      .map((e) => e.summary),
  );

describe('an expired batch (KIP-360, Kafka 2.5+)', () => {
  it('an idempotent producer bumps its epoch, restarts at sequence 0, and the run rests with each record once', () => {
    const w = runToRest(expireFirstBatch(free('eos-idempotent-retry', ['m1', 'm2']), 'producer'));
    expect(producerOf(w, 'producer').epoch).toBe(1);
    expect(produced(w, 'producer')).toEqual([
      'm1 pid=1000 epoch=0 seq=0 acks=all',
      'm1 pid=1000 epoch=1 seq=0 acks=all',
      'm2 pid=1000 epoch=1 seq=1 acks=all',
    ]);
    expect(outcome(w).ledger.map((r) => [r.record, r.verdict])).toEqual([
      ['m1', 'once'],
      ['m2', 'once'],
    ]);
  });

  it('classic protocol: a transactional producer aborts, InitProducerId bumps the epoch, the next transaction commits', () => {
    const w = runToRest(expireFirstBatch(classic(free('eos-processor-crash')), 'processor'));
    const p = producerOf(w, 'processor');
    expect(p).toMatchObject({ epoch: 1, fatalError: null });
    expect(w.steps.some((x) => x.narration.includes('KIP-360'))).toBe(true);
    expect(outcome(w).reads.read_committed).toEqual(['m1', 'm2']);
    expect(outcome(w).ledger.every((r) => r.readCommitted === 1)).toBe(true);
  });

  it('transaction version 2: the abort’s EndTxn bumps the epoch itself, no InitProducerId; the commit bumps it again', () => {
    const w = runToRest(expireFirstBatch(free('eos-processor-crash'), 'processor'));
    const p = producerOf(w, 'processor');
    expect(p).toMatchObject({ epoch: 2, fatalError: null });
    const inits = w.steps
      .flatMap((x) => x.events)
      .filter((e) => e.kind === 'send' && e.name === 'InitProducerId');
    expect(inits).toHaveLength(1);
    expect(w.steps.some((x) => x.narration.includes('no InitProducerId needed'))).toBe(true);
    expect(outcome(w).reads.read_committed).toEqual(['m1', 'm2']);
    expect(outcome(w).ledger.every((r) => r.readCommitted === 1)).toBe(true);
  });
});

describe('a batch that fails while commitTransaction() waits for it', () => {
  it('fails the commit; the application aborts and commits the records in a new transaction', () => {
    const s = free('eos-processor-crash');
    let w = createWorld(s);
    // Natural steps until the processor's first Produce is on the wire; the network loses it.
    for (let i = 0; i < 100 && !w.network.some((m) => m.body.name === 'Produce'); i++)
      w = step(w, naturalAction(w) as string);
    w = step(w, `lose:${w.network.find((m) => m.body.name === 'Produce')?.id}`);
    // The application goes on to commitTransaction(), which waits for the lost batch.
    const committing = () => {
      const producer = partOf(w, 'processor', 'producer');
      return producer !== undefined && producer.matches({ ready: 'committing' });
    };
    for (let i = 0; i < 100 && !committing(); i++) w = step(w, naturalAction(w) as string);
    expect(committing()).toBe(true);
    w = runToRest(step(w, 'timer:processor:deliveryTimeout:b1'));
    expect(w.steps.some((x) => x.narration.includes('`commitTransaction()` throws'))).toBe(true);
    expect(outcome(w).reads.read_committed).toEqual(['m1', 'm2']);
    expect(outcome(w).ledger.every((r) => r.readCommitted === 1)).toBe(true);
  });
});

describe('fencing as Kafka 3.0+ reports it (KIP-588)', () => {
  it('after a transaction.timeout.ms abort no narration claims another instance exists', () => {
    // Transaction version 2: the transaction is open once the leader has added the partition (KIP-890).
    let w = untilFirstProduceDelivered(free('eos-processor-crash'));
    const timeout = 'timer:txn-coordinator:transactionTimeout';
    while (!enabledActions(w).some((a) => a.id === timeout)) w = step(w, naturalAction(w) as string);
    w = runToRest(step(w, timeout));
    const said = w.steps.map((x) => x.narration).join('\n');
    expect(said).toContain('No other instance exists');
    expect(said).not.toMatch(/zombie|newer producer|another instance|second instance/i);
    expect(producerOf(w, 'processor').fatalError).toBe('PRODUCER_FENCED');
  });

  it('the zombie’s write gets INVALID_PRODUCER_EPOCH, an abortable error; PRODUCER_FENCED comes on its EndTxn', () => {
    // The zombie's Produce is held back until the second instance has fenced its epoch.
    const w = runToRest(
      replay(scenarioById('zombie-fenced') as Scenario, [
        'deliver:1',
        'deliver:2',
        'app:producer:initTransactions',
        'deliver:3',
        'deliver:4',
        'app:producer:beginTransaction',
        'app:producer:send',
        'deliver:5',
        'deliver:6',
        'app:producer-2:initTransactions',
        'hold:7',
      ]),
    );
    const events = w.steps.flatMap((x) => x.events);
    const zombieAnswers = events
      .filter((e) => e.kind === 'deliver' && e.to === 'producer' && e.name.endsWith('Response'))
      .map((e) => e.summary);
    const epochError = zombieAnswers.findIndex((x) => x.includes('INVALID_PRODUCER_EPOCH'));
    const fenced = zombieAnswers.findIndex((x) => x.includes('PRODUCER_FENCED'));
    expect(epochError).toBeGreaterThanOrEqual(0);
    expect(fenced).toBeGreaterThan(epochError);
    expect(w.steps.some((x) => x.narration.includes('KIP-588'))).toBe(true);
  });
});
