import { describe, expect, it } from 'vitest';
import {
  naturalPath,
  runLab,
  runRange,
  scenarioById,
  underPreset,
  type FaultModel,
  type RangeResult,
  type Scenario,
  type Semantics,
} from '../../src/index.ts';
import { mergeLab, sliceRuns } from './mergeLab.ts';

const scenario = scenarioById('alo-producer-ack-lost') as Scenario;
const model: FaultModel = {
  requestLoss: 0.1,
  responseLoss: 0.1,
  brokerCrash: 0,
  processingCrash: 0.1,
  timeout: 0.05,
};
const options = { runs: 24, seed: 7, model };

/** What each worker computes: its slice of every semantics (labWorker.ts, without the progress chunks). */
const SEMANTICS = ['at-most-once', 'at-least-once', 'exactly-once'] as const;
const paths = SEMANTICS.map((s) => naturalPath(underPreset(scenario, s)));

function slicesFor(workers: number): Partial<Record<Semantics, RangeResult>>[] {
  return sliceRuns(options.runs, workers).map(({ from, to }) => {
    const ranges: Partial<Record<Semantics, RangeResult>> = {};
    SEMANTICS.forEach((s, k) => {
      ranges[s] = runRange(paths[k] as ReturnType<typeof naturalPath>, model, options.seed, from, to);
    });
    return ranges;
  });
}

describe('the lab page merges its workers’ slices', () => {
  it('cuts the runs into contiguous slices covering every run once', () => {
    expect(sliceRuns(10, 3)).toEqual([
      { from: 0, to: 3 },
      { from: 3, to: 6 },
      { from: 6, to: 10 },
    ]);
    expect(sliceRuns(2, 8)).toEqual([
      { from: 0, to: 1 },
      { from: 1, to: 2 },
    ]);
  });

  it('gives the one-thread report whatever the number of workers, the slices arriving in any order', () => {
    const whole = runLab(scenario, options);
    expect(whole.configs.some((c) => c.failures.length > 0)).toBe(true);
    for (const workers of [1, 3]) {
      const slices = slicesFor(workers);
      expect(mergeLab(scenario, options, slices)).toEqual(whole);
      expect(mergeLab(scenario, options, [...slices].reverse())).toEqual(whole);
    }
  }, 60_000);
});
