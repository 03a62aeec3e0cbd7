import type { NodeId, PartitionId } from '../kafka/protocol.ts';
import type { BrokerContext } from '../machines/broker/broker.ts';
import { lastStableOffset, logEndOffset, type Replica } from '../machines/broker/replica.ts';
import type { ConsumerContext } from '../machines/consumer.ts';
import type { GroupCoordinatorContext } from '../machines/groupCoordinator.ts';
import type { InvariantViolation } from './types.ts';
import type { PartKind, Topology } from './topology.ts';
import { partOf, type World } from './world.ts';
import { findMessage } from './inFlight.ts';

/**
 * Properties real Kafka guarantees, checked after every step. A violation is a bug in the simulator,
 * reported with the step that caused it.
 */

/** The nodes running each kind of machine, worked out once per topology (every step asks). */
const nodesRunning = new WeakMap<Topology, Partial<Record<PartKind, NodeId[]>>>();

function nodesWith(topology: Topology, kind: PartKind): readonly NodeId[] {
  let byKind = nodesRunning.get(topology);
  if (!byKind) {
    byKind = {};
    for (const { participant, parts } of topology.nodes)
      for (const part of parts) (byKind[part.kind] ??= []).push(participant.id);
    nodesRunning.set(topology, byKind);
  }
  return byKind[kind] ?? [];
}

/**
 * Replicas on brokers whose machine changed in this step (the others were checked already), with the
 * same replica before the step.
 */
function changedReplicas(
  before: World,
  after: World,
): { broker: NodeId; r: Replica; was: Replica | undefined }[] {
  const out: { broker: NodeId; r: Replica; was: Replica | undefined }[] = [];
  for (const id of nodesWith(after.topology, 'broker')) {
    // A node untouched by the step is the very same object in both worlds.
    if (after.nodes[id] === before.nodes[id]) continue;
    const snapshot = partOf(after, id, 'broker');
    const previous = partOf(before, id, 'broker');
    if (!snapshot || snapshot === previous) continue;
    const was = (previous?.context as BrokerContext | undefined)?.replicas;
    const replicas = (snapshot.context as BrokerContext).replicas;
    if (replicas === was) continue;
    for (const partition in replicas) {
      const r = replicas[partition] as Replica;
      const w = was?.[partition];
      if (w !== r) out.push({ broker: id, r, was: w });
    }
  }
  return out;
}

/**
 * Where `after`'s log starts to differ from `before`'s. Logs only grow at the end or are truncated, so
 * walking back from the shorter log's end finds it at once; entries before it were checked already.
 */
function firstNewEntry(after: Replica, before: Replica | undefined): number {
  if (!before) return 0;
  let i = Math.min(after.log.length, before.log.length);
  while (i > 0 && after.log.at(i - 1) !== before.log.at(i - 1)) i--;
  return i;
}

/** Whether consumer `id`'s partition has the same leader, its node untouched, before and after the step. */
function sameLeaderNode(before: World, after: World, id: NodeId): boolean {
  const partition = (partOf(after, id, 'consumer')?.context as ConsumerContext | undefined)?.partition;
  if (partition === undefined) return true;
  const a = after.leaders[partition];
  const leader = a?.leader;
  return a === before.leaders[partition] && (!leader || after.nodes[leader] === before.nodes[leader]);
}

const leaderReplica = (world: World, partition: PartitionId): Replica | undefined => {
  const leader = world.leaders[partition]?.leader;
  return leader
    ? (partOf(world, leader, 'broker')?.context as BrokerContext | undefined)?.replicas[partition]
    : undefined;
};

/**
 * The violations one step's check finds. A method rather than a closure made per check: the check runs
 * on every step, and under tsx each closure made is also named by a defineProperty call.
 */
class Violations {
  readonly list: InvariantViolation[] = [];
  constructor(readonly step: number) {}
  fail(invariant: string, detail: string): void {
    this.list.push({ step: this.step, invariant, detail });
  }
}

