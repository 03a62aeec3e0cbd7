import { assertEvent, assign, enqueueActions, setup, type AnyMachineSnapshot } from 'xstate';
import { rangeAssign } from './rangeAssignor.ts';
import {
  allPositioned,
  currentPosition,
  hasUncommitted,
  knownPositions,
  nextToFetch,
  ownedPartitions,
  readsSeveral,
  turnTo,
  withPosition,
  withoutPosition,
} from './consumerPositions.ts';
import type { ConsumerConfig } from '../config/types.ts';
import type { AbortedTxn, GroupMember, LogEntry, NodeId, PartitionId } from '../kafka/protocol.ts';
import {
  handOff,
  handledBy,
  handlersFor,
  ioActions,
  mark,
  narrate,
  send,
  type CrashEvent,
  type Emit,
  type KafkaEventOf,
  type RestartEvent,
} from './io.ts';
import { code, count, listOf, Node, nodeName } from '../narration/words.ts';
import { isIn } from './stateValue.ts';

/**
 * KafkaConsumer together with the application's poll loop from the seeds:
 *
 *   while (true) { records = poll(); for (r of records) process(r); commitSync(); }
 *
 * with commitSync() before or after processing, or enable.auto.commit committing inside poll().
 * In the consume–transform–produce processor, the loop commits through the producer instead.
 */

export type ConsumerRole = 'consumer' | 'processor' | 'downstream';

/**
 * A member of a consumer group under the classic protocol (group.protocol=classic, Kafka 4.x's default):
 * it joins through JoinGroup/SyncGroup, and its heartbeat thread keeps its session and leaves the group
 * when the application does not call poll() within max.poll.interval.ms (KIP-62).
 */
export interface MemberSettings {
  /** session.timeout.ms: 45000 since Kafka 3.0 (KIP-735). */
  sessionTimeoutMs: number;
  /** max.poll.interval.ms: 300000. */
  maxPollIntervalMs: number;
  /** heartbeat.interval.ms: 3000. */
  heartbeatIntervalMs: number;
  /** Not a Kafka config: how long the application's process() of one record takes (a slow external call). */
  processingMs: number;
}

export interface ConsumerInput {
  id: NodeId;
  config: ConsumerConfig;
  partition: PartitionId;
  role: ConsumerRole;
  /** What processing a record does outside Kafka (the sink), if anything. */
  effect: string | null;
  /** The worker thread the poll loop hands records to (`processing: worker-thread`); none: it processes them itself. */
  worker?: NodeId;
  /** Set for a member of the scenario's consumer group; absent, the consumer reads its partition alone. */
  member?: MemberSettings;
  /** A member: the partitions of the topic its group subscribes to, which its leader assigns. */
  subscription?: PartitionId[];
}

export interface ConsumerContext extends ConsumerInput {
  /** The position in every partition it reads, `partition`'s included (consumerPositions.ts). */
  positions: Record<PartitionId, number>;
  /** Records the last poll returned, and how many of them the application has processed. */
  returned: LogEntry[];
  processed: number;
  committedThisBatch: boolean;
  /** Offsets the last OffsetCommit carried, per partition, for auto-commit: what earlier polls returned. */
  lastCommitted: Record<PartitionId, number>;
  lastAutoCommitAt: number;
  autoCommitDue: boolean;
  error: string | null;
  /** Group membership (members only): '' and -1 until the coordinator gives them, and after leaving. */
  memberId: string;
  generation: number;
  assignment: PartitionId[];
  /** The coordinator answered a heartbeat with REBALANCE_IN_PROGRESS: the next poll() rejoins. */
  rejoinNeeded: boolean;
  lastPollAt: number;
  lastHeartbeatAt: number;
  /** While process() runs a slow call: when it returns. */
  busyUntil: number;
  /**
   * `consumer.groupMetadata()`: the member id and generation of the last completed join, which a
   * processor passes to sendOffsetsToTransaction (KIP-447). ConsumerCoordinator sets it when a join
   * completes and not when the heartbeat thread leaves, so a member that left still sends its old one.
   */
  groupMetadata: GroupMember | null;
  /** When the last OffsetFetch was answered UNSTABLE_OFFSET_COMMIT: it is asked again retry.backoff.ms later. */
  unstableAt: number;
}

export type ConsumerEvent =
  /** `withData`: the owned partitions that have records to return (the world knows the logs). */
  | { type: 'consumer.poll'; now: number; withData?: PartitionId[] }
  | { type: 'consumer.process'; now: number }
  | { type: 'consumer.commitSync'; now: number }
  /** The poll loop hands what poll() returned to its worker thread. */
  | { type: 'consumer.handOff'; now: number }
  /** The processor committed this batch's offsets in its transaction, or aborted it. */
  | { type: 'consumer.batchDone'; now: number; rewind: boolean }
  | { type: 'timer.autoCommit'; now: number }
  | { type: 'timer.heartbeat'; now: number }
  | { type: 'timer.maxPollInterval'; now: number }
  | { type: 'timer.processed'; now: number }
  | { type: 'timer.offsetFetchRetry'; now: number }
  | KafkaEventOf<'JoinGroupResponse'>
  | KafkaEventOf<'SyncGroupResponse'>
  | KafkaEventOf<'HeartbeatResponse'>
  | KafkaEventOf<'OffsetFetchResponse'>
  | KafkaEventOf<'ListOffsetsResponse'>
  | KafkaEventOf<'FetchResponse'>
  | KafkaEventOf<'OffsetCommitResponse'>
  | CrashEvent
  | RestartEvent;

