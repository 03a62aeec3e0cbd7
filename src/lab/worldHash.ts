import type { AnyMachineSnapshot } from 'xstate';
import type { BrokerContext } from '../machines/broker/broker.ts';
import type { Replica } from '../machines/broker/replica.ts';
import { countsOf } from '../sim/grownList.ts';
import type { InFlightMessage } from '../sim/types.ts';
import { HOP_MS, type NodeState, type World } from '../sim/world.ts';

/**
 * A canonical hash of a world: two worlds with the same hash behave the same from here on and end with
 * the same verdict. It covers every machine's state and context, the messages in flight (without their
 * ids, which only say how many messages came before), the clock, the controller's metadata, the
 * applications' progress, the requests awaited, and what each application processed so far, in order
 * (the verdict reads it from the trace). It leaves out the history, the costs and the narration, and
 * the details nothing reads again (see writeNode's rules and `sentAt`): worlds that differ only there
 * have the same future, and the search takes them for one.
 *
 * Times stay absolute. Writing every time relative to the clock would be sound only with every
 * machine's time fields listed and each "none" value (a batch's retryAt of 0) kept apart, and no time
 * inside a part (a part's hash is kept while the clock moves). Its reach, measured on the exactly-once
 * one-record search (read_committed, brokers' crashes) by rewriting the canonical texts of the worlds
 * the search met (every field named …At, expiresAt, now, deadlines and message times, 0 kept as
 * "none", so an upper bound): of the 303,203 worlds at ≤ 2 faults, 216,695 stay apart on their own,
 * and 88,902 together with the rules below (195,320 with the rules alone).
 *
 * Two 53-bit hashes make a 106-bit key: with ten million states the chance that two different worlds
 * share one is about 1e-18. The key is written into `out` as the two numbers: the explorer takes one
 * per state and keeps them in typed arrays (./keyTable.ts), so a key that is only looked up allocates
 * nothing.
 */
export function worldKey(world: World, out: WorldKey = [0, 0]): WorldKey {
  const h = new Hasher();
  writeWorld(world, h);
  out[0] = finish(h.a1, h.a2);
  out[1] = finish(h.b1, h.b2);
  return out;
}

/** A world's hash as its two 53-bit halves. */
export type WorldKey = [number, number];

/**
 * The canonical text of a world (exported for tests: equal texts mean equal worlds). A test passes a
 * fresh `memory` to have every part written anew, with nothing remembered from other worlds.
 */
export function canonicalText(world: World, memory: WeakMap<object, string> = texts): string {
  const out = new TextWriter(memory);
  writeWorld(world, out);
  return out.written;
}

/**
 * Where a world is written, piece by piece: into its canonical text, or (for the hash) straight into a
 * running hash. A part (a node, a message, a context's object-valued field, the controller's metadata…)
 * is an object a step never changes once made: its text, or its hash, is worked out once and kept, and
 * a world shares most of its parts with its parent, so hashing a world reads what the step changed
 * and the kept hashes of the rest (a Merkle-style hash: two worlds' hashes agree when their parts'
 * hashes do). The hash never builds a world's or a node's text.
 */
interface Writer {
  /** Text as it stands in the canonical text. */
  text(t: string): void;
  part<T extends object>(o: T, write: (o: T, out: Writer) => void): void;
  /** A context's field name, as `"name":` (after a comma unless it is the first). */
  key(name: string, first: boolean): void;
  /** A value JSON writes as a number, a string, true, false or null. */
  scalar(value: Scalar): void;
}

type Scalar = number | string | boolean | null;

/** A part written as JSON.stringify writes it. */
const json = (o: object, out: Writer) => out.text(JSON.stringify(o));

function writeWorld(world: World, out: Writer): void {
  out.text(`[${world.clock}`);
  // Node states are in the participants' order.
  world.participants.forEach((p, i) => {
    const node = world.nodes[i];
    if (!node) return;
    out.text(`,${JSON.stringify(p.id)},`);
    out.part(node, writeNode);
  });
  out.text(',[');
  world.network.forEach((m, i) => {
    if (i > 0) out.text(',');
    out.part(m, wire);
    out.text(`,${sentAt(m, world.clock)}`);
  });
  // The controller's metadata, the applications, the awaited requests and the effects change at few
  // steps, and a step that changes one copies it (world.ts never changes them in place): each is a
  // part, like a node.
  out.text('],');
  out.part(world.leaders, json);
  if (Object.keys(world.apps).length > 0) {
    out.text(',');
    out.part(world.apps, apps);
  }
  out.text(',');
  out.part(world.awaiting, awaiting);
  out.text(',');
  out.part(world.stats.effects, effectCounts);
  out.text(`,${JSON.stringify(processed(world))}]`);
}

