/**
 * When the address bar is rewritten. Encoding a run costs time in proportion to its length (about
 * 2.7 µs a choice: 2 ms at 1,000 choices, 27 ms at 10,000, measured with Node's CPU time), so writing
 * after every step of a long autoplayed run would spend a frame's worth of main thread per step. Writes
 * run at an idle moment, changes in between coalesce into one write of the latest state, and a write
 * that took long delays the next one in proportion: whatever the run's length, writing the link takes
 * at most MAX_SHARE of the main thread. Short runs, whose writes are cheap, are written at the first idle
 * moment after each change, as before.
 *
 * A write's cost is a wall-clock time: a write that the OS preempted or a GC interrupted (a loaded machine,
 * a cold page) reads ten or a hundred times its real cost, and ten times that held the address bar back
 * for seconds (a 300 ms stall held it 3 s, the link then missing the steps taken since). So a write is
 * held back by the cheaper of the last two writes: one stall holds nothing back, a long run (whose every
 * write is slow) still is, and the first write, with nothing to compare, is not.
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
  /** When the next write may start, from the cost of the last two. */
  let notBefore = -Infinity;
  let lastCost = 0;
  const run = () => {
    cancelWaiting = null;
    const start = timers.now();
    write();
    const measured = timers.now() - start;
    const cost = Math.min(measured, lastCost);
    lastCost = measured;
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
