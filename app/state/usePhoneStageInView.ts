import { useEffect, useRef, type RefObject } from 'react';

/**
 * On a phone the stage (narration, diagram, playback bar) is one screen tall and the page scrolls: after a
 * step it is brought wholly into view, so what happened and the button that moves on are seen together.
 */
export function usePhoneStageInView(stage: RefObject<HTMLElement | null>, cursor: number): void {
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (!window.matchMedia('(max-width: 900px)').matches) return;
    const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
    stage.current?.scrollIntoView({ block: 'nearest', behavior: reduced ? 'auto' : 'smooth' });
  }, [stage, cursor]);
}
