import { seededUnit } from '../machines/producer/backoff.ts';
import type { AnyStateMachine } from 'xstate';
import type { KafkaMessageName, NodeId, PartitionId, RecordId } from '../kafka/protocol.ts';
import { brokerMachine } from '../machines/broker/broker.ts';
import { consumerMachine } from '../machines/consumer.ts';
import { groupCoordinatorMachine } from '../machines/groupCoordinator.ts';
import { producerMachine } from '../machines/producer/producer.ts';
import { txnCoordinatorMachine } from '../machines/txnCoordinator.ts';
import { workerMachine } from '../machines/worker.ts';
import type { ConsumerConfig, ProducerConfig } from '../config/types.ts';
import type { MemberSettings } from '../machines/consumer.ts';
import { replicaAssignment } from '../config/producerApplications.ts';
import { NODE, brokerId, partitionReaderId } from '../scenarios/nodeIds.ts';
import { placeRecords, type Placement } from '../machines/producer/partitioner.ts';
import type { ProducerApplication, Scenario } from '../scenarios/types.ts';
import type { Participant } from './types.ts';

/**
 * Which components a scenario runs, on which lifelines. A lifeline (node) can host several machines:
 * the consume–transform–produce processor is one process with a consumer and a producer inside.
 */

export type PartKind = 'producer' | 'consumer' | 'broker' | 'txnCoordinator' | 'groupCoordinator' | 'worker';

export const MACHINES: Record<PartKind, AnyStateMachine> = {
  producer: producerMachine,
  consumer: consumerMachine,
  broker: brokerMachine,
  txnCoordinator: txnCoordinatorMachine,
  groupCoordinator: groupCoordinatorMachine,
  worker: workerMachine,
};

export interface PartSpec {
  kind: PartKind;
  input: unknown;
}

export interface NodeSpec {
  participant: Participant;
  parts: PartSpec[];
}

/**
 * An application that calls `send()`: a producer application (one or more instances sharing its
 * progress, as a restarted or zombie instance does) or the consume–transform–produce processor.
 */
export interface Application {
  id: string;
  label: string;
  config: ProducerConfig;
  /** What it sends, in order (the processor: the input records its outputs stand for). */
  records: RecordId[];
  /** Transactional applications: records per transaction. Default: all in one. */
  transactionSize?: number;
  /** Its lifelines; the first one starts it (`initTransactions()` is natural there only). */
  instances: NodeId[];
  /** On a topic with several partitions: where each record goes, and why (the default partitioner's choice). */
  placement?: Record<RecordId, Placement & { id: PartitionId }>;
}

export interface Topology {
  nodes: NodeSpec[];
  /** Each node's place in `nodes`, and in a world's node states. */
  nodeIndex: Record<NodeId, number>;
  /** Every application that sends, the producer applications first, in the scenario's order. */
  applications: Application[];
  /** Which application each sending lifeline runs. */
  applicationOf: Record<NodeId, Application>;
  partitions: { partition: PartitionId; replicas: NodeId[]; leader: NodeId }[];
  /** The partition whose records the ledger follows, and the one the final reader reads. */
  sourcePartition: PartitionId;
  outputPartition: PartitionId | null;
  /** The node whose reads decide the verdict. */
  reader: NodeId | null;
  /** Per process, the worker threads it runs: they crash and restart with it. */
  threadsOf: Record<NodeId, NodeId[]>;
  /** On a topic with several partitions, one reader per partition (`reader` reads the first). */
  partitionReaders?: { partition: PartitionId; reader: NodeId }[];
  /** The members of the scenario's consumer group, when it has one (the reader is the first). */
  members: NodeId[];
  /**
   * With several transactional applications (processor instances in a group): which coordinator
   * lifeline serves each transactional.id. Absent, every transactional request goes to the one.
   */
  txnCoordinatorOf?: Record<string, NodeId>;
}

/** Which machine inside a node a message is for. */
const ROUTES: Partial<Record<KafkaMessageName, PartKind[]>> = {
  Produce: ['broker'],
  Fetch: ['broker'],
  ListOffsets: ['broker'],
  FetchResponse: ['broker', 'consumer'],
  WriteTxnMarkers: ['broker', 'groupCoordinator'],
  InitProducerId: ['txnCoordinator'],
  AddPartitionsToTxn: ['txnCoordinator'],
  AddOffsetsToTxn: ['txnCoordinator'],
  EndTxn: ['txnCoordinator'],
  WriteTxnMarkersResponse: ['txnCoordinator'],
  OffsetCommit: ['groupCoordinator'],
  TxnOffsetCommit: ['groupCoordinator'],
  OffsetFetch: ['groupCoordinator'],
  ProduceResponse: ['producer'],
  InitProducerIdResponse: ['producer'],
  // A leader's own AddPartitionsToTxn (transaction version 2, KIP-890) is answered to the broker.
  AddPartitionsToTxnResponse: ['producer', 'broker'],
  AddOffsetsToTxnResponse: ['producer'],
  TxnOffsetCommitResponse: ['producer'],
  EndTxnResponse: ['producer'],
  OffsetFetchResponse: ['consumer'],
  OffsetCommitResponse: ['consumer'],
  ListOffsetsResponse: ['consumer'],
  JoinGroup: ['groupCoordinator'],
  SyncGroup: ['groupCoordinator'],
  Heartbeat: ['groupCoordinator'],
  LeaveGroup: ['groupCoordinator'],
  JoinGroupResponse: ['consumer'],
  SyncGroupResponse: ['consumer'],
  HeartbeatResponse: ['consumer'],
  LeaveGroupResponse: ['consumer'],
};

