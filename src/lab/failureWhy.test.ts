import { describe, expect, it } from 'vitest';
import { scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { failureWhy } from './failureWhy.ts';
import { naturalPath, NO_FAULTS, runRange } from './monteCarlo.ts';
import { underPreset } from './variants.ts';

describe('a failing lab run in words', () => {
  const exactlyOnce = underPreset(scenarioById('alo-producer-ack-lost') as Scenario, 'exactly-once');
  const model = { ...NO_FAULTS, requestLoss: 0.05, responseLoss: 0.05, timeout: 0.02 };

  it('a loss under exactly-once says the producer was fenced and the application gave up', () => {
    // Run 1927 of seed 1: two Produce timeouts outlast transaction.timeout.ms; the abort fences epoch 0.
    const [failure] = runRange(naturalPath(exactlyOnce), model, 1, 1927, 1928).failures;
    expect(failure).toBeDefined();
    expect(failureWhy(exactlyOnce, failure?.choices ?? [], 'no-loss')).toBe(
      'm1 never reached the consumer: the producer was fenced (fatal) and the application closed it, as the KafkaProducer javadoc’s loop does, without sending again',
    );
  });

  it('a duplicate says who reads it twice', () => {
    const atLeastOnce = underPreset(scenarioById('alo-producer-ack-lost') as Scenario, 'at-least-once');
    const { failures } = runRange(naturalPath(atLeastOnce), { ...NO_FAULTS, responseLoss: 0.5 }, 1, 0, 20);
    expect(failures.length).toBeGreaterThan(0);
    expect(failureWhy(atLeastOnce, failures[0]?.choices ?? [], 'no-duplicates')).toBe(
      'a read_uncommitted reader reads m1 2 times from the log',
    );
  });
});
