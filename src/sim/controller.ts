import type { NodeId, PartitionId } from '../kafka/protocol.ts';
import type { AlterPartitionParams } from '../machines/io.ts';
import { dispatch, isUp, partOf, type PartitionState, type StepDraft, type World } from './world.ts';
import { code, listOf, nodeName } from '../narration/words.ts';

/**
 * The KRaft controller, reduced to what delivery semantics need. It owns each partition's leader,
 * leader epoch and ISR (the PartitionRecord): leaders propose ISR changes with AlterPartition, and a
 * failed broker is fenced and taken out of every ISR at once (simplification: Kafka waits
 * broker.session.timeout.ms). A partition whose leader fails gets a new leader from the ISR — or, with
 * unclean.leader.election.enable, from any live replica. With no eligible replica it stays offline and
 * keeps its last ISR (KRaft never empties an ISR), so only a broker from that ISR can lead it again.
 */

const replicasOf = (world: World, partition: PartitionId): NodeId[] =>
  world.topology.partitions.find((p) => p.partition === partition)?.replicas ?? [];

const stateOf = (world: World, partition: PartitionId): PartitionState =>
  world.leaders[partition] ?? { leader: null, epoch: 0, isr: [] };

function record(world: World, partition: PartitionId, state: PartitionState): World {
  return { ...world, leaders: { ...world.leaders, [partition]: state } };
}

