import { emptyList, listItems } from './grownList.ts';
import { describe, expect, it } from 'vitest';
import { scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { outcome } from './ledger.ts';
import { replay, resolveChoice, runScenario, runToRest } from './run.ts';
import { enabledActions, naturalAction, step, UnknownActionError } from './step.ts';
import type { ConsumerContext } from '../machines/consumer.ts';
import { PartitionLog } from '../machines/broker/partitionLog.ts';
import type { AnyMachineSnapshot } from 'xstate';
import type { Stats } from './types.ts';
import {
  building,
  buildingStats,
  createWorld,
  isDown,
  newDraft,
  partOf,
  stateName,
  type World,
} from './world.ts';

/** The world's contract: what it offers, how a step changes it, and that it never changes a world in place. */

const scenario = (id: string) => scenarioById(id) as Scenario;

/** Every world along a run: the initial one, then one per step. */
function worldsOf(s: Scenario, choices: readonly string[]): World[] {
  const worlds = [createWorld(s)];
  for (const c of choices) worlds.push(step(worlds[worlds.length - 1] as World, c));
  return worlds;
}

/** Freezes plain objects, arrays and partition logs (not other class instances such as XState's state nodes). */
function deepFreeze<T>(value: T, seen = new Set<unknown>()): T {
  if (value === null || typeof value !== 'object' || seen.has(value)) return value;
  seen.add(value);
  const proto = Object.getPrototypeOf(value);
  const ours = value instanceof PartitionLog; // persistent: frozen, it shows that nothing writes into it
  if (proto !== Object.prototype && proto !== Array.prototype && proto !== null && !ours) return value;
  for (const key of Object.keys(value as object)) {
    if (key === 'machine') continue; // the shared machine definition, not world state
    deepFreeze((value as Record<string, unknown>)[key], seen);
  }
  return Object.freeze(value);
}

describe('createWorld', () => {
  it("a step's copy of a world and of its stats has every field of the original, with the same values", () => {
    // Every world and its stats come through copyWorld and copyStats, which write the fields out one by
    // one: the types' own lists (checked by the compiler to be complete) say which fields they must have.
    const fields = {
      scenario: true,
      topology: true,
      participants: true,
      nodes: true,
      network: true,
      connectionMarks: true,
      clock: true,
      nextMessageId: true,
      leaders: true,
      apps: true,
      awaiting: true,
      steps: true,
      stats: true,
      violations: true,
    } satisfies Record<keyof World, true>;
    const w = runScenario(scenario('eos-processor-crash'));
    expect(Object.keys(w).sort()).toEqual(Object.keys(fields).sort());
    const draft = newDraft(w.steps.length + 1);
    const copy = building(w, draft);
    expect(copy).not.toBe(w);
    expect(Object.entries(copy)).toEqual(Object.entries(w));
    const statsFields = {
      roundTrips: true,
      bytesOnWire: true,
      produced: true,
      acknowledged: true,
      effects: true,
      firstProducedAt: true,
      lastDeliveredAt: true,
    } satisfies Record<keyof Stats, true>;
    expect(Object.keys(w.stats).sort()).toEqual(Object.keys(statsFields).sort());
    const stats = buildingStats(w, draft);
    expect(stats).not.toBe(w.stats);
    expect(Object.entries(stats)).toEqual(Object.entries(w.stats));
  });

  it('starts at time 0 with no steps, no violations, and the clients’ first requests in flight', () => {
    const w = createWorld(scenario('eos-idempotent-retry'));
    expect(w.clock).toBe(0);
    expect(w.steps).toEqual([]);
    expect(w.violations).toEqual([]);
    expect(w.network.map((m) => [m.from, m.to, m.body.name])).toEqual([
      ['producer', 'txn-coordinator', 'InitProducerId'],
      ['consumer', 'group-coordinator', 'OffsetFetch'],
    ]);
    expect(w.participants.map((p) => p.id)).toEqual([
      'producer',
      'broker-1',
      'broker-2',
      'broker-3',
      'txn-coordinator',
      'group-coordinator',
      'consumer',
      'sink',
    ]);
  });

  it('is deterministic: two worlds of one scenario are identical', () => {
    const s = scenario('eos-processor-crash');
    expect(JSON.stringify(createWorld(s))).toBe(JSON.stringify(createWorld(s)));
  });

  it('gives every caller a history of its own, though a scenario’s first world is built once', () => {
    const s = scenario('alo-producer-ack-lost');
    const first = createWorld(s);
    // replay and runToRest extend the history of the worlds they own in place.
    const played = runToRest(replay(s, [naturalAction(first) as string]));
    expect(played.steps.length).toBeGreaterThan(1);
    expect(first.steps).toEqual([]);
    expect(createWorld(s).steps).toEqual([]);
  });
});

describe('stateName', () => {
  const named = (value: unknown) => stateName({ value } as AnyMachineSnapshot);
  it('names every level of a state, so a sub-phase shows in the trace', () => {
    expect(named('online')).toBe('online');
    expect(named({ ready: 'idle' })).toBe('ready.idle');
    expect(named({ ready: { committing: 'awaitingEndTxn' } })).toBe('ready.committing.awaitingEndTxn');
    expect(named({ ready: { inTransaction: 'abortableError' } })).toBe('ready.inTransaction.abortableError');
  });
});

describe('enabledActions', () => {
  it('is built once per world: asking again returns the same frozen list', () => {
    const w = step(createWorld(scenario('alo-producer-ack-lost')), 'app:producer:send');
    const first = enabledActions(w);
    expect(enabledActions(w)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
  });

  it('offers exactly one natural action at every step of the happy path, and none at rest', () => {
    for (const s of [
      scenario('alo-producer-ack-lost'),
      scenario('eos-processor-crash'),
      scenario('zombie-fenced'),
    ]) {
      let w = createWorld(s);
      for (let i = 0; i < 2000; i++) {
        const natural = enabledActions(w).filter((a) => a.natural);
        const next = naturalAction(w);
        if (next === undefined) {
          expect(natural, s.id).toEqual([]);
          break;
        }
        expect(
          natural.map((a) => a.id),
          `${s.id} step ${i}`,
        ).toEqual([next]);
        w = step(w, next);
      }
      expect(naturalAction(w), s.id).toBeUndefined();
    }
  });

  it('offers exactly one natural action at every step of every guided scenario’s run', () => {
    for (const s of ['amo-producer-no-retry', 'acks-1-failover-loss', 'abort-visible-to-read-uncommitted']) {
      const run = runScenario(scenario(s));
      const worlds = worldsOf(
        scenario(s),
        run.steps.map((x) => x.action),
      );
      for (const [i, w] of worlds.entries()) {
        const naturals = enabledActions(w).filter((a) => a.natural).length;
        expect(naturals, `${s} before step ${i + 1}`).toBe(i === worlds.length - 1 ? 0 : 1);
      }
    }
  });

  it('ids are unique within a list and stable: the same world (or a replay of it) offers the same ids', () => {
    const s = scenario('eos-processor-crash');
    const run = runScenario(s);
    const choices = run.steps.map((x) => x.action);
    const worlds = worldsOf(s, choices);
    const replayed = worldsOf(s, choices);
    for (const [i, w] of worlds.entries()) {
      const ids = enabledActions(w).map((a) => a.id);
      expect(new Set(ids).size, `step ${i}`).toBe(ids.length);
      expect(enabledActions(w).map((a) => a.id)).toEqual(ids);
      expect(enabledActions(replayed[i] as World)).toEqual(enabledActions(w));
    }
  });

  it('offers deliver and lose for every message in flight, and hold when another message could overtake it', () => {
    const s = scenario('eos-processor-crash');
    const worlds = worldsOf(
      s,
      runScenario(s).steps.map((x) => x.action),
    );
    let sawHold = false;
    for (const w of worlds) {
      const ids = new Set(enabledActions(w).map((a) => a.id));
      for (const m of w.network) {
        expect(ids.has(`deliver:${m.id}`)).toBe(true);
        expect(ids.has(`lose:${m.id}`)).toBe(true);
        const holdable = !m.heldBack && w.network.length > 1;
        expect(ids.has(`hold:${m.id}`)).toBe(holdable);
        sawHold ||= holdable;
      }
      const messageIds = enabledActions(w)
        .filter((a) => a.kind === 'deliver' || a.kind === 'lose' || a.kind === 'hold')
        .map((a) => a.messageId);
      for (const id of messageIds) expect(w.network.some((m) => m.id === id)).toBe(true);
    }
    expect(sawHold).toBe(true);
  });

  it('a message action names its receiver; the natural delivery is the oldest message not held back', () => {
    const w = createWorld(scenario('eos-idempotent-retry'));
    const [first, second] = w.network;
    const offered = enabledActions(w);
    expect(offered.find((a) => a.id === `deliver:${first?.id}`)).toMatchObject({
      kind: 'deliver',
      node: 'txn-coordinator',
      natural: true,
    });
    const held = step(w, `hold:${first?.id}`);
    expect(held.network.find((m) => m.id === first?.id)?.heldBack).toBe(true);
    expect(naturalAction(held)).toBe(`deliver:${second?.id}`);
    expect(enabledActions(held).map((a) => a.id)).not.toContain(`hold:${first?.id}`);
  });

  it('offers a crash for every live participant but the sink, and a restart for every crashed one', () => {
    const w = createWorld(scenario('alo-consumer-crash-before-commit'));
    const crashes = enabledActions(w)
      .filter((a) => a.kind === 'crash')
      .map((a) => a.id);
    expect(crashes).toEqual(w.participants.filter((p) => p.role !== 'sink').map((p) => `crash:${p.id}`));
    const down = step(w, 'crash:consumer');
    const ids = enabledActions(down).map((a) => a.id);
    expect(ids).toContain('restart:consumer');
    expect(ids).not.toContain('crash:consumer');
    expect(isDown(down, 'consumer')).toBe(true);
  });

  it('timers are offered with their due time; firing one moves the clock to it', () => {
    // m1's Produce is on its way to a leader that crashes: its request.timeout.ms is the way out.
    const s = scenario('eos-idempotent-retry');
    let x = createWorld(s);
    while (!x.network.some((m) => m.body.name === 'Produce')) x = step(x, naturalAction(x) as string);
    const produce = x.network.find((m) => m.body.name === 'Produce');
    x = step(x, 'crash:broker-1');
    const timer = enabledActions(x).find((a) => a.id === 'timer:producer:requestTimeout:b1');
    expect(timer?.kind).toBe('timer');
    const fired = step(x, 'timer:producer:requestTimeout:b1');
    expect(fired.clock).toBe((produce?.sentAt ?? 0) + s.config.producer.requestTimeoutMs + 1);
    // The retry waits for its back-off (retry.backoff.ms, KIP-580), another timer.
    // (The first request is still on the wire, to the crashed broker: its connection is dead.)
    const live = (w: typeof x) => w.network.some((m) => m.body.name === 'Produce' && !m.connection);
    expect(live(fired)).toBe(false);
    const retried = step(fired, 'timer:producer:retryBackoff:b1');
    expect(retried.clock).toBeGreaterThanOrEqual(fired.clock + 80);
    expect(live(retried)).toBe(true);
  });
});

describe('step', () => {
  it('throws UnknownActionError for an id the world does not offer', () => {
    const w = createWorld(scenario('alo-producer-ack-lost'));
    for (const id of [
      'deliver:999',
      'lose:0',
      'crash:nobody',
      'restart:consumer',
      'app:consumer:commitSync',
      'nonsense',
      '',
    ]) {
      expect(() => step(w, id), id).toThrow(UnknownActionError);
    }
    try {
      step(w, 'deliver:999');
    } catch (e) {
      expect(e).toBeInstanceOf(UnknownActionError);
      expect((e as UnknownActionError).actionId).toBe('deliver:999');
      expect((e as UnknownActionError).step).toBe(1);
    }
  });

  it('an id offered once is refused after it has been used (a delivered message is gone)', () => {
    const w = createWorld(scenario('alo-producer-ack-lost'));
    const id = naturalAction(w) as string;
    const next = step(w, id);
    expect(() => step(next, id)).toThrow(UnknownActionError);
  });

  it('does not mutate the world it is given (JSON before and after)', () => {
    const s = scenario('eos-processor-crash');
    const run = runScenario(s);
    const worlds = worldsOf(
      s,
      run.steps.map((x) => x.action),
    );
    for (const [i, w] of worlds.slice(0, -1).entries()) {
      const before = JSON.stringify(w);
      step(w, run.steps[i]?.action as string);
      expect(JSON.stringify(w), `step ${i + 1}`).toBe(before);
    }
  });

  it('works on a deep-frozen world: every kind of action, no write into the input', () => {
    const s = scenario('eos-processor-crash');
    let w = createWorld(s);
    const kinds = new Set<string>();
    const detours = ['hold', 'crash', 'restart', 'timer', 'lose', 'hold', 'crash', 'restart'];
    let next = 0;
    for (let i = 0; i < 400; i++) {
      const offered = enabledActions(w);
      // Every few steps, the next detour in turn as soon as it is offered: holds, crashes, timers, losses.
      const detour =
        i % 3 === 2
          ? offered.find((a) => !a.natural && a.kind === detours[next % detours.length])
          : undefined;
      if (detour) next++;
      const pick = detour ?? offered.find((a) => a.natural);
      if (!pick) break;
      kinds.add(pick.kind);
      const frozen = deepFreeze(w);
      w = step(frozen, pick.id);
    }
    expect([...kinds]).toEqual(
      expect.arrayContaining(['deliver', 'hold', 'crash', 'restart', 'timer', 'lose', 'app', 'fetch']),
    );
  });

  it('records each step: 1-based index, the action, its label, the time, a narration and trace events', () => {
    const w = createWorld(scenario('alo-producer-ack-lost'));
    const id = naturalAction(w) as string;
    const label = enabledActions(w).find((a) => a.id === id)?.label;
    const next = step(w, id);
    expect(next.steps).toHaveLength(1);
    expect(next.steps[0]).toMatchObject({ index: 1, action: id, label, time: next.clock });
    expect(next.steps[0]?.narration.length).toBeGreaterThan(0);
    expect(next.steps[0]?.events[0]).toMatchObject({ step: 1, kind: 'deliver' });
  });

  it('a message delivered to a crashed node is dropped', () => {
    const w = createWorld(scenario('alo-producer-ack-lost'));
    const m = w.network[0];
    const down = step(w, `crash:${m?.to}`);
    const after = step(down, `deliver:${m?.id}`);
    expect(after.network.some((x) => x.id === m?.id)).toBe(false);
    expect(after.steps.at(-1)?.events.map((e) => e.kind)).toContain('drop');
  });
});

describe('runToRest, replay and resolveChoice', () => {
  it('runToRest on a world at rest returns it unchanged', () => {
    const w = runScenario(scenario('eos-idempotent-retry'));
    expect(runToRest(w)).toBe(w);
  });

  it('replay of a run’s choices rebuilds it exactly', () => {
    const s = scenario('zombie-fenced');
    const w = runScenario(s);
    const again = replay(
      s,
      w.steps.map((x) => x.action),
    );
    expect(JSON.stringify(again.steps)).toBe(JSON.stringify(w.steps));
    expect(JSON.stringify(outcome(again))).toBe(JSON.stringify(outcome(w)));
  });

  it('resolveChoice names the oldest message of a kind, or the n-th one sent, or nothing', () => {
    const w = createWorld(scenario('eos-idempotent-retry'));
    const [init, fetch] = w.network;
    expect(resolveChoice(w, 'deliver:InitProducerId')).toBe(`deliver:${init?.id}`);
    expect(resolveChoice(w, 'lose:OffsetFetch')).toBe(`lose:${fetch?.id}`);
    expect(resolveChoice(w, 'lose:ProduceResponse')).toBeUndefined();
    expect(resolveChoice(w, 'crash:consumer')).toBe('crash:consumer');
    expect(resolveChoice(w, 'crash:nobody')).toBeUndefined();
  });
});

describe('the applications around the clients', () => {
  it('an at-least-once application sends again what was outstanding when its producer crashed', () => {
    const w = runToRest(replay(scenario('alo-producer-ack-lost'), ['app:producer:send', 'crash:producer']));
    // The first Produce was already on the wire: a duplicate, which at-least-once allows.
    expect(outcome(w).ledger.find((r) => r.record === 'm1')).toMatchObject({ attempts: 2, delivered: 2 });
  });

  it('an at-most-once application gives up what was outstanding when its producer crashed, and says why', () => {
    const w = replay(scenario('amo-producer-no-retry'), ['app:producer:send', 'crash:producer']);
    expect(w.steps.at(-1)?.narration).toContain('does not send m1 again');
    expect(w.apps['producer']?.outstanding).toEqual([]);
    expect(listItems(w.apps['producer']?.settled ?? emptyList())).toEqual(['m1']);
  });

  it('the processor’s consumer never counts more processed records than its poll returned', () => {
    const s = scenario('eos-processor-crash');
    for (const w of worldsOf(
      s,
      runScenario(s).steps.map((x) => x.action),
    )) {
      const c = partOf(w, 'processor', 'consumer')?.context as ConsumerContext;
      expect(c.processed).toBeLessThanOrEqual(c.returned.length);
    }
  });
});

describe('the network client’s request.timeout.ms', () => {
  it('closes the connection before re-sending: the answer to the first request never reaches the client', () => {
    const s = scenario('eos-processor-crash');
    let w = replay(s, ['app:processor:initTransactions']);
    w = step(w, resolveChoice(w, 'deliver:InitProducerId') as string);
    expect(w.network.some((m) => m.body.name === 'InitProducerIdResponse')).toBe(true);
    w = step(w, 'timer:processor:InitProducerId:retry');
    expect(w.network.filter((m) => m.to === 'processor').map((m) => m.body.name)).not.toContain(
      'InitProducerIdResponse',
    );
    expect(w.steps.at(-1)?.events.map((e) => [e.kind, e.name])).toEqual([
      ['timer', 'InitProducerId'],
      ['drop', 'InitProducerIdResponse'],
      ['send', 'InitProducerId'],
    ]);
  });
});