type Ev<T extends ConsumerEvent['type']> = Extract<ConsumerEvent, { type: T }>;
type Handler<T extends ConsumerEvent['type']> = (
  ctx: ConsumerContext,
  e: Ev<T>,
  emit: Emit,
) => ConsumerContext;

function fresh(input: ConsumerInput): ConsumerContext {
  return {
    id: input.id,
    config: input.config,
    partition: input.partition,
    role: input.role,
    effect: input.effect,
    ...(input.worker === undefined ? {} : { worker: input.worker }),
    ...(input.member ? { member: input.member } : {}),
    ...(input.subscription ? { subscription: input.subscription } : {}),
    positions: {},
    returned: [],
    processed: 0,
    committedThisBatch: false,
    lastCommitted: {},
    lastAutoCommitAt: 0,
    autoCommitDue: false,
    error: null,
    memberId: '',
    generation: -1,
    assignment: [],
    rejoinNeeded: false,
    lastPollAt: 0,
    lastHeartbeatAt: 0,
    busyUntil: 0,
    groupMetadata: null,
    unstableAt: 0,
  };
}

/** The consumer's retry.backoff.ms default: how long it waits before asking for unstable offsets again. */
export const CONSUMER_RETRY_BACKOFF_MS = 100;

const readCommitted = (ctx: ConsumerContext) => ctx.config.isolationLevel === 'read_committed';

function offsetFetch(ctx: ConsumerContext, emit: Emit): void {
  emit(
    send('group-coordinator', {
      name: 'OffsetFetch',
      groupId: ctx.config.groupId,
      partitions: ownedPartitions(ctx),
      // KIP-447: every KafkaConsumer asks for stable offsets, whatever its isolation level, and waits
      // out pending transactional offsets (ConsumerCoordinator's OffsetFetch, requireStable true).
      requireStable: true,
    }),
  );
}

/** One OffsetCommit for every partition it reads: `offset` in the current one, the others' positions. */
function commit(ctx: ConsumerContext, offset: number, emit: Emit): ConsumerContext {
  const offsets = { ...knownPositions(ctx), [ctx.partition]: offset };
  emit(
    send('group-coordinator', {
      name: 'OffsetCommit',
      groupId: ctx.config.groupId,
      offsets,
      ...(ctx.member ? { member: { memberId: ctx.memberId, generation: ctx.generation } } : {}),
    }),
  );
  return { ...ctx, lastCommitted: offsets };
}

/** KIP-447: a transaction holds offsets for the partition; ConsumerCoordinator asks again after its back-off. */
const onUnstableOffsets: Handler<'kafka.OffsetFetchResponse'> = (ctx, e, emit) => {
  emit(
    narrate(
      `${Node(ctx.id)} may not start before the open transaction's offsets are decided (${code('UNSTABLE_OFFSET_COMMIT')}): it waits ${code(`retry.backoff.ms=${CONSUMER_RETRY_BACKOFF_MS}`)} and asks again, reading nothing meanwhile.`,
    ),
  );
  return { ...ctx, unstableAt: e.now };
};

/** " of orders-1" when it reads several partitions; nothing when the partition goes without saying. */
const inPartition = (ctx: ConsumerContext, p: PartitionId) => (readsSeveral(ctx) ? ` of ${p}` : '');

/** Every offset a commit carried, as "offset 3 of orders-0 and offset 1 of orders-1" (several) or "offset 3". */
const offsetWords = (ctx: ConsumerContext, offsets: Record<PartitionId, number>) =>
  listOf(Object.entries(offsets).map(([p, o]) => `offset ${o}${inPartition(ctx, p)}`));

const onOffsetFetch: Handler<'kafka.OffsetFetchResponse'> = (ctx, e, emit) => {
  return ownedPartitions(ctx).reduce(
    (c, p) => positionFromCommitted(c, p, e.message.offsets[p] ?? null, emit),
    ctx,
  );
};

/** Where it starts reading partition p: the group's committed offset, or auto.offset.reset's answer. */
function positionFromCommitted(
  ctx: ConsumerContext,
  p: PartitionId,
  committed: number | null,
  emit: Emit,
): ConsumerContext {
  const of = inPartition(ctx, p);
  if (committed !== null) {
    emit(
      narrate(
        `${Node(ctx.id)} resumes from the committed offset ${committed}${of}: the next record it reads is offset ${committed}.`,
      ),
    );
    return { ...withPosition(ctx, p, committed), lastCommitted: { ...ctx.lastCommitted, [p]: committed } };
  }
  const reset = ctx.config.autoOffsetReset;
  if (reset === 'earliest') {
    emit(
      narrate(
        `Group ${ctx.config.groupId} has no committed offset${of}, so ${code('auto.offset.reset=earliest')} starts ${nodeName(ctx.id)} at offset 0.`,
      ),
    );
    return withPosition(ctx, p, 0);
  }
  if (reset === 'latest') {
    emit(send({ leaderOf: p }, { name: 'ListOffsets', partition: p, isolation: ctx.config.isolationLevel }));
    emit(
      narrate(
        `There is no committed offset${of} and ${code('auto.offset.reset=latest')} (the default): ${nodeName(ctx.id)} asks where the log ends and will skip everything before it.`,
      ),
    );
    return ctx;
  }
  emit(
    narrate(
      `There is no committed offset${of} and ${code('auto.offset.reset=none')}: ${code('poll()')} throws ${code('NoOffsetForPartitionException')}.`,
    ),
  );
  return { ...ctx, error: 'NoOffsetForPartitionException' };
}

