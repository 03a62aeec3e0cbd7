import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import type { SendParams } from './io.ts';
import {
  groupCoordinatorMachine,
  type GroupCoordinatorContext,
  type GroupCoordinatorEvent,
} from './groupCoordinator.ts';
import { GROUP_OFFSETS } from './txnCoordinator.ts';

/** The group coordinator alone: committed offsets, and transactional offsets pending until the marker. */

type Snapshot = ReturnType<typeof initialTransition<typeof groupCoordinatorMachine>>[0];
type Action = { type: string; params?: unknown };

const start = (): Snapshot => initialTransition(groupCoordinatorMachine)[0];

function run(s: Snapshot, ...events: GroupCoordinatorEvent[]): [Snapshot, Action[]] {
  let snap = s;
  let actions: Action[] = [];
  for (const e of events) [snap, actions] = transition(groupCoordinatorMachine, snap, e);
  return [snap, actions];
}

const ctx = (s: Snapshot) => s.context as GroupCoordinatorContext;
const sends = (actions: Action[]) =>
  actions.filter((a) => a.type === 'send').map((a) => a.params as SendParams);
const messages = (actions: Action[]) => sends(actions).map((p) => p.message);

let clock = 0;
const tick = () => (clock += 1);
const P = 'input-0';

const commit = (offset: number, groupId = 'g'): GroupCoordinatorEvent => ({
  type: 'kafka.OffsetCommit',
  from: 'consumer',
  now: tick(),
  message: { name: 'OffsetCommit', groupId, offsets: { [P]: offset } },
});
const txnCommit = (offset: number, producerId = 1000, epoch = 0): GroupCoordinatorEvent => ({
  type: 'kafka.TxnOffsetCommit',
  from: 'processor',
  now: tick(),
  message: {
    name: 'TxnOffsetCommit',
    transactionalId: 'tx-1',
    producerId,
    epoch,
    groupId: 'g',
    offsets: { [P]: offset },
  },
});
const fetch = (requireStable: boolean, partitions = [P], groupId = 'g'): GroupCoordinatorEvent => ({
  type: 'kafka.OffsetFetch',
  from: 'consumer',
  now: tick(),
  message: { name: 'OffsetFetch', groupId, partitions, requireStable },
});
const marker = (commitTxn: boolean, producerId = 1000, epoch = 0): GroupCoordinatorEvent => ({
  type: 'kafka.WriteTxnMarkers',
  from: 'txn-coordinator',
  now: tick(),
  message: {
    name: 'WriteTxnMarkers',
    producerId,
    epoch,
    commit: commitTxn,
    partitions: [GROUP_OFFSETS],
    groupId: 'g',
  },
});

