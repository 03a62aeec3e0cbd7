import { lazyComponent } from '../lazy/lazyComponent.ts';

/** The shortcut help, loaded when it is first opened (or preloaded by the page once it is idle). */
export const LazyHelpDialog = lazyComponent(() => import('./HelpDialog.tsx').then((m) => m.HelpDialog));
