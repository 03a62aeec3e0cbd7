import { useEffect } from 'react';
import { canRun, commandById, performNext } from '../commands.ts';
import { climaxPause } from './autoplay.ts';
import { usePlayground, usePlaygroundStore } from './store.ts';
import type { Run } from './useRun.ts';

/**
 * Playing = pressing Next at the chosen speed (beats per second). It stops at rest, pauses at a
 * lesson's climax, and pauses while the tab is hidden so a background tab does not run ahead of its
 * audience.
 */
export function usePlayLoop(run: Run): void {
  const playing = usePlayground((s) => s.playing);
  const speed = usePlayground((s) => s.speed);
  const store = usePlaygroundStore();
  useEffect(() => {
    if (!playing) return;
    if (!canRun(commandById('next'), { state: store.getState(), run })) {
      store.getState().setPlaying(false);
      return;
    }
    const timer = window.setTimeout(() => {
      const state = store.getState();
      const reached = performNext({ state, run });
      if (reached !== null && reached === climaxPause(run)) state.setPlaying(false);
    }, 1000 / speed);
    return () => window.clearTimeout(timer);
  }, [playing, speed, run, store]);

  useEffect(() => {
    const onVisibility = () => {
      if (document.hidden) store.getState().setPlaying(false);
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => document.removeEventListener('visibilitychange', onVisibility);
  }, [store]);
}
