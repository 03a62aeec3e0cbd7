import type { NodeId } from '../kafka/protocol.ts';
import type { BrokerContext } from '../machines/broker/broker.ts';
import { logEndOffset, pendingAckKey } from '../machines/broker/replica.ts';
import { consumerTimers, type ConsumerContext } from '../machines/consumer.ts';
import { groupCoordinatorTimers, type GroupCoordinatorContext } from '../machines/groupCoordinator.ts';
import { producerTimers, type ProducerContext } from '../machines/producer/producer.ts';
import { txnCoordinatorTimers, type TxnCoordinatorContext } from '../machines/txnCoordinator.ts';
import { workerTimers, type WorkerContext } from '../machines/worker.ts';
import type { PartKind } from './topology.ts';
import { NODE } from '../scenarios/nodeIds.ts';
import { isDown, partOf, stateName, type World } from './world.ts';

/** A timer that could fire now: firing moves the simulated clock to its due time. */
export interface Timer {
  id: string;
  node: NodeId;
  kind: PartKind | 'network';
  event: {
    type: string;
    key?: string;
    partition?: string;
    follower?: string;
    batchId?: string;
    memberId?: string;
  };
  due: number;
  label: string;
}

/** The simulated NetworkClient: requests other than Produce are re-sent after request.timeout.ms. */
export const CLIENT_REQUEST_TIMEOUT_MS = 30000;

/** Kafka's reconnect.backoff.ms default, for every client. */
const RECONNECT_BACKOFF_MS = 50;

/** How long `node`'s network client waits before it opens a closed connection again. */
export function reconnectBackoffMs(world: World, node: NodeId): number {
  const producer = partOf(world, node, 'producer');
  return producer ? (producer.context as ProducerContext).config.reconnectBackoffMs : RECONNECT_BACKOFF_MS;
}

/** Worlds never change, so each one's timers are listed once (the natural path asks several times a step). */
const timersOf = new WeakMap<World, readonly Timer[]>();

/** Every timer that could fire now, earliest first. */
export function dueTimers(world: World): readonly Timer[] {
  const known = timersOf.get(world);
  if (known) return known;
  const timers = listTimers(world);
  // Shared by every caller: frozen, so that one sorting or editing it fails loudly instead of changing it for all.
  Object.freeze(timers);
  timersOf.set(world, timers);
  return timers;
}

function listTimers(world: World): Timer[] {
  const timers: Timer[] = [];
  for (const { id: node } of world.participants) {
    if (isDown(world, node)) continue;
    const producer = partOf(world, node, 'producer');
    if (producer) {
      for (const t of producerTimers(producer.context as ProducerContext)) {
        timers.push({
          id: `timer:${node}:${t.event.type.slice(6)}:${'batchId' in t.event ? t.event.batchId : ''}`,
          node,
          kind: 'producer',
          event: t.event,
          due: t.due,
          label: `${node}: ${t.label}`,
        });
      }
    }
    const consumer = partOf(world, node, 'consumer');
    if (consumer) {
      const c = consumer.context as ConsumerContext;
      for (const t of consumerTimers(c, stateName(consumer))) {
        if (t.event.type === 'timer.heartbeat' && !heartbeatHasNews(world, c)) continue;
        timers.push({
          id: `timer:${node}:${t.event.type.slice(6)}`,
          node,
          kind: 'consumer',
          event: t.event,
          due: t.due,
          label: `${node}: ${t.label}`,
        });
      }
    }
    const worker = partOf(world, node, 'worker');
    if (worker) {
      for (const t of workerTimers(worker.context as WorkerContext)) {
        timers.push({
          id: `timer:${node}:processed`,
          node,
          kind: 'worker',
          event: t.event,
          due: t.due,
          label: `${node}: ${t.label}`,
        });
      }
    }
    const tc = partOf(world, node, 'txnCoordinator');
    if (tc) {
      const state = stateName(tc).split('.').pop() ?? '';
      for (const t of txnCoordinatorTimers(tc.context as TxnCoordinatorContext, state)) {
        timers.push({
          id: `timer:${node}:${t.event.type.slice(6)}`,
          node,
          kind: 'txnCoordinator',
          event: t.event,
          due: t.due,
          label: t.label,
        });
      }
    }
    const gc = partOf(world, node, 'groupCoordinator');
    if (gc) {
      const gcx = gc.context as GroupCoordinatorContext;
      for (const t of groupCoordinatorTimers(gcx)) {
        const member = t.memberId;
        // A process that restarted and joins again is the newest member id the coordinator gave its node.
        const newest = gcx.group.members.filter((m) => m.node === t.node).at(-1)?.memberId === member;
        if (member !== undefined && heartbeating(world, member, t.node ?? '', newest)) continue;
        timers.push({
          id: `timer:${node}:${t.event.type.slice(6)}${member ? `:${member}` : ''}`,
          node,
          kind: 'groupCoordinator',
          event: { type: t.event.type, ...(member ? { memberId: member } : {}) },
          due: t.due,
          label: `${node}: ${t.label}`,
        });
      }
    }
    const broker = partOf(world, node, 'broker');
    if (broker) {
      timers.push(...replicaLagTimers(world, node, broker.context as BrokerContext));
      timers.push(...produceExpiryTimers(node, broker.context as BrokerContext));
    }
  }
  for (const [key, a] of Object.entries(world.awaiting)) {
    if (isDown(world, a.node)) continue;
    timers.push({
      id: `timer:${key}:retry`,
      node: a.node,
      kind: 'network',
      event: { type: 'network.retry', key },
      due: a.sentAt + CLIENT_REQUEST_TIMEOUT_MS,
      label: `${a.node}: request.timeout.ms expires for ${a.message.name}; it is sent again`,
    });
  }
  // At the same due time a broker's purgatory goes first: it expires at its deadline, a client's
  // request only once more than request.timeout.ms has passed.
  return timers.sort(
    (a, b) =>
      a.due - b.due || Number(b.kind === 'broker') - Number(a.kind === 'broker') || (a.id < b.id ? -1 : 1),
  );
}

