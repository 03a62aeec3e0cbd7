import { assign, enqueueActions, setup } from 'xstate';
import type { GroupMember, KafkaError, PartitionId } from '../kafka/protocol.ts';
import {
  handledBy,
  handlersFor,
  ioActions,
  narrate,
  send,
  type CrashEvent,
  type Emit,
  type KafkaEventOf,
  type RestartEvent,
} from './io.ts';
import { code, listOf, Node, nodeName } from '../narration/words.ts';
import { GROUP_OFFSETS } from './txnCoordinator.ts';
import {
  allJoined,
  commitError,
  emptyGroup,
  INITIAL_REBALANCE_DELAY_MS,
  memberOf,
  newMemberId,
  withMember,
  withoutMember,
  type ClassicGroup,
} from './classicGroup.ts';

/**
 * The group coordinator: committed offsets per group and partition (the next offset to read), and
 * transactional offsets held pending until their transaction's marker (KIP-98, KIP-447). Offsets live in
 * __consumer_offsets, so they survive a crash.
 *
 * It also runs the classic group protocol for the scenario's group with members (JoinGroup, SyncGroup,
 * Heartbeat, LeaveGroup): its states are the group's phases, ClassicGroupState's Empty,
 * PreparingRebalance, CompletingRebalance and Stable. A group nobody joins stays Empty, as a group with
 * only committed offsets is in Kafka.
 */

export interface GroupCoordinatorContext {
  committed: Record<string, Record<PartitionId, number>>;
  /** Producer id → offsets committed inside its open transaction. */
  pending: Record<number, { groupId: string; offsets: Record<PartitionId, number> }>;
  /**
   * Producer id → the newest epoch __consumer_offsets has seen from it (its TxnOffsetCommits and markers),
   * as a partition's producer state does: a write with an older epoch is a zombie's and is refused.
   */
  epochs: Record<number, number>;
  /** The classic group whose members join through this coordinator (one per scenario). */
  group: ClassicGroup;
}

export type GroupCoordinatorEvent =
  | KafkaEventOf<'OffsetCommit'>
  | KafkaEventOf<'TxnOffsetCommit'>
  | KafkaEventOf<'OffsetFetch'>
  | KafkaEventOf<'WriteTxnMarkers'>
  | KafkaEventOf<'JoinGroup'>
  | KafkaEventOf<'SyncGroup'>
  | KafkaEventOf<'Heartbeat'>
  | KafkaEventOf<'LeaveGroup'>
  | { type: 'timer.initialRebalanceDelay'; now: number }
  | { type: 'timer.sessionExpiry'; now: number; memberId: string }
  | CrashEvent
  | RestartEvent;

type Ev<T extends GroupCoordinatorEvent['type']> = Extract<GroupCoordinatorEvent, { type: T }>;
type Ctx = GroupCoordinatorContext;

/** "offset 2 of input-0". */
const list = (offsets: Record<PartitionId, number>) =>
  listOf(Object.entries(offsets).map(([p, o]) => `offset ${o} of ${p}`));

const withGroup = (ctx: Ctx, group: ClassicGroup): Ctx => ({ ...ctx, group });

/** A member (re)joins: a first JoinGroup gets a member id; either way it has joined this phase. */
function onJoinGroup(ctx: Ctx, e: Ev<'kafka.JoinGroup'>, _emit: Emit): Ctx {
  const m = e.message;
  let g: ClassicGroup = { ...ctx.group, groupId: m.groupId };
  const known = m.memberId !== '' && memberOf(g, m.memberId);
  const memberId = known ? m.memberId : newMemberId(g, e.from);
  if (!known) {
    g = {
      ...g,
      issued: g.issued + 1,
      members: [
        ...g.members,
        {
          memberId,
          node: e.from,
          sessionTimeoutMs: m.sessionTimeoutMs,
          rebalanceTimeoutMs: m.rebalanceTimeoutMs,
          lastHeartbeat: e.now,
          joined: true,
          awaitingSync: false,
        },
      ],
    };
  }
  g = withMember(g, memberId, (r) => ({
    ...r,
    node: e.from,
    joined: true,
    awaitingSync: false,
    lastHeartbeat: e.now,
  }));
  return withGroup(ctx, g);
}

