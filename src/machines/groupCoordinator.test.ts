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