/** The machine of a node with these `parts` that reads `name`. Asked on every delivery: no list of the parts is made. */
export function routeFor(
  name: KafkaMessageName,
  parts: Partial<Record<PartKind, unknown>>,
): PartKind | undefined {
  for (const k of ROUTES[name] ?? []) if (parts[k] !== undefined) return k;
  return undefined;
}

/**
 * The run's seed, for what Kafka leaves to chance (the retry back-off's jitter): taken from the
 * scenario's id, so that a run is its scenario plus its choices and nothing else.
 */
export const runSeed = (s: Scenario): number => Math.floor(seededUnit(0, s.id) * 2 ** 32);

/** Each record's partition on a topic with several (`topic-p`), as the application's partitioner places it. */
function placementOf(topic: string, partitions: number) {
  return (app: ProducerApplication): Application['placement'] => {
    const placed = placeRecords(app.records, partitions);
    return Object.fromEntries(
      app.records.map((r, i) => {
        const p = placed[i] as Placement;
        return [r.id, { ...p, id: `${topic}-${p.partition}` }];
      }),
    );
  };
}

/** The producer applications: a version-2 scenario's own, or version 1's one (with its second instance). */
function producerApplications(s: Scenario): Application[] {
  if (s.pipeline === 'consume-transform-produce') return [];
  const topic = s.topics?.[0];
  const partitions = topic?.partitions ?? 1;
  if (s.producers) {
    const place = partitions > 1 && topic ? placementOf(topic.name, partitions) : undefined;
    return s.producers.map((p) => ({
      id: p.id,
      label: p.label,
      config: p.config,
      records: p.records.map((r) => r.id),
      ...(p.transactionSize === undefined ? {} : { transactionSize: p.transactionSize }),
      instances: [p.id],
      ...(place ? { placement: place(p) } : {}),
    }));
  }
  const { workload } = s;
  return [
    {
      id: NODE.producer,
      label: 'Producer',
      config: s.config.producer,
      records: workload.records,
      ...(workload.transactionSize === undefined ? {} : { transactionSize: workload.transactionSize }),
      instances: workload.secondInstance ? [NODE.producer, NODE.secondInstance] : [NODE.producer],
    },
  ];
}

/** The lifeline's label: a second instance says which it is. */
const instanceLabel = (app: Application, i: number) => (i === 0 ? app.label : `${app.label} (2nd instance)`);

/** The topic's partitions with their replicas, the preferred leader first, leading at the start. */
function topicPartitions(s: Scenario): Topology['partitions'] {
  const rf = s.config.broker.replicationFactor;
  if (s.pipeline === 'consume-transform-produce')
    return ['input-0', 'output-0'].map((partition) => {
      const [replicas = []] = replicaAssignment({ name: partition }, rf);
      return { partition, replicas, leader: replicas[0] as NodeId };
    });
  const topic = s.topics?.[0] ?? { name: 'orders' };
  return replicaAssignment(topic, rf).map((replicas, p) => ({
    partition: `${topic.name}-${p}`,
    replicas,
    leader: replicas[0] as NodeId,
  }));
}

