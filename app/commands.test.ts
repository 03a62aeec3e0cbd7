import { describe, expect, it } from 'vitest';
import { COMMANDS, commandForKey } from './commands.ts';

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
