import { describe, expect, it } from 'vitest';
import { type Semantics } from '../../src/index.ts';
import { naturalPath, runLab, runShare, underPreset, type ShareResult } from '../../src/analysis.ts';
import { mergeLab } from './mergeLab.ts';
import { options, scenario, SEMANTICS } from './smallLab.fixture.ts';

/** What each worker computes: its share of every semantics (labWorker.ts, without the progress). */
const paths = SEMANTICS.map((s) => naturalPath(underPreset(scenario, s)));

function sharesFor(count: number): Partial<Record<Semantics, ShareResult>>[] {
  return Array.from({ length: count }, (_, index) => {
    const shares: Partial<Record<Semantics, ShareResult>> = {};
    SEMANTICS.forEach((s, k) => {
      const path = paths[k] as ReturnType<typeof naturalPath>;
      shares[s] = runShare(path, options.model, options.seed, options.runs, { index, count });
    });
    return shares;
  });
}

describe('the lab page merges its workers’ shares', () => {
  it('gives every run to one share', () => {
    const runs = sharesFor(3).flatMap((share) => share['exactly-once']?.runs ?? []);
    expect(runs.sort((a, b) => a - b)).toEqual(Array.from({ length: options.runs }, (_, i) => i));
  });

  it('gives the one-thread report whatever the number of workers, the shares arriving in any order', () => {
    const whole = runLab(scenario, options);
    expect(whole.configs.some((c) => c.failures.length > 0)).toBe(true);
    for (const workers of [1, 3]) {
      const shares = sharesFor(workers);
      expect(mergeLab(scenario, options, shares)).toEqual(whole);
      expect(mergeLab(scenario, options, [...shares].reverse())).toEqual(whole);
    }
  }, 60_000);
});
