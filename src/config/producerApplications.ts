import type { ProducerConfigInput, ScenarioConfig, ConfigIssue } from './types.ts';
import type {
  ConsumerGroup,
  ConsumerGroupDocument,
  ProducerApplication,
  ProducerApplicationDocument,
  TopicDocument,
} from '../scenarios/types.ts';
import { validateConsumerGroups } from './consumerGroups.ts';
import type { ConsumerConfigInput } from './types.ts';
import { brokerId, isTakenNodeId } from '../scenarios/nodeIds.ts';
import { validateProducer } from './validate.ts';

/**
 * The version-2 parts of a scenario's configuration: each producer application's settings (its own
 * over the scenario's `config.producer`), and the topic's partitions and replicas. The document's shape
 * is checked before (share/scenarioDocument.ts); the rules here are Kafka's and this simulator's.
 */

export const MAX_PRODUCERS = 4;
export const MAX_PARTITIONS = 6;

export type ApplicationsResult =
  { ok: true; producers: ProducerApplication[] } | { ok: false; issues: ConfigIssue[] };

export function validateProducerApplications(
  defaults: ProducerConfigInput | undefined,
  apps: readonly ProducerApplicationDocument[],
): ApplicationsResult {
  const issues: ConfigIssue[] = [];
  const ids = new Set<string>();
  const records = new Map<string, string>();
  const producers = apps.map((app, i): ProducerApplication => {
    const at = `producers[${i}]`;
    if (isTakenNodeId(app.id))
      issues.push({
        key: `${at}.id`,
        message: `${at}.id "${app.id}" is the name of another lifeline; choose another.`,
      });
    else if (ids.has(app.id))
      issues.push({
        key: `${at}.id`,
        message: `${at}.id "${app.id}" is used twice; producer ids must be unique.`,
      });
    ids.add(app.id);
    for (const [j, r] of app.workload.records.entries()) {
      const id = typeof r === 'string' ? r : r.id;
      const owner = records.get(id);
      if (owner !== undefined)
        issues.push({
          key: `${at}.workload.records[${j}]`,
          message: `${at}.workload.records[${j}] repeats "${id}", already sent by ${owner}; record ids must be unique across producers.`,
        });
      records.set(id, app.id);
    }
    const configInput = { ...defaults, ...app.config };
    const own = validateProducer(configInput, `${at}.config`);
    // Kafka's wording, after the application it concerns: several share one scenario.
    issues.push(...own.issues.map((i) => ({ key: i.key, message: `${at} (${app.id}): ${i.message}` })));
    return {
      id: app.id,
      label: app.label ?? app.id,
      configInput,
      config: own.config,
      records: app.workload.records.map((r) => (typeof r === 'string' ? { id: r } : r)),
      ...(app.workload.transactionSize === undefined
        ? {}
        : { transactionSize: app.workload.transactionSize }),
      document: app,
    };
  });
  // The transaction coordinator keeps one transactional.id's state (txnCoordinator.ts).
  const transactional = producers.filter((p) => p.config.transactionalId !== null);
  if (transactional.length > 1)
    issues.push({
      key: 'producers',
      message: `${transactional.map((p) => p.id).join(' and ')} are both transactional; this playground simulates one transactional producer application per scenario so far.`,
    });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, producers };
}

/**
 * Per partition, its replicas, the preferred leader first: the document's, or Kafka's default
 * assignment — leaders round-robin over the brokers, each partition's followers the brokers after its
 * leader (AdminUtils.assignReplicasToBrokers, without its random starting broker, so runs repeat).
 */
export function replicaAssignment(topic: TopicDocument, replicationFactor: number): string[][] {
  const brokers = Array.from({ length: replicationFactor }, (_, i) => brokerId(i + 1));
  return Array.from(
    { length: topic.partitions ?? 1 },
    (_, p) => topic.replicas?.[p] ?? brokers.map((_, k) => brokers[(p + k) % brokers.length] as string),
  );
}

export function validateTopics(topics: readonly TopicDocument[], config: ScenarioConfig): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  if (topics.length !== 1)
    issues.push({
      key: 'topics',
      message: `topics lists ${topics.length} topics; a produce–consume scenario has one.`,
    });
  const rf = config.broker.replicationFactor;
  const brokers = Array.from({ length: rf }, (_, i) => brokerId(i + 1));
  topics.forEach((topic, t) => {
    const at = `topics[${t}]`;
    const partitions = topic.partitions ?? 1;
    // Each partition of a larger topic has its own consumer here; the worker thread serves a single one.
    if (partitions > 1 && config.consumer.processing === 'worker-thread')
      issues.push({
        key: 'consumer.processing',
        message: `consumer.processing "worker-thread" runs on a one-partition topic in this playground so far; ${at} has ${partitions} partitions.`,
      });
    if (topic.replicas === undefined) return;
    if (topic.replicas.length !== partitions)
      issues.push({
        key: `${at}.replicas`,
        message: `${at}.replicas lists ${topic.replicas.length} partitions; the topic has ${partitions}.`,
      });
    topic.replicas.forEach((list, p) => {
      const where = `${at}.replicas[${p}]`;
      const unknown = list.filter((b) => !brokers.includes(b));
      if (unknown.length > 0)
        issues.push({
          key: where,
          message: `${where} names ${unknown.join(', ')}; the brokers are ${brokers.join(', ')} (replication.factor=${rf}).`,
        });
      else if (new Set(list).size !== rf || list.length !== rf)
        issues.push({
          key: where,
          message: `${where} must list each of the ${rf} brokers once (replication.factor=${rf}), the preferred leader first.`,
        });
    });
  });
  return issues;
}

