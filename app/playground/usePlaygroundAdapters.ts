import { useEffect, type RefObject } from 'react';
import { usePlaygroundController } from './hooks.ts';
import { bindKeys } from './keys.ts';
import { pauseWhenHidden } from './pauseWhenHidden.ts';
import { bindPlayLoop } from './playLoop.ts';

/**
 * What every on-page playground (the full one and an embed) attaches while mounted: its shortcuts, with
 * focus inside `root`; the play loop on its clock; the pause of a hidden tab.
 */
export function usePlaygroundAdapters(root: RefObject<HTMLElement | null>): void {
  const playground = usePlaygroundController();
  useEffect(() => {
    const el = root.current;
    if (!el) return;
    const detach = [
      bindKeys(playground, el),
      bindPlayLoop(playground),
      pauseWhenHidden(playground, el.ownerDocument),
    ];
    return () => detach.forEach((d) => d());
  }, [playground, root]);
}
