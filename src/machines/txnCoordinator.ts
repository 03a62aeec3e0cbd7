import { assign, enqueueActions, setup } from 'xstate';
import type { KafkaError, NodeId, PartitionId } from '../kafka/protocol.ts';
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
import { code, listOf } from '../narration/words.ts';

/**
 * The transaction coordinator for one transactional.id (TransactionMetadata.scala's states), which also
 * hands out producer ids to idempotent producers. Its state lives in __transaction_state, so it survives a
 * crash: on restart it resumes where it was and re-sends the markers of a prepared transaction.
 *
 * With transaction version 2 (Kafka 4.0's default, KIP-890 part 2) every EndTxn bumps the epoch, so a
 * late write of a finished transaction carries a stale epoch; with the classic protocol (0 or 1) the
 * epoch changes only when an instance is fenced (InitProducerId, transaction.timeout.ms).
 */

export const GROUP_OFFSETS = '__consumer_offsets';

/** The broker's transaction.max.timeout.ms default: a longer transaction.timeout.ms is refused. */
export const TRANSACTION_MAX_TIMEOUT_MS = 900000;

export interface TxnCoordinatorInput {
  transactionTimeoutMs: number;
  /** The cluster's transaction.version; 2 unless given. */
  transactionVersion?: number;
  /**
   * The first producer id it hands out; 1000 unless given. A second coordinator (another transactional.id)
   * starts elsewhere, as Kafka's coordinators take disjoint blocks of producer ids from the controller.
   */
  firstProducerId?: number;
}

export interface TxnCoordinatorContext {
  transactionTimeoutMs: number;
  transactionVersion: number;
  /** TV2: the epoch the last EndTxn came from, so that its retry is recognised, not fenced. */
  endedFromEpoch: number | null;
  nextProducerId: number;
  transactionalId: string | null;
  producerId: number;
  epoch: number;
  partitions: PartitionId[];
  groupId: string | null;
  startedAt: number;
  /**
   * Why the epoch was last bumped past an instance's: a new instance's InitProducerId, or the
   * coordinator's own transaction.timeout.ms abort, after which no other instance exists.
   */
  fencedBy: 'instance' | 'timeout';
  /** The epoch the last fence left behind (the zombie's), until the next InitProducerId names it. */
  fencedEpoch: number | null;
  /** Partitions (and __consumer_offsets) still waiting for their marker. */
  pendingMarkers: PartitionId[];
}

export type TxnCoordinatorEvent =
  | KafkaEventOf<'InitProducerId'>
  | KafkaEventOf<'AddPartitionsToTxn'>
  | KafkaEventOf<'AddOffsetsToTxn'>
  | KafkaEventOf<'EndTxn'>
  | KafkaEventOf<'WriteTxnMarkersResponse'>
  | { type: 'timer.transactionTimeout'; now: number }
  | CrashEvent
  | RestartEvent;

type Ev<T extends TxnCoordinatorEvent['type']> = Extract<TxnCoordinatorEvent, { type: T }>;
type Handler<T extends TxnCoordinatorEvent['type']> = (
  ctx: TxnCoordinatorContext,
  e: Ev<T>,
  emit: Emit,
) => TxnCoordinatorContext;

/**
 * WriteTxnMarkers to every partition leader in the transaction, and to the group coordinator for offsets.
 * The coordinator sets no timer of its own for them: like Kafka's TransactionMarkerChannelManager it hands
 * them to its network client, which re-sends a marker whose request times out or whose connection breaks
 * (the world's awaited requests, src/sim/network.ts).
 */
function sendMarkers(ctx: TxnCoordinatorContext, commit: boolean, emit: Emit): TxnCoordinatorContext {
  const targets = ctx.pendingMarkers;
  for (const partition of targets) {
    const toGroup = partition === GROUP_OFFSETS;
    emit(
      send(toGroup ? 'group-coordinator' : { leaderOf: partition }, {
        name: 'WriteTxnMarkers',
        producerId: ctx.producerId,
        epoch: ctx.epoch,
        commit,
        partitions: [partition],
        ...(toGroup && ctx.groupId ? { groupId: ctx.groupId } : {}),
      }),
    );
  }
  return ctx;
}

