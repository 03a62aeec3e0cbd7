import { describe, expect, it } from 'vitest';
import type { ConsumerContext } from '../machines/consumer.ts';
import type { GroupCoordinatorContext } from '../machines/groupCoordinator.ts';
import { COMBINED_RUN } from '../scenarios/combinedRun.ts';
import type { GroupMemberDocument, Scenario } from '../scenarios/types.ts';
import { parseScenarioDocument } from '../share/scenarioDocument.ts';
import { outcome } from './ledger.ts';
import { runToRest } from './run.ts';
import { naturalAction, step } from './step.ts';
import { createWorld, partOf, type World } from './world.ts';

/**
 * A consumer group over a topic of several partitions (issue #11): the leader's range assignment over
 * all of them, a member reading and committing each partition it owns, and a partition's new owner
 * resuming from the offset its old owner committed.
 */

/** The combined run's topic and producers, read by a group of these members. */
function groupOf(members: GroupMemberDocument[]): Scenario {
  const parsed = parseScenarioDocument({
    ...COMBINED_RUN,
    id: `group-of-${members.length}`,
    groups: [{ id: 'shipping', members }],
  });
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  return parsed.value;
}

/** Where the group's commits end: past the shop transaction's COMMIT markers on orders-0 and orders-1. */
const FINAL = { 'orders-0': 4, 'orders-1': 2, 'orders-2': 2 };
const consumer = (w: World, id: string) => partOf(w, id, 'consumer')?.context as ConsumerContext;
const committed = (w: World) =>
  (partOf(w, 'group-coordinator', 'groupCoordinator')?.context as GroupCoordinatorContext).committed[
    'shipping'
  ];
/** What each member processed, in the order it happened. */
const processed = (w: World, node: string) =>
  w.steps.flatMap((s) =>
    s.events
      .filter((e) => e.kind === 'app' && e.name === 'process' && e.from === node)
      .map((e) => /process\(([^)]+)\)/.exec(e.summary)?.[1]),
  );

