import { describe, expect, it } from 'vitest';
import { scenarioById } from '../scenarios/index.ts';
import { outcome } from './ledger.ts';
import { runScenario } from './run.ts';

/** A guided scenario's ledger row for `record`, at rest. */
const rowOf = (scenario: string, record: string) => {
  const s = scenarioById(scenario);
  if (!s) throw new Error(`no scenario ${scenario}`);
  return outcome(runScenario(s)).ledger.find((r) => r.record === record);
};

describe('the ledger says whether the producer was told a record was written', () => {
  it('acks=1: m1 was acknowledged at offset 0 and is gone after the failover', () => {
    expect(rowOf('acks-1-failover-loss', 'm1')).toMatchObject({
      acknowledgedAt: 0,
      offsets: [],
      delivered: 0,
    });
  });

  it('counts only the acknowledgement that arrived: the lost one at offset 0 never reached the producer', () => {
    expect(rowOf('alo-producer-ack-lost', 'm1')).toMatchObject({ acknowledgedAt: 1, offsets: [0, 1] });
  });

  it('a record sent again after an abort: the last acknowledgement, of the copy that was committed', () => {
    expect(rowOf('zombie-fenced', 'm1')).toMatchObject({ acknowledgedAt: 2, offsets: [0, 2], aborted: 1 });
  });

  it('acks=0: send() completes, but nobody acknowledged anything', () => {
    expect(rowOf('amo-acks-0', 'm2')?.acknowledgedAt).toBeUndefined();
  });

  it('consume–transform–produce: the output record’s acknowledgement belongs to its input row', () => {
    expect(rowOf('eos-processor-crash', 'm1')?.acknowledgedAt).toBeTypeOf('number');
  });
});