/** The join phase ends: a new generation, a leader, and every member's JoinGroup answered. */
function completeJoin(ctx: Ctx, _e: unknown, emit: Emit): Ctx {
  const g = ctx.group;
  const generation = g.generation + 1;
  const leader = g.leader && memberOf(g, g.leader) ? g.leader : (g.members[0]?.memberId ?? null);
  const ids = g.members.map((m) => m.memberId);
  for (const m of g.members)
    emit(
      send(m.node, {
        name: 'JoinGroupResponse',
        generation,
        memberId: m.memberId,
        leader: leader ?? '',
        members: m.memberId === leader ? ids : [],
      }),
    );
  emit(
    narrate(
      `Every member has joined: group ${g.groupId} moves to generation ${generation} with ${listOf(ids)}. The leader, ${leader}, computes the assignment (the range assignor) and sends it in its ${code('SyncGroup')}.`,
    ),
  );
  return withGroup(ctx, {
    ...g,
    generation,
    leader,
    assignment: {},
    joinDeadline: null,
    members: g.members.map((m) => ({ ...m, joined: false })),
  });
}

/** Answers every SyncGroup that waits, with the member's part of the leader's assignment. */
function answerSyncs(g: ClassicGroup, emit: Emit): ClassicGroup {
  for (const m of g.members)
    if (m.awaitingSync)
      emit(send(m.node, { name: 'SyncGroupResponse', assignment: g.assignment[m.memberId] ?? [] }));
  return { ...g, members: g.members.map((m) => ({ ...m, awaitingSync: false })) };
}

/** What a member's request is refused with, if its member id or generation is not the group's. */
function memberError(g: ClassicGroup, memberId: string, generation: number): KafkaError | null {
  if (!memberOf(g, memberId)) return 'UNKNOWN_MEMBER_ID';
  return generation === g.generation ? null : 'ILLEGAL_GENERATION';
}

function onSyncGroup(ctx: Ctx, e: Ev<'kafka.SyncGroup'>, emit: Emit): Ctx {
  const m = e.message;
  const error = memberError(ctx.group, m.memberId, m.generation);
  if (error) {
    emit(send(e.from, { name: 'SyncGroupResponse', assignment: [], error }));
    return ctx;
  }
  let g = withMember(ctx.group, m.memberId, (r) => ({ ...r, awaitingSync: true, lastHeartbeat: e.now }));
  if (m.assignments && m.memberId === g.leader) {
    g = { ...g, assignment: m.assignments };
    emit(
      narrate(
        `The leader's assignment for generation ${g.generation}: ${listOf(
          Object.entries(m.assignments).map(
            ([id, ps]) => `${id} gets ${ps.length > 0 ? listOf(ps) : 'nothing'}`,
          ),
        )}. The group is ${code('Stable')}.`,
      ),
    );
    g = answerSyncs(g, emit);
  }
  return withGroup(ctx, g);
}

/** A SyncGroup arriving once the group is Stable (a follower's, after the leader's) is answered at once. */
function onLateSyncGroup(ctx: Ctx, e: Ev<'kafka.SyncGroup'>, emit: Emit): Ctx {
  const m = e.message;
  const error = memberError(ctx.group, m.memberId, m.generation);
  emit(
    send(e.from, {
      name: 'SyncGroupResponse',
      assignment: error ? [] : (ctx.group.assignment[m.memberId] ?? []),
      ...(error ? { error } : {}),
    }),
  );
  return ctx;
}

function onHeartbeat(ctx: Ctx, e: Ev<'kafka.Heartbeat'>, emit: Emit, rebalancing: boolean): Ctx {
  const m = e.message;
  const error =
    memberError(ctx.group, m.memberId, m.generation) ?? (rebalancing ? 'REBALANCE_IN_PROGRESS' : null);
  emit(send(e.from, { name: 'HeartbeatResponse', ...(error ? { error } : {}) }));
  if (error === 'REBALANCE_IN_PROGRESS')
    emit(
      narrate(
        `The group is rebalancing: the coordinator answers ${nodeName(e.from)}'s heartbeat with ${code('REBALANCE_IN_PROGRESS')}, and ${nodeName(e.from)} must send ${code('JoinGroup')} again.`,
      ),
    );
  if (!memberOf(ctx.group, m.memberId)) return ctx;
  return withGroup(
    ctx,
    withMember(ctx.group, m.memberId, (r) => ({ ...r, lastHeartbeat: e.now })),
  );
}

