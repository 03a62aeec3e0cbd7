import type { StepRecord } from './types.ts';
import type { World } from './world.ts';

/**
 * Each message's Kafka name and ordinal ("the 2nd Produce"), read from the trace's send events once.
 * Scripts and compare name messages this way, and asking the whole trace on every step made a script
 * quadratic. The index belongs to a steps array and is extended as the array grows: a replay appends
 * to one array in place, so indexing its whole run costs one pass. Message ids are unique and handed out
 * in increasing order, so later steps never change what is known of an earlier message.
 */
interface MessageIndex {
  /** How many steps of the array have been read. */
  read: number;
  names: Map<number, string>;
  ordinals: Map<number, number>;
  /** Sends so far per name: the next one's ordinal minus one. */
  counts: Map<string, number>;
}

const indexes = new WeakMap<readonly StepRecord[], MessageIndex>();

function indexOf(world: World): MessageIndex {
  let index = indexes.get(world.steps);
  if (!index) {
    index = { read: 0, names: new Map(), ordinals: new Map(), counts: new Map() };
    indexes.set(world.steps, index);
  }
  for (; index.read < world.steps.length; index.read++) {
    for (const e of (world.steps[index.read] as StepRecord).events) {
      if (e.kind !== 'send' || e.messageId === undefined) continue;
      const k = (index.counts.get(e.name) ?? 0) + 1;
      index.counts.set(e.name, k);
      index.names.set(e.messageId, e.name);
      index.ordinals.set(e.messageId, k);
    }
  }
  return index;
}

/** The Kafka name (Produce, ProduceResponse…) of a message sent in this world's run. */
export function messageName(world: World, messageId: number): string | undefined {
  return indexOf(world).names.get(messageId);
}

/** "The k-th Produce": how many messages of the same name had been sent up to this one (1-based); 0 if unknown. */
export function ordinal(world: World, messageId: number): number {
  return indexOf(world).ordinals.get(messageId) ?? 0;
}
