import { LazyCompareView } from '../components/compare/lazyCompareView.ts';
import { LazyHelpDialog } from '../presentation/lazyHelpDialog.ts';
import { lazyComponent } from './lazyComponent.ts';

/**
 * What the playground's first paint does not show, split from its first load: each is fetched when the
 * page is idle (App preloads them all) or, at the latest, when it is first shown. (The embed imports
 * Compare and the help dialog alone: the custom element inlines every lazy import it reaches.)
 */
export const LazyCodePanel = lazyComponent(() =>
  import('../components/CodePanel.tsx').then((m) => m.CodePanel),
);
export const LazyConfigPanel = lazyComponent(() =>
  import('../components/ConfigPanel.tsx').then((m) => m.ConfigPanel),
);
export const LazyCopyEmbedCode = lazyComponent(() =>
  import('../embed/CopyEmbedCode.tsx').then((m) => m.CopyEmbedCode),
);
export const LazyScheduleShare = lazyComponent(() =>
  import('../share/ScheduleShare.tsx').then((m) => m.ScheduleShare),
);

/**
 * Every split panel's preload, for preloadWhenIdle. (The Share menu's Mermaid writer and picture
 * exporters are not preloaded: they load on their item's click, like mermaid itself.)
 */
export const PANEL_PRELOADS = [
  LazyCompareView,
  LazyCodePanel,
  LazyConfigPanel,
  LazyCopyEmbedCode,
  LazyScheduleShare,
  LazyHelpDialog,
].map((panel) => panel.preload);
