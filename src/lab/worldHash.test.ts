import type { AnyMachineSnapshot } from 'xstate';
import { describe, expect, it } from 'vitest';
import type { BrokerContext } from '../machines/broker/broker.ts';
import type { Replica } from '../machines/broker/replica.ts';
import type { TxnCoordinatorContext } from '../machines/txnCoordinator.ts';
import { scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { replay, runToRest } from '../sim/run.ts';
import { advance, naturalAction, step } from '../sim/step.ts';
import type { PartKind } from '../sim/topology.ts';
import { createWorld, partOf, setPart, stateName, type World } from '../sim/world.ts';
import type { Semantics } from '../scenarios/presets.ts';
import { faultChoices, type FaultAlphabet } from './choiceAdapter.ts';
import { breach, GUARANTEES, type Guarantee } from './guarantees.ts';
import { underPreset } from './variants.ts';
import { canonicalText, worldKey } from './worldHash.ts';

/** A world's key as one value that `toBe` compares. */
const worldHash = (world: World) => worldKey(world).join('.');

const s = { ...(scenarioById('alo-producer-ack-lost') as Scenario), script: [] };

function natural(world: World, n: number): World {
  let w = world;
  for (let i = 0; i < n; i++) w = step(w, naturalAction(w) as string);
  return w;
}

describe("a world's canonical hash", () => {
  it('is the same for the same world reached twice, whatever its history object', () => {
    const a = natural(createWorld(s), 10);
    const b = replay(
      s,
      a.steps.map((x) => x.action),
    );
    expect(worldHash(b)).toBe(worldHash(a));
  });

  it('differs when a message is lost, held back, or a node is down', () => {
    const w = natural(createWorld(s), 3); // the Produce is in flight
    const id = w.network[0]?.id;
    const hashes = new Set([
      worldHash(w),
      worldHash(step(w, `lose:${id}`)),
      worldHash(step(w, 'crash:consumer')),
      worldHash(step(w, 'crash:broker-1')),
      worldHash(step(w, naturalAction(w) as string)),
    ]);
    expect(hashes.size).toBe(5);
    const held = { ...w, network: w.network.map((m) => ({ ...m, heldBack: true })) };
    expect(worldHash(held)).not.toBe(worldHash(w));
  });

  it('ignores message ids: the same messages in flight after different numbers of sends hash alike', () => {
    const w = natural(createWorld(s), 3);
    const renumbered = {
      ...w,
      network: w.network.map((m) => ({ ...m, id: m.id + 100 })),
      nextMessageId: w.nextMessageId + 100,
    };
    expect(worldHash(renumbered)).toBe(worldHash(w));
  });

  it('reuses the texts of the nodes and messages a world shares with its parent only while they are the same', () => {
    // The text written from scratch, with nothing reused.
    const fromScratch = (w: World) => canonicalText(w, new WeakMap());
    // A run with a lost ProduceResponse (so a retry) and a crashed broker, checked at every step.
    let w = createWorld(s);
    let faults = ['lose', 'crash'];
    for (let i = 0; i < 60 && naturalAction(w); i++) {
      const ack = w.network.find((m) => m.body.name === 'ProduceResponse');
      const choice =
        faults[0] === 'lose' && ack
          ? `lose:${ack.id}`
          : faults[0] === 'crash' && i > 12
            ? 'crash:broker-2'
            : undefined;
      if (choice) faults = faults.slice(1);
      w = step(w, choice ?? (naturalAction(w) as string));
      expect(canonicalText(w), `step ${i + 1}`).toBe(fromScratch(w));
    }
    expect(faults).toEqual([]);
  });

  it('hashes two worlds alike exactly when their canonical texts are alike (nodes and messages hashed apart)', () => {
    // Worlds one fault away from the natural path, each followed a few steps: many share nodes and
    // messages with their parents, and some meet again.
    const worlds: World[] = [];
    let w = createWorld(s);
    for (let i = 0; i < 30 && naturalAction(w); i++) {
      for (const m of w.network.slice(0, 2)) {
        let x = step(w, `lose:${m.id}`);
        for (let k = 0; k < 4 && naturalAction(x); k++)
          worlds.push((x = step(x, naturalAction(x) as string)));
      }
      worlds.push((w = step(w, naturalAction(w) as string)));
    }
    const hashOfText = new Map<string, string>();
    const textOfHash = new Map<string, string>();
    for (const x of worlds) {
      const [text, hash] = [canonicalText(x), worldHash(x)];
      expect(hashOfText.get(text) ?? hash).toBe(hash);
      expect(textOfHash.get(hash) ?? text).toBe(text);
      hashOfText.set(text, hash);
      textOfHash.set(hash, text);
    }
    expect(hashOfText.size).toBeGreaterThan(50);
    expect(hashOfText.size).toBeLessThan(worlds.length);
  });
});

describe("a context field's name and value", () => {
  // The hash mixes a field's name as a number and a scalar as a marker and its words, not as JSON text:
  // every pair the canonical text tells apart, the hash must tell apart too.
  const w = natural(createWorld(s), 3);
  const withField = (fields: object) =>
    withContext(w, 'producer', 'producer', (c: object) => ({ ...c, ...fields }));

  it('tells apart values of every kind JSON writes, as the canonical text does', () => {
    const values = [
      true,
      false,
      null,
      0,
      1,
      -1,
      1.5,
      -1.5,
      2 ** 31,
      2 ** 31 + 1,
      // Numbers alike but for their top bit (a float and its negative, two ints 2^31 apart).
      5,
      5 - 2 ** 31,
      1e300,
      '1',
      '',
      'true',
      'null',
    ];
    const hashes = new Set(values.map((v) => worldHash(withField({ extra: v }))));
    const texts = new Set(values.map((v) => canonicalText(withField({ extra: v }))));
    expect(texts.size).toBe(values.length);
    expect(hashes.size).toBe(values.length);
  });

  it('tells apart fields by their names, and leaves out those JSON leaves out', () => {
    expect(worldHash(withField({ a: 1 }))).not.toBe(worldHash(withField({ b: 1 })));
    expect(worldHash(withField({ a: 1, b: 2 }))).not.toBe(worldHash(withField({ a: 2, b: 1 })));
    expect(worldHash(withField({ a: undefined, f: () => 1 }))).toBe(worldHash(w));
  });
});

describe('where a crashed coordinator comes back to', () => {
  it("includes the coordinator's history state: it decides the phase a restart returns to", () => {
    const eos = underPreset(scenarioById('alo-producer-ack-lost') as Scenario, 'exactly-once');
    const w = natural(createWorld(eos), 12);
    const snapshot = partOf(w, 'txn-coordinator', 'txnCoordinator') as AnyMachineSnapshot;
    const lastIn = (phase: string): World => {
      const historyValue = {
        'txnCoordinator.live.history': [snapshot.machine.getStateNodeById(`txnCoordinator.live.${phase}`)],
      };
      return setPart(w, 'txn-coordinator', 'txnCoordinator', {
        ...snapshot,
        historyValue,
      } as AnyMachineSnapshot);
    };
    expect(worldHash(lastIn('Ongoing'))).not.toBe(worldHash(lastIn('CompleteCommit')));
  });
});

describe('the history the verdict reads', () => {
  it('includes what a poll loop handed to its worker thread: a hand-off reader delivers what it handed off', () => {
    const worker = { ...(scenarioById('amo-auto-commit-worker-thread') as Scenario), script: [] };
    let w = createWorld(worker);
    while (!w.steps.some((x) => x.events.some((e) => e.kind === 'handoff')))
      w = step(w, naturalAction(w) as string);
    const last = w.steps.length - 1;
    const other = {
      ...w,
      steps: w.steps.map((x, i) =>
        i === last
          ? { ...x, events: x.events.map((e) => (e.kind === 'handoff' ? { ...e, summary: 'm9' } : e)) }
          : x,
      ),
    };
    expect(worldHash(other)).not.toBe(worldHash(w));
  });
});

/** `world` with one machine's context changed: a detail the hash may or may not see. */
function withContext(world: World, node: string, kind: PartKind, change: (context: never) => object): World {
  const snapshot = partOf(world, node, kind) as AnyMachineSnapshot;
  return setPart(world, node, kind, {
    ...snapshot,
    context: change(snapshot.context as never),
  } as AnyMachineSnapshot);
}

/** `world` with the leader's replica of orders-0 on `broker` changed by `change`. */
const withReplica = (world: World, broker: string, change: (r: Replica) => Partial<Replica>) =>
  withContext(world, broker, 'broker', (c: BrokerContext) => {
    const r = c.replicas['orders-0'] as Replica;
    return { ...c, replicas: { ...c.replicas, 'orders-0': { ...r, ...change(r) } } };
  });

describe('what the hash leaves out, because nothing reads it again', () => {
  const eos = underPreset(scenarioById('alo-producer-ack-lost') as Scenario, 'exactly-once');
  const startedAt = (w: World, at: number) =>
    withContext(w, 'txn-coordinator', 'txnCoordinator', (c: TxnCoordinatorContext) => ({
      ...c,
      startedAt: at,
    }));
  const txnState = (w: World) =>
    stateName(partOf(w, 'txn-coordinator', 'txnCoordinator') as AnyMachineSnapshot);

  it("the transaction coordinator's start time, outside a transaction under way", () => {
    const atRest = runToRest(createWorld(eos));
    expect(txnState(atRest)).toBe('live.CompleteCommit');
    expect(worldHash(startedAt(atRest, 1))).toBe(worldHash(startedAt(atRest, 2)));
    // Ongoing: transaction.timeout.ms counts from it.
    let w = createWorld(eos);
    while (txnState(w) !== 'live.Ongoing') w = step(w, naturalAction(w) as string);
    expect(worldHash(startedAt(w, 1))).not.toBe(worldHash(startedAt(w, 2)));
  });

  it("when a follower last caught up, except in the leader's map of the others while it is up", () => {
    const w = natural(createWorld(s), 12); // broker-1 leads; the followers are fetching m1
    const caughtUp = (broker: string, follower: string, at: number) => (x: World) =>
      withReplica(x, broker, (r) => ({ followerCaughtUpAt: { ...r.followerCaughtUpAt, [follower]: at } }));
    const differs = (change: (x: World) => World, base = w) => worldHash(change(base)) !== worldHash(base);
    expect(differs(caughtUp('broker-1', 'broker-2', 999))).toBe(true);
    // A follower's map, and the leader's entry for itself, are never read.
    expect(differs(caughtUp('broker-2', 'broker-3', 999))).toBe(false);
    expect(differs(caughtUp('broker-1', 'broker-1', 999))).toBe(false);
    // A crashed leader comes back as a follower.
    const crashed = step(w, 'crash:broker-1');
    expect(differs(caughtUp('broker-1', 'broker-2', 999), crashed)).toBe(false);
  });

  it('when a message left, once it left a hop or more ago', () => {
    const w = natural(createWorld(s), 3); // the Produce is in flight
    const leftAt = (at: number) => ({ ...w, network: w.network.map((m) => ({ ...m, sentAt: at })) });
    expect(worldHash(leftAt(w.clock - 5))).toBe(worldHash(leftAt(w.clock - 1)));
    // It left just now, or leaves after a back-off: its delivery moves the clock.
    expect(worldHash(leftAt(w.clock))).not.toBe(worldHash(leftAt(w.clock - 1)));
    expect(worldHash(leftAt(w.clock + 50))).not.toBe(worldHash(leftAt(w.clock)));
  });
});

/**
 * What a world does from here on, as far as a search can tell: at each natural step to rest the step
 * taken and the faults offered (message ids left out: they only count what was sent before), and at
 * rest every guarantee's verdict.
 */
function future(world: World): string[] {
  const unnumbered = (id: string) => id.replace(/\d+/g, '#');
  const out: string[] = [];
  let w = { ...world, steps: world.steps.slice() };
  for (let next = naturalAction(w); next; next = naturalAction(w)) {
    out.push(`${unnumbered(next)} | ${faultChoices(w, ALPHABET).map(unnumbered).sort().join(' ')}`);
    w = advance(w, next, true);
  }
  for (const g of Object.keys(GUARANTEES) as Guarantee[]) out.push(`${g}: ${breach(w, g)?.what ?? 'kept'}`);
  return out;
}

const ALPHABET: FaultAlphabet = { hold: false, replication: false, crashes: 'brokers' };

describe('worlds the hash takes for one', () => {
  it.each<Semantics>(['exactly-once', 'at-least-once'])(
    'have the same future: the worlds one fault from the natural path, %s',
    (semantics) => {
      // As the explorer meets them: each run after a fault is followed until it meets a world of a hash
      // met before, which is then compared with the first world of that hash.
      const first = new Map<string, World>();
      let compared = 0;
      let w = createWorld(underPreset(scenarioById('alo-producer-ack-lost') as Scenario, semantics));
      for (let next = naturalAction(w); next; next = naturalAction(w)) {
        for (const id of faultChoices(w, ALPHABET)) {
          for (let x: World | undefined = step(w, id); x;) {
            const met = first.get(worldHash(x));
            if (met) {
              compared++;
              expect(future(x), path(x)).toEqual(future(met));
              break;
            }
            first.set(worldHash(x), x);
            const n = naturalAction(x);
            x = n === undefined ? undefined : step(x, n);
          }
        }
        w = step(w, next);
      }
      expect(compared).toBeGreaterThan(100);
    },
    120_000,
  );
});

const path = (w: World) => w.steps.map((s) => s.action).join(' ');
