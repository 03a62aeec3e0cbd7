import { lazyComponent } from '../../lazy/lazyComponent.ts';
import { comparisonModule } from '../../lazy/modules.ts';

/** Compare and its columns' code, loaded when a page first switches to it (or preloaded once the page is idle). */
export const LazyCompareView = lazyComponent(() =>
  Promise.all([import('./CompareView.tsx'), comparisonModule.preload()]).then(([m]) => m.CompareView),
);
