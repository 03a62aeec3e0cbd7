import { isCharacterKey, type Command, type CommandGroup } from '../commands.ts';

/**
 * The help overlay's and the buttons' view of the command list: keys as people read them, commands
 * grouped in the list's own order. Nothing here is a second list of shortcuts.
 */

const NAMED: Record<string, string> = {
  ' ': 'Space',
  ArrowRight: '→',
  ArrowLeft: '←',
  ArrowUp: '↑',
  ArrowDown: '↓',
  PageDown: 'Page Down',
  PageUp: 'Page Up',
  Escape: 'Esc',
};

/** How a KeyboardEvent.key value is printed: "Space", "→", "Page Down", "B", "?". */
export const keyLabel = (key: string): string =>
  NAMED[key] ?? (isCharacterKey(key) ? key.toUpperCase() : key);

/** The value of `aria-keyshortcuts` for a command's keys (that attribute spells Space as "Space"). */
export const ariaKeys = (keys: readonly string[]): string | undefined =>
  keys.length
    ? keys.map((k) => (k === ' ' ? 'Space' : isCharacterKey(k) ? k.toUpperCase() : k)).join(' ')
    : undefined;

/** "Next step (→, Page Down, Space, N)": a button's tooltip. */
export const withKeys = (command: Pick<Command, 'label' | 'keys'>): string =>
  command.keys.length ? `${command.label} (${command.keys.map(keyLabel).join(', ')})` : command.label;

export interface ShortcutGroup {
  group: CommandGroup;
  shortcuts: Array<{ id: Command['id']; label: string; keys: string[] }>;
}

/** Every command that has a key, by group, in the order the list gives them. */
export function shortcutGroups(commands: readonly Command[]): ShortcutGroup[] {
  const groups: ShortcutGroup[] = [];
  for (const c of commands) {
    if (!c.keys.length) continue;
    let g = groups.find((x) => x.group === c.group);
    if (!g) groups.push((g = { group: c.group, shortcuts: [] }));
    g.shortcuts.push({ id: c.id, label: c.label, keys: c.keys.map(keyLabel) });
  }
  return groups;
}
