/**
 * Configuration as Kafka names it. Values the user did not set stay absent, because Kafka treats an
 * explicit `enable.idempotence=true` differently from the default (ProducerConfig
 * postProcessAndValidateIdempotenceConfigs).
 */
export interface ProducerConfigInput {
  acks?: 'all' | '-1' | '0' | '1' | 0 | 1 | -1;
  'enable.idempotence'?: boolean;
  retries?: number;
  'max.in.flight.requests.per.connection'?: number;
  'request.timeout.ms'?: number;
  'delivery.timeout.ms'?: number;
  'linger.ms'?: number;
  'transaction.timeout.ms'?: number;
  'transactional.id'?: string | null;
  'retry.backoff.ms'?: number;
  'retry.backoff.max.ms'?: number;
  'reconnect.backoff.ms'?: number;
}

/** The producer configuration after Kafka's defaults and validation. */
export interface ProducerConfig {
  acks: 0 | 1 | -1;
  idempotence: boolean;
  /** Why idempotence ended up off though it defaults to on (shown on screen), if it did. */
  idempotenceNote?: string;
  retries: number;
  maxInFlight: number;
  requestTimeoutMs: number;
  deliveryTimeoutMs: number;
  /** Validated with delivery.timeout.ms; a batch here leaves at once (one record per batch). */
  lingerMs: number;
  transactionTimeoutMs: number;
  transactionalId: string | null;
  /** KIP-580: a retry waits from retryBackoffMs, doubling up to retryBackoffMaxMs, ±20 % jitter. */
  retryBackoffMs: number;
  retryBackoffMaxMs: number;
  /** How long a client waits before it opens a connection again after one was closed. */
  reconnectBackoffMs: number;
}

export type CommitStrategy = 'before-processing' | 'after-processing';

/** Not a Kafka config: whether the poll loop processes records itself or hands them to a worker thread. */
export type ProcessingMode = 'poll-loop' | 'worker-thread';

export interface ConsumerConfigInput {
  'group.id'?: string;
  'isolation.level'?: 'read_uncommitted' | 'read_committed';
  'enable.auto.commit'?: boolean;
  'auto.commit.interval.ms'?: number;
  'auto.offset.reset'?: 'earliest' | 'latest' | 'none';
  /** Not a Kafka config: where the application calls commitSync() in its poll loop. */
  commit?: CommitStrategy;
  /** Not a Kafka config: where records are processed (a worker thread returns poll() at once). */
  processing?: ProcessingMode;
  /** Not a Kafka config: how long the worker thread takes per record. */
  processingMs?: number;
}

export interface ConsumerConfig {
  groupId: string;
  isolationLevel: 'read_uncommitted' | 'read_committed';
  autoCommit: boolean;
  autoCommitIntervalMs: number;
  autoOffsetReset: 'earliest' | 'latest' | 'none';
  commit: CommitStrategy;
  processing: ProcessingMode;
  processingMs: number;
}

export interface BrokerConfigInput {
  'replication.factor'?: number;
  'min.insync.replicas'?: number;
  'unclean.leader.election.enable'?: boolean;
  'replica.lag.time.max.ms'?: number;
  /** The cluster's transaction.version feature: 2 since Kafka 4.0 (KIP-890), 0 the classic protocol. */
  'transaction.version'?: number;
}

export interface BrokerConfig {
  replicationFactor: number;
  minInsyncReplicas: number;
  uncleanLeaderElection: boolean;
  replicaLagTimeMaxMs: number;
  transactionVersion: number;
}

export interface ScenarioConfigInput {
  producer?: ProducerConfigInput;
  consumer?: ConsumerConfigInput;
  broker?: BrokerConfigInput;
  /** Consume–transform–produce only: the downstream reader of the output topic. */
  downstream?: { 'isolation.level'?: 'read_uncommitted' | 'read_committed' };
}

export interface ScenarioConfig {
  producer: ProducerConfig;
  consumer: ConsumerConfig;
  broker: BrokerConfig;
  downstreamIsolation: 'read_uncommitted' | 'read_committed';
}

/** A configuration problem, worded as Kafka words it where Kafka has a rule. */
export interface ConfigIssue {
  /** e.g. "producer.acks" */
  key: string;
  message: string;
}
