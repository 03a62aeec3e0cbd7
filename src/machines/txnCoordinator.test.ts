import { describe, expect, it } from 'vitest';
import { initialTransition, transition } from 'xstate';
import type { KafkaMessage } from '../kafka/protocol.ts';
import type { SendParams } from './io.ts';
import {
  GROUP_OFFSETS,
  txnCoordinatorMachine,
  txnCoordinatorTimers,
  type TxnCoordinatorContext,
  type TxnCoordinatorEvent,
} from './txnCoordinator.ts';

/** The transaction coordinator alone (TransactionMetadata's states), driven by pure transition(). */

type Snapshot = ReturnType<typeof initialTransition<typeof txnCoordinatorMachine>>[0];
type Action = { type: string; params?: unknown };

const TXN_ID = 'tx-1';
const P = 'orders-0';

/** The classic protocol (transaction.version=0); `startTv2` for Kafka 4.0's default. */
const start = (): Snapshot =>
  initialTransition(txnCoordinatorMachine, { transactionTimeoutMs: 60000, transactionVersion: 0 })[0];
const startTv2 = (): Snapshot =>
  initialTransition(txnCoordinatorMachine, { transactionTimeoutMs: 60000, transactionVersion: 2 })[0];

function run(s: Snapshot, ...events: TxnCoordinatorEvent[]): [Snapshot, Action[]] {
  let snap = s;
  let actions: Action[] = [];
  for (const e of events) [snap, actions] = transition(txnCoordinatorMachine, snap, e);
  return [snap, actions];
}

const ctx = (s: Snapshot) => s.context as TxnCoordinatorContext;
const sends = (actions: Action[]) =>
  actions.filter((a) => a.type === 'send').map((a) => a.params as SendParams);
const messages = (actions: Action[]) => sends(actions).map((p) => p.message);
const narrations = (actions: Action[]) =>
  actions.filter((a) => a.type === 'narrate').map((a) => (a.params as { text: string }).text);
/** The state inside `live`, or "crashed". */
const at = (s: Snapshot): string =>
  typeof s.value === 'string' ? s.value : ((s.value as { live: string }).live ?? JSON.stringify(s.value));

let clock = 1000;
const tick = () => (clock += 1);

const init = (transactionalId: string = TXN_ID, from = 'producer'): TxnCoordinatorEvent => ({
  type: 'kafka.InitProducerId',
  from,
  now: tick(),
  message: { name: 'InitProducerId', transactionalId },
});
/** An idempotent (non-transactional) producer's InitProducerId. */
const initIdempotent = (): TxnCoordinatorEvent => ({
  type: 'kafka.InitProducerId',
  from: 'idempotent-producer',
  now: tick(),
  message: { name: 'InitProducerId' },
});
const addPartitions = (epoch = 0, partitions = [P]): TxnCoordinatorEvent => ({
  type: 'kafka.AddPartitionsToTxn',
  from: 'producer',
  now: tick(),
  message: { name: 'AddPartitionsToTxn', transactionalId: TXN_ID, producerId: 1000, epoch, partitions },
});
const addOffsets = (epoch = 0): TxnCoordinatorEvent => ({
  type: 'kafka.AddOffsetsToTxn',
  from: 'producer',
  now: tick(),
  message: { name: 'AddOffsetsToTxn', transactionalId: TXN_ID, producerId: 1000, epoch, groupId: 'g' },
});
const endTxn = (commit: boolean, epoch = 0): TxnCoordinatorEvent => ({
  type: 'kafka.EndTxn',
  from: 'producer',
  now: tick(),
  message: { name: 'EndTxn', transactionalId: TXN_ID, producerId: 1000, epoch, commit },
});
const markerDone = (partitions: string[]): TxnCoordinatorEvent => ({
  type: 'kafka.WriteTxnMarkersResponse',
  from: 'broker-1',
  now: tick(),
  message: { name: 'WriteTxnMarkersResponse', producerId: 1000, partitions },
});