/** How many times each record's effect ran, as JSON writes an object of counts (first effect first). */
const effectCounts = (effects: World['stats']['effects'], out: Writer) =>
  out.text(JSON.stringify(Object.fromEntries(countsOf(effects))));

/** Each application's progress: the records it awaits and the ones it considers done, in order. */
const apps = (apps: World['apps'], out: Writer) =>
  out.text(
    Object.entries(apps)
      .map(([node, app]) =>
        JSON.stringify([node, app.outstanding, app.settled.backing.slice(0, app.settled.length)]),
      )
      .join(','),
  );

/** The requests awaited for a retry: by whom, which, and since when. */
const awaiting = (awaiting: World['awaiting'], out: Writer) =>
  out.text(JSON.stringify(Object.values(awaiting).map((a) => [a.node, a.message.name, a.sentAt])));

/** Every machine's state and context, and whether the node is down, as JSON.stringify would write them. */
function writeNode(node: NodeState, out: Writer): void {
  out.text(`[${node.down},[`);
  let first = true;
  for (const [kind, snapshot] of Object.entries(node.parts)) {
    out.text(`${first ? '' : ','}${JSON.stringify(kind)},${JSON.stringify(snapshot?.value) ?? 'null'},`);
    first = false;
    if (snapshot) history(snapshot, out);
    if (!snapshot) out.text('null');
    else if (kind === 'broker') writeBroker(snapshot.context as BrokerContext, node.down, out);
    else
      writeContext(
        snapshot.context as Record<string, unknown>,
        out,
        kind === 'txnCoordinator' && !transactionTimes(snapshot.value) ? 'startedAt' : undefined,
      );
  }
  out.text(']]');
}

/**
 * Where a machine's history states point (XState's historyValue): a coordinator that crashes comes
 * back to the phase it was in, so two coordinators alike but for the phase they last left live differ
 * after a crash. Written only when there is one (a coordinator that never crashed has none).
 */
function history(snapshot: AnyMachineSnapshot, out: Writer): void {
  // Every node of every hashed world comes here, and almost none has a history: look before listing.
  const value = snapshot.historyValue;
  if (!hasKeys(value)) return;
  out.text(`${JSON.stringify(Object.entries(value).map(([id, nodes]) => [id, nodes.map((n) => n.id)]))},`);
}

/** Whether an object has a key of its own, found without listing its keys. */
function hasKeys(o: object | undefined): o is object {
  for (const key in o) if (Object.hasOwn(o, key)) return true;
  return false;
}

/*
 * Fields left out where nothing reads them again before they are written anew: two worlds that differ
 * only there have the same future. Each rule names the field's readers (a grep of src/ for the name).
 */

/**
 * The transaction coordinator's `startedAt` is read only by txnCoordinatorTimers, in state Ongoing
 * (transaction.timeout.ms). Every way into Ongoing from another live state sets it (newTxn); only a
 * restart (back to the state it crashed in) keeps it: so it is dead in every live state but Ongoing.
 */
function transactionTimes(value: unknown): boolean {
  const live = typeof value === 'object' && value !== null ? (value as { live?: unknown }).live : undefined;
  return live === undefined || live === 'Ongoing';
}

/**
 * A broker's context, each replica a part without `followerCaughtUpAt`, whose live entries follow it.
 * Its one reader is timers.ts's replicaLagTimers: for a replica that leads, of a broker that is up,
 * every follower's entry but its own. A follower's map is dead: it becomes leader only through
 * controller.leaderAndIsr, which gives a replica that did not lead a new map (handleLeaderAndIsr); and
 * a crashed broker comes back as a follower (restartAsFollower).
 */
