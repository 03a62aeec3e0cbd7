import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import type { ConsumerConfigInput } from '../config/types.ts';
import { validateConfig } from '../config/validate.ts';
import type { AbortedTxn, KafkaError, LogEntry } from '../kafka/protocol.ts';
import {
  consumerMachine,
  consumerTimers,
  holdsBatch,
  type ConsumerContext,
  type ConsumerEvent,
  type ConsumerRole,
} from './consumer.ts';
import { currentPosition } from './consumerPositions.ts';
import type { SendParams } from './io.ts';

/** KafkaConsumer plus the application's poll loop, driven by XState's pure transition(). */

type Snapshot = ReturnType<typeof initialTransition<typeof consumerMachine>>[0];
type Action = { type: string; params?: unknown };

const P = 'orders-0';

function start(
  input: ConsumerConfigInput = {},
  role: ConsumerRole = 'consumer',
  effect: string | null = 'charge card',
): [Snapshot, Action[]] {
  const result = validateConfig({ consumer: { 'enable.auto.commit': false, ...input } });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return initialTransition(consumerMachine, {
    id: 'consumer',
    config: result.config.consumer,
    partition: P,
    role,
    effect,
  });
}

function run(s: Snapshot, ...events: ConsumerEvent[]): [Snapshot, Action[]] {
  let snap = s;
  let actions: Action[] = [];
  for (const e of events) [snap, actions] = transition(consumerMachine, snap, e);
  return [snap, actions];
}

const ctx = (s: Snapshot) => s.context as ConsumerContext;
const sends = (actions: Action[]) =>
  actions.filter((a) => a.type === 'send').map((a) => a.params as SendParams);
const messages = (actions: Action[]) => sends(actions).map((p) => p.message);
const effects = (actions: Action[]) =>
  actions.filter((a) => a.type === 'mark').map((a) => a.params as { kind: string; summary: string });

let clock = 0;
const tick = () => (clock += 1);

const offsetFetched = (offset: number | null, error?: KafkaError): ConsumerEvent => ({
  type: 'kafka.OffsetFetchResponse',
  from: 'group-coordinator',
  now: tick(),
  message: {
    name: 'OffsetFetchResponse',
    offsets: error ? {} : { [P]: offset },
    ...(error ? { error } : {}),
  },
});
const poll = (now = tick()): ConsumerEvent => ({ type: 'consumer.poll', now });
const process = (): ConsumerEvent => ({ type: 'consumer.process', now: tick() });
const commitSync = (): ConsumerEvent => ({ type: 'consumer.commitSync', now: tick() });
const committed = (offset: number): ConsumerEvent => ({
  type: 'kafka.OffsetCommitResponse',
  from: 'group-coordinator',
  now: tick(),
  message: { name: 'OffsetCommitResponse', offsets: { [P]: offset } },
});

const data = (offset: number, id: string, producerId = -1, transactional = false): LogEntry => ({
  offset,
  leaderEpoch: 0,
  kind: 'data',
  producerId,
  producerEpoch: producerId < 0 ? -1 : 0,
  sequence: -1,
  transactional,
  record: { id },
});
const ctl = (offset: number, kind: 'COMMIT' | 'ABORT', producerId: number): LogEntry => ({
  offset,
  leaderEpoch: 0,
  kind,
  producerId,
  producerEpoch: 0,
  sequence: -1,
  transactional: true,
});
const fetched = (
  fetchOffset: number,
  entries: LogEntry[],
  abortedTransactions: AbortedTxn[] = [],
): ConsumerEvent => ({
  type: 'kafka.FetchResponse',
  from: 'broker-1',
  now: tick(),
  message: {
    name: 'FetchResponse',
    partition: P,
    fetchOffset,
    entries,
    highWatermark: fetchOffset + entries.length,
    lastStableOffset: fetchOffset + entries.length,
    abortedTransactions,
    forReplica: false,
  },
});

/** Joined at offset 0 (no committed offset, auto.offset.reset=earliest), then polled m1, m2. */
function withRecords(input: ConsumerConfigInput = {}): Snapshot {
  const [s0] = start({ 'auto.offset.reset': 'earliest', ...input });
  const [s] = run(s0, offsetFetched(null), poll(), fetched(0, [data(0, 'm1'), data(1, 'm2')]));
  return s;
}

