/**
 * One worker of the lab bench: runs its share of the lab under each semantics it is given and posts the
 * shares back, in that order (worker_threads), with this thread's CPU seconds: to load the simulation
 * (tsx transpiles it in every thread; the page's workers get it bundled) and to run the share. One worker
 * serves every semantics, so a thread pays for loading the simulation once, as the page's workers do.
 * With `warm` > 0 it runs the same share again that many times (a fresh natural path each time, so
 * nothing is reused but the thread's compiled code) and reports their CPU seconds too: what a worker
 * kept between labs would take.
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
  warm: number;
};
const base = scenarioById(job.scenario) as Scenario;
const lab = () =>
  job.semantics.map((semantics) =>
    runShare(naturalPath(underPreset(base, semantics)), job.model, job.seed, job.runs, job.share),
  );
const shares = lab();
const ran = threadCpuSeconds();
for (let i = 0; i < job.warm; i++) lab();
// The later labs' CPU seconds each, on average: what a worker kept between labs takes.
const warm = job.warm > 0 ? { warm: (threadCpuSeconds() - ran) / job.warm } : {};
parentPort?.postMessage({ shares, cpu: { load: loaded, runs: ran - loaded, ...warm } });
