import { describe, expect, it } from 'vitest';
import { validateConfig } from '../config/validate.ts';
import { buildDiagram } from '../diagram/model.ts';
import type { LogEntry, NodeId, PartitionId } from '../kafka/protocol.ts';
import type { BrokerContext } from '../machines/broker/broker.ts';
import { lastStableOffset, type Replica } from '../machines/broker/replica.ts';
import { outcome, readable, type Outcome } from '../sim/ledger.ts';
import { replay, resolveChoice, runScenario, runToRest } from '../sim/run.ts';
import { lessonOf } from '../lesson/lesson.ts';
import { enabledActions, naturalAction, step } from '../sim/step.ts';
import type { TraceEvent } from '../sim/types.ts';
import { createWorld, partOf, stateName, type World } from '../sim/world.ts';
import { SCENARIOS, scenarioById } from './index.ts';
import type { Scenario } from './types.ts';
import { countIn, countsOf } from '../sim/grownList.ts';

/** Produce requests sent per record. */
const attemptsOf = (world: World) =>
  Object.fromEntries(
    [...world.stats.produced.positions.keys()]
      .map((r) => [r, countIn(world.stats.produced, r)] as const)
      .filter(([, n]) => n > 0),
  );

/**
 * Every guided scenario, run as "play" runs it (script, then natural steps to rest), checked against its
 * `expected` and — for the seeds' six flows and the others — against what Kafka would put in the log.
 */

const runs = new Map<string, { world: World; result: Outcome }>();
function played(id: string): { world: World; result: Outcome } {
  const cached = runs.get(id);
  if (cached) return cached;
  const scenario = scenarioById(id);
  if (!scenario) throw new Error(`no scenario ${id}`);
  const world = runScenario(scenario);
  const entry = { world, result: outcome(world) };
  runs.set(id, entry);
  return entry;
}

const events = (w: World): TraceEvent[] => w.steps.flatMap((s) => s.events);
/** Messages sent in the run, by Kafka name, with their arrow summaries. */
const sent = (w: World, name: string) => events(w).filter((e) => e.kind === 'send' && e.name === name);
/** The records an application processed, in order, as its process() calls name them. */
const processedBy = (w: World, node: NodeId) =>
  events(w)
    .filter((e) => e.kind === 'app' && e.from === node && e.name === 'process')
    .map((e) => /process\(([^)]+)\)/.exec(e.summary)?.[1]);

/** The current leader's replica of a partition. */
function leaderLog(w: World, partition: PartitionId): Replica {
  const leader = w.leaders[partition]?.leader;
  if (!leader) throw new Error(`${partition} has no leader`);
  return (partOf(w, leader, 'broker')?.context as BrokerContext).replicas[partition] as Replica;
}
/** "m1@0", "ABORT@1"…: a log as the diagram shows it. */
const show = (entries: Iterable<LogEntry>) =>
  [...entries].map((e) => `${e.kind === 'data' ? e.record?.id : e.kind}@${e.offset}`);
const committedOffset = (r: Outcome, partition: PartitionId, group: string) =>
  r.partitions.find((p) => p.partition === partition)?.committedOffsets[group];
const state = (w: World, node: NodeId, kind: 'producer' | 'consumer' | 'txnCoordinator') => {
  const s = partOf(w, node, kind);
  return s ? stateName(s) : undefined;
};