describe('when joining', () => {
  it('asks the group coordinator for its committed offset (requireStable for every consumer, read_uncommitted too: KIP-447)', () => {
    const [s, actions] = start();
    expect(s.value).toBe('joining');
    expect(sends(actions)).toEqual([
      {
        to: 'group-coordinator',
        message: { name: 'OffsetFetch', groupId: 'app-group', partitions: [P], requireStable: true },
      },
    ]);
    const [, rc] = start({ 'isolation.level': 'read_committed' });
    expect(messages(rc)[0]).toMatchObject({ requireStable: true });
  });

  it('resumes from the committed offset: the next record to read', () => {
    const [s0] = start();
    const [s] = run(s0, offsetFetched(5));
    expect(s.value).toBe('idle');
    expect(ctx(s)).toMatchObject({ positions: { [P]: 5 }, lastCommitted: { [P]: 5 } });
    const [, actions] = run(s, poll());
    expect(messages(actions)).toEqual([
      { name: 'Fetch', partition: P, fetchOffset: 5, isolation: 'read_uncommitted' },
    ]);
  });

  it('UNSTABLE_OFFSET_COMMIT: waits retry.backoff.ms, then asks again', () => {
    const [s0] = start({ 'isolation.level': 'read_committed' });
    const [waiting, none] = run(s0, { ...offsetFetched(null, 'UNSTABLE_OFFSET_COMMIT'), now: 500 });
    expect(waiting.value).toBe('awaitingStableOffsets');
    expect(messages(none)).toEqual([]);
    expect(consumerTimers(ctx(waiting), 'awaitingStableOffsets')).toContainEqual(
      expect.objectContaining({ event: { type: 'timer.offsetFetchRetry', now: 0 }, due: 600 }),
    );
    const [s, actions] = run(waiting, { type: 'timer.offsetFetchRetry', now: 600 });
    expect(s.value).toBe('joining');
    expect(messages(actions)).toEqual([
      { name: 'OffsetFetch', groupId: 'app-group', partitions: [P], requireStable: true },
    ]);
  });

  it('no committed offset + auto.offset.reset=earliest: starts at 0', () => {
    const [s0] = start({ 'auto.offset.reset': 'earliest' });
    const [s] = run(s0, offsetFetched(null));
    expect(currentPosition(ctx(s))).toBe(0);
    expect(s.value).toBe('idle');
  });

  it('no committed offset + auto.offset.reset=latest (the default): ListOffsets, then starts at the end', () => {
    const [s0] = start();
    const [joining, actions] = run(s0, offsetFetched(null));
    expect(joining.value).toBe('joining');
    expect(sends(actions)).toContainEqual({
      to: { leaderOf: P },
      message: { name: 'ListOffsets', partition: P, isolation: 'read_uncommitted' },
    });
    const [s] = run(joining, {
      type: 'kafka.ListOffsetsResponse',
      from: 'broker-1',
      now: tick(),
      message: { name: 'ListOffsetsResponse', partition: P, offset: 4 },
    });
    expect(s.value).toBe('idle');
    expect(currentPosition(ctx(s))).toBe(4);
  });

  it('no committed offset + auto.offset.reset=none: fails (NoOffsetForPartitionException)', () => {
    const [s0] = start({ 'auto.offset.reset': 'none' });
    const [s] = run(s0, offsetFetched(null));
    expect(s.value).toBe('failed');
    expect(ctx(s).error).toBe('NoOffsetForPartitionException');
  });
});