/** InitProducerId done: producer id 1000, epoch 0, state Empty. */
const registered = () => run(start(), init())[0];
/** Ongoing with orders-0 (and the group's offsets when `offsets`). */
function ongoing(offsets = false): Snapshot {
  const [s] = run(registered(), addPartitions());
  return offsets ? run(s, addOffsets())[0] : s;
}

describe('when Empty', () => {
  it('an idempotent producer gets a fresh producer id (epoch 0) each time, whatever the state', () => {
    const [s1, a1] = run(start(), initIdempotent());
    const [s2, a2] = run(s1, initIdempotent());
    expect(messages(a1)).toEqual([{ name: 'InitProducerIdResponse', producerId: 1000, epoch: 0 }]);
    expect(messages(a2)).toEqual([{ name: 'InitProducerIdResponse', producerId: 1001, epoch: 0 }]);
    expect(at(s2)).toBe('Empty');
    // The transactional.id's own producer id (1000) is not handed out again.
    const [s3, a3] = run(ongoing(), initIdempotent());
    expect(messages(a3)).toEqual([{ name: 'InitProducerIdResponse', producerId: 1001, epoch: 0 }]);
    expect(at(s3)).toBe('Ongoing');
  });

  it('InitProducerId(transactional.id) registers the id with epoch 0, then bumps the epoch on each new init', () => {
    const [s1, a1] = run(start(), init());
    expect(at(s1)).toBe('Empty');
    expect(sends(a1)).toEqual([
      { to: 'producer', message: { name: 'InitProducerIdResponse', producerId: 1000, epoch: 0 } },
    ]);
    const [s2, a2] = run(s1, init());
    expect(messages(a2)).toEqual([{ name: 'InitProducerIdResponse', producerId: 1000, epoch: 1 }]);
    expect(ctx(s2)).toMatchObject({ transactionalId: TXN_ID, producerId: 1000, epoch: 1 });
  });

  it('AddPartitionsToTxn moves it to Ongoing and is answered', () => {
    const [s, actions] = run(registered(), addPartitions());
    expect(at(s)).toBe('Ongoing');
    expect(ctx(s).partitions).toEqual([P]);
    expect(messages(actions)).toContainEqual({
      name: 'AddPartitionsToTxnResponse',
      partitions: [P],
      transactionalId: TXN_ID,
    });
  });

  it('AddOffsetsToTxn also opens the transaction and records the group', () => {
    const [s, actions] = run(registered(), addOffsets());
    expect(at(s)).toBe('Ongoing');
    expect(ctx(s).groupId).toBe('g');
    expect(messages(actions)).toContainEqual({ name: 'AddOffsetsToTxnResponse' });
  });

  it('EndTxn with no transaction is INVALID_TXN_STATE; from a stale epoch it is PRODUCER_FENCED', () => {
    const [s] = run(registered(), init()); // epoch 1
    expect(messages(run(s, endTxn(true, 1))[1])).toEqual([
      { name: 'EndTxnResponse', commit: true, error: 'INVALID_TXN_STATE' },
    ]);
    expect(messages(run(s, endTxn(true, 0))[1])).toEqual([
      { name: 'EndTxnResponse', commit: true, error: 'PRODUCER_FENCED' },
    ]);
  });

  it('a stale-epoch AddPartitionsToTxn is fenced and opens nothing', () => {
    const [s0] = run(registered(), init()); // epoch 1
    const [s, actions] = run(s0, addPartitions(0));
    expect(at(s)).toBe('Empty');
    expect(messages(actions)).toEqual([
      {
        name: 'AddPartitionsToTxnResponse',
        partitions: [],
        error: 'PRODUCER_FENCED',
        transactionalId: TXN_ID,
      },
    ]);
  });
});

