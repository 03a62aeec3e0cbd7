import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config/validate.ts';
import type { BrokerContext } from '../machines/broker/broker.ts';
import type { Replica } from '../machines/broker/replica.ts';
import { scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { outcome } from './ledger.ts';
import { runToRest } from './run.ts';
import { enabledActions, naturalAction, step } from './step.ts';
import { createWorld, partOf, type World } from './world.ts';

/**
 * Kafka 3.7+'s durability rule (KAFKA-15583) in a whole run: with min.insync.replicas=2, both followers
 * crash right after the leader appended m1, so the leader alone has it.
 */

function minIsr2(): Scenario {
  const base = scenarioById('eos-idempotent-retry') as Scenario;
  const configInput = {
    ...base.configInput,
    broker: { ...base.configInput.broker, 'min.insync.replicas': 2 },
  };
  const result = validateConfig(configInput);
  if (!result.ok) throw new Error('bad config');
  return { ...base, script: [], configInput, config: result.config };
}

/** Natural steps until the leader has appended m1; then both followers crash. */
function aloneWithM1(): World {
  let w = createWorld(minIsr2());
  for (let i = 0; i < 100; i++) {
    const id = w.network.find((m) => m.body.name === 'Produce')?.id;
    w = step(w, naturalAction(w) as string);
    if (id !== undefined && w.steps.at(-1)?.action === `deliver:${id}`) break;
  }
  return step(step(w, 'crash:broker-2'), 'crash:broker-3');
}

const leaderReplica = (w: World) =>
  (partOf(w, 'broker-1', 'broker')?.context as BrokerContext).replicas['orders-0'] as Replica;

describe('an ISR below min.insync.replicas after the append (Kafka 3.7+)', () => {
  it('holds the high watermark: m1 is neither readable nor acknowledged, and the narration says why', () => {
    const w = aloneWithM1();
    expect(leaderReplica(w)).toMatchObject({ isr: ['broker-1'], highWatermark: 0 });
    expect(w.network.some((m) => m.body.name === 'ProduceResponse')).toBe(false);
    expect(w.steps.at(-1)?.narration).toContain('KAFKA-15583');
  });

  it('the held request ends REQUEST_TIMED_OUT: the leader’s purgatory expires before the client’s own timeout', () => {
    const w = aloneWithM1();
    const timers = enabledActions(w).filter((a) => a.kind === 'timer');
    expect(timers[0]?.id).toMatch(/^timer:broker-1:produceExpiry:orders-0:producer:/);
    expect(timers[1]?.id).toBe('timer:producer:requestTimeout:b1');
    let x = step(w, timers[0]?.id as string);
    expect(x.steps.at(-1)?.narration).toMatch(/answers `REQUEST_TIMED_OUT`/);
    x = step(x, `deliver:${x.network.find((m) => m.body.name === 'ProduceResponse')?.id}`);
    expect(x.steps.at(-1)?.narration).toMatch(/`REQUEST_TIMED_OUT`: the producer retries m1 in \d+ ms/);
    expect(outcome(runToRest(x)).ledger[0]?.delivered).toBe(1);
  });

  it('refuses the retry with NOT_ENOUGH_REPLICAS before duplicate detection; the followers’ restart ends the wait', () => {
    let w = step(step(aloneWithM1(), 'timer:producer:requestTimeout:b1'), 'timer:producer:retryBackoff:b1');
    const retry = w.network.find((m) => m.body.name === 'Produce');
    w = step(w, `deliver:${retry?.id}`);
    const answer = w.network.find((m) => m.body.name === 'ProduceResponse');
    expect(answer?.body).toMatchObject({ responses: [{ error: 'NOT_ENOUGH_REPLICAS' }] });
    // The natural path restarts the followers first of all (nothing else can make progress), and rests.
    const rested = runToRest(w);
    expect(rested.steps.slice(w.steps.length, w.steps.length + 2).map((x) => x.action)).toEqual([
      'restart:broker-2',
      'restart:broker-3',
    ]);
    expect(leaderReplica(rested).isr).toHaveLength(3);
    // The retry backs off (KIP-580) while the followers catch up; the leader then answers it as a
    // duplicate of the m1 it holds: one copy.
    expect(outcome(rested).ledger[0]?.delivered).toBe(1);
  });
});

describe('the last stable offset and a COMMIT marker not yet replicated (ProducerStateManager)', () => {
  it('a read_committed poll does not return the transaction until its marker is below the high watermark', () => {
    let w = createWorld({ ...(scenarioById('eos-processor-crash') as Scenario), script: [] });
    for (let i = 0; i < 300; i++) {
      const id = w.network.find((m) => m.body.name === 'WriteTxnMarkers' && m.to.startsWith('broker'))?.id;
      w = step(w, naturalAction(w) as string);
      if (id !== undefined && w.steps.at(-1)?.action === `deliver:${id}`) break;
    }
    // The leader has just written the COMMIT marker; no follower has it yet. The reader polls now.
    w = step(w, 'app:downstream:poll');
    const fetch = w.network.find((m) => m.from === 'downstream' && m.body.name === 'Fetch');
    w = step(w, `deliver:${fetch?.id}`);
    const answer = w.network.find((m) => m.to === 'downstream' && m.body.name === 'FetchResponse');
    expect(answer?.body).toMatchObject({ entries: [] });
    expect(outcome(runToRest(w)).reads.read_committed).toEqual(['m1', 'm2']);
  });
});

describe('a restarted follower that is caught up', () => {
  it('rejoins the ISR on the natural path (Partition.isFollowerInSync)', () => {
    const s = scenarioById('alo-producer-ack-lost') as Scenario;
    const rested = runToRest(createWorld({ ...s, script: [] }));
    const w = runToRest(step(step(rested, 'crash:broker-3'), 'restart:broker-3'));
    expect(w.leaders['orders-0']?.isr).toContain('broker-3');
    expect(leaderReplica(w).isr).toContain('broker-3');
  });
});
