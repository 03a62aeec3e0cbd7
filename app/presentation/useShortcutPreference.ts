import { useEffect } from 'react';
import { usePlaygroundStore } from '../playground/hooks.ts';
import { loadShortcutPreference, saveShortcutPreference } from './shortcutPreference.ts';

/** Applies the remembered single-key shortcut setting, and remembers every change of it. */
export function useShortcutPreference(): void {
  const store = usePlaygroundStore();
  useEffect(() => {
    store.getState().setShortcuts(loadShortcutPreference());
    return store.subscribe((s, prev) => {
      if (s.shortcuts !== prev.shortcuts) saveShortcutPreference(s.shortcuts);
    });
  }, [store]);
}
