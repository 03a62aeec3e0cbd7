import { lazyComponent } from '../lazy/lazyComponent.ts';

/**
 * The verdict card's content, with the verdict's rules: shown only once a run is at rest or when asked
 * for, so it follows the first load (VerdictCard preloads it when the page is idle, in every page that
 * shows the card).
 */
export const LazyVerdictPanel = lazyComponent(() => import('./VerdictPanel.tsx').then((m) => m.VerdictPanel));
