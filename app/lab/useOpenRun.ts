import { useCallback } from 'react';
import { usePlaygroundStore } from '../playground/hooks.ts';
import { linksModule } from '../lazy/modules.ts';

/** Opens a `#run=1.…` link (a lab's failing run, the explorer's counterexample) in the playground's diagram. */
export function useOpenRun(): (link: string) => void {
  const store = usePlaygroundStore();
  return useCallback(
    async (link: string) => {
      const opened = (await linksModule.preload()).openRunLink(link);
      const { restore, notify, setView } = store.getState();
      if (!opened.ok) {
        notify(opened.message);
        return;
      }
      restore(opened.run);
      notify(opened.notice ?? null);
      setView('diagram');
    },
    [store],
  );
}
