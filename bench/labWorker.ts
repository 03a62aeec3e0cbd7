/**
 * One worker of the lab bench: runs its slice of the lab under each semantics it is given and posts the
 * slices back, in that order (worker_threads). One worker serves every semantics, so a thread pays for
 * loading the simulation once, as the page's workers do, not once per semantics.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { naturalPath, runRange, type FaultModel } from '../src/lab/monteCarlo.ts';
import { underPreset } from '../src/lab/variants.ts';
import { scenarioById } from '../src/scenarios/index.ts';
import type { Semantics } from '../src/scenarios/presets.ts';
import type { Scenario } from '../src/scenarios/types.ts';

const job = workerData as {
  scenario: string;
  semantics: Semantics[];
  model: FaultModel;
  seed: number;
  from: number;
  to: number;
};
const base = scenarioById(job.scenario) as Scenario;
parentPort?.postMessage(
  job.semantics.map((semantics) =>
    runRange(naturalPath(underPreset(base, semantics)), job.model, job.seed, job.from, job.to),
  ),
);
