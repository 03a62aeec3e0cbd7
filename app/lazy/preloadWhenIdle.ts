/**
 * Loads lazily split code once the page has painted and is idle: the first load stays small, and a
 * panel opened a moment later finds its code already there. Returns a disposer (for an effect).
 */
export function preloadWhenIdle(preloads: readonly (() => Promise<unknown>)[]): () => void {
  const run = () => preloads.forEach((preload) => void preload().catch(() => undefined));
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(run, { timeout: 3000 });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(run, 500);
  return () => clearTimeout(id);
}
