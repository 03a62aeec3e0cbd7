import type { NodeId, PartitionId } from '../kafka/protocol.ts';
import type { BrokerContext } from '../machines/broker/broker.ts';
import { lastStableOffset, logEndOffset, type Replica } from '../machines/broker/replica.ts';
import type { ConsumerContext } from '../machines/consumer.ts';
import type { GroupCoordinatorContext } from '../machines/groupCoordinator.ts';
import type { InvariantViolation } from './types.ts';
import type { PartKind, Topology } from './topology.ts';
import { isDown, nodeState, partOf, type World } from './world.ts';
import { findMessage } from './inFlight.ts';

/**
 * Properties real Kafka guarantees, checked after every step. A violation is a bug in the simulator,
 * reported with the step that caused it.
 */

/**
 * What the checks need to know of a topology, worked out once per topology (every step asks): the
 * nodes running each kind of machine the checks look at, and each worker thread with its process.
 */
interface Roles {
  brokers: readonly NodeId[];
  consumers: readonly NodeId[];
  groupCoordinators: readonly NodeId[];
  threads: readonly { host: NodeId; thread: NodeId }[];
}

const rolesOf = new WeakMap<Topology, Roles>();

function roles(topology: Topology): Roles {
  let known = rolesOf.get(topology);
  if (!known) {
    const with_ = (kind: PartKind) =>
      topology.nodes.filter((n) => n.parts.some((p) => p.kind === kind)).map((n) => n.participant.id);
    known = {
      brokers: with_('broker'),
      consumers: with_('consumer'),
      groupCoordinators: with_('groupCoordinator'),
      threads: Object.entries(topology.threadsOf).flatMap(([host, threads]) =>
        threads.map((thread) => ({ host, thread })),
      ),
    };
    rolesOf.set(topology, known);
  }
  return known;
}

/**
 * Checks the replicas on brokers whose machine changed in this step (the others were checked already),
 * each against the same replica before the step. Returns whether a leader that keeps leading lost
 * entries (the committed offsets pointing into its log are then checked again).
 */
function checkChangedReplicas(
  before: World,
  after: World,
  brokers: readonly NodeId[],
  v: Violations,
): boolean {
  let shrank = false;
  for (const id of brokers) {
    // A node untouched by the step is the very same object in both worlds.
    const node = nodeState(after, id);
    const previousNode = nodeState(before, id);
    if (node === previousNode) continue;
    const snapshot = node?.parts.broker;
    const previous = previousNode?.parts.broker;
    if (!snapshot || snapshot === previous) continue;
    const was = (previous?.context as BrokerContext | undefined)?.replicas;
    const replicas = (snapshot.context as BrokerContext).replicas;
    if (replicas === was) continue;
    for (const partition in replicas) {
      const r = replicas[partition] as Replica;
      const w = was?.[partition];
      if (w !== r && checkReplica(before, after, id, r, w, v)) shrank = true;
    }
  }
  return shrank;
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
  /** Made with the first violation: almost every step has none. */
  list: InvariantViolation[] | undefined;
  constructor(readonly step: number) {}
  fail(invariant: string, detail: string): void {
    (this.list ??= []).push({ step: this.step, invariant, detail });
  }
}

const NONE: readonly InvariantViolation[] = Object.freeze([]);

/**
 * A replica's own invariants, on the entries the step added (those before were checked already).
 * Returns whether it is the log of a leader that keeps leading and lost entries.
 */
function checkReplica(
  before: World,
  after: World,
  broker: NodeId,
  r: Replica,
  was: Replica | undefined,
  v: Violations,
): boolean {
  const where = `${broker} ${r.partition}`;
  if (r.highWatermark > logEndOffset(r))
    v.fail('HW ≤ LEO', `${where}: HW ${r.highWatermark} > LEO ${logEndOffset(r)}`);
  // The LSO is a cached minimum (firstOpenTxnOffset); checked here against the open transactions,
  // when either side moved (a replica's follower bookkeeping changes far more often than its LSO).
  const lso = lastStableOffset(r);
  const lsoChecked = was !== undefined && r.ongoingTxns === was.ongoingTxns && lso === lastStableOffset(was);
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
  // Offsets only grow on a leader that keeps leading (its replica before the step is `was`).
  if (!was || !keepsLeading(before, after, broker, r.partition)) return false;
  const shrank = logEndOffset(r) < logEndOffset(was);
  if (shrank) v.fail('leader LEO only grows', `${r.partition}: ${logEndOffset(was)} → ${logEndOffset(r)}`);
  if (r.highWatermark < was.highWatermark)
    v.fail('leader HW only grows', `${r.partition}: ${was.highWatermark} → ${r.highWatermark}`);
  return shrank;
}

/** Whether `broker` leads `partition` before and after the step, in the same leader epoch. */
function keepsLeading(before: World, after: World, broker: NodeId, partition: PartitionId): boolean {
  const a = after.leaders[partition];
  const b = before.leaders[partition];
  return a?.leader === broker && b?.leader === broker && a.epoch === b.epoch;
}

