import type { ScenarioConfigInput } from '../config/types.ts';

/**
 * One click per semantics: the whole configuration each implies, following the seeds' producer config
 * example and consumer pseudocode (and the domain reference where the seeds are loose).
 */
export type Semantics = 'at-most-once' | 'at-least-once' | 'exactly-once';

export const PRESETS: Record<Semantics, { label: string; summary: string; config: ScenarioConfigInput }> = {
  'at-most-once': {
    label: 'At-most-once',
    summary: 'No retries (acks=1, retries=0); the consumer commits before processing.',
    config: {
      producer: { acks: '1', retries: 0, 'enable.idempotence': false },
      consumer: { 'enable.auto.commit': false, 'auto.offset.reset': 'earliest', commit: 'before-processing' },
    },
  },
  'at-least-once': {
    label: 'At-least-once',
    summary: 'acks=all with retries, no idempotence; the consumer commits after processing.',
    config: {
      producer: {
        acks: 'all',
        retries: 5,
        'enable.idempotence': false,
        'max.in.flight.requests.per.connection': 1,
      },
      consumer: { 'enable.auto.commit': false, 'auto.offset.reset': 'earliest', commit: 'after-processing' },
    },
  },
  'exactly-once': {
    label: 'Exactly-once',
    summary:
      'The seeds’ producer config (acks=all, enable.idempotence=true, retries=5, max.in.flight=1) with a transactional.id; read_committed, offsets committed in the transaction.',
    config: {
      producer: {
        acks: 'all',
        'enable.idempotence': true,
        retries: 5,
        'max.in.flight.requests.per.connection': 1,
        'transactional.id': 'app-1',
      },
      consumer: {
        'enable.auto.commit': false,
        'auto.offset.reset': 'earliest',
        'isolation.level': 'read_committed',
      },
      downstream: { 'isolation.level': 'read_committed' },
    },
  },
};
