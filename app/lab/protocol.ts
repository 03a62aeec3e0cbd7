import type {
  ExploreResult,
  FaultModel,
  Guarantee,
  RangeResult,
  LabConfig,
  ScenarioDocument,
  Semantics,
} from '../../src/index.ts';

/**
 * What the page and the lab's workers say to each other. Scenarios travel as documents (plain data a
 * worker can receive); each side parses its own. A slice is runs [from, to) of every semantics: run i
 * draws from (seed, i) alone, so the page can split the runs any way and merge the slices back.
 */

export interface LabSliceRequest {
  kind: 'lab';
  doc: ScenarioDocument;
  semantics: readonly LabConfig[];
  model: FaultModel;
  seed: number;
  from: number;
  to: number;
}

export interface ExploreRequest {
  kind: 'explore';
  doc: ScenarioDocument;
  /** A preset instead of the scenario's own configuration. */
  semantics: Semantics | null;
  guarantee: Guarantee;
  maxFaults: number;
  crashes: 'all' | 'brokers';
}

export type WorkerRequest = LabSliceRequest | ExploreRequest;

export type WorkerReply =
  | { kind: 'lab-progress'; done: number }
  | { kind: 'lab-done'; ranges: Partial<Record<LabConfig, RangeResult>> }
  | { kind: 'explore-progress'; states: number; level: number }
  | { kind: 'explore-done'; result: ExploreResult; link: string | null }
  | { kind: 'error'; message: string };
