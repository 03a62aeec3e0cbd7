import { climaxPause } from '../state/autoplay.ts';
import type { PlaygroundState } from '../state/store.ts';
import type { Playground } from './playground.ts';

/** What a tick depends on: a change of any of these starts the wait for the next tick again. */
const RESTARTS: ReadonlyArray<keyof PlaygroundState> = [
  'playing',
  'speed',
  'source',
  'configOverride',
  'choices',
  'cursor',
  // Compare's Next moves the columns' tick instead of the cursor.
  'view',
  'compareTick',
];

/**
 * Playing = pressing Next at the chosen speed (beats per second), on the playground's clock. It stops at
 * rest and pauses once at a lesson's climax (see autoplay.ts).
 */
export function bindPlayLoop(playground: Playground): () => void {
  const { store, clock } = playground;
  let cancel: (() => void) | null = null;

  const tick = () => {
    cancel = null;
    const before = playground.run();
    const comparing = store.getState().view === 'compare';
    if (playground.execute('next', 'clock') && !comparing && playground.run().cursor === climaxPause(before))
      store.getState().setPlaying(false);
  };
  const schedule = () => {
    cancel?.();
    cancel = null;
    const { playing, speed, setPlaying } = store.getState();
    if (!playing) return;
    if (!playground.can('next')) setPlaying(false);
    else cancel = clock.after(1000 / speed, tick);
  };

  const unsubscribe = store.subscribe((s, prev) => {
    if (RESTARTS.some((k) => s[k] !== prev[k])) schedule();
  });
  schedule();
  return () => {
    unsubscribe();
    cancel?.();
  };
}