describe('when online', () => {
  it('a group with no commit gets null for the partition', () => {
    const [, actions] = run(start(), fetch(false));
    expect(sends(actions)).toEqual([
      { to: 'consumer', message: { name: 'OffsetFetchResponse', offsets: { [P]: null } } },
    ]);
  });

  it('OffsetCommit stores the offset as given (the next offset to read) and answers', () => {
    const [s, actions] = run(start(), commit(3));
    expect(ctx(s).committed).toEqual({ g: { [P]: 3 } });
    expect(sends(actions)).toEqual([
      { to: 'consumer', message: { name: 'OffsetCommitResponse', offsets: { [P]: 3 } } },
    ]);
    expect(messages(run(s, fetch(false))[1])).toEqual([{ name: 'OffsetFetchResponse', offsets: { [P]: 3 } }]);
  });

  it('keeps groups apart', () => {
    const [s] = run(start(), commit(3, 'g'), commit(7, 'other'));
    expect(messages(run(s, fetch(false, [P], 'other'))[1])).toEqual([
      { name: 'OffsetFetchResponse', offsets: { [P]: 7 } },
    ]);
  });

  describe('transactional offsets (TxnOffsetCommit)', () => {
    it('stay pending: answered, but not committed until the marker', () => {
      const [s, actions] = run(start(), commit(1), txnCommit(2));
      expect(messages(actions)).toEqual([{ name: 'TxnOffsetCommitResponse' }]);
      expect(ctx(s).committed).toEqual({ g: { [P]: 1 } });
      expect(ctx(s).pending).toEqual({ 1000: { groupId: 'g', offsets: { [P]: 2 } } });
    });

    it('a requireStable fetch gets UNSTABLE_OFFSET_COMMIT while they are pending (KIP-447)', () => {
      const [s] = run(start(), commit(1), txnCommit(2));
      expect(messages(run(s, fetch(true))[1])).toEqual([
        { name: 'OffsetFetchResponse', offsets: {}, error: 'UNSTABLE_OFFSET_COMMIT' },
      ]);
    });

    it('a fetch without requireStable sees the last committed offset, not the pending one', () => {
      const [s] = run(start(), commit(1), txnCommit(2));
      expect(messages(run(s, fetch(false))[1])).toEqual([
        { name: 'OffsetFetchResponse', offsets: { [P]: 1 } },
      ]);
    });

    it('pending offsets of another partition do not make this one unstable', () => {
      const [s] = run(start(), txnCommit(2));
      expect(messages(run(s, fetch(true, ['other-0']))[1])).toEqual([
        { name: 'OffsetFetchResponse', offsets: { 'other-0': null } },
      ]);
    });

    it('the COMMIT marker applies them and answers for __consumer_offsets', () => {
      const [s, actions] = run(start(), commit(1), txnCommit(2), marker(true));
      expect(sends(actions)).toEqual([
        {
          to: 'txn-coordinator',
          message: { name: 'WriteTxnMarkersResponse', producerId: 1000, partitions: [GROUP_OFFSETS] },
        },
      ]);
      expect(ctx(s).pending).toEqual({});
      expect(ctx(s).committed).toEqual({ g: { [P]: 2 } });
      expect(messages(run(s, fetch(true))[1])).toEqual([
        { name: 'OffsetFetchResponse', offsets: { [P]: 2 } },
      ]);
    });

    it('the ABORT marker discards them: the group re-reads from its last committed offset', () => {
      const [s] = run(start(), commit(1), txnCommit(2), marker(false));
      expect(ctx(s).pending).toEqual({});
      expect(ctx(s).committed).toEqual({ g: { [P]: 1 } });
      expect(messages(run(s, fetch(true))[1])).toEqual([
        { name: 'OffsetFetchResponse', offsets: { [P]: 1 } },
      ]);
    });

    it('a marker with nothing pending is still acknowledged', () => {
      const [s, actions] = run(start(), marker(true));
      expect(messages(actions)).toEqual([
        { name: 'WriteTxnMarkersResponse', producerId: 1000, partitions: [GROUP_OFFSETS] },
      ]);
      expect(ctx(s).committed).toEqual({});
    });

    it('a TxnOffsetCommit from an epoch older than the last marker’s is refused and not pending', () => {
      const fencedAbort: GroupCoordinatorEvent = {
        type: 'kafka.WriteTxnMarkers',
        from: 'txn-coordinator',
        now: tick(),
        message: {
          name: 'WriteTxnMarkers',
          producerId: 1000,
          epoch: 1,
          commit: false,
          partitions: [GROUP_OFFSETS],
          groupId: 'g',
        },
      };
      const [s, actions] = run(start(), fencedAbort, txnCommit(2, 1000)); // txnCommit carries epoch 0
      expect(messages(actions)).toEqual([
        expect.objectContaining({ name: 'TxnOffsetCommitResponse', error: expect.any(String) }),
      ]);
      expect(ctx(s).pending).toEqual({});
      expect(messages(run(s, fetch(true))[1])).toEqual([
        { name: 'OffsetFetchResponse', offsets: { [P]: null } },
      ]);
    });

    it('after a marker with a bumped epoch (a fence), only that epoch’s offsets are accepted', () => {
      const [s0] = run(start(), txnCommit(1, 1000, 0), marker(true, 1000, 1));
      const [stale, refused] = run(s0, txnCommit(2, 1000, 0));
      expect(messages(refused)).toEqual([{ name: 'TxnOffsetCommitResponse', error: 'PRODUCER_FENCED' }]);
      const [s, actions] = run(stale, txnCommit(2, 1000, 1));
      expect(messages(actions)).toEqual([{ name: 'TxnOffsetCommitResponse' }]);
      expect(ctx(s).pending).toEqual({ 1000: { groupId: 'g', offsets: { [P]: 2 } } });
      expect(ctx(s).epochs).toEqual({ 1000: 1 });
    });

    it('a marker settles only its own producer’s offsets', () => {
      const [s] = run(start(), txnCommit(2, 1000), marker(true, 2000));
      expect(ctx(s).pending).toEqual({ 1000: { groupId: 'g', offsets: { [P]: 2 } } });
    });
  });
});

