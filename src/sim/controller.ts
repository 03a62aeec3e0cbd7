import type { NodeId, PartitionId } from '../kafka/protocol.ts';
import type { BrokerContext } from '../machines/broker/broker.ts';
import { dispatch, partOf, type StepDraft, type World } from './world.ts';

/**
 * The KRaft controller, reduced to what delivery semantics need: when a broker fails it is fenced and
 * taken out of every ISR at once (simplification: Kafka waits broker.session.timeout.ms), and each
 * partition it led gets a new leader from the ISR — or, with unclean.leader.election.enable, from any
 * live replica. A partition with no eligible replica stays offline.
 */

const isrOf = (world: World, broker: NodeId, partition: PartitionId): NodeId[] =>
  (partOf(world, broker, 'broker')?.context as BrokerContext | undefined)?.replicas[partition]?.isr ?? [];

const alive = (world: World, id: NodeId) => world.nodes[id] !== undefined && !world.nodes[id]?.down;

function announce(
  world: World,
  partition: PartitionId,
  leader: NodeId | null,
  epoch: number,
  isr: NodeId[],
  draft: StepDraft,
): World {
  let w: World = { ...world, leaders: { ...world.leaders, [partition]: { leader, epoch } } };
  if (!leader) return w;
  const replicas = w.topology.partitions.find((p) => p.partition === partition)?.replicas ?? [];
  for (const broker of replicas) {
    if (!alive(w, broker)) continue;
    w = dispatch(
      w,
      broker,
      'broker',
      { type: 'controller.leaderAndIsr', partition, leader, leaderEpoch: epoch, isr },
      draft,
    );
  }
  return w;
}

/** Chooses a leader for a partition whose leader is gone (or that is offline). */
export function elect(world: World, partition: PartitionId, lastIsr: NodeId[], draft: StepDraft): World {
  const current = world.leaders[partition] ?? { leader: null, epoch: 0 };
  const replicas = world.topology.partitions.find((p) => p.partition === partition)?.replicas ?? [];
  const clean = lastIsr.find((id) => alive(world, id));
  const unclean = world.scenario.config.broker.uncleanLeaderElection
    ? replicas.find((id) => alive(world, id))
    : undefined;
  const leader = clean ?? unclean ?? null;
  const epoch = current.epoch + 1;
  const text = clean
    ? `The controller makes ${clean} leader of ${partition} (leader epoch ${epoch}): it was in the ISR, so it has every acknowledged acks=all record.`
    : unclean
      ? `No in-sync replica is alive. unclean.leader.election.enable=true lets out-of-sync ${unclean} lead ${partition}: records only the old leader had are gone, and their offsets will be reused.`
      : `No in-sync replica of ${partition} is alive and unclean.leader.election.enable=false: the partition stays offline rather than lose data.`;
  draft.narration.push(text);
  draft.events.push({
    step: draft.index,
    time: world.clock,
    kind: 'elect',
    from: leader ?? 'broker-1',
    to: leader ?? 'broker-1',
    name: leader ? `leader of ${partition}` : `${partition} offline`,
    summary: text,
  });
  const isr = clean ? lastIsr.filter((id) => alive(world, id)) : leader ? [leader] : lastIsr;
  if (!leader)
    return { ...world, leaders: { ...world.leaders, [partition]: { leader: null, epoch: current.epoch } } };
  return announce(world, partition, leader, epoch, isr, draft);
}

/** A broker has just crashed. */
export function onBrokerCrash(world: World, broker: NodeId, draft: StepDraft): World {
  let w = world;
  for (const { partition } of w.topology.partitions) {
    const { leader, epoch } = w.leaders[partition] ?? { leader: null, epoch: 0 };
    if (leader === broker) {
      w = elect(
        w,
        partition,
        isrOf(w, broker, partition).filter((id) => id !== broker),
        draft,
      );
    } else if (leader && alive(w, leader)) {
      const isr = isrOf(w, leader, partition);
      if (isr.includes(broker))
        w = announce(
          w,
          partition,
          leader,
          epoch,
          isr.filter((id) => id !== broker),
          draft,
        );
    }
  }
  return w;
}

/** A broker is back: it follows the current leader, or lets an offline partition elect again. */
export function onBrokerRestart(world: World, broker: NodeId, draft: StepDraft): World {
  let w = world;
  for (const { partition } of w.topology.partitions) {
    const { leader, epoch } = w.leaders[partition] ?? { leader: null, epoch: 0 };
    if (leader === null) {
      // The offline partition's last ISR is what the restarted broker remembers.
      w = elect(w, partition, isrOf(w, broker, partition), draft);
    } else {
      w = dispatch(
        w,
        broker,
        'broker',
        {
          type: 'controller.leaderAndIsr',
          partition,
          leader,
          leaderEpoch: epoch,
          isr: isrOf(w, leader, partition),
        },
        draft,
      );
    }
  }
  return w;
}
