/**
 * What a run comes to and how it compares: the panels' views of a world (the log, the actors, the
 * ledger), the verdict, Compare's columns, the lab (Monte-Carlo runs split between workers, the
 * counterexample explorer, fault schedules). A public entry of its own, beside ./index.ts, because only
 * lazily loaded code uses it (the panels, the verdict card's content, Compare, the lab and its workers,
 * the Share menu's schedule). index.ts must not re-export it: whatever the first load reaches statically
 * is bundled into the first load.
 */

// ---- the panels' views of a world (the panels load after the first paint) and what a run comes to ----
export {
  partitionLogView,
  type EntryStatus,
  type LogPointer,
  type PartitionLogView,
} from './views/partitionLog.ts';
export { actorSummaries, type ActorSummary, type PartSummary, type ReplicaSummary } from './views/actors.ts';
export { verdictOf, type RecordVerdict, type RunVerdict, type VerdictGlyph } from './lesson/verdict.ts';
export { ledgerView, type LedgerView } from './views/ledger.ts';

// ---- Compare: the same faults under each semantics ----
export {
  compareLesson,
  compareSchedule,
  compareSemantics,
  compareUnder,
  compareVariant,
  liveRow,
  lockstep,
  type CompareLesson,
  type CompareSchedule,
  type Comparison,
  type LiveRow,
  type Lockstep,
} from './sim/compare.ts';

// ---- the lab ----
export {
  METRICS,
  NO_FAULTS,
  mergeShares,
  naturalPath,
  runRange,
  runShare,
  type FaultModel,
  type Metric,
  type RangeResult,
  type ShareResult,
} from './lab/monteCarlo.ts';
export {
  comparisonRows,
  configReport,
  documentOf,
  duplicateNotes,
  toCsv,
  toMarkdown,
  type ConfigReport,
  type Distribution,
  type LabReport,
} from './lab/labReport.ts';
export { labReportOf, runLab, type LabOptions } from './lab/lab.ts';
export {
  costNotes,
  transactionCostRows,
  transactionCosts,
  transactionTableRefusal,
  type TransactionCost,
} from './lab/costs.ts';
export {
  ALL_SEMANTICS,
  AS_WRITTEN,
  LAB_CONFIGS,
  labConfigLabel,
  labConfigRefusal,
  labVariant,
  presetRefusal,
  underPreset,
  type LabConfig,
} from './lab/variants.ts';
export {
  explore,
  exploreShare,
  noCounterexample,
  mergeExploreShares,
  type Counterexample,
  type ExploreProgress,
  type ExploreResult,
  type ExploreShare,
  type ShareSpec,
} from './lab/explore.ts';
export { GUARANTEES, isGuarantee, type Guarantee } from './lab/guarantees.ts';
export { describeFault, type Schedule } from './lab/faults.ts';
export { documentWithSchedule, scheduleOf } from './lab/schedule.ts';
export type { Rate } from './lab/wilson.ts';