describe('when polling', () => {
  it('a FetchResponse hands the records to the application and moves the position past the last one', () => {
    const s = withRecords();
    expect(s.value).toBe('hasRecords');
    expect(ctx(s).returned.map((e) => e.record?.id)).toEqual(['m1', 'm2']);
    expect(currentPosition(ctx(s))).toBe(2);
  });

  it('an empty FetchResponse goes back to idle', () => {
    const [s0] = start({ 'auto.offset.reset': 'earliest' });
    const [s] = run(s0, offsetFetched(null), poll(), fetched(0, []));
    expect(s.value).toBe('idle');
    expect(ctx(s)).toMatchObject({ positions: { [P]: 0 }, returned: [], processed: 0 });
  });

  it('a FetchResponse with an error goes back to idle', () => {
    const [s0] = start({ 'auto.offset.reset': 'earliest' });
    const [s] = run(s0, offsetFetched(null), poll(), {
      type: 'kafka.FetchResponse',
      from: 'broker-2',
      now: tick(),
      message: {
        name: 'FetchResponse',
        partition: P,
        fetchOffset: 0,
        entries: [],
        highWatermark: 0,
        lastStableOffset: 0,
        abortedTransactions: [],
        forReplica: false,
        error: 'NOT_LEADER_OR_FOLLOWER',
      },
    });
    expect(s.value).toBe('idle');
  });

  it('read_committed skips aborted records and markers, yet moves past them', () => {
    const [s0] = start({ 'auto.offset.reset': 'earliest', 'isolation.level': 'read_committed' });
    const entries = [
      data(0, 'm1', 7, true),
      ctl(1, 'ABORT', 7),
      data(2, 'plain'),
      data(3, 'm1', 7, true),
      ctl(4, 'COMMIT', 7),
    ];
    const aborted = [{ producerId: 7, firstOffset: 0, lastOffset: 1 }];
    const [s] = run(s0, offsetFetched(null), poll(), fetched(0, entries, aborted));
    expect(ctx(s).returned.map((e) => `${e.record?.id}@${e.offset}`)).toEqual(['plain@2', 'm1@3']);
    expect(currentPosition(ctx(s))).toBe(5);
  });

  it('read_uncommitted returns aborted records too (markers never)', () => {
    const [s0] = start({ 'auto.offset.reset': 'earliest' });
    const entries = [data(0, 'm1', 7, true), ctl(1, 'ABORT', 7), data(2, 'm1', 7, true)];
    const [s] = run(s0, offsetFetched(null), poll(), fetched(0, entries, []));
    expect(ctx(s).returned.map((e) => `${e.record?.id}@${e.offset}`)).toEqual(['m1@0', 'm1@2']);
  });

  it('an aborted transaction of ANOTHER producer does not hide this producer’s records', () => {
    const [s0] = start({ 'auto.offset.reset': 'earliest', 'isolation.level': 'read_committed' });
    const [s] = run(
      s0,
      offsetFetched(null),
      poll(),
      fetched(
        0,
        [data(0, 'a', 8, true), ctl(1, 'COMMIT', 8)],
        [{ producerId: 7, firstOffset: 0, lastOffset: 5 }],
      ),
    );
    expect(ctx(s).returned.map((e) => e.record?.id)).toEqual(['a']);
  });

  it('ignores a FetchResponse for another position', () => {
    const [s0] = start({ 'auto.offset.reset': 'earliest' });
    const [s1] = run(s0, offsetFetched(null), poll());
    const [s] = run(s1, fetched(3, [data(3, 'x')]));
    expect(ctx(s).returned).toEqual([]);
    expect(currentPosition(ctx(s))).toBe(0);
  });
});

describe('when a fetch is out of range (OFFSET_OUT_OF_RANGE, after truncation)', () => {
  const outOfRange = (fetchOffset: number): ConsumerEvent => ({
    type: 'kafka.FetchResponse',
    from: 'broker-2',
    now: tick(),
    message: {
      name: 'FetchResponse',
      partition: P,
      fetchOffset,
      entries: [],
      highWatermark: 1,
      lastStableOffset: 1,
      abortedTransactions: [],
      forReplica: false,
      error: 'OFFSET_OUT_OF_RANGE',
    },
  });
  /** Resumed at committed offset 2, then its fetch from 2 is out of range. */
  function at(reset: 'earliest' | 'latest' | 'none'): [Snapshot, Action[]] {
    const [s0] = start({ 'auto.offset.reset': reset });
    const [s1] = run(s0, offsetFetched(2), poll());
    return run(s1, outOfRange(2));
  }

  it('earliest: the position goes back to the start of the log', () => {
    const [s, actions] = at('earliest');
    expect(s.value).toBe('idle');
    expect(currentPosition(ctx(s))).toBe(0);
    expect(JSON.stringify(actions)).toContain('auto.offset.reset=earliest');
  });

  it('latest: it asks where the log ends (ListOffsets) and moves there', () => {
    const [resetting, actions] = at('latest');
    expect(resetting.value).toBe('resetting');
    expect(messages(actions)).toEqual([{ name: 'ListOffsets', partition: P, isolation: 'read_uncommitted' }]);
    const [s] = run(resetting, {
      type: 'kafka.ListOffsetsResponse',
      from: 'broker-2',
      now: tick(),
      message: { name: 'ListOffsetsResponse', partition: P, offset: 1 },
    });
    expect(s.value).toBe('idle');
    expect(currentPosition(ctx(s))).toBe(1);
  });

  it('none: poll() throws OffsetOutOfRangeException', () => {
    const [s, actions] = at('none');
    expect(s.value).toBe('failed');
    expect(ctx(s).error).toBe('OffsetOutOfRangeException');
    expect(JSON.stringify(actions)).toContain('OffsetOutOfRangeException');
  });
});

