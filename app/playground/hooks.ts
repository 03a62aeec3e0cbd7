import { createContext, createElement, useContext, useSyncExternalStore, type ReactNode } from 'react';
import type { CommandId } from '../commands.ts';
import type { PlaygroundState, PlaygroundStore } from '../state/store.ts';
import type { Playground } from './playground.ts';
import type { Run } from './run.ts';

/**
 * React's view of a playground: components read it through selectors on `useSyncExternalStore`, so each
 * re-renders only when what it selects changes. Selectors must return stored values or primitives (a
 * fresh object every call would never settle).
 */

const PlaygroundContext = createContext<Playground | null>(null);

/** Gives its subtree `playground`. */
export function PlaygroundProvider({
  playground,
  children,
}: {
  playground: Playground;
  children: ReactNode;
}) {
  return createElement(PlaygroundContext.Provider, { value: playground }, children);
}

/** The enclosing playground, for adapters and event handlers. */
export function usePlaygroundController(): Playground {
  const playground = useContext(PlaygroundContext);
  if (!playground) throw new Error('This component needs a <PlaygroundProvider> above it');
  return playground;
}

/** Anything computed from the playground (its state, its run, a command), re-rendering when it changes. */
export function usePlaygroundValue<T>(select: (playground: Playground) => T): T {
  const playground = usePlaygroundController();
  const snapshot = () => select(playground);
  return useSyncExternalStore(playground.subscribe, snapshot, snapshot);
}

/** A slice of the UI state. */
export const usePlayground = <T>(select: (state: PlaygroundState) => T): T =>
  usePlaygroundValue((p) => select(p.store.getState()));

/** The store itself, for effects that read or subscribe outside render. */
export const usePlaygroundStore = (): PlaygroundStore => usePlaygroundController().store;

/** The run at the cursor. */
export const useRun = (): Run => usePlaygroundValue((p) => p.run());

/** One fact of the run (the cursor, its length…): re-renders only when that fact changes. */
export const useRunValue = <T>(select: (run: Run) => T): T => usePlaygroundValue((p) => select(p.run()));

/** Whether a command can run now, and whether its toggle is on. */
export function useCommand(id: CommandId): { enabled: boolean; checked: boolean } {
  const enabled = usePlaygroundValue((p) => p.can(id));
  const checked = usePlaygroundValue((p) => p.checked(id));
  return { enabled, checked };
}
