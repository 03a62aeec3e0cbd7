import { describe, expect, it } from 'vitest';
import { manualClock } from '../playground/manualClock.ts';
import { createPlayground } from '../playground/playground.ts';
import { compareNotes } from './compareNotes.ts';
import { comparisonModule } from '../lazy/modules.ts';

// Compare's code, which a page loads with its view.
await comparisonModule.preload();

/** A playground showing Compare for the default lesson, every column replayed. */
function comparing() {
  const clock = manualClock();
  const p = createPlayground({ clock });
  p.store.getState().setView('compare');
  p.comparison();
  clock.advance(10_000);
  return p;
}

describe('what a speaker view says of Compare', () => {
  it('waits while the columns are replayed', () => {
    const p = createPlayground({ clock: manualClock() });
    expect(compareNotes(p.comparison()!, 0)).toEqual({
      now: 'Replaying the faults under every configuration…',
      next: null,
      tryThis: undefined,
    });
  });

  it('says what each Next does, and the lesson’s prompt on the brink of its fault', () => {
    const p = comparing();
    const { lockstep, schedule } = p.comparison()!;
    expect(lockstep).not.toBeNull();
    expect(schedule.schedule.length).toBeGreaterThan(0);
    const said: string[] = [];
    for (;;) {
      const { compareTick } = p.store.getState();
      const notes = compareNotes(p.comparison()!, compareTick);
      expect(notes.now).toMatch(new RegExp(`^Compare, tick ${compareTick} of ${lockstep!.ticks}: `));
      if (notes.tryThis) said.push(`try: ${notes.tryThis}`);
      if (!notes.next) break;
      said.push(notes.next);
      const landedBefore = Number(/(\d+) of \d+ faults landed/.exec(notes.now)?.[1]);
      expect(p.execute('next', 'key')).toBe(true);
      const after = compareNotes(p.comparison()!, p.store.getState().compareTick);
      // A Next announced as a landing lands exactly one fault; any other lands none.
      const landedAfter = Number(/(\d+) of \d+ faults landed/.exec(after.now)?.[1]);
      expect(landedAfter - landedBefore).toBe(notes.next.startsWith('The fault lands') ? 1 : 0);
    }
    expect(p.store.getState().compareTick).toBe(lockstep!.ticks);
    expect(said).toContain('Every column comes to rest.');
    const brink = said.findIndex((s) => s.startsWith('Every column steps to the brink'));
    expect(said[brink + 1]).toMatch(/^try: /);
    expect(said[brink + 2]).toMatch(/^The fault lands in every column: /);
  });
});
