/**
 * Time as the playground sees it: a way to run something later. The play loop asks it for its ticks, so
 * a test drives autoplay with a hand-advanced clock and the page with the browser's timers.
 */
export interface Clock {
  /** Runs `task` once after `ms` milliseconds; the returned function cancels it. */
  after(ms: number, task: () => void): () => void;
  /**
   * Runs `task` once the page has nothing more urgent to do (after the frame a change paints in); the
   * returned function cancels it. For work done ahead of a press, so the press does not wait for it.
   */
  idle(task: () => void): () => void;
}

export const browserClock: Clock = {
  after(ms, task) {
    const id = setTimeout(task, ms);
    return () => clearTimeout(id);
  },
  idle(task) {
    // Safari has no idle callbacks: a timer well after the frame stands in.
    if (typeof requestIdleCallback !== 'function') return browserClock.after(50, task);
    const id = requestIdleCallback(task, { timeout: 1000 });
    return () => cancelIdleCallback(id);
  },
};
