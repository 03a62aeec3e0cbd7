import type { NodeId, PartitionId } from '../kafka/protocol.ts';
import type { RetriableProduceError } from '../kafka/protocol.ts';
import type { BrokerContext } from '../machines/broker/broker.ts';
import type { ProducerContext } from '../machines/producer/producer.ts';
import { code, listOf, Node, nodeName } from '../narration/words.ts';
import { connection, connectionFor, connectionOf, messagesOn, type Connection } from './connections.ts';
import { firstFrom, replaceMessage, withoutMessage } from './inFlight.ts';
import { summarize } from './summary.ts';
import { reconnectBackoffMs } from './timers.ts';
import { routeFor } from './topology.ts';
import type { InFlightMessage } from './types.ts';
import {
  awaitKey,
  building,
  buildingStats,
  dispatch,
  HOP_MS,
  isUp,
  mayEndAWait,
  nodeState,
  partOf,
  type StepDraft,
  type World,
} from './world.ts';

/**
 * The network's part of a step: a message arriving, lost (which breaks its connection) or held back;
 * a connection ending, and the requests its client sends again on a new one.
 */

/** A trace event about message `m` (its delivery, loss, hold or drop) at `time`. */
function recordMessage(
  draft: StepDraft,
  kind: 'deliver' | 'lose' | 'hold' | 'drop',
  time: number,
  m: InFlightMessage,
) {
  draft.events.push({
    step: draft.index,
    time,
    kind,
    from: m.from,
    to: m.to,
    name: m.body.name,
    summary: m.summary,
    messageId: m.id,
  });
}

/** The user's fault on a Produce: its leader answers `partition` (or its only one) with `error`. */
export interface InjectedError {
  error: RetriableProduceError;
  partition?: PartitionId;
}

/**
 * The event a message arrives as, "kafka.Produce": one string per message name, made once. A string
 * built per delivery is a new one each time, and the machine's transition lookup must hash it anew.
 */
const eventTypes = new Map<string, string>();

function kafkaEventType(name: string): string {
  let type = eventTypes.get(name);
  if (type === undefined) eventTypes.set(name, (type = `kafka.${name}`));
  return type;
}

/** `m` arrives; `injected`: the leader answers it with that retriable error (the user's fault). */
export function deliver(world: World, m: InFlightMessage, draft: StepDraft, injected?: InjectedError): World {
  const clock = Math.max(world.clock, m.sentAt + HOP_MS);
  const network = withoutMessage(world.network, m.id);
  const node = nodeState(world, m.to);
  if (!node || node.down || m.connection === 'dead') {
    recordMessage(draft, 'drop', clock, m);
    draft.narration.push(
      node?.down
        ? `The ${code(m.body.name)} reaches ${nodeName(m.to)}, which is down: ${m.body.name.endsWith('Response') ? 'nobody reads it' : m.body.name === 'Produce' && m.body.acks === 0 ? `nothing answers, and with ${code('acks=0')} nobody ever notices` : `nothing answers, and ${nodeName(m.from)} will only notice through its timeout`}.`
        : `The ${code(m.body.name)} was on a connection that has since ended: ${nodeName(m.to)} never reads it.`,
    );
    return { ...world, clock, network };
  }
  recordMessage(draft, 'deliver', clock, m);
  const kind = routeFor(m.body.name, node.parts);
  if (!kind) return { ...world, clock, network };
  // A response ends the NetworkClient's wait for the request it answers.
  let awaiting = world.awaiting;
  if (mayEndAWait(m.body)) {
    const key = awaitKey(m.to, m.body);
    if (awaiting[key]) {
      // Not `delete` on a copy: that turns it into a slow dictionary, and it is spread on every step.
      const { [key]: _answered, ...rest } = awaiting;
      awaiting = rest;
    }
  }
  const next = building(world, draft);
  next.clock = clock;
  next.network = network;
  // The copy without `m` is the step's own: what the delivery sends is appended to it in place.
  if (network !== world.network) draft.network = network;
  next.awaiting = awaiting;
  buildingStats(next, draft).lastDeliveredAt = clock;
  const firstAnswer = next.nextMessageId;
  const event: { type: string; [key: string]: unknown } = {
    type: kafkaEventType(m.body.name),
    from: m.from,
    message: m.body,
  };
  if (injected) event.injectedError = injected.error;
  if (injected?.partition) event.errorPartition = injected.partition;
  const after = dispatch(next, m.to, kind, event, draft);
  if (m.connection !== 'senderGone') return after;
  // The sender crashed after sending: the answer goes to its dead connection. Answers are the newest
  // messages, at the network's end (it is in id order): only they are looked at.
  const wire = after.network.slice();
  for (let i = firstFrom(wire, firstAnswer); i < wire.length; i++) {
    const x = wire[i] as InFlightMessage;
    if (x.to === m.from) wire[i] = { ...x, connection: 'dead' };
  }
  return { ...after, network: wire };
}

