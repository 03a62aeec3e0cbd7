import { describe, expect, it } from 'vitest';
import { bindKeys } from './keys.ts';
import { manualClock } from './manualClock.ts';
import { createPlayground } from './playground.ts';

/** A document with one playground root in it, as far as the adapter sees them (Node has no DOM). */
function page() {
  const listeners = new Set<(e: KeyboardEvent) => void>();
  const doc = {
    addEventListener: (_: string, l: (e: KeyboardEvent) => void) => listeners.add(l),
    removeEventListener: (_: string, l: (e: KeyboardEvent) => void) => listeners.delete(l),
  };
  const root = { tagName: 'DIV', ownerDocument: doc } as unknown as HTMLElement;
  const outside = { tagName: 'DIV' };
  /** Presses `key` on `target` (inside the root unless said otherwise); says whether it was taken. */
  const press = (key: string, target: { tagName: string } = { tagName: 'DIV' }, inside = true) => {
    let taken = false;
    const e = {
      key,
      ctrlKey: false,
      metaKey: false,
      altKey: false,
      composedPath: () => (inside ? [target, root] : [target, outside]),
      preventDefault: () => (taken = true),
    } as unknown as KeyboardEvent;
    listeners.forEach((l) => l(e));
    return taken;
  };
  return { root, press, listeners };
}

describe('keys', () => {
  const setup = () => {
    const p = createPlayground({ clock: manualClock() });
    const { root, press, listeners } = page();
    const detach = bindKeys(p, root);
    return { p, press, detach, listeners };
  };

  it('execute the command of the key, with focus inside the playground only', () => {
    const { p, press } = setup();
    expect(press('ArrowRight', { tagName: 'DIV' }, false)).toBe(false);
    expect(p.run().cursor).toBe(0);
    expect(press('ArrowRight')).toBe(true);
    expect(p.run().cursor).toBeGreaterThan(0);
    expect(press('Home')).toBe(true);
    expect(p.run().cursor).toBe(0);
  });

  it('leave a key alone when its command cannot run, and while typing in a field', () => {
    const { p, press } = setup();
    expect(press('ArrowLeft')).toBe(false);
    expect(press('n', { tagName: 'INPUT' })).toBe(false);
    expect(press(' ', { tagName: 'BUTTON' })).toBe(false);
    expect(p.run().cursor).toBe(0);
  });

  it('leave every key to the lab while the lab covers the playground', () => {
    const { p, press } = setup();
    p.store.getState().setView('lab');
    expect(press('ArrowRight', { tagName: 'BUTTON' })).toBe(false);
    expect(press('n')).toBe(false);
    expect(p.run().cursor).toBe(0);
    p.store.getState().setView('diagram');
    expect(press('ArrowRight')).toBe(true);
  });

  it('with single-key shortcuts off, only named keys act', () => {
    const { p, press } = setup();
    p.store.getState().setShortcuts(false);
    expect(press('n')).toBe(false);
    expect(press('PageDown')).toBe(true);
  });

  it('end a blackout with any key, which does nothing else', () => {
    const { p, press } = setup();
    expect(press('b')).toBe(true);
    expect(p.checked('blackout')).toBe(true);
    expect(press('ArrowRight')).toBe(true);
    expect(p.checked('blackout')).toBe(false);
    expect(p.run().cursor).toBe(0);
  });

  it('behind the help, only the keys that close it act', () => {
    const { p, press } = setup();
    press('?');
    expect(press('ArrowRight')).toBe(false);
    expect(p.run().cursor).toBe(0);
    expect(press('Escape')).toBe(true);
    expect(p.checked('help')).toBe(false);
  });

  it('stop once detached', () => {
    const { detach, listeners } = setup();
    detach();
    expect(listeners.size).toBe(0);
  });
});
