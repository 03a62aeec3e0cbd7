import { isReservedName } from '../share/limits.ts';
import type {
  BrokerConfig,
  ConfigIssue,
  ConsumerConfig,
  ProducerConfig,
  ScenarioConfig,
  ScenarioConfigInput,
} from './types.ts';

/** Kafka ≥ 3.0 producer defaults (ProducerConfig.java). */
export const PRODUCER_DEFAULTS = {
  acks: -1 as const,
  retries: 2147483647,
  maxInFlight: 5,
  requestTimeoutMs: 30000,
  deliveryTimeoutMs: 120000,
  /** 5 since Kafka 4.0 (KIP-1030); 0 before. */
  lingerMs: 5,
  transactionTimeoutMs: 60000,
  retryBackoffMs: 100,
  retryBackoffMaxMs: 1000,
  reconnectBackoffMs: 50,
};

const PRODUCER_KEYS = [
  'acks',
  'enable.idempotence',
  'retries',
  'max.in.flight.requests.per.connection',
  'request.timeout.ms',
  'delivery.timeout.ms',
  'linger.ms',
  'transaction.timeout.ms',
  'transactional.id',
  'retry.backoff.ms',
  'retry.backoff.max.ms',
  'reconnect.backoff.ms',
];
const CONSUMER_KEYS = [
  'group.id',
  'isolation.level',
  'enable.auto.commit',
  'auto.commit.interval.ms',
  'auto.offset.reset',
  'commit',
  'processing',
  'processingMs',
];
const BROKER_KEYS = [
  'replication.factor',
  'min.insync.replicas',
  'unclean.leader.election.enable',
  'replica.lag.time.max.ms',
  'transaction.version',
];

export type ConfigResult = { ok: true; config: ScenarioConfig } | { ok: false; issues: ConfigIssue[] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Collects issues while reading typed values out of an untrusted object. */
class Reader {
  readonly issues: ConfigIssue[] = [];
  constructor(
    private readonly section: string,
    private readonly values: Record<string, unknown>,
    known: readonly string[],
  ) {
    for (const key of Object.keys(values)) {
      if (!known.includes(key)) {
        this.issues.push({
          key: `${section}.${key}`,
          message: `Unknown ${section} config "${key}". Known: ${known.join(', ')}.`,
        });
      }
    }
  }
  has(key: string): boolean {
    return this.values[key] !== undefined;
  }
  private fail(key: string, message: string): void {
    this.issues.push({ key: `${this.section}.${key}`, message });
  }
  int(key: string, fallback: number, min: number, max: number): number {
    const v = this.values[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v)) {
      this.fail(key, `Invalid value ${JSON.stringify(v)} for configuration ${key}: Expected an integer.`);
      return fallback;
    }
    if (v < min || v > max) {
      this.fail(key, `Invalid value ${v} for configuration ${key}: Value must be in [${min}, ${max}].`);
      return fallback;
    }
    return v;
  }
  bool(key: string, fallback: boolean): boolean {
    const v = this.values[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'boolean') {
      this.fail(
        key,
        `Invalid value ${JSON.stringify(v)} for configuration ${key}: Expected value to be true or false.`,
      );
      return fallback;
    }
    return v;
  }
  oneOf<T extends string>(key: string, fallback: T, allowed: readonly T[]): T {
    const v = this.values[key];
    if (v === undefined) return fallback;
    if (typeof v !== 'string' || !allowed.includes(v as T)) {
      this.fail(
        key,
        `Invalid value ${JSON.stringify(v)} for configuration ${key}: String must be one of: ${allowed.join(', ')}.`,
      );
      return fallback;
    }
    return v as T;
  }
  optionalString(key: string): string | null {
    const v = this.values[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string' || v.trim() === '') {
      this.fail(
        key,
        `Invalid value ${JSON.stringify(v)} for configuration ${key}: Expected a non-empty string or null.`,
      );
      return null;
    }
    return v;
  }
  /** Kafka's own rule failing, in ConfigException's wording. */
  reject(key: string, message: string): void {
    this.fail(key, message);
  }
}

/**
 * An id the simulation keys per-id state by (a group's offsets, a transactional id's coordinator entry):
 * "__proto__", "constructor" or "prototype" would name the objects' own machinery, not an entry.
 */
function stateKey(r: Reader, key: string): string | null {
  const v = r.optionalString(key);
  if (v === null || !isReservedName(v)) return v;
  r.reject(
    key,
    `Invalid value ${JSON.stringify(v)} for configuration ${key}: a reserved name in this simulator.`,
  );
  return null;
}