export function lose(world: World, m: InFlightMessage, draft: StepDraft): World {
  recordMessage(draft, 'lose', world.clock, m);
  draft.narration.push(
    m.body.name.endsWith('Response')
      ? `The network loses the ${code(m.body.name)}. ${Node(m.to)} never learns what ${nodeName(m.from)} did with its request.`
      : `The network loses the ${code(m.body.name)} before it reaches ${nodeName(m.to)}.`,
  );
  const w = { ...world, network: withoutMessage(world.network, m.id) };
  // A message of an ended connection is simply gone; a live connection breaks with it.
  return m.connection ? w : endConnection(w, connectionOf(m), 'broken', draft, m);
}

/**
 * Connection `c` ends: `broken` (a message on it was lost: nothing more on it is read) or `closed` by
 * its client (request.timeout.ms: what the client already sent may still be read by the server, but
 * the answers go nowhere). Then each end learns it. The server's purgatory forgets what it held for the
 * client. NetworkClient completes every request in flight on it as disconnected: a producer's batches
 * fail with NETWORK_EXCEPTION and are retried after their back-off; another client's request is sent
 * again on a new connection after reconnect.backoff.ms. `lost`: the message whose loss broke it.
 */
function endConnection(
  world: World,
  c: Connection,
  how: 'broken' | 'closed',
  draft: StepDraft,
  lost?: InFlightMessage,
): World {
  const on = messagesOn(world.network, c.key);
  // Only a producer's connection carries Produce requests, and only they wait in a leader's purgatory.
  const requestIds = [...on, ...(lost ? [lost] : [])].flatMap((m) =>
    m.body.name === 'Produce' || m.body.name === 'ProduceResponse' ? [m.body.requestId] : [],
  );
  const broker =
    c.kind === 'producer'
      ? (partOf(world, c.server, 'broker')?.context as BrokerContext | undefined)
      : undefined;
  for (const r of Object.values(broker?.replicas ?? {}))
    for (const p of r.pendingAcks) if (p.from === c.client) requestIds.push(p.requestId);
  for (const v of broker?.verifying ?? []) if (v.from === c.client) requestIds.push(v.message.requestId);
  let network = world.network;
  for (const m of on) {
    if (how === 'closed' && !m.body.name.endsWith('Response')) {
      network = replaceMessage(network, { ...m, connection: 'senderGone' });
      continue;
    }
    recordMessage(draft, 'drop', world.clock, m);
    network = withoutMessage(network, m.id);
  }
  let w: World = { ...world, network };
  if (how === 'closed')
    draft.narration.push(
      `Like Kafka's network client, ${nodeName(c.client)} closes its connection to ${nodeName(c.server)} on the timeout: a request still on it may yet be handled, but no answer on it is ever read.`,
    );
  else
    draft.narration.push(
      `The connection between ${nodeName(c.client)} and ${nodeName(c.server)} breaks${on.length > 0 ? `, and the ${listOf(on.map((m) => code(m.body.name)))} still on it ${on.length === 1 ? 'is' : 'are'} lost with it` : ''}.${requestIds.length === 0 && !awaitsOn(w, c) ? ' Nothing on it was waiting for an answer, so nobody notices.' : ''}`,
    );
  if (broker && isUp(w, c.server))
    w = dispatch(w, c.server, 'broker', { type: 'network.disconnected', client: c.client }, draft);
  if (requestIds.length > 0 && isUp(w, c.client))
    w = dispatch(
      w,
      c.client,
      'producer',
      { type: 'network.disconnected', server: c.server, requestIds },
      draft,
    );
  for (const [key, a] of Object.entries(w.awaiting))
    if (a.node === c.client && awaitedOn(w, a, c))
      w = resend(
        w,
        key,
        draft,
        `The connection broke with ${code(a.message.name)} unanswered: ${nodeName(a.node)}'s network client sends it again on a new connection`,
      );
  return w;
}

/**
 * A Produce request's request.timeout.ms expired: the producer retries its batch (or gives it up), and
 * its network client closes the connection the request went out on (NetworkClient.handleTimedOutRequests),
 * which fails whatever else was in flight on it.
 */
