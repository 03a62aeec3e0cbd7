import { describe, expect, it } from 'vitest';
import { outcome, type Scenario } from '../../src/index.ts';
import { scenarioById } from '../../src/catalog.ts';
import { manualClock } from '../playground/manualClock.ts';
import { createPlayground } from '../playground/playground.ts';
import { bindPlayLoop } from '../playground/playLoop.ts';
import { deriveRun } from '../playground/run.ts';
import { climaxPause } from './autoplay.ts';
import { DEFAULT_SCENARIO } from './store.ts';
import { RunHistory } from './worlds.ts';

const scenario = scenarioById(DEFAULT_SCENARIO) as Scenario;

/** A playground playing on a hand-moved clock, at 2 beats per second (a tick every 500 ms). */
function playing() {
  const clock = manualClock();
  const p = createPlayground({ clock, initial: { speed: 2 } });
  const stop = bindPlayLoop(p);
  p.execute('play', 'button');
  return { p, clock, stop };
}

describe('autoplay of a guided scenario', () => {
  it('steps one beat per tick of the clock, and not before', () => {
    const { p, clock } = playing();
    const [first, second] = p.run().lesson?.beatEnds ?? [];
    clock.advance(499);
    expect(p.run().cursor).toBe(0);
    clock.advance(1);
    expect(p.run().cursor).toBe(first);
    clock.advance(500);
    expect(p.run().cursor).toBe(second);
  });

  it('pauses once, at the end of the climax beat; played again, it runs to rest and stops', () => {
    const { p, clock } = playing();
    const lesson = p.run().lesson;
    const climax = lesson?.climax?.step ?? Infinity;
    clock.advance(60_000);
    const paused = p.run().cursor;
    expect(p.checked('play')).toBe(false);
    expect(paused).toBeGreaterThanOrEqual(climax);
    expect(lesson?.beatEnds).toContain(paused);
    expect(lesson?.beatEnds.filter((e) => e >= climax)[0]).toBe(paused);

    p.execute('play', 'button');
    clock.advance(60_000);
    expect(p.checked('play')).toBe(false);
    expect(p.can('next')).toBe(false);
    expect(clock.pending).toBe(0);
    // It took the scripted fault, so the run shows the scenario's lesson.
    const last = p.run().last;
    expect(last.steps.some((s) => s.action.startsWith('lose:'))).toBe(true);
    expect(outcome(last).summary.risk).toBe(scenario.expected?.risk);
  });

  it('a pause, a speed change or a step by hand starts the wait for the next tick again', () => {
    const { p, clock } = playing();
    clock.advance(400);
    p.store.getState().setSpeed(1);
    clock.advance(999);
    expect(p.run().cursor).toBe(0);
    clock.advance(1);
    expect(p.run().cursor).toBeGreaterThan(0);
    p.execute('play', 'button');
    expect(clock.pending).toBe(0);
  });

  it('stops ticking once detached', () => {
    const { p, clock, stop } = playing();
    stop();
    clock.advance(10_000);
    expect(p.run().cursor).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('no pause once the run has left the lesson', () => {
    const run = deriveRun(new RunHistory(), scenario, ['crash:consumer'], 1);
    expect(run.position.onLesson).toBe(false);
    expect(climaxPause(run)).toBeUndefined();
  });
});