const allTargets = (ctx: TxnCoordinatorContext) => [
  ...ctx.partitions,
  ...(ctx.groupId ? [GROUP_OFFSETS] : []),
];

function reply(
  emit: Emit,
  to: NodeId,
  name: 'AddPartitionsToTxnResponse' | 'AddOffsetsToTxnResponse',
  error?: KafkaError,
  partitions: PartitionId[] = [],
  transactionalId?: string,
) {
  if (name === 'AddPartitionsToTxnResponse')
    emit(
      send(to, {
        name,
        partitions,
        ...(error ? { error } : {}),
        ...(transactionalId === undefined ? {} : { transactionalId }),
      }),
    );
  else emit(send(to, { name, ...(error ? { error } : {}) }));
}

const fenced = (ctx: TxnCoordinatorContext, epoch: number) => epoch < ctx.epoch;

const onAddPartitions: Handler<'kafka.AddPartitionsToTxn'> = (ctx, e, emit) => {
  if (fenced(ctx, e.message.epoch)) {
    emit(
      narrate(
        `The transaction coordinator refuses ${code('AddPartitionsToTxn')} from epoch ${e.message.epoch}: the current epoch is ${ctx.epoch} (${code('PRODUCER_FENCED')}).`,
      ),
    );
    reply(emit, e.from, 'AddPartitionsToTxnResponse', 'PRODUCER_FENCED', [], e.message.transactionalId);
    return ctx;
  }
  const partitions = [...new Set([...ctx.partitions, ...e.message.partitions])];
  reply(
    emit,
    e.from,
    'AddPartitionsToTxnResponse',
    undefined,
    e.message.partitions,
    e.message.transactionalId,
  );
  emit(
    narrate(
      `The transaction coordinator records ${listOf(e.message.partitions)} in the transaction of ${code(`transactional.id=${ctx.transactionalId}`)}${e.from.startsWith('broker-') ? `, as its leader asked (transaction version 2: the producer sent no ${code('AddPartitionsToTxn')})` : ''}.`,
    ),
  );
  return { ...ctx, partitions };
};

const onAddOffsets: Handler<'kafka.AddOffsetsToTxn'> = (ctx, e, emit) => {
  if (fenced(ctx, e.message.epoch)) {
    reply(emit, e.from, 'AddOffsetsToTxnResponse', 'PRODUCER_FENCED');
    return ctx;
  }
  reply(emit, e.from, 'AddOffsetsToTxnResponse');
  emit(
    narrate(
      `The transaction coordinator adds the offsets of group ${e.message.groupId} to the transaction: its markers will settle them too.`,
    ),
  );
  return { ...ctx, groupId: e.message.groupId };
};

/** InitProducerId without transactional.id: an idempotent producer just needs a fresh id. */
const onIdempotentInit: Handler<'kafka.InitProducerId'> = (ctx, e, emit) => {
  emit(send(e.from, { name: 'InitProducerIdResponse', producerId: ctx.nextProducerId, epoch: 0 }));
  emit(narrate(`A broker assigns producer id ${ctx.nextProducerId} (epoch 0) to the idempotent producer.`));
  return { ...ctx, nextProducerId: ctx.nextProducerId + 1 };
};

/**
 * InitProducerId(transactional.id) when no transaction is open: bump the epoch (or allocate an id). A
 * request that names the producer's id and epoch is that producer asking for the bump itself after a
 * failed batch (KIP-360); one that names an older epoch comes from a fenced instance (PRODUCER_FENCED).
 */
