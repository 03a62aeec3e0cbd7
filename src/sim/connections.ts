import type { KafkaMessage, NodeId } from '../kafka/protocol.ts';
import type { BrokerContext } from '../machines/broker/broker.ts';
import type { InFlightMessage } from './types.ts';
import { partOf, type World } from './world.ts';

/**
 * Connections. Every exchange runs on a TCP connection a client opened to a server, and each direction
 * delivers in order. A Kafka broker reads one request per connection at a time: SocketServer's Processor
 * mutes the channel once it has read a request and unmutes it when the response is sent, so an acks=all
 * Produce waiting in purgatory keeps the requests behind it unread. Only different connections reorder.
 * A message whose connection already ended (`m.connection` set, see step.ts) is on none any more.
 */

/** Which client inside a node opened the connection: a processor's producer and consumer have their own. */
export type ClientKind = 'producer' | 'consumer' | 'replica' | 'coordinator';

const REQUEST_CLIENT: Partial<Record<string, ClientKind>> = {
  Produce: 'producer',
  InitProducerId: 'producer',
  AddPartitionsToTxn: 'producer',
  AddOffsetsToTxn: 'producer',
  TxnOffsetCommit: 'producer',
  EndTxn: 'producer',
  ListOffsets: 'consumer',
  OffsetCommit: 'consumer',
  OffsetFetch: 'consumer',
  WriteTxnMarkers: 'coordinator',
};

export const isResponse = (body: KafkaMessage): boolean => body.name.endsWith('Response');

function clientKind(body: KafkaMessage): ClientKind {
  if (body.name === 'Fetch') return body.replicaId === undefined ? 'consumer' : 'replica';
  if (body.name === 'FetchResponse') return body.forReplica ? 'replica' : 'consumer';
  const request = isResponse(body) ? body.name.slice(0, -'Response'.length) : body.name;
  return REQUEST_CLIENT[request] ?? 'consumer';
}

export interface Connection {
  client: NodeId;
  kind: ClientKind;
  server: NodeId;
  /** "producer/producer|broker-1": the client node, its client, the server. */
  key: string;
}

/** The connection `client` sends `message` (a request, or the answer to one) to `server` on. */
export const connection = (client: NodeId, kind: ClientKind, server: NodeId): Connection => ({
  client,
  kind,
  server,
  key: `${client}/${kind}|${server}`,
});

export const connectionFor = (client: NodeId, server: NodeId, message: KafkaMessage): Connection =>
  connection(client, clientKind(message), server);

export const connectionOf = (m: InFlightMessage): Connection =>
  isResponse(m.body) ? connectionFor(m.to, m.from, m.body) : connectionFor(m.from, m.to, m.body);

/** Messages never change, and each is looked at on every step it spends in flight: its direction is worked out once. */
const directions = new WeakMap<InFlightMessage, string>();

export function directionOf(m: InFlightMessage): string {
  let d = directions.get(m);
  if (d === undefined) directions.set(m, (d = `${connectionOf(m).key}${isResponse(m.body) ? '<' : '>'}`));
  return d;
}

interface Lanes {
  /** Messages with an earlier one ahead of them on their connection, in their direction. */
  behind: Set<number>;
  /** How many directions of live connections carry messages, plus one per message of an ended one. */
  lanes: number;
}

const lanesOf = new WeakMap<readonly InFlightMessage[], Lanes>();

function lanes(network: readonly InFlightMessage[]): Lanes {
  const known = lanesOf.get(network);
  if (known) return known;
  const seen = new Set<string>();
  const behind = new Set<number>();
  let ended = 0;
  for (const m of network) {
    if (m.connection) {
      ended++;
      continue;
    }
    const d = directionOf(m);
    if (seen.has(d)) behind.add(m.id);
    else seen.add(d);
  }
  const out = { behind, lanes: seen.size + ended };
  lanesOf.set(network, out);
  return out;
}

/**
 * A Produce its leader will not read yet: the one before it on this connection is still unanswered (in
 * purgatory, or waiting for the coordinator to add its partition to the transaction). Asked for every
 * message the natural path looks at: plain loops, no arrays or closures made per call.
 */
export function muted(world: World, m: InFlightMessage): boolean {
  if (m.body.name !== 'Produce') return false;
  const broker = partOf(world, m.to, 'broker');
  if (!broker) return false;
  const { replicas, verifying } = broker.context as BrokerContext;
  for (const v of verifying) if (v.from === m.from) return true;
  for (const partition in replicas)
    for (const p of (replicas[partition] as BrokerContext['replicas'][string]).pendingAcks)
      if (p.from === m.from) return true;
  return false;
}

/** Whether `m` can arrive now: first in its direction, and (a request) to a server reading its connection. */
export function canDeliver(world: World, m: InFlightMessage): boolean {
  if (m.connection) return true;
  return !lanes(world.network).behind.has(m.id) && !muted(world, m);
}

/**
 * `canDeliver` for a message asked about on its own (replaying "deliver:7"): the messages ahead of it
 * are looked at directly, rather than building the lanes of a whole network that is asked this once.
 */
export function canDeliverAlone(world: World, m: InFlightMessage): boolean {
  if (m.connection) return true;
  const known = lanesOf.get(world.network);
  if (known) return !known.behind.has(m.id) && !muted(world, m);
  const d = directionOf(m);
  // The network is in id order: what is ahead of `m` comes before it.
  for (const x of world.network) {
    if (x.id >= m.id) break;
    if (!x.connection && directionOf(x) === d) return false;
  }
  return !muted(world, m);
}

/** Whether holding `m` back lets anything overtake it: only a message on another connection can. */
export const canOvertake = (world: World): boolean => lanes(world.network).lanes > 1;

/** The live messages on connection `key`. */
export const messagesOn = (network: readonly InFlightMessage[], key: string): InFlightMessage[] =>
  network.filter((m) => !m.connection && connectionOf(m).key === key);
