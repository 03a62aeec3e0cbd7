import { commandForKey } from '../commands.ts';
import type { Playground } from './playground.ts';

const TYPING = new Set(['INPUT', 'SELECT', 'TEXTAREA']);
const MODIFIERS = new Set(['Shift', 'Control', 'Alt', 'Meta', 'CapsLock', 'AltGraph']);
/** While the help dialog is open, only the keys that close it act: the page behind it is inert. */
const HELP_KEYS = new Set(['help', 'leave']);

/**
 * Shortcuts from the command list. They act only while focus is inside `root` (WCAG 2.1.4), so an
 * embedded playground never steals keys from the page around it, and never while typing in a field.
 *
 * The listener sits on the document and checks that the event passed through `root`: it then runs after
 * every handler inside the playground, so a menu that stops Escape or an arrow key (React's or native)
 * keeps it. `composedPath` sees through a shadow root, where `target` would be the host element.
 */
export function bindKeys(playground: Playground, root: HTMLElement): () => void {
  const doc = root.ownerDocument;
  const onKey = (e: KeyboardEvent) => {
    const path = e.composedPath();
    if (!path.includes(root)) return;
    if (e.ctrlKey || e.metaKey || e.altKey || MODIFIERS.has(e.key)) return;
    const target = (path[0] ?? e.target) as HTMLElement;
    if (TYPING.has(target.tagName) || target.isContentEditable) return;
    // The lab covers the playground: its keys are its controls', never the hidden diagram's.
    if (playground.store.getState().view === 'lab') return;
    // reveal.js: any key ends a blackout, and does nothing else.
    if (playground.checked('blackout')) {
      e.preventDefault();
      playground.execute('blackout', 'key');
      return;
    }
    // Space and Enter on a focused button belong to the button.
    if ((e.key === ' ' || e.key === 'Enter') && target.tagName === 'BUTTON') return;
    const command = commandForKey(e.key, playground.store.getState().shortcuts);
    if (!command) return;
    if (playground.checked('help') && !HELP_KEYS.has(command.id)) return;
    if (playground.execute(command.id, 'key')) e.preventDefault();
  };
  doc.addEventListener('keydown', onKey);
  return () => doc.removeEventListener('keydown', onKey);
}