const onTransactionalInit: Handler<'kafka.InitProducerId'> = (ctx, e, emit) => {
  const asked = e.message.epoch;
  if (asked !== undefined && ctx.producerId >= 0 && asked < ctx.epoch) {
    emit(
      send(e.from, { name: 'InitProducerIdResponse', producerId: -1, epoch: -1, error: 'PRODUCER_FENCED' }),
    );
    emit(
      narrate(
        `The coordinator refuses the epoch bump asked for from epoch ${asked} with \`PRODUCER_FENCED\`: ${ctx.transactionalId}'s epoch is already ${ctx.epoch}.`,
      ),
    );
    return ctx;
  }
  const fresh = ctx.producerId < 0;
  const next = fresh
    ? {
        ...ctx,
        transactionalId: e.message.transactionalId ?? null,
        producerId: ctx.nextProducerId,
        nextProducerId: ctx.nextProducerId + 1,
        epoch: 0,
      }
    : {
        ...ctx,
        epoch: ctx.epoch + 1,
        fencedEpoch: null,
        endedFromEpoch: null,
        ...(asked === undefined ? { fencedBy: 'instance' as const } : {}),
      };
  emit(send(e.from, { name: 'InitProducerIdResponse', producerId: next.producerId, epoch: next.epoch }));
  emit(
    narrate(
      fresh
        ? `The transaction coordinator registers ${code(`transactional.id=${next.transactionalId}`)} with producer id ${next.producerId}, epoch 0.`
        : asked !== undefined
          ? `The producer asks for its own epoch bump after a failed batch (KIP-360, Kafka 2.5+): the transaction coordinator bumps the epoch of ${code(`transactional.id=${next.transactionalId}`)} to ${next.epoch}, and the producer's sequence numbers start again at 0.`
          : `The transaction coordinator bumps the epoch of ${code(`transactional.id=${next.transactionalId}`)} to ${next.epoch}: any older instance using epoch ${ctx.fencedEpoch ?? ctx.epoch} is now a fenced zombie.`,
    ),
  );
  return next;
};

/** InitProducerId while a transaction is being completed: the caller must wait for its markers. */
function initConcurrent(completing: 'commit' | 'abort' | 'fence'): Handler<'kafka.InitProducerId'> {
  return (ctx, e, emit) => {
    emit(
      send(e.from, {
        name: 'InitProducerIdResponse',
        producerId: -1,
        epoch: -1,
        error: 'CONCURRENT_TRANSACTIONS',
      }),
    );
    if (completing !== 'fence')
      emit(
        narrate(
          `The transaction coordinator is still ${completing === 'commit' ? 'committing' : 'aborting'} the previous transaction (writing its markers), so it answers ${code('CONCURRENT_TRANSACTIONS')}.`,
        ),
      );
    return ctx;
  };
}

/** transaction.timeout.ms above the broker's transaction.max.timeout.ms (TransactionCoordinator.handleInitProducerId). */
const refuseTimeout: Handler<'kafka.InitProducerId'> = (ctx, e, emit) => {
  emit(
    send(e.from, {
      name: 'InitProducerIdResponse',
      producerId: -1,
      epoch: -1,
      error: 'INVALID_TRANSACTION_TIMEOUT',
    }),
  );
  emit(
    narrate(
      `The transaction coordinator refuses ${code('InitProducerId')} with ${code('INVALID_TRANSACTION_TIMEOUT')}: ${code(`transaction.timeout.ms=${e.message.transactionTimeoutMs}`)} is above the broker's ${code(`transaction.max.timeout.ms=${TRANSACTION_MAX_TIMEOUT_MS}`)}.`,
    ),
  );
  return ctx;
};