function parseAcks(r: Reader, raw: unknown): 0 | 1 | -1 {
  if (raw === undefined) return PRODUCER_DEFAULTS.acks;
  if (raw === 'all' || raw === '-1' || raw === -1) return -1;
  if (raw === '1' || raw === 1) return 1;
  if (raw === '0' || raw === 0) return 0;
  r.reject(
    'acks',
    `Invalid value ${JSON.stringify(raw)} for configuration acks: String must be one of: all, -1, 0, 1.`,
  );
  return PRODUCER_DEFAULTS.acks;
}

/**
 * ProducerConfig.postProcessAndValidateIdempotenceConfigs, then KafkaProducer.configureDeliveryTimeout
 * (Kafka 4.x). Like the constructor, it stops at the first rule broken: one ConfigException.
 */
export function validateProducer(
  values: Record<string, unknown>,
  section = 'producer',
): {
  config: ProducerConfig;
  issues: ConfigIssue[];
} {
  const r = new Reader(section, values, PRODUCER_KEYS);
  const acks = parseAcks(r, values['acks']);
  const retries = r.int('retries', PRODUCER_DEFAULTS.retries, 0, 2147483647);
  const maxInFlight = r.int(
    'max.in.flight.requests.per.connection',
    PRODUCER_DEFAULTS.maxInFlight,
    1,
    2147483647,
  );
  const requestTimeoutMs = r.int('request.timeout.ms', PRODUCER_DEFAULTS.requestTimeoutMs, 0, 2147483647);
  const lingerMs = r.int('linger.ms', PRODUCER_DEFAULTS.lingerMs, 0, 2147483647);
  const transactionTimeoutMs = r.int(
    'transaction.timeout.ms',
    PRODUCER_DEFAULTS.transactionTimeoutMs,
    1,
    2147483647,
  );
  const transactionalId = stateKey(r, 'transactional.id');
  const retryBackoffMs = r.int('retry.backoff.ms', PRODUCER_DEFAULTS.retryBackoffMs, 0, 2147483647);
  const retryBackoffMaxMs = r.int('retry.backoff.max.ms', PRODUCER_DEFAULTS.retryBackoffMaxMs, 0, 2147483647);
  const reconnectBackoffMs = r.int(
    'reconnect.backoff.ms',
    PRODUCER_DEFAULTS.reconnectBackoffMs,
    0,
    2147483647,
  );
  const explicitIdempotence = r.has('enable.idempotence');
  let idempotence = r.bool('enable.idempotence', true);
  let idempotenceNote: string | undefined;
  let deliveryTimeoutMs = r.int('delivery.timeout.ms', PRODUCER_DEFAULTS.deliveryTimeoutMs, 0, 2147483647);

  /** Kafka's rules in the constructor's order; the first one broken is the ConfigException. */
  const firstConflict = (): [string, string] | undefined => {
    if (idempotence) {
      // A conflict with an explicit enable.idempotence=true throws; with the default, it turns idempotence off.
      const offBecause: string[] = [];
      if (retries === 0) {
        if (explicitIdempotence)
          return ['retries', 'Must set retries to non-zero when using the idempotent producer.'];
        offBecause.push('retries is set to 0');
      }
      if (acks !== -1) {
        if (explicitIdempotence)
          return [
            'acks',
            'Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.',
          ];
        offBecause.push(`acks is set to ${acks}, not 'all'`);
      }
      // Kafka 4.0 (KAFKA-17927): an error even when idempotence was only defaulted on.
      if (maxInFlight > 5)
        return [
          'max.in.flight.requests.per.connection',
          `To use the idempotent producer, max.in.flight.requests.per.connection must be set to at most 5. Current value is ${maxInFlight}.`,
        ];
      if (offBecause.length > 0) {
        idempotence = false;
        idempotenceNote = `enable.idempotence was left at its default, so Kafka switched it off silently: ${offBecause.join(' and ')}.`;
      }
    }
    // Checked after the idempotence rules, which may have turned idempotence off.
    if (transactionalId !== null && !idempotence)
      return ['transactional.id', 'Cannot set a transactional.id without also enabling idempotence.'];
    // delivery.timeout.ms must cover linger.ms and one request: Kafka raises it when left at its default.
    if (deliveryTimeoutMs < lingerMs + requestTimeoutMs) {
      if (r.has('delivery.timeout.ms'))
        return [
          'delivery.timeout.ms',
          'delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms',
        ];
      deliveryTimeoutMs = lingerMs + requestTimeoutMs;
    }
    return undefined;
  };
  const conflict = firstConflict();
  if (conflict) r.reject(...conflict);
  return {
    config: {
      acks,
      idempotence,
      ...(idempotenceNote ? { idempotenceNote } : {}),
      retries,
      maxInFlight,
      requestTimeoutMs,
      deliveryTimeoutMs,
      lingerMs,
      transactionTimeoutMs,
      transactionalId,
      retryBackoffMs,
      retryBackoffMaxMs,
      reconnectBackoffMs,
    },
    issues: r.issues,
  };
}