/** What the consumer's last poll returned, against its partition leader's aborted transactions. */
function checkReturned(id: NodeId, c: ConsumerContext, r: Replica | undefined, v: Violations): void {
  for (const e of c.returned) {
    const aborted = r?.abortedTxns.some(
      (t) => t.producerId === e.producerId && e.offset >= t.firstOffset && e.offset < t.lastOffset,
    );
    if (c.config.isolationLevel === 'read_committed' && aborted)
      v.fail('read_committed never returns an aborted record', `${id} got ${e.record?.id}@${e.offset}`);
    if (e.kind !== 'data') v.fail('consumers never see control records', `${id} got a ${e.kind} marker`);
  }
}

/** Every committed offset points inside its partition's log. */
function checkCommitted(after: World, gc: GroupCoordinatorContext, v: Violations): void {
  for (const [group, offsets] of Object.entries(gc.committed)) {
    for (const [partition, offset] of Object.entries(offsets)) {
      const r = leaderReplica(after, partition);
      if (r && offset > logEndOffset(r))
        v.fail('committed offset ≤ LEO', `${group} ${partition}: ${offset} > ${logEndOffset(r)}`);
    }
  }
}

export function checkInvariants(before: World, after: World): readonly InvariantViolation[] {
  const v = new Violations(after.steps.length);
  const { brokers, consumers, groupCoordinators, threads } = roles(after.topology);
  // A log shrank or changed leader: the committed offsets pointing into it are checked again.
  let logsShrankOrMoved = checkChangedReplicas(before, after, brokers, v);
  // Leaders change rarely, and always as a new `leaders` object.
  if (after.leaders !== before.leaders)
    for (const { partition } of after.topology.partitions) {
      const a = after.leaders[partition];
      const b = before.leaders[partition];
      if (!a?.leader || a.leader !== b?.leader || a.epoch !== b.epoch) logsShrankOrMoved = true;
    }
  // Consumers never get what is above the HW (or the LSO), nor aborted records under read_committed.
  // Only worth checking again when what the last poll returned, or the leader's aborted list, changed
  // (the consumer's snapshot changes with every record it processes; `returned` only with a poll).
  for (const id of consumers) {
    const c = nodeState(after, id)?.parts.consumer?.context as ConsumerContext | undefined;
    if (!c) continue;
    const was = nodeState(before, id)?.parts.consumer?.context as ConsumerContext | undefined;
    const r = leaderReplica(after, c.partition);
    // Cheap first: the same poll result, and the leader's replica (so its aborted list) untouched.
    if (c.returned === was?.returned && r?.abortedTxns === leaderReplica(before, c.partition)?.abortedTxns)
      continue;
    checkReturned(id, c, r, v);
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
  if (!after.scenario.config.broker.uncleanLeaderElection)
    for (const id of groupCoordinators) {
      const snapshot = nodeState(after, id)?.parts.groupCoordinator;
      if (!snapshot || (snapshot === nodeState(before, id)?.parts.groupCoordinator && !logsShrankOrMoved))
        continue;
      checkCommitted(after, snapshot.context as GroupCoordinatorContext, v);
    }
  // A worker thread lives in its consumer's process: it cannot outlive a crash or run before a restart.
  for (const { host, thread } of threads) {
    const threadDown = isDown(after, thread);
    const hostDown = isDown(after, host);
    if (threadDown !== hostDown)
      v.fail(
        'a worker thread runs only while its process does',
        `${thread} is ${threadDown ? 'down' : 'up'} while ${host} is ${hostDown ? 'down' : 'up'}`,
      );
  }
  checkGroup(before, after, v);
  return v.list ?? NONE;
}

/**
 * A consumer group's guarantees: in any generation a partition has one owner among the members, and the
 * coordinator stores a member's commit only if it comes from the group's current generation.
 */
function checkGroup(before: World, after: World, v: Violations): void {
  if (after.topology.members.length === 0) return;
  // Ownership changes only with a member's machine or its crash: a step that touched no member's node
  // leaves it as the step before checked it.
  if (after.topology.members.some((id) => nodeState(after, id) !== nodeState(before, id)))
    checkOwners(after, v);
  const gcNode = after.participants.find((p) => p.role === 'group-coordinator')?.id;
  // A coordinator the step did not touch has the same commits as before.
  if (!gcNode || nodeState(after, gcNode) === nodeState(before, gcNode)) return;
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
    if (!c || c.generation < 0 || isDown(world, id)) continue;
    for (const p of c.assignment) {
      const key = `generation ${c.generation} ${p}`;
      const other = owners.get(key);
      if (other !== undefined && other !== c.memberId)
        v.fail('one owner per partition per generation', `${key}: ${other} and ${c.memberId}`);
      owners.set(key, c.memberId);
    }
  }
}