export function buildTopology(s: Scenario): Topology {
  const { config, workload } = s;
  const rf = config.broker.replicationFactor;
  const brokers = Array.from({ length: rf }, (_, i) => brokerId(i + 1));
  const effect = workload.effect ?? 'charge card';
  const pipelineB = s.pipeline === 'consume-transform-produce';
  const partitions = topicPartitions(s);
  const source = partitions[0]?.partition as PartitionId;
  // Only the consume–transform–produce pipeline has an output topic; a produce–consume topic's second
  // partition is not one.
  const output = pipelineB ? partitions[1]?.partition : undefined;
  const nodes: NodeSpec[] = [];
  const seed = runSeed(s);
  const producerInput = (id: NodeId, producerConfig: ProducerConfig, partition: PartitionId) => ({
    id,
    config: producerConfig,
    partition,
    seed,
    transactionVersion: config.broker.transactionVersion,
    leaders: Object.fromEntries(partitions.map((p) => [p.partition, p.leader])),
  });
  const consumes = pipelineB || workload.consume !== false;
  const applications = producerApplications(s);

  for (const app of applications)
    app.instances.forEach((id, i) =>
      nodes.push({
        participant: { id, label: instanceLabel(app, i), role: 'producer' },
        parts: [{ kind: 'producer', input: producerInput(id, app.config, source) }],
      }),
    );
  if (pipelineB)
    for (const p of processorInstances(s)) {
      const producerConfig = { ...config.producer, transactionalId: p.transactionalId };
      applications.push({
        id: p.id,
        label: p.label,
        config: producerConfig,
        records: workload.records,
        ...(workload.transactionSize === undefined ? {} : { transactionSize: workload.transactionSize }),
        instances: [p.id],
      });
      nodes.push({
        participant: { id: p.id, label: p.label, role: 'consumer', ...(p.group ? { group: p.group } : {}) },
        parts: [
          {
            kind: 'consumer',
            input: {
              id: p.id,
              config: p.config,
              partition: source,
              // Without a transactional.id the processor commits its input offsets with commitSync(), as
              // any consumer does; only a transactional one commits them in its transaction.
              role: p.transactionalId === null ? 'consumer' : 'processor',
              effect,
              ...(p.member ? { member: p.member } : {}),
            },
          },
          { kind: 'producer', input: producerInput(p.id, producerConfig, output as PartitionId) },
        ],
      });
    }
  for (const id of brokers) {
    nodes.push({
      participant: {
        id,
        label: `Broker ${id.slice(7)}`,
        role: 'broker',
        leads: partitions.filter((p) => p.leader === id).map((p) => p.partition),
      },
      parts: [
        {
          kind: 'broker',
          input: {
            id,
            partitions,
            minInsyncReplicas: config.broker.minInsyncReplicas,
            transactionVersion: config.broker.transactionVersion,
            ...(pipelineB ? { seed: { [source]: workload.records.map((r) => ({ id: r })) } } : {}),
          },
        },
      ],
    });
  }
  // Idempotent producers get their producer id from the first one too; its transaction.timeout.ms is the
  // transactional application's. Each further transactional.id has a coordinator of its own.
  const coordinators = transactionCoordinators(applications);
  const coordinatorNode = (c: (typeof coordinators)[number]): NodeSpec => ({
    participant: {
      id: c.node,
      label: c.label,
      role: 'txn-coordinator',
      // One coordinator among several: the diagram names its lane by the transactional.id it serves.
      ...(coordinators.length > 1 && c.application?.config.transactionalId
        ? { serves: c.application.config.transactionalId }
        : {}),
    },
    parts: [
      {
        kind: 'txnCoordinator',
        input: {
          transactionTimeoutMs: (c.application?.config ?? config.producer).transactionTimeoutMs,
          transactionVersion: config.broker.transactionVersion,
          ...(c.firstProducerId === undefined ? {} : { firstProducerId: c.firstProducerId }),
        },
      },
    ],
  });
  const [firstCoordinator, ...moreCoordinators] = coordinators;
  if (firstCoordinator) nodes.push(coordinatorNode(firstCoordinator));
  if (consumes) {
    nodes.push({
      participant: { id: NODE.groupCoordinator, label: 'Group Coordinator', role: 'group-coordinator' },
      parts: [{ kind: 'groupCoordinator', input: undefined }],
    });
  }
  // Further transaction coordinators (processor instances' own) come after the group coordinator, so the
  // group coordinator's answers to the instances stay near their lanes on a narrow screen.
  for (const c of moreCoordinators) nodes.push(coordinatorNode(c));
  const members = s.groups?.flatMap((g) => g.members.map((m) => ({ ...m, group: g.id }))) ?? [];
  // In a consume–transform–produce scenario the members are the processor instances, built above.
  for (const m of pipelineB ? [] : members)
    nodes.push({
      participant: { id: m.id, label: m.label, role: 'consumer', group: m.group },
      parts: [
        {
          kind: 'consumer',
          input: {
            id: m.id,
            config: m.config,
            partition: source,
            role: 'consumer',
            effect,
            member: m.settings,
            // The group subscribes to the topic: its leader assigns all of its partitions.
            subscription: partitions.map((p) => p.partition),
          },
        },
      ],
    });
  // Without a group: one reader per partition on a topic with several, each assigned its partition
  // (assign(), no rebalance), or the one consumer.
  const alone = !pipelineB && consumes && members.length === 0;
  const partitionReaders =
    alone && partitions.length > 1
      ? partitions.map((p, i) => ({ partition: p.partition, reader: partitionReaderId(i) }))
      : undefined;
  // A worker thread serves the one consumer of a one-partition topic (the validator refuses more).
  const worker = alone && !partitionReaders && config.consumer.processing === 'worker-thread';
  for (const { partition, reader } of partitionReaders ??
    (alone ? [{ partition: source, reader: NODE.consumer as NodeId }] : [])) {
    nodes.push({
      participant: {
        id: reader,
        label: partitionReaders ? `Consumer (${partition})` : 'Consumer',
        role: 'consumer',
        ...(partitionReaders ? { group: config.consumer.groupId } : {}),
      },
      parts: [
        {
          kind: 'consumer',
          input: {
            id: reader,
            config: config.consumer,
            partition,
            role: 'consumer',
            effect,
            ...(worker ? { worker: NODE.worker } : {}),
          },
        },
      ],
    });
  }
  if (worker)
    nodes.push({
      participant: { id: NODE.worker, label: 'Worker thread', role: 'worker' },
      parts: [
        {
          kind: 'worker',
          input: {
            id: NODE.worker,
            host: NODE.consumer,
            effect,
            processingMs: config.consumer.processingMs,
          },
        },
      ],
    });
  if (pipelineB) {
    nodes.push({
      participant: {
        id: NODE.downstream,
        label: `Downstream (${config.downstreamIsolation})`,
        role: 'consumer',
      },
      parts: [
        {
          kind: 'consumer',
          input: {
            id: NODE.downstream,
            config: {
              ...config.consumer,
              groupId: NODE.downstream,
              isolationLevel: config.downstreamIsolation,
              autoCommit: false,
              commit: 'after-processing',
              autoOffsetReset: 'earliest',
            },
            partition: output,
            role: 'downstream',
            effect: null,
          },
        },
      ],
    });
  }
  if (consumes)
    nodes.push({ participant: { id: NODE.sink, label: `Sink (${effect})`, role: 'sink' }, parts: [] });
  return {
    nodes,
    nodeIndex: Object.fromEntries(nodes.map((n, i) => [n.participant.id, i])),
    applications,
    applicationOf: Object.fromEntries(applications.flatMap((a) => a.instances.map((id) => [id, a]))),
    partitions,
    sourcePartition: source,
    outputPartition: output ?? null,
    reader: pipelineB ? NODE.downstream : members[0] ? members[0].id : consumes ? NODE.consumer : null,
    members: members.map((m) => m.id),
    threadsOf: worker ? { [NODE.consumer]: [NODE.worker] } : {},
    ...(partitionReaders ? { partitionReaders } : {}),
    ...(coordinators.length > 1
      ? {
          txnCoordinatorOf: Object.fromEntries(
            coordinators.map((c) => [c.application?.config.transactionalId as string, c.node]),
          ),
        }
      : {}),
  };
}

