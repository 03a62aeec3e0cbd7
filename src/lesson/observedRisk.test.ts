import { describe, expect, it } from 'vitest';
import { scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { outcome } from '../sim/ledger.ts';
import { runScenario } from '../sim/run.ts';
import { compareRisk } from './observedRisk.ts';
import { deliverySemantics } from './semantics.ts';

const scenario = (id: string) => scenarioById(id) as Scenario;
const semanticsOf = (id: string) => deliverySemantics(scenario(id));

describe('compareRisk', () => {
  it('says nothing about the run before it is at rest', () => {
    expect(compareRisk(semanticsOf('acks-1-failover-loss'), 'loss', false)).toEqual({
      expected: 'duplicates',
      observed: null,
      reason: null,
    });
  });

  it('agreeing risks need no reason', () => {
    const played = outcome(runScenario(scenario('alo-producer-ack-lost'))).summary.risk;
    expect(compareRisk(semanticsOf('alo-producer-ack-lost'), played, true)).toEqual({
      expected: 'duplicates',
      observed: 'duplicates',
      reason: null,
    });
  });

  it('the acks=1 failover: loss where the row says duplicates, and why', () => {
    const played = outcome(runScenario(scenario('acks-1-failover-loss'))).summary.risk;
    expect(compareRisk(semanticsOf('acks-1-failover-loss'), played, true)).toEqual({
      expected: 'duplicates',
      observed: 'loss',
      reason:
        'acks=1 risks loss on leader failover: the leader acknowledges before any follower has the record. No fault in this run caused a duplicate: the row says what can happen, not what must.',
    });
  });

  it('an exactly-once producer with a commitSync() consumer that duplicated: the consumer side', () => {
    expect(compareRisk(semanticsOf('zombie-fenced'), 'duplicates', true).reason).toBeNull();
    const { reason } = compareRisk(
      { ...semanticsOf('zombie-fenced'), family: 'exactly-once' },
      'duplicates',
      true,
    );
    expect(reason).toBe(
      'The consumer uses commitSync() after processing: duplicates possible on the consumer side (a crash before the commit processes records again).',
    );
  });

  it('exactly-once with a duplicate effect: effects outside Kafka are not covered', () => {
    expect(compareRisk(semanticsOf('eos-external-effect'), 'duplicates', true).reason).toBe(
      'Effects outside Kafka (a charged card, an inventory update) are not covered: processing may run again.',
    );
  });
});