describe('every guided scenario', () => {
  it('there are 22, with unique ids, and each has an expectation', () => {
    expect(SCENARIOS).toHaveLength(22);
    expect(new Set(SCENARIOS.map((s) => s.id)).size).toBe(SCENARIOS.length);
    for (const s of SCENARIOS) expect(s.expected, s.id).toBeDefined();
  });

  describe.each(SCENARIOS.map((s) => [s.id, s] as [string, Scenario]))('%s', (id, scenario) => {
    it('comes to rest: no natural step is left', () => {
      const { world } = played(id);
      expect(naturalAction(world)).toBeUndefined();
      expect(enabledActions(world).filter((a) => a.natural)).toEqual([]);
    });

    it('keeps every invariant', () => {
      const { result } = played(id);
      expect(result.invariants).toEqual({ ok: true, violations: [] });
    });

    it('ends with the verdicts, the effects and the risk it claims', () => {
      const { result } = played(id);
      const verdicts = Object.fromEntries(result.ledger.map((row) => [row.record, row.verdict]));
      expect(verdicts).toEqual(scenario.expected?.verdicts);
      const claimed = scenario.expected?.effects ?? {};
      const effects = Object.fromEntries(result.ledger.map((row) => [row.record, row.effects]));
      for (const [record, times] of Object.entries(claimed)) expect(effects[record], record).toBe(times);
      expect(result.summary.risk).toBe(scenario.expected?.risk);
    });

    it('every replica of every partition agrees with the leader at rest', () => {
      const { result } = played(id);
      for (const p of result.partitions) {
        const leader = p.replicas.find((r) => r.broker === p.leader);
        for (const r of p.replicas) {
          expect(show(r.entries), `${r.broker} ${p.partition}`).toEqual(show(leader?.entries ?? []));
          expect(r.highWatermark).toBe(p.highWatermark);
        }
      }
    });
  });
});

describe('at-most-once: the seeds’ flows', () => {
  it('amo-producer-no-retry: m1’s request is lost, tried once, never retried; m2 lands at offset 0', () => {
    const { world, result } = played('amo-producer-no-retry');
    expect(show(leaderLog(world, 'orders-0').log)).toEqual(['m2@0']);
    expect(result.ledger.map((r) => [r.record, r.attempts, r.offsets])).toEqual([
      ['m1', 1, []],
      ['m2', 1, [0]],
    ]);
    expect(processedBy(world, 'consumer')).toEqual(['m2']);
    expect(result.summary.mode).toBe(
      'at-most-once producer (retries=0) · commitSync() consumer, after processing',
    );
  });

  it('amo-acks-0: no ProduceResponse ever travels; m1 is lost silently', () => {
    const { world, result } = played('amo-acks-0');
    expect(sent(world, 'ProduceResponse')).toEqual([]);
    expect(show(leaderLog(world, 'orders-0').log)).toEqual(['m2@0']);
    expect(result.ledger.find((r) => r.record === 'm1')).toMatchObject({
      attempts: 1,
      offsets: [],
      delivered: 0,
    });
  });

  it('amo-consumer-commit-first: offset 2 is committed before m2 is processed; the restart skips m2', () => {
    const { world, result } = played('amo-consumer-commit-first');
    expect(show(leaderLog(world, 'orders-0').log)).toEqual(['m1@0', 'm2@1']);
    // The first (and only) commit carries the offset after the whole batch: the next one to read.
    expect(sent(world, 'OffsetCommit').map((e) => e.summary)).toEqual(['orders-0=2']);
    expect(committedOffset(result, 'orders-0', 'app-group')).toBe(2);
    expect(processedBy(world, 'consumer')).toEqual(['m1']);
    // m2 was in the log and readable: the loss is the consumer's, not Kafka's.
    expect(result.reads.read_uncommitted).toEqual(['m1', 'm2']);
  });
});

describe('at-least-once: the seeds’ flows', () => {
  it('alo-producer-ack-lost: the leader log has m1 at offsets 0 and 1, after two attempts', () => {
    const { world, result } = played('alo-producer-ack-lost');
    expect(show(leaderLog(world, 'orders-0').log)).toEqual(['m1@0', 'm1@1']);
    expect(attemptsOf(world)).toEqual({ m1: 2 });
    expect(result.ledger[0]).toMatchObject({ offsets: [0, 1], attempts: 2, processed: 2, effects: 2 });
    expect(processedBy(world, 'consumer')).toEqual(['m1', 'm1']);
    // Both copies are plain (non-idempotent) records: no producer id, no sequence.
    expect(leaderLog(world, 'orders-0').log.map((e) => [e.producerId, e.sequence])).toEqual([
      [-1, -1],
      [-1, -1],
    ]);
    expect(committedOffset(result, 'orders-0', 'app-group')).toBe(2);
  });

  it('alo-consumer-crash-before-commit: m1 is in the log once, processed twice; committed offset 1', () => {
    const { world, result } = played('alo-consumer-crash-before-commit');
    expect(show(leaderLog(world, 'orders-0').log)).toEqual(['m1@0']);
    expect(processedBy(world, 'consumer')).toEqual(['m1', 'm1']);
    expect(result.ledger[0]).toMatchObject({ offsets: [0], processed: 2, effects: 2 });
    // No commit before the crash: the only commit is the restarted consumer's.
    expect(sent(world, 'OffsetCommit').map((e) => e.summary)).toEqual(['orders-0=1']);
    expect(committedOffset(result, 'orders-0', 'app-group')).toBe(1);
  });
});