export function checkInvariants(before: World, after: World): InvariantViolation[] {
  const v = new Violations(after.steps.length);

  for (const { broker, r, was } of changedReplicas(before, after)) {
    const where = `${broker} ${r.partition}`;
    if (r.highWatermark > logEndOffset(r))
      v.fail('HW ≤ LEO', `${where}: HW ${r.highWatermark} > LEO ${logEndOffset(r)}`);
    // The LSO is a cached minimum (firstOpenTxnOffset); checked here against the open transactions,
    // when either side moved (a replica's follower bookkeeping changes far more often than its LSO).
    const lso = lastStableOffset(r);
    const lsoChecked =
      was !== undefined && r.ongoingTxns === was.ongoingTxns && lso === lastStableOffset(was);
    if (!lsoChecked)
      for (const producerId in r.ongoingTxns) {
        const first = r.ongoingTxns[producerId] as number;
        if (lso > first)
          v.fail(
            'LSO ≤ first offset of every open transaction',
            `${where}: LSO ${lso} > ${first}, where producer ${producerId}'s transaction starts`,
          );
      }
    for (let i = firstNewEntry(r, was); i < r.log.length; i++) {
      const offset = r.log.at(i)?.offset;
      if (offset !== i) v.fail('offsets are contiguous', `${where}: entry ${i} has offset ${offset}`);
    }
  }
  // Offsets only grow on a leader that keeps leading.
  let logsShrankOrMoved = false;
  for (const { partition } of after.topology.partitions) {
    const a = after.leaders[partition];
    const b = before.leaders[partition];
    if (!a?.leader || a.leader !== b?.leader || a.epoch !== b.epoch) {
      logsShrankOrMoved = true;
      continue;
    }
    // A leader the step did not touch has the same replica as before.
    if (after.nodes[a.leader] === before.nodes[a.leader]) continue;
    const ra = leaderReplica(after, partition);
    const rb = leaderReplica(before, partition);
    if (ra && rb && logEndOffset(ra) < logEndOffset(rb)) {
      logsShrankOrMoved = true;
      v.fail('leader LEO only grows', `${partition}: ${logEndOffset(rb)} → ${logEndOffset(ra)}`);
    }
    if (ra && rb && ra.highWatermark < rb.highWatermark)
      v.fail('leader HW only grows', `${partition}: ${rb.highWatermark} → ${ra.highWatermark}`);
  }
  // Consumers never get what is above the HW (or the LSO), nor aborted records under read_committed.
  // Only worth checking again when what the last poll returned, or the leader's aborted list, changed
  // (the consumer's snapshot changes with every record it processes; `returned` only with a poll).
  for (const id of nodesWith(after.topology, 'consumer')) {
    // Cheap first: a consumer the step did not touch, reading a partition whose leader it did not touch
    // either, has the same poll result and the same aborted list as before.
    if (after.nodes[id] === before.nodes[id] && sameLeaderNode(before, after, id)) continue;
    const snapshot = partOf(after, id, 'consumer');
    if (!snapshot) continue;
    const c = snapshot.context as ConsumerContext;
    const r = leaderReplica(after, c.partition);
    const was = partOf(before, id, 'consumer')?.context as ConsumerContext | undefined;
    if (c.returned === was?.returned && r?.abortedTxns === leaderReplica(before, c.partition)?.abortedTxns)
      continue;
    for (const e of c.returned) {
      const aborted = r?.abortedTxns.some(
        (t) => t.producerId === e.producerId && e.offset >= t.firstOffset && e.offset < t.lastOffset,
      );
      if (c.config.isolationLevel === 'read_committed' && aborted)
        v.fail('read_committed never returns an aborted record', `${id} got ${e.record?.id}@${e.offset}`);
      if (e.kind !== 'data') v.fail('consumers never see control records', `${id} got a ${e.kind} marker`);
    }
  }
  // Message ids only grow: what this step sent has an id from before.nextMessageId on, at the network's
  // end (it is in id order), so only this step's messages are looked at, however many are in flight.
  let first = after.network.length;
  while (first > 0 && (after.network[first - 1] as World['network'][number]).id >= before.nextMessageId)
    first--;
  for (let i = first; i < after.network.length; i++) {
    const m = after.network[i] as World['network'][number];
    if (m.body.name !== 'FetchResponse' || m.body.forReplica) continue;
    for (const e of m.body.entries) {
      if (e.offset >= m.body.highWatermark)
        v.fail('no consumer reads above the HW', `offset ${e.offset} sent with HW ${m.body.highWatermark}`);
    }
  }
  // A committed offset never points past the log (it can after an unclean election: Kafka's real hazard).
  // Checked again when the commits changed, or a log they point into shrank or changed leader.
  if (!after.scenario.config.broker.uncleanLeaderElection) {
    for (const id of nodesWith(after.topology, 'groupCoordinator')) {
      if (after.nodes[id] === before.nodes[id] && !logsShrankOrMoved) continue;
      const snapshot = partOf(after, id, 'groupCoordinator');
      if (!snapshot || (snapshot === partOf(before, id, 'groupCoordinator') && !logsShrankOrMoved)) continue;
      const gc = snapshot.context as GroupCoordinatorContext;
      for (const [group, offsets] of Object.entries(gc.committed)) {
        for (const [partition, offset] of Object.entries(offsets)) {
          const r = leaderReplica(after, partition);
          if (r && offset > logEndOffset(r))
            v.fail('committed offset ≤ LEO', `${group} ${partition}: ${offset} > ${logEndOffset(r)}`);
        }
      }
    }
  }
  // A worker thread lives in its consumer's process: it cannot outlive a crash or run before a restart.
  for (const host in after.topology.threadsOf)
    for (const thread of after.topology.threadsOf[host] ?? [])
      if (Boolean(after.nodes[thread]?.down) !== Boolean(after.nodes[host]?.down))
        v.fail(
          'a worker thread runs only while its process does',
          `${thread} is ${after.nodes[thread]?.down ? 'down' : 'up'} while ${host} is ${after.nodes[host]?.down ? 'down' : 'up'}`,
        );
  checkGroup(before, after, v);
  return v.list;
}