describe('when Ongoing', () => {
  it('accumulates partitions without duplicates', () => {
    const [s] = run(ongoing(), addPartitions(0, [P, 'other-0']));
    expect(ctx(s).partitions).toEqual([P, 'other-0']);
  });

  it('EndTxn(commit) is answered BEFORE any marker is acknowledged, in the transition that sends the markers', () => {
    const [s, actions] = run(ongoing(true), endTxn(true));
    expect(at(s)).toBe('PrepareCommit');
    const out = sends(actions);
    // The response is the first thing sent; the markers follow in the same step.
    expect(out[0]).toEqual({ to: 'producer', message: { name: 'EndTxnResponse', commit: true } });
    expect(out.slice(1)).toEqual([
      {
        to: { leaderOf: P },
        message: { name: 'WriteTxnMarkers', producerId: 1000, epoch: 0, commit: true, partitions: [P] },
      },
      {
        to: 'group-coordinator',
        message: {
          name: 'WriteTxnMarkers',
          producerId: 1000,
          epoch: 0,
          commit: true,
          partitions: [GROUP_OFFSETS],
          groupId: 'g',
        },
      },
    ]);
    expect(ctx(s).pendingMarkers).toEqual([P, GROUP_OFFSETS]);
  });

  it('without offsets in the transaction, no marker goes to the group coordinator', () => {
    const [, actions] = run(ongoing(false), endTxn(true));
    expect(sends(actions).map((x) => x.to)).toEqual(['producer', { leaderOf: P }]);
  });

  it('EndTxn(abort) → PrepareAbort with ABORT markers', () => {
    const [s, actions] = run(ongoing(true), endTxn(false));
    expect(at(s)).toBe('PrepareAbort');
    expect(messages(actions)[0]).toEqual({ name: 'EndTxnResponse', commit: false });
    expect(
      messages(actions)
        .slice(1)
        .map((m) => m.name === 'WriteTxnMarkers' && m.commit),
    ).toEqual([false, false]);
  });

  it('EndTxn from a stale epoch → PRODUCER_FENCED, the transaction stays open', () => {
    const [s0] = run(registered(), init(), addPartitions(1)); // epoch 1, Ongoing
    const [s, actions] = run(s0, endTxn(true, 0));
    expect(at(s)).toBe('Ongoing');
    expect(messages(actions)).toEqual([{ name: 'EndTxnResponse', commit: true, error: 'PRODUCER_FENCED' }]);
  });

  it('InitProducerId(same transactional.id) fences: bumps the epoch, aborts with it, answers CONCURRENT_TRANSACTIONS', () => {
    const [s, actions] = run(ongoing(true), init(TXN_ID, 'producer-2'));
    expect(at(s)).toBe('PrepareAbort');
    expect(ctx(s).epoch).toBe(1);
    const out = sends(actions);
    expect(out).toContainEqual({
      to: 'producer-2',
      message: {
        name: 'InitProducerIdResponse',
        producerId: -1,
        epoch: -1,
        error: 'CONCURRENT_TRANSACTIONS',
      },
    });
    const markers = out.map((x) => x.message).filter((m) => m.name === 'WriteTxnMarkers');
    expect(markers).toEqual([
      expect.objectContaining({ commit: false, epoch: 1, partitions: [P] }),
      expect.objectContaining({ commit: false, epoch: 1, partitions: [GROUP_OFFSETS] }),
    ]);
    // The zombie's EndTxn is now fenced; the new instance's retry waits for the abort to finish.
    expect(messages(run(s, endTxn(true, 0))[1])).toEqual([
      { name: 'EndTxnResponse', commit: true, error: 'PRODUCER_FENCED' },
    ]);
    expect(messages(run(s, init(TXN_ID, 'producer-2'))[1])).toEqual([
      { name: 'InitProducerIdResponse', producerId: -1, epoch: -1, error: 'CONCURRENT_TRANSACTIONS' },
    ]);
  });

  it('after the fence completes, the retried InitProducerId gets a newer epoch than the abort used', () => {
    let [s] = run(ongoing(false), init(TXN_ID, 'producer-2'));
    [s] = run(s, markerDone([P]));
    expect(at(s)).toBe('CompleteAbort');
    const [s2, actions] = run(s, init(TXN_ID, 'producer-2'));
    expect(at(s2)).toBe('Empty');
    expect(messages(actions)).toEqual([{ name: 'InitProducerIdResponse', producerId: 1000, epoch: 2 }]);
  });

  it('transaction.timeout.ms aborts the transaction and fences the producer’s epoch', () => {
    const s0 = ongoing();
    const [timer] = txnCoordinatorTimers(ctx(s0), at(s0));
    expect(timer?.event.type).toBe('timer.transactionTimeout');
    expect(timer?.due).toBe(ctx(s0).startedAt + 60000);
    const [s, actions] = run(s0, { type: 'timer.transactionTimeout', now: timer?.due ?? 0 });
    expect(at(s)).toBe('PrepareAbort');
    expect(ctx(s).epoch).toBe(1);
    expect(messages(actions)).toEqual([
      { name: 'WriteTxnMarkers', producerId: 1000, epoch: 1, commit: false, partitions: [P] },
    ]);
    expect(messages(run(s, endTxn(true, 0))[1])).toEqual([
      { name: 'EndTxnResponse', commit: true, error: 'PRODUCER_FENCED' },
    ]);
  });

  it('after a transaction.timeout.ms abort, the fenced EndTxn is not put down to another instance', () => {
    const [timedOut] = run(ongoing(), { type: 'timer.transactionTimeout', now: tick() }, markerDone([P]));
    const [, actions] = run(timedOut, endTxn(true, 0));
    expect(messages(actions)).toEqual([{ name: 'EndTxnResponse', commit: true, error: 'PRODUCER_FENCED' }]);
    const said = narrations(actions).join(' ');
    expect(said).toContain('`transaction.timeout.ms`');
    expect(said).toContain('No other instance exists');
    expect(said).not.toMatch(/zombie/);
    // A new instance's InitProducerId is another story: its EndTxn from the old epoch is a zombie's.
    const [fenced] = run(ongoing(), init(), markerDone([P]));
    expect(narrations(run(fenced, endTxn(true, 0))[1]).join(' ')).toContain('zombie');
  });

  it('has a transaction timer only while Ongoing', () => {
    expect(txnCoordinatorTimers(ctx(registered()), 'Empty')).toEqual([]);
    expect(txnCoordinatorTimers(ctx(ongoing()), 'Ongoing')).toHaveLength(1);
  });
});

