import type { Scenario } from '../../src/index.ts';
import {
  documentOf,
  type ExploreResult,
  type FaultModel,
  type LabConfig,
  type LabReport,
} from '../../src/analysis.ts';
import LabWorker from './labWorker.ts?worker&inline';
import { mergeLab } from './mergeLab.ts';
import { workerPool } from './pool.ts';
import type { ExploreRequest, WorkerReply, WorkerRequest } from './protocol.ts';

/** A job running in workers: its result, and Cancel (which ends its workers at once; the promise then never settles). */
export interface Job<T> {
  result: Promise<T>;
  cancel(): void;
}

/** One worker per core, capped: the page and the other tabs keep some of the machine. */
export const MAX_WORKERS = 8;
export const workerCount = (runs: number) =>
  Math.max(1, Math.min(navigator.hardwareConcurrency || 2, MAX_WORKERS, runs));

// Inlined (a Blob URL at run time): the offline one-file build must not need a second file, and the
// worker's code is in the lab's own lazy chunk either way, never in the first load. Labs and explorer
// searches share the pool: one per core is kept, as many as a lab uses.
const pool = workerPool(
  () => new LabWorker(),
  () => workerCount(Infinity),
);

/** Ends the idle workers: the page calls it when it leaves the lab. */
export const freeLabWorkers = () => pool.close();

/** Sends `request` to a pool's worker; `onReply` sees every message, `settle` ends the job with it or not. */
function start<T>(
  request: WorkerRequest,
  onReply: (reply: WorkerReply, settle: (value: T) => void) => void,
): Job<T> {
  const worker = pool.take();
  let ended = false;
  // Once only: a lab's Cancel after its shares came back must not end workers already back in the pool.
  const end = (kept: boolean) => {
    if (ended) return;
    ended = true;
    worker.onmessage = null;
    worker.onerror = null;
    if (kept) pool.give(worker);
    else worker.terminate();
  };
  const result = new Promise<T>((resolve, reject) => {
    worker.onmessage = (event: MessageEvent<WorkerReply>) => {
      if (event.data.kind === 'error') reject(new Error(event.data.message));
      else onReply(event.data, resolve);
    };
    worker.onerror = (event) => reject(new Error(event.message || 'The lab worker failed.'));
  });
  worker.postMessage(request);
  // A failed worker is ended too: whatever broke it is not carried to the next job.
  void result.then(
    () => end(true),
    () => end(false),
  );
  return { result, cancel: () => end(false) };
}

export interface LabRequest {
  runs: number;
  seed: number;
  model: FaultModel;
  semantics: readonly LabConfig[];
}

/** A Monte-Carlo lab split between workers; `onProgress` gets the runs done so far, all semantics counted. */
export function runLabInWorkers(
  scenario: Scenario,
  request: LabRequest,
  onProgress: (done: number, total: number) => void,
): Job<LabReport> {
  const doc = documentOf(scenario);
  const count = workerCount(request.runs);
  const total = request.runs * request.semantics.length;
  const done = Array.from({ length: count }, () => 0);
  const jobs = done.map((_, index) =>
    start<Extract<WorkerReply, { kind: 'lab-done' }>['shares']>(
      {
        kind: 'lab',
        doc,
        semantics: request.semantics,
        model: request.model,
        seed: request.seed,
        runs: request.runs,
        share: { index, count },
      },
      (reply, settle) => {
        if (reply.kind === 'lab-progress') {
          done[index] = reply.done;
          onProgress(
            done.reduce((a, b) => a + b, 0),
            total,
          );
        } else if (reply.kind === 'lab-done') settle(reply.shares);
      },
    ),
  );
  const cancel = () => jobs.forEach((job) => job.cancel());
  const result = Promise.all(jobs.map((job) => job.result)).then(
    (shares) => mergeLab(scenario, request, shares),
    (error: unknown) => {
      cancel();
      throw error;
    },
  );
  return { result, cancel };
}

/** One explorer search in a worker, with the states explored so far as progress. */
export function exploreInWorker(
  request: ExploreRequest,
  onProgress: (states: number, level: number) => void,
): Job<{ result: ExploreResult; link: string | null }> {
  return start(request, (reply, settle) => {
    if (reply.kind === 'explore-progress') onProgress(reply.states, reply.level);
    else if (reply.kind === 'explore-done') settle({ result: reply.result, link: reply.link });
  });
}
