import type { Scenario } from '../scenarios/types.ts';
import { configReport, type LabReport } from './labReport.ts';
import { naturalPath, runRange, type FaultModel, type RangeResult } from './monteCarlo.ts';
import { ALL_SEMANTICS, labVariant, type LabConfig } from './variants.ts';

export interface LabOptions {
  runs: number;
  seed: number;
  model: FaultModel;
  /** Default: the three presets. */
  semantics?: readonly LabConfig[];
}

/**
 * A lab's report from each semantics' runs, however they were run: here in one thread (`runLab`), or in
 * slices by workers merged in run order (the lab page), so both give the same report for the same seed.
 */
export function labReportOf(
  scenario: Scenario,
  options: LabOptions,
  runsOf: (variant: Scenario, semantics: LabConfig) => RangeResult,
): LabReport {
  const configs = (options.semantics ?? ALL_SEMANTICS).map((semantics) => {
    const variant = labVariant(scenario, semantics);
    return configReport(variant, semantics, runsOf(variant, semantics));
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

/** A whole lab in this thread: each semantics' runs, then its report. Workers split `runRange` instead. */
export function runLab(scenario: Scenario, options: LabOptions): LabReport {
  return labReportOf(scenario, options, (variant) =>
    runRange(naturalPath(variant), options.model, options.seed, 0, options.runs),
  );
}