/**
 * A record pinned to a partition the topic does not have: KafkaProducer.send() waits for metadata that
 * will never list it and throws after max.block.ms (60 s by default).
 */
function pinnedOutside(
  apps: readonly ProducerApplicationDocument[],
  topic: TopicDocument | undefined,
): ConfigIssue[] {
  const partitions = topic?.partitions ?? 1;
  return apps.flatMap((app, i) =>
    app.workload.records.flatMap((r, j) => {
      if (typeof r === 'string' || r.partition === undefined || r.partition < partitions) return [];
      const at = `producers[${i}].workload.records[${j}].partition`;
      return [
        {
          key: at,
          message: `${at} is ${r.partition}, but the topic has ${partitions === 1 ? 'one partition, 0' : `partitions 0 to ${partitions - 1}`}: send() would throw TimeoutException "Partition ${r.partition} of topic ${topic?.name ?? 'orders'} with partition count ${partitions} is not present in metadata after 60000 ms."`,
        },
      ];
    }),
  );
}

export type TopologyResult =
  | { ok: true; producers?: ProducerApplication[]; topics?: TopicDocument[]; groups?: ConsumerGroup[] }
  | { ok: false; issues: ConfigIssue[] };

/** A document's `topics` and `producers`, checked against its pipeline and validated config. */
export function validateTopology(
  doc: {
    pipeline: string;
    config: { producer?: ProducerConfigInput; consumer?: ConsumerConfigInput };
    topics?: TopicDocument[];
    producers?: ProducerApplicationDocument[];
    groups?: ConsumerGroupDocument[];
    workload?: unknown;
  },
  config: ScenarioConfig,
): TopologyResult {
  if (doc.topics === undefined && doc.producers === undefined && doc.groups === undefined)
    return { ok: true };
  if (doc.groups && doc.pipeline !== 'produce-consume') return processorGroups(doc);
  if (doc.topics === undefined && doc.producers === undefined) return withGroups({ ok: true }, doc);
  if (doc.pipeline !== 'produce-consume')
    return {
      ok: false,
      issues: [
        {
          key: doc.producers ? 'producers' : 'topics',
          message: `${doc.producers ? 'producers' : 'topics'} belongs to a produce-consume scenario; a consume-transform-produce one has its own topics and processor.`,
        },
      ],
    };
  const issues = doc.topics ? validateTopics(doc.topics, config) : [];
  issues.push(...pinnedOutside(doc.producers ?? [], doc.topics?.[0]));
  const apps = doc.producers ? validateProducerApplications(doc.config.producer, doc.producers) : undefined;
  if (apps && !apps.ok) issues.push(...apps.issues);
  if (issues.length > 0 || (apps && !apps.ok)) return { ok: false, issues };
  return withGroups(
    {
      ok: true,
      ...(apps?.ok ? { producers: apps.producers } : {}),
      ...(doc.topics ? { topics: doc.topics } : {}),
    },
    doc,
  );
}

/** The document's consumer groups added to a valid topology (their member ids checked against its lifelines). */
function withGroups(
  topology: Extract<TopologyResult, { ok: true }>,
  doc: { config: { consumer?: ConsumerConfigInput }; groups?: ConsumerGroupDocument[] },
): TopologyResult {
  if (!doc.groups) return topology;
  // A group reads every partition of the topic (the range assignor shares them); a worker thread
  // serves a consumer alone.
  const refused =
    doc.config.consumer?.processing === 'worker-thread'
      ? ['groups and consumer.processing "worker-thread" do not go together in this playground yet.']
      : [];
  if (refused.length > 0)
    return { ok: false, issues: refused.map((message) => ({ key: 'groups', message })) };
  const taken = new Set((topology.producers ?? []).map((p) => p.id));
  const groups = validateConsumerGroups(doc.config.consumer, doc.groups, taken);
  return groups.ok ? { ...topology, groups: groups.groups } : groups;
}

/**
 * `groups` in a consume–transform–produce scenario: its members are the processor's instances, each a
 * group member with its own producer (its transactional.id is the member's id). The combinations the
 * model does not run are refused in words.
 */
function processorGroups(doc: {
  config: { consumer?: ConsumerConfigInput };
  topics?: unknown;
  producers?: unknown;
  groups?: ConsumerGroupDocument[];
  workload?: unknown;
}): TopologyResult {
  const secondInstance =
    typeof doc.workload === 'object' &&
    doc.workload !== null &&
    (doc.workload as { secondInstance?: unknown }).secondInstance === true;
  const refused = [
    ...(['topics', 'producers'] as const)
      .filter((key) => doc[key] !== undefined)
      .map(
        (key) =>
          `${key} belongs to a produce-consume scenario; a consume-transform-produce one has its own topics and processor.`,
      ),
    ...(secondInstance
      ? [
          'groups and workload.secondInstance do not go together: with groups each processor instance is a member with its own transactional.id.',
        ]
      : []),
    ...(doc.config.consumer?.processing === 'worker-thread'
      ? ['groups and consumer.processing "worker-thread" do not go together in this playground yet.']
      : []),
    ...(doc.groups ?? []).flatMap((g, i) =>
      g.members.some((m) => (m.processingMs ?? 0) > 0)
        ? [
            `groups[${i}]: a processor instance's processingMs is not modelled (its process() sends at once); stall it past max.poll.interval.ms instead.`,
          ]
        : [],
    ),
  ];
  if (refused.length > 0)
    return { ok: false, issues: refused.map((message) => ({ key: 'groups', message })) };
  const groups = validateConsumerGroups(doc.config.consumer, doc.groups ?? [], new Set());
  return groups.ok ? { ok: true, groups: groups.groups } : groups;
}
