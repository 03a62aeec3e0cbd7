import { afterEach, describe, expect, it, vi } from 'vitest';
import { manualClock } from '../playground/manualClock.ts';
import { createPlayground } from '../playground/playground.ts';
import { mainWindowLink, type MainWindowStatus } from './mainWindowLink.ts';
import { bindSpeakerViews } from './speakerSync.ts';
import { SPEAKER_COMMANDS } from './speakerProtocol.ts';
import { comparisonModule } from '../lazy/modules.ts';

// Compare's code, which a page loads with its view.
await comparisonModule.preload();

const detach: Array<() => void> = [];
/** Messages cross the channel asynchronously; on a loaded machine that can take a while. */
const until = (check: () => void) => vi.waitFor(check, { timeout: 5000 });
afterEach(() => detach.splice(0).forEach((d) => d()));

/** A main window's playground and a speaker view's, on the BroadcastChannel of one presentation. */
async function presentation(id: string) {
  const mainClock = manualClock();
  const speakerClock = manualClock();
  const main = createPlayground({ clock: mainClock, host: { presentation: true } });
  detach.push(bindSpeakerViews(main, id));
  const link = mainWindowLink(id);
  const speaker = createPlayground({
    clock: speakerClock,
    commands: SPEAKER_COMMANDS,
    executor: link.executor,
  });
  let status: MainWindowStatus = 'waiting';
  detach.push(link.mirror(speaker, (s) => (status = s)));
  await until(() => expect(status).toBe('connected'));
  return { main, speaker, mainClock, speakerClock };
}

describe('the speaker view', () => {
  it('executes through the channel: the main window performs, and the speaker view follows', async () => {
    const { main, speaker } = await presentation('a1b2c3d4');
    expect(speaker.execute('next', 'button')).toBe(true);
    // Not performed here: the state comes back from the main window.
    expect(speaker.run().cursor).toBe(0);
    await until(() => expect(main.run().cursor).toBeGreaterThan(0));
    await until(() => expect(speaker.run().cursor).toBe(main.run().cursor));
    expect(speaker.run().choices).toEqual(main.run().choices);

    speaker.execute('blackout', 'key');
    await until(() => expect(main.checked('blackout')).toBe(true));
    await until(() => expect(speaker.checked('blackout')).toBe(true));
  });

  it('checks a command before it is sent, and only sends a speaker view’s commands', async () => {
    const { main, speaker } = await presentation('e5f6a7b8');
    const listener = vi.fn();
    main.subscribe(listener);
    expect(speaker.execute('back', 'key')).toBe(false);
    expect(speaker.execute('present', 'key')).toBe(false);
    expect(speaker.execute('reset', 'button')).toBe(false);
    await new Promise((r) => setTimeout(r, 50));
    expect(listener).not.toHaveBeenCalled();
  });

  it('follows Compare: its Next and Back move the columns’ tick, as the main window’s do', async () => {
    const { main, speaker, mainClock, speakerClock } = await presentation('c0ffee12');
    main.store.getState().setView('compare');
    // Each window replays the columns on its own clock, one column per task.
    main.comparison();
    mainClock.advance(1_000);
    await until(() => expect(speaker.store.getState().view).toBe('compare'));
    speaker.comparison();
    speakerClock.advance(1_000);
    expect(speaker.comparison()!.lockstep).not.toBeNull();
    // Back is checked against the columns' tick (0), not the run's cursor.
    expect(speaker.execute('back', 'key')).toBe(false);
    expect(speaker.execute('next', 'key')).toBe(true);
    await until(() => expect(main.store.getState().compareTick).toBeGreaterThan(0));
    expect(main.run().cursor).toBe(0);
    await until(() => expect(speaker.store.getState().compareTick).toBe(main.store.getState().compareTick));
    expect(speaker.execute('back', 'key')).toBe(true);
    await until(() => expect(main.store.getState().compareTick).toBe(0));
  });
});
