import { lazy, type ComponentType, type LazyExoticComponent } from 'react';

/** A lazily loaded component whose code can also be fetched ahead of its first render. */
export type LazyComponent<P extends object> = LazyExoticComponent<ComponentType<P>> & {
  /** Starts loading the code (once); the first render then finds it ready instead of suspending. */
  preload(): Promise<unknown>;
};

/**
 * React.lazy for a named export, plus `preload`: the playground's first load carries only what its first
 * paint shows, and fetches the rest (Compare, the Share menu, the code tab, the help) while the page is
 * idle, so opening one does not wait for the network (see preloadWhenIdle.ts).
 */
export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>): LazyComponent<P> {
  let loading: Promise<{ default: ComponentType<P> }> | undefined;
  const preload = () =>
    (loading ??= load().then(
      (component) => ({ default: component }),
      (error: unknown) => {
        // A failed fetch (offline for a moment) is tried again by the next render, not remembered.
        loading = undefined;
        throw error;
      },
    ));
  return Object.assign(lazy(preload), { preload });
}
