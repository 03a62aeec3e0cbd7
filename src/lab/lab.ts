import type { Semantics } from '../scenarios/presets.ts';
import type { Scenario } from '../scenarios/types.ts';
import { configReport, type LabReport } from './labReport.ts';
import { naturalPath, runRange, type FaultModel } from './monteCarlo.ts';
import { ALL_SEMANTICS, underPreset } from './variants.ts';

export interface LabOptions {
  runs: number;
  seed: number;
  model: FaultModel;
  semantics?: readonly Semantics[];
}

/** A whole lab in this thread: each semantics' runs, then its report. Workers split `runRange` instead. */
export function runLab(scenario: Scenario, options: LabOptions): LabReport {
  const configs = (options.semantics ?? ALL_SEMANTICS).map((semantics) => {
    const variant = underPreset(scenario, semantics);
    const range = runRange(naturalPath(variant), options.model, options.seed, 0, options.runs);
    return configReport(variant, semantics, range);
  });
  return {
    scenario: scenario.id,
    records: scenario.workload.records.length,
    runs: options.runs,
    seed: options.seed,
    model: options.model,
    configs,
  };
}
