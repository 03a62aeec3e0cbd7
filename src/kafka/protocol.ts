/**
 * The Kafka requests and responses the simulated components exchange, named as in Kafka's protocol
 * (org.apache.kafka.common.protocol.ApiKeys) and error codes (org.apache.kafka.common.protocol.Errors).
 * A "batch" here holds one record: the simulator sends each `send()` as its own ProducerBatch.
 */

export type PartitionId = string; // e.g. "orders-0"
export type NodeId = string; // e.g. "producer", "broker-1", "txn-coordinator"
export type RecordId = string; // the application's message id, e.g. "m1"

export type KafkaError =
  | 'NOT_LEADER_OR_FOLLOWER'
  | 'NOT_ENOUGH_REPLICAS'
  | 'NOT_ENOUGH_REPLICAS_AFTER_APPEND'
  | 'REQUEST_TIMED_OUT'
  | 'INVALID_TRANSACTION_TIMEOUT'
  | 'OUT_OF_ORDER_SEQUENCE_NUMBER'
  | 'INVALID_PRODUCER_EPOCH'
  | 'PRODUCER_FENCED'
  | 'CONCURRENT_TRANSACTIONS'
  | 'INVALID_TXN_STATE'
  | 'UNSTABLE_OFFSET_COMMIT'
  | 'COORDINATOR_NOT_AVAILABLE'
  | 'OFFSET_OUT_OF_RANGE'
  | 'ILLEGAL_GENERATION'
  | 'UNKNOWN_MEMBER_ID'
  | 'REBALANCE_IN_PROGRESS';

/** The retriable errors a leader may answer a Produce request with: the fault a user can inject. */
export const RETRIABLE_PRODUCE_ERRORS = [
  'NOT_LEADER_OR_FOLLOWER',
  'NOT_ENOUGH_REPLICAS',
  'REQUEST_TIMED_OUT',
] as const satisfies readonly KafkaError[];
export type RetriableProduceError = (typeof RETRIABLE_PRODUCE_ERRORS)[number];

/** Producer identity for idempotence and transactions (KIP-98). -1 means "none". */
export interface ProducerIdentity {
  producerId: number;
  epoch: number;
}

export interface WireRecord {
  id: RecordId;
  /** For the consume–transform–produce pipeline: the input record this output was made from. */
  source?: RecordId;
}

export interface BatchOnWire extends ProducerIdentity {
  /** Client-side batch id, stable across retries (e.g. "b1"). */
  batchId: string;
  firstSequence: number; // -1 when the producer is not idempotent
  transactional: boolean;
  /** A transactional batch's transactional.id, which a leader needs to ask the coordinator (KIP-890). */
  transactionalId?: string;
  record: WireRecord;
}

/** A Produce request's batch for one partition (ProduceRequestData's PartitionProduceData). */
export interface PartitionBatch {
  partition: PartitionId;
  batch: BatchOnWire;
}

/** A ProduceResponse's answer for one partition (ProduceResponseData's PartitionProduceResponse). */
export interface PartitionProduceResponse {
  partition: PartitionId;
  batchId: string;
  error?: KafkaError;
  baseOffset: number;
  /** Set when the leader recognised the batch as a retry of one it already appended. */
  duplicate?: boolean;
}

/** One entry of a partition log: a data record or a transaction marker (control record). */
export interface LogEntry {
  offset: number;
  leaderEpoch: number;
  kind: 'data' | 'COMMIT' | 'ABORT';
  producerId: number;
  producerEpoch: number;
  sequence: number;
  transactional: boolean;
  record?: WireRecord;
}

export interface AbortedTxn {
  producerId: number;
  firstOffset: number;
  lastOffset: number; // offset of the ABORT marker
}

export type IsolationLevel = 'read_uncommitted' | 'read_committed';

