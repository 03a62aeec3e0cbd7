import { describe, expect, it } from 'vitest';
import { scenarioById } from '../../src/scenarios/index.ts';
import type { Scenario } from '../../src/scenarios/types.ts';
import { outcome } from '../../src/sim/ledger.ts';
import { canRun, commandById, performNext } from '../commands.ts';
import { climaxPause } from './autoplay.ts';
import { createPlaygroundStore } from './store.ts';
import { deriveRun, type Run } from './useRun.ts';
import { RunHistory } from './worlds.ts';

const scenario = scenarioById('alo-producer-ack-lost') as Scenario;

/** Plays like usePlayLoop does, without timers: Next until it has nothing left, noting where it paused. */
function autoplay(): { run: Run; pauses: number[] } {
  const store = createPlaygroundStore();
  const history = new RunHistory();
  const derive = () => deriveRun(history, scenario, store.getState().choices, store.getState().cursor);
  const pauses: number[] = [];
  for (let i = 0; i < 100; i++) {
    const run = derive();
    if (!canRun(commandById('next'), { state: store.getState(), run })) return { run, pauses };
    const reached = performNext({ state: store.getState(), run });
    if (reached !== null && reached === climaxPause(run)) pauses.push(reached);
  }
  throw new Error('autoplay never came to rest');
}

describe('autoplay of a guided scenario', () => {
  it('takes the scripted fault, so the run shows the scenario’s lesson', () => {
    const { run } = autoplay();
    expect(run.last.steps.some((s) => s.action.startsWith('lose:'))).toBe(true);
    expect(outcome(run.last).summary.risk).toBe(scenario.expected?.risk);
  });

  it('pauses once, at the end of the climax beat', () => {
    const { run, pauses } = autoplay();
    expect(pauses).toHaveLength(1);
    const climax = run.lesson?.climax?.step ?? Infinity;
    expect(pauses[0]).toBeGreaterThanOrEqual(climax);
    expect(run.lesson?.beatEnds).toContain(pauses[0]);
  });

  it('no pause once the run has left the lesson', () => {
    const run = deriveRun(new RunHistory(), scenario, ['crash:consumer'], 1);
    expect(run.position.onLesson).toBe(false);
    expect(climaxPause(run)).toBeUndefined();
  });
});
