/**
 * Time as the playground sees it: a way to run something later. The play loop asks it for its ticks, so
 * a test drives autoplay with a hand-advanced clock and the page with the browser's timers.
 */
export interface Clock {
  /** Runs `task` once after `ms` milliseconds; the returned function cancels it. */
  after(ms: number, task: () => void): () => void;
}

export const browserClock: Clock = {
  after(ms, task) {
    const id = setTimeout(task, ms);
    return () => clearTimeout(id);
  },
};