/** EndTxn from Ongoing: the coordinator answers at once; the markers follow (entry of Prepare*). */
const onEnd: Handler<'kafka.EndTxn'> = (ctx, e, emit) => {
  if (ctx.transactionVersion < 2) {
    emit(send(e.from, { name: 'EndTxnResponse', commit: e.message.commit }));
    emit(
      narrate(
        `The transaction coordinator keeps epoch ${ctx.epoch} for the next transaction of ${code(`transactional.id=${ctx.transactionalId}`)}: the classic protocol (${code(`transaction.version=${ctx.transactionVersion}`)}). Kafka 4.0's transaction version 2 bumps the epoch at every ${code('EndTxn')}.`,
      ),
    );
    return ctx;
  }
  const epoch = ctx.epoch + 1;
  emit(send(e.from, { name: 'EndTxnResponse', commit: e.message.commit, epoch }));
  emit(
    narrate(
      `Transaction version 2 (KIP-890, Kafka 4.0): the transaction coordinator bumps the epoch to ${epoch} with this ${code('EndTxn')} and writes the markers with it. A late write of this transaction, still at epoch ${ctx.epoch}, is refused instead of opening a transaction nobody will end.`,
    ),
  );
  return { ...ctx, epoch, endedFromEpoch: ctx.epoch };
};

/**
 * EndTxn once the transaction is decided (TransactionCoordinator.endTransaction): a zombie's is fenced;
 * the same decision again is the producer's retry — CONCURRENT_TRANSACTIONS while the markers are being
 * written, success once they are; the other decision is out of place.
 */
function endDecided(stage: 'preparing' | 'complete', commit: boolean): Handler<'kafka.EndTxn'> {
  return (ctx, e, emit) => {
    const retry = e.message.epoch === ctx.endedFromEpoch;
    if (fenced(ctx, e.message.epoch) && !retry) return onFencedEnd(ctx, e, emit);
    const error =
      e.message.commit !== commit
        ? 'INVALID_TXN_STATE'
        : stage === 'preparing'
          ? 'CONCURRENT_TRANSACTIONS'
          : undefined;
    emit(
      send(e.from, {
        name: 'EndTxnResponse',
        commit: e.message.commit,
        ...(error ? { error } : ctx.endedFromEpoch !== null ? { epoch: ctx.epoch } : {}),
      }),
    );
    return ctx;
  };
}

/**
 * Transaction version 2: EndTxn(abort) for a transaction the coordinator never heard of (its first write
 * was lost before the leader added the partition). The coordinator bumps the epoch and completes the
 * abort at once: no partition, no marker.
 */
const abortNothingAdded: Handler<'kafka.EndTxn'> = (ctx, e, emit) => {
  const epoch = ctx.epoch + 1;
  emit(send(e.from, { name: 'EndTxnResponse', commit: false, epoch }));
  emit(
    narrate(
      `No partition was added to this transaction, so there is no marker to write: with transaction version 2 the transaction coordinator completes the abort at once and bumps the epoch to ${epoch}.`,
    ),
  );
  return { ...ctx, epoch, endedFromEpoch: ctx.epoch };
};

/** EndTxn with no transaction at all (Empty): a zombie's is fenced, anything else is out of place. */
const onEndWithoutTxn: Handler<'kafka.EndTxn'> = (ctx, e, emit) => {
  if (fenced(ctx, e.message.epoch)) return onFencedEnd(ctx, e, emit);
  emit(send(e.from, { name: 'EndTxnResponse', commit: e.message.commit, error: 'INVALID_TXN_STATE' }));
  return ctx;
};

/** While markers are being written, new work for this transactional.id has to wait. */
const addConcurrent: Handler<'kafka.AddPartitionsToTxn' | 'kafka.AddOffsetsToTxn'> = (ctx, e, emit) => {
  if (e.type === 'kafka.AddPartitionsToTxn') {
    const error = fenced(ctx, e.message.epoch) ? 'PRODUCER_FENCED' : 'CONCURRENT_TRANSACTIONS';
    emit(
      send(e.from, {
        name: 'AddPartitionsToTxnResponse',
        partitions: [],
        error,
        transactionalId: e.message.transactionalId,
      }),
    );
  } else {
    const error = fenced(ctx, e.message.epoch) ? 'PRODUCER_FENCED' : 'CONCURRENT_TRANSACTIONS';
    emit(send(e.from, { name: 'AddOffsetsToTxnResponse', error }));
  }
  return ctx;
};