/**
 * The fetch position is past the log end (an unclean election truncated what it had read):
 * auto.offset.reset decides, as for a group with no committed offset (Fetcher's resetOffsetIfNeeded).
 */
const onOutOfRange: Handler<'kafka.FetchResponse'> = (ctx, e, emit) => {
  const reset = ctx.config.autoOffsetReset;
  const why = `Offset ${e.message.fetchOffset} is past the end of ${ctx.partition}'s log (${code('OFFSET_OUT_OF_RANGE')}): what ${nodeName(ctx.id)} read there was truncated.`;
  if (reset === 'none') {
    emit(
      narrate(
        `${why} With ${code('auto.offset.reset=none')}, ${code('poll()')} throws ${code('OffsetOutOfRangeException')}.`,
      ),
    );
    return { ...ctx, error: 'OffsetOutOfRangeException' };
  }
  if (reset === 'earliest') {
    emit(
      narrate(
        `${why} ${code('auto.offset.reset=earliest')} moves the position to the start of the log, offset 0.`,
      ),
    );
    return withPosition(ctx, ctx.partition, 0);
  }
  emit(
    send(
      { leaderOf: ctx.partition },
      { name: 'ListOffsets', partition: ctx.partition, isolation: ctx.config.isolationLevel },
    ),
  );
  emit(narrate(`${why} ${code('auto.offset.reset=latest')} asks where the log ends now and moves there.`));
  return withoutPosition(ctx, ctx.partition);
};

const onPoll: Handler<'consumer.poll'> = (ctx, e, emit) => {
  let next = ctx;
  const position = currentPosition(ctx);
  if (
    ctx.config.autoCommit &&
    ctx.autoCommitDue &&
    position !== null &&
    hasUncommitted(ctx, ctx.lastCommitted)
  ) {
    emit(
      narrate(
        `${code('auto.commit.interval.ms')} has passed, so ${code('poll()')} first commits ${offsetWords(ctx, knownPositions(ctx))}: everything earlier polls returned, processed or not.`,
      ),
    );
    next = { ...commit(ctx, position, emit), autoCommitDue: false, lastAutoCommitAt: e.now };
  }
  // A member owning several partitions turns to the next one with records to return.
  if (ctx.member) next = turnTo({ ...next, lastPollAt: e.now }, nextToFetch(next, e.withData ?? []));
  emit(
    send(
      { leaderOf: next.partition },
      {
        name: 'Fetch',
        partition: next.partition,
        fetchOffset: currentPosition(next) ?? 0,
        isolation: next.config.isolationLevel,
      },
    ),
  );
  return next;
};

/** Records of aborted transactions are skipped by read_committed consumers (KIP-98). */
function isAborted(entry: LogEntry, aborted: AbortedTxn[]): boolean {
  return aborted.some(
    (t) => t.producerId === entry.producerId && entry.offset >= t.firstOffset && entry.offset < t.lastOffset,
  );
}

const onFetch: Handler<'kafka.FetchResponse'> = (ctx, e, emit) => {
  const m = e.message;
  if (m.error || m.fetchOffset !== currentPosition(ctx)) return ctx;
  const visible = m.entries.filter(
    (x) => x.kind === 'data' && !(readCommitted(ctx) && isAborted(x, m.abortedTransactions)),
  );
  const last = m.entries[m.entries.length - 1];
  const position = last ? last.offset + 1 : m.fetchOffset;
  const skipped = m.entries.length - visible.length;
  emit(
    narrate(
      visible.length > 0
        ? `${code('poll()')} returns ${listOf(visible.map((r) => `${r.record?.id} (offset ${r.offset})`))}${inPartition(ctx, ctx.partition)} to the application; the position moves to ${position}` +
            (skipped > 0
              ? `, past ${count(skipped, 'marker or aborted record', 'markers and aborted records')} it never sees.`
              : '.')
        : `${code('poll()')} returns nothing new${skipped > 0 ? `; the position moves past ${count(skipped, 'marker or aborted record', 'markers and aborted records')} to ${position}` : ''}.`,
    ),
  );
  return withPosition(
    { ...ctx, returned: visible, processed: 0, committedThisBatch: false },
    ctx.partition,
    position,
  );
};