describe('transaction.timeout.ms above transaction.max.timeout.ms (900000)', () => {
  const initWith = (transactionTimeoutMs: number): TxnCoordinatorEvent => ({
    type: 'kafka.InitProducerId',
    from: 'producer',
    now: tick(),
    message: { name: 'InitProducerId', transactionalId: TXN_ID, transactionTimeoutMs },
  });
  it('InitProducerId is refused with INVALID_TRANSACTION_TIMEOUT, in any state; 900000 itself is fine', () => {
    for (const s0 of [start(), ongoing()]) {
      const [s, actions] = run(s0, initWith(900001));
      expect(messages(actions)).toEqual([
        { name: 'InitProducerIdResponse', producerId: -1, epoch: -1, error: 'INVALID_TRANSACTION_TIMEOUT' },
      ]);
      expect(narrations(actions).join(' ')).toContain('transaction.max.timeout.ms=900000');
      expect(at(s)).toBe(at(s0));
      expect(ctx(s).epoch).toBe(ctx(s0).epoch);
    }
    expect(messages(run(start(), initWith(900000))[1])).toEqual([
      { name: 'InitProducerIdResponse', producerId: 1000, epoch: 0 },
    ]);
  });
});

describe('the narration of a fence and of CONCURRENT_TRANSACTIONS', () => {
  it('names the zombie’s epoch, not the epoch the fence moved to', () => {
    // Epoch 0 is in a transaction; a new instance fences it (epoch 1), then gets epoch 2.
    let [s] = run(ongoing(), init('tx-1', 'producer-2'));
    [s] = run(s, markerDone([P]));
    const [, actions] = run(s, init('tx-1', 'producer-2'));
    expect(messages(actions)).toEqual([{ name: 'InitProducerIdResponse', producerId: 1000, epoch: 2 }]);
    expect(narrations(actions).join(' ')).toContain('using epoch 0 is now a fenced zombie');
  });

  it('says committing while PrepareCommit writes its markers, aborting while PrepareAbort does', () => {
    const [committing] = run(ongoing(), endTxn(true));
    expect(narrations(run(committing, init())[1]).join(' ')).toContain('still committing');
    const [aborting] = run(ongoing(), endTxn(false));
    expect(narrations(run(aborting, init())[1]).join(' ')).toContain('still aborting');
  });
});

