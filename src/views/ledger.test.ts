import { describe, expect, it } from 'vitest';
import { deliverySemantics } from '../lesson/semantics.ts';
import { scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { outcome } from '../sim/ledger.ts';
import { replay, runScenario } from '../sim/run.ts';
import type { World } from '../sim/world.ts';
import { ledgerView } from './ledger.ts';

const scenario = (id: string) => scenarioById(id) as Scenario;
const view = (w: World) => ledgerView(w, outcome(w));

describe('the ledger of a lost ack (alo-producer-ack-lost)', () => {
  const s = scenario('alo-producer-ack-lost');
  const last = runScenario(s);

  it('at rest: m1 duplicated at offsets 0 and 1, sent twice, the run’s risk duplicates', () => {
    const v = view(last);
    expect(v.atRest).toBe(true);
    expect(v.rows).toEqual([
      {
        record: 'm1',
        verdict: 'duplicated',
        pending: false,
        outOfOrder: false,
        offsets: [0, 1],
        attempts: 2,
        processed: 2,
        effects: 2,
      },
    ]);
    expect(v.summary.risk).toBe('duplicates');
    expect(v.summary.guarantee).toBe(deliverySemantics(s).guarantee);
    expect(v.summary.cost.logRecords).toBe(2);
  });

  it('before the consumer has read m1: not at rest, m1 not delivered yet, no risk so far', () => {
    const early = replay(
      s,
      last.steps.slice(0, 3).map((st) => st.action),
    );
    const v = view(early);
    expect(v.atRest).toBe(false);
    expect(v.rows.map((r) => [r.record, r.pending])).toEqual([['m1', true]]);
    expect(v.summary.risk).toBe('none');
  });
});

describe('the ledger of a record lost without retries (amo-producer-no-retry, at rest)', () => {
  it('calls it lost (not pending), with no offsets', () => {
    const v = view(runScenario(scenario('amo-producer-no-retry')));
    const m1 = v.rows.find((r) => r.record === 'm1');
    expect(m1).toMatchObject({ verdict: 'lost', pending: false, offsets: [] });
    expect(v.summary.risk).toContain('loss');
  });
});

describe('the ledger of a transaction across two partitions (eos-transaction-two-partitions)', () => {
  it('names each record’s partition beside its offsets', () => {
    const v = view(runScenario(scenario('eos-transaction-two-partitions')));
    expect(v.rows.map((r) => [r.record, r.partition, r.offsets])).toEqual([
      ['m1', 'orders-0', [0]],
      ['m2', 'orders-1', [0]],
    ]);
  });
});