const onMarkerResponse: Handler<'kafka.WriteTxnMarkersResponse'> = (ctx, e, emit) => {
  const done = e.message.partitions;
  const pendingMarkers = ctx.pendingMarkers.filter((p) => !done.includes(p));
  if (pendingMarkers.length > 0 && done.length > 0)
    emit(
      narrate(
        `The marker is written in ${listOf(done)}; the coordinator still waits for ${listOf(pendingMarkers)}.`,
      ),
    );
  return { ...ctx, pendingMarkers };
};

const onFencedEnd: Handler<'kafka.EndTxn'> = (ctx, e, emit) => {
  emit(send(e.from, { name: 'EndTxnResponse', commit: e.message.commit, error: 'PRODUCER_FENCED' }));
  emit(
    narrate(
      ctx.fencedBy === 'timeout'
        ? `${code('EndTxn')} from epoch ${e.message.epoch} is refused with ${code('PRODUCER_FENCED')}: the transaction coordinator bumped the epoch to ${ctx.epoch} when it aborted the transaction after ${code('transaction.timeout.ms')}. No other instance exists, but under the classic protocol this producer can only be closed.`
        : `${code('EndTxn')} from epoch ${e.message.epoch} is refused with ${code('PRODUCER_FENCED')}: the current epoch is ${ctx.epoch}. This instance is a zombie.`,
    ),
  );
  return ctx;
};

/** The first AddPartitionsToTxn/AddOffsetsToTxn moves Empty/Complete* to Ongoing. */
const newTxn = (ctx: TxnCoordinatorContext, now: number): TxnCoordinatorContext => ({
  ...ctx,
  endedFromEpoch: null,
  startedAt: now,
  partitions: [],
  groupId: null,
});
const beginPartitions: Handler<'kafka.AddPartitionsToTxn'> = (ctx, e, emit) =>
  onAddPartitions(newTxn(ctx, e.now), e, emit);
const beginOffsets: Handler<'kafka.AddOffsetsToTxn'> = (ctx, e, emit) =>
  onAddOffsets(newTxn(ctx, e.now), e, emit);

/** Entering PrepareCommit/PrepareAbort (again, after a restart): write the markers still missing. */
function prepare(
  commit: boolean,
): (ctx: TxnCoordinatorContext, _e: TxnCoordinatorEvent, emit: Emit) => TxnCoordinatorContext {
  return (ctx, _e, emit) => {
    const pendingMarkers = ctx.pendingMarkers.length > 0 ? ctx.pendingMarkers : allTargets(ctx);
    emit(
      narrate(
        commit
          ? `The transaction coordinator logs ${code('PrepareCommit')} and answers the producer before writing any marker; now it sends ${code('WriteTxnMarkers')} (${code('COMMIT')}) for ${listOf(pendingMarkers)}.`
          : `The transaction coordinator logs ${code('PrepareAbort')} and sends ${code('WriteTxnMarkers')} (${code('ABORT')}) for ${listOf(pendingMarkers) || 'no partition'}.`,
      ),
    );
    return sendMarkers({ ...ctx, pendingMarkers }, commit, emit);
  };
}

/** transaction.timeout.ms above the broker's maximum: checked before anything else (handleInitProducerId). */
const timeoutTooLong = ({ event }: { event: TxnCoordinatorEvent }) =>
  event.type === 'kafka.InitProducerId' &&
  (event.message.transactionTimeoutMs ?? 0) > TRANSACTION_MAX_TIMEOUT_MS;
/** A valid InitProducerId(transactional.id); an invalid one is refused by `live` itself. */
const isInitForTxn = ({ event }: { event: TxnCoordinatorEvent }) =>
  event.type === 'kafka.InitProducerId' &&
  event.message.transactionalId !== undefined &&
  !timeoutTooLong({ event });
const markersDone = ({ context }: { context: TxnCoordinatorContext }) => context.pendingMarkers.length === 0;

const on = handlersFor<TxnCoordinatorContext, TxnCoordinatorEvent>();

