import {
  labReportOf,
  mergeRanges,
  type LabOptions,
  type LabReport,
  type RangeResult,
  type LabConfig,
  type Scenario,
} from '../../src/index.ts';

/** A lab's runs cut into `workers` contiguous slices of near-equal size (no empty slice). */
export function sliceRuns(runs: number, workers: number): { from: number; to: number }[] {
  const count = Math.max(1, Math.min(workers, runs));
  return Array.from({ length: count }, (_, k) => ({
    from: Math.floor((k * runs) / count),
    to: Math.floor(((k + 1) * runs) / count),
  }));
}

/**
 * The workers' slices back into one report, as `runLab` makes it in one thread: per semantics the
 * slices are merged in run order, so the report is the same whatever the number of workers.
 */
export function mergeLab(
  scenario: Scenario,
  options: LabOptions,
  slices: readonly Partial<Record<LabConfig, RangeResult>>[],
): LabReport {
  return labReportOf(scenario, options, (_variant, semantics) =>
    mergeRanges(slices.flatMap((slice) => slice[semantics] ?? [])),
  );
}