export function validateConsumer(values: Record<string, unknown>): {
  config: ConsumerConfig;
  issues: ConfigIssue[];
} {
  const r = new Reader('consumer', values, CONSUMER_KEYS);
  const groupId = stateKey(r, 'group.id') ?? 'app-group';
  const config: ConsumerConfig = {
    groupId,
    isolationLevel: r.oneOf('isolation.level', 'read_uncommitted', ['read_uncommitted', 'read_committed']),
    autoCommit: r.bool('enable.auto.commit', true),
    autoCommitIntervalMs: r.int('auto.commit.interval.ms', 5000, 0, 2147483647),
    autoOffsetReset: r.oneOf('auto.offset.reset', 'latest', ['earliest', 'latest', 'none']),
    commit: r.oneOf('commit', 'after-processing', ['before-processing', 'after-processing']),
    processing: r.oneOf('processing', 'poll-loop', ['poll-loop', 'worker-thread']),
    processingMs: r.int('processingMs', 100, 1, 3600000),
  };
  return { config, issues: r.issues };
}

function validateBroker(values: Record<string, unknown>): { config: BrokerConfig; issues: ConfigIssue[] } {
  const r = new Reader('broker', values, BROKER_KEYS);
  const replicationFactor = r.int('replication.factor', 3, 1, 3);
  // Above the replica count it is not refused: the leader uses min(min.insync.replicas, replica count)
  // (Partition.effectiveMinIsr, Kafka 3.7+).
  const minInsyncReplicas = r.int('min.insync.replicas', 1, 1, 3);
  return {
    config: {
      replicationFactor,
      minInsyncReplicas,
      uncleanLeaderElection: r.bool('unclean.leader.election.enable', false),
      replicaLagTimeMaxMs: r.int('replica.lag.time.max.ms', 30000, 1, 2147483647),
      // Kafka 4.0 enables transaction version 2 on a new cluster; 0 (and 1) keep the classic protocol.
      transactionVersion: r.int('transaction.version', 2, 0, 2),
    },
    issues: r.issues,
  };
}

const SECTIONS = ['producer', 'consumer', 'broker', 'downstream'];

/** Applies Kafka's defaults and rules to a scenario's config; never throws. */
export function validateConfig(input: unknown): ConfigResult {
  const issues: ConfigIssue[] = [];
  const root: ScenarioConfigInput & Record<string, unknown> = isRecord(input) ? input : {};
  if (input !== undefined && !isRecord(input))
    issues.push({ key: 'config', message: 'config must be an object.' });
  for (const key of Object.keys(root)) {
    if (!SECTIONS.includes(key))
      issues.push({
        key: `config.${key}`,
        message: `Unknown config section "${key}". Known: ${SECTIONS.join(', ')}.`,
      });
  }
  const section = (name: string): Record<string, unknown> => {
    const value = root[name];
    if (value === undefined) return {};
    if (!isRecord(value)) {
      issues.push({ key: name, message: `${name} must be an object of config keys.` });
      return {};
    }
    return value;
  };
  const producer = validateProducer(section('producer'));
  const consumer = validateConsumer(section('consumer'));
  const broker = validateBroker(section('broker'));
  const downstream = new Reader('downstream', section('downstream'), ['isolation.level']);
  const downstreamIsolation = downstream.oneOf('isolation.level', 'read_committed', [
    'read_uncommitted',
    'read_committed',
  ]);
  issues.push(...producer.issues, ...consumer.issues, ...broker.issues, ...downstream.issues);
  if (issues.length > 0) return { ok: false, issues };
  return {
    ok: true,
    config: {
      producer: producer.config,
      consumer: consumer.config,
      broker: broker.config,
      downstreamIsolation,
    },
  };
}
