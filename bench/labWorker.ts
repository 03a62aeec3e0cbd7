/**
 * One worker of the lab bench, kept between labs as the page keeps its workers: each message is a share
 * to run under every semantics it was given (workerData); it posts the shares back, in that order
 * (worker_threads), with this thread's CPU seconds to run them and, with its first lab's shares only,
 * to load the simulation (bundled, as the page's workers get it: bench/bundled.ts). One
 * worker serves every semantics, so a thread pays for loading the simulation once, as the page's do.
 * Each lab builds its natural paths again: nothing carries over to a later lab but the thread's
 * compiled code, as on the page.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { naturalPath, runShare, type FaultModel } from '../src/lab/monteCarlo.ts';
import { underPreset } from '../src/lab/variants.ts';
import { scenarioById } from '../src/scenarios/index.ts';
import type { Semantics } from '../src/scenarios/presets.ts';
import type { Scenario } from '../src/scenarios/types.ts';
import { threadCpuSeconds } from './threadCpu.ts';

let load = threadCpuSeconds();
const job = workerData as {
  scenario: string;
  semantics: Semantics[];
  model: FaultModel;
  seed: number;
  runs: number;
};
const base = scenarioById(job.scenario) as Scenario;
parentPort?.on('message', (share: { index: number; count: number }) => {
  const start = threadCpuSeconds();
  const shares = job.semantics.map((semantics) =>
    runShare(naturalPath(underPreset(base, semantics)), job.model, job.seed, job.runs, share),
  );
  parentPort?.postMessage({ shares, cpu: { load, runs: threadCpuSeconds() - start } });
  load = 0;
});
