import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import { validateConfig } from '../config/validate.ts';
import type { LogEntry } from '../kafka/protocol.ts';
import { consumerMachine, type ConsumerContext, type ConsumerEvent } from './consumer.ts';
import type { HandOffParams, MarkParams } from './io.ts';
import { workerMachine, workerTimers, type WorkerContext, type WorkerEvent } from './worker.ts';

/** The application's worker thread, and the poll loop handing records to it, driven by pure transition(). */

type Action = { type: string; params?: unknown };

const entry = (offset: number): LogEntry => ({
  offset,
  leaderEpoch: 0,
  kind: 'data',
  producerId: -1,
  producerEpoch: 0,
  sequence: -1,
  transactional: false,
  record: { id: `m${offset + 1}` },
});

const startWorker = () =>
  initialTransition(workerMachine, {
    id: 'consumer-worker',
    host: 'consumer',
    effect: 'charge card',
    processingMs: 800,
  });
type WorkerSnapshot = ReturnType<typeof startWorker>[0];

function runWorker(s: WorkerSnapshot, ...events: WorkerEvent[]): [WorkerSnapshot, Action[]] {
  let snap = s;
  let actions: Action[] = [];
  for (const e of events) [snap, actions] = transition(workerMachine, snap, e);
  return [snap, actions];
}

const wctx = (s: WorkerSnapshot) => s.context as WorkerContext;
const effectsOf = (actions: Action[]) =>
  actions.filter((a) => a.type === 'mark').map((a) => (a.params as MarkParams).summary);
const submit = (now: number, ...offsets: number[]): WorkerEvent => ({
  type: 'worker.submit',
  now,
  records: offsets.map(entry),
});

describe('the worker thread', () => {
  describe('when idle', () => {
    it('starts on the first record handed to it, and its timer is due processingMs later', () => {
      const [s] = runWorker(startWorker()[0], submit(10, 0, 1, 2, 3));
      expect(s.value).toBe('processing');
      expect(wctx(s).queue.map((e) => e.offset)).toEqual([0, 1, 2, 3]);
      expect(workerTimers(wctx(s)).map((t) => t.due)).toEqual([810]);
    });

    it('has no timer running', () => {
      expect(workerTimers(wctx(startWorker()[0]))).toEqual([]);
    });
  });

  describe('when processing', () => {
    it('finishes one record per timer, its effect happening then, in offset order', () => {
      let [s] = runWorker(startWorker()[0], submit(10, 0, 1));
      let actions: Action[];
      [s, actions] = runWorker(s, { type: 'timer.processed', now: 810 });
      expect(effectsOf(actions)).toEqual(['m1']);
      expect(wctx(s).finishedUpTo).toBe(1);
      expect(workerTimers(wctx(s)).map((t) => t.due)).toEqual([1610]);
      [s, actions] = runWorker(s, { type: 'timer.processed', now: 1610 });
      expect(effectsOf(actions)).toEqual(['m2']);
      expect(s.value).toBe('idle');
      expect(wctx(s).finishedUpTo).toBe(2);
    });

    it('queues what is handed to it meanwhile behind the record it is on', () => {
      const [s] = runWorker(startWorker()[0], submit(10, 0), submit(400, 1));
      expect(wctx(s).queue.map((e) => e.offset)).toEqual([0, 1]);
      expect(workerTimers(wctx(s)).map((t) => t.due)).toEqual([810]);
    });
  });

  describe('when its process crashes', () => {
    it('loses every record it had not finished, says which, and starts again empty', () => {
      const [busy] = runWorker(startWorker()[0], submit(10, 0, 1, 2, 3), {
        type: 'timer.processed',
        now: 810,
      });
      const [down, actions] = runWorker(busy, { type: 'node.crash', now: 900 });
      expect(down.value).toBe('crashed');
      expect(wctx(down).queue).toEqual([]);
      const said = actions
        .filter((a) => a.type === 'narrate')
        .map((a) => (a.params as { text: string }).text);
      expect(said.join(' ')).toContain('m2, m3 and m4');
      const [up] = runWorker(down, { type: 'node.restart', now: 950 });
      expect(up.value).toBe('idle');
      expect(wctx(up).finishedUpTo).toBeNull();
    });
  });
});

