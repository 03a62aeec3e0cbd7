import type { ScenarioDocument, Semantics } from '../../src/index.ts';
import type { ExploreResult, FaultModel, Guarantee, ShareResult, LabConfig } from '../../src/analysis.ts';

/**
 * What the page and the lab's workers say to each other. Scenarios travel as documents (plain data a
 * worker can receive); each side parses its own. A share is share `index` of `count` of the runs of
 * every semantics, split by first fault (src/lab/shares.ts): run i draws from (seed, i) alone, so every
 * worker works out the same split and the page merges the shares back in run order.
 */

export interface LabShareRequest {
  kind: 'lab';
  doc: ScenarioDocument;
  semantics: readonly LabConfig[];
  model: FaultModel;
  seed: number;
  runs: number;
  share: { index: number; count: number };
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

export type WorkerRequest = LabShareRequest | ExploreRequest;

export type WorkerReply =
  | { kind: 'lab-progress'; done: number }
  | { kind: 'lab-done'; shares: Partial<Record<LabConfig, ShareResult>> }
  | { kind: 'explore-progress'; states: number; level: number }
  | { kind: 'explore-done'; result: ExploreResult; link: string | null }
  | { kind: 'error'; message: string };