/** Tells every live replica of the partition who leads it and who is in sync (LeaderAndIsr). */
function announce(world: World, partition: PartitionId, draft: StepDraft): World {
  const { leader, epoch, isr } = stateOf(world, partition);
  if (!leader) return world;
  let w = world;
  for (const broker of replicasOf(w, partition)) {
    if (!isUp(w, broker)) continue;
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

/** Chooses a leader for a partition whose leader is gone (or that is offline), from the controller's ISR. */
function elect(world: World, partition: PartitionId, draft: StepDraft): World {
  const current = stateOf(world, partition);
  const clean = current.isr.find((id) => isUp(world, id));
  const unclean = world.scenario.config.broker.uncleanLeaderElection
    ? replicasOf(world, partition).find((id) => isUp(world, id))
    : undefined;
  const leader = clean ?? unclean ?? null;
  const epoch = current.epoch + 1;
  const anyAlive = replicasOf(world, partition).some((id) => isUp(world, id));
  const text = clean
    ? `The controller makes ${nodeName(clean)} leader of ${partition} (leader epoch ${epoch}): it was in the ISR, so it has every acknowledged ${code('acks=all')} record.`
    : unclean
      ? `No in-sync replica is alive. ${code('unclean.leader.election.enable=true')} lets out-of-sync ${nodeName(unclean)} lead ${partition}: records only the old leader had are gone, and their offsets will be reused.`
      : !anyAlive
        ? `No replica of ${partition} is alive: the partition is offline until one of its brokers returns.`
        : `No in-sync replica of ${partition} is alive (its last ISR: ${listOf(current.isr.map(nodeName))}) and ${code('unclean.leader.election.enable=false')}: the partition stays offline rather than lose data, until one of them returns.`;
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
  const elected = leader
    ? announce(
        record(world, partition, {
          leader,
          epoch,
          isr: clean ? current.isr.filter((id) => isUp(world, id)) : [leader],
        }),
        partition,
        draft,
      )
    : record(world, partition, { ...current, leader: null });
  return refreshProducerMetadata(elected, draft);
}

/**
 * Producers learn the new leader at once (simplification: a metadata refresh with no request drawn).
 * For an offline partition they address its preferred leader, where the request waits unanswered.
 */
function refreshProducerMetadata(world: World, draft: StepDraft): World {
  const leaders = Object.fromEntries(
    world.topology.partitions.map((p) => [p.partition, world.leaders[p.partition]?.leader ?? p.leader]),
  );
  let w = world;
  for (const { id: node } of w.participants)
    if (partOf(w, node, 'producer'))
      w = dispatch(w, node, 'producer', { type: 'metadata.update', leaders }, draft);
  return w;
}

/** Would restarting this (crashed) broker bring an offline partition back? */
export function restoresOfflinePartition(world: World, broker: NodeId): boolean {
  return Object.entries(world.leaders).some(
    ([partition, { leader, isr }]) =>
      leader === null &&
      (isr.includes(broker) ||
        (world.scenario.config.broker.uncleanLeaderElection &&
          replicasOf(world, partition).includes(broker))),
  );
}

/**
 * Would restarting this (crashed) broker let a partition whose ISR is below the effective min ISR
 * (min(min.insync.replicas, replica count)) make progress? Until then its acks=all writes are refused
 * and its high watermark waits (Kafka 3.7+).
 */
export function restoresMinIsr(world: World, broker: NodeId): boolean {
  const minInsyncReplicas = world.scenario.config.broker.minInsyncReplicas;
  return Object.entries(world.leaders).some(([partition, { leader, isr }]) => {
    const replicas = replicasOf(world, partition);
    return (
      leader !== null &&
      replicas.includes(broker) &&
      !isr.includes(broker) &&
      isr.length < Math.min(minInsyncReplicas, replicas.length)
    );
  });
}

/** A broker has just crashed: it is fenced, out of every ISR, and the partitions it led elect again. */
export function onBrokerCrash(world: World, broker: NodeId, draft: StepDraft): World {
  let w = world;
  for (const { partition } of w.topology.partitions) {
    const state = stateOf(w, partition);
    if (!state.isr.includes(broker) && state.leader !== broker) continue;
    const isr = state.isr.filter((id) => id !== broker);
    if (state.leader === broker) {
      // The ISR keeps the fenced leader only if nobody else is left in it: the partition goes offline.
      w = record(w, partition, { ...state, isr: isr.some((id) => isUp(w, id)) ? isr : state.isr });
      w = elect(w, partition, draft);
    } else if (state.leader) {
      w = announce(record(w, partition, { ...state, isr }), partition, draft);
    }
  }
  return w;
}

/** A broker is back: it follows the current leader, or lets an offline partition elect again. */
export function onBrokerRestart(world: World, broker: NodeId, draft: StepDraft): World {
  let w = world;
  for (const { partition } of w.topology.partitions) {
    const { leader, epoch, isr } = stateOf(w, partition);
    if (leader === null) {
      w = elect(w, partition, draft);
    } else {
      w = dispatch(
        w,
        broker,
        'broker',
        { type: 'controller.leaderAndIsr', partition, leader, leaderEpoch: epoch, isr },
        draft,
      );
    }
  }
  return w;
}

/**
 * AlterPartition from a leader: the controller takes the proposed ISR if the request comes from the
 * partition's current leader and epoch and names only live (unfenced) brokers; otherwise it refuses
 * (FENCED_LEADER_EPOCH / INELIGIBLE_REPLICA) and the leader goes back to the controller's ISR.
 */
export function onAlterPartition(
  world: World,
  broker: NodeId,
  request: AlterPartitionParams,
  draft: StepDraft,
): World {
  const state = stateOf(world, request.partition);
  if (state.leader !== broker || state.epoch !== request.leaderEpoch) return world;
  if (request.isr.every((id) => isUp(world, id)))
    return record(world, request.partition, { ...state, isr: request.isr });
  draft.narration.push(
    `The controller refuses the ISR ${listOf(request.isr.map(nodeName))} for ${request.partition}: a broker in it is fenced (down). The ISR stays ${listOf(state.isr.map(nodeName))}.`,
  );
  return dispatch(
    world,
    broker,
    'broker',
    {
      type: 'controller.leaderAndIsr',
      partition: request.partition,
      leader: broker,
      leaderEpoch: state.epoch,
      isr: state.isr,
    },
    draft,
  );
}