/** A member leaves (LeaveGroup) or its session expires: it is removed, and the others must rejoin. */
function removeMember(ctx: Ctx, memberId: string, why: string, emit: Emit): Ctx {
  const g = withoutMember(ctx.group, memberId);
  emit(
    narrate(
      `${why} The coordinator removes ${memberId} from group ${g.groupId}` +
        (g.members.length > 0
          ? `, and the group goes to ${code('PreparingRebalance')}: every other member must rejoin, and its partitions go to whoever owns them in generation ${g.generation + 1}.`
          : ': no member is left.'),
    ),
  );
  // Who already rejoined in this join phase stays joined (outside one, nobody is): the phase ends when the rest have.
  return withGroup(ctx, { ...g, members: g.members.map((m) => ({ ...m, awaitingSync: false })) });
}

function onLeaveGroup(ctx: Ctx, e: Ev<'kafka.LeaveGroup'>, emit: Emit): Ctx {
  emit(send(e.from, { name: 'LeaveGroupResponse' }));
  if (!memberOf(ctx.group, e.message.memberId)) return ctx;
  return removeMember(
    ctx,
    e.message.memberId,
    `${Node(e.from)} leaves the group (${e.message.reason}).`,
    emit,
  );
}

const onSessionExpiry = (ctx: Ctx, e: Ev<'timer.sessionExpiry'>, emit: Emit): Ctx =>
  memberOf(ctx.group, e.memberId)
    ? removeMember(
        ctx,
        e.memberId,
        `No heartbeat from ${e.memberId} for ${code(`session.timeout.ms=${memberOf(ctx.group, e.memberId)?.sessionTimeoutMs}`)}.`,
        emit,
      )
    : ctx;

function onOffsetCommit(ctx: Ctx, e: Ev<'kafka.OffsetCommit'>, emit: Emit): Ctx {
  const { groupId, offsets, member } = e.message;
  const error = commitError(ctx.group, groupId, member);
  if (error) {
    emit(send(e.from, { name: 'OffsetCommitResponse', offsets, error }));
    emit(
      narrate(
        `The group coordinator refuses ${list(offsets)} for group ${groupId}: ${
          error === 'ILLEGAL_GENERATION'
            ? `it comes from generation ${member?.generation}, and the group is at generation ${ctx.group.generation}`
            : `${member?.memberId ?? 'the committer'} is not a member of the group`
        } (${code(error)}). The committed offset stays ${ctx.committed[groupId]?.[Object.keys(offsets)[0] ?? ''] ?? 'unset'}.`,
      ),
    );
    return ctx;
  }
  emit(send(e.from, { name: 'OffsetCommitResponse', offsets }));
  emit(
    narrate(
      `The group coordinator stores ${list(offsets)} as the committed offset of group ${groupId}${member ? ` (from ${member.memberId}, generation ${member.generation})` : ''}: the next record the group will read after a restart.`,
    ),
  );
  return { ...ctx, committed: { ...ctx.committed, [groupId]: { ...ctx.committed[groupId], ...offsets } } };
}

