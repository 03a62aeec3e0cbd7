import { seededUnit } from '../machines/producer/backoff.ts';
import type { AnyStateMachine } from 'xstate';
import type { KafkaMessageName, NodeId, PartitionId } from '../kafka/protocol.ts';
import { brokerMachine } from '../machines/broker/broker.ts';
import { consumerMachine } from '../machines/consumer.ts';
import { groupCoordinatorMachine } from '../machines/groupCoordinator.ts';
import { producerMachine } from '../machines/producer/producer.ts';
import { txnCoordinatorMachine } from '../machines/txnCoordinator.ts';
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

export interface Topology {
  nodes: NodeSpec[];
  partitions: { partition: PartitionId; replicas: NodeId[]; leader: NodeId }[];
  /** The partition whose records the ledger follows, and the one the final reader reads. */
  sourcePartition: PartitionId;
  outputPartition: PartitionId | null;
  /** The node whose reads decide the verdict. */
  reader: NodeId | null;
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
};

export function routeFor(name: KafkaMessageName, parts: PartKind[]): PartKind | undefined {
  return (ROUTES[name] ?? []).find((k) => parts.includes(k));
}

/**
 * The run's seed, for what Kafka leaves to chance (the retry back-off's jitter): taken from the
 * scenario's id, so that a run is its scenario plus its choices and nothing else.
 */
export const runSeed = (s: Scenario): number => Math.floor(seededUnit(0, s.id) * 2 ** 32);

export function buildTopology(s: Scenario): Topology {
  const { config, workload } = s;
  const rf = config.broker.replicationFactor;
  const brokers = Array.from({ length: rf }, (_, i) => `broker-${i + 1}`);
  const effect = workload.effect ?? 'charge card';
  const pipelineB = s.pipeline === 'consume-transform-produce';
  const partitions = (pipelineB ? ['input-0', 'output-0'] : ['orders-0']).map((partition) => ({
    partition,
    replicas: brokers,
    leader: 'broker-1',
  }));
  const nodes: NodeSpec[] = [];
  const seed = runSeed(s);
  const producerInput = (id: NodeId, partition: PartitionId) => ({
    id,
    config: config.producer,
    partition,
    seed,
    transactionVersion: config.broker.transactionVersion,
  });
  const consumes = pipelineB || workload.consume !== false;

  if (!pipelineB) {
    nodes.push({
      participant: { id: 'producer', label: 'Producer', role: 'producer' },
      parts: [{ kind: 'producer', input: producerInput('producer', 'orders-0') }],
    });
    if (workload.secondInstance) {
      nodes.push({
        participant: { id: 'producer-2', label: 'Producer (2nd instance)', role: 'producer' },
        parts: [{ kind: 'producer', input: producerInput('producer-2', 'orders-0') }],
      });
    }
  } else {
    nodes.push({
      participant: { id: 'processor', label: 'Processor', role: 'consumer' },
      parts: [
        {
          kind: 'consumer',
          input: {
            id: 'processor',
            config: config.consumer,
            partition: 'input-0',
            role: 'processor',
            effect,
          },
        },
        { kind: 'producer', input: producerInput('processor', 'output-0') },
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
            ...(pipelineB ? { seed: { 'input-0': workload.records.map((r) => ({ id: r })) } } : {}),
          },
        },
      ],
    });
  }
  if (config.producer.idempotence) {
    nodes.push({
      participant: { id: 'txn-coordinator', label: 'Transaction Coordinator', role: 'txn-coordinator' },
      parts: [
        {
          kind: 'txnCoordinator',
          input: {
            transactionTimeoutMs: config.producer.transactionTimeoutMs,
            transactionVersion: config.broker.transactionVersion,
          },
        },
      ],
    });
  }
  if (consumes) {
    nodes.push({
      participant: { id: 'group-coordinator', label: 'Group Coordinator', role: 'group-coordinator' },
      parts: [{ kind: 'groupCoordinator', input: undefined }],
    });
  }
  if (!pipelineB && consumes) {
    nodes.push({
      participant: { id: 'consumer', label: 'Consumer', role: 'consumer' },
      parts: [
        {
          kind: 'consumer',
          input: { id: 'consumer', config: config.consumer, partition: 'orders-0', role: 'consumer', effect },
        },
      ],
    });
  }
  if (pipelineB) {
    nodes.push({
      participant: {
        id: 'downstream',
        label: `Downstream (${config.downstreamIsolation})`,
        role: 'consumer',
      },
      parts: [
        {
          kind: 'consumer',
          input: {
            id: 'downstream',
            config: {
              ...config.consumer,
              groupId: 'downstream',
              isolationLevel: config.downstreamIsolation,
              autoCommit: false,
              commit: 'after-processing',
              autoOffsetReset: 'earliest',
            },
            partition: 'output-0',
            role: 'downstream',
            effect: null,
          },
        },
      ],
    });
  }
  if (consumes)
    nodes.push({ participant: { id: 'sink', label: `Sink (${effect})`, role: 'sink' }, parts: [] });
  return {
    nodes,
    partitions,
    sourcePartition: pipelineB ? 'input-0' : 'orders-0',
    outputPartition: pipelineB ? 'output-0' : null,
    reader: pipelineB ? 'downstream' : consumes ? 'consumer' : null,
  };
}
