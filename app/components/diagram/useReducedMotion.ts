import { useSyncExternalStore } from 'react';

const QUERY = '(prefers-reduced-motion: reduce)';

/** One query list for the page: React reads the snapshot on every render, matchMedia made a new one each time. */
let list: MediaQueryList | undefined;
const query = (): MediaQueryList => (list ??= window.matchMedia(QUERY));

const subscribe = (changed: () => void) => {
  const media = query();
  media.addEventListener('change', changed);
  return () => media.removeEventListener('change', changed);
};

/** The user's prefers-reduced-motion, followed live; false where there is no window (server rendering). */
export function useReducedMotion(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => query().matches,
    () => false,
  );
}
