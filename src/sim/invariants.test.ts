import { describe, expect, it } from 'vitest';
import type { LogEntry, NodeId, PartitionId } from '../kafka/protocol.ts';
import type { BrokerContext } from '../machines/broker/broker.ts';
import { PartitionLog } from '../machines/broker/partitionLog.ts';
import type { Replica } from '../machines/broker/replica.ts';
import type { ConsumerContext } from '../machines/consumer.ts';
import type { GroupCoordinatorContext } from '../machines/groupCoordinator.ts';
import { scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { checkInvariants } from './invariants.ts';
import { createWorld, partOf, setPart, withNodeDown, type World } from './world.ts';
import type { PartKind } from './topology.ts';

/**
 * Each invariant, seen to fire: a world the model never produces (a corrupted copy of a real one) must be
 * reported, under the invariant's own name. Without these a checker that reports nothing would leave
 * every other test green.
 */

const BASE = createWorld(scenarioById('eos-idempotent-retry') as Scenario);
const PARTITION = BASE.topology.partitions[0]?.partition as PartitionId;
const LEADER = BASE.leaders[PARTITION]?.leader as NodeId;

/** A copy of `world` whose `kind` machine on `node` has the context `f` makes. */
function withContext<C>(world: World, node: NodeId, kind: PartKind, f: (c: C) => C): World {
  const snapshot = partOf(world, node, kind);
  if (!snapshot) throw new Error(`${node} has no ${kind}`);
  return setPart(world, node, kind, { ...snapshot, context: f(snapshot.context as C) } as typeof snapshot);
}

const withReplica = (world: World, node: NodeId, f: (r: Replica) => Replica) =>
  withContext<BrokerContext>(world, node, 'broker', (b) => ({
    ...b,
    replicas: { ...b.replicas, [PARTITION]: f(b.replicas[PARTITION] as Replica) },
  }));

const data = (offset: number, producerId = -1): LogEntry => ({
  offset,
  leaderEpoch: 0,
  kind: 'data',
  producerId,
  producerEpoch: 0,
  sequence: producerId < 0 ? -1 : offset,
  transactional: producerId >= 0,
  record: { id: `m${offset + 1}` },
});

/** A world one step after `before`, as the step numbering expects. */
const after = (world: World): World => ({ ...world, steps: [...world.steps, stepRecord] });
const stepRecord = { index: 1, action: 'test', label: 'test', time: 0, narration: '', events: [] };

const logOf = (n: number) => PartitionLog.of(Array.from({ length: n }, (_, i) => data(i)));

const reported = (before: World, next: World) => checkInvariants(before, next).map((v) => v.invariant);

describe('checkInvariants reports each broken invariant', () => {
  it('reports nothing for a step that breaks none', () => {
    const next = withReplica(BASE, LEADER, (r) => ({ ...r, log: logOf(2), highWatermark: 1 }));
    expect(checkInvariants(BASE, after(next))).toEqual([]);
  });

  it('HW ≤ LEO', () => {
    const next = withReplica(BASE, LEADER, (r) => ({ ...r, log: logOf(1), highWatermark: 2 }));
    expect(reported(BASE, after(next))).toContain('HW ≤ LEO');
  });

  it('LSO ≤ first offset of every open transaction', () => {
    // The replica's cached first open offset (what the LSO reads) has lost track of producer 7's
    // transaction, which starts at offset 1.
    const next = withReplica(BASE, LEADER, (r) => ({
      ...r,
      log: PartitionLog.of([data(0), data(1, 7), data(2)]),
      highWatermark: 3,
      ongoingTxns: { 7: 1 },
      firstOpenTxnOffset: null,
    }));
    const v = checkInvariants(BASE, after(next));
    expect(v.map((x) => x.invariant)).toEqual(['LSO ≤ first offset of every open transaction']);
    expect(v[0]?.detail).toContain('LSO 3 > 1');
  });

  it('offsets are contiguous', () => {
    const next = withReplica(BASE, LEADER, (r) => ({
      ...r,
      log: PartitionLog.of([data(0), data(2)]),
      highWatermark: 0,
    }));
    const v = checkInvariants(BASE, after(next));
    expect(v.map((x) => x.invariant)).toEqual(['offsets are contiguous']);
    expect(v[0]?.detail).toContain('entry 1 has offset 2');
  });

  it('leader LEO only grows', () => {
    const before = withReplica(BASE, LEADER, (r) => ({ ...r, log: logOf(2) }));
    const next = withReplica(before, LEADER, (r) => ({ ...r, log: logOf(1) }));
    expect(reported(before, after(next))).toEqual(['leader LEO only grows']);
  });

  it('leader HW only grows', () => {
    const before = withReplica(BASE, LEADER, (r) => ({ ...r, log: logOf(2), highWatermark: 2 }));
    const next = withReplica(before, LEADER, (r) => ({ ...r, highWatermark: 1 }));
    expect(reported(before, after(next))).toEqual(['leader HW only grows']);
  });

  it('read_committed never returns an aborted record', () => {
    const before = withReplica(BASE, LEADER, (r) => ({
      ...r,
      log: PartitionLog.of([data(0, 7), { ...data(1, 7), kind: 'ABORT', record: undefined }] as LogEntry[]),
      highWatermark: 2,
      abortedTxns: [{ producerId: 7, firstOffset: 0, lastOffset: 1 }],
    }));
    const consumer = (c: ConsumerContext): ConsumerContext => ({
      ...c,
      config: { ...c.config, isolationLevel: 'read_committed' },
      returned: [data(0, 7)],
    });
    const next = withContext(before, 'consumer', 'consumer', consumer);
    expect(reported(before, after(next))).toEqual(['read_committed never returns an aborted record']);
    // The same record is fine for read_uncommitted.
    const uncommitted = withContext<ConsumerContext>(next, 'consumer', 'consumer', (c) => ({
      ...c,
      config: { ...c.config, isolationLevel: 'read_uncommitted' },
    }));
    expect(reported(before, after(uncommitted))).toEqual([]);
  });

  it('consumers never see control records', () => {
    const marker: LogEntry = { ...data(0, 7), kind: 'COMMIT', record: undefined } as LogEntry;
    const next = withContext<ConsumerContext>(BASE, 'consumer', 'consumer', (c) => ({
      ...c,
      returned: [marker],
    }));
    expect(reported(BASE, after(next))).toEqual(['consumers never see control records']);
  });

  it('no consumer reads above the HW', () => {
    const response = {
      id: BASE.nextMessageId,
      from: LEADER,
      to: 'consumer',
      sentAt: 0,
      heldBack: false,
      summary: '',
      body: {
        name: 'FetchResponse' as const,
        partition: PARTITION,
        fetchOffset: 0,
        entries: [data(0), data(1)],
        highWatermark: 1,
        lastStableOffset: 1,
        abortedTransactions: [],
        forReplica: false,
      },
    };
    const next = { ...BASE, network: [...BASE.network, response], nextMessageId: BASE.nextMessageId + 1 };
    const v = checkInvariants(BASE, after(next));
    expect(v.map((x) => x.invariant)).toEqual(['no consumer reads above the HW']);
    expect(v[0]?.detail).toBe('offset 1 sent with HW 1');
  });

  it('committed offset ≤ LEO (unless unclean election may truncate the log under it)', () => {
    const next = withContext<GroupCoordinatorContext>(BASE, 'group-coordinator', 'groupCoordinator', (g) => ({
      ...g,
      committed: { group: { [PARTITION]: 5 } },
    }));
    expect(reported(BASE, after(next))).toEqual(['committed offset ≤ LEO']);
    const unclean = (w: World): World => ({
      ...w,
      scenario: {
        ...w.scenario,
        config: {
          ...w.scenario.config,
          broker: { ...w.scenario.config.broker, uncleanLeaderElection: true },
        },
      },
    });
    expect(reported(unclean(BASE), after(unclean(next)))).toEqual([]);
  });

  it('a worker thread runs only while its process does', () => {
    const withWorker = createWorld(scenarioById('amo-auto-commit-worker-thread') as Scenario);
    const down = (w: World, node: NodeId): World => withNodeDown(w, node, true);
    expect(reported(withWorker, after(down(withWorker, 'consumer')))).toEqual([
      'a worker thread runs only while its process does',
    ]);
    expect(reported(withWorker, after(down(withWorker, 'consumer-worker')))).toEqual([
      'a worker thread runs only while its process does',
    ]);
    expect(reported(withWorker, after(down(down(withWorker, 'consumer'), 'consumer-worker')))).toEqual([]);
  });

  describe('in a scenario with a consumer group', () => {
    const GROUP = createWorld(scenarioById('rebalance-after-max-poll-interval') as Scenario);
    const P = GROUP.topology.sourcePartition;
    const member = (w: World, id: NodeId, memberId: string, generation: number, assignment: PartitionId[]) =>
      withContext<ConsumerContext>(w, id, 'consumer', (c) => ({ ...c, memberId, generation, assignment }));

    it('one owner per partition per generation', () => {
      const a = member(GROUP, 'consumer-a', 'consumer-a-1', 1, [P]);
      expect(reported(a, after(member(a, 'consumer-b', 'consumer-b-2', 2, [P])))).toEqual([]);
      const both = member(a, 'consumer-b', 'consumer-b-2', 1, [P]);
      const v = checkInvariants(a, after(both));
      expect(v.map((x) => x.invariant)).toEqual(['one owner per partition per generation']);
      expect(v[0]?.detail).toBe(`generation 1 ${P}: consumer-a-1 and consumer-b-2`);
    });

    it('one owner per partition per generation: reported by the step that breaks it, not by every step after', () => {
      const both = member(
        member(GROUP, 'consumer-a', 'consumer-a-1', 1, [P]),
        'consumer-b',
        'consumer-b-2',
        1,
        [P],
      );
      // A step that touched no member (the clock moved): the owners are as the step before checked them.
      expect(reported(both, after({ ...both, clock: both.clock + 1 }))).toEqual([]);
    });

    it('a commit is accepted only from the current generation', () => {
      const at2 = withContext<GroupCoordinatorContext>(
        GROUP,
        'group-coordinator',
        'groupCoordinator',
        (g) => ({
          ...g,
          group: {
            ...g.group,
            groupId: 'billing',
            generation: 2,
            members: [
              {
                memberId: 'consumer-b-2',
                node: 'consumer-b',
                sessionTimeoutMs: 45000,
                rebalanceTimeoutMs: 300000,
                lastHeartbeat: 0,
                joined: false,
                awaitingSync: false,
              },
            ],
          },
        }),
      );
      const commitFrom = (generation: number) => ({
        id: 99,
        from: 'consumer-a',
        to: 'group-coordinator',
        sentAt: 0,
        heldBack: false,
        body: {
          name: 'OffsetCommit' as const,
          groupId: 'billing',
          offsets: { [P]: 0 },
          member: { memberId: generation === 2 ? 'consumer-b-2' : 'consumer-a-1', generation },
        },
        summary: '',
      });
      const delivered = {
        ...stepRecord,
        events: [
          {
            step: 1,
            time: 0,
            kind: 'deliver' as const,
            from: 'consumer-a',
            to: 'group-coordinator',
            name: 'OffsetCommit',
            summary: '',
            messageId: 99,
          },
        ],
      };
      const stored = withContext<GroupCoordinatorContext>(
        at2,
        'group-coordinator',
        'groupCoordinator',
        (g) => ({
          ...g,
          committed: { billing: { [P]: 0 } },
        }),
      );
      const step = (generation: number) => {
        const before = { ...at2, network: [commitFrom(generation)] };
        return checkInvariants(before, { ...stored, steps: [delivered] }).map((x) => x.invariant);
      };
      expect(step(2)).toEqual([]);
      expect(step(1)).toEqual(['a commit is accepted only from the current generation']);
    });
  });

  it('names the step that broke it', () => {
    const next = withReplica(BASE, LEADER, (r) => ({ ...r, highWatermark: 9 }));
    expect(checkInvariants(BASE, after(next))[0]).toMatchObject({ step: 1, invariant: 'HW ≤ LEO' });
  });
});

/**
 * The checks run again only when one of their inputs changed (most steps change neither): each is seen
 * to run when the input that did not change the snapshot or array it is keyed on changes alone.
 */
describe('checkInvariants checks again when only one input changed', () => {
  it('the LSO moves past an open transaction whose record did not change', () => {
    const ongoingTxns = { 7: 1 };
    const before = withReplica(BASE, LEADER, (r) => ({
      ...r,
      log: PartitionLog.of([data(0), data(1, 7), data(2)]),
      highWatermark: 3,
      ongoingTxns,
      firstOpenTxnOffset: 1,
    }));
    expect(reported(BASE, after(before))).toEqual([]);
    const next = withReplica(before, LEADER, (r) => ({ ...r, firstOpenTxnOffset: null }));
    expect(reported(before, after(next))).toEqual(['LSO ≤ first offset of every open transaction']);
  });

  it('a record a read_committed consumer already holds becomes aborted', () => {
    const before = withContext<ConsumerContext>(
      withReplica(BASE, LEADER, (r) => ({ ...r, log: PartitionLog.of([data(0, 7)]), highWatermark: 1 })),
      'consumer',
      'consumer',
      (c) => ({ ...c, config: { ...c.config, isolationLevel: 'read_committed' }, returned: [data(0, 7)] }),
    );
    const next = withReplica(before, LEADER, (r) => ({
      ...r,
      log: PartitionLog.of([data(0, 7), { ...data(1, 7), kind: 'ABORT', record: undefined }] as LogEntry[]),
      highWatermark: 2,
      abortedTxns: [{ producerId: 7, firstOffset: 0, lastOffset: 1 }],
    }));
    expect(reported(before, after(next))).toEqual(['read_committed never returns an aborted record']);
  });

  it('a new leader with a shorter log under an unchanged committed offset', () => {
    const follower = BASE.topology.partitions[0]?.replicas.find((id) => id !== LEADER) as NodeId;
    const committed = withContext<GroupCoordinatorContext>(
      withReplica(BASE, LEADER, (r) => ({ ...r, log: logOf(2), highWatermark: 2 })),
      'group-coordinator',
      'groupCoordinator',
      (g) => ({ ...g, committed: { group: { [PARTITION]: 2 } } }),
    );
    expect(reported(BASE, after(committed))).toEqual([]);
    const next: World = {
      ...committed,
      leaders: { ...committed.leaders, [PARTITION]: { leader: follower, epoch: 1, isr: [follower] } },
    };
    expect(reported(committed, after(next))).toEqual(['committed offset ≤ LEO']);
  });

  it('a leader that keeps leading with a shorter log, under an unchanged committed offset', () => {
    const committed = withContext<GroupCoordinatorContext>(
      withReplica(BASE, LEADER, (r) => ({ ...r, log: logOf(2), highWatermark: 2 })),
      'group-coordinator',
      'groupCoordinator',
      (g) => ({ ...g, committed: { group: { [PARTITION]: 2 } } }),
    );
    const truncated = withReplica(committed, LEADER, (r) => ({ ...r, log: logOf(1), highWatermark: 1 }));
    expect(reported(committed, after(truncated))).toEqual([
      'leader LEO only grows',
      'leader HW only grows',
      'committed offset ≤ LEO',
    ]);
  });
});
