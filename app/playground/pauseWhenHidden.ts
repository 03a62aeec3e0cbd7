import type { Playground } from './playground.ts';

/** A hidden tab pauses, so a background tab does not run ahead of its audience. */
export function pauseWhenHidden(playground: Playground, doc: Document): () => void {
  const onVisibility = () => {
    if (doc.hidden) playground.store.getState().setPlaying(false);
  };
  doc.addEventListener('visibilitychange', onVisibility);
  return () => doc.removeEventListener('visibilitychange', onVisibility);
}
