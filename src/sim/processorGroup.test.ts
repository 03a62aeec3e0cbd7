import { describe, expect, it } from 'vitest';
import { scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { outcome } from './ledger.ts';
import type { AnyMachineSnapshot } from 'xstate';
import type { GroupCoordinatorContext } from '../machines/groupCoordinator.ts';
import { NODE } from '../scenarios/nodeIds.ts';
import { appCalls } from './apps.ts';
import { replay, runScenario } from './run.ts';
import { enabledActions, naturalAction, step } from './step.ts';
import { partOf, stateName } from './world.ts';

/**
 * Two exactly-once processor instances in one group (KIP-447), the other way round from the lesson:
 * processor 1's offsets reach the group coordinator (pending in its open transaction) before it stalls.
 * The new owner's OffsetFetch (require_stable) is answered UNSTABLE_OFFSET_COMMIT until that transaction
 * completes, then it starts from the offset the transaction committed: m1 is not processed again.
 */
const lesson = scenarioById('eos-partition-moves-between-instances') as Scenario;
const pendingThenStall: Scenario = {
  ...lesson,
  script: [{ action: 'deliver:TxnOffsetCommit' }, { action: 'timer:processor-1:maxPollInterval' }],
};

describe('the new owner waits on the old owner’s pending offsets', () => {
  const world = runScenario(pendingThenStall);
  const events = world.steps.flatMap((s) => s.events);

  it('is answered UNSTABLE_OFFSET_COMMIT and asks again after retry.backoff.ms', () => {
    const unstable = events.filter(
      (e) => e.kind === 'send' && e.name === 'OffsetFetchResponse' && e.to === 'processor-2',
    );
    expect(unstable.some((e) => e.summary.includes('UNSTABLE_OFFSET_COMMIT'))).toBe(true);
    expect(world.steps.some((s) => s.action === 'timer:processor-2:offsetFetchRetry')).toBe(true);
  });

  it('starts from the committed offset once the transaction completes: one output, processed once', () => {
    const o = outcome(world);
    expect(o.invariants.violations).toEqual([]);
    expect(o.reads.read_committed).toEqual(['m1']);
    expect(o.ledger[0]).toMatchObject({ record: 'm1', processed: 1, readCommitted: 1, aborted: 0 });
    expect(o.partitions.find((p) => p.partition === 'input-0')?.committedOffsets).toEqual({ enricher: 1 });
    // Processor 2 processed nothing: its first fetch starts at the offset processor 1 committed.
    expect(events.some((e) => e.kind === 'app' && e.from === 'processor-2' && e.name === 'process')).toBe(
      false,
    );
  });
});

/**
 * The lesson's stall: processor 1's poll loop is stuck with m1' sent and its heartbeat thread has left.
 * Its machine is in the `stalled` phase, and on the natural path the application wakes only once the
 * group is Stable again in a newer generation (the stall outlasts the rebalance); by hand it can act earlier.
 */
describe('a processor stalled past max.poll.interval.ms, on the natural path', () => {
  const choices = runScenario(lesson).steps.map((s) => s.action);
  const stall = choices.indexOf('timer:processor-1:maxPollInterval');
  const stalled = replay(lesson, choices.slice(0, stall + 1));

  it('is in its machine’s stalled phase, its calls offered but not natural', () => {
    expect(stateName(partOf(stalled, 'processor-1', 'consumer') as AnyMachineSnapshot)).toBe('stalled');
    const own = appCalls(stalled, 'processor-1');
    expect(own.map((a) => a.id)).toContain('app:processor-1:sendOffsetsToTransaction');
    expect(own.filter((a) => a.natural)).toEqual([]);
    expect(enabledActions(stalled).map((a) => a.id)).toContain('app:processor-1:sendOffsetsToTransaction');
  });

  it('wakes once the group is Stable in generation 2 without it', () => {
    let world = stalled;
    let next = naturalAction(world);
    while (next !== undefined && !next.startsWith('app:processor-1:')) {
      world = step(world, next);
      next = naturalAction(world);
    }
    expect(next).toBe('app:processor-1:sendOffsetsToTransaction');
    const gc = partOf(world, NODE.groupCoordinator, 'groupCoordinator') as AnyMachineSnapshot;
    expect(stateName(gc)).toBe('classicGroup.Stable');
    expect((gc.context as GroupCoordinatorContext).group?.generation).toBe(2);
  });
});
