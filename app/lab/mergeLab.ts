import { type Scenario } from '../../src/index.ts';
import {
  labReportOf,
  mergeShares,
  type LabOptions,
  type LabReport,
  type ShareResult,
  type LabConfig,
} from '../../src/analysis.ts';

/**
 * The workers' shares back into one report, as `runLab` makes it in one thread: per semantics the
 * shares are merged in run order, so the report is the same whatever the number of workers.
 */
export function mergeLab(
  scenario: Scenario,
  options: LabOptions,
  shares: readonly Partial<Record<LabConfig, ShareResult>>[],
): LabReport {
  return labReportOf(scenario, options, (_variant, semantics) =>
    mergeShares(shares.flatMap((share) => share[semantics] ?? [])),
  );
}
