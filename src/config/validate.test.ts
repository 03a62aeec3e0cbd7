import { describe, expect, it } from 'vitest';
import type { ProducerConfigInput } from './types.ts';
import { validateConfig } from './validate.ts';

/** Kafka 4.x's producer config rules (ProducerConfig, KafkaProducer.configureDeliveryTimeout). */

const producer = (input: ProducerConfigInput) => {
  const result = validateConfig({ producer: input });
  return result.ok ? { config: result.config.producer } : { issues: result.issues };
};

describe('producer config, as Kafka 4.x validates it', () => {
  it('stops at the first conflict, in the constructor’s order: retries before acks', () => {
    expect(producer({ 'enable.idempotence': true, retries: 0, acks: '1' })).toEqual({
      issues: [
        {
          key: 'producer.retries',
          message: 'Must set retries to non-zero when using the idempotent producer.',
        },
      ],
    });
  });

  it('in-flight above 5 is an error even with idempotence only defaulted on, in 4.x’s words', () => {
    expect(producer({ 'max.in.flight.requests.per.connection': 6 })).toEqual({
      issues: [
        {
          key: 'producer.max.in.flight.requests.per.connection',
          message:
            'To use the idempotent producer, max.in.flight.requests.per.connection must be set to at most 5. Current value is 6.',
        },
      ],
    });
  });

  it('a defaulted idempotence that acks=1 turns off, with a transactional.id: Kafka’s transactional.id error', () => {
    expect(producer({ acks: '1', 'transactional.id': 't' })).toEqual({
      issues: [
        {
          key: 'producer.transactional.id',
          message: 'Cannot set a transactional.id without also enabling idempotence.',
        },
      ],
    });
  });

  it('linger.ms defaults to 5 (KIP-1030); a defaulted delivery.timeout.ms covers linger.ms + request.timeout.ms', () => {
    expect(producer({}).config).toMatchObject({ lingerMs: 5, deliveryTimeoutMs: 120000 });
    expect(producer({ 'request.timeout.ms': 120000 }).config?.deliveryTimeoutMs).toBe(120005);
  });

  it('an explicit delivery.timeout.ms below linger.ms + request.timeout.ms is refused', () => {
    expect(producer({ 'delivery.timeout.ms': 30000 })).toEqual({
      issues: [
        {
          key: 'producer.delivery.timeout.ms',
          message: 'delivery.timeout.ms should be equal to or larger than linger.ms + request.timeout.ms',
        },
      ],
    });
    expect(producer({ 'delivery.timeout.ms': 30005 }).config?.deliveryTimeoutMs).toBe(30005);
  });
});

describe('broker config', () => {
  it('min.insync.replicas above the replica count is accepted: the leader caps it (effective min ISR)', () => {
    const result = validateConfig({ broker: { 'replication.factor': 2, 'min.insync.replicas': 3 } });
    expect(result.ok && result.config.broker.minInsyncReplicas).toBe(3);
  });
});
