/** What the pool needs of a worker (a Web Worker; a stand-in in tests). */
export interface PooledWorker {
  terminate(): void;
}

/**
 * The lab's workers, kept between jobs: a new worker's first lab costs ~0.4 s more than its later ones
 * (loading the simulation, and warming its code), and each of the lab's workers pays it, so a kept
 * worker makes the second lab on faster and scale better (README, the lab bench's reused pool).
 * Workers are made when a job needs them, not ahead: only running a lab warms a worker's code, and
 * warming at an idle moment would spend a core per worker on every visit to the lab page, whether it
 * runs a lab or not. A job takes an idle worker or a new one; a finished job gives its worker back,
 * kept while fewer than `keep()` are idle (one per core, as the lab uses); a cancelled job ends its
 * workers instead (a running share cannot be interrupted, only its thread), and later jobs get new ones.
 */
export interface WorkerPool<W extends PooledWorker> {
  take(): W;
  give(worker: W): void;
  /** Ends the idle workers (the lab page was left); busy ones end with their jobs. */
  close(): void;
}

export function workerPool<W extends PooledWorker>(create: () => W, keep: () => number): WorkerPool<W> {
  let idle: W[] = [];
  return {
    take: () => idle.pop() ?? create(),
    give(worker) {
      if (idle.length < keep()) idle.push(worker);
      else worker.terminate();
    },
    close() {
      idle.forEach((worker) => worker.terminate());
      idle = [];
    },
  };
}