/** Every request and response, as the `name` Kafka gives it plus a typed body. */
export type KafkaMessage =
  | {
      name: 'Produce';
      acks: 0 | 1 | -1;
      /**
       * One batch per partition the receiving broker leads (the Sender drains the accumulator per node:
       * RecordAccumulator.drain, Sender.sendProduceRequests), in the order the producer drained them.
       */
      batches: PartitionBatch[];
      requestId: number;
      /** How long the leader may hold an acks=all request in purgatory: the producer's request.timeout.ms. */
      timeoutMs: number;
    }
  | {
      name: 'ProduceResponse';
      requestId: number;
      /** One answer per partition of the request, in its order: each partition succeeds or fails alone. */
      responses: PartitionProduceResponse[];
    }
  | {
      name: 'Fetch';
      partition: PartitionId;
      fetchOffset: number;
      replicaId?: NodeId; // a follower broker's fetch; absent for a consumer's
      lastFetchedEpoch?: number;
      isolation?: IsolationLevel;
    }
  | {
      name: 'FetchResponse';
      partition: PartitionId;
      fetchOffset: number;
      entries: LogEntry[];
      highWatermark: number;
      lastStableOffset: number;
      abortedTransactions: AbortedTxn[];
      /** Follower fetches: the leader says where the follower's log diverges (KIP-595 style truncation). */
      divergingEndOffset?: number;
      error?: KafkaError;
      forReplica: boolean;
    }
  | { name: 'ListOffsets'; partition: PartitionId; isolation: IsolationLevel }
  | { name: 'ListOffsetsResponse'; partition: PartitionId; offset: number; error?: KafkaError }
  | {
      name: 'InitProducerId';
      transactionalId?: string;
      /** A transactional producer's transaction.timeout.ms, which the coordinator checks. */
      transactionTimeoutMs?: number;
      /** The producer's current id and epoch when it asks for an epoch bump (KIP-360). */
      producerId?: number;
      epoch?: number;
    }
  | { name: 'InitProducerIdResponse'; producerId: number; epoch: number; error?: KafkaError }
  | {
      name: 'AddPartitionsToTxn';
      transactionalId: string;
      producerId: number;
      epoch: number;
      partitions: PartitionId[];
    }
  | {
      name: 'AddPartitionsToTxnResponse';
      partitions: PartitionId[];
      error?: KafkaError;
      /**
       * Whose transaction the answer is about (version 4+ answers a leader per transactional.id, KIP-890):
       * a leader verifying writes of several transactional ids matches each answer to its own.
       */
      transactionalId?: string;
    }
  | { name: 'AddOffsetsToTxn'; transactionalId: string; producerId: number; epoch: number; groupId: string }
  | { name: 'AddOffsetsToTxnResponse'; error?: KafkaError }
  | {
      name: 'TxnOffsetCommit';
      transactionalId: string;
      producerId: number;
      epoch: number;
      groupId: string;
      offsets: Record<PartitionId, number>;
      /** The consumer's group metadata (KIP-447): a zombie of an older generation is fenced. */
      member?: GroupMember;
    }
  | { name: 'TxnOffsetCommitResponse'; error?: KafkaError }
  | { name: 'EndTxn'; transactionalId: string; producerId: number; epoch: number; commit: boolean }
  | {
      name: 'EndTxnResponse';
      commit: boolean;
      /** Transaction version 2 (KIP-890): the epoch the coordinator bumped to at this EndTxn. */
      epoch?: number;
      error?: KafkaError;
    }
  | {
      name: 'WriteTxnMarkers';
      producerId: number;
      epoch: number;
      commit: boolean;
      partitions: PartitionId[];
      /** The group whose pending transactional offsets the marker completes, if any. */
      groupId?: string;
    }
  | { name: 'WriteTxnMarkersResponse'; producerId: number; partitions: PartitionId[]; error?: KafkaError }
  | {
      name: 'OffsetCommit';
      groupId: string;
      offsets: Record<PartitionId, number>;
      /** A group member's commit carries its member id and generation; a standalone commit none. */
      member?: GroupMember;
    }
  | { name: 'OffsetCommitResponse'; offsets: Record<PartitionId, number>; error?: KafkaError }
  | { name: 'OffsetFetch'; groupId: string; partitions: PartitionId[]; requireStable: boolean }
  | { name: 'OffsetFetchResponse'; offsets: Record<PartitionId, number | null>; error?: KafkaError }
  /** The classic group protocol (group.protocol=classic): KafkaConsumer's AbstractCoordinator. */
  | {
      name: 'JoinGroup';
      groupId: string;
      /** Empty on a first join: the coordinator gives the member its id (KIP-394's extra round trip is not drawn). */
      memberId: string;
      sessionTimeoutMs: number;
      /** The member's max.poll.interval.ms: how long the coordinator waits for it to rejoin. */
      rebalanceTimeoutMs: number;
    }
  | {
      name: 'JoinGroupResponse';
      generation: number;
      memberId: string;
      leader: string;
      /** Only the leader gets the members, to compute the assignment with. */
      members: string[];
      error?: KafkaError;
    }
  | {
      name: 'SyncGroup';
      groupId: string;
      generation: number;
      memberId: string;
      /** The leader's assignment; followers send none. */
      assignments?: Record<string, PartitionId[]>;
    }
  | { name: 'SyncGroupResponse'; assignment: PartitionId[]; error?: KafkaError }
  | { name: 'Heartbeat'; groupId: string; generation: number; memberId: string }
  | { name: 'HeartbeatResponse'; error?: KafkaError }
  | { name: 'LeaveGroup'; groupId: string; memberId: string; reason: string }
  | { name: 'LeaveGroupResponse'; error?: KafkaError };

/** Who commits, in a group with members: checked against the group's current generation. */
export interface GroupMember {
  memberId: string;
  generation: number;
}

export type KafkaMessageName = KafkaMessage['name'];

/** Where a component addresses a request: a node, or "whoever leads this partition now". */
export type Address = NodeId | { leaderOf: PartitionId };
