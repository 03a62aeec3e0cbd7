/**
 * One worker of the explorer bench, as the page's lab workers answer an explorer request: its share of
 * a search (src/lab/explore.ts's exploreShare), posted back with this thread's CPU seconds (loading the
 * simulation included: the page's first search pays it too).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { exploreShare, type ExploreOptions, type ShareSpec } from '../src/lab/explore.ts';
import type { Guarantee } from '../src/lab/guarantees.ts';
import { underPreset } from '../src/lab/variants.ts';
import { scenarioById } from '../src/scenarios/index.ts';
import type { Semantics } from '../src/scenarios/presets.ts';
import type { Scenario } from '../src/scenarios/types.ts';
import { threadCpuSeconds } from './threadCpu.ts';

const job = workerData as {
  scenario: string;
  semantics: Semantics;
  guarantee: Guarantee;
  options: Omit<ExploreOptions, 'onProgress'>;
  share: ShareSpec;
};
const scenario = underPreset(scenarioById(job.scenario) as Scenario, job.semantics);
const share = exploreShare(scenario, job.guarantee, job.options, job.share);
parentPort?.postMessage({ share, cpu: threadCpuSeconds() }, [
  share.lastLevel.hashes.buffer,
  share.lastLevel.runs.buffer,
]);