describe('exactly-once: the seeds’ flows', () => {
  it('eos-idempotent-retry: m1 once at offset 0; two attempts with the same sequence; the retry is recognised', () => {
    const { world, result } = played('eos-idempotent-retry');
    expect(show(leaderLog(world, 'orders-0').log)).toEqual(['m1@0']);
    expect(attemptsOf(world)).toEqual({ m1: 2 });
    const produces = sent(world, 'Produce').map((e) => e.summary);
    expect(produces).toHaveLength(2);
    expect(produces[0]).toBe(produces[1]); // same pid, epoch and seq=0
    expect(produces[0]).toContain('seq=0');
    expect(sent(world, 'ProduceResponse').map((e) => e.summary)).toEqual([
      'offset=0',
      'offset=0 (duplicate)',
    ]);
    expect(result.ledger[0]).toMatchObject({ offsets: [0], attempts: 2, processed: 1 });
  });

  describe('eos-processor-crash', () => {
    it('output-0 holds the aborted attempt, its ABORT marker, the committed retry and its COMMIT marker', () => {
      const { world } = played('eos-processor-crash');
      const log = leaderLog(world, 'output-0');
      expect(show(log.log)).toEqual(["m1'@0", "m2'@1", 'ABORT@2', "m1'@3", "m2'@4", 'COMMIT@5']);
      // The abort used the fenced (bumped) epoch; the retry runs under the epoch after it, and its COMMIT
      // under the one its EndTxn bumped to (transaction version 2, Kafka 4.0).
      expect(log.log.map((e) => e.producerEpoch)).toEqual([0, 0, 1, 2, 2, 3]);
      expect(log.abortedTxns).toEqual([{ producerId: 1000, firstOffset: 0, lastOffset: 2 }]);
    });

    it('downstream read_committed reads m1′ and m2′ once each; read_uncommitted would read both twice', () => {
      const { world, result } = played('eos-processor-crash');
      const log = leaderLog(world, 'output-0');
      expect(readable(log, 'read_committed').map((e) => e.record?.id)).toEqual(["m1'", "m2'"]);
      expect(readable(log, 'read_uncommitted').map((e) => e.record?.id)).toEqual([
        "m1'",
        "m2'",
        "m1'",
        "m2'",
      ]);
      expect(processedBy(world, 'downstream')).toEqual(["m1'", "m2'"]);
      expect(result.reads).toEqual({
        read_committed: ['m1', 'm2'],
        read_uncommitted: ['m1', 'm2', 'm1', 'm2'],
      });
    });

    it('the processor processed each input twice (and its effect happened twice)', () => {
      const { world, result } = played('eos-processor-crash');
      expect(processedBy(world, 'processor')).toEqual(['m1', 'm2', 'm1', 'm2']);
      expect(result.ledger.map((r) => [r.record, r.processed, r.effects, r.delivered])).toEqual([
        ['m1', 2, 2, 1],
        ['m2', 2, 2, 1],
      ]);
    });

    it('the group’s committed offset for input-0 is 2, committed by the transaction', () => {
      const { world, result } = played('eos-processor-crash');
      expect(committedOffset(result, 'input-0', 'app-group')).toBe(2);
      expect(sent(world, 'OffsetCommit').filter((e) => e.from === 'processor')).toEqual([]);
      expect(sent(world, 'TxnOffsetCommit').map((e) => e.summary)).toEqual(['input-0=2']);
      // The downstream reader's position went past the COMMIT marker.
      expect(committedOffset(result, 'output-0', 'downstream')).toBe(6);
    });

    it('the restarted processor resumed from the committed offset (none yet: offset 0) with a new epoch', () => {
      const { world } = played('eos-processor-crash');
      const inits = sent(world, 'InitProducerIdResponse').map((e) => e.summary);
      expect(inits[0]).toBe('pid=1000 epoch=0');
      expect(inits).toContain('CONCURRENT_TRANSACTIONS');
      expect(inits[inits.length - 1]).toBe('pid=1000 epoch=2');
      expect(sent(world, 'EndTxn').map((e) => e.summary)).toEqual(['COMMIT epoch=2']);
    });
  });

  it('the exactly-once flow costs more than the at-least-once one (coordinator round trips, markers)', () => {
    const eos = played('eos-processor-crash').result.summary.cost;
    const alo = played('alo-producer-ack-lost').result.summary.cost;
    expect(eos.markers).toBe(2);
    expect(alo.markers).toBe(0);
    expect(eos.roundTrips).toBeGreaterThan(alo.roundTrips);
  });
});

