import { useEffect } from 'react';
import { commandById } from '../commands.ts';
import { usePlayground, usePlaygroundStore } from './store.ts';
import type { Run } from './useRun.ts';

/**
 * Playing = taking the Next command at the chosen speed. It stops at rest, and pauses while the tab is
 * hidden so a background tab does not run ahead of its audience.
 */
export function usePlayLoop(run: Run): void {
  const playing = usePlayground((s) => s.playing);
  const speed = usePlayground((s) => s.speed);
  const store = usePlaygroundStore();
  const next = commandById('next');
  useEffect(() => {
    if (!playing) return;
    const ctx = { state: store.getState(), run };
    if (!next.enabled(ctx)) {
      store.getState().setPlaying(false);
      return;
    }
    const timer = window.setTimeout(
      () => next.perform({ state: store.getState(), run }),
      1000 / speed,
    );
    return () => window.clearTimeout(timer);
  }, [playing, speed, run, next, store]);

  useEffect(() => {
    const onVisibility = () => {
      if (document.hidden) store.getState().setPlaying(false);
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => document.removeEventListener('visibilitychange', onVisibility);
  }, [store]);
}
