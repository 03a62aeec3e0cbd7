/**
 * When the address bar is rewritten. Encoding a run costs time in proportion to its length (about
 * 2.7 µs a choice: 2 ms at 1,000 choices, 27 ms at 10,000, measured with Node's CPU time), so writing
 * after every step of a long autoplayed run would spend a frame's worth of main thread per step. Writes
 * run at an idle moment, changes in between coalesce into one write of the latest state, and a write
 * that took long delays the next one in proportion: whatever the run's length, writing the link takes
 * at most MAX_SHARE of the main thread. Short runs, whose writes are cheap, are written at the first idle
 * moment after each change, as before.
 */

/** The most of the main thread that link writes may take, however long the run. */
export const MAX_SHARE = 0.1;
/** A write cheaper than this (ms) does not hold the next one back. */
export const CHEAP_MS = 4;

export interface IdleTimers {
  /** Runs the task at an idle moment; the returned function cancels it. */
  whenIdle(task: () => void): () => void;
  /** Runs the task after `ms`; the returned function cancels it. */
  after(ms: number, task: () => void): () => void;
  now(): number;
}

export interface IdleWrites {
  /** Something changed: write once, soon (a write already waiting covers it). */
  schedule(): void;
  /** Write now if a write is waiting: the user is about to read the address bar (it took focus). */
  flush(): void;
  cancel(): void;
}

export function idleWrites(write: () => void, timers: IdleTimers): IdleWrites {
  let cancelWaiting: (() => void) | null = null;
  /** When the next write may start, from the cost of the last one. */
  let notBefore = -Infinity;
  const run = () => {
    cancelWaiting = null;
    const start = timers.now();
    write();
    const cost = timers.now() - start;
    notBefore = cost > CHEAP_MS ? start + cost / MAX_SHARE : -Infinity;
  };
  return {
    schedule() {
      if (cancelWaiting) return;
      const wait = notBefore - timers.now();
      if (wait <= 0) {
        cancelWaiting = timers.whenIdle(run);
        return;
      }
      let cancelIdle: (() => void) | null = null;
      const cancelTimer = timers.after(wait, () => {
        cancelIdle = timers.whenIdle(run);
      });
      cancelWaiting = () => {
        cancelTimer();
        cancelIdle?.();
      };
    },
    flush() {
      if (!cancelWaiting) return;
      cancelWaiting();
      run();
    },
    cancel() {
      cancelWaiting?.();
      cancelWaiting = null;
    },
  };
}