describe('when PrepareEpochFence', () => {
  it('is transient: it bumps the epoch and goes straight on to PrepareAbort', () => {
    const [s] = run(ongoing(), { type: 'timer.transactionTimeout', now: tick() });
    expect(at(s)).toBe('PrepareAbort');
    expect(ctx(s).epoch).toBe(1);
  });
});

describe('when PrepareCommit', () => {
  const prepared = () => run(ongoing(true), endTxn(true))[0];

  it('waits for every marker; the last answer completes the commit', () => {
    let [s, actions] = run(prepared(), markerDone([P]));
    expect(at(s)).toBe('PrepareCommit');
    expect(ctx(s).pendingMarkers).toEqual([GROUP_OFFSETS]);
    expect(messages(actions)).toEqual([]);
    [s, actions] = run(s, markerDone([GROUP_OFFSETS]));
    expect(at(s)).toBe('CompleteCommit');
    expect(messages(actions)).toEqual([]);
  });

  it('an answer that wrote nothing (the broker no longer leads) leaves the marker pending', () => {
    const [s] = run(prepared(), markerDone([]));
    expect(ctx(s).pendingMarkers).toEqual([P, GROUP_OFFSETS]);
  });

  it('new work for the transactional.id gets CONCURRENT_TRANSACTIONS; a repeated EndTxn too', () => {
    const s = prepared();
    expect(messages(run(s, addPartitions())[1])).toEqual([
      {
        name: 'AddPartitionsToTxnResponse',
        partitions: [],
        error: 'CONCURRENT_TRANSACTIONS',
        transactionalId: TXN_ID,
      },
    ]);
    expect(messages(run(s, addOffsets())[1])).toEqual([
      { name: 'AddOffsetsToTxnResponse', error: 'CONCURRENT_TRANSACTIONS' },
    ]);
    expect(messages(run(s, endTxn(true))[1])).toEqual([
      { name: 'EndTxnResponse', commit: true, error: 'CONCURRENT_TRANSACTIONS' },
    ]);
    expect(messages(run(s, init())[1])).toEqual([
      { name: 'InitProducerIdResponse', producerId: -1, epoch: -1, error: 'CONCURRENT_TRANSACTIONS' },
    ]);
  });

  it('crash, then restart: resumes PrepareCommit (history) and re-sends the pending markers', () => {
    const [s0] = run(prepared(), markerDone([GROUP_OFFSETS]));
    const [crashed, crashActions] = run(s0, { type: 'node.crash', now: tick() });
    expect(crashed.value).toBe('crashed');
    expect(messages(crashActions)).toEqual([]);
    // Requests to a crashed coordinator are not handled.
    expect(run(crashed, endTxn(true))[1]).toEqual([]);
    const [s, actions] = run(crashed, { type: 'node.restart', now: tick() });
    expect(at(s)).toBe('PrepareCommit');
    expect(ctx(s)).toMatchObject({ producerId: 1000, epoch: 0, pendingMarkers: [P] });
    expect(sends(actions)).toEqual([
      {
        to: { leaderOf: P },
        message: { name: 'WriteTxnMarkers', producerId: 1000, epoch: 0, commit: true, partitions: [P] },
      },
    ]);
  });
});