/**
 * What a transactional id answers while no transaction is under way (Kafka's Empty, CompleteCommit and
 * CompleteAbort): the producer's first AddPartitionsToTxn or AddOffsetsToTxn of its current epoch begins
 * one, InitProducerId starts the id's next instance, and an EndTxn(abort) with nothing added completes at
 * once (transaction version 2). The three differ only in how they answer another EndTxn: with none to end
 * (Empty), or as the retry of the EndTxn that completed the last transaction.
 */
const noTransactionUnderWay = (
  otherEndTxn: 'refuseEndWithoutTxn' | 'answerEndTxnAfterCommit' | 'answerEndTxnAfterAbort',
) =>
  ({
    'kafka.EndTxn': [
      {
        guard: 'abortWithNothingAdded',
        target: '#txnCoordinator.live.CompleteAbort',
        actions: 'abortNothingAdded',
      },
      { actions: otherEndTxn },
    ],
    'kafka.InitProducerId': [
      { guard: 'transactionalInit', target: '#txnCoordinator.live.Empty', actions: 'initTransactionalId' },
    ],
    'kafka.AddPartitionsToTxn': [
      { guard: 'staleEpoch', actions: 'addPartitions' },
      { target: '#txnCoordinator.live.Ongoing', actions: 'beginWithPartitions' },
    ],
    'kafka.AddOffsetsToTxn': [
      { guard: 'staleEpoch', actions: 'addOffsets' },
      { target: '#txnCoordinator.live.Ongoing', actions: 'beginWithOffsets' },
    ],
  }) as const;