function writeBroker(context: BrokerContext, down: boolean, out: Writer): void {
  writeContext(context as unknown as Record<string, unknown>, out, 'replicas');
  out.text(',{');
  let first = true;
  for (const [partition, r] of Object.entries(context.replicas)) {
    out.text(`${first ? '' : ','}${JSON.stringify(partition)}:[`);
    first = false;
    out.part(r, replica);
    const live =
      down || r.role !== 'leader'
        ? []
        : Object.entries(r.followerCaughtUpAt).filter(([follower]) => follower !== context.id);
    out.text(`,${JSON.stringify(live)}]`);
  }
  out.text('}');
}

/**
 * A replica as a context is written, each object-valued field a part, but for `followerCaughtUpAt` (see
 * writeBroker): a follower's fetch changes its leader's replica, and the log, the producers' states and
 * the rest it shares are not written again.
 */
const replica = (r: Replica, out: Writer) =>
  writeContext(r as unknown as Record<string, unknown>, out, 'followerCaughtUpAt');

/**
 * A machine's context as JSON.stringify writes it, each object-valued field a part: a step changes a
 * field or two of a context and shares the rest (the configuration, the batches, the replicas), so a
 * changed node costs what changed in it rather than all of it.
 */
function writeContext(context: Record<string, unknown>, out: Writer, omit?: string): void {
  out.text('{');
  let first = true;
  for (const key in context) {
    if (key === omit) continue;
    const value = context[key];
    // JSON.stringify leaves out a field whose value it cannot write (undefined, a function).
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    out.key(key, first);
    first = false;
    if (typeof value === 'object' && value !== null) out.part(value, json);
    else out.scalar(value as Scalar);
  }
  out.text('}');
}

/** A message as it matters from here on: who, what, and the state of its connection (its time is written beside it). */
const wire = (m: InFlightMessage, out: Writer) =>
  out.text(JSON.stringify([m.from, m.to, m.heldBack, m.connection ?? '', m.body]));

/**
 * When a message left, as far as it matters. Its readers are its delivery, which moves the clock to
 * max(clock, sentAt + HOP_MS) (network.ts), and the natural step's time order, which asks only whether
 * sentAt <= clock (step.ts's timeOrdered): a message that left a hop or more before now behaves alike
 * whenever it left, so it is written as having left exactly a hop ago. Not a part: it moves with the clock.
 */
const sentAt = (m: InFlightMessage, clock: number) => Math.max(m.sentAt, clock - HOP_MS);

/** The canonical text, each part's text kept (worlds share parts): what tests compare. */
class TextWriter implements Writer {
  written = '';

  constructor(private readonly memory: WeakMap<object, string>) {}

  text(t: string): void {
    this.written += t;
  }

  part<T extends object>(o: T, write: (o: T, out: Writer) => void): void {
    let known = this.memory.get(o);
    if (known === undefined) {
      const own = new TextWriter(this.memory);
      write(o, own);
      known = own.written;
      this.memory.set(o, known);
    }
    this.written += known;
  }

  key(name: string, first: boolean): void {
    this.written += `${first ? '' : ','}${JSON.stringify(name)}:`;
  }

  scalar(value: Scalar): void {
    this.written += JSON.stringify(value);
  }
}

const texts = new WeakMap<object, string>();

/**
 * What each application processed, in order, and what a poll loop handed to its worker thread: the
 * verdict's "delivered" and "order" come from them (ledger.ts's outcome reads both from the trace). Kept
 * per step for the run up to it, so a world's text reads its history back only to the last step a
 * hashed world ended with (its parent's, usually), not from the first step at every world.
 */
function processed(world: World): string {
  const steps = world.steps;
  let from = steps.length;
  while (from > 0 && !upTo.has(steps[from - 1] as object)) from--;
  let out = from > 0 ? (upTo.get(steps[from - 1] as object) as string) : '';
  for (let i = from; i < steps.length; i++) {
    const s = steps[i] as World['steps'][number];
    out += processedIn(s);
    upTo.set(s, out);
  }
  return out;
}

/**
 * What the run processed up to and including a step. A step's record is made once, when the step is
 * taken, and appended to its run's history; a copied history (a branch) shares the records before the
 * branch point and never reorders them: so a step's predecessors, and this text, never change.
 */
const upTo = new WeakMap<object, string>();

/** What one step processed or handed off. */
function processedIn(step: World['steps'][number]): string {
  let out = '';
  for (const e of step.events)
    if (e.kind === 'app' && e.name === 'process') out += `${e.from}:${e.summary};`;
    else if (e.kind === 'handoff') out += `${e.from}>${e.summary};`;
  return out;
}