describe('beyond the seeds', () => {
  it('acks-1-failover-loss: m1 was acknowledged (offset 0), then no replica has it', () => {
    const { world, result } = played('acks-1-failover-loss');
    expect(sent(world, 'ProduceResponse').map((e) => e.summary)).toEqual(['offset=0']);
    expect(world.leaders['orders-0']?.leader).not.toBe('broker-1');
    for (const p of result.partitions) for (const r of p.replicas) expect(r.entries).toEqual([]);
    // The old leader came back and truncated its unreplicated m1.
    expect(
      events(world).some((e) => e.kind === 'send' && e.summary.startsWith('diverged: truncate to 0')),
    ).toBe(true);
  });

  it('idempotent-epoch-bump: after m1 expires, epoch 1 starts at sequence 0 and the log holds m1, m2 once', () => {
    const { world } = played('idempotent-epoch-bump');
    expect(sent(world, 'Produce').map((e) => e.summary)).toEqual([
      'm1 pid=1000 epoch=0 seq=0 acks=all',
      'm1 pid=1000 epoch=1 seq=0 acks=all',
      'm2 pid=1000 epoch=1 seq=1 acks=all',
    ]);
    expect(show(leaderLog(world, 'orders-0').log)).toEqual(['m1@0', 'm2@1']);
  });

  it('below-min-isr-waits: m1 times out, m2 (read only then) is refused, m1 is acknowledged only once the followers are back', () => {
    const { world } = played('below-min-isr-waits');
    const answers = sent(world, 'ProduceResponse').map((e) => e.summary);
    expect(answers.slice(0, 2)).toEqual(['REQUEST_TIMED_OUT', 'NOT_ENOUGH_REPLICAS']);
    const restarted = world.steps.findIndex((x) => x.action === 'restart:broker-2');
    const m1Acked = world.steps.findIndex((x) => x.narration.includes('offset 0 for m1'));
    expect(restarted).toBeGreaterThan(0);
    expect(m1Acked).toBeGreaterThan(restarted);
    expect(show(leaderLog(world, 'orders-0').log)).toEqual(['m1@0', 'm2@1']);
  });

  it('tv2-epoch-per-transaction: each transaction’s COMMIT marker carries the epoch its EndTxn bumped to', () => {
    const { world } = played('tv2-epoch-per-transaction');
    const log = leaderLog(world, 'orders-0').log;
    expect(show(log)).toEqual(['m1@0', 'COMMIT@1', 'm2@2', 'COMMIT@3']);
    expect(log.map((e) => e.producerEpoch)).toEqual([0, 1, 1, 2]);
    expect(log.map((e) => e.sequence)).toEqual([0, -1, 0, -1]);
  });

  it('tv2-epoch-per-transaction with transaction.version=0: one epoch for both transactions', () => {
    const s = scenarioById('tv2-epoch-per-transaction') as Scenario;
    const configInput = { ...s.configInput, broker: { 'transaction.version': 0 } };
    const result = validateConfig(configInput);
    if (!result.ok) throw new Error('bad config');
    const w = runScenario({ ...s, configInput, config: result.config });
    expect(leaderLog(w, 'orders-0').log.map((e) => e.producerEpoch)).toEqual([0, 0, 0, 0]);
  });

  it('tv2-epoch-per-transaction: a late write of the first transaction is refused with INVALID_PRODUCER_EPOCH', () => {
    // m1's first Produce is held back; its retry lands, the transaction commits (epoch 0 → 1), and the
    // held request arrives last, after m2's transaction has bumped the epoch again.
    const s = scenarioById('tv2-epoch-per-transaction') as Scenario;
    let w = createWorld({ ...s, script: [] });
    while (!w.network.some((m) => m.body.name === 'Produce')) w = step(w, naturalAction(w) as string);
    const held = w.network.find((m) => m.body.name === 'Produce')?.id;
    w = step(w, 'fetch:broker-2:orders-0');
    w = step(w, `hold:${held}`);
    w = step(step(w, 'timer:producer:requestTimeout:b1'), 'timer:producer:retryBackoff:b1');
    const rested = runToRest(w);
    const late = rested.steps.find((x) => x.action === `deliver:${held}`);
    expect(late?.narration).toContain('INVALID_PRODUCER_EPOCH');
    expect(show(leaderLog(rested, 'orders-0').log)).toEqual(['m1@0', 'COMMIT@1', 'm2@2', 'COMMIT@3']);
  });

  it('reorder-without-idempotence: m1’s retry lands after m2, so the partition is out of order', () => {
    const { world, result } = played('reorder-without-idempotence');
    expect(show(leaderLog(world, 'orders-0').log)).toEqual(['m2@0', 'm1@1']);
    expect(processedBy(world, 'consumer')).toEqual(['m2', 'm1']);
    expect(result.summary.outOfOrder).toBe(true);
  });

  it('order-kept-with-idempotence: m1, m2, m3, in order', () => {
    const { world, result } = played('order-kept-with-idempotence');
    expect(show(leaderLog(world, 'orders-0').log)).toEqual(['m1@0', 'm2@1', 'm3@2']);
    expect(result.summary.outOfOrder).toBe(false);
  });

  it('order-kept-with-idempotence: the leader, which knows the producer from m1, answers m3 with OUT_OF_ORDER_SEQUENCE_NUMBER first', () => {
    const { world } = played('order-kept-with-idempotence');
    expect(sent(world, 'ProduceResponse').map((e) => e.summary)).toContain('OUT_OF_ORDER_SEQUENCE_NUMBER');
    expect(attemptsOf(world)).toEqual({ m1: 1, m2: 2, m3: 2 });
  });

  it('abort-visible-to-read-uncommitted: read_uncommitted has m1 twice, read_committed once', () => {
    const { world, result } = played('abort-visible-to-read-uncommitted');
    const log = leaderLog(world, 'orders-0');
    expect(show(log.log)).toEqual(['m1@0', 'ABORT@1', 'm1@2', 'COMMIT@3']);
    expect(log.abortedTxns).toEqual([{ producerId: 1000, firstOffset: 0, lastOffset: 1 }]);
    expect(result.reads.read_uncommitted).toEqual(['m1', 'm1']);
    expect(result.reads.read_committed).toEqual(['m1']);
    // The consumer is read_uncommitted (the default) and processes the aborted copy too.
    expect(processedBy(world, 'consumer')).toEqual(['m1', 'm1']);
    expect(result.ledger[0]).toMatchObject({ readCommitted: 1, readUncommitted: 2 });
  });

  it('zombie-fenced: exactly one committed m1 for read_committed; the zombie is fenced and closed', () => {
    const { world, result } = played('zombie-fenced');
    const log = leaderLog(world, 'orders-0');
    expect(show(log.log)).toEqual(['m1@0', 'ABORT@1', 'm1@2', 'COMMIT@3']);
    expect(readable(log, 'read_committed').map((e) => `${e.record?.id}@${e.offset}`)).toEqual(['m1@2']);
    expect(result.reads.read_committed).toEqual(['m1']);
    expect(result.ledger[0]).toMatchObject({ readCommitted: 1, readUncommitted: 2, delivered: 1 });
    expect(processedBy(world, 'consumer')).toEqual(['m1']);
    expect(sent(world, 'EndTxnResponse').map((e) => e.summary)).toContain('PRODUCER_FENCED');
    expect(state(world, 'producer', 'producer')).toBe('closed');
    expect(state(world, 'producer-2', 'producer')).toBe('ready.idle');
    // The zombie's record is under epoch 0, the ABORT under the fenced epoch 1, the new instance's under 2,
    // and its COMMIT under 3: transaction version 2 bumps the epoch at EndTxn.
    expect(log.log.map((e) => e.producerEpoch)).toEqual([0, 1, 2, 3]);
  });

  it('zombie-fenced: the zombie’s transaction span ends where it is fenced, not at the end of the run', () => {
    const { world } = played('zombie-fenced');
    const fencedAt = world.steps.find((s) =>
      s.events.some((e) => e.kind === 'txn' && e.name === 'fatal' && e.from === 'producer'),
    )?.index;
    expect(fencedAt).toBeDefined();
    const spans = buildDiagram(world.participants, world.steps).spans;
    expect(spans.find((x) => x.node === 'producer')).toMatchObject({ outcome: 'open', endStep: fencedAt });
    expect(spans.find((x) => x.node === 'producer-2')).toMatchObject({ outcome: 'commit' });
  });

  it('lso-plain-record-behind-open-transaction: at the climax a1 is committed, yet read_committed reads nothing', () => {
    const scenario = scenarioById('lso-plain-record-behind-open-transaction') as Scenario;
    const lesson = lessonOf(scenario);
    const { world } = played(scenario.id);
    const climax = replay(
      scenario,
      world.steps.slice(0, lesson?.climax?.step).map((s) => s.action),
    );
    const log = leaderLog(climax, 'orders-0');
    expect(show(log.log)).toEqual(['p1@0', 'a1@1']);
    expect(log.highWatermark).toBe(2);
    expect(lastStableOffset(log)).toBe(0);
    expect(readable(log, 'read_committed')).toEqual([]);
    expect(readable(log, 'read_uncommitted').map((e) => e.record?.id)).toEqual(['p1', 'a1']);
    expect(processedBy(climax, 'consumer')).toEqual([]);
    // The consumer has fetched and been given nothing: the climax is its empty poll, not a pause.
    expect(sent(climax, 'FetchResponse').at(-1)?.to).toBe('consumer');
  });

  it('lso-plain-record-behind-open-transaction: the timeout aborts p1; a1 is read, then p1 from its retry', () => {
    const { world, result } = played('lso-plain-record-behind-open-transaction');
    const log = leaderLog(world, 'orders-0');
    expect(show(log.log)).toEqual(['p1@0', 'a1@1', 'ABORT@2', 'p1@3', 'COMMIT@4']);
    expect(log.abortedTxns).toEqual([{ producerId: 1001, firstOffset: 0, lastOffset: 2 }]);
    expect(sent(world, 'WriteTxnMarkers').map((e) => e.time)).toEqual([60006, 60019]);
    expect(processedBy(world, 'consumer')).toEqual(['a1', 'p1']);
    expect(result.reads).toEqual({ read_committed: ['a1', 'p1'], read_uncommitted: ['p1', 'a1', 'p1'] });
    // Each producer's own order is kept; Kafka promises no order across producers.
    expect(result.summary.outOfOrder).toBe(false);
  });

  it('eos-transaction-two-partitions: at the climax orders-1 has its COMMIT marker and orders-0 does not yet', () => {
    const scenario = scenarioById('eos-transaction-two-partitions') as Scenario;
    const { world } = played(scenario.id);
    const climax = replay(
      scenario,
      world.steps.slice(0, lessonOf(scenario)?.climax?.step).map((s) => s.action),
    );
    // Each partition on its own leader.
    expect([climax.leaders['orders-0']?.leader, climax.leaders['orders-1']?.leader]).toEqual([
      'broker-1',
      'broker-2',
    ]);
    const p0 = leaderLog(climax, 'orders-0');
    const p1 = leaderLog(climax, 'orders-1');
    expect(show(p1.log)).toEqual(['m2@0', 'COMMIT@1']);
    expect([p1.highWatermark, lastStableOffset(p1)]).toEqual([2, 2]);
    expect(show(p0.log)).toEqual(['m1@0']);
    expect([p0.highWatermark, lastStableOffset(p0)]).toEqual([1, 0]);
    expect(readable(p0, 'read_committed')).toEqual([]);
    expect(readable(p0, 'read_uncommitted').map((e) => e.record?.id)).toEqual(['m1']);
    expect(processedBy(climax, 'consumer-p1')).toEqual(['m2']);
    expect(processedBy(climax, 'consumer')).toEqual([]);
    // The coordinator had already logged PrepareCommit: the decision is made, only a marker is missing.
    expect(state(climax, 'txn-coordinator', 'txnCoordinator')).toBe('live.PrepareCommit');
  });

  it('eos-transaction-two-partitions: the re-sent marker lands, and both partitions show the commit', () => {
    const { world, result } = played('eos-transaction-two-partitions');
    expect(show(leaderLog(world, 'orders-0').log)).toEqual(['m1@0', 'COMMIT@1']);
    expect(show(leaderLog(world, 'orders-1').log)).toEqual(['m2@0', 'COMMIT@1']);
    expect(sent(world, 'WriteTxnMarkers').map((e) => e.summary)).toEqual([
      'COMMIT orders-0',
      'COMMIT orders-1',
      'COMMIT orders-0 (retry)',
    ]);
    expect(result.ledger.map((r) => [r.record, r.partition, r.offsets])).toEqual([
      ['m1', 'orders-0', [0]],
      ['m2', 'orders-1', [0]],
    ]);
    expect(result.partitions.map((p) => [p.partition, p.highWatermark, p.lastStableOffset])).toEqual([
      ['orders-0', 2, 2],
      ['orders-1', 2, 2],
    ]);
    // Per partition: each reader reads its own, so m2 is read before m1 and nothing is out of order.
    expect(result.reads).toEqual({ read_committed: ['m1', 'm2'], read_uncommitted: ['m1', 'm2'] });
    expect([processedBy(world, 'consumer'), processedBy(world, 'consumer-p1')]).toEqual([['m1'], ['m2']]);
    expect(result.summary.outOfOrder).toBe(false);
    expect(committedOffset(result, 'orders-0', 'app-group')).toBe(2);
    expect(committedOffset(result, 'orders-1', 'app-group')).toBe(2);
    expect(state(world, 'txn-coordinator', 'txnCoordinator')).toBe('live.CompleteCommit');
  });

  it('order-per-partition-not-across: m2 is shipped before m1 is written; each partition keeps its order', () => {
    const scenario = scenarioById('order-per-partition-not-across') as Scenario;
    const { world, result } = played(scenario.id);
    const climax = replay(
      scenario,
      world.steps.slice(0, lessonOf(scenario)?.climax?.step).map((s) => s.action),
    );
    expect(processedBy(climax, 'consumer-p1')).toEqual(['m2']);
    expect(show(leaderLog(climax, 'orders-0').log)).toEqual([]);
    // At rest: m1 before m3 in orders-0 (one key, one partition), m2 alone in orders-1.
    expect(show(leaderLog(world, 'orders-0').log)).toEqual(['m1@0', 'm3@1']);
    expect(show(leaderLog(world, 'orders-1').log)).toEqual(['m2@0']);
    expect(processedBy(world, 'consumer')).toEqual(['m1', 'm3']);
    expect(result.summary.outOfOrder).toBe(false);
  });

  it('eos-external-effect: the card is charged twice, yet the output appears once', () => {
    const { world, result } = played('eos-external-effect');
    expect(result.ledger[0]).toMatchObject({ record: 'm1', effects: 2, processed: 2, verdict: 'once' });
    expect(countsOf(world.stats.effects)).toEqual([['m1', 2]]);
    const log = leaderLog(world, 'output-0');
    expect(readable(log, 'read_committed').map((e) => e.record?.id)).toEqual(["m1'"]);
    expect(processedBy(world, 'downstream')).toEqual(["m1'"]);
    expect(committedOffset(result, 'input-0', 'app-group')).toBe(1);
  });
});

