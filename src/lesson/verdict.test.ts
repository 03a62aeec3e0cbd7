import { describe, expect, it } from 'vitest';
import { SCENARIOS, scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { outcome } from '../sim/ledger.ts';
import { runScenario } from '../sim/run.ts';
import { naturalAction, step } from '../sim/step.ts';
import { createWorld } from '../sim/world.ts';
import { effectWords } from './effectWords.ts';
import { verdictOf, type RecordVerdict } from './verdict.ts';

/**
 * The verdict of every guided scenario at rest, as a teacher would give it. `table` is, per record, the
 * layers the verdict card shows: [copies in the log, of them aborted, read_committed reads,
 * read_uncommitted reads, what the run's reader processed, effects outside Kafka].
 */
const AT_REST: Record<
  string,
  {
    headline: string;
    glyph: string;
    sentence: string;
    layers: Record<string, string>;
    table: Record<string, (number | null)[]>;
  }
> = {
  'amo-producer-no-retry': {
    headline: 'Lost',
    glyph: 'cross',
    sentence:
      'Record m1 is nowhere in the log, so no reader could ever get it; m2 reached the consumer exactly once, and the card was charged once.',
    layers: { m1: 'Kafka: never · card charged: never', m2: 'Kafka: once · card charged: once' },
    table: { m1: [0, 0, 0, 0, 0, 0], m2: [1, 0, 1, 1, 1, 1] },
  },
  'amo-acks-0': {
    headline: 'Lost',
    glyph: 'cross',
    sentence:
      'Record m1 is nowhere in the log, so no reader could ever get it; m2 reached the consumer exactly once, and the card was charged once.',
    layers: { m1: 'Kafka: never · card charged: never', m2: 'Kafka: once · card charged: once' },
    table: { m1: [0, 0, 0, 0, 0, 0], m2: [1, 0, 1, 1, 1, 1] },
  },
  'amo-consumer-commit-first': {
    headline: 'Lost',
    glyph: 'cross',
    sentence:
      'Record m2 is in the log, but the consumer never processed it, so the card was never charged for it; m1 reached the consumer exactly once, and the card was charged once.',
    layers: {
      m1: 'Kafka: once · card charged: once',
      m2: 'in the log: once · read by the consumer: never · card charged: never',
    },
    table: { m1: [1, 0, 1, 1, 1, 1], m2: [1, 0, 1, 1, 0, 0] },
  },
  'alo-producer-ack-lost': {
    headline: 'Duplicated',
    glyph: 'copies',
    sentence:
      'Record m1 is in the log twice, so the consumer processed it twice, and the card was charged twice.',
    layers: { m1: 'Kafka: twice · card charged: twice' },
    table: { m1: [2, 0, 2, 2, 2, 2] },
  },
  'alo-consumer-crash-before-commit': {
    headline: 'Duplicated',
    glyph: 'copies',
    sentence:
      'Record m1 is in the log once, but the consumer processed it twice, and the card was charged twice.',
    layers: { m1: 'in the log: once · read by the consumer: twice · card charged: twice' },
    table: { m1: [1, 0, 1, 1, 2, 2] },
  },
  'eos-idempotent-retry': {
    headline: 'Exactly once',
    glyph: 'check',
    sentence:
      'Record m1 reached the consumer exactly once although it was sent twice, and the card was charged once.',
    layers: { m1: 'Kafka: once · card charged: once' },
    table: { m1: [1, 0, 1, 1, 1, 1] },
  },
  'eos-processor-crash': {
    headline: 'Exactly once in Kafka — twice outside',
    glyph: 'warning',
    sentence:
      'Kafka kept m1 and m2 exactly once, yet the inventory was updated twice for each: exactly-once covers what is written to Kafka and the offsets committed with it, not what processing does outside Kafka.',
    layers: { m1: 'Kafka: once · inventory updated: twice', m2: 'Kafka: once · inventory updated: twice' },
    table: { m1: [2, 1, 1, 2, 1, 2], m2: [2, 1, 1, 2, 1, 2] },
  },
  'acks-1-failover-loss': {
    headline: 'Lost',
    glyph: 'cross',
    sentence:
      'Record m1 was acknowledged at offset 0, yet it is nowhere in the log, so no reader could ever get it.',
    layers: { m1: 'Kafka: never · card charged: never' },
    table: { m1: [0, 0, 0, 0, 0, 0] },
  },
  'reorder-without-idempotence': {
    headline: 'Once each, out of order',
    glyph: 'warning',
    sentence:
      'Record m1 reached the consumer exactly once although it was sent twice, and the card was charged once; m2 reached the consumer exactly once, and the card was charged once, but the consumer got them in another order than they were sent.',
    layers: { m1: 'Kafka: once · card charged: once', m2: 'Kafka: once · card charged: once' },
    table: { m1: [1, 0, 1, 1, 1, 1], m2: [1, 0, 1, 1, 1, 1] },
  },
  'idempotent-epoch-bump': {
    headline: 'Exactly once',
    glyph: 'check',
    sentence:
      'Record m1 reached the consumer exactly once although it was sent twice, and the card was charged once; m2 reached the consumer exactly once, and the card was charged once.',
    layers: { m1: 'Kafka: once · card charged: once', m2: 'Kafka: once · card charged: once' },
    table: { m1: [1, 0, 1, 1, 1, 1], m2: [1, 0, 1, 1, 1, 1] },
  },
  'below-min-isr-waits': {
    headline: 'Exactly once',
    glyph: 'check',
    sentence:
      'Records m1 and m2 reached the consumer exactly once each although they were sent twice each, and the card was charged once for each.',
    layers: { m1: 'Kafka: once · card charged: once', m2: 'Kafka: once · card charged: once' },
    table: { m1: [1, 0, 1, 1, 1, 1], m2: [1, 0, 1, 1, 1, 1] },
  },
  'tv2-epoch-per-transaction': {
    headline: 'Exactly once',
    glyph: 'check',
    sentence:
      'Records m1 and m2 reached the consumer exactly once each, and the card was charged once for each.',
    layers: { m1: 'Kafka: once · card charged: once', m2: 'Kafka: once · card charged: once' },
    table: { m1: [1, 0, 1, 1, 1, 1], m2: [1, 0, 1, 1, 1, 1] },
  },
  'order-kept-with-idempotence': {
    headline: 'Exactly once',
    glyph: 'check',
    sentence:
      'Record m1 reached the consumer exactly once, and the card was charged once; m2 and m3 reached the consumer exactly once each although they were sent twice each, and the card was charged once for each.',
    layers: {
      m1: 'Kafka: once · card charged: once',
      m2: 'Kafka: once · card charged: once',
      m3: 'Kafka: once · card charged: once',
    },
    table: { m1: [1, 0, 1, 1, 1, 1], m2: [1, 0, 1, 1, 1, 1], m3: [1, 0, 1, 1, 1, 1] },
  },
  'abort-visible-to-read-uncommitted': {
    headline: 'Duplicated',
    glyph: 'copies',
    sentence:
      'Record m1 is in the log twice, one copy aborted, and the consumer reads read_uncommitted, aborted records included, so the consumer processed it twice, and the card was charged twice (a read_committed reader would have read it once).',
    layers: { m1: 'Kafka: twice · card charged: twice' },
    table: { m1: [2, 1, 1, 2, 2, 2] },
  },
  'zombie-fenced': {
    headline: 'Exactly once',
    glyph: 'check',
    sentence:
      'Record m1 reached the consumer exactly once although it was sent twice, and the card was charged once (a read_uncommitted reader would have read it twice).',
    layers: { m1: 'Kafka: once · card charged: once' },
    table: { m1: [2, 1, 1, 2, 1, 1] },
  },
  'lso-plain-record-behind-open-transaction': {
    headline: 'Exactly once',
    glyph: 'check',
    sentence:
      'Record p1 reached the consumer exactly once although it was sent twice, and the balance was updated once (a read_uncommitted reader would have read it twice); a1 reached the consumer exactly once, and the balance was updated once.',
    layers: { p1: 'Kafka: once · balance updated: once', a1: 'Kafka: once · balance updated: once' },
    // p1's first copy is in the transaction the timeout aborted; its retry is committed.
    table: { p1: [2, 1, 1, 2, 1, 1], a1: [1, 0, 1, 1, 1, 1] },
  },
  'eos-external-effect': {
    headline: 'Exactly once in Kafka — twice outside',
    glyph: 'warning',
    sentence:
      'Kafka kept m1 exactly once, yet the card was charged twice: exactly-once covers what is written to Kafka and the offsets committed with it, not what processing does outside Kafka.',
    layers: { m1: 'Kafka: once · card charged: twice' },
    // Transaction version 2: the crashed instance's m1' was already on its way (no AddPartitionsToTxn
    // first), so the log holds it once aborted, once committed.
    table: { m1: [2, 1, 1, 2, 1, 2] },
  },
  'amo-auto-commit-worker-thread': {
    headline: 'Lost outside Kafka',
    glyph: 'cross',
    sentence:
      'Kafka kept m2, m3 and m4 exactly once, yet the card was never charged: the consumer had handed m2, m3 and m4 to its worker thread, and poll() committed their offsets before the worker processed them, so the crash lost them although Kafka still holds them — the commit and the processing are decoupled. Record m1 reached the consumer exactly once, and the card was charged once.',
    layers: {
      m1: 'Kafka: once · card charged: once',
      m2: 'Kafka: once · card charged: never',
      m3: 'Kafka: once · card charged: never',
      m4: 'Kafka: once · card charged: never',
    },
    // Every record is in the log and was handed to the application once; only m1 was processed.
    table: {
      m1: [1, 0, 1, 1, 1, 1],
      m2: [1, 0, 1, 1, 1, 0],
      m3: [1, 0, 1, 1, 1, 0],
      m4: [1, 0, 1, 1, 1, 0],
    },
  },
  'eos-transaction-two-partitions': {
    headline: 'Exactly once',
    glyph: 'check',
    sentence:
      'Records m1 and m2 reached the consumers exactly once each, and the order was shipped once for each.',
    layers: { m1: 'Kafka: once · order shipped: once', m2: 'Kafka: once · order shipped: once' },
    // One copy each, on its own partition, committed by the one transaction's two markers.
    table: { m1: [1, 0, 1, 1, 1, 1], m2: [1, 0, 1, 1, 1, 1] },
  },
  'order-per-partition-not-across': {
    headline: 'Exactly once',
    glyph: 'check',
    sentence:
      'Records m1, m2 and m3 reached the consumers exactly once each, and the order was shipped once for each.',
    layers: {
      m1: 'Kafka: once · order shipped: once',
      m2: 'Kafka: once · order shipped: once',
      m3: 'Kafka: once · order shipped: once',
    },
    table: { m1: [1, 0, 1, 1, 1, 1], m2: [1, 0, 1, 1, 1, 1], m3: [1, 0, 1, 1, 1, 1] },
  },
  'rebalance-after-max-poll-interval': {
    headline: 'Duplicated',
    glyph: 'copies',
    sentence:
      "Records m1, m2 and m3 are in the log once, but the group's members processed them twice each, and the card was charged twice for each.",
    layers: {
      m1: "in the log: once · read by the group's members: twice · card charged: twice",
      m2: "in the log: once · read by the group's members: twice · card charged: twice",
      m3: "in the log: once · read by the group's members: twice · card charged: twice",
    },
    // Consumer A processed each before it left the group, consumer B again in generation 2.
    table: { m1: [1, 0, 1, 1, 2, 2], m2: [1, 0, 1, 1, 2, 2], m3: [1, 0, 1, 1, 2, 2] },
  },
  'eos-partition-moves-between-instances': {
    headline: 'Exactly once in Kafka — twice outside',
    glyph: 'warning',
    sentence:
      'Kafka kept m1 exactly once, yet the inventory was updated twice: exactly-once covers what is written to Kafka and the offsets committed with it, not what processing does outside Kafka.',
    layers: { m1: 'Kafka: once · inventory updated: twice' },
    // Processor 1's m1' aborted (fenced offsets), processor 2's committed: two copies, one readable.
    table: { m1: [2, 1, 1, 2, 1, 2] },
  },
};

const scenario = (id: string) => scenarioById(id) as Scenario;
const row = (r: RecordVerdict) => [
  r.log.copies,
  r.log.aborted,
  r.readCommitted,
  r.readUncommitted,
  r.delivered,
  r.effects,
];

describe('the verdict of every guided scenario, at rest', () => {
  it('covers the 22 guided scenarios', () => {
    expect(Object.keys(AT_REST).sort()).toEqual(SCENARIOS.map((s) => s.id).sort());
  });

  describe.each(SCENARIOS.map((s) => [s.id, s] as [string, Scenario]))('%s', (id, s) => {
    const world = runScenario(s);
    const verdict = verdictOf(world);
    const expected = AT_REST[id];

    it('is at rest, with its headline, glyph and sentence', () => {
      expect(verdict.atRest).toBe(true);
      expect(verdict.headline).toBe(expected?.headline);
      expect(verdict.glyph).toBe(expected?.glyph);
      expect(verdict.sentence).toBe(expected?.sentence);
    });

    it('shows each record’s layers: log, both isolation levels, the reader, the effect', () => {
      expect(Object.fromEntries(verdict.records.map((r) => [r.record, r.layers]))).toEqual(expected?.layers);
      expect(Object.fromEntries(verdict.records.map((r) => [r.record, row(r)]))).toEqual(expected?.table);
    });

    it('agrees with the run’s risk, which counts effects outside Kafka', () => {
      const { risk } = outcome(world).summary;
      expect(verdict.risk).toBe(risk);
      const headline = verdict.headline;
      if (risk === 'none') expect(headline).toMatch(/^(Exactly once|Once each, out of order)$/);
      if (risk === 'loss') expect(headline).toMatch(/^Lost( outside Kafka)?$/);
      if (risk === 'duplicates')
        expect(headline).toMatch(/^(Duplicated|Exactly once in Kafka — .* outside)$/);
    });

    it('says "Exactly once" only when every layer says once', () => {
      const everyLayerOnce = verdict.records.every(
        (r) =>
          r.delivered === 1 &&
          (r.effects ?? 1) === 1 &&
          (verdict.isolation === 'read_committed' ? r.readCommitted : r.readUncommitted) === 1,
      );
      expect(verdict.headline === 'Exactly once').toBe(everyLayerOnce && !outcome(world).summary.outOfOrder);
    });
  });

  it('the two lessons whose effect ran twice end on a duplicate effect, not on “once”', () => {
    for (const id of ['eos-external-effect', 'eos-processor-crash']) {
      const verdict = verdictOf(runScenario(scenario(id)));
      expect(verdict.headline).toBe('Exactly once in Kafka — twice outside');
      expect(verdict.records.every((r) => r.status === 'once-in-kafka' && r.effects === 2)).toBe(true);
    }
  });
});

describe('before the run is at rest nothing is called lost', () => {
  it('at step 0 every record is “not delivered yet”', () => {
    const verdict = verdictOf(createWorld(scenario('alo-producer-ack-lost')));
    expect(verdict.atRest).toBe(false);
    expect(verdict.headline).toBe('Not at rest yet');
    expect(verdict.glyph).toBe('pending');
    expect(verdict.records.map((r) => [r.status, r.layers])).toEqual([
      ['not-delivered-yet', 'not delivered yet'],
    ]);
    expect(verdict.sentence).toBe(
      'The run is still under way, so nothing is lost yet: m1 is not delivered yet.',
    );
    // The ledger's own summary counts m1 as not delivered; the verdict's risk does not call that a loss.
    expect(outcome(createWorld(scenario('alo-producer-ack-lost'))).summary.risk).toBe('loss');
    expect(verdict.risk).toBe('none');
  });

  it('at every step before rest of every guided scenario, no record is “lost”', () => {
    for (const s of SCENARIOS) {
      const world = runScenario(s);
      let w = createWorld(s);
      for (const { action } of world.steps.slice(0, -1)) {
        w = step(w, action);
        const verdict = verdictOf(w);
        expect(verdict.atRest, `${s.id} step ${w.steps.length}`).toBe(naturalAction(w) === undefined);
        if (verdict.atRest) continue;
        expect(
          verdict.records.some((r) => r.status === 'lost'),
          s.id,
        ).toBe(false);
        expect(verdict.risk, s.id).not.toMatch(/loss/);
      }
    }
  }, 30_000); // every step of 13 runs, each with its outcome: seconds on a loaded machine

  it('a record already read twice before rest is duplicated already, and the sentence says what arrived', () => {
    const s = scenario('alo-producer-ack-lost');
    const world = runScenario(s);
    const processedTwice = world.steps.findLastIndex((st) => st.events.some((e) => e.name === 'process'));
    let w = createWorld(s);
    for (const { action } of world.steps.slice(0, processedTwice + 1)) w = step(w, action);
    const verdict = verdictOf(w);
    if (verdict.atRest) throw new Error('the second processing is not the last step of the run');
    expect(verdict.records[0]?.status).toBe('duplicated');
    expect(verdict.sentence).toBe(
      'The run is still under way, so nothing is lost yet: m1 has arrived so far.',
    );
  });
});

describe('effects in words', () => {
  it('turns the scenario’s instruction into what happened', () => {
    expect(effectWords('charge card')).toEqual({
      name: 'charge card',
      label: 'card charged',
      passive: 'the card was charged',
      never: 'the card was never charged',
    });
    expect(effectWords('update inventory').label).toBe('inventory updated');
    expect(effectWords('send receipt').passive).toBe('the receipt was sent');
  });

  it('quotes an effect that is not “verb object” rather than guess', () => {
    expect(effectWords('POST /orders')).toMatchObject({
      label: '“POST /orders” ran',
      never: '“POST /orders” never ran',
    });
  });
});
