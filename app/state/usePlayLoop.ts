import { useEffect } from 'react';
import { commandById } from '../commands.ts';
import { autoplayStep } from './autoplay.ts';
import { usePlayground, usePlaygroundStore } from './store.ts';
import type { Run } from './useRun.ts';

/**
 * Playing = taking autoplay's next step (see autoplayStep) at the chosen speed. It stops at rest, and
 * pauses while the tab is hidden so a background tab does not run ahead of its audience.
 */
export function usePlayLoop(run: Run): void {
  const playing = usePlayground((s) => s.playing);
  const speed = usePlayground((s) => s.speed);
  const store = usePlaygroundStore();
  useEffect(() => {
    if (!playing) return;
    const next = autoplayStep(run);
    if (!next) {
      store.getState().setPlaying(false);
      return;
    }
    const timer = window.setTimeout(() => {
      const state = store.getState();
      if (next.kind === 'choose') state.choose(next.actionId);
      else commandById('next').perform({ state, run });
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
