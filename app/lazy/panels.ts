import { LazyCompareView } from '../components/compare/lazyCompareView.ts';
import { LazyHelpDialog } from '../presentation/lazyHelpDialog.ts';
import { lazyComponent } from './lazyComponent.ts';
import { linksModule } from './modules.ts';

/**
 * What the playground's first paint does not show, split from its first load: each is fetched when the
 * page is idle (App preloads them all) or, at the latest, when it is first shown. (The embed imports
 * Compare and the help dialog alone: the custom element inlines every lazy import it reaches.)
 */
export const LazyCodePanel = lazyComponent(() =>
  import('../components/CodePanel.tsx').then((m) => m.CodePanel),
);
/**
 * The run's panels below the choices (the ledger, the partition log, the actors' state): drawn a frame
 * after each step anyway (deferred.tsx), and below the fold on a phone, so their code follows the first
 * paint. Below them there is only the config panel, itself lazy: appearing, they move nothing on screen.
 */
export const LazyLedger = lazyComponent(() => import('../components/Ledger.tsx').then((m) => m.Ledger));
export const LazyPartitionLog = lazyComponent(() =>
  import('../components/PartitionLog.tsx').then((m) => m.PartitionLog),
);
export const LazyActorState = lazyComponent(() =>
  import('../components/ActorState.tsx').then((m) => m.ActorState),
);
export const LazyConfigPanel = lazyComponent(() =>
  import('../components/ConfigPanel.tsx').then((m) => m.ConfigPanel),
);
/**
 * The Share menu's items, with the link codec its first item writes links with (its button and panel are
 * ShareMenu.tsx, which preloads them itself when the page is idle, to mount them hidden).
 */
export const LazySharePanel = lazyComponent(() =>
  Promise.all([import('../components/SharePanel.tsx'), linksModule.preload()]).then(([m]) => m.SharePanel),
);
/** The Share menu's run links: they write links, and open custom documents, so the codec comes with them. */
export const LazyCopyEmbedCode = lazyComponent(() =>
  Promise.all([import('../embed/CopyEmbedCode.tsx'), linksModule.preload()]).then(([m]) => m.CopyEmbedCode),
);
export const LazyScheduleShare = lazyComponent(() =>
  Promise.all([import('../share/ScheduleShare.tsx'), linksModule.preload()]).then(([m]) => m.ScheduleShare),
);

/**
 * Every split panel's preload, for preloadWhenIdle. (The Share menu's Mermaid writer and picture
 * exporters are not preloaded: they load on their item's click, like mermaid itself.)
 */
export const PANEL_PRELOADS = [
  LazyLedger,
  LazyPartitionLog,
  LazyActorState,
  LazyCompareView,
  LazyCodePanel,
  LazyConfigPanel,
  LazyCopyEmbedCode,
  LazyScheduleShare,
  LazyHelpDialog,
].map((panel) => panel.preload);
