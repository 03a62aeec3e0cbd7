/**
 * One worker of the lab bench: runs its slice of the lab under each semantics it is given and posts the
 * slices back, in that order (worker_threads), with this thread's CPU seconds: to load the simulation
 * (tsx transpiles it in every thread; the page's workers get it bundled) and to run the slice. One worker
 * serves every semantics, so a thread pays for loading the simulation once, as the page's workers do.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { naturalPath, runRange, type FaultModel } from '../src/lab/monteCarlo.ts';
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
  from: number;
  to: number;
};
const base = scenarioById(job.scenario) as Scenario;
const ranges = job.semantics.map((semantics) =>
  runRange(naturalPath(underPreset(base, semantics)), job.model, job.seed, job.from, job.to),
);
parentPort?.postMessage({ ranges, cpu: { load: loaded, runs: threadCpuSeconds() - loaded } });