describe('when it has records: commit AFTER processing (at-least-once)', () => {
  it('may not commit before everything is processed', () => {
    const s = withRecords({ commit: 'after-processing' });
    expect(s.can(commitSync())).toBe(false);
    expect(s.can(process())).toBe(true);
    const [s1] = run(s, process());
    expect(s1.can(commitSync())).toBe(false);
  });

  it('processes in order, with the effect, then commits the NEXT offset (last processed + 1)', () => {
    let [s, actions] = run(withRecords({ commit: 'after-processing' }), process());
    expect(effects(actions)).toEqual([expect.objectContaining({ kind: 'effect', summary: 'm1' })]);
    [s, actions] = run(s, process());
    expect(effects(actions)).toEqual([expect.objectContaining({ kind: 'effect', summary: 'm2' })]);
    expect(s.can(process())).toBe(false);
    [s, actions] = run(s, commitSync());
    expect(s.value).toBe('committing');
    expect(sends(actions)).toEqual([
      {
        to: 'group-coordinator',
        message: { name: 'OffsetCommit', groupId: 'app-group', offsets: { [P]: 2 } },
      },
    ]);
    // commitSync() blocks until the answer; then the loop goes round.
    expect(s.can(poll())).toBe(false);
    [s] = run(s, committed(2));
    expect(s.value).toBe('idle');
  });
});

describe('when it has records: commit BEFORE processing (at-most-once)', () => {
  it('must commit before processing anything', () => {
    const s = withRecords({ commit: 'before-processing' });
    expect(s.can(process())).toBe(false);
    expect(s.can(commitSync())).toBe(true);
  });

  it('commits the position (past the whole batch), then processes, then polls again', () => {
    const [blocked, actions] = run(withRecords({ commit: 'before-processing' }), commitSync());
    let s = blocked;
    expect(messages(actions)).toEqual([{ name: 'OffsetCommit', groupId: 'app-group', offsets: { [P]: 2 } }]);
    expect(s.can(process())).toBe(false); // still blocked in commitSync()
    [s] = run(s, committed(2));
    expect(s.value).toBe('hasRecords');
    expect(s.can(commitSync())).toBe(false);
    [s] = run(s, process(), process());
    expect(s.value).toBe('idle');
  });
});

