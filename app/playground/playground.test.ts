import { describe, expect, it, vi } from 'vitest';
import { replay } from '../../src/index.ts';
import { DEFAULT_SCENARIO } from '../state/store.ts';
import { verdictPending } from '../state/verdictGate.ts';
import { manualClock } from './manualClock.ts';
import { createPlayground, type Executor } from './playground.ts';
import { catalogModule } from '../lazy/modules.ts';

// Scenarios other than the opening one come with the catalog, which a page loads before opening one.
await catalogModule.preload();

/** Counts the steps the world takes (every replay goes through `advance`) and the runs derived (each lists its actions). */
const advanced = vi.hoisted(() => ({ count: 0, enabled: 0 }));
vi.mock('../../src/sim/step.ts', async (importOriginal) =>
  (await import('../state/countedSteps.testing.ts')).countedSteps(importOriginal, advanced),
);

const playground = (options: Partial<Parameters<typeof createPlayground>[0]> = {}) =>
  createPlayground({ clock: manualClock(), ...options });

describe('a playground on a guided scenario', () => {
  it('Next and Back follow the lesson, beat by beat', () => {
    const p = playground();
    const lesson = p.run().lesson;
    expect(p.run().scenario.id).toBe(DEFAULT_SCENARIO);
    expect(lesson?.beatEnds.length).toBeGreaterThan(2);
    const [first, second] = lesson?.beatEnds ?? [];

    expect(p.execute('next', 'button')).toBe(true);
    expect(p.run().cursor).toBe(first);
    expect(p.execute('next', 'key')).toBe(true);
    expect(p.run().cursor).toBe(second);
    // The lesson's own choices, its scripted fault included, are what Next recorded.
    expect(p.run().choices).toEqual(lesson?.choices.slice(0, second));
    expect(p.run().position.onLesson).toBe(true);

    expect(p.execute('back', 'button')).toBe(true);
    expect(p.run().cursor).toBe(first);
    // Back keeps what was recorded: Next seeks to it again.
    expect(p.run().length).toBe(second);
  });

  it('a command that cannot run does nothing, and says so', () => {
    const p = playground();
    const before = p.store.getState();
    const perform = vi.fn<Executor>();
    const spied = playground({ executor: perform });
    // Nothing to go back to at the start; no presentation mode without a host offering it.
    for (const id of ['back', 'reset', 'end', 'present', 'speaker', 'fullscreen'] as const) {
      expect(p.can(id)).toBe(false);
      expect(p.execute(id, 'button')).toBe(false);
      expect(spied.execute(id, 'button')).toBe(false);
    }
    expect(p.store.getState()).toBe(before);
    expect(perform).not.toHaveBeenCalled();
  });

  it('a command the host offers runs through it', () => {
    const toggleFullscreen = vi.fn();
    const p = playground({ host: { toggleFullscreen } });
    expect(p.offers('fullscreen')).toBe(true);
    expect(p.offers('present')).toBe(false);
    expect(p.execute('fullscreen', 'key')).toBe(true);
    expect(toggleFullscreen).toHaveBeenCalledOnce();
  });

  it('a toggle command reports whether it is on', () => {
    const p = playground({ host: { presentation: true } });
    expect(p.checked('play')).toBe(false);
    p.execute('play', 'button');
    expect(p.checked('play')).toBe(true);
    p.execute('blackout', 'key');
    expect(p.checked('blackout')).toBe(true);
    p.execute('blackout', 'key');
    expect(p.checked('blackout')).toBe(false);
    p.execute('present', 'button');
    expect(p.checked('present')).toBe(true);
    // Presentation hides the panels: the Panels toggle is off.
    expect(p.checked('panels')).toBe(false);
    // A command with nothing to switch is never on.
    expect(p.checked('next')).toBe(false);
  });

  it('keeps the same run until the scenario, the choices or the cursor change', () => {
    const p = playground();
    const run = p.run();
    p.store.getState().setTheme('dark');
    p.store.getState().setSpeed(4);
    expect(p.run()).toBe(run);
    p.execute('next', 'button');
    expect(p.run()).not.toBe(run);
  });

  it('an executor elsewhere carries out what the playground checked, and the state stays as it was', () => {
    const sent: string[] = [];
    const p = playground({ commands: ['next', 'back'], executor: (id) => sent.push(id) });
    expect(p.offers('blackout')).toBe(false);
    expect(p.execute('blackout', 'key')).toBe(false);
    expect(p.execute('back', 'key')).toBe(false);
    expect(p.execute('next', 'button')).toBe(true);
    expect(sent).toEqual(['next']);
    expect(p.run().cursor).toBe(0);
  });
});

