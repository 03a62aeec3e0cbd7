import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import { lazyModule } from './lazyModule.ts';

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
  const { preload } = lazyModule(() => load().then((component) => ({ default: component })));
  return Object.assign(lazy(preload), { preload });
}
