import type { ScenarioConfig, ScenarioConfigInput } from '../config/types.ts';
import type { Schedule } from '../lab/faults.ts';

export const SCENARIO_FORMAT = 'kafka-semantics-playground/scenario';
export const SCENARIO_VERSION = 1;

export type Chapter = 'at-most-once' | 'at-least-once' | 'exactly-once' | 'beyond';
export type Pipeline = 'produce-consume' | 'consume-transform-produce';

export interface Workload {
  /**
   * Records the application produces (produce-consume) or finds in the input topic (consume–transform–produce).
   * A document may give `count` instead; the validated scenario always lists them here.
   */
  records: string[];
  /**
   * A long workload (benchmarks, the lab): `count` records named by `keyPattern` with `{n}` replaced by
   * 1…count, instead of listing them. The screen decides how much of such a run it draws.
   */
  count?: number;
  /** The ids of a counted workload, e.g. "order-{n}". Default "m{n}". */
  keyPattern?: string;
  /** Whether a consumer reads the topic (produce-consume). Default true. */
  consume?: boolean;
  /** Transactional producers: records per transaction. Default: all records in one transaction. */
  transactionSize?: number;
  /** A second producer instance with the same transactional.id starts (zombie fencing). Default false. */
  secondInstance?: boolean;
  /** The external effect processing has, e.g. "charge card". Default "charge card". */
  effect?: string;
}

/** A counted workload as a document states it: the validator lists its records. */
export type WorkloadDocument = Omit<Workload, 'records'> & { count: number };

/** A choice the scenario makes for the user, with what to say about it. */
export interface ScriptedChoice {
  /** An action id as `enabledActions` lists it, e.g. "lose:7" or "crash:consumer". */
  action: string;
  narration?: string;
  /** A prompt shown before this choice: what the learner should try. */
  tryThis?: string;
  /** For the presenter, in the speaker view only, while this choice is the next one. */
  notes?: string;
}

/** What the scenario's author says the run shows; asserted in tests. */
export interface ExpectedOutcome {
  /** The run's risk, effects outside Kafka included. */
  risk: 'loss' | 'duplicates' | 'none';
  /** Per record, what the final reader got from Kafka. */
  verdicts?: Record<string, 'lost' | 'once' | 'duplicated'>;
  /** Per record, how many times its effect outside Kafka ran ("charge card"). */
  effects?: Record<string, number>;
}

/**
 * The step that makes a lesson's point, and what to say there. `at` names a step the way scripts do,
 * counting steps: an action id ("crash:consumer") or a verb and a Kafka message name, with `#k` for
 * the k-th such step ("deliver:Produce#2": the second delivery of a Produce request).
 */
export interface Climax {
  at: string;
  /** One sentence, shown on the diagram at that step: the fields that prove the point, unclipped. */
  callout: string;
}

/** The versioned JSON document (what files and links hold). */
export interface ScenarioDocument {
  format: typeof SCENARIO_FORMAT;
  version: typeof SCENARIO_VERSION;
  id: string;
  title: string;
  chapter: Chapter;
  description: string;
  pipeline: Pipeline;
  config: ScenarioConfigInput;
  /** `records`, or (a long workload) `count` with an optional `keyPattern` and no `records`. */
  workload: Workload | WorkloadDocument;
  script?: ScriptedChoice[];
  /**
   * Faults described by what they hit ("lose the 1st ProduceResponse for m1"), instead of a script: they
   * apply to any configuration, each at the first event it matches after the one before (src/lab/faults.ts).
   */
  faults?: Schedule;
  /** For the presenter: shown in the speaker view only, never to the room. */
  notes?: string;
  /** Guided scenarios: the step Next leads to, called out on the diagram. */
  climax?: Climax;
  expected?: ExpectedOutcome;
}

/** The default `keyPattern` of a counted workload. */
export const DEFAULT_KEY_PATTERN = 'm{n}';

/** The record ids of a counted workload: `keyPattern` with `{n}` replaced by 1…count. */
export function countedRecords(count: number, keyPattern = DEFAULT_KEY_PATTERN): string[] {
  return Array.from({ length: count }, (_, i) => keyPattern.replace('{n}', String(i + 1)));
}

/** The workload with its records listed (a counted one's generated), as a validated scenario holds it. */
export function listedWorkload(w: Workload | WorkloadDocument): Workload {
  return 'records' in w ? w : { ...w, records: countedRecords(w.count, w.keyPattern) };
}

/** A validated scenario with Kafka's defaults applied; its workload always lists its records. */
export interface Scenario extends Omit<ScenarioDocument, 'config' | 'workload'> {
  workload: Workload;
  configInput: ScenarioConfigInput;
  config: ScenarioConfig;
}
