import { assign, enqueueActions, setup } from 'xstate';
import type { LogEntry, NodeId } from '../kafka/protocol.ts';
import {
  handlersFor,
  ioActions,
  mark,
  narrate,
  type CrashEvent,
  type Emit,
  type RestartEvent,
} from './io.ts';
import { code, listOf } from '../narration/words.ts';
import { NODE } from '../scenarios/nodeIds.ts';

/**
 * The application's worker thread: the poll loop hands it what poll() returned
 * (`executor.submit(() -> process(record))`) and goes back to poll() at once. It processes one record at
 * a time, each taking `processingMs`. It lives in the consumer's process: the consumer's crash kills it,
 * with every record it was handed and had not finished. Kafka knows nothing of it: a commit covers what
 * poll() returned, not what this thread finished.
 */

export interface WorkerInput {
  id: NodeId;
  /** The consumer process the thread runs in. */
  host: NodeId;
  /** What processing a record does outside Kafka (the sink). */
  effect: string | null;
  processingMs: number;
}

export interface WorkerContext extends WorkerInput {
  /** Records handed over and not finished yet; the first one is being processed. */
  queue: LogEntry[];
  /** When the thread started on the first record of the queue. */
  startedAt: number;
  /** The offset after the last record the thread finished (what a commit may safely cover); null before any. */
  finishedUpTo: number | null;
}

export type WorkerEvent =
  | { type: 'worker.submit'; now: number; records: LogEntry[] }
  /** The record at the head of the queue has taken its processingMs. */
  | { type: 'timer.processed'; now: number }
  | CrashEvent
  | RestartEvent;

function fresh(input: WorkerInput): WorkerContext {
  return {
    id: input.id,
    host: input.host,
    effect: input.effect,
    processingMs: input.processingMs,
    queue: [],
    startedAt: 0,
    finishedUpTo: null,
  };
}

const idOf = (e: LogEntry) => e.record?.id ?? `offset ${e.offset}`;

const onSubmit = (
  ctx: WorkerContext,
  e: Extract<WorkerEvent, { type: 'worker.submit' }>,
  emit: Emit,
): WorkerContext => {
  const idle = ctx.queue.length === 0;
  const queue = [...ctx.queue, ...e.records];
  const first = queue[0];
  if (idle && first)
    emit(
      narrate(
        `The worker thread starts on ${idOf(first)} (offset ${first.offset}); it takes ${ctx.processingMs} ms per record.`,
      ),
    );
  return { ...ctx, queue, startedAt: idle ? e.now : ctx.startedAt };
};

const onProcessed = (
  ctx: WorkerContext,
  e: Extract<WorkerEvent, { type: 'timer.processed' }>,
  emit: Emit,
): WorkerContext => {
  const [done, ...rest] = ctx.queue;
  if (!done) return ctx;
  const id = idOf(done);
  if (ctx.effect) emit(mark({ kind: 'effect', name: ctx.effect, summary: id, to: NODE.sink }));
  // A sentence never starts with a lower-case record id.
  const waiting = rest.length > 0 ? ` Still in its queue: ${listOf(rest.map(idOf))}.` : '';
  emit(
    narrate(
      ctx.effect
        ? `The worker thread finishes ${id} (offset ${done.offset}) and its effect happens: ${ctx.effect} for ${id}.${waiting}`
        : `The worker thread finishes ${id} (offset ${done.offset}).${waiting}`,
    ),
  );
  return { ...ctx, queue: rest, startedAt: e.now, finishedUpTo: done.offset + 1 };
};

const onCrash = (ctx: WorkerContext, _e: CrashEvent, emit: Emit): WorkerContext => {
  if (ctx.queue.length > 0)
    emit(
      narrate(
        `Its worker thread dies with it: ${listOf(ctx.queue.map(idOf))} ${ctx.queue.length === 1 ? 'was' : 'were'} handed over by ${code('poll()')} but never processed.`,
      ),
    );
  return fresh(ctx);
};

const on = handlersFor<WorkerContext, WorkerEvent>();

export const workerMachine = setup({
  types: {} as { context: WorkerContext; events: WorkerEvent; input: WorkerInput },
  actions: {
    ...ioActions,
    submit: enqueueActions(on('worker.submit', onSubmit)),
    finish: enqueueActions(on('timer.processed', onProcessed)),
    die: enqueueActions(on('node.crash', onCrash)),
    /** A restarted process starts a new thread with an empty queue. */
    restartEmpty: assign(({ context }) => fresh(context)),
  },
  guards: {
    queueEmpty: ({ context }) => context.queue.length === 0,
  },
}).createMachine({
  id: 'worker',
  context: ({ input }) => fresh(input),
  initial: 'idle',
  on: { 'node.crash': { target: '.crashed', actions: 'die' } },
  states: {
    idle: {
      on: { 'worker.submit': { target: 'processing', actions: 'submit' } },
    },
    processing: {
      always: { guard: 'queueEmpty', target: 'idle' },
      on: {
        'worker.submit': { actions: 'submit' },
        'timer.processed': { actions: 'finish' },
      },
    },
    crashed: {
      on: { 'node.restart': { target: 'idle', actions: 'restartEmpty' } },
    },
  },
});

/** The worker's running timer: the record it is on is done after processingMs. */
export function workerTimers(ctx: WorkerContext): { event: WorkerEvent; due: number; label: string }[] {
  const head = ctx.queue[0];
  if (!head) return [];
  return [
    {
      event: { type: 'timer.processed', now: 0 },
      due: ctx.startedAt + ctx.processingMs,
      label: `process(${idOf(head)}) finishes`,
    },
  ];
}
