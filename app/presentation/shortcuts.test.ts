import { describe, expect, it } from 'vitest';
import { COMMANDS, type Command } from '../commands.ts';
import { ariaKeys, keyLabel, shortcutGroups, withKeys } from './shortcuts.ts';

describe('the help overlay’s shortcut list', () => {
  const groups = shortcutGroups(COMMANDS);

  it('lists every command that has a key, exactly once, and none without', () => {
    const listed = groups.flatMap((g) => g.shortcuts.map((s) => s.id));
    expect(listed).toEqual(COMMANDS.filter((c) => c.keys.length).map((c) => c.id));
    expect(listed).not.toContain('shortcuts');
  });

  it('groups in the order the command list first names each group', () => {
    expect(groups.map((g) => g.group)).toEqual(['Stepping', 'Presenting', 'Help']);
  });

  it('follows the list: a new command with a key appears without a second list to edit', () => {
    const extra: Command = {
      ...(COMMANDS[0] as Command),
      id: 'end',
      label: 'Extra',
      group: 'Help',
      keys: ['x'],
    };
    const help = shortcutGroups([...COMMANDS, extra]).find((g) => g.group === 'Help');
    expect(help?.shortcuts.at(-1)).toEqual({ id: 'end', label: 'Extra', keys: ['X'] });
  });
});

describe('key names', () => {
  it('prints keys as people read them', () => {
    expect([' ', 'ArrowRight', 'PageDown', 'Escape', 'b', '?', 'Home'].map(keyLabel)).toEqual([
      'Space',
      '→',
      'Page Down',
      'Esc',
      'B',
      '?',
      'Home',
    ]);
  });

  it('spells aria-keyshortcuts as the attribute wants, and tooltips with the keys', () => {
    expect(ariaKeys(['ArrowRight', ' ', 'n'])).toBe('ArrowRight Space N');
    expect(ariaKeys([])).toBeUndefined();
    expect(withKeys({ label: 'Blackout', keys: ['b', '.'] })).toBe('Blackout (B, .)');
  });
});
