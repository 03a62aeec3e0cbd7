import { describe, expect, it } from 'vitest';
import type { BrokerContext } from '../machines/broker/broker.ts';
import { scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { outcome } from './ledger.ts';
import { replay, resolveChoice, runToRest } from './run.ts';
import { enabledActions, naturalAction, step } from './step.ts';
import { partOf, type World } from './world.ts';

/**
 * The controller owns each partition's leader, epoch and ISR: leaders propose ISR changes
 * (AlterPartition), a crashed broker is fenced out of every ISR, and an offline partition keeps its
 * last ISR so that only one of those brokers may lead it again (unclean election off).
 */

// acks=all, no idempotence, retries=5, three brokers, unclean.leader.election.enable=false.
const ALO = scenarioById('alo-producer-ack-lost') as Scenario;
const P = 'orders-0';

const leaderIsr = (w: World, broker: string) =>
  (partOf(w, broker, 'broker')?.context as BrokerContext).replicas[P]?.isr;
/** Steps by names such as "deliver:Produce" (the oldest in flight), as scripts do. */
const play = (w: World, ...choices: string[]) =>
  choices.reduce((acc, c) => step(acc, resolveChoice(acc, c) ?? c), w);

describe('the controller’s ISR', () => {
  it('starts with every replica in sync, led by broker-1 in epoch 0', () => {
    expect(replay(ALO, []).leaders[P]).toEqual({
      leader: 'broker-1',
      epoch: 0,
      isr: ['broker-1', 'broker-2', 'broker-3'],
    });
  });

  it('a crashed follower leaves the ISR at once; the leader hears it from the controller', () => {
    const w = replay(ALO, ['crash:broker-3']);
    expect(w.leaders[P]).toEqual({ leader: 'broker-1', epoch: 0, isr: ['broker-1', 'broker-2'] });
    expect(leaderIsr(w, 'broker-1')).toEqual(['broker-1', 'broker-2']);
  });

  it('a shrink on replica.lag.time.max.ms reaches the controller, and so does the follower rejoining', () => {
    let w = play(replay(ALO, []), 'app:producer:send', 'deliver:Produce');
    w = step(w, 'timer:broker-1:replicaLag:orders-0:broker-3');
    expect(w.leaders[P]?.isr).toEqual(['broker-1', 'broker-2']);
    w = runToRest(w);
    expect(w.leaders[P]?.isr).toEqual(['broker-1', 'broker-2', 'broker-3']);
  });

  it('refuses an ISR naming a fenced broker: a fetch sent before its follower crashed adds nobody', () => {
    let w = replay(ALO, ['crash:broker-3', 'restart:broker-3', 'fetch:broker-3:orders-0', 'crash:broker-3']);
    w = play(w, 'deliver:Fetch');
    expect(w.leaders[P]?.isr).toEqual(['broker-1', 'broker-2']);
    expect(leaderIsr(w, 'broker-1')).toEqual(['broker-1', 'broker-2']);
    expect(w.steps.at(-1)?.narration).toContain('refuses the ISR');
  });
});

describe('an offline partition (unclean election off)', () => {
  // broker-2 and broker-3 crash; broker-1 alone acknowledges m1 with acks=all, then crashes too.
  const offline = () =>
    play(
      replay(ALO, ['crash:broker-2', 'crash:broker-3']),
      'app:producer:send',
      'deliver:Produce',
      'deliver:ProduceResponse',
      'crash:broker-1',
    );

  it('keeps its last ISR: the broker that acknowledged m1 alone', () => {
    expect(offline().leaders[P]).toEqual({ leader: null, epoch: 0, isr: ['broker-1'] });
  });

  it('is not led by a restarted broker that was out of sync', () => {
    const w = step(offline(), 'restart:broker-2');
    expect(w.leaders[P]?.leader).toBeNull();
    expect(w.steps.at(-1)?.narration).toContain('stays offline');
  });

  it('restarting the broker it waits for is the natural next step, before any delivery', () => {
    const w = offline();
    expect(w.network.length).toBeGreaterThan(0);
    expect(naturalAction(w)).toBe('restart:broker-1');
    expect(enabledActions(w).find((a) => a.id === 'restart:broker-2')?.natural).toBe(false);
    const back = step(w, 'restart:broker-1');
    expect(back.leaders[P]).toEqual({ leader: 'broker-1', epoch: 1, isr: ['broker-1'] });
    expect(outcome(runToRest(back)).ledger.find((r) => r.record === 'm1')?.delivered).toBe(1);
  });
});