const onProcess: Handler<'consumer.process'> = (ctx, _e, emit) => {
  const entry = ctx.returned[ctx.processed];
  if (!entry?.record) return ctx;
  const id = entry.record.id;
  if (ctx.effect) emit(mark({ kind: 'effect', name: ctx.effect, summary: id, to: 'sink' }));
  emit(
    narrate(
      ctx.effect
        ? `The application processes ${id} (offset ${entry.offset}) and its effect happens: ${ctx.effect} for ${id}.`
        : `The application reads ${id} (offset ${entry.offset}).`,
    ),
  );
  return { ...ctx, processed: ctx.processed + 1 };
};

/** `executor.submit(() -> process(r))` for each record: the loop does not wait for the worker. */
const onHandOff: Handler<'consumer.handOff'> = (ctx, _e, emit) => {
  const records = ctx.returned.slice(ctx.processed);
  if (!ctx.worker || records.length === 0) return ctx;
  emit(
    narrate(
      `The poll loop hands ${listOf(records.map((r) => r.record?.id ?? `offset ${r.offset}`))} to its worker thread (${code('executor.submit')}) and goes back to ${code('poll()')} without waiting for ${records.length === 1 ? 'it' : 'them'} to be processed.`,
    ),
  );
  emit(handOff({ to: ctx.worker, records }));
  return { ...ctx, processed: ctx.returned.length };
};

const onCommitSync: Handler<'consumer.commitSync'> = (ctx, _e, emit) => {
  const offset = currentPosition(ctx) ?? 0;
  const before = ctx.processed < ctx.returned.length;
  const offsets = offsetWords(ctx, { ...knownPositions(ctx), [ctx.partition]: offset });
  emit(
    narrate(
      ctx.worker && !before
        ? `${code('commitSync()')} commits ${offsets}, the position: everything ${code('poll()')} returned, handed to the worker thread, processed or not.`
        : before
          ? `${code('commitSync()')} before processing commits ${offsets} (the next to read) although ${count(ctx.returned.length - ctx.processed, 'record is', 'records are')} not processed yet: a crash now loses ${ctx.returned.length - ctx.processed === 1 ? 'it' : 'them'}.`
          : `${code('commitSync()')} after processing commits ${offsets}, the next ${readsSeveral(ctx) ? 'records' : 'record'} to read.`,
    ),
  );
  return commit({ ...ctx, committedThisBatch: true }, offset, emit);
};

/** A member's application starts a slow process(): the record's effect happens when the call returns. */
const onStartProcessing: Handler<'consumer.process'> = (ctx, e, emit) => {
  const entry = ctx.returned[ctx.processed];
  const ms = ctx.member?.processingMs ?? 0;
  emit(
    narrate(
      `The application starts processing ${entry?.record?.id} (offset ${entry?.offset})${ctx.effect ? `: ${ctx.effect}, a slow external call` : ''} that takes ${ms / 1000} s. The poll loop waits for it; ${code('max.poll.interval.ms')} keeps running.`,
    ),
  );
  return { ...ctx, busyUntil: e.now + ms };
};

const onProcessed: Handler<'timer.processed'> = (ctx, _e, emit) => {
  const entry = ctx.returned[ctx.processed];
  const id = entry?.record?.id ?? '?';
  if (ctx.effect) emit(mark({ kind: 'effect', name: ctx.effect, summary: id, to: 'sink' }));
  emit(
    narrate(
      ctx.effect
        ? `The call returns: ${ctx.effect} for ${id} is done${ctx.generation < 0 ? ', although this consumer is no longer in the group' : ''}.`
        : `The application is done with ${id}.`,
    ),
  );
  return { ...ctx, processed: ctx.processed + 1 };
};

const sendJoinGroup = (ctx: ConsumerContext, _e: unknown, emit: Emit): ConsumerContext => {
  emit(
    send('group-coordinator', {
      name: 'JoinGroup',
      groupId: ctx.config.groupId,
      memberId: ctx.memberId,
      sessionTimeoutMs: ctx.member?.sessionTimeoutMs ?? 0,
      rebalanceTimeoutMs: ctx.member?.maxPollIntervalMs ?? 0,
    }),
  );
  return ctx;
};

/** The JoinGroup answer: the leader computes the assignment; every member then sends SyncGroup. */
const onJoined: Handler<'kafka.JoinGroupResponse'> = (ctx, e, emit) => {
  const { memberId, generation, leader, members } = e.message;
  const leads = memberId === leader;
  emit(
    send('group-coordinator', {
      name: 'SyncGroup',
      groupId: ctx.config.groupId,
      generation,
      memberId,
      ...(leads ? { assignments: rangeAssign(members, ctx.subscription ?? [ctx.partition]) } : {}),
    }),
  );
  return { ...ctx, memberId, generation };
};

/** Its part of the assignment: a partition it now owns is read from the group's committed offset. */
const onAssigned: Handler<'kafka.SyncGroupResponse'> = (ctx, e, emit) => {
  const assignment = e.message.assignment;
  emit(
    narrate(
      assignment.length > 0
        ? `${Node(ctx.id)} owns ${listOf(assignment)} in generation ${ctx.generation}: it asks for the group's committed ${assignment.length > 1 ? 'offsets' : 'offset'} and reads on from there.`
        : `${Node(ctx.id)} gets no partition in generation ${ctx.generation}: it stays in the group, idle, in case a partition comes free.`,
    ),
  );
  // It fetches an owned partition: the one it had, or the first of its new assignment.
  const partition = assignment.includes(ctx.partition) ? ctx.partition : (assignment[0] ?? ctx.partition);
  return {
    ...ctx,
    assignment,
    partition,
    lastHeartbeatAt: e.now,
    rejoinNeeded: false,
    groupMetadata: { memberId: ctx.memberId, generation: ctx.generation },
  };
};

