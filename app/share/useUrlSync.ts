import { useEffect, useRef } from 'react';
import { linksModule } from '../lazy/modules.ts';
import { usePlaygroundStore } from '../playground/hooks.ts';
import { idleWrites, type IdleTimers } from './idleWrites.ts';

/**
 * The address bar holds the run: `#run=1.<payload>` (see src/share/runLink.ts). A link is read once on
 * load, before the first render (main.tsx), and again if someone edits the hash by hand; from then
 * on every change of scenario, config, choices or cursor rewrites it with history.replaceState, so
 * stepping does not fill the history.
 *
 * The rewrite waits for an idle moment: encoding a long run (JSON, then lz-string) and replaceState take
 * milliseconds that would otherwise sit between a press of Next and the next paint. Changes in between are coalesced
 * into one write of the latest state, and a long run's writes are spaced so that they take a bounded share
 * of the main thread (idleWrites.ts); Copy link never reads the address bar, it encodes the store.
 *
 * The codec itself (runLinks.ts) is not part of the first load: it is fetched when the page is idle, and
 * a first write that comes before it waits for it.
 */

/** Whether an address's hash is a run link, to be opened with runLinks.ts. */
export const isRunLink = (hash: string): boolean => /^#?run=/.test(hash);

/** The browser's timers: idle callbacks (a timer where there are none), timeouts and the page's clock. */
const pageTimers: IdleTimers = {
  whenIdle(task) {
    if (typeof requestIdleCallback === 'function') {
      const id = requestIdleCallback(task, { timeout: 500 });
      return () => cancelIdleCallback(id);
    }
    const id = setTimeout(task, 50);
    return () => clearTimeout(id);
  },
  after(ms, task) {
    const id = setTimeout(task, ms);
    return () => clearTimeout(id);
  },
  now: () => performance.now(),
};

/** Keeps location.hash and the run in step (the page opened with initialFromLink). Call once, in the top-level App. */
export function useUrlSync(): void {
  const store = usePlaygroundStore();
  const written = useRef<string | null>(null);

  useEffect(() => {
    let live = true;
    const open = async (hash: string) => {
      if (!isRunLink(hash)) return;
      const { openRunLink, FALLBACK } = await linksModule.preload();
      if (!live) return;
      const result = openRunLink(hash);
      const { restore, notify } = store.getState();
      if (result.ok) {
        restore(result.run);
        notify(result.notice ?? null);
      } else notify(`${result.message} ${FALLBACK}`);
    };
    const writes = idleWrites(() => {
      const links = linksModule.loaded();
      if (!links) {
        // The codec has not arrived yet: this write happens once it has, with the state of that moment.
        void linksModule.preload().then(() => live && writes.schedule());
        return;
      }
      const hash = links.currentRunHash(store);
      written.current = hash;
      if (location.hash !== hash) history.replaceState(history.state, '', hash);
    }, pageTimers);

    const unsubscribe = store.subscribe((s, prev) => {
      if (
        s.source !== prev.source ||
        s.configOverride !== prev.configOverride ||
        s.choices !== prev.choices ||
        s.cursor !== prev.cursor
      )
        writes.schedule();
    });
    // A hash edited by hand or a followed link; never the hash we have just written.
    const onHashChange = () => {
      if (location.hash !== written.current) void open(location.hash);
    };
    window.addEventListener('hashchange', onHashChange);
    // The page loses focus when the user clicks into the address bar (to copy the link) or leaves the tab:
    // a write held back behind a slow one happens now, so what they copy is the step they see.
    const flush = () => writes.flush();
    window.addEventListener('blur', flush);
    window.addEventListener('pagehide', flush);
    return () => {
      live = false;
      writes.cancel();
      unsubscribe();
      window.removeEventListener('hashchange', onHashChange);
      window.removeEventListener('blur', flush);
      window.removeEventListener('pagehide', flush);
    };
  }, [store]);
}