function onTxnOffsetCommit(ctx: Ctx, e: Ev<'kafka.TxnOffsetCommit'>, emit: Emit): Ctx {
  const { groupId, offsets, producerId, epoch, member } = e.message;
  const known = ctx.epochs[producerId] ?? -1;
  if (epoch < known) {
    emit(send(e.from, { name: 'TxnOffsetCommitResponse', error: 'PRODUCER_FENCED' }));
    emit(
      narrate(
        `The group coordinator refuses ${list(offsets)} for group ${groupId} from epoch ${epoch}: producer ${producerId} is at epoch ${known} now, so this is a fenced instance (${code('PRODUCER_FENCED')}). Nothing becomes pending.`,
      ),
    );
    return ctx;
  }
  // KIP-447: the consumer's group metadata travels with the offsets, so a zombie of an old generation is fenced.
  const error = commitError(ctx.group, groupId, member);
  if (error) {
    emit(send(e.from, { name: 'TxnOffsetCommitResponse', error }));
    emit(
      narrate(
        `The group coordinator refuses ${list(offsets)} for group ${groupId}: ${fencedBecause(error, member, ctx.group.generation)} (${code(error)}, KIP-447). Nothing becomes pending.`,
      ),
    );
    return ctx;
  }
  emit(send(e.from, { name: 'TxnOffsetCommitResponse' }));
  return {
    ...ctx,
    pending: { ...ctx.pending, [producerId]: { groupId, offsets } },
    epochs: { ...ctx.epochs, [producerId]: epoch },
  };
}

/** Why the group metadata sent with transactional offsets is stale, in the words of the error it earns. */
function fencedBecause(error: KafkaError, member: GroupMember | undefined, generation: number): string {
  if (!member) return 'they come without group metadata, and the group has members';
  return error === 'UNKNOWN_MEMBER_ID'
    ? `they come from member ${member.memberId}, which is no longer in the group`
    : `they come from generation ${member.generation}, and the group is at generation ${generation}`;
}

function onWriteTxnMarkers(ctx: Ctx, e: Ev<'kafka.WriteTxnMarkers'>, emit: Emit): Ctx {
  const { producerId, commit, epoch } = e.message;
  const txn = ctx.pending[producerId];
  const pending = { ...ctx.pending };
  delete pending[producerId];
  // The marker carries the producer's current (possibly bumped) epoch.
  const epochs = { ...ctx.epochs, [producerId]: Math.max(ctx.epochs[producerId] ?? -1, epoch) };
  emit(send(e.from, { name: 'WriteTxnMarkersResponse', producerId, partitions: [GROUP_OFFSETS] }));
  if (!txn) return { ...ctx, pending, epochs };
  emit(
    narrate(
      commit
        ? `The ${code('COMMIT')} marker reaches ${GROUP_OFFSETS}: ${list(txn.offsets)} becomes the committed offset of group ${txn.groupId}.`
        : `The ${code('ABORT')} marker reaches ${GROUP_OFFSETS}: the pending ${list(txn.offsets)} is thrown away, and the group will re-read from its last committed offset.`,
    ),
  );
  if (!commit) return { ...ctx, pending, epochs };
  const committed = { ...ctx.committed, [txn.groupId]: { ...ctx.committed[txn.groupId], ...txn.offsets } };
  return { ...ctx, committed, pending, epochs };
}

function onOffsetFetch(ctx: Ctx, e: Ev<'kafka.OffsetFetch'>, emit: Emit): Ctx {
  const { groupId, partitions, requireStable } = e.message;
  const unstable =
    requireStable &&
    Object.values(ctx.pending).some((t) => t.groupId === groupId && partitions.some((p) => p in t.offsets));
  if (unstable) {
    emit(send(e.from, { name: 'OffsetFetchResponse', offsets: {}, error: 'UNSTABLE_OFFSET_COMMIT' }));
    emit(
      narrate(
        `A transaction still holds pending offsets for group ${groupId}: the group coordinator answers ${code('UNSTABLE_OFFSET_COMMIT')} and the consumer will ask again.`,
      ),
    );
    return ctx;
  }
  const offsets = Object.fromEntries(partitions.map((p) => [p, ctx.committed[groupId]?.[p] ?? null]));
  emit(send(e.from, { name: 'OffsetFetchResponse', offsets }));
  return ctx;
}

/** A SyncGroup the group cannot take now: it is rebalancing again, or the member is unknown. */
function refuseSyncGroup(ctx: Ctx, e: Ev<'kafka.SyncGroup'>, emit: Emit): Ctx {
  const m = e.message;
  const error = memberError(ctx.group, m.memberId, m.generation) ?? 'REBALANCE_IN_PROGRESS';
  emit(send(e.from, { name: 'SyncGroupResponse', assignment: [], error }));
  return ctx;
}