describe('the verdict of a lesson that ends on its point', () => {
  const toRest = (id: string) => {
    const p = playground();
    p.store.getState().loadScenario({ kind: 'builtin', id });
    const last = p.run().lesson?.beatEnds.at(-1);
    while (p.run().cursor !== last) expect(p.execute('next', 'key')).toBe(true);
    expect(p.run().natural).toBeUndefined();
    return p;
  };

  it('waits for one more Next, so the callout is read before the card covers it', () => {
    // eos-idempotent-retry rests on the beat of its point: the retry recognised.
    const p = toRest('eos-idempotent-retry');
    const at = p.run().cursor;
    expect(verdictPending(p.run(), p.store.getState())).toBe(true);
    expect(p.can('next')).toBe(true);
    expect(p.execute('next', 'key')).toBe(true);
    expect(p.run().cursor).toBe(at);
    expect(verdictPending(p.run(), p.store.getState())).toBe(false);
    expect(p.can('next')).toBe(false);
    // Another step (Back, then Next again) asks afresh.
    p.execute('back', 'key');
    p.execute('next', 'key');
    expect(verdictPending(p.run(), p.store.getState())).toBe(true);
  });

  it('does not wait where the point came before the last beat', () => {
    const p = toRest('alo-producer-ack-lost');
    expect(verdictPending(p.run(), p.store.getState())).toBe(false);
    expect(p.can('next')).toBe(false);
  });
});

describe('Next through recorded steps', () => {
  it('finds the world it seeks to ready: the playground replayed it at an idle moment before the press', () => {
    // A run opened part way (a link), so no world past the cursor has been asked for yet.
    const lesson = playground().run().lesson;
    const [, opened = 0, target] = lesson?.beatEnds ?? [];
    const clock = manualClock();
    const p = playground({ clock, initial: { choices: lesson?.choices.slice(), cursor: opened } });
    expect(p.run().cursor).toBe(opened);
    clock.advance(0);
    const before = advanced.count;
    expect(p.execute('next', 'key')).toBe(true);
    expect(p.run().cursor).toBe(target);
    expect(advanced.count - before).toBe(0);
    expect(JSON.stringify(p.run().world.steps)).toBe(
      JSON.stringify(replay(p.run().scenario, p.run().choices.slice(0, target)).steps),
    );
  });

  it('finds the run it seeks to derived too: the press lists no actions before its paint', () => {
    const lesson = playground().run().lesson;
    const [, opened = 0, target, after] = lesson?.beatEnds ?? [];
    const clock = manualClock();
    const p = playground({ clock, initial: { choices: lesson?.choices.slice(), cursor: opened } });
    clock.advance(0);
    const before = advanced.enabled;
    expect(p.execute('next', 'key')).toBe(true);
    const run = p.run();
    expect(run.cursor).toBe(target);
    expect(advanced.enabled - before).toBe(0);
    // The run derived ahead is the one a derivation at the press would give.
    const fresh = playground({ initial: { choices: lesson?.choices.slice(), cursor: target } }).run();
    expect(run.actions.map((a) => a.id)).toEqual(fresh.actions.map((a) => a.id));
    expect(run.beatFrom).toBe(fresh.beatFrom);
    expect(run.position).toEqual(fresh.position);
    // And again from there, once the clock has had its idle moment.
    clock.advance(0);
    const again = advanced.enabled;
    expect(p.execute('next', 'key')).toBe(true);
    expect(p.run().cursor).toBe(after);
    expect(advanced.enabled - again).toBe(0);
  });

  it('finds the steps Next records taken and their run derived: the lesson, then free play off it', () => {
    const clock = manualClock();
    const p = playground({ clock });
    /**
     * A press of Next after an idle moment: no actions listed before its paint, and no step taken, not
     * even to find a free-play beat: the press records the move worked out ahead (commands.ts asks the
     * playground for it), and finds its run derived.
     */
    const pressPrepared = (press: string) => {
      clock.advance(0);
      const before = { ...advanced };
      expect(p.execute('next', 'button')).toBe(true);
      const run = p.run();
      expect(advanced.enabled - before.enabled, press).toBe(0);
      expect(advanced.count - before.count, press).toBe(0);
      // The store's own choices, and the run a derivation at the press would give.
      expect(run.choices).toBe(p.store.getState().choices);
      const fresh = playground({ initial: { choices: run.choices.slice(), cursor: run.cursor } }).run();
      expect(JSON.stringify(run.world.steps), press).toBe(JSON.stringify(fresh.world.steps));
      expect(run.actions.map((a) => a.id)).toEqual(fresh.actions.map((a) => a.id));
      expect([run.beatFrom, run.position]).toEqual([fresh.beatFrom, fresh.position]);
    };
    for (const press of ['lesson 1', 'lesson 2', 'lesson 3']) pressPrepared(press);
    const lessonNext = p.run().lesson?.choices[p.run().cursor];
    const other = p.run().actions.find((a) => a.id !== lessonNext) as { id: string };
    p.store.getState().choose(other.id);
    expect(p.run().position.onLesson).toBe(false);
    for (const press of ['free 1', 'free 2', 'free 3']) pressPrepared(press);
  });
});
