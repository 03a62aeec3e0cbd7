import { assign, enqueueActions, setup } from 'xstate';
import type { ConsumerConfig } from '../config/types.ts';
import type { AbortedTxn, LogEntry, NodeId, PartitionId } from '../kafka/protocol.ts';
import {
  handOff,
  handledBy,
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

/**
 * KafkaConsumer together with the application's poll loop from the seeds:
 *
 *   while (true) { records = poll(); for (r of records) process(r); commitSync(); }
 *
 * with commitSync() before or after processing, or enable.auto.commit committing inside poll().
 * In the consume–transform–produce processor, the loop commits through the producer instead.
 */

export type ConsumerRole = 'consumer' | 'processor' | 'downstream';

export interface ConsumerInput {
  id: NodeId;
  config: ConsumerConfig;
  partition: PartitionId;
  role: ConsumerRole;
  /** What processing a record does outside Kafka (the sink), if anything. */
  effect: string | null;
  /** The worker thread the poll loop hands records to (`processing: worker-thread`); none: it processes them itself. */
  worker?: NodeId;
}

export interface ConsumerContext extends ConsumerInput {
  position: number | null;
  /** Records the last poll returned, and how many of them the application has processed. */
  returned: LogEntry[];
  processed: number;
  committedThisBatch: boolean;
  /** Offset the last OffsetCommit carried, for auto-commit: what earlier polls returned. */
  lastCommitted: number | null;
  lastAutoCommitAt: number;
  autoCommitDue: boolean;
  error: string | null;
}

export type ConsumerEvent =
  | { type: 'consumer.poll'; now: number }
  | { type: 'consumer.process'; now: number }
  | { type: 'consumer.commitSync'; now: number }
  /** The poll loop hands what poll() returned to its worker thread. */
  | { type: 'consumer.handOff'; now: number }
  /** The processor committed this batch's offsets in its transaction, or aborted it. */
  | { type: 'consumer.batchDone'; now: number; rewind: boolean }
  | { type: 'timer.autoCommit'; now: number }
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
    position: null,
    returned: [],
    processed: 0,
    committedThisBatch: false,
    lastCommitted: null,
    lastAutoCommitAt: 0,
    autoCommitDue: false,
    error: null,
  };
}

const readCommitted = (ctx: ConsumerContext) => ctx.config.isolationLevel === 'read_committed';

function offsetFetch(ctx: ConsumerContext, emit: Emit): void {
  emit(
    send('group-coordinator', {
      name: 'OffsetFetch',
      groupId: ctx.config.groupId,
      partitions: [ctx.partition],
      // KIP-447: every KafkaConsumer asks for stable offsets, whatever its isolation level, and waits
      // out pending transactional offsets (ConsumerCoordinator's OffsetFetch, requireStable true).
      requireStable: true,
    }),
  );
}

function commit(ctx: ConsumerContext, offset: number, emit: Emit): ConsumerContext {
  emit(
    send('group-coordinator', {
      name: 'OffsetCommit',
      groupId: ctx.config.groupId,
      offsets: { [ctx.partition]: offset },
    }),
  );
  return { ...ctx, lastCommitted: offset };
}

const onOffsetFetch: Handler<'kafka.OffsetFetchResponse'> = (ctx, e, emit) => {
  if (e.message.error === 'UNSTABLE_OFFSET_COMMIT') {
    offsetFetch(ctx, emit);
    return ctx;
  }
  const committed = e.message.offsets[ctx.partition];
  if (committed !== null && committed !== undefined) {
    emit(
      narrate(
        `${Node(ctx.id)} resumes from the committed offset ${committed}: the next record it reads is offset ${committed}.`,
      ),
    );
    return { ...ctx, position: committed, lastCommitted: committed };
  }
  const reset = ctx.config.autoOffsetReset;
  if (reset === 'earliest') {
    emit(
      narrate(
        `Group ${ctx.config.groupId} has no committed offset, so ${code('auto.offset.reset=earliest')} starts ${nodeName(ctx.id)} at offset 0.`,
      ),
    );
    return { ...ctx, position: 0 };
  }
  if (reset === 'latest') {
    emit(
      send(
        { leaderOf: ctx.partition },
        { name: 'ListOffsets', partition: ctx.partition, isolation: ctx.config.isolationLevel },
      ),
    );
    emit(
      narrate(
        `There is no committed offset and ${code('auto.offset.reset=latest')} (the default): ${nodeName(ctx.id)} asks where the log ends and will skip everything before it.`,
      ),
    );
    return ctx;
  }
  emit(
    narrate(
      `There is no committed offset and ${code('auto.offset.reset=none')}: ${code('poll()')} throws ${code('NoOffsetForPartitionException')}.`,
    ),
  );
  return { ...ctx, error: 'NoOffsetForPartitionException' };
};

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
    return { ...ctx, position: 0 };
  }
  emit(
    send(
      { leaderOf: ctx.partition },
      { name: 'ListOffsets', partition: ctx.partition, isolation: ctx.config.isolationLevel },
    ),
  );
  emit(narrate(`${why} ${code('auto.offset.reset=latest')} asks where the log ends now and moves there.`));
  return { ...ctx, position: null };
};

