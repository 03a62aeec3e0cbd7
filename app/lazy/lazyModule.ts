/** Code loaded on demand: fetched once, and readable without waiting once it has arrived. */
export interface LazyModule<T> {
  /** Starts loading the code (once); resolves with it. */
  preload(): Promise<T>;
  /** The code if it has arrived, else undefined: for synchronous callers that a load was awaited before. */
  loaded(): T | undefined;
  /** Hands over the code where a page bundles it statically (the embed): no fetch, loaded() at once. */
  provide(code: T): void;
}

/**
 * A dynamic import behind a cache: every caller shares one fetch, and a failed fetch (offline for a
 * moment) is tried again by the next call instead of being remembered. The lazy panels (lazyComponent)
 * and the lazily loaded core modules (the link codec, the catalog) use it alike.
 */
export function lazyModule<T>(load: () => Promise<T>): LazyModule<T> {
  let loading: Promise<T> | undefined;
  let value: T | undefined;
  const preload = () =>
    (loading ??= load().then(
      (loadedValue) => (value = loadedValue),
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    ));
  const provide = (code: T) => {
    value = code;
    loading = Promise.resolve(code);
  };
  return { preload, loaded: () => value, provide };
}
