import { describe, expect, it } from 'vitest';
import type { AnyMachineSnapshot } from 'xstate';
import { CATALOG } from '../scenarios/catalog.ts';
import { scenarioById } from '../scenarios/index.ts';
import { parseScenarioDocument } from '../share/scenarioDocument.ts';
import { outcome } from './ledger.ts';
import { replay, runScenario, runToRest } from './run.ts';
import { awaitKey, partOf, stateName } from './world.ts';

/**
 * Runs the property "two exactly-once processor instances in one group, from processor 1's stall"
 * (properties.test.ts) found broken, kept as regressions: the partition-moving lesson without its
 * script and with two input records, replayed to processor 1's stall, then through the faults found.
 */
const lesson = CATALOG.find((d) => d.id === 'eos-partition-moves-between-instances');
const { script: _script, climax: _climax, expected: _expected, ...rest } = lesson ?? {};
const parsed = parseScenarioDocument({
  ...rest,
  id: 'eos-group-regressions',
  workload: { ...lesson?.workload, records: ['m1', 'm2'] },
});
if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
const twoInstances = parsed.value;

/** The lesson's run up to processor 1 stalling past max.poll.interval.ms, m1' sent in its transaction. */
const untilTheStall = (() => {
  const script = scenarioById('eos-partition-moves-between-instances')?.script ?? [];
  const choices = runScenario({ ...twoInstances, script }).steps.map((s) => s.action);
  return choices.slice(0, choices.indexOf('timer:processor-1:maxPollInterval') + 1);
})();

const afterTheStall = (faults: string[]) => {
  const world = runToRest(replay(twoInstances, [...untilTheStall, ...faults]));
  const taken = world.steps.slice(untilTheStall.length, untilTheStall.length + faults.length);
  return { world, taken: taken.map((s) => s.action) };
};

/**
 * One leader verifying the writes of two transactional producers, each with its own coordinator
 * (KIP-890: the leader sends AddPartitionsToTxn before appending). Seed 1961771365: both coordinators
 * crash, processor 1's verification is lost, processor 2's goes through. The leader took processor 2's
 * second answer for processor 1's held write and appended it into a transaction processor 1's
 * coordinator never knew of, so no marker ever came: output-0's last stable offset stayed below it for
 * good and read_committed readers read nothing.
 */
describe('a leader verifying two transactional producers’ writes (KIP-890)', () => {
  const faults = [
    'crash:txn-coordinator-2',
    'hold:19', // processor 1's Produce of m1'
    'fetch:broker-2:input-0',
    'fetch:broker-3:input-0',
    'crash:txn-coordinator',
    'timer:processor-1:deliveryTimeout:b1',
    'deliver:19', // the leader asks processor 1's coordinator, which is down
    'lose:23', // and its AddPartitionsToTxn is lost
  ];
  const { world, taken } = afterTheStall(faults);
  const o = outcome(world);

  it('the run took the faults as written', () => {
    expect(taken).toEqual(faults);
  });

  it('appends no write its own coordinator did not place in a transaction: read_committed reads each output once', () => {
    expect(o.invariants.violations).toEqual([]);
    expect([...o.reads.read_committed].sort()).toEqual(['m1', 'm2']);
    const output = o.partitions.find((p) => p.partition === 'output-0');
    expect(output?.lastStableOffset).toBe(output?.highWatermark);
  });

  it('waits for each coordinator’s answer apart: one wait per transactional.id', () => {
    const ask = (transactionalId: string) =>
      awaitKey('broker-1', {
        name: 'AddPartitionsToTxn',
        transactionalId,
        producerId: 1000,
        epoch: 0,
        partitions: ['output-0'],
      });
    expect(ask('processor-1')).not.toBe(ask('processor-2'));
    expect(
      awaitKey('broker-1', {
        name: 'AddPartitionsToTxnResponse',
        partitions: [],
        transactionalId: 'processor-2',
      }),
    ).toBe(ask('processor-2'));
  });
});

/**
 * Both instances stalled. Seed -1827959043: with both coordinators crashed, processor 2 took the
 * partition over and stalled in its turn; both left, the group went Empty, and neither woke on the
 * natural path, which waited for a rebalance that nobody was left to make: the run rested with nothing
 * read. A stall outlasts the rebalance only while another live instance can take the partition over.
 */
describe('both processor instances stalled at once', () => {
  const faults = [
    'crash:txn-coordinator-2',
    'deliver:19',
    'timer:broker-1:AddPartitionsToTxn:processor-1:retry',
    'crash:txn-coordinator',
    'crash:broker-2',
    'fetch:broker-3:input-0',
    'hold:22',
  ];
  const { world, taken } = afterTheStall(faults);
  const consumerState = (node: string) => stateName(partOf(world, node, 'consumer') as AnyMachineSnapshot);

  it('the run took the faults as written, and both instances left the group', () => {
    expect(taken).toEqual(faults);
    const leaves = world.steps
      .flatMap((s) => s.events)
      .filter((e) => e.kind === 'send' && e.name === 'LeaveGroup');
    expect(new Set(leaves.map((e) => e.from))).toEqual(new Set(['processor-1', 'processor-2']));
  });

  it('the natural path wakes them, and read_committed reads each output once', () => {
    expect([consumerState('processor-1'), consumerState('processor-2')]).not.toContain('stalled');
    const o = outcome(world);
    expect(o.invariants.violations).toEqual([]);
    expect([...o.reads.read_committed].sort()).toEqual(['m1', 'm2']);
  });
});