/** A new join phase: SyncGroups still waiting for the last phase's assignment are told to rejoin. */
function refusePendingSyncs(ctx: Ctx, _e: unknown, emit: Emit): Ctx {
  const waiting = ctx.group.members.filter((m) => m.awaitingSync);
  if (waiting.length === 0) return ctx;
  for (const m of waiting)
    emit(send(m.node, { name: 'SyncGroupResponse', assignment: [], error: 'REBALANCE_IN_PROGRESS' }));
  return withGroup(ctx, {
    ...ctx.group,
    members: ctx.group.members.map((m) => ({ ...m, awaitingSync: false })),
  });
}

const on = handlersFor<Ctx, GroupCoordinatorEvent>();

/** What the coordinator serves whatever its group's phase: offsets (and a crash). */
const offsetRequests = {
  'node.crash': { target: '#groupCoordinator.crashed' },
  'kafka.OffsetCommit': { actions: 'commitOffsets' },
  'kafka.TxnOffsetCommit': { actions: 'commitTxnOffsets' },
  'kafka.WriteTxnMarkers': { actions: 'writeMarkers' },
  'kafka.OffsetFetch': { actions: 'fetchOffsets' },
} as const;

const knownMember = (ctx: Ctx, memberId: string) => memberOf(ctx.group, memberId) !== undefined;