describe('a poll loop with a worker thread', () => {
  const config = (autoCommit: boolean) => {
    const result = validateConfig({
      consumer: {
        'enable.auto.commit': autoCommit,
        processing: 'worker-thread',
        'auto.offset.reset': 'earliest',
      },
    });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    return result.config.consumer;
  };
  const start = (autoCommit: boolean) =>
    initialTransition(consumerMachine, {
      id: 'consumer',
      config: config(autoCommit),
      partition: 'orders-0',
      role: 'consumer',
      effect: 'charge card',
      worker: 'consumer-worker',
    })[0];
  type Snapshot = ReturnType<typeof start>;
  const run = (s: Snapshot, ...events: ConsumerEvent[]): [Snapshot, Action[]] => {
    let snap = s;
    let actions: Action[] = [];
    for (const e of events) [snap, actions] = transition(consumerMachine, snap, e);
    return [snap, actions];
  };
  /** Positioned at 0, polled, and four records returned. */
  const polled = (autoCommit: boolean) =>
    run(
      start(autoCommit),
      {
        type: 'kafka.OffsetFetchResponse',
        from: 'group-coordinator',
        now: 1,
        message: { name: 'OffsetFetchResponse', offsets: { 'orders-0': null } },
      },
      { type: 'consumer.poll', now: 2 },
      {
        type: 'kafka.FetchResponse',
        from: 'broker-1',
        now: 3,
        message: {
          name: 'FetchResponse',
          partition: 'orders-0',
          fetchOffset: 0,
          highWatermark: 4,
          lastStableOffset: 4,
          entries: [0, 1, 2, 3].map(entry),
          abortedTransactions: [],
          forReplica: false,
        },
      },
    )[0];

  it('does not process records itself: it hands them all to the worker and is back in idle', () => {
    const s = polled(true);
    expect(s.can({ type: 'consumer.process', now: 4 })).toBe(false);
    const [next, actions] = run(s, { type: 'consumer.handOff', now: 4 });
    const handed = actions.filter((a) => a.type === 'handOff').map((a) => a.params as HandOffParams);
    expect(handed).toEqual([{ to: 'consumer-worker', records: [0, 1, 2, 3].map(entry) }]);
    expect(next.value).toBe('idle');
    expect(effectsOf(actions)).toEqual([]);
  });

  it('auto-commit in the next poll() commits the position, 4, whatever the worker has finished', () => {
    const [handed] = run(polled(true), { type: 'consumer.handOff', now: 4 });
    const [, actions] = run(
      handed,
      { type: 'timer.autoCommit', now: 1000 },
      { type: 'consumer.poll', now: 1000 },
    );
    const commits = actions
      .filter((a) => a.type === 'send')
      .map((a) => (a.params as { message: { name: string; offsets?: Record<string, number> } }).message)
      .filter((m) => m.name === 'OffsetCommit');
    expect(commits.map((m) => m.offsets)).toEqual([{ 'orders-0': 4 }]);
  });

  it('commitSync() after the hand-off commits the position too: the worker’s progress is not the consumer’s', () => {
    const [handed] = run(polled(false), { type: 'consumer.handOff', now: 4 });
    expect((handed.context as ConsumerContext).processed).toBe(4);
    const [, actions] = run(handed, { type: 'consumer.commitSync', now: 5 });
    const offsets = actions
      .filter((a) => a.type === 'send')
      .map((a) => (a.params as { message: { offsets?: Record<string, number> } }).message.offsets);
    expect(offsets).toEqual([{ 'orders-0': 4 }]);
  });
});
