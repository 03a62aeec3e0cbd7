import { useEffect } from 'react';
import { commandById } from '../commands.ts';
import { usePlayground } from './store.ts';
import type { Run } from './useRun.ts';

/**
 * Playing = taking the Next command at the chosen speed. It stops at rest, and pauses while the tab is
 * hidden so a background tab does not run ahead of its audience.
 */
export function usePlayLoop(run: Run): void {
  const playing = usePlayground((s) => s.playing);
  const speed = usePlayground((s) => s.speed);
  const next = commandById('next');
  useEffect(() => {
    if (!playing) return;
    const ctx = { state: usePlayground.getState(), run };
    if (!next.enabled(ctx)) {
      usePlayground.getState().setPlaying(false);
      return;
    }
    const timer = window.setTimeout(
      () => next.perform({ state: usePlayground.getState(), run }),
      1000 / speed,
    );
    return () => window.clearTimeout(timer);
  }, [playing, speed, run, next]);

  useEffect(() => {
    const onVisibility = () => {
      if (document.hidden) usePlayground.getState().setPlaying(false);
    };
    document.addEventListener('visibilitychange', onVisibility);
    return () => document.removeEventListener('visibilitychange', onVisibility);
  }, []);
}