const onPoll: Handler<'consumer.poll'> = (ctx, e, emit) => {
  let next = ctx;
  if (
    ctx.config.autoCommit &&
    ctx.autoCommitDue &&
    ctx.position !== null &&
    ctx.position !== ctx.lastCommitted
  ) {
    emit(
      narrate(
        `${code('auto.commit.interval.ms')} has passed, so ${code('poll()')} first commits offset ${ctx.position}: everything earlier polls returned, processed or not.`,
      ),
    );
    next = { ...commit(ctx, ctx.position, emit), autoCommitDue: false, lastAutoCommitAt: e.now };
  }
  emit(
    send(
      { leaderOf: ctx.partition },
      {
        name: 'Fetch',
        partition: ctx.partition,
        fetchOffset: ctx.position ?? 0,
        isolation: ctx.config.isolationLevel,
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
  if (m.error || m.fetchOffset !== ctx.position) return ctx;
  const visible = m.entries.filter(
    (x) => x.kind === 'data' && !(readCommitted(ctx) && isAborted(x, m.abortedTransactions)),
  );
  const last = m.entries[m.entries.length - 1];
  const position = last ? last.offset + 1 : ctx.position;
  const skipped = m.entries.length - visible.length;
  emit(
    narrate(
      visible.length > 0
        ? `${code('poll()')} returns ${listOf(visible.map((r) => `${r.record?.id} (offset ${r.offset})`))} to the application; the position moves to ${position}` +
            (skipped > 0
              ? `, past ${count(skipped, 'marker or aborted record', 'markers and aborted records')} it never sees.`
              : '.')
        : `${code('poll()')} returns nothing new${skipped > 0 ? `; the position moves past ${count(skipped, 'marker or aborted record', 'markers and aborted records')} to ${position}` : ''}.`,
    ),
  );
  return { ...ctx, position, returned: visible, processed: 0, committedThisBatch: false };
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
  const offset = ctx.position ?? 0;
  const before = ctx.processed < ctx.returned.length;
  emit(
    narrate(
      ctx.worker && !before
        ? `${code('commitSync()')} commits offset ${offset}, the position: everything ${code('poll()')} returned, handed to the worker thread, processed or not.`
        : before
          ? `${code('commitSync()')} before processing commits offset ${offset} (the next to read) although ${count(ctx.returned.length - ctx.processed, 'record is', 'records are')} not processed yet: a crash now loses ${ctx.returned.length - ctx.processed === 1 ? 'it' : 'them'}.`
          : `${code('commitSync()')} after processing commits offset ${offset}, the next record to read.`,
    ),
  );
  return commit({ ...ctx, committedThisBatch: true }, offset, emit);
};

const allProcessed = (ctx: ConsumerContext) => ctx.processed >= ctx.returned.length;

export const consumerMachine = setup({
  types: {} as { context: ConsumerContext; events: ConsumerEvent; input: ConsumerInput },
  actions: ioActions,
  guards: {
    positioned: ({ context }) => context.position !== null,
    outOfRange: ({ event }) =>
      event.type === 'kafka.FetchResponse' && event.message.error === 'OFFSET_OUT_OF_RANGE',
    failed: ({ context }) => context.error !== null,
    nothingReturned: ({ context }) => context.returned.length === 0,
    /** The loop's order: commit first (before-processing), or once everything is processed. */
    mayProcess: ({ context }) =>
      context.worker === undefined &&
      !allProcessed(context) &&
      (context.config.autoCommit ||
        context.role !== 'consumer' ||
        context.config.commit === 'after-processing' ||
        context.committedThisBatch),
    mayCommit: ({ context }) =>
      context.role !== 'processor' &&
      !context.config.autoCommit &&
      !context.committedThisBatch &&
      (context.config.commit === 'before-processing' || allProcessed(context)),
    mayHandOff: ({ context }) => context.worker !== undefined && !allProcessed(context),
    loopDone: ({ context }) =>
      allProcessed(context) &&
      (context.config.autoCommit || (context.role !== 'processor' && context.committedThisBatch)),
  },
}).createMachine({
  id: 'consumer',
  context: ({ input }) => fresh(input),
  initial: 'joining',
  on: {
    'node.crash': { target: '.crashed' },
    // auto-commit has no thread of its own: the interval only makes the next poll() commit.
    'timer.autoCommit': {
      actions: [
        assign({ autoCommitDue: true }),
        enqueueActions(
          handledBy(
            (ctx: ConsumerContext, _e: unknown, emit) => (
              emit(
                narrate(
                  `${code('auto.commit.interval.ms')} (${ctx.config.autoCommitIntervalMs} ms) has passed since the last commit: the next ${code('poll()')} commits the position, ${ctx.position ?? 0}.`,
                ),
              ),
              ctx
            ),
          ),
        ),
      ],
    },
  },
  states: {
    joining: {
      entry: enqueueActions(
        handledBy((ctx: ConsumerContext, _e: unknown, emit) => (offsetFetch(ctx, emit), ctx)),
      ),
      always: [
        { guard: 'failed', target: 'failed' },
        { guard: 'positioned', target: 'idle' },
      ],
      on: {
        'kafka.OffsetFetchResponse': { actions: enqueueActions(handledBy(onOffsetFetch)) },
        'kafka.ListOffsetsResponse': {
          actions: assign({
            position: ({ event }) => (event.message.offset >= 0 ? event.message.offset : null),
          }),
        },
      },
    },
    resetting: {
      // auto.offset.reset after OFFSET_OUT_OF_RANGE: at once (earliest), a ListOffsets away (latest), or never (none).
      always: [
        { guard: 'failed', target: 'failed' },
        { guard: 'positioned', target: 'idle' },
      ],
      on: {
        'kafka.ListOffsetsResponse': {
          actions: assign({
            position: ({ event }) => (event.message.offset >= 0 ? event.message.offset : null),
          }),
        },
      },
    },
    idle: {
      on: { 'consumer.poll': { target: 'polling', actions: enqueueActions(handledBy(onPoll)) } },
    },
    polling: {
      on: {
        'kafka.FetchResponse': [
          { guard: 'outOfRange', target: 'resetting', actions: enqueueActions(handledBy(onOutOfRange)) },
          { guard: ({ event }) => event.message.error !== undefined, target: 'idle' },
          { target: 'hasRecords', actions: enqueueActions(handledBy(onFetch)) },
        ],
      },
    },
    hasRecords: {
      always: [
        { guard: 'nothingReturned', target: 'idle' },
        { guard: 'loopDone', target: 'idle' },
      ],
      on: {
        'consumer.process': { guard: 'mayProcess', actions: enqueueActions(handledBy(onProcess)) },
        'consumer.handOff': { guard: 'mayHandOff', actions: enqueueActions(handledBy(onHandOff)) },
        'consumer.commitSync': {
          guard: 'mayCommit',
          target: 'committing',
          actions: enqueueActions(handledBy(onCommitSync)),
        },
        'consumer.batchDone': {
          guard: ({ context }) => context.role === 'processor',
          target: 'idle',
          // The batch is over: nothing returned, nothing processed (the counter describes `returned`).
          // After an abort the processor re-reads from what it had before this batch.
          actions: assign(({ context, event }) => ({
            returned: [],
            processed: 0,
            position: event.rewind ? (context.returned[0]?.offset ?? context.position) : context.position,
          })),
        },
      },
    },
    committing: {
      on: {
        // commitSync() blocks until the group coordinator answers.
        'kafka.OffsetCommitResponse': { target: 'hasRecords' },
      },
    },
    failed: {},
    crashed: {
      entry: assign(({ context }) => fresh(context)),
      on: { 'node.restart': { target: 'joining' } },
    },
  },
});

/** The consumer's running timers, for the world to offer. */
export function consumerTimers(ctx: ConsumerContext): { event: ConsumerEvent; due: number; label: string }[] {
  if (
    !ctx.config.autoCommit ||
    ctx.autoCommitDue ||
    ctx.position === null ||
    ctx.position === ctx.lastCommitted
  )
    return [];
  return [
    {
      event: { type: 'timer.autoCommit', now: 0 },
      due: ctx.lastAutoCommitAt + ctx.config.autoCommitIntervalMs,
      label: 'auto.commit.interval.ms elapses',
    },
  ];
}
