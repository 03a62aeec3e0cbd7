import { describe, expect, it } from 'vitest';
import { scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { outcome } from './ledger.ts';
import { runScenario } from './run.ts';

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
