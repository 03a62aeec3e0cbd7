import type { ScenarioDocument, Semantics } from '../../src/index.ts';
import type {
  ExploreProgress,
  ExploreShare,
  FaultModel,
  Guarantee,
  LabConfig,
  ShareResult,
  ShareSpec,
} from '../../src/analysis.ts';

/**
 * What the page and the lab's workers say to each other. Scenarios travel as documents (plain data a
 * worker can receive); each side parses its own. A share is share `index` of `count` of the runs of
 * every semantics, split by first fault (src/lab/shares.ts): run i draws from (seed, i) alone, so every
 * worker works out the same split and the page merges the shares back in run order. An explorer search
 * is split too: every worker explores the levels below the last alike, and its own part of the last
 * (src/lab/explore.ts); the page merges what they met.
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
  share: ShareSpec;
}

export type WorkerRequest = LabShareRequest | ExploreRequest;

export type WorkerReply =
  | { kind: 'lab-progress'; done: number }
  | { kind: 'lab-done'; shares: Partial<Record<LabConfig, ShareResult>> }
  | ({ kind: 'explore-progress' } & ExploreProgress)
  /** A share's search, and the link to its counterexample (if it found one). */
  | { kind: 'explore-done'; share: ExploreShare; link: string | null }
  | { kind: 'error'; message: string };
