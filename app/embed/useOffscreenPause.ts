import { useEffect, type RefObject } from 'react';
import { usePlaygroundStore } from '../playground/hooks.ts';

/**
 * An embed plays only while it is on screen: scrolled out of view it pauses (so it schedules nothing),
 * and it resumes when it comes back if it was playing. With `autoplay` it starts the first time it is
 * seen, so an embed far down a page has not finished its story before the reader gets there. (A hidden
 * tab pauses through playground/pauseWhenHidden.ts.) Inside an iframe the observer measures against the top page's viewport.
 */
export function useOffscreenPause(root: RefObject<HTMLElement | null>, autoplay: boolean): void {
  const store = usePlaygroundStore();
  useEffect(() => {
    const el = root.current;
    if (!el || typeof IntersectionObserver === 'undefined') {
      if (autoplay) store.getState().setPlaying(true);
      return;
    }
    let resume = autoplay;
    const io = new IntersectionObserver((entries) => {
      const visible = entries[entries.length - 1]?.isIntersecting ?? false;
      const { playing, setPlaying } = store.getState();
      if (visible && resume && !document.hidden) {
        resume = false;
        setPlaying(true);
      } else if (!visible && playing) {
        resume = true;
        setPlaying(false);
      }
    });
    io.observe(el);
    return () => io.disconnect();
  }, [root, store, autoplay]);
}
