import { describe, expect, it } from 'vitest';
import { manualClock } from '../playground/manualClock.ts';
import { createPlayground } from '../playground/playground.ts';
import { bindHostMessages, type HostFacingWindow } from './hostMessages.ts';
import { envelope, type HostCommand } from './protocol.ts';
import { provideStaticModules } from './staticModules.ts';

// An embed starts with initialRun, which provides the catalog and the codec; these tests start without it.
provideStaticModules();

/** An iframe's window, as far as the adapter sees it: message listeners, and a parent that is replied to. */
function frame() {
  const listeners = new Set<(e: MessageEvent) => void>();
  const replies: Array<{ message: unknown; origin: string }> = [];
  const parent = { postMessage: (message: unknown, origin: string) => replies.push({ message, origin }) };
  const win = {
    parent,
    addEventListener: (_: string, l: (e: MessageEvent) => void) => listeners.add(l),
    removeEventListener: (_: string, l: (e: MessageEvent) => void) => listeners.delete(l),
  } as unknown as HostFacingWindow;
  const receive = (
    command: HostCommand,
    { origin = 'https://host.example', source = parent as unknown } = {},
  ) => listeners.forEach((l) => l({ data: envelope(command), origin, source } as MessageEvent));
  return { win, replies, receive, listeners };
}

describe('host messages to an embed', () => {
  it('go through execute: next steps, back returns, a command that cannot run does nothing', () => {
    const p = createPlayground({ clock: manualClock() });
    const { win, receive } = frame();
    bindHostMessages(p, win, '*');
    receive({ type: 'back' });
    expect(p.run().cursor).toBe(0);
    receive({ type: 'next' });
    const first = p.run().lesson?.beatEnds[0];
    expect(p.run().cursor).toBe(first);
    receive({ type: 'next' });
    receive({ type: 'back' });
    expect(p.run().cursor).toBe(first);
    receive({ type: 'reset' });
    expect(p.run().cursor).toBe(0);
  });

  it('are taken only from the parent, and from the named origin', () => {
    const p = createPlayground({ clock: manualClock() });
    const { win, receive } = frame();
    bindHostMessages(p, win, 'https://host.example');
    receive({ type: 'next' }, { origin: 'https://elsewhere.example' });
    receive({ type: 'next' }, { source: {} });
    expect(p.run().cursor).toBe(0);
    receive({ type: 'next' });
    expect(p.run().cursor).toBeGreaterThan(0);
  });

  it('a scenario that cannot be loaded is answered with an error, to the sender’s origin', () => {
    const p = createPlayground({ clock: manualClock() });
    const { win, receive, replies } = frame();
    bindHostMessages(p, win, '*');
    receive({ type: 'load', scenario: 'no-such-scenario' });
    expect(replies).toHaveLength(1);
    expect(replies[0]?.origin).toBe('https://host.example');
    expect(replies[0]?.message).toMatchObject({ type: 'error' });
    expect(p.store.getState().notice).toMatch(/no-such-scenario/);
    receive({ type: 'load', scenario: 'amo-acks-0' });
    expect(p.run().scenario.id).toBe('amo-acks-0');
    expect(replies).toHaveLength(1);
  });

  it('setTheme changes the theme in place: same run, same step', () => {
    const p = createPlayground({ clock: manualClock() });
    const { win, receive } = frame();
    bindHostMessages(p, win, '*');
    receive({ type: 'next' });
    const { cursor, world } = p.run();
    receive({ type: 'setTheme', theme: 'dark' });
    expect(p.store.getState().theme).toBe('dark');
    receive({ type: 'setTheme', theme: 'light' });
    expect(p.store.getState().theme).toBe('light');
    expect(p.run().cursor).toBe(cursor);
    expect(p.run().world).toBe(world);
  });

  it('stop once detached', () => {
    const p = createPlayground({ clock: manualClock() });
    const { win, listeners } = frame();
    bindHostMessages(p, win, '*')();
    expect(listeners.size).toBe(0);
  });
});
