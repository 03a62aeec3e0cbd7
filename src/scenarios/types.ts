import type {
  ConsumerConfig,
  ConsumerConfigInput,
  ProducerConfig,
  ProducerConfigInput,
  ScenarioConfig,
  ScenarioConfigInput,
} from '../config/types.ts';
import type { Schedule } from '../lab/faults.ts';
import type { MemberSettings } from '../machines/consumer.ts';

export const SCENARIO_FORMAT = 'kafka-semantics-playground/scenario';
/** Version 2 added `topics` and `producers`; a version-1 document is a version-2 one without them. */
export const SCENARIO_VERSION = 2;

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

/** A record a producer application sends: its id, and the key the default partitioner places it by. */
export interface KeyedRecord {
  id: string;
  key?: string;
  /** The partition the application names in its ProducerRecord (the partitioner is not asked). */
  partition?: number;
}

/** One producer application of a version-2 document: its own config over `config.producer`, its own records. */
export interface ProducerApplicationDocument {
  /** Its lifeline's id, e.g. "payments": lower-case letters, digits and "-". */
  id: string;
  /** How the diagram names it. Default: the id. */
  label?: string;
  /** Producer settings overriding the scenario's `config.producer` for this application only. */
  config?: ProducerConfigInput;
  workload: {
    /** In the order the application sends them; a plain string is a record without a key. */
    records: (string | KeyedRecord)[];
    /** Transactional applications: records per transaction. Default: all in one. */
    transactionSize?: number;
  };
}

/** The group-membership settings a member's `config` may hold beside the consumer's (Kafka's names). */
export interface MemberConfigInput {
  'session.timeout.ms'?: number;
  'max.poll.interval.ms'?: number;
  'heartbeat.interval.ms'?: number;
  /** Assignor class names, the first one the group uses: only RangeAssignor (the default's first) is modelled. */
  'partition.assignment.strategy'?: string;
}

/** One member of a consumer group: its own lifeline, settings and processing time. */
export interface GroupMemberDocument {
  /** Its lifeline's id, e.g. "consumer-a": lower-case letters, digits and "-". */
  id: string;
  /** How the diagram names it. Default: the id. */
  label?: string;
  /** Consumer settings over the scenario's `config.consumer`, and its group-membership settings. */
  config?: ConsumerConfigInput & MemberConfigInput;
  /** Not a Kafka config: how long process() takes per record (a slow external call), in ms. Default 0. */
  processingMs?: number;
}

/** A consumer group of a version-2 document (produce–consume): 1–4 members, classic protocol. */
export interface ConsumerGroupDocument {
  /** The group.id. */
  id: string;
  members: GroupMemberDocument[];
}

export interface GroupMember {
  id: string;
  label: string;
  config: ConsumerConfig;
  settings: MemberSettings;
}

/** A validated consumer group: each member's config with Kafka's defaults applied. */
export interface ConsumerGroup {
  id: string;
  members: GroupMember[];
  /** As the document wrote it, so that a link or a file can carry the group again. */
  document: ConsumerGroupDocument;
}

/** A validated producer application, its config with Kafka's defaults applied. */
export interface ProducerApplication {
  id: string;
  label: string;
  configInput: ProducerConfigInput;
  config: ProducerConfig;
  records: KeyedRecord[];
  transactionSize?: number;
  /** As the document wrote it, so that a link or a file can carry the application again. */
  document: ProducerApplicationDocument;
}

/**
 * A topic of a version-2 document. `replicas` lists, per partition, the brokers holding it, the
 * preferred leader first; by default leaders are spread round-robin over the brokers, as Kafka's
 * replica assignment does.
 */
export interface TopicDocument {
  name: string;
  /** 1–6. Default 1. */
  partitions?: number;
  replicas?: string[][];
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

/** With `producers`, the workload keeps what the consumer side does; the records are the producers'. */
export type SharedWorkload = Pick<Workload, 'consume' | 'effect'>;

/** The versioned JSON document (what files and links hold). */
export interface ScenarioDocument {
  format: typeof SCENARIO_FORMAT;
  /** 1 or 2: this playground reads both and writes 2. */
  version: 1 | typeof SCENARIO_VERSION;
  id: string;
  title: string;
  chapter: Chapter;
  description: string;
  pipeline: Pipeline;
  config: ScenarioConfigInput;
  /** `records`, or (a long workload) `count` with an optional `keyPattern` and no `records`. */
  workload: Workload | WorkloadDocument | SharedWorkload;
  /** Version 2, produce–consume: the topic the producers write and the consumer reads. */
  topics?: TopicDocument[];
  /** Version 2, produce–consume: the producer applications; their records replace `workload.records`. */
  producers?: ProducerApplicationDocument[];
  /** Version 2, produce–consume: consumer groups with members (the classic protocol), instead of the one consumer. */
  groups?: ConsumerGroupDocument[];
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
export function listedWorkload(w: Workload | WorkloadDocument | SharedWorkload): Workload {
  if ('records' in w) return w;
  return 'count' in w ? { ...w, records: countedRecords(w.count, w.keyPattern) } : { ...w, records: [] };
}

/**
 * A validated scenario with Kafka's defaults applied; its workload always lists its records (with
 * `producers`, every application's records in application order).
 */
export interface Scenario extends Omit<
  ScenarioDocument,
  'config' | 'workload' | 'producers' | 'topics' | 'groups'
> {
  workload: Workload;
  configInput: ScenarioConfigInput;
  config: ScenarioConfig;
  topics?: TopicDocument[];
  producers?: ProducerApplication[];
  groups?: ConsumerGroup[];
}

/**
 * The scenario's workload, topics and producers as a document states them: with producers, the records
 * are theirs and the shared workload keeps only what the consumer side does.
 */
export function documentedTopology(
  s: Scenario,
): Pick<ScenarioDocument, 'workload' | 'topics' | 'producers' | 'groups'> {
  const groups = s.groups ? { groups: s.groups.map((g) => g.document) } : {};
  if (!s.producers) return { workload: s.workload, ...(s.topics ? { topics: s.topics } : {}), ...groups };
  const { consume, effect } = s.workload;
  return {
    workload: { ...(consume === undefined ? {} : { consume }), ...(effect === undefined ? {} : { effect }) },
    ...(s.topics ? { topics: s.topics } : {}),
    producers: s.producers.map((p) => p.document),
    ...groups,
  };
}
