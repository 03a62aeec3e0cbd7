import { seededUnit } from '../machines/producer/backoff.ts';
import type { AnyStateMachine } from 'xstate';
import type { KafkaMessageName, NodeId, PartitionId, RecordId } from '../kafka/protocol.ts';
import { brokerMachine } from '../machines/broker/broker.ts';
import { consumerMachine } from '../machines/consumer.ts';
import { groupCoordinatorMachine } from '../machines/groupCoordinator.ts';
import { producerMachine } from '../machines/producer/producer.ts';
import { txnCoordinatorMachine } from '../machines/txnCoordinator.ts';
import type { ProducerConfig } from '../config/types.ts';
import { replicaAssignment } from '../config/producerApplications.ts';
import { NODE, brokerId } from '../scenarios/nodeIds.ts';
import type { Scenario } from '../scenarios/types.ts';
import type { Participant } from './types.ts';

/**
 * Which components a scenario runs, on which lifelines. A lifeline (node) can host several machines:
 * the consume–transform–produce processor is one process with a consumer and a producer inside.
 */

export type PartKind = 'producer' | 'consumer' | 'broker' | 'txnCoordinator' | 'groupCoordinator';

export const MACHINES: Record<PartKind, AnyStateMachine> = {
  producer: producerMachine,
  consumer: consumerMachine,
  broker: brokerMachine,
  txnCoordinator: txnCoordinatorMachine,
  groupCoordinator: groupCoordinatorMachine,
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
}

export interface Topology {
  nodes: NodeSpec[];
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
  /** The members of the scenario's consumer group, when it has one (the reader is the first). */
  members: NodeId[];
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

export function routeFor(name: KafkaMessageName, parts: PartKind[]): PartKind | undefined {
  return (ROUTES[name] ?? []).find((k) => parts.includes(k));
}

/**
 * The run's seed, for what Kafka leaves to chance (the retry back-off's jitter): taken from the
 * scenario's id, so that a run is its scenario plus its choices and nothing else.
 */
export const runSeed = (s: Scenario): number => Math.floor(seededUnit(0, s.id) * 2 ** 32);

/** The producer applications: a version-2 scenario's own, or version 1's one (with its second instance). */
function producerApplications(s: Scenario): Application[] {
  if (s.pipeline === 'consume-transform-produce') return [];
  if (s.producers)
    return s.producers.map((p) => ({
      id: p.id,
      label: p.label,
      config: p.config,
      records: p.records.map((r) => r.id),
      ...(p.transactionSize === undefined ? {} : { transactionSize: p.transactionSize }),
      instances: [p.id],
    }));
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
  const [source, output] = partitions.map((p) => p.partition) as [PartitionId, PartitionId | undefined];
  const nodes: NodeSpec[] = [];
  const seed = runSeed(s);
  const producerInput = (id: NodeId, producerConfig: ProducerConfig, partition: PartitionId) => ({
    id,
    config: producerConfig,
    partition,
    seed,
    transactionVersion: config.broker.transactionVersion,
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
  if (pipelineB) {
    applications.push({
      id: NODE.processor,
      label: 'Processor',
      config: config.producer,
      records: workload.records,
      ...(workload.transactionSize === undefined ? {} : { transactionSize: workload.transactionSize }),
      instances: [NODE.processor],
    });
    nodes.push({
      participant: { id: NODE.processor, label: 'Processor', role: 'consumer' },
      parts: [
        {
          kind: 'consumer',
          input: {
            id: NODE.processor,
            config: config.consumer,
            partition: source,
            role: 'processor',
            effect,
          },
        },
        { kind: 'producer', input: producerInput(NODE.processor, config.producer, output as PartitionId) },
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
  // Idempotent producers get their producer id from it too; its transaction.timeout.ms is the
  // transactional application's (a scenario has at most one).
  const transactional = applications.find((a) => a.config.transactionalId !== null);
  if (applications.some((a) => a.config.idempotence)) {
    nodes.push({
      participant: { id: NODE.txnCoordinator, label: 'Transaction Coordinator', role: 'txn-coordinator' },
      parts: [
        {
          kind: 'txnCoordinator',
          input: {
            transactionTimeoutMs: (transactional?.config ?? config.producer).transactionTimeoutMs,
            transactionVersion: config.broker.transactionVersion,
          },
        },
      ],
    });
  }
  if (consumes) {
    nodes.push({
      participant: { id: NODE.groupCoordinator, label: 'Group Coordinator', role: 'group-coordinator' },
      parts: [{ kind: 'groupCoordinator', input: undefined }],
    });
  }
  const members = s.groups?.flatMap((g) => g.members) ?? [];
  for (const m of members)
    nodes.push({
      participant: { id: m.id, label: m.label, role: 'consumer' },
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
          },
        },
      ],
    });
  if (!pipelineB && consumes && members.length === 0) {
    nodes.push({
      participant: { id: NODE.consumer, label: 'Consumer', role: 'consumer' },
      parts: [
        {
          kind: 'consumer',
          input: { id: NODE.consumer, config: config.consumer, partition: source, role: 'consumer', effect },
        },
      ],
    });
  }
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
    applications,
    applicationOf: Object.fromEntries(applications.flatMap((a) => a.instances.map((id) => [id, a]))),
    partitions,
    sourcePartition: source,
    outputPartition: output ?? null,
    reader: pipelineB ? NODE.downstream : members[0] ? members[0].id : consumes ? NODE.consumer : null,
    members: members.map((m) => m.id),
  };
}