/**
 * Before an eager rejoin gives its partitions up, a member with auto-commit commits its positions
 * (ConsumerCoordinator.onJoinPrepare's maybeAutoCommitOffsetsSync), still in its generation, so that
 * the partitions' next owners start where it stopped. A member already out of the group has no
 * generation to commit in.
 */
const onRevoking = (ctx: ConsumerContext, _e: unknown, emit: Emit): ConsumerContext => {
  const position = currentPosition(ctx);
  if (!ctx.config.autoCommit || ctx.generation < 0 || position === null) return ctx;
  if (!hasUncommitted(ctx, ctx.lastCommitted)) return ctx;
  emit(
    narrate(
      `Before rejoining, ${nodeName(ctx.id)} gives up its partitions (the eager protocol); with ${code('enable.auto.commit')} it first commits ${offsetWords(ctx, knownPositions(ctx))} in generation ${ctx.generation}, so that their next owners start there.`,
    ),
  );
  return commit(ctx, position, emit);
};

/** Rejoining (eager protocol): the member gives up its partitions and its position first. */
const forRejoin = (ctx: ConsumerContext, forgetMember: boolean): ConsumerContext => ({
  ...ctx,
  ...(forgetMember ? { memberId: '', generation: -1 } : {}),
  assignment: [],
  positions: {},
  returned: [],
  processed: 0,
  rejoinNeeded: false,
});

const onRejoinAnswer = (ctx: ConsumerContext, e: { message: { error?: string } }): ConsumerContext =>
  forRejoin(ctx, e.message.error === 'UNKNOWN_MEMBER_ID' || e.message.error === 'ILLEGAL_GENERATION');

const onHeartbeatTimer: Handler<'timer.heartbeat'> = (ctx, e, emit) => {
  emit(
    send('group-coordinator', {
      name: 'Heartbeat',
      groupId: ctx.config.groupId,
      generation: ctx.generation,
      memberId: ctx.memberId,
    }),
  );
  return { ...ctx, lastHeartbeatAt: e.now };
};

/** KIP-62: the heartbeat thread sees that poll() has not been called within max.poll.interval.ms and leaves. */
const onPollTimeout: Handler<'timer.maxPollInterval'> = (ctx, _e, emit) => {
  emit(
    send('group-coordinator', {
      name: 'LeaveGroup',
      groupId: ctx.config.groupId,
      memberId: ctx.memberId,
      reason: 'consumer poll timeout has expired',
    }),
  );
  emit(
    narrate(
      `${code(`max.poll.interval.ms=${ctx.member?.maxPollIntervalMs}`)} has passed since ${nodeName(ctx.id)}'s last ${code('poll()')}: its heartbeat thread sends ${code('LeaveGroup')} and forgets its member id and generation ${ctx.generation}. The application, still processing, does not know yet.`,
    ),
  );
  return { ...ctx, memberId: '', generation: -1 };
};

/** Kafka's words: ConsumerCoordinator.sendOffsetCommitRequest, for a consumer no longer in an active group. */
const KICKED_OUT =
  'Offset commit cannot be completed since the consumer is not part of an active group for auto partition assignment; it is likely that the consumer was kicked out of the group.';
/** Kafka's words: CommitFailedException's default message, for ILLEGAL_GENERATION or UNKNOWN_MEMBER_ID. */
const REBALANCED =
  'Commit cannot be completed since the group has already rebalanced and assigned the partitions to another member. This means that the time between subsequent calls to poll() was longer than the configured max.poll.interval.ms, which typically implies that the poll loop is spending too much time message processing.';

const onCommitOutsideGroup: Handler<'consumer.commitSync'> = (ctx, _e, emit) => {
  emit(
    narrate(
      `${code('commitSync()')} of offset ${currentPosition(ctx)} throws ${code('CommitFailedException')} without sending anything: “${KICKED_OUT}” The records it processed will be processed again by the partition's new owner.`,
    ),
  );
  return forRejoin(ctx, true);
};

const onCommitFenced: Handler<'kafka.OffsetCommitResponse'> = (ctx, e, emit) => {
  emit(
    narrate(
      `The coordinator refused the commit (${code(e.message.error ?? '')}): ${code('commitSync()')} throws ${code('CommitFailedException')}: “${REBALANCED}”`,
    ),
  );
  return forRejoin(ctx, true);
};

const allProcessed = (ctx: ConsumerContext) => ctx.processed >= ctx.returned.length;

/** The loop's order: commit first (before-processing), or once everything is processed. */
/** The poll loop processes a record itself: never when it hands records to a worker thread. */
const mayProcess = (ctx: ConsumerContext) =>
  ctx.worker === undefined &&
  !allProcessed(ctx) &&
  (ctx.config.autoCommit ||
    ctx.role !== 'consumer' ||
    ctx.config.commit === 'after-processing' ||
    ctx.committedThisBatch);