describe('rebalance-after-max-poll-interval', () => {
  it('A processes m1–m3, leaves at max.poll.interval.ms, B owns orders-0 in generation 2 and processes them again', () => {
    const { world, result } = played('rebalance-after-max-poll-interval');
    expect(processedBy(world, 'consumer-a')).toEqual(['m1', 'm2', 'm3']);
    expect(processedBy(world, 'consumer-b')).toEqual(['m1', 'm2', 'm3']);
    expect(countsOf(world.stats.effects)).toEqual([
      ['m1', 2],
      ['m2', 2],
      ['m3', 2],
    ]);
    expect(result.ledger.map((r) => [r.record, r.processed, r.verdict])).toEqual([
      ['m1', 2, 'duplicated'],
      ['m2', 2, 'duplicated'],
      ['m3', 2, 'duplicated'],
    ]);
    // Only B's commit, of generation 2, is accepted; A's late commitSync() never reaches the coordinator.
    expect(committedOffset(result, 'orders-0', 'billing')).toBe(3);
    expect(sent(world, 'OffsetCommit').map((e) => [e.from, e.summary])).toEqual([
      ['consumer-b', 'orders-0=3 gen=2'],
    ]);
    expect(sent(world, 'LeaveGroup').map((e) => e.from)).toEqual(['consumer-a']);
    const gc = partOf(world, 'group-coordinator', 'groupCoordinator');
    expect(gc && stateName(gc)).toBe('classicGroup.Stable');
    expect((gc?.context as { group: { generation: number } }).group.generation).toBe(2);
    const failed = world.steps.find((s) => s.action === 'app:consumer-a:commitSync');
    expect(failed?.narration).toContain('throws `CommitFailedException`');
    expect(failed?.narration).toContain('it is likely that the consumer was kicked out of the group');
    expect(naturalAction(world)).toBeUndefined();
  });
});