describe('when auto-commit is on', () => {
  it('the interval only marks a commit due; the commit happens inside the next poll(), before its Fetch', () => {
    let s = withRecords({ 'enable.auto.commit': true, 'auto.commit.interval.ms': 5000 });
    [s] = run(s, process(), process());
    expect(s.value).toBe('idle'); // no commitSync() in the loop
    const [timer] = consumerTimers(ctx(s), String(s.value));
    expect(timer).toMatchObject({ event: { type: 'timer.autoCommit' }, due: 5000 });
    let actions: Action[] = [];
    [s, actions] = run(s, { type: 'timer.autoCommit', now: 5000 });
    expect(messages(actions)).toEqual([]);
    expect(ctx(s).autoCommitDue).toBe(true);
    [s, actions] = run(s, poll(5001));
    expect(messages(actions).map((m) => m.name)).toEqual(['OffsetCommit', 'Fetch']);
    expect(messages(actions)[0]).toMatchObject({ offsets: { [P]: 2 } });
    expect(ctx(s)).toMatchObject({ autoCommitDue: false, lastCommitted: { [P]: 2 }, lastAutoCommitAt: 5001 });
  });

  it('the commit that fell due mid-batch goes out with the next poll(), covering the whole batch', () => {
    let s = withRecords({ 'enable.auto.commit': true });
    [s] = run(s, process()); // m2 not processed yet
    expect(s.can(poll())).toBe(false);
    [s] = run(s, { type: 'timer.autoCommit', now: 5000 });
    expect(ctx(s).autoCommitDue).toBe(true);
    [s] = run(s, process());
    const [, actions] = run(s, poll());
    expect(messages(actions)[0]).toMatchObject({ name: 'OffsetCommit', offsets: { [P]: 2 } });
  });

  it('no timer when nothing new has been read since the last commit', () => {
    const [s0] = start({ 'enable.auto.commit': true });
    const [s] = run(s0, offsetFetched(3));
    expect(consumerTimers(ctx(s), String(s.value))).toEqual([]);
  });

  it('a poll with no commit due sends only the Fetch', () => {
    const [s0] = start({ 'enable.auto.commit': true, 'auto.offset.reset': 'earliest' });
    const [, actions] = run(s0, offsetFetched(null), poll());
    expect(messages(actions).map((m) => m.name)).toEqual(['Fetch']);
  });
});

describe('when it is the processor (consume–transform–produce)', () => {
  const processor = () => {
    const [s0] = start(
      { 'auto.offset.reset': 'earliest', 'isolation.level': 'read_committed' },
      'processor',
      'update inventory',
    );
    return run(s0, offsetFetched(null), poll(), fetched(0, [data(0, 'm1'), data(1, 'm2')]))[0];
  };

  it('never commits itself: offsets go through the producer’s transaction', () => {
    const s = processor();
    expect(s.can(commitSync())).toBe(false);
    const [done] = run(s, process(), process());
    expect(done.value).toBe('hasRecords');
    expect(done.can(commitSync())).toBe(false);
  });

  it('batchDone after a commit: back to idle at the position after the batch', () => {
    const [s] = run(processor(), process(), process(), {
      type: 'consumer.batchDone',
      now: tick(),
      rewind: false,
    });
    expect(s.value).toBe('idle');
    expect(ctx(s)).toMatchObject({ positions: { [P]: 2 }, returned: [], processed: 0 });
  });

  it('batchDone after an abort rewinds to the batch’s first offset', () => {
    const [s] = run(processor(), process(), { type: 'consumer.batchDone', now: tick(), rewind: true });
    expect(s.value).toBe('idle');
    expect(ctx(s)).toMatchObject({ positions: { [P]: 0 }, returned: [], processed: 0 });
  });
});

describe('when crashed', () => {
  it('forgets its position and returned records; restart asks for the committed offset again', () => {
    let [s] = run(withRecords(), process(), { type: 'node.crash', now: tick() });
    expect(s.value).toBe('crashed');
    expect(ctx(s)).toMatchObject({ returned: [], processed: 0, lastCommitted: {} });
    expect(ctx(s).positions).toEqual({});
    expect(s.can(poll())).toBe(false);
    let actions: Action[] = [];
    [s, actions] = run(s, { type: 'node.restart', now: tick() });
    expect(s.value).toBe('joining');
    expect(messages(actions)).toEqual([
      { name: 'OffsetFetch', groupId: 'app-group', partitions: [P], requireStable: true },
    ]);
    // Nothing was committed: it starts again at 0 and processes m1 a second time (at-least-once).
    [s] = run(s, offsetFetched(null), poll(), fetched(0, [data(0, 'm1'), data(1, 'm2')]));
    [, actions] = run(s, process());
    expect(effects(actions)).toEqual([expect.objectContaining({ summary: 'm1' })]);
  });

  it('a crash while committing loses the loop’s place too', () => {
    const [s] = run(withRecords({ commit: 'before-processing' }), commitSync(), {
      type: 'node.crash',
      now: tick(),
    });
    expect(s.value).toBe('crashed');
  });
});

