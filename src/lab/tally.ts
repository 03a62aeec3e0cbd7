import type { KafkaMessage, NodeId, RecordId } from '../kafka/protocol.ts';
import { firstFrom } from '../sim/inFlight.ts';
import type { InFlightMessage } from '../sim/types.ts';
import type { World } from '../sim/world.ts';

/**
 * What a fault description needs to know about a run and the world does not keep: each message's
 * record and ordinals ("the 2nd ProduceResponse for m1"), and each node's last application call (a crash
 * "after process(m5)"). It is filled as the run is walked, one step at a time; a walk owns its tally and
 * copies it only when it forks.
 */
export interface Tally {
  /** Message id → its ordinal among its name, its record, and its ordinal among that record's messages of that name. */
  messages: Map<number, { nth: number; record?: RecordId; nthOfRecord?: number }>;
  /** Sends so far per "name" and per "name|record"; calls so far per "node:call" and "node:call|record". */
  counts: Map<string, number>;
  /** A producer's batch id ("producer:b1") → its record: what a ProduceResponse answers. */
  batches: Map<string, RecordId>;
  /** Each node's last application call. */
  calls: Map<NodeId, { call: string; nth: number; record?: RecordId; nthOfRecord?: number }>;
  /** Messages with an id below this one have been read. */
  seen: number;
}

export const emptyTally = (): Tally => ({
  messages: new Map(),
  counts: new Map(),
  batches: new Map(),
  calls: new Map(),
  seen: 1,
});

export const copyTally = (t: Tally): Tally => ({
  messages: new Map(t.messages),
  counts: new Map(t.counts),
  batches: new Map(t.batches),
  calls: new Map(t.calls),
  seen: t.seen,
});

function bump(counts: Map<string, number>, key: string): number {
  const n = (counts.get(key) ?? 0) + 1;
  counts.set(key, n);
  return n;
}

/** The record a message is about, when it is about one (a Produce and the answer to it). */
function recordOf(t: Tally, m: InFlightMessage): RecordId | undefined {
  const body: KafkaMessage = m.body;
  // A request for several partitions is about several records: it is named after its first.
  if (body.name === 'Produce') {
    for (const { batch } of body.batches) t.batches.set(`${m.from}:${batch.batchId}`, batch.record.id);
    return body.batches[0]?.batch.record.id;
  }
  if (body.name === 'ProduceResponse') return t.batches.get(`${m.to}:${body.responses[0]?.batchId}`);
  return undefined;
}

/** The record an application call's label names ("consumer: process(m1)"), if it names one of the workload's. */
function recordOfCall(world: World, label: string): RecordId | undefined {
  const named = /\(([^)=,\s]+)\)/.exec(label)?.[1];
  return named !== undefined && world.scenario.workload.records.includes(named) ? named : undefined;
}

/** Reads the step that made `world` (its last one): the messages it sent and the call it made. In place. */
export function observe(t: Tally, world: World): void {
  const { network } = world;
  for (let i = firstFrom(network, t.seen); i < network.length; i++) {
    const m = network[i] as InFlightMessage;
    const record = recordOf(t, m);
    const nth = bump(t.counts, m.body.name);
    t.messages.set(
      m.id,
      record === undefined
        ? { nth }
        : { nth, record, nthOfRecord: bump(t.counts, `${m.body.name}|${record}`) },
    );
  }
  t.seen = world.nextMessageId;
  const last = world.steps[world.steps.length - 1];
  if (!last?.action.startsWith('app:')) return;
  const [, node = '', call = ''] = last.action.split(':');
  const record = recordOfCall(world, last.label);
  const nth = bump(t.counts, `${node}:${call}`);
  t.calls.set(
    node,
    record === undefined
      ? { call, nth }
      : { call, nth, record, nthOfRecord: bump(t.counts, `${node}:${call}|${record}`) },
  );
}