describe('the classic protocol (transaction.version=0)', () => {
  it('EndTxn keeps the epoch: the markers carry it, and the narration says which protocol this is', () => {
    const [s, actions] = run(ongoing(), endTxn(true));
    expect(ctx(s).epoch).toBe(0);
    expect(messages(actions).filter((m) => m.name === 'WriteTxnMarkers')).toEqual([
      expect.objectContaining({ epoch: 0 }),
    ]);
    expect(narrations(actions).join(' ')).toMatch(/classic protocol.*transaction\.version=0/);
  });

  it('the next transaction runs under the same epoch', () => {
    const [done] = run(ongoing(), endTxn(true), markerDone([P]));
    const [s, actions] = run(done, addPartitions(0), endTxn(false, 0));
    expect(at(s)).toBe('PrepareAbort');
    expect(messages(actions)[0]).toEqual({ name: 'EndTxnResponse', commit: false });
  });
});

describe('transaction version 2 (KIP-890 part 2, Kafka 4.0’s default)', () => {
  const ongoingTv2 = () => run(startTv2(), init(), addPartitions())[0];

  it('EndTxn bumps the epoch: the answer carries it and the markers are written with it', () => {
    const [s, actions] = run(ongoingTv2(), endTxn(true));
    expect(ctx(s).epoch).toBe(1);
    expect(messages(actions)).toContainEqual({ name: 'EndTxnResponse', commit: true, epoch: 1 });
    expect(messages(actions).filter((m) => m.name === 'WriteTxnMarkers')).toEqual([
      expect.objectContaining({ epoch: 1 }),
    ]);
    expect(narrations(actions).join(' ')).toMatch(/KIP-890.*late write/);
  });

  it('a retried EndTxn from the epoch before the bump is the same call, not a zombie’s', () => {
    const [prepared] = run(ongoingTv2(), endTxn(true));
    expect(messages(run(prepared, endTxn(true, 0))[1])).toEqual([
      { name: 'EndTxnResponse', commit: true, error: 'CONCURRENT_TRANSACTIONS' },
    ]);
    const [done] = run(prepared, markerDone([P]));
    expect(messages(run(done, endTxn(true, 0))[1])).toEqual([
      { name: 'EndTxnResponse', commit: true, epoch: 1 },
    ]);
  });

  it('the next transaction runs under the new epoch; the old one is fenced', () => {
    const [done] = run(ongoingTv2(), endTxn(true), markerDone([P]));
    expect(messages(run(done, addPartitions(0))[1])).toEqual([
      {
        name: 'AddPartitionsToTxnResponse',
        partitions: [],
        error: 'PRODUCER_FENCED',
        transactionalId: TXN_ID,
      },
    ]);
    const [s, actions] = run(done, addPartitions(1), endTxn(false, 1));
    expect(at(s)).toBe('PrepareAbort');
    expect(messages(actions)[0]).toEqual({ name: 'EndTxnResponse', commit: false, epoch: 2 });
  });
});

describe('a retried EndTxn (its answer was lost)', () => {
  it('while the markers are written: CONCURRENT_TRANSACTIONS; the other decision is INVALID_TXN_STATE', () => {
    const [s] = run(ongoing(), endTxn(true));
    expect(messages(run(s, endTxn(true))[1])).toEqual([
      { name: 'EndTxnResponse', commit: true, error: 'CONCURRENT_TRANSACTIONS' },
    ]);
    expect(messages(run(s, endTxn(false))[1])).toEqual([
      { name: 'EndTxnResponse', commit: false, error: 'INVALID_TXN_STATE' },
    ]);
  });

  it('once complete: the same decision is answered as done, the other is INVALID_TXN_STATE', () => {
    for (const commit of [true, false]) {
      const [done] = run(ongoing(), endTxn(commit), markerDone([P]));
      expect(at(done)).toBe(commit ? 'CompleteCommit' : 'CompleteAbort');
      expect(messages(run(done, endTxn(commit))[1])).toEqual([{ name: 'EndTxnResponse', commit }]);
      expect(messages(run(done, endTxn(!commit))[1])).toEqual([
        { name: 'EndTxnResponse', commit: !commit, error: 'INVALID_TXN_STATE' },
      ]);
    }
  });
});