/**
 * A consumer group's guarantees: in any generation a partition has one owner among the members, and the
 * coordinator stores a member's commit only if it comes from the group's current generation.
 */
function checkGroup(before: World, after: World, v: Violations): void {
  if (after.topology.members.length === 0) return;
  // Ownership changes only with a member's machine or its crash: a step that touched no member's node
  // leaves it as the step before checked it.
  if (after.topology.members.some((id) => after.nodes[id] !== before.nodes[id])) checkOwners(after, v);
  const gcNode = after.participants.find((p) => p.role === 'group-coordinator')?.id;
  // A coordinator the step did not touch has the same commits as before.
  if (!gcNode || after.nodes[gcNode] === before.nodes[gcNode]) return;
  const gcAfter = partOf(after, gcNode, 'groupCoordinator')?.context as GroupCoordinatorContext | undefined;
  const gcBefore = partOf(before, gcNode, 'groupCoordinator')?.context as GroupCoordinatorContext | undefined;
  if (!gcAfter || !gcBefore || gcAfter.committed === gcBefore.committed) return;
  for (const e of after.steps[after.steps.length - 1]?.events ?? []) {
    if (e.kind !== 'deliver' || e.name !== 'OffsetCommit' || e.messageId === undefined) continue;
    const m = findMessage(before.network, e.messageId)?.body;
    if (m?.name !== 'OffsetCommit' || m.groupId !== gcBefore.group.groupId) continue;
    const stored = Object.entries(m.offsets).every(([p, o]) => gcAfter.committed[m.groupId]?.[p] === o);
    const current =
      m.member?.generation === gcBefore.group.generation &&
      gcBefore.group.members.some((x) => x.memberId === m.member?.memberId);
    if (stored && !current && gcBefore.group.members.length > 0)
      v.fail(
        'a commit is accepted only from the current generation',
        `${m.member?.memberId ?? 'a non-member'} of generation ${m.member?.generation ?? -1} committed while the group is at ${gcBefore.group.generation}`,
      );
  }
}

/** One owner per partition per generation, among the members that are up. */
function checkOwners(world: World, v: Violations): void {
  const owners = new Map<string, string>();
  for (const id of world.topology.members) {
    const c = partOf(world, id, 'consumer')?.context as ConsumerContext | undefined;
    if (!c || c.generation < 0 || world.nodes[id]?.down) continue;
    for (const p of c.assignment) {
      const key = `generation ${c.generation} ${p}`;
      const other = owners.get(key);
      if (other !== undefined && other !== c.memberId)
        v.fail('one owner per partition per generation', `${key}: ${other} and ${c.memberId}`);
      owners.set(key, c.memberId);
    }
  }
}