/** The batch in hand is over (nothing returned, or processed and committed by the loop): back to poll(). */
const BATCH_ENDS = [
  { guard: 'nothingReturned', target: 'idle' },
  { guard: 'loopDone', target: 'idle' },
] as const;

/** The application's calls with a batch in hand, in time or after a stall. */
const BATCH_CALLS = {
  'consumer.process': [
    { guard: 'slowProcessing', target: 'processing', actions: 'startProcessing' },
    { guard: 'mayProcess', actions: 'processRecord' },
  ],
  'consumer.handOff': { guard: 'mayHandOff', actions: 'handOffToWorker' },
  'consumer.commitSync': [
    { guard: 'mayCommitOutsideGroup', target: 'idle', actions: 'failCommitOutsideGroup' },
    { guard: 'mayCommit', target: 'committing', actions: 'commitSync' },
  ],
  'consumer.batchDone': { guard: 'isProcessor', target: 'idle', actions: 'endBatch' },
} as const;

const on = handlersFor<ConsumerContext, ConsumerEvent>();
const rejoinErrors = ['REBALANCE_IN_PROGRESS', 'ILLEGAL_GENERATION', 'UNKNOWN_MEMBER_ID'];

export const consumerMachine = setup({
  types: {} as { context: ConsumerContext; events: ConsumerEvent; input: ConsumerInput },
  actions: {
    ...ioActions,
    sendJoinGroup: enqueueActions(handledBy(sendJoinGroup)),
    syncGroup: enqueueActions(on('kafka.JoinGroupResponse', onJoined)),
    takeAssignment: enqueueActions(on('kafka.SyncGroupResponse', onAssigned)),
    prepareRejoin: assign(({ context, event }) =>
      'message' in event && event.message && 'error' in event.message
        ? onRejoinAnswer(context, event as { message: { error?: string } })
        : forRejoin(context, false),
    ),
    noteRejoin: assign({ rejoinNeeded: true }),
    autoCommitBeforeRevoking: enqueueActions(handledBy(onRevoking)),
    sendHeartbeat: enqueueActions(on('timer.heartbeat', onHeartbeatTimer)),
    leaveOnPollTimeout: enqueueActions(on('timer.maxPollInterval', onPollTimeout)),
    startProcessing: enqueueActions(on('consumer.process', onStartProcessing)),
    finishProcessing: enqueueActions(on('timer.processed', onProcessed)),
    failCommitOutsideGroup: enqueueActions(on('consumer.commitSync', onCommitOutsideGroup)),
    failFencedCommit: enqueueActions(on('kafka.OffsetCommitResponse', onCommitFenced)),
    /** auto.commit.interval.ms has passed: the next poll() commits. */
    markAutoCommitDue: assign({ autoCommitDue: true }),
    narrateAutoCommitDue: enqueueActions(
      handledBy(
        (ctx: ConsumerContext, _e: unknown, emit) => (
          emit(
            narrate(
              `${code('auto.commit.interval.ms')} (${ctx.config.autoCommitIntervalMs} ms) has passed since the last commit: the next ${code('poll()')} commits the position, ${currentPosition(ctx) ?? 0}.`,
            ),
          ),
          ctx
        ),
      ),
    ),
    /** OffsetFetch: ask the group coordinator for the partition's committed offset. */
    fetchCommittedOffset: enqueueActions(
      handledBy((ctx: ConsumerContext, _e: unknown, emit) => (offsetFetch(ctx, emit), ctx)),
    ),
    positionAtCommittedOffset: enqueueActions(on('kafka.OffsetFetchResponse', onOffsetFetch)),
    waitForStableOffsets: enqueueActions(on('kafka.OffsetFetchResponse', onUnstableOffsets)),
    rememberListOffsetsPosition: assign(({ context, event }) => {
      assertEvent(event, 'kafka.ListOffsetsResponse');
      const { partition, offset } = event.message;
      return offset >= 0 ? withPosition(context, partition, offset) : context;
    }),
    poll: enqueueActions(on('consumer.poll', onPoll)),
    resetOutOfRangePosition: enqueueActions(on('kafka.FetchResponse', onOutOfRange)),
    returnFetchedRecords: enqueueActions(on('kafka.FetchResponse', onFetch)),
    processRecord: enqueueActions(on('consumer.process', onProcess)),
    handOffToWorker: enqueueActions(on('consumer.handOff', onHandOff)),
    commitSync: enqueueActions(on('consumer.commitSync', onCommitSync)),
    /**
     * The batch is over: nothing returned, nothing processed (the counter describes `returned`).
     * After an abort the processor re-reads from what it had before this batch.
     */
    endBatch: assign(({ context, event }) => {
      assertEvent(event, 'consumer.batchDone');
      const first = context.returned[0]?.offset;
      const over = { ...context, returned: [], processed: 0 };
      return event.rewind && first !== undefined ? withPosition(over, context.partition, first) : over;
    }),
    /** A crashed consumer forgets everything but its input: position, membership, returned records. */
    resetAfterCrash: assign(({ context }) => fresh(context)),
  },
  guards: {
    isMember: ({ context }) => context.member !== undefined,
    /** A member out of the group (it left, or was told to rejoin): its next poll() joins again. */
    mustRejoin: ({ context }) =>
      context.member !== undefined && (context.generation < 0 || context.rejoinNeeded),
    /** A member polls only a partition it owns; a consumer on its own always does. */
    ownsPartition: ({ context }) =>
      context.member === undefined || context.assignment.includes(context.partition),
    assignedPartitions: ({ event }) =>
      event.type === 'kafka.SyncGroupResponse' && event.message.assignment.length > 0,
    syncFailed: ({ event }) => event.type === 'kafka.SyncGroupResponse' && event.message.error !== undefined,
    toldToRejoin: ({ event }) =>
      event.type === 'kafka.HeartbeatResponse' && rejoinErrors.includes(event.message.error ?? ''),
    commitFenced: ({ event }) =>
      event.type === 'kafka.OffsetCommitResponse' &&
      (event.message.error === 'ILLEGAL_GENERATION' || event.message.error === 'UNKNOWN_MEMBER_ID'),
    slowProcessing: ({ context }) => mayProcess(context) && (context.member?.processingMs ?? 0) > 0,
    positioned: ({ context }) => allPositioned(context),
    offsetsUnstable: ({ event }) =>
      event.type === 'kafka.OffsetFetchResponse' && event.message.error === 'UNSTABLE_OFFSET_COMMIT',
    outOfRange: ({ event }) =>
      event.type === 'kafka.FetchResponse' && event.message.error === 'OFFSET_OUT_OF_RANGE',
    failed: ({ context }) => context.error !== null,
    /** A member whose heartbeat thread sent LeaveGroup (max.poll.interval.ms) and forgot its generation. */
    leftGroup: ({ context }) => context.member !== undefined && context.generation < 0,
    nothingReturned: ({ context }) => context.returned.length === 0,
    /** The loop's order: commit first (before-processing), or once everything is processed. */
    mayProcess: ({ context }) => mayProcess(context),
    mayCommitOutsideGroup: ({ context }) =>
      context.member !== undefined &&
      context.generation < 0 &&
      !context.config.autoCommit &&
      !context.committedThisBatch &&
      (context.config.commit === 'before-processing' || allProcessed(context)),
    mayCommit: ({ context }) =>
      context.role !== 'processor' &&
      !context.config.autoCommit &&
      !context.committedThisBatch &&
      (context.config.commit === 'before-processing' || allProcessed(context)),
    mayHandOff: ({ context }) => context.worker !== undefined && !allProcessed(context),
    fetchFailed: ({ event }) => event.type === 'kafka.FetchResponse' && event.message.error !== undefined,
    /** A read-process-write processor: its batch ends when the transaction does. */
    isProcessor: ({ context }) => context.role === 'processor',
    loopDone: ({ context }) =>
      allProcessed(context) &&
      (context.config.autoCommit || (context.role !== 'processor' && context.committedThisBatch)),
  },
}).createMachine({
  id: 'consumer',
  context: ({ input }) => fresh(input),
  initial: 'starting',
  on: {
    'node.crash': { target: '.crashed' },
    // auto-commit has no thread of its own: the interval only makes the next poll() commit.
    'timer.autoCommit': {
      actions: ['markAutoCommitDue', 'narrateAutoCommitDue'],
    },
    // The heartbeat thread runs beside the application: it can leave the group while process() runs.
    'timer.maxPollInterval': { actions: 'leaveOnPollTimeout' },
    'kafka.HeartbeatResponse': { guard: 'toldToRejoin', actions: 'noteRejoin' },
  },
  states: {
    /** A group member joins its group first; a consumer on its own goes straight to its offsets. */
    starting: {
      always: [{ guard: 'isMember', target: 'joiningGroup' }, { target: 'joining' }],
    },
    /** The classic protocol's join: JoinGroup, then SyncGroup with (the leader) the assignment. */
    joiningGroup: {
      initial: 'awaitingJoin',
      states: {
        awaitingJoin: {
          entry: 'sendJoinGroup',
          on: { 'kafka.JoinGroupResponse': { target: 'awaitingSync', actions: 'syncGroup' } },
        },
        awaitingSync: {
          on: {
            'kafka.SyncGroupResponse': [
              { guard: 'syncFailed', target: 'awaitingJoin', actions: 'prepareRejoin' },
              { guard: 'assignedPartitions', target: '#consumer.joining', actions: 'takeAssignment' },
              { target: '#consumer.idle', actions: 'takeAssignment' },
            ],
          },
        },
      },
    },
    joining: {
      entry: 'fetchCommittedOffset',
      always: [
        { guard: 'failed', target: 'failed' },
        { guard: 'positioned', target: 'idle' },
      ],
      on: {
        'kafka.OffsetFetchResponse': [
          { guard: 'offsetsUnstable', target: 'awaitingStableOffsets', actions: 'waitForStableOffsets' },
          { actions: 'positionAtCommittedOffset' },
        ],
        'kafka.ListOffsetsResponse': { actions: 'rememberListOffsetsPosition' },
      },
    },
    /** A transaction holds offsets for the partition (KIP-447): OffsetFetch again after retry.backoff.ms. */
    awaitingStableOffsets: {
      on: { 'timer.offsetFetchRetry': { target: 'joining' } },
    },
    resetting: {
      // auto.offset.reset after OFFSET_OUT_OF_RANGE: at once (earliest), a ListOffsets away (latest), or never (none).
      always: [
        { guard: 'failed', target: 'failed' },
        { guard: 'positioned', target: 'idle' },
      ],
      on: {
        'kafka.ListOffsetsResponse': { actions: 'rememberListOffsetsPosition' },
      },
    },
    idle: {
      on: {
        'consumer.poll': [
          {
            guard: 'mustRejoin',
            target: 'joiningGroup',
            actions: ['autoCommitBeforeRevoking', 'prepareRejoin'],
          },
          { guard: 'ownsPartition', target: 'polling', actions: 'poll' },
        ],
        'timer.heartbeat': { actions: 'sendHeartbeat' },
        // The application is inside poll(), which rejoins at once.
        'kafka.HeartbeatResponse': {
          guard: 'toldToRejoin',
          target: 'joiningGroup',
          actions: ['autoCommitBeforeRevoking', 'prepareRejoin'],
        },
      },
    },
    polling: {
      on: {
        'kafka.FetchResponse': [
          { guard: 'outOfRange', target: 'resetting', actions: 'resetOutOfRangePosition' },
          { guard: 'fetchFailed', target: 'idle' },
          { target: 'hasRecords', actions: 'returnFetchedRecords' },
        ],
      },
    },
    hasRecords: {
      always: [
        ...BATCH_ENDS,
        // The loop took longer than max.poll.interval.ms over this batch (stuck in it, or in a slow call or
        // fetch when the interval passed): the heartbeat thread has left the group behind its back.
        { guard: 'leftGroup', target: 'stalled' },
      ],
      on: BATCH_CALLS,
    },
    /**
     * Stalled past max.poll.interval.ms with a batch in hand: the heartbeat thread has sent LeaveGroup and
     * forgotten the generation, but the application does not know. When it wakes it carries on with the
     * batch as if it still owned the partition (its calls are the same as in hasRecords); it learns that
     * it left from a refused commit (CommitFailedException, or a fenced TxnOffsetCommit) or its next poll().
     */
    stalled: {
      always: BATCH_ENDS,
      on: BATCH_CALLS,
    },
    /** Inside process(): a slow call outside Kafka, until it returns. */
    processing: {
      on: { 'timer.processed': { target: 'hasRecords', actions: 'finishProcessing' } },
    },
    committing: {
      on: {
        // commitSync() blocks until the group coordinator answers.
        'kafka.OffsetCommitResponse': [
          { guard: 'commitFenced', target: 'idle', actions: 'failFencedCommit' },
          { target: 'hasRecords' },
        ],
      },
    },
    failed: {},
    crashed: {
      entry: 'resetAfterCrash',
      on: { 'node.restart': { target: 'starting' } },
    },
  },
});

