import { describe, expect, it } from 'vitest';
import { availableIn, commandById, COMMANDS, commandForKey, type CommandHost } from './commands.ts';
import { manualClock } from './playground/manualClock.ts';
import { createPlayground } from './playground/playground.ts';

describe('commandForKey', () => {
  it('finds the presenter keys of reveal.js and Slidev', () => {
    for (const key of [' ', 'ArrowRight', 'PageDown']) expect(commandForKey(key, true)?.id).toBe('next');
    for (const key of ['ArrowLeft', 'PageUp']) expect(commandForKey(key, true)?.id).toBe('back');
    for (const key of ['b', '.']) expect(commandForKey(key, true)?.id).toBe('blackout');
    expect(commandForKey('?', true)?.id).toBe('help');
    expect(commandForKey('f', true)?.id).toBe('fullscreen');
    expect(commandForKey('Escape', true)?.id).toBe('leave');
  });

  it('matches letters whatever Caps Lock or Shift did to them', () => {
    expect(commandForKey('B', true)?.id).toBe('blackout');
    expect(commandForKey('F', true)?.id).toBe('fullscreen');
  });

  it('with single-key shortcuts off, ignores characters but keeps named keys (a clicker still works)', () => {
    for (const key of [' ', 'n', 'b', '.', '?', 'f', 'm']) expect(commandForKey(key, false)).toBeUndefined();
    expect(commandForKey('PageDown', false)?.id).toBe('next');
    expect(commandForKey('Escape', false)?.id).toBe('leave');
  });

  it('gives every key to one command only', () => {
    const keys = COMMANDS.flatMap((c) => c.keys);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

describe('commands a host does not offer', () => {
  const on = (host: CommandHost) => createPlayground({ host, clock: manualClock() });
  const embed: CommandHost = { toggleFullscreen: () => {} };
  const playground: CommandHost = {
    toggleFullscreen: () => {},
    openSpeakerView: () => {},
    presentation: true,
  };

  it('an embed has no presentation mode, panels, type size or speaker view; F and the rest work', () => {
    const missing = COMMANDS.filter((c) => !availableIn(c, embed)).map((c) => c.id);
    expect(missing.sort()).toEqual(['bigger', 'panels', 'present', 'smaller', 'speaker']);
    expect(on(embed).can('present')).toBe(false);
    expect(on(embed).can('fullscreen')).toBe(true);
    expect(on(embed).can('blackout')).toBe(true);
  });

  it('the playground offers every command', () => {
    expect(COMMANDS.every((c) => availableIn(c, playground))).toBe(true);
    expect(on(playground).can('present')).toBe(true);
  });

  it('with no host (an API call) only what needs nothing from the page runs', () => {
    expect(availableIn(commandById('fullscreen'), undefined)).toBe(false);
    expect(availableIn(commandById('blackout'), undefined)).toBe(true);
  });
});
