import { useEffect, type CSSProperties, type RefObject } from 'react';
import { usePlayground } from '../playground/hooks.ts';
import { fitPresentScale } from './fitScale.ts';
import { useIsFullscreen } from './useFullscreen.ts';
import { useShortcutPreference } from './useShortcutPreference.ts';

export interface Presentation {
  fullscreen: boolean;
  /** For the playground's root element: presentation's attributes and its type scale. */
  rootProps: {
    'data-presenting': true | undefined;
    'data-panels-hidden': true | undefined;
    style: CSSProperties;
    tabIndex: number;
  };
}

/** Presentation mode's wiring for a playground whose root element is `root`. */
export function usePresentation(root: RefObject<HTMLElement | null>): Presentation {
  const presenting = usePlayground((s) => s.presenting);
  const panelsHidden = usePlayground((s) => s.panelsHidden);
  const presentScale = usePlayground((s) => s.presentScale);
  const setPresentScale = usePlayground((s) => s.setPresentScale);
  const fullscreen = useIsFullscreen(root);
  useShortcutPreference();
  // Entering presentation sizes the type to the screen, and moves focus onto the playground itself so the
  // presenter's keys act at once (and Space does not press the button that was just clicked again).
  useEffect(() => {
    const el = root.current;
    if (!presenting || !el) return;
    setPresentScale(fitPresentScale(el.clientWidth));
    el.focus({ preventScroll: true });
  }, [root, presenting, setPresentScale]);

  return {
    fullscreen,
    rootProps: {
      'data-presenting': presenting || undefined,
      'data-panels-hidden': panelsHidden || undefined,
      style: { '--present-scale': presentScale } as CSSProperties,
      // Focusable by script (and by a click on its background), not a Tab stop.
      tabIndex: -1,
    },
  };
}
