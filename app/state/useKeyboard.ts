import { useEffect, type RefObject } from 'react';
import { COMMANDS } from '../commands.ts';
import { usePlaygroundStore } from './store.ts';
import type { Run } from './useRun.ts';

const TYPING = new Set(['INPUT', 'SELECT', 'TEXTAREA']);

/**
 * Shortcuts from the command list. They act only while focus is inside the playground (WCAG 2.1.4), so
 * an embedded playground never steals keys from the page around it, and never while typing in a field.
 */
export function useKeyboard(root: RefObject<HTMLElement | null>, run: Run): void {
  const store = usePlaygroundStore();
  useEffect(() => {
    const el = root.current;
    if (!el) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const target = e.target as HTMLElement;
      if (TYPING.has(target.tagName) || target.isContentEditable) return;
      // Space and Enter on a focused button belong to the button.
      if ((e.key === ' ' || e.key === 'Enter') && target.tagName === 'BUTTON') return;
      const command = COMMANDS.find((c) => c.keys.includes(e.key));
      if (!command) return;
      const ctx = { state: store.getState(), run };
      if (!command.enabled(ctx)) return;
      e.preventDefault();
      command.perform(ctx);
    };
    el.addEventListener('keydown', onKey);
    return () => el.removeEventListener('keydown', onKey);
  }, [root, run, store]);
}