/** A consume–transform–produce instance: the one processor, or a member of the scenario's group. */
interface ProcessorInstance {
  id: NodeId;
  label: string;
  config: ConsumerConfig;
  transactionalId: string | null;
  member?: MemberSettings;
  /** The group it is a member of: its lane groups with the other members'. */
  group?: string;
}

/**
 * The processor, or with `groups` each member as an instance of its own: a consumer in the group and a
 * producer whose transactional.id is the member's id (one per instance, as KIP-447 lets them be).
 */
function processorInstances(s: Scenario): ProcessorInstance[] {
  const transactional = s.config.producer.transactionalId !== null;
  const members = s.groups?.flatMap((g) => g.members.map((m) => ({ ...m, group: g.id }))) ?? [];
  if (members.length === 0)
    return [
      {
        id: NODE.processor,
        label: 'Processor',
        config: s.config.consumer,
        transactionalId: s.config.producer.transactionalId,
      },
    ];
  return members.map((m) => ({
    id: m.id,
    label: m.label,
    config: m.config,
    transactionalId: transactional ? m.id : null,
    member: m.settings,
    group: m.group,
  }));
}

/**
 * The transaction coordinators: one when any application is idempotent, and one more for each further
 * transactional application. Kafka places a transactional.id's coordinator by its hash over
 * __transaction_state's partitions; here each has its own lifeline, handing out producer ids from its
 * own block (as coordinators take disjoint blocks from the controller).
 */
function transactionCoordinators(
  applications: readonly Application[],
): { node: NodeId; label: string; application?: Application; firstProducerId?: number }[] {
  if (!applications.some((a) => a.config.idempotence)) return [];
  const transactional = applications.filter((a) => a.config.transactionalId !== null);
  if (transactional.length <= 1)
    return [{ node: NODE.txnCoordinator, label: 'Transaction Coordinator', application: transactional[0] }];
  return transactional.map((application, i) => ({
    node: i === 0 ? NODE.txnCoordinator : `${NODE.txnCoordinator}-${i + 1}`,
    label: `Transaction Coordinator (${application.config.transactionalId})`,
    application,
    ...(i === 0 ? {} : { firstProducerId: 1000 * (i + 1) }),
  }));
}