/**
 * A live member's heartbeat thread beats every heartbeat.interval.ms for as long as it is in the group.
 * Only the beats that bring news are offered (the group is rebalancing, or has moved past the member's
 * generation): the others change nothing, and offering them for ever would keep a run from resting.
 */
function heartbeatHasNews(world: World, c: ConsumerContext): boolean {
  const gc = partOf(world, NODE.groupCoordinator, 'groupCoordinator');
  if (!gc) return false;
  const g = (gc.context as GroupCoordinatorContext).group;
  return stateName(gc) !== 'classicGroup.Stable' || g.generation !== c.generation;
}

/**
 * Whether the member's heartbeats still reach the coordinator: its process is up and still thinks it is
 * that member (or is joining, not yet told the id the coordinator gave it: the `newest` of its node's;
 * the member id it had before a crash is silent). Otherwise its session runs out after
 * session.timeout.ms (listed as a timer).
 */
function heartbeating(world: World, memberId: string, node: NodeId, newest: boolean): boolean {
  const s = partOf(world, node, 'consumer');
  if (!s || isDown(world, node)) return false;
  const c = s.context as ConsumerContext;
  return c.memberId === memberId || (newest && c.memberId === '' && stateName(s).startsWith('joiningGroup'));
}

/** The leader's purgatory: an acks=all request it holds expires after the request's timeout. */
function produceExpiryTimers(node: NodeId, ctx: BrokerContext): Timer[] {
  // One timer per request: a request with several partitions in purgatory expires as a whole.
  const seen = new Set<string>();
  return Object.values(ctx.replicas).flatMap((r) =>
    r.pendingAcks.flatMap((p) => {
      const key = pendingAckKey(p);
      if (seen.has(key)) return [];
      seen.add(key);
      return [
        {
          id: `timer:${node}:produceExpiry:${r.partition}:${key}`,
          node,
          kind: 'broker' as const,
          event: { type: 'timer.produceExpiry', key },
          due: p.expiresAt,
          label: `the leader's wait for ${p.from}'s acks=all Produce (${p.batchId}) times out`,
        },
      ];
    }),
  );
}

/** replica.lag.time.max.ms: a follower that has not caught up for that long leaves the ISR. */
function replicaLagTimers(world: World, node: NodeId, ctx: BrokerContext): Timer[] {
  const timers: Timer[] = [];
  for (const r of Object.values(ctx.replicas)) {
    if (r.role !== 'leader' || world.leaders[r.partition]?.leader !== node) continue;
    for (const follower of r.isr) {
      if (follower === node || (r.followerLeo[follower] ?? 0) >= logEndOffset(r)) continue;
      timers.push({
        id: `timer:${node}:replicaLag:${r.partition}:${follower}`,
        node,
        kind: 'broker',
        event: { type: 'timer.replicaLag', partition: r.partition, follower },
        due: (r.followerCaughtUpAt[follower] ?? 0) + world.scenario.config.broker.replicaLagTimeMaxMs,
        label: `replica.lag.time.max.ms: ${follower} has fallen behind on ${r.partition}`,
      });
    }
  }
  return timers;
}
