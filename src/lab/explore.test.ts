import { describe, expect, it } from 'vitest';
import type { Semantics } from '../scenarios/presets.ts';
import { scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { replay, runToRest } from '../sim/run.ts';
import { advance, naturalAction } from '../sim/step.ts';
import { createWorld, type World } from '../sim/world.ts';
import { faultChoices, type FaultAlphabet } from './choiceAdapter.ts';
import {
  explore,
  exploreShare,
  mergeExploreShares,
  noCounterexample,
  type ExploreOptions,
  type ExploreProgress,
} from './explore.ts';
import { breach, type Guarantee } from './guarantees.ts';
import { applySchedule, scheduledStart } from './schedule.ts';
import { underPreset } from './variants.ts';

const oneRecord = (semantics: Semantics): Scenario =>
  underPreset(scenarioById('alo-producer-ack-lost') as Scenario, semantics);

const ALPHABET: FaultAlphabet = { hold: false, replication: false, crashes: 'all' };

/**
 * Naive and independent of the explorer: every run with exactly `faults` faults (natural steps between,
 * no state is ever merged), true as soon as one breaks the guarantee at rest.
 */
function anyBreaks(world: World, guarantee: Guarantee, faults: number, alphabet: FaultAlphabet): boolean {
  let w = { ...world, steps: world.steps.slice() };
  for (;;) {
    if (faults > 0)
      for (const id of faultChoices(w, alphabet))
        if (anyBreaks(advance({ ...w, steps: w.steps.slice() }, id, true), guarantee, faults - 1, alphabet))
          return true;
    const next = naturalAction(w);
    if (!next) return faults === 0 && breach(w, guarantee) !== undefined;
    w = advance(w, next, true);
  }
}

describe('the counterexample explorer', () => {
  it("finds at-least-once's duplicate with one fault and explains it", () => {
    const result = explore(oneRecord('at-least-once'), 'no-duplicates', { maxFaults: 1 });
    const found = result.counterexample;
    expect(found?.faults).toBe(1);
    expect(found?.sentence).toMatch(/reads m1 2 times from the log under at-least-once\.$/);
    expect(result.states).toBeGreaterThan(100);
    // The decisive step is the fault; the schedule replays the same break on a fresh run.
    expect(found?.choices[(found.decisiveStep ?? 0) - 1]).toMatch(/^(lose|error|crash|timer):/);
    const again = applySchedule(oneRecord('at-least-once'), found?.schedule ?? []);
    expect(breach(again.world, 'no-duplicates')).toBeDefined();
    expect(breach(replay(oneRecord('at-least-once'), found?.choices ?? []), 'no-duplicates')).toBeDefined();
  });

  it('says when there is no counterexample within the bound, with the states it explored', () => {
    const result = explore(oneRecord('exactly-once'), 'no-duplicates', {
      maxFaults: 1,
      alphabet: { crashes: 'brokers' },
    });
    expect(result.counterexample).toBeUndefined();
    expect(result.complete).toBe(true);
    expect(result.states).toBeGreaterThan(100);
    // Each state counted once, by the faults before it: with none, the worlds of the natural path.
    expect(result.statesByFaults.reduce((a, b) => a + b)).toBe(result.states);
    const natural = runToRest(scheduledStart(oneRecord('exactly-once')));
    expect(result.statesByFaults[0]).toBe(natural.steps.length + 1);
  }, 60_000);

  it('says, as it goes, how many faults the worlds it meets took', () => {
    const levels = new Set<number>();
    explore(oneRecord('exactly-once'), 'no-duplicates', {
      maxFaults: 1,
      alphabet: { crashes: 'brokers' },
      onProgress: ({ level }) => void levels.add(level),
    });
    // 54 worlds take no fault, every world met after the first 2,000 took one.
    expect([...levels]).toEqual([1]);
  });

  it('says, once the last level is searched, how many of the worlds it branches from it has followed', () => {
    const said: ExploreProgress[] = [];
    explore(oneRecord('exactly-once'), 'no-duplicates', {
      maxFaults: 2,
      alphabet: { crashes: 'brokers' },
      maxStates: 40_000,
      onProgress: (p) => void said.push(p),
    });
    // The first 54 states take no fault: every progress is said while the last level is searched.
    const branched = said.map((p) => p.branched);
    expect(branched.length).toBeGreaterThan(10);
    expect(new Set(branched.map((b) => `${b?.faults} of ${b?.total}`))).toEqual(
      new Set([`1 of ${branched[0]?.total}`]),
    );
    const done = branched.map((b) => b?.done ?? -1);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(done.at(-1)).toBeGreaterThan(done[0] ?? 0);
    expect(done.at(-1)).toBeLessThan(branched[0]?.total ?? 0);
  });

  it('stops when asked, and says the search is incomplete', () => {
    const result = explore(oneRecord('exactly-once'), 'no-duplicates', {
      maxFaults: 2,
      onProgress: ({ states }) => states >= 2000,
    });
    expect(result.complete).toBe(false);
    expect(result.states).toBe(2000);
  });

  it('covers one fault fewer, and says so, when the worlds to branch from outgrow what it keeps', () => {
    const s = oneRecord('at-most-once');
    const options = { maxFaults: 2, alphabet: { crashes: 'brokers' }, maxKeptWorlds: 20 } as const;
    const narrowed = explore(s, 'no-duplicate-delivery', options);
    const oneFault = explore(s, 'no-duplicate-delivery', { maxFaults: 1, alphabet: { crashes: 'brokers' } });
    expect(oneFault.complete).toBe(true);
    expect(narrowed).toEqual({ ...oneFault, askedFaults: 2 });
    expect(noCounterexample(narrowed, '9 states')).toBe(
      'No counterexample with ≤ 1 fault (9 states). It searched up to 1 fault, not 2: after 1 fault there were more worlds to branch from than a search keeps in memory.',
    );
    expect(noCounterexample(oneFault, '9 states')).toBe('No counterexample with ≤ 1 fault (9 states).');
    // Every share narrows alike, so the shares still merge into one search's result.
    const shares = [0, 1].map((index) =>
      exploreShare(s, 'no-duplicate-delivery', options, { index, count: 2 }),
    );
    expect(mergeExploreShares(shares)).toEqual(narrowed);
    // Within what it keeps, the bound is the one asked.
    const whole = explore(s, 'no-duplicate-delivery', { ...options, maxKeptWorlds: undefined });
    expect([whole.maxFaults, whole.askedFaults]).toEqual([2, undefined]);
  });

  /** Each case: a semantics, a guarantee and a bound small enough to check every run by brute force. */
  it.each<[Semantics, Guarantee, number]>([
    ['at-least-once', 'no-duplicates', 2],
    ['at-least-once', 'no-duplicate-delivery', 2],
    ['at-most-once', 'no-loss', 2],
    ['at-most-once', 'no-duplicates', 1],
    ['exactly-once', 'no-duplicate-effects', 1],
    ['exactly-once', 'no-loss', 1],
  ])(
    'its counterexample is minimal (exhaustive check): %s, %s, up to %i faults',
    (semantics, guarantee, bound) => {
      const s = oneRecord(semantics);
      const found = explore(s, guarantee, { maxFaults: bound }).counterexample?.faults;
      const start = createWorld(s);
      // No run with fewer faults breaks it; when nothing was found, no run within the bound does.
      for (let k = 0; k < Math.min(found ?? bound + 1, 2); k++)
        expect(anyBreaks(start, guarantee, k, ALPHABET), `${k} faults`).toBe(false);
      if (found !== undefined) expect(anyBreaks(start, guarantee, found, ALPHABET)).toBe(true);
    },
    120_000,
  );

  /**
   * Each case: a semantics, a guarantee, the options, and where its counterexample is (or none): at the
   * last level (one search then stops early), below it, or nowhere.
   */
  it.each<[Semantics, Guarantee, ExploreOptions, string]>([
    ['at-least-once', 'no-duplicates', { maxFaults: 1 }, 'at the last level'],
    ['at-least-once', 'no-duplicates', { maxFaults: 2 }, 'below the last level'],
    ['exactly-once', 'no-duplicates', { maxFaults: 1, alphabet: { crashes: 'brokers' } }, 'none'],
    ['at-most-once', 'no-duplicate-delivery', { maxFaults: 2, alphabet: { crashes: 'brokers' } }, 'none'],
    ['exactly-once', 'no-loss', { maxFaults: 0 }, 'none'],
  ])(
    'split between 2 or 3 workers, merges into what one search gives: %s, %s, %o (counterexample %s)',
    (semantics, guarantee, options, where) => {
      const s = oneRecord(semantics);
      const whole = explore(s, guarantee, options);
      const found = whole.counterexample?.faults;
      expect(
        found === undefined
          ? 'none'
          : found < options.maxFaults
            ? 'below the last level'
            : 'at the last level',
      ).toBe(where);
      for (const count of [2, 3]) {
        const shares = Array.from({ length: count }, (_, index) =>
          exploreShare(s, guarantee, options, { index, count }),
        );
        expect(mergeExploreShares(shares), `${count} shares`).toEqual(whole);
        // The split is real: no share met every last-level world of a search that did not stop early.
        if (where === 'none' && options.maxFaults > 0)
          for (const share of shares)
            expect(share.lastLevel.runs.length).toBeLessThan(whole.statesByFaults[options.maxFaults] ?? 0);
      }
    },
    120_000,
  );
});
