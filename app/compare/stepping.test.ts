import { describe, expect, it } from 'vitest';
import { manualClock } from '../playground/manualClock.ts';
import { bindPlayLoop } from '../playground/playLoop.ts';
import { createPlayground } from '../playground/playground.ts';
import { comparisonModule } from '../lazy/modules.ts';

// Compare's code, which a page loads with its view.
await comparisonModule.preload();

/** A playground on the default scenario (the lost ack) showing Compare, its columns replayed. */
function comparing() {
  const clock = manualClock();
  const p = createPlayground({ clock });
  p.store.getState().setView('compare');
  // The columns are replayed one per task, on the playground's clock.
  expect(p.comparison()!.columns).toEqual([null, null, null]);
  expect(p.can('next')).toBe(false);
  clock.advance(0);
  expect(p.comparison()!.columns.every((c) => c !== null)).toBe(true);
  return p;
}

describe('Compare’s stepping: the playground’s own commands, moving every column’s tick', () => {
  it('Next goes from stop to stop, End to rest, Back and Reset back; the run’s cursor stays put', () => {
    const p = comparing();
    const lockstep = p.comparison()!.lockstep;
    const [brink, landing] = lockstep?.stops ?? [];
    expect(landing).toBe(lockstep?.faultTicks[0]);

    expect(p.execute('next', 'key')).toBe(true);
    expect(p.store.getState().compareTick).toBe(brink);
    expect(p.execute('next', 'key')).toBe(true);
    expect(p.store.getState().compareTick).toBe(landing);
    expect(p.execute('back', 'key')).toBe(true);
    expect(p.store.getState().compareTick).toBe(brink);
    expect(p.execute('end', 'key')).toBe(true);
    expect(p.store.getState().compareTick).toBe(lockstep?.ticks);
    expect(p.can('next')).toBe(false);
    expect(p.execute('reset', 'key')).toBe(true);
    expect(p.store.getState().compareTick).toBe(0);
    expect(p.run().cursor).toBe(0);
    expect(p.run().length).toBe(0);
  });

  it('Play presses the same Next at the chosen speed, stop after stop, and stops at rest', () => {
    const clock = manualClock();
    const p = createPlayground({ clock });
    bindPlayLoop(p);
    p.store.getState().setView('compare');
    p.comparison();
    clock.advance(0);
    const stops = p.comparison()!.lockstep?.stops ?? [];
    p.store.getState().setPlaying(true);
    const beat = 1000 / p.store.getState().speed;
    clock.advance(beat);
    expect(p.store.getState().compareTick).toBe(stops[0]);
    clock.advance(beat);
    expect(p.store.getState().compareTick).toBe(stops[1]);
    clock.advance(beat * stops.length);
    expect(p.store.getState().compareTick).toBe(stops.at(-1));
    expect(p.store.getState().playing).toBe(false);
    expect(p.run().cursor).toBe(0);
  });

  it('another run is another comparison, from its first tick', () => {
    const p = comparing();
    p.execute('end', 'key');
    p.store.getState().setView('diagram');
    p.execute('next', 'key');
    expect(p.store.getState().compareTick).toBe(0);
  });
});