describe('variations of the guided scenarios', () => {
  /**
   * Plays choices the way scripts do (natural steps until the named choice is offered, e.g.
   * "hold:TxnOffsetCommit"); "rest" takes natural steps until none is left.
   */
  function play(s: Scenario, choices: string[]): World {
    let w = createWorld(s);
    for (const choice of choices) {
      if (choice === 'rest') {
        w = runToRest(w);
        continue;
      }
      while (!resolveChoice(w, choice)) {
        const next = naturalAction(w);
        if (!next) throw new Error(`${choice} is never offered`);
        w = step(w, next);
      }
      w = step(w, resolveChoice(w, choice) as string);
    }
    return w;
  }
  const eos = () => scenarioById('eos-processor-crash') as Scenario;
  const lateTxnOffsetCommit = [
    'app:processor:sendOffsetsToTransaction',
    'deliver:AddOffsetsToTxn',
    'deliver:AddOffsetsToTxnResponse', // the TxnOffsetCommit is now on its way…
    'crash:processor', // …when the processor dies
    'restart:processor',
    'hold:TxnOffsetCommit', // and it arrives after the abort and the new instance's commit
    'rest',
  ];

  it('a late TxnOffsetCommit of the crashed processor: the outputs still appear once', () => {
    const w = play(eos(), lateTxnOffsetCommit);
    const result = outcome(w);
    expect(result.invariants.ok).toBe(true);
    expect(result.reads.read_committed).toEqual(['m1', 'm2']);
    expect(committedOffset(result, 'input-0', 'app-group')).toBe(2);
  });

  it('the crashed processor’s late TxnOffsetCommit is refused, and the new instance never reads that answer', () => {
    const w = play(eos(), [
      ...lateTxnOffsetCommit.slice(0, -1),
      'hold:TxnOffsetCommit#2', // the new instance's own TxnOffsetCommit is on its way too…
      'deliver:TxnOffsetCommit#1', // …when the dead instance's arrives first: PRODUCER_FENCED
      'deliver:TxnOffsetCommitResponse#1', // its answer was for a connection that died in the crash
      'rest',
    ]);
    expect(sent(w, 'TxnOffsetCommitResponse')[0]?.summary).toContain('PRODUCER_FENCED');
    expect(events(w).some((e) => e.kind === 'drop' && e.name === 'TxnOffsetCommitResponse')).toBe(true);
    expect(state(w, 'processor', 'producer')).toBe('ready.idle');
    expect(outcome(w).reads.read_committed).toEqual(['m1', 'm2']);
    expect(committedOffset(outcome(w), 'input-0', 'app-group')).toBe(2);
  });

  it('a late TxnOffsetCommit of the crashed processor leaves nothing pending: a later restart resumes', () => {
    const w = play(eos(), [...lateTxnOffsetCommit, 'crash:processor', 'restart:processor', 'rest']);
    expect(state(w, 'processor', 'consumer')).toBe('idle');
    expect(outcome(w).reads.read_committed).toEqual(['m1', 'm2']);
  });
});