describe('when crashed', () => {
  it('answers nothing, and comes back with committed and pending offsets intact (__consumer_offsets)', () => {
    const [crashed] = run(start(), commit(1), txnCommit(2), { type: 'node.crash', now: tick() });
    expect(crashed.value).toBe('crashed');
    expect(run(crashed, fetch(false))[1]).toEqual([]);
    expect(run(crashed, commit(5))[1]).toEqual([]);
    const [s] = run(crashed, { type: 'node.restart', now: tick() });
    expect(s.value).toBe('online');
    expect(ctx(s).committed).toEqual({ g: { [P]: 1 } });
    expect(ctx(s).pending).toEqual({ 1000: { groupId: 'g', offsets: { [P]: 2 } } });
  });
});

describe('the classic group protocol', () => {
  const G = 'billing';
  const join = (from: string, memberId = ''): GroupCoordinatorEvent => ({
    type: 'kafka.JoinGroup',
    from,
    now: tick(),
    message: { name: 'JoinGroup', groupId: G, memberId, sessionTimeoutMs: 45000, rebalanceTimeoutMs: 300000 },
  });
  const sync = (from: string, memberId: string, generation: number, assignments?: Record<string, string[]>) =>
    ({
      type: 'kafka.SyncGroup',
      from,
      now: tick(),
      message: {
        name: 'SyncGroup',
        groupId: G,
        generation,
        memberId,
        ...(assignments ? { assignments } : {}),
      },
    }) as GroupCoordinatorEvent;
  const heartbeat = (from: string, memberId: string, generation: number): GroupCoordinatorEvent => ({
    type: 'kafka.Heartbeat',
    from,
    now: tick(),
    message: { name: 'Heartbeat', groupId: G, generation, memberId },
  });
  const leave = (from: string, memberId: string): GroupCoordinatorEvent => ({
    type: 'kafka.LeaveGroup',
    from,
    now: tick(),
    message: { name: 'LeaveGroup', groupId: G, memberId, reason: 'consumer poll timeout has expired' },
  });
  const delayEnds: GroupCoordinatorEvent = { type: 'timer.initialRebalanceDelay', now: 5000 };
  const memberCommit = (memberId: string, generation: number, offset = 3): GroupCoordinatorEvent => ({
    type: 'kafka.OffsetCommit',
    from: 'a',
    now: tick(),
    message: { name: 'OffsetCommit', groupId: G, offsets: { [P]: offset }, member: { memberId, generation } },
  });
  const phase = (s: Snapshot) => (s.value as { classicGroup?: string }).classicGroup;

  /** a and b joined, a leads, a owns P: generation 1, Stable. */
  const stable = () =>
    run(
      start(),
      join('a'),
      join('b'),
      delayEnds,
      sync('a', 'a-1', 1, { 'a-1': [P], 'b-2': [] }),
      sync('b', 'b-2', 1),
    );

  describe('when Empty', () => {
    it('the first JoinGroup starts PreparingRebalance and the initial delay waits for more members', () => {
      const [s, actions] = run(start(), join('a'));
      expect(phase(s)).toBe('PreparingRebalance');
      expect(ctx(s).group.joinDeadline).not.toBeNull();
      expect(messages(actions)).toEqual([]);
    });
  });

  describe('when PreparingRebalance', () => {
    it('the end of the initial delay completes the join: generation 1, the first member leads and alone gets the member list', () => {
      const [s, actions] = run(start(), join('a'), join('b'), delayEnds);
      expect(phase(s)).toBe('CompletingRebalance');
      expect(ctx(s).group.generation).toBe(1);
      expect(messages(actions)).toEqual([
        { name: 'JoinGroupResponse', generation: 1, memberId: 'a-1', leader: 'a-1', members: ['a-1', 'b-2'] },
        { name: 'JoinGroupResponse', generation: 1, memberId: 'b-2', leader: 'a-1', members: [] },
      ]);
    });

    it('answers a heartbeat with REBALANCE_IN_PROGRESS', () => {
      const [s] = stable();
      const [left] = run(s, leave('a', 'a-1'));
      expect(phase(left)).toBe('PreparingRebalance');
      expect(messages(run(left, heartbeat('b', 'b-2', 1))[1])).toEqual([
        { name: 'HeartbeatResponse', error: 'REBALANCE_IN_PROGRESS' },
      ]);
    });

    it('completes the join once every remaining member has rejoined', () => {
      const [s] = stable();
      const [rejoined, actions] = run(s, leave('a', 'a-1'), join('b', 'b-2'));
      expect(phase(rejoined)).toBe('CompletingRebalance');
      expect(ctx(rejoined).group.generation).toBe(2);
      expect(messages(actions)).toEqual([
        { name: 'JoinGroupResponse', generation: 2, memberId: 'b-2', leader: 'b-2', members: ['b-2'] },
      ]);
    });
  });

  describe('when CompletingRebalance', () => {
    it('a follower’s SyncGroup waits for the leader’s, then both get their part and the group is Stable', () => {
      const [s, first] = run(start(), join('a'), join('b'), delayEnds, sync('b', 'b-2', 1));
      expect(messages(first)).toEqual([]);
      const [done, actions] = run(s, sync('a', 'a-1', 1, { 'a-1': [P], 'b-2': [] }));
      expect(phase(done)).toBe('Stable');
      expect(messages(actions)).toEqual([
        { name: 'SyncGroupResponse', assignment: [P] },
        { name: 'SyncGroupResponse', assignment: [] },
      ]);
    });
  });

  describe('when Stable', () => {
    it('accepts a commit from a member of the current generation', () => {
      const [s] = stable();
      const [after, actions] = run(s, memberCommit('a-1', 1));
      expect(messages(actions)).toEqual([{ name: 'OffsetCommitResponse', offsets: { [P]: 3 } }]);
      expect(ctx(after).committed[G]).toEqual({ [P]: 3 });
    });

    it('refuses a commit of an older generation with ILLEGAL_GENERATION and of a removed member with UNKNOWN_MEMBER_ID', () => {
      const [s] = stable();
      const [gen2] = run(s, leave('a', 'a-1'), join('b', 'b-2'), sync('b', 'b-2', 2, { 'b-2': [P] }));
      expect(ctx(gen2).group.generation).toBe(2);
      expect(messages(run(gen2, memberCommit('b-2', 1))[1])).toEqual([
        { name: 'OffsetCommitResponse', offsets: { [P]: 3 }, error: 'ILLEGAL_GENERATION' },
      ]);
      const [after, actions] = run(gen2, memberCommit('a-1', 1));
      expect(messages(actions)[0]).toMatchObject({ error: 'UNKNOWN_MEMBER_ID' });
      expect(ctx(after).committed[G]).toBeUndefined();
    });

    /** A TxnOffsetCommit of offset 3 carrying the consumer's group metadata `member` (KIP-447). */
    const txnCommitWith = (
      from: string,
      member: { memberId: string; generation: number },
    ): GroupCoordinatorEvent => ({
      type: 'kafka.TxnOffsetCommit',
      from,
      now: tick(),
      message: {
        name: 'TxnOffsetCommit',
        transactionalId: 'tx-1',
        producerId: 1000,
        epoch: 0,
        groupId: G,
        offsets: { [P]: 3 },
        member,
      },
    });

    it('fences a TxnOffsetCommit whose group metadata is of an older generation (KIP-447)', () => {
      const [s] = stable();
      const [gen2] = run(s, leave('a', 'a-1'), join('b', 'b-2'), sync('b', 'b-2', 2, { 'b-2': [P] }));
      const [after, actions] = run(gen2, txnCommitWith('b', { memberId: 'b-2', generation: 1 }));
      expect(messages(actions)).toEqual([{ name: 'TxnOffsetCommitResponse', error: 'ILLEGAL_GENERATION' }]);
      expect(ctx(after).pending).toEqual({});
    });

    it('fences a departed member’s TxnOffsetCommit even once the group is Empty (ClassicGroup.validateOffsetCommit)', () => {
      const [s] = stable();
      const [empty] = run(s, leave('a', 'a-1'), leave('b', 'b-2'));
      expect(phase(empty)).toBe('Empty');
      const [after, actions] = run(empty, txnCommitWith('a', { memberId: 'a-1', generation: 1 }));
      expect(messages(actions)).toEqual([{ name: 'TxnOffsetCommitResponse', error: 'UNKNOWN_MEMBER_ID' }]);
      expect(ctx(after).pending).toEqual({});
    });

    it('a member whose session expires is removed and the others must rejoin', () => {
      const [s] = stable();
      const [after] = run(s, { type: 'timer.sessionExpiry', now: 60000, memberId: 'a-1' });
      expect(phase(after)).toBe('PreparingRebalance');
      expect(ctx(after).group.members.map((m) => m.memberId)).toEqual(['b-2']);
    });

    it('the last member leaving empties the group and still moves the generation on', () => {
      const [s] = stable();
      const [after] = run(s, leave('a', 'a-1'), leave('b', 'b-2'));
      expect(phase(after)).toBe('Empty');
      expect(ctx(after).group.generation).toBe(2);
    });

    it('a crash and restart come back to the same phase (the group metadata is in __consumer_offsets)', () => {
      const [s] = stable();
      const [back] = run(s, { type: 'node.crash', now: tick() }, { type: 'node.restart', now: tick() });
      expect(phase(back)).toBe('Stable');
      expect(ctx(back).group.generation).toBe(1);
    });
  });
});
