/** One worker of the lab bench: runs a slice of a lab and posts it back (worker_threads). */
import { parentPort, workerData } from 'node:worker_threads';
import { naturalPath, runRange, type FaultModel } from '../src/lab/monteCarlo.ts';
import { underPreset } from '../src/lab/variants.ts';
import { scenarioById } from '../src/scenarios/index.ts';
import type { Semantics } from '../src/scenarios/presets.ts';
import type { Scenario } from '../src/scenarios/types.ts';

const job = workerData as {
  scenario: string;
  semantics: Semantics;
  model: FaultModel;
  seed: number;
  from: number;
  to: number;
};
const variant = underPreset(scenarioById(job.scenario) as Scenario, job.semantics);
parentPort?.postMessage(runRange(naturalPath(variant), job.model, job.seed, job.from, job.to));