export function produceRequestTimeout(world: World, node: NodeId, batchId: string, draft: StepDraft): World {
  const producer = partOf(world, node, 'producer')?.context as ProducerContext | undefined;
  const requestId = producer?.batches.find((b) => b.id === batchId)?.requestId;
  const w = dispatch(world, node, 'producer', { type: 'timer.requestTimeout', batchId }, draft);
  const onWire = w.network.find(
    (m) =>
      !m.connection &&
      ((m.from === node && m.body.name === 'Produce') ||
        (m.to === node && m.body.name === 'ProduceResponse')) &&
      m.body.requestId === requestId,
  );
  if (onWire) return endConnection(w, connectionOf(onWire), 'closed', draft);
  // Or a leader holds it: in its purgatory (whose deadline is the same: it has not answered yet), or
  // until the coordinator has added its partition to the transaction.
  const holder = w.participants.find((p) => {
    const broker = partOf(w, p.id, 'broker')?.context as BrokerContext | undefined;
    return (
      Object.values(broker?.replicas ?? {}).some((r) =>
        r.pendingAcks.some((x) => x.from === node && x.requestId === requestId),
      ) || (broker?.verifying ?? []).some((v) => v.from === node && v.message.requestId === requestId)
    );
  });
  return holder ? endConnection(w, connection(node, 'producer', holder.id), 'closed', draft) : w;
}

/** Whether `a`, a request its client awaits, went out on connection `c`. */
function awaitedOn(world: World, a: World['awaiting'][string], c: Connection): boolean {
  const to = typeof a.to === 'string' ? a.to : world.leaders[a.to.leaderOf]?.leader;
  return to !== undefined && to !== null && connectionFor(a.node, to, a.message).key === c.key;
}

const awaitsOn = (world: World, c: Connection) =>
  Object.values(world.awaiting).some((a) => a.node === c.client && awaitedOn(world, a, c));

export function hold(world: World, m: InFlightMessage, draft: StepDraft): World {
  recordMessage(draft, 'hold', world.clock, m);
  draft.narration.push(
    `The ${code(m.body.name)} from ${nodeName(m.from)} is held back: messages sent after it may now arrive first.`,
  );
  return { ...world, network: replaceMessage(world.network, { ...m, heldBack: true }) };
}

/**
 * request.timeout.ms expired: like Kafka's NetworkClient, the client closes the connection and sends
 * the request again on a new one. The old request (if still unread) and any answer to it die with the
 * old connection, so the client never acts on two answers to one call — a stale InitProducerIdResponse
 * would otherwise hand it an epoch its own retry has already fenced.
 */
export function retryRequest(world: World, key: string, draft: StepDraft): World {
  const a = world.awaiting[key];
  if (!a) return world;
  return resend(
    world,
    key,
    draft,
    `No answer to ${code(a.message.name)} within ${code('request.timeout.ms')}: ${nodeName(a.node)}'s network client closes the connection (whatever was still on it is abandoned) and sends the request again on a new one`,
  );
}

/** Sends the awaited request `key` again on a new connection, opened after reconnect.backoff.ms; `why` opens the sentence. */
function resend(world: World, key: string, draft: StepDraft, why: string): World {
  const a = world.awaiting[key];
  if (!a) return world;
  const name = a.message.name;
  const closed = (m: InFlightMessage) =>
    (m.from === a.node && m.body.name === name && awaitKey(a.node, m.body) === key) ||
    (m.to === a.node && m.body.name === `${name}Response` && awaitKey(a.node, m.body) === key);
  for (const m of world.network.filter(closed)) {
    recordMessage(draft, 'drop', world.clock, m);
  }
  const to = typeof a.to === 'string' ? a.to : (world.leaders[a.to.leaderOf]?.leader ?? a.node);
  const wait = reconnectBackoffMs(world, a.node);
  const sentAt = world.clock + wait;
  const id = world.nextMessageId;
  const summary = `${summarize(a.message)} (retry)`;
  draft.events.push({
    step: draft.index,
    time: sentAt,
    kind: 'send',
    from: a.node,
    to,
    name,
    summary,
    messageId: id,
  });
  draft.narration.push(`${why}, opened after ${code(`reconnect.backoff.ms=${wait}`)}.`);
  return {
    ...world,
    nextMessageId: id + 1,
    network: [
      ...world.network.filter((m) => !closed(m)),
      { id, from: a.node, to, sentAt, heldBack: false, body: a.message, summary },
    ],
    awaiting: { ...world.awaiting, [key]: { ...a, sentAt } },
    stats: { ...world.stats, roundTrips: world.stats.roundTrips + 1 },
  };
}
