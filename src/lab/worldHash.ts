import type { InFlightMessage } from '../sim/types.ts';
import type { World } from '../sim/world.ts';

/**
 * A canonical hash of a world: two worlds with the same hash behave the same from here on and end with
 * the same verdict. It covers every machine's state and context, the messages in flight (without their
 * ids, which only say how many messages came before), the clock, the controller's metadata, the
 * applications' progress, the requests awaited, and what each application processed so far, in order
 * (the verdict reads it from the trace). It leaves out the history, the costs and the narration.
 *
 * Times stay absolute. Writing every time (the clock, sentAt, deadlines, heartbeats, the producer's
 * batch times) relative to the clock would be sound only with every machine's time fields listed, and
 * a value of 0 that means "none" (a batch's retryAt) kept apart; tried on the exactly-once one-record
 * search (read_committed, brokers' crashes), it merged no world at all: 5,094 states at ≤ 1 fault and
 * 306,088 at ≤ 2 either way. Worlds there differ in what happened, not when.
 *
 * Two 53-bit string hashes make a 106-bit key: with a million states the chance that two different
 * worlds share one is about 1e-20.
 */
export function worldHash(world: World): string {
  return cyrb53x2(worldText(world, hashOf));
}

/** The canonical text of a world (exported for tests: equal texts mean equal worlds). */
export function canonicalText(world: World): string {
  return worldText(world, textOf);
}

/**
 * The world's text with each node and each message written by `part`: whole, or (for the hash) as the
 * hash of its text, worked out once per node or message, so that a world's hash reads a few hundred
 * characters instead of every machine's context again (a Merkle-style hash: two worlds' hashes agree
 * when their nodes' and messages' hashes do).
 */
function worldText(world: World, part: <T extends object>(o: T, text: (o: T) => string) => string): string {
  const parts: string[] = [String(world.clock)];
  for (const p of world.participants) {
    const node = world.nodes[p.id];
    if (node) parts.push(JSON.stringify(p.id), part(node, nodeText));
  }
  parts.push(`[${world.network.map((m) => part(m, wire)).join(',')}]`);
  parts.push(JSON.stringify(world.leaders));
  for (const [node, app] of Object.entries(world.apps))
    parts.push(JSON.stringify([node, app.outstanding, app.settled.backing.slice(0, app.settled.length)]));
  parts.push(JSON.stringify(Object.values(world.awaiting).map((a) => [a.node, a.message.name, a.sentAt])));
  parts.push(JSON.stringify(world.stats.effects), JSON.stringify(processed(world)));
  return `[${parts.join(',')}]`;
}

/**
 * Each node's and each message's text, worked out once: worlds are immutable and share the nodes and
 * messages a step did not touch, so a world's text is mostly texts its parent's hash already made (the
 * explorer hashes every world it meets, and most of a world is its parent's).
 */
const texts = new WeakMap<object, string>();

function textOf<T extends object>(o: T, text: (o: T) => string): string {
  let known = texts.get(o);
  if (known === undefined) {
    known = text(o);
    texts.set(o, known);
  }
  return known;
}

/** The hash of a node's or a message's text, kept like the text (which it is taken of once, and not kept). */
const hashes = new WeakMap<object, string>();

function hashOf<T extends object>(o: T, text: (o: T) => string): string {
  let known = hashes.get(o);
  if (known === undefined) {
    known = cyrb53x2(texts.get(o) ?? text(o));
    hashes.set(o, known);
  }
  return known;
}

/** Every machine's state and context, and whether the node is down. */
function nodeText(node: World['nodes'][string]): string {
  const machines: unknown[] = [];
  for (const [kind, snapshot] of Object.entries(node.parts))
    machines.push(kind, snapshot?.value, snapshot?.context);
  return JSON.stringify([node.down, machines]);
}

/** A message as it matters from here on: who, what, since when, and the state of its connection. */
const wire = (m: InFlightMessage) =>
  JSON.stringify([m.from, m.to, m.sentAt, m.heldBack, m.connection ?? '', m.body]);

/** What each application processed, in order: the verdict's "delivered" and "order" come from it. */
function processed(world: World): string {
  let out = '';
  for (const s of world.steps) out += textOf(s, processedIn);
  return out;
}

/** What one step processed: a step never changes once taken, so its text is kept like a node's. */
function processedIn(step: World['steps'][number]): string {
  let out = '';
  for (const e of step.events) if (e.kind === 'app' && e.name === 'process') out += `${e.from}:${e.summary};`;
  return out;
}

/**
 * cyrb53 (a public-domain 53-bit string hash by bryc), twice with different seeds in one pass over the
 * text: fast, well mixed, no dependencies.
 */
function cyrb53x2(text: string): string {
  let a1 = 0xdeadbeef ^ 1;
  let a2 = 0x41c6ce57 ^ 1;
  let b1 = 0xdeadbeef ^ 2;
  let b2 = 0x41c6ce57 ^ 2;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a1 = Math.imul(a1 ^ c, 2654435761);
    a2 = Math.imul(a2 ^ c, 1597334677);
    b1 = Math.imul(b1 ^ c, 2654435761);
    b2 = Math.imul(b2 ^ c, 1597334677);
  }
  return `${finish(a1, a2)}.${finish(b1, b2)}`;
}

function finish(h1: number, h2: number): number {
  const x = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  const y = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(x ^ (x >>> 13), 3266489909);
  return 4294967296 * (2097151 & y) + (x >>> 0);
}
