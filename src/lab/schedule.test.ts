import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { outcome } from '../sim/ledger.ts';
import { runScenario } from '../sim/run.ts';
import { enabledActions, step } from '../sim/step.ts';
import { createWorld } from '../sim/world.ts';
import type { Schedule } from './faults.ts';
import { applySchedule, scheduleOf } from './schedule.ts';
import { underPreset } from './variants.ts';

const scenario = (id: string): Scenario => {
  const s = scenarioById(id);
  if (!s) throw new Error(id);
  return { ...s, script: [] };
};
const twoRecords = (id: string): Scenario => {
  const s = scenario(id);
  return { ...s, workload: { ...s.workload, records: ['m1', 'm2'] } };
};

describe('a fault schedule', () => {
  it('loses the ack it names: at-least-once duplicates, exactly-once absorbs the same fault', () => {
    const schedule: Schedule = [{ kind: 'lose-response', message: 'ProduceResponse', record: 'm1', nth: 1 }];
    const alo = applySchedule(underPreset(scenario('alo-producer-ack-lost'), 'at-least-once'), schedule);
    const eos = applySchedule(underPreset(scenario('alo-producer-ack-lost'), 'exactly-once'), schedule);
    expect(alo.unmatched).toEqual([]);
    expect(eos.unmatched).toEqual([]);
    expect(alo.world.steps[(alo.fired[0]?.step ?? 0) - 1]?.action).toMatch(/^lose:/);
    expect(outcome(alo.world).summary.risk).toBe('duplicates');
    expect(outcome(eos.world).summary.risk).toBe('none');
  });

  it('crashes the consumer right after it processes the record it names, before its commit', () => {
    const s = twoRecords('alo-consumer-crash-before-commit');
    const run = applySchedule(s, [{ kind: 'crash', node: 'consumer', after: 'process', record: 'm2' }]);
    const at = (run.fired[0]?.step ?? 0) - 1;
    expect(run.world.steps[at - 1]?.label).toContain('process(m2)');
    expect(run.world.steps[at]?.action).toBe('crash:consumer');
    expect(outcome(run.world).ledger.find((r) => r.record === 'm2')?.verdict).toBe('duplicated');
    // One poll returned both records and commitSync() comes after the batch: m1 is read again too.
    expect(outcome(run.world).ledger.find((r) => r.record === 'm1')?.verdict).toBe('duplicated');
  });

  it("lets request.timeout.ms fire for the record's Produce", () => {
    const s = twoRecords('alo-producer-ack-lost');
    const run = applySchedule(s, [{ kind: 'timeout', request: 'Produce', record: 'm2' }]);
    expect(run.fired.map((f) => f.actionId)).toEqual([
      expect.stringMatching(/^timer:producer:requestTimeout:/),
    ]);
    expect(run.world.steps[(run.fired[0]?.step ?? 0) - 1]?.label).toContain('m2');
  });

  it('lets the leader answer the 2nd Produce with a retriable error, which the producer retries', () => {
    const s = twoRecords('alo-producer-ack-lost');
    const run = applySchedule(s, [
      { kind: 'error-response', request: 'Produce', error: 'NOT_LEADER_OR_FOLLOWER', nth: 2 },
    ]);
    expect(run.unmatched).toEqual([]);
    expect(run.fired.map((f) => f.actionId)).toEqual([
      expect.stringMatching(/^error:\d+:NOT_LEADER_OR_FOLLOWER$/),
    ]);
    const ledger = outcome(run.world).ledger;
    expect(ledger.map((r) => [r.record, r.verdict])).toEqual([
      ['m1', 'once'],
      ['m2', 'once'],
    ]);
  });

  it('reports the faults that found nothing to hit, and runs on without them', () => {
    const s = scenario('alo-producer-ack-lost');
    const run = applySchedule(s, [
      { kind: 'lose-response', message: 'ProduceResponse', record: 'm9' },
      { kind: 'error-response', request: 'Produce', error: 'NOT_LEADER_OR_FOLLOWER', nth: 9 },
      { kind: 'crash', node: 'consumer', after: 'process' },
    ]);
    expect(run.unmatched).toEqual([0, 1]);
    expect(run.fired.map((f) => f.fault)).toEqual([2]);
  });

  it("turns a lesson's injected choices into the schedule that reproduces its verdict", () => {
    for (const id of [
      'alo-producer-ack-lost',
      'alo-consumer-crash-before-commit',
      'amo-producer-no-retry',
      'reorder-without-idempotence',
    ]) {
      const lesson = scenarioById(id) as Scenario;
      const world = runScenario(lesson);
      const schedule = scheduleOf(
        lesson,
        world.steps.map((s) => s.action),
      );
      expect(schedule.length, id).toBeGreaterThan(0);
      const applied = applySchedule(scenario(id), schedule);
      expect(applied.unmatched, id).toEqual([]);
      expect(outcome(applied.world).summary.risk, id).toBe(outcome(world).summary.risk);
    }
    expect(
      scheduleOf(
        scenario('alo-producer-ack-lost'),
        runScenario(scenarioById('alo-producer-ack-lost') as Scenario).steps.map((s) => s.action),
      ),
    ).toEqual([{ kind: 'lose-response', message: 'ProduceResponse', nth: 1, record: 'm1' }]);
  });

  /** Random runs: at each of up to 12 steps, the index of the choice taken among what the world offers. */
  it('applies identically on replay: the schedule of its own run gives back the same run', () => {
    const scenarios = [
      'alo-producer-ack-lost',
      'eos-processor-crash',
      'alo-consumer-crash-before-commit',
    ].map(scenario);
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: scenarios.length - 1 }),
        fc.array(fc.nat(40), { maxLength: 12 }),
        (which, picks) => {
          const s = scenarios[which] as Scenario;
          let world = createWorld(s);
          const choices: string[] = [];
          for (const pick of picks) {
            const offered = enabledActions(world);
            const chosen = offered[pick % Math.max(1, offered.length)];
            if (!chosen) break;
            choices.push(chosen.id);
            world = step(world, chosen.id);
          }
          const schedule = scheduleOf(s, choices);
          const first = applySchedule(s, schedule);
          const again = applySchedule(s, scheduleOf(s, first.choices));
          expect(again.choices).toEqual(first.choices);
          expect(applySchedule(s, schedule).choices).toEqual(first.choices);
        },
      ),
      { numRuns: 30, seed: 12 },
    );
  }, 60_000);
});