const HAS_RECORDS = ['hasRecords'];
const STALLED = ['stalled'];

/** The poll loop has a batch in hand, in time or stalled past max.poll.interval.ms: the application works on it. */
export const holdsBatch = (snapshot: AnyMachineSnapshot): boolean =>
  isIn(snapshot, HAS_RECORDS) || isIn(snapshot, STALLED);

/** The consumer's running timers, for the world to offer (`state`: its machine state's name). */
export function consumerTimers(
  ctx: ConsumerContext,
  state: string,
): { event: ConsumerEvent; due: number; label: string }[] {
  const timers: { event: ConsumerEvent; due: number; label: string }[] = [];
  if (
    ctx.config.autoCommit &&
    !ctx.autoCommitDue &&
    currentPosition(ctx) !== null &&
    hasUncommitted(ctx, ctx.lastCommitted)
  )
    timers.push({
      event: { type: 'timer.autoCommit', now: 0 },
      due: ctx.lastAutoCommitAt + ctx.config.autoCommitIntervalMs,
      label: 'auto.commit.interval.ms elapses',
    });
  if (state === 'processing')
    timers.push({
      event: { type: 'timer.processed', now: 0 },
      due: ctx.busyUntil,
      label: 'the slow call returns',
    });
  if (state === 'awaitingStableOffsets')
    timers.push({
      event: { type: 'timer.offsetFetchRetry', now: 0 },
      due: ctx.unstableAt + CONSUMER_RETRY_BACKOFF_MS,
      label: 'retry.backoff.ms: OffsetFetch is sent again',
    });
  const m = ctx.member;
  if (!m || ctx.generation < 0) return timers;
  if (state === 'idle')
    timers.push({
      event: { type: 'timer.heartbeat', now: 0 },
      due: ctx.lastHeartbeatAt + m.heartbeatIntervalMs,
      label: 'heartbeat.interval.ms: the heartbeat thread sends a heartbeat',
    });
  if (['polling', 'hasRecords', 'processing', 'committing'].includes(state))
    timers.push({
      event: { type: 'timer.maxPollInterval', now: 0 },
      due: ctx.lastPollAt + m.maxPollIntervalMs,
      label: 'max.poll.interval.ms passes without a poll()',
    });
  return timers;
}
