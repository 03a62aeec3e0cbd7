import { describe, expect, it } from 'vitest';
import { scenarioById } from '../../src/scenarios/index.ts';
import type { Scenario } from '../../src/scenarios/types.ts';
import { outcome } from '../../src/sim/ledger.ts';
import { autoplayStep } from './autoplay.ts';
import { deriveRun, type Run } from './useRun.ts';
import { RunHistory } from './worlds.ts';

const scenario = scenarioById('alo-producer-ack-lost') as Scenario;

/** Plays like usePlayLoop does, without timers: until autoplay has nothing left to take. */
function autoplay(from: string[] = []): Run {
  const history = new RunHistory();
  let choices = from;
  let run = deriveRun(history, scenario, choices, choices.length);
  for (let i = 0; i < 500; i++) {
    const next = autoplayStep(run);
    if (!next) return run;
    choices = [...choices, next.kind === 'choose' ? next.actionId : (run.natural?.id as string)];
    run = deriveRun(history, scenario, choices, choices.length);
  }
  throw new Error('autoplay never came to rest');
}

describe('autoplay of a guided scenario', () => {
  it('takes the scripted fault, so the run shows the scenario’s lesson', () => {
    const run = autoplay();
    expect(run.last.steps.some((s) => s.action.startsWith('lose:'))).toBe(true);
    expect(outcome(run.last).summary.risk).toBe(scenario.expected?.risk);
  });

  it('replays a recorded step before anything else', () => {
    const history = new RunHistory();
    const done = autoplay();
    const choices = done.last.steps.map((s) => s.action);
    expect(autoplayStep(deriveRun(history, scenario, choices, 3))).toEqual({ kind: 'next' });
  });

  it('stops at rest', () => {
    expect(autoplayStep(autoplay())).toBeNull();
  });
});
