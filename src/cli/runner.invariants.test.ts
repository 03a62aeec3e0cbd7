import { describe, expect, it, vi } from 'vitest';
import { runCli } from './runner.ts';

/**
 * Exit code 3: the run broke an invariant. The model never does on purpose, so the checker is replaced
 * here by one that reports a violation at step 2 (a file of its own: vi.mock applies to a whole file).
 */
vi.mock('../sim/invariants.ts', () => ({
  checkInvariants: (_before: unknown, after: { steps: unknown[] }) =>
    after.steps.length === 2
      ? [{ step: 2, invariant: 'HW ≤ LEO', detail: 'broker-1 orders-0: HW 2 > LEO 1' }]
      : [],
}));

describe('the headless runner, when the run breaks an invariant', () => {
  it('exits with code 3 and still prints the run, violation included', () => {
    const r = runCli(['alo-producer-ack-lost']);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('HW ≤ LEO');
  });

  it('exits with 0 for a run that stops before the broken step', () => {
    expect(runCli(['alo-producer-ack-lost', '--step', '1']).code).toBe(0);
  });
});