describe('when PrepareAbort', () => {
  it('completes to CompleteAbort once every ABORT marker is written', () => {
    const [s] = run(ongoing(true), endTxn(false), markerDone([P]), markerDone([GROUP_OFFSETS]));
    expect(at(s)).toBe('CompleteAbort');
  });

  it('crash, then restart: resumes PrepareAbort and re-sends its ABORT markers', () => {
    const [s, actions] = run(
      ongoing(),
      endTxn(false),
      { type: 'node.crash', now: tick() },
      { type: 'node.restart', now: tick() },
    );
    expect(at(s)).toBe('PrepareAbort');
    expect(messages(actions)).toEqual([
      { name: 'WriteTxnMarkers', producerId: 1000, epoch: 0, commit: false, partitions: [P] },
    ]);
  });
});

describe('when CompleteCommit / CompleteAbort', () => {
  const completed = (commit: boolean) => run(ongoing(), endTxn(commit), markerDone([P]))[0];

  it('the next AddPartitionsToTxn starts a new transaction with a clean partition list', () => {
    for (const commit of [true, false]) {
      const [s] = run(completed(commit), addPartitions(0, ['other-0']));
      expect(at(s)).toBe('Ongoing');
      expect(ctx(s).partitions).toEqual(['other-0']);
      expect(ctx(s).groupId).toBeNull();
    }
  });

  it('a zombie’s EndTxn (older epoch) after the transaction completed → PRODUCER_FENCED', () => {
    const [s] = run(completed(true), init()); // epoch 1, Empty
    expect(messages(run(s, endTxn(true, 0))[1])).toEqual([
      { name: 'EndTxnResponse', commit: true, error: 'PRODUCER_FENCED' },
    ]);
  });

  it('InitProducerId bumps the epoch and goes back to Empty', () => {
    const [s, actions] = run(completed(true), init());
    expect(at(s)).toBe('Empty');
    expect(messages(actions)).toEqual([{ name: 'InitProducerIdResponse', producerId: 1000, epoch: 1 }]);
  });

  it('InitProducerId naming the current id and epoch is the producer’s own bump after a failed batch (KIP-360)', () => {
    const bump = (epoch: number): TxnCoordinatorEvent => ({
      type: 'kafka.InitProducerId',
      from: 'producer',
      now: tick(),
      message: { name: 'InitProducerId', transactionalId: TXN_ID, producerId: 1000, epoch },
    });
    const [s, actions] = run(completed(false), bump(0));
    expect(at(s)).toBe('Empty');
    expect(messages(actions)).toEqual([{ name: 'InitProducerIdResponse', producerId: 1000, epoch: 1 }]);
    expect(narrations(actions).join(' ')).toContain('KIP-360');
    // One naming an epoch already bumped past comes from a fenced instance: refused, epoch unchanged.
    const [again, refused] = run(s, bump(0));
    expect(messages(refused)).toEqual([
      { name: 'InitProducerIdResponse', producerId: -1, epoch: -1, error: 'PRODUCER_FENCED' },
    ]);
    expect(ctx(again).epoch).toBe(1);
  });

  it('crash and restart resumes the completed state, sending nothing', () => {
    const [s, actions] = run(
      completed(true),
      { type: 'node.crash', now: tick() },
      { type: 'node.restart', now: tick() },
    );
    expect(at(s)).toBe('CompleteCommit');
    expect(messages(actions)).toEqual([]);
  });

  it('has no timers', () => {
    const s = completed(true);
    expect(txnCoordinatorTimers(ctx(s), at(s))).toEqual([]);
  });
});

describe('when crashed in Ongoing', () => {
  it('comes back Ongoing with the same partitions (its state is in __transaction_state)', () => {
    const [s] = run(
      ongoing(true),
      { type: 'node.crash', now: tick() },
      { type: 'node.restart', now: tick() },
    );
    expect(at(s)).toBe('Ongoing');
    expect(ctx(s)).toMatchObject({ partitions: [P], groupId: 'g', epoch: 0 });
  });
});

// Type-level guard: the responses this file builds are real protocol messages.
const _check: KafkaMessage = { name: 'EndTxnResponse', commit: true };
void _check;
