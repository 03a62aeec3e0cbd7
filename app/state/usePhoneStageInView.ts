import { useEffect, type RefObject } from 'react';
import { usePlaygroundController } from '../playground/hooks.ts';

/**
 * On a phone the stage (narration, diagram, playback bar) is one screen tall and the page scrolls: after a
 * step it is brought wholly into view, so what happened and the button that moves on are seen together.
 * It listens to the playground rather than rendering with the cursor: the layout need not render per step.
 */
export function usePhoneStageInView(stage: RefObject<HTMLElement | null>): void {
  const playground = usePlaygroundController();
  useEffect(
    () =>
      playground.store.subscribe((s, prev) => {
        if (s.cursor === prev.cursor) return;
        if (!window.matchMedia('(max-width: 900px)').matches) return;
        const reduced = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
        stage.current?.scrollIntoView({ block: 'nearest', behavior: reduced ? 'auto' : 'smooth' });
      }),
    [playground, stage],
  );
}
