/**
 * One worker of the lab bench: runs its share of the lab under each semantics it is given and posts the
 * shares back, in that order (worker_threads), with this thread's CPU seconds: to load the simulation
 * (tsx transpiles it in every thread; the page's workers get it bundled) and to run the share. One worker
 * serves every semantics, so a thread pays for loading the simulation once, as the page's workers do.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { naturalPath, runShare, type FaultModel } from '../src/lab/monteCarlo.ts';
import { underPreset } from '../src/lab/variants.ts';
import { scenarioById } from '../src/scenarios/index.ts';
import type { Semantics } from '../src/scenarios/presets.ts';
import type { Scenario } from '../src/scenarios/types.ts';
import { threadCpuSeconds } from './threadCpu.ts';

const loaded = threadCpuSeconds();
const job = workerData as {
  scenario: string;
  semantics: Semantics[];
  model: FaultModel;
  seed: number;
  runs: number;
  share: { index: number; count: number };
};
const base = scenarioById(job.scenario) as Scenario;
const shares = job.semantics.map((semantics) =>
  runShare(naturalPath(underPreset(base, semantics)), job.model, job.seed, job.runs, job.share),
);
parentPort?.postMessage({ shares, cpu: { load: loaded, runs: threadCpuSeconds() - loaded } });