/**
 * cyrb53 (a public-domain 53-bit string hash by bryc), twice with different seeds in one pass: fast,
 * well mixed, no dependencies. Run over a world's pieces as they come: each text mixed in with its
 * length (so that pieces cannot run into each other), each part as a marker no length can be and its
 * kept hash's four 32-bit words (four rounds; written out as two decimal numbers they took about 35),
 * a context's field name as a marker and the name's number, and a number, true, false or null as a
 * marker and the number's words rather than its JSON text: a context is mostly short fields, whose
 * names' letters were most of what was hashed (a world's hash took ~40 % less CPU, hashing the worlds
 * of the exactly-once one-fault search).
 */
class Hasher implements Writer {
  a1 = 0xdeadbeef ^ 1;
  a2 = 0x41c6ce57 ^ 1;
  b1 = 0xdeadbeef ^ 2;
  b2 = 0x41c6ce57 ^ 2;

  text(t: string): void {
    let [a1, a2, b1, b2] = [this.a1, this.a2, this.b1, this.b2];
    for (let i = -1; i < t.length; i++) {
      const c = i < 0 ? t.length : t.charCodeAt(i);
      a1 = Math.imul(a1 ^ c, 2654435761);
      a2 = Math.imul(a2 ^ c, 1597334677);
      b1 = Math.imul(b1 ^ c, 2654435761);
      b2 = Math.imul(b2 ^ c, 1597334677);
    }
    [this.a1, this.a2, this.b1, this.b2] = [a1, a2, b1, b2];
  }

  part<T extends object>(o: T, write: (o: T, out: Writer) => void): void {
    let known = hashes.get(o);
    if (known === undefined) {
      const own = new Hasher();
      write(o, own);
      known = own;
      hashes.set(o, own);
    }
    this.mix(PART);
    this.mix(known.a1);
    this.mix(known.a2);
    this.mix(known.b1);
    this.mix(known.b2);
  }

  /** A field name as a marker and the name's number: a word or two where its letters were a word each. */
  key(name: string): void {
    let id = keyIds.get(name);
    if (id === undefined) keyIds.set(name, (id = keyIds.size));
    this.mix(KEY);
    this.mix(id);
  }

  /** A number as a marker and its one or two words; a string as a text; the rest as a marker alone. */
  scalar(value: Scalar): void {
    if (typeof value === 'string') this.text(value);
    else if (typeof value === 'number') {
      if (value === (value | 0)) {
        this.mix(INT);
        this.word(value);
      } else {
        float[0] = value;
        this.mix(FLOAT);
        this.word(floatWords[0] as number);
        this.word(floatWords[1] as number);
      }
    } else this.mix(value === null ? NULL : value ? TRUE : FALSE);
  }

  /**
   * A 32-bit word in two 16-bit halves, as a text's characters are mixed: multiplying carries a
   * difference only towards the higher bits, so two words that differ in the top bit alone (x and -x as
   * floats) would differ in the top bit alone ever after, and two such differences cancel.
   */
  private word(w: number): void {
    this.mix(w & 0xffff);
    this.mix(w >>> 16);
  }

  private mix(c: number): void {
    this.a1 = Math.imul(this.a1 ^ c, 2654435761);
    this.a2 = Math.imul(this.a2 ^ c, 1597334677);
    this.b1 = Math.imul(this.b1 ^ c, 2654435761);
    this.b2 = Math.imul(this.b2 ^ c, 1597334677);
  }
}

/**
 * What starts each kind of piece in the hash: a text starts with its length, never negative, so every
 * piece says where it ends and two different sequences of pieces never mix in the same words.
 */
const [PART, KEY, INT, FLOAT, TRUE, FALSE, NULL] = [-1, -2, -3, -4, -5, -6, -7] as const;

/** Each field name met so far, numbered in the order met: the same name, the same number, in this thread. */
const keyIds = new Map<string, number>();

/** A number's 64 bits, read as two words. */
const float = new Float64Array(1);
const floatWords = new Int32Array(float.buffer);

/** Each part's hash (its four words, mixed in after the PART marker), kept like its text. */
const hashes = new WeakMap<object, Hasher>();

function finish(h1: number, h2: number): number {
  const x = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  const y = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(x ^ (x >>> 13), 3266489909);
  return 4294967296 * (2097151 & y) + (x >>> 0);
}