export const txnCoordinatorMachine = setup({
  types: {} as { context: TxnCoordinatorContext; events: TxnCoordinatorEvent; input: TxnCoordinatorInput },
  actions: {
    ...ioActions,
    /** Why the epoch moves past an instance's: a new instance, or the coordinator's own timeout. */
    recordFenceByInstance: assign({ fencedBy: 'instance' as const }),
    recordFenceByTimeout: assign({ fencedBy: 'timeout' as const }),
    /** Fencing bumps the epoch before the abort, so the old instance's epoch is stale. */
    fenceEpoch: assign(({ context }: { context: TxnCoordinatorContext }) => ({
      fencedEpoch: context.epoch,
      epoch: context.epoch + 1,
    })),
    /** InitProducerId without a transactional.id: a new producer id for an idempotent producer. */
    assignProducerId: enqueueActions(on('kafka.InitProducerId', onIdempotentInit)),
    refuseTransactionTimeout: enqueueActions(on('kafka.InitProducerId', refuseTimeout)),
    initTransactionalId: enqueueActions(on('kafka.InitProducerId', onTransactionalInit)),
    /** InitProducerId while a transaction is open or being completed: CONCURRENT_TRANSACTIONS. */
    answerInitDuringFence: enqueueActions(on('kafka.InitProducerId', initConcurrent('fence'))),
    answerInitDuringCommit: enqueueActions(on('kafka.InitProducerId', initConcurrent('commit'))),
    answerInitDuringAbort: enqueueActions(on('kafka.InitProducerId', initConcurrent('abort'))),
    narrateFenceByNewInstance: enqueueActions(({ enqueue }) =>
      enqueue(
        narrate(
          `A new instance calls ${code('initTransactions()')} while a transaction is open: the transaction coordinator fences the old epoch and aborts the transaction, answering ${code('CONCURRENT_TRANSACTIONS')} until the abort completes.`,
        ),
      ),
    ),
    narrateTransactionTimeout: enqueueActions(({ enqueue, context }) =>
      enqueue(
        narrate(
          `The transaction has been open longer than ${code(`transaction.timeout.ms=${context.transactionTimeoutMs}`)}: the transaction coordinator aborts it and bumps the epoch.`,
        ),
      ),
    ),
    /** AddPartitionsToTxn / AddOffsetsToTxn in a transaction (a stale epoch is fenced by the handler). */
    addPartitions: enqueueActions(on('kafka.AddPartitionsToTxn', onAddPartitions)),
    addOffsets: enqueueActions(on('kafka.AddOffsetsToTxn', onAddOffsets)),
    /** The first AddPartitionsToTxn / AddOffsetsToTxn begins the transaction (its timeout starts). */
    beginWithPartitions: enqueueActions(on('kafka.AddPartitionsToTxn', beginPartitions)),
    beginWithOffsets: enqueueActions(on('kafka.AddOffsetsToTxn', beginOffsets)),
    /** Adding to a transaction whose markers are being written: CONCURRENT_TRANSACTIONS. */
    answerAddDuringCompletion: enqueueActions(
      on(['kafka.AddPartitionsToTxn', 'kafka.AddOffsetsToTxn'], addConcurrent),
    ),
    endTxn: enqueueActions(on('kafka.EndTxn', onEnd)),
    fenceEndTxn: enqueueActions(on('kafka.EndTxn', onFencedEnd)),
    abortNothingAdded: enqueueActions(on('kafka.EndTxn', abortNothingAdded)),
    refuseEndWithoutTxn: enqueueActions(on('kafka.EndTxn', onEndWithoutTxn)),
    /** EndTxn once the transaction is decided: a retry, a zombie's, or the other decision. */
    answerEndTxnWhileCommitting: enqueueActions(on('kafka.EndTxn', endDecided('preparing', true))),
    answerEndTxnWhileAborting: enqueueActions(on('kafka.EndTxn', endDecided('preparing', false))),
    answerEndTxnAfterCommit: enqueueActions(on('kafka.EndTxn', endDecided('complete', true))),
    answerEndTxnAfterAbort: enqueueActions(on('kafka.EndTxn', endDecided('complete', false))),
    writeCommitMarkers: enqueueActions(handledBy(prepare(true))),
    writeAbortMarkers: enqueueActions(handledBy(prepare(false))),
    handleMarkerResponse: enqueueActions(on('kafka.WriteTxnMarkersResponse', onMarkerResponse)),
    logCompleteCommit: enqueueActions(({ enqueue }) =>
      enqueue(
        narrate(`Every marker is written: the transaction coordinator logs ${code('CompleteCommit')}.`),
      ),
    ),
    logCompleteAbort: enqueueActions(({ enqueue }) =>
      enqueue(narrate(`Every marker is written: the transaction coordinator logs ${code('CompleteAbort')}.`)),
    ),
  },
  guards: {
    transactionalInit: isInitForTxn,
    idempotentInit: ({ event }) =>
      event.type === 'kafka.InitProducerId' && event.message.transactionalId === undefined,
    staleEpoch: ({ context, event }) =>
      (event.type === 'kafka.EndTxn' ||
        event.type === 'kafka.AddPartitionsToTxn' ||
        event.type === 'kafka.AddOffsetsToTxn') &&
      fenced(context, event.message.epoch),
    commit: ({ event }) => event.type === 'kafka.EndTxn' && event.message.commit,
    // Transaction version 2: an abort of a transaction no partition was added to (the leader never
    // asked) is allowed (TransactionMetadata.prepareAbortOrCommit's noPartitionAdded).
    abortWithNothingAdded: ({ context, event }) =>
      event.type === 'kafka.EndTxn' &&
      context.transactionVersion >= 2 &&
      !event.message.commit &&
      event.message.epoch === context.epoch,
    markersDone,
    invalidTransactionTimeout: timeoutTooLong,
  },
}).createMachine({
  id: 'txnCoordinator',
  context: ({ input }) => ({
    transactionTimeoutMs: input.transactionTimeoutMs,
    transactionVersion: input.transactionVersion ?? 2,
    endedFromEpoch: null,
    nextProducerId: input.firstProducerId ?? 1000,
    transactionalId: null,
    producerId: -1,
    epoch: -1,
    partitions: [],
    groupId: null,
    startedAt: 0,
    fencedBy: 'instance',
    fencedEpoch: null,
    pendingMarkers: [],
  }),
  initial: 'live',
  states: {
    live: {
      initial: 'Empty',
      on: {
        'node.crash': { target: 'crashed' },
        'kafka.InitProducerId': [
          { guard: 'idempotentInit', actions: 'assignProducerId' },
          { guard: 'invalidTransactionTimeout', actions: 'refuseTransactionTimeout' },
        ],
      },
      states: {
        Empty: { on: noTransactionUnderWay('refuseEndWithoutTxn') },
        Ongoing: {
          on: {
            'kafka.AddPartitionsToTxn': { actions: 'addPartitions' },
            'kafka.AddOffsetsToTxn': { actions: 'addOffsets' },
            'kafka.EndTxn': [
              { guard: 'staleEpoch', actions: 'fenceEndTxn' },
              { guard: 'commit', target: 'PrepareCommit', actions: 'endTxn' },
              { target: 'PrepareAbort', actions: 'endTxn' },
            ],
            'kafka.InitProducerId': [
              {
                guard: 'transactionalInit',
                target: 'PrepareEpochFence',
                actions: ['recordFenceByInstance', 'narrateFenceByNewInstance', 'answerInitDuringFence'],
              },
            ],
            'timer.transactionTimeout': {
              target: 'PrepareEpochFence',
              actions: ['recordFenceByTimeout', 'narrateTransactionTimeout'],
            },
          },
        },
        PrepareEpochFence: {
          // Fencing and timeouts bump the epoch, then abort with it, so the old instance's epoch is stale.
          entry: 'fenceEpoch',
          always: { target: 'PrepareAbort' },
        },
        PrepareCommit: {
          entry: 'writeCommitMarkers',
          always: { guard: 'markersDone', target: 'CompleteCommit' },
          on: {
            'kafka.WriteTxnMarkersResponse': { actions: 'handleMarkerResponse' },
            'kafka.AddPartitionsToTxn': { actions: 'answerAddDuringCompletion' },
            'kafka.AddOffsetsToTxn': { actions: 'answerAddDuringCompletion' },
            'kafka.EndTxn': { actions: 'answerEndTxnWhileCommitting' },
            'kafka.InitProducerId': [{ guard: 'transactionalInit', actions: 'answerInitDuringCommit' }],
          },
        },
        PrepareAbort: {
          entry: 'writeAbortMarkers',
          always: { guard: 'markersDone', target: 'CompleteAbort' },
          on: {
            'kafka.WriteTxnMarkersResponse': { actions: 'handleMarkerResponse' },
            'kafka.AddPartitionsToTxn': { actions: 'answerAddDuringCompletion' },
            'kafka.AddOffsetsToTxn': { actions: 'answerAddDuringCompletion' },
            'kafka.EndTxn': { actions: 'answerEndTxnWhileAborting' },
            'kafka.InitProducerId': [{ guard: 'transactionalInit', actions: 'answerInitDuringAbort' }],
          },
        },
        CompleteCommit: {
          entry: 'logCompleteCommit',
          on: noTransactionUnderWay('answerEndTxnAfterCommit'),
        },
        CompleteAbort: {
          entry: 'logCompleteAbort',
          on: noTransactionUnderWay('answerEndTxnAfterAbort'),
        },
        history: { type: 'history' },
      },
    },
    crashed: {
      on: { 'node.restart': { target: 'live.history' } },
    },
  },
});

/** The coordinator's running timers, for the world to offer. */
export function txnCoordinatorTimers(
  ctx: TxnCoordinatorContext,
  state: string,
): { event: TxnCoordinatorEvent; due: number; label: string }[] {
  if (state === 'Ongoing') {
    return [
      {
        event: { type: 'timer.transactionTimeout', now: 0 },
        due: ctx.startedAt + ctx.transactionTimeoutMs,
        label: `transaction.timeout.ms expires for ${ctx.transactionalId}`,
      },
    ];
  }
  return [];
}