describe('a member of a consumer group (classic protocol)', () => {
  const SETTINGS = {
    sessionTimeoutMs: 45000,
    maxPollIntervalMs: 300000,
    heartbeatIntervalMs: 3000,
    processingMs: 120000,
  };
  function member(): [Snapshot, Action[]] {
    const result = validateConfig({
      consumer: { 'enable.auto.commit': false, 'auto.offset.reset': 'earliest' },
    });
    if (!result.ok) throw new Error(JSON.stringify(result.issues));
    return initialTransition(consumerMachine, {
      id: 'consumer-a',
      config: result.config.consumer,
      partition: P,
      role: 'consumer',
      effect: 'charge card',
      member: SETTINGS,
    });
  }
  const joined = (generation: number, leader: string, members: string[]): ConsumerEvent => ({
    type: 'kafka.JoinGroupResponse',
    from: 'group-coordinator',
    now: tick(),
    message: { name: 'JoinGroupResponse', generation, memberId: 'consumer-a-1', leader, members },
  });
  const synced = (assignment: string[], error?: KafkaError): ConsumerEvent => ({
    type: 'kafka.SyncGroupResponse',
    from: 'group-coordinator',
    now: tick(),
    message: { name: 'SyncGroupResponse', assignment, ...(error ? { error } : {}) },
  });
  /** Owns P in generation 1, polled m1 and m2 at time 10. */
  function owning(): Snapshot {
    const [s0] = member();
    const [s] = run(
      s0,
      joined(1, 'consumer-a-1', ['consumer-a-1', 'consumer-b-2']),
      synced([P]),
      offsetFetched(null),
      poll(10),
      fetched(0, [data(0, 'm1'), data(1, 'm2')]),
    );
    return s;
  }

  it('joins first: JoinGroup with no member id, then (as leader) SyncGroup with the range assignment', () => {
    const [s0, actions] = member();
    expect(s0.value).toEqual({ joiningGroup: 'awaitingJoin' });
    expect(messages(actions)).toEqual([
      {
        name: 'JoinGroup',
        groupId: 'app-group',
        memberId: '',
        sessionTimeoutMs: 45000,
        rebalanceTimeoutMs: 300000,
      },
    ]);
    const [s, sync] = run(s0, joined(1, 'consumer-a-1', ['consumer-b-2', 'consumer-a-1']));
    expect(messages(sync)).toEqual([
      {
        name: 'SyncGroup',
        groupId: 'app-group',
        generation: 1,
        memberId: 'consumer-a-1',
        assignments: { 'consumer-a-1': [P], 'consumer-b-2': [] },
      },
    ]);
    expect(run(s, synced([P]))[0].value).toBe('joining');
    expect(run(s, synced([]))[0].value).toBe('idle');
  });

  it('with no partition it does not poll', () => {
    const [s0] = member();
    const [s] = run(s0, joined(1, 'other', []), synced([]));
    expect(s.can(poll())).toBe(false);
  });

  it('a slow process() holds the loop; max.poll.interval.ms passing makes the heartbeat thread leave the group', () => {
    let [s] = run(owning(), process());
    expect(s.value).toBe('processing');
    const timers = consumerTimers(ctx(s), String(s.value)).map((t) => [t.event.type, t.due]);
    expect(timers).toEqual([
      ['timer.processed', ctx(s).busyUntil],
      ['timer.maxPollInterval', 10 + 300000],
    ]);
    let actions: Action[];
    [s, actions] = run(s, { type: 'timer.maxPollInterval', now: 300010 });
    expect(messages(actions)).toEqual([
      {
        name: 'LeaveGroup',
        groupId: 'app-group',
        memberId: 'consumer-a-1',
        reason: 'consumer poll timeout has expired',
      },
    ]);
    expect(ctx(s)).toMatchObject({ memberId: '', generation: -1 });
    [s, actions] = run(s, { type: 'timer.processed', now: 360000 });
    expect(effects(actions)).toEqual([expect.objectContaining({ kind: 'effect', summary: 'm1' })]);
  });

  describe('when stalled past max.poll.interval.ms with a batch in hand', () => {
    it('goes stalled: the heartbeat thread leaves the group, the application still holds m1 and m2', () => {
      const [s, actions] = run(owning(), { type: 'timer.maxPollInterval', now: 300010 });
      expect(s.value).toBe('stalled');
      expect(holdsBatch(s)).toBe(true);
      expect(messages(actions)).toEqual([
        {
          name: 'LeaveGroup',
          groupId: 'app-group',
          memberId: 'consumer-a-1',
          reason: 'consumer poll timeout has expired',
        },
      ]);
      expect(ctx(s)).toMatchObject({ memberId: '', generation: -1, processed: 0 });
      expect(ctx(s).returned.map((e) => e.record?.id)).toEqual(['m1', 'm2']);
      // Out of the group: no heartbeat, and no second poll timeout.
      expect(consumerTimers(ctx(s), String(s.value))).toEqual([]);
    });

    it('wakes into the same calls: it processes its batch, still out of the group', () => {
      let [s] = run(owning(), { type: 'timer.maxPollInterval', now: 300010 });
      expect(s.can(process())).toBe(true);
      expect(s.can(poll())).toBe(false);
      [s] = run(s, process());
      expect(s.value).toBe('processing');
      [s] = run(s, { type: 'timer.processed', now: 400000 });
      // Still out of the group: back in the stalled phase, not in an ordinary batch.
      expect(s.value).toBe('stalled');
    });

    it('a slow call the interval passed during returns into the stalled phase', () => {
      let [s] = run(owning(), process());
      [s] = run(s, { type: 'timer.maxPollInterval', now: 300010 });
      expect(s.value).toBe('processing');
      [s] = run(s, { type: 'timer.processed', now: 360000 });
      expect(s.value).toBe('stalled');
    });

    it('an ordinary batch is not stalled', () => {
      const s = owning();
      expect(s.value).toBe('hasRecords');
      expect(holdsBatch(s)).toBe(true);
      expect(holdsBatch(run(s, process(), { type: 'timer.processed', now: 1 })[0])).toBe(true);
      expect(holdsBatch(member()[0])).toBe(false);
    });
  });

  it('groupMetadata() is set when the join completes and kept after the poll timeout, as ConsumerCoordinator keeps it', () => {
    const [s0] = member();
    expect(ctx(s0).groupMetadata).toBeNull();
    const [s] = run(owning(), { type: 'timer.maxPollInterval', now: 300010 });
    expect(ctx(owning()).groupMetadata).toEqual({ memberId: 'consumer-a-1', generation: 1 });
    // The heartbeat thread forgot the membership; what a processor hands to sendOffsetsToTransaction did not.
    expect(ctx(s)).toMatchObject({ memberId: '', generation: -1 });
    expect(ctx(s).groupMetadata).toEqual({ memberId: 'consumer-a-1', generation: 1 });
  });

  it('commitSync() after leaving throws CommitFailedException without sending, and the next poll() rejoins', () => {
    let [s] = run(owning(), { type: 'timer.maxPollInterval', now: 300010 });
    [s] = run(s, process(), { type: 'timer.processed', now: 1 }, process(), {
      type: 'timer.processed',
      now: 2,
    });
    let actions: Action[];
    [s, actions] = run(s, commitSync());
    expect(messages(actions)).toEqual([]);
    expect(s.value).toBe('idle');
    [s, actions] = run(s, poll());
    expect(messages(actions)[0]).toMatchObject({ name: 'JoinGroup', memberId: '' });
  });

  it('a commit the coordinator refuses with ILLEGAL_GENERATION throws CommitFailedException too', () => {
    let [s] = run(owning(), process(), { type: 'timer.processed', now: 1 }, process(), {
      type: 'timer.processed',
      now: 2,
    });
    let actions: Action[];
    [s, actions] = run(s, commitSync());
    expect(messages(actions)[0]).toMatchObject({
      name: 'OffsetCommit',
      member: { memberId: 'consumer-a-1', generation: 1 },
    });
    [s, actions] = run(s, {
      type: 'kafka.OffsetCommitResponse',
      from: 'group-coordinator',
      now: tick(),
      message: { name: 'OffsetCommitResponse', offsets: { [P]: 2 }, error: 'ILLEGAL_GENERATION' },
    });
    expect(s.value).toBe('idle');
    expect(ctx(s)).toMatchObject({ generation: -1, assignment: [] });
    expect(ctx(s).positions).toEqual({});
  });
});
