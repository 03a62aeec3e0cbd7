import type { Scenario } from '../../src/index.ts';
import {
  documentOf,
  mergeExploreShares,
  type ExploreProgress,
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

/**
 * One job per share, in as many workers: their results in share order, or the first failure (which
 * cancels the rest). `onReply` hears each share's messages, with its index.
 */
function startShares<T>(
  count: number,
  requestOf: (share: { index: number; count: number }) => WorkerRequest,
  onReply: (index: number, reply: WorkerReply, settle: (value: T) => void) => void,
): Job<T[]> {
  const jobs = Array.from({ length: count }, (_, index) =>
    start<T>(requestOf({ index, count }), (reply, settle) => onReply(index, reply, settle)),
  );
  const cancel = () => jobs.forEach((job) => job.cancel());
  const result = Promise.all(jobs.map((job) => job.result)).catch((error: unknown) => {
    cancel();
    throw error;
  });
  return { result, cancel };
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
  const job = startShares<Extract<WorkerReply, { kind: 'lab-done' }>['shares']>(
    count,
    (share) => ({
      kind: 'lab',
      doc,
      semantics: request.semantics,
      model: request.model,
      seed: request.seed,
      runs: request.runs,
      share,
    }),
    (index, reply, settle) => {
      if (reply.kind === 'lab-progress') {
        done[index] = reply.done;
        onProgress(
          done.reduce((a, b) => a + b, 0),
          total,
        );
      } else if (reply.kind === 'lab-done') settle(reply.shares);
    },
  );
  return { result: job.result.then((shares) => mergeLab(scenario, request, shares)), cancel: job.cancel };
}

/**
 * An explorer search split between the workers (one per core), merged into what one search gives. Its
 * progress: the states the furthest share reckons the whole search has met, and of the worlds the last
 * level branches from (every share follows them all), as many as the slowest share has followed.
 */
export function exploreInWorkers(
  request: Omit<ExploreRequest, 'share'>,
  onProgress: (progress: ExploreProgress) => void,
): Job<{ result: ExploreResult; link: string | null }> {
  const count = workerCount(Infinity);
  const reckoned: ExploreProgress[] = Array.from({ length: count }, () => ({ states: 0, level: 0 }));
  const job = startShares<Extract<WorkerReply, { kind: 'explore-done' }>>(
    count,
    (share) => ({ ...request, share }),
    (index, reply, settle) => {
      if (reply.kind === 'explore-progress') {
        reckoned[index] = reply;
        onProgress(overall(reckoned));
      } else if (reply.kind === 'explore-done') settle(reply);
    },
  );
  return {
    result: job.result.then((done) => {
      const result = mergeExploreShares(done.map((d) => d.share));
      // The merged counterexample is one share's own: its link is that share's.
      const link = done.find((d) => d.share.result.counterexample === result.counterexample)?.link ?? null;
      return { result, link: result.counterexample ? link : null };
    }),
    cancel: job.cancel,
  };
}

/**
 * The shares' progress as one search's: a share that has not reached the last level yet has followed
 * none of the worlds it branches from.
 */
function overall(shares: readonly ExploreProgress[]): ExploreProgress {
  const states = Math.max(...shares.map((p) => p.states));
  const level = Math.max(...shares.map((p) => p.level));
  const branched = shares.find((p) => p.branched)?.branched;
  if (!branched) return { states, level };
  const done = Math.min(...shares.map((p) => p.branched?.done ?? 0));
  return { states, level, branched: { ...branched, done } };
}