describe('a consumer group over a topic of three partitions', () => {
  it('three members: the range assignor gives each one partition, and each reads and commits its own', () => {
    const w = runToRest(createWorld(groupOf(COMBINED_RUN.groups?.[0]?.members ?? [])));
    expect(w.violations).toEqual([]);
    expect(['consumer-a', 'consumer-b', 'consumer-c'].map((id) => consumer(w, id).assignment)).toEqual([
      ['orders-0'],
      ['orders-1'],
      ['orders-2'],
    ]);
    // m2, m3 and a3 are on orders-0, m1 on orders-1, a1 and a2 on orders-2.
    expect(processed(w, 'consumer-a').sort()).toEqual(['a3', 'm2', 'm3']);
    expect(processed(w, 'consumer-b')).toEqual(['m1']);
    expect(processed(w, 'consumer-c')).toEqual(['a1', 'a2']);
    // Committed offsets per group and partition, past the COMMIT markers of the shop's transaction.
    expect(committed(w)).toEqual(FINAL);
    expect(outcome(w).partitions.map((p) => p.committedOffsets)).toEqual([
      { shipping: 4 },
      { shipping: 2 },
      { shipping: 2 },
    ]);
  });

  it('two members: the first by member id owns two partitions, reads both, and one OffsetCommit carries both', () => {
    let w = createWorld(groupOf([{ id: 'consumer-a' }, { id: 'consumer-b' }]));
    const commitsOfA = () =>
      w.network.filter((m) => m.from === 'consumer-a' && m.body.name === 'OffsetCommit').map((m) => m.body);
    const seen: unknown[] = [];
    for (let next = naturalAction(w); next !== undefined; next = naturalAction(w)) {
      w = step(w, next);
      for (const body of commitsOfA()) if (!seen.includes(body)) seen.push(body);
    }
    expect(w.violations).toEqual([]);
    expect(consumer(w, 'consumer-a').assignment).toEqual(['orders-0', 'orders-1']);
    expect(consumer(w, 'consumer-b').assignment).toEqual(['orders-2']);
    expect(processed(w, 'consumer-a').sort()).toEqual(['a3', 'm1', 'm2', 'm3']);
    // Its last commit carries the positions of both partitions it reads.
    expect(seen.at(-1)).toMatchObject({ offsets: { 'orders-0': 4, 'orders-1': 2 } });
    expect(committed(w)).toEqual(FINAL);
    expect(outcome(w).ledger.every((r) => r.verdict === 'once')).toBe(true);
  });

  it('after a rebalance each partition’s new owner resumes from the offset committed for it, if any', () => {
    // Consumer C's process() takes 200 s a record: max.poll.interval.ms (300 s) passes while it is on a2,
    // before it commits, and it leaves the group. In generation 2 consumer A owns orders-0 and orders-1,
    // consumer B orders-2.
    const slowC = { id: 'consumer-c', processingMs: 200000 };
    const w = runToRest(createWorld(groupOf([{ id: 'consumer-a' }, { id: 'consumer-b' }, slowC])));
    expect(w.violations).toEqual([]);
    expect(consumer(w, 'consumer-a')).toMatchObject({ generation: 2, assignment: ['orders-0', 'orders-1'] });
    expect(consumer(w, 'consumer-b')).toMatchObject({ generation: 2, assignment: ['orders-2'] });
    expect(consumer(w, 'consumer-c')).toMatchObject({ generation: -1, assignment: [] });
    // orders-1 moved from B to A with offset 2 committed: m1 is not processed again. orders-2 moved from
    // C to B with nothing committed: B starts at 0 (auto.offset.reset=earliest) and ships a1 and a2 again.
    expect(processed(w, 'consumer-a').sort()).toEqual(['a3', 'm2', 'm3']);
    expect(processed(w, 'consumer-b')).toEqual(['m1', 'a1', 'a2']);
    expect(processed(w, 'consumer-c')).toEqual(['a1', 'a2']);
    expect(committed(w)).toEqual(FINAL);
    expect(outcome(w).ledger.map((r) => `${r.record} ${r.verdict} ${r.effects}`)).toEqual([
      'm1 once 1',
      'm2 once 1',
      'm3 once 1',
      'a1 duplicated 2',
      'a2 duplicated 2',
      'a3 once 1',
    ]);
  });

  it('a member that crashes and restarts joins as a new member; its old member id’s session expires and the join completes', () => {
    let w = createWorld(groupOf(COMBINED_RUN.groups?.[0]?.members ?? []));
    while (JSON.stringify(committed(w)) !== JSON.stringify(FINAL)) w = step(w, naturalAction(w) as string);
    // The restarted consumer C is joining under a new id: only consumer-c-3, silent, times out, while
    // A and B, who already rejoined, stay joined, so generation 2 forms without waiting for them again.
    w = runToRest(step(w, 'crash:consumer-c'));
    expect(w.violations).toEqual([]);
    expect(['consumer-a', 'consumer-b', 'consumer-c'].map((id) => consumer(w, id))).toMatchObject([
      { memberId: 'consumer-a-1', generation: 2, assignment: ['orders-0'], positions: { 'orders-0': 4 } },
      { memberId: 'consumer-b-2', generation: 2, assignment: ['orders-1'], positions: { 'orders-1': 2 } },
      { memberId: 'consumer-c-4', generation: 2, assignment: ['orders-2'], positions: { 'orders-2': 2 } },
    ]);
    expect(outcome(w).ledger.every((r) => r.verdict === 'once')).toBe(true);
  });

  it('with auto-commit, a member commits its positions before an eager rejoin gives its partitions up', () => {
    // auto.commit.interval.ms (60 s) is longer than the session timeout (45 s): when consumer B dies,
    // consumer A has read and processed its records but not committed them yet.
    const parsed = parseScenarioDocument({
      ...COMBINED_RUN,
      id: 'group-auto-commit',
      config: {
        ...COMBINED_RUN.config,
        consumer: {
          'enable.auto.commit': true,
          'auto.commit.interval.ms': 60000,
          'auto.offset.reset': 'earliest',
        },
      },
      groups: [{ id: 'shipping', members: [{ id: 'consumer-a' }, { id: 'consumer-b' }] }],
    });
    if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
    let w = createWorld(parsed.value);
    while (processed(w, 'consumer-a').length < 4) w = step(w, naturalAction(w) as string);
    expect(committed(w)?.['orders-0']).toBeUndefined();
    w = runToRest(step(w, 'crash:consumer-b'));
    expect(w.violations).toEqual([]);
    // A keeps orders-0 and orders-1 in generation 2 and resumes where it committed before rejoining.
    expect(consumer(w, 'consumer-a')).toMatchObject({ generation: 2, assignment: ['orders-0', 'orders-1'] });
    expect(processed(w, 'consumer-a').sort()).toEqual(['a3', 'm1', 'm2', 'm3']);
    expect(outcome(w).ledger.every((r) => r.verdict === 'once')).toBe(true);
  });
});
