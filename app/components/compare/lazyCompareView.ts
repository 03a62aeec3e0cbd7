import { lazyComponent } from '../../lazy/lazyComponent.ts';

/** Compare, loaded when a page first switches to it (or preloaded once the page is idle). */
export const LazyCompareView = lazyComponent(() => import('./CompareView.tsx').then((m) => m.CompareView));