export const groupCoordinatorMachine = setup({
  types: {} as { context: GroupCoordinatorContext; events: GroupCoordinatorEvent },
  actions: {
    ...ioActions,
    commitOffsets: enqueueActions(on('kafka.OffsetCommit', onOffsetCommit)),
    commitTxnOffsets: enqueueActions(on('kafka.TxnOffsetCommit', onTxnOffsetCommit)),
    writeMarkers: enqueueActions(on('kafka.WriteTxnMarkers', onWriteTxnMarkers)),
    fetchOffsets: enqueueActions(on('kafka.OffsetFetch', onOffsetFetch)),
    joinGroup: enqueueActions(on('kafka.JoinGroup', onJoinGroup)),
    startInitialDelay: assign({
      group: ({ context, event }) => ({
        ...context.group,
        joinDeadline: event.now + INITIAL_REBALANCE_DELAY_MS,
      }),
    }),
    endInitialDelay: assign({ group: ({ context }) => ({ ...context.group, joinDeadline: null }) }),
    completeJoin: enqueueActions(handledBy(completeJoin)),
    /** The last member left: the join phase ends with nobody, and the generation still moves on. */
    endEmpty: assign({
      group: ({ context }) => ({
        ...context.group,
        generation: context.group.generation + 1,
        leader: null,
        joinDeadline: null,
      }),
    }),
    syncGroup: enqueueActions(on('kafka.SyncGroup', onSyncGroup)),
    answerLateSyncGroup: enqueueActions(on('kafka.SyncGroup', onLateSyncGroup)),
    refuseSyncGroup: enqueueActions(on('kafka.SyncGroup', refuseSyncGroup)),
    refusePendingSyncs: enqueueActions(handledBy(refusePendingSyncs)),
    heartbeatWhileRebalancing: enqueueActions(
      on('kafka.Heartbeat', (ctx, e, emit) => onHeartbeat(ctx, e, emit, true)),
    ),
    heartbeat: enqueueActions(on('kafka.Heartbeat', (ctx, e, emit) => onHeartbeat(ctx, e, emit, false))),
    leaveGroup: enqueueActions(on('kafka.LeaveGroup', onLeaveGroup)),
    expireSession: enqueueActions(on('timer.sessionExpiry', onSessionExpiry)),
  },
  guards: {
    hasGroup: ({ context }) => context.group.groupId !== null,
    noMembers: ({ context }) => context.group.members.length === 0,
    allJoined: ({ context }) => allJoined(context.group),
    leaderSynced: ({ context }) => Object.keys(context.group.assignment).length > 0,
    leavingMember: ({ context, event }) =>
      (event.type === 'kafka.LeaveGroup' && knownMember(context, event.message.memberId)) ||
      (event.type === 'timer.sessionExpiry' && knownMember(context, event.memberId)),
  },
}).createMachine({
  id: 'groupCoordinator',
  context: { committed: {}, pending: {}, epochs: {}, group: emptyGroup() },
  initial: 'online',
  states: {
    /** Serving offsets; no member has joined a group yet (a group with only committed offsets). */
    online: {
      on: {
        ...offsetRequests,
        'kafka.JoinGroup': {
          target: 'classicGroup.PreparingRebalance',
          actions: ['joinGroup', 'startInitialDelay'],
        },
        'kafka.LeaveGroup': { actions: 'leaveGroup' },
        'kafka.Heartbeat': { actions: 'heartbeat' },
        'kafka.SyncGroup': { actions: 'refuseSyncGroup' },
      },
    },
    /** Serving offsets and the classic group's membership: its phases are ClassicGroupState's. */
    classicGroup: {
      initial: 'Empty',
      on: {
        ...offsetRequests,
        'kafka.LeaveGroup': [
          { guard: 'leavingMember', target: '.PreparingRebalance', actions: 'leaveGroup' },
          { actions: 'leaveGroup' },
        ],
        'timer.sessionExpiry': {
          guard: 'leavingMember',
          target: '.PreparingRebalance',
          actions: 'expireSession',
        },
        'kafka.Heartbeat': { actions: 'heartbeat' },
        'kafka.SyncGroup': { actions: 'refuseSyncGroup' },
      },
      states: {
        Empty: {
          on: {
            'kafka.JoinGroup': { target: 'PreparingRebalance', actions: ['joinGroup', 'startInitialDelay'] },
          },
        },
        /** Waiting for every member to (re)join; the first join into an Empty group waits out the initial delay. */
        PreparingRebalance: {
          entry: 'refusePendingSyncs',
          always: [
            { guard: 'noMembers', target: 'Empty', actions: 'endEmpty' },
            { guard: 'allJoined', target: 'CompletingRebalance' },
          ],
          on: {
            'kafka.JoinGroup': { actions: 'joinGroup' },
            'kafka.Heartbeat': { actions: 'heartbeatWhileRebalancing' },
            'timer.initialRebalanceDelay': { actions: 'endInitialDelay' },
          },
        },
        /** Joined: waiting for the leader's SyncGroup with the assignment. */
        CompletingRebalance: {
          entry: 'completeJoin',
          always: { guard: 'leaderSynced', target: 'Stable' },
          on: {
            'kafka.JoinGroup': { target: 'PreparingRebalance', actions: 'joinGroup' },
            'kafka.SyncGroup': { actions: 'syncGroup' },
          },
        },
        Stable: {
          on: {
            'kafka.JoinGroup': { target: 'PreparingRebalance', actions: 'joinGroup' },
            'kafka.SyncGroup': { actions: 'answerLateSyncGroup' },
          },
        },
        hist: { type: 'history' },
      },
    },
    // The group's metadata is in __consumer_offsets too: a restarted coordinator is back in the same phase.
    crashed: {
      on: {
        'node.restart': [{ guard: 'hasGroup', target: 'classicGroup.hist' }, { target: 'online' }],
      },
    },
  },
});

/** The coordinator's running timers, for the world to offer (session expiries only for silent members). */
export function groupCoordinatorTimers(
  ctx: GroupCoordinatorContext,
): { event: GroupCoordinatorEvent; due: number; label: string; memberId?: string; node?: string }[] {
  const g = ctx.group;
  const timers: {
    event: GroupCoordinatorEvent;
    due: number;
    label: string;
    memberId?: string;
    node?: string;
  }[] = g.members.map((m) => ({
    event: { type: 'timer.sessionExpiry', now: 0, memberId: m.memberId },
    due: m.lastHeartbeat + m.sessionTimeoutMs,
    label: `session.timeout.ms expires for ${m.memberId}`,
    memberId: m.memberId,
    node: m.node,
  }));
  if (g.joinDeadline !== null)
    timers.unshift({
      event: { type: 'timer.initialRebalanceDelay', now: 0 },
      due: g.joinDeadline,
      label: `group.initial.rebalance.delay.ms ends the join phase of group ${g.groupId}`,
    });
  return timers;
}
