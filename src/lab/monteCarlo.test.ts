import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { runLab } from './lab.ts';
import { toCsv, toMarkdown } from './labReport.ts';
import { mergeShares, naturalPath, NO_FAULTS, runRange, runShare, type FaultModel } from './monteCarlo.ts';
import { applySchedule } from './schedule.ts';
import { underPreset } from './variants.ts';
import { decodeRunLink } from '../share/runLink.ts';
import { replay } from '../sim/run.ts';
import { advance, naturalAction } from '../sim/step.ts';

const base = scenarioById('alo-producer-ack-lost') as Scenario;
const MODEL: FaultModel = {
  requestLoss: 0.05,
  responseLoss: 0.05,
  brokerCrash: 0.002,
  processingCrash: 0.05,
  timeout: 0.02,
};

describe('the Monte-Carlo lab', () => {
  it('gives the same results for a seed however many workers share the runs', () => {
    const path = naturalPath(underPreset(base, 'at-least-once'));
    const RUNS = 60;
    const whole = runRange(path, MODEL, 7, 0, RUNS, 5);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.boolean(), (count, fresh) => {
        // A worker has paths of its own; one thread may also run every share on the same one.
        const shares = Array.from({ length: count }, (_, index) =>
          runShare(fresh ? naturalPath(underPreset(base, 'at-least-once')) : path, MODEL, 7, RUNS, {
            index,
            count,
          }),
        );
        expect(shares.flatMap((s) => s.runs).length).toBe(RUNS);
        // Workers finish in any order.
        expect(mergeShares(shares.reverse(), 5)).toEqual(whole);
      }),
      { numRuns: 15, seed: 5 },
    );
    expect(runRange(path, MODEL, 8, 0, RUNS, 5).results).not.toEqual(whole.results);
  }, 120_000);

  it('gives each run the same result whether it walks stretches earlier runs stepped or steps its own', () => {
    // Runs share the worlds after the same faults at the same steps; a run alone shares nothing. Broker
    // crashes are frequent here: the same crash at different steps must not share worlds.
    const model = { ...MODEL, brokerCrash: 0.03 };
    for (const semantics of ['at-least-once', 'exactly-once'] as const) {
      const variant = underPreset(base, semantics);
      const RUNS = 60;
      const shared = runRange(naturalPath(variant), model, 9, 0, RUNS, RUNS);
      const alone = Array.from({ length: RUNS }, (_, i) =>
        runRange(naturalPath(variant), model, 9, i, i + 1, 1),
      );
      expect(shared.results.filter((r) => r.faults > 1).length).toBeGreaterThan(3);
      expect(shared.results).toEqual(alone.flatMap((r) => r.results));
      expect(shared.failures).toEqual(alone.flatMap((r) => r.failures));
      // Past the cap on kept worlds, a run steps the stretches nobody kept yet on its own.
      const capped = naturalPath(variant);
      capped.stretches.budget = 40;
      expect(runRange(capped, model, 9, 0, RUNS, RUNS)).toEqual(shared);
      expect(capped.stretches.budget).toBeLessThanOrEqual(0);
    }
  }, 120_000);

  it('without faults every run is the natural path: nothing lost, duplicated or reordered', () => {
    const report = runLab(base, { runs: 20, seed: 1, model: NO_FAULTS });
    for (const c of report.configs) {
      expect([c.lost.count, c.duplicated.count, c.reordered.count, c.restless]).toEqual([0, 0, 0, 0]);
      expect(c.costs.roundTrips.p50).toBe(c.costs.roundTrips.max);
    }
  });

  it("counts what each semantics' rules allow: at-most-once never duplicates, at-least-once never loses", () => {
    const onlyRequests = runLab(base, {
      runs: 150,
      seed: 2,
      model: { ...NO_FAULTS, requestLoss: 0.1 },
      semantics: ['at-most-once'],
    });
    const onlyResponses = runLab(base, {
      runs: 150,
      seed: 2,
      model: { ...NO_FAULTS, responseLoss: 0.1 },
      semantics: ['at-least-once'],
    });
    const [amo] = onlyRequests.configs;
    const [alo] = onlyResponses.configs;
    expect(amo?.lost.count).toBeGreaterThan(0);
    expect(amo?.duplicated.count).toBe(0);
    expect(alo?.duplicated.count).toBeGreaterThan(0);
    expect(alo?.lost.count).toBe(0);
  }, 60_000);

  it("keeps the scenario's scheduled faults in a run that drew faults before them", () => {
    // Two records; the schedule loses m2's ack, so at-least-once writes m2 twice. Lost requests are only
    // retried (at-least-once loses nothing and duplicates nothing for them), so every run, whatever it
    // drew before m2's ack, still takes the scheduled loss and duplicates m2.
    const scheduled: Scenario = {
      ...underPreset(
        { ...base, workload: { ...base.workload, records: ['m1', 'm2'] }, script: [] },
        'at-least-once',
      ),
      faults: [{ kind: 'lose-response', message: 'ProduceResponse', record: 'm2', nth: 1 }],
    };
    const model = { ...NO_FAULTS, requestLoss: 0.2 };
    const { results, failures } = runRange(naturalPath(scheduled), model, 4, 0, 40, 40);
    const drew = results.filter((r) => r.faults > 1);
    expect(drew.length).toBeGreaterThan(10);
    expect(results.filter((r) => !r.duplicated)).toEqual([]);
    // The drawn faults come first in some runs: the schedule's loss is taken after them.
    const lostAckAfterDraw = failures.filter(({ choices }) => {
      const losses = choices.filter((c) => c.startsWith('lose:'));
      return losses.length > 1;
    });
    expect(lostAckAfterDraw.length).toBeGreaterThan(0);
    // Still the same results however many workers share the runs.
    const shares = [0, 1, 2].map((index) =>
      runShare(naturalPath(scheduled), model, 4, 40, { index, count: 3 }, { keepFailures: 40 }),
    );
    expect(mergeShares(shares, 40)).toEqual({ from: 0, results, failures });
  }, 60_000);

  it("tells a duplicate's layers apart: exactly-once's reader processes again, the log holds each record once", () => {
    const report = runLab(base, {
      runs: 150,
      seed: 2,
      model: { ...NO_FAULTS, processingCrash: 0.3 },
      semantics: ['exactly-once', 'at-least-once'],
    });
    const [eos, alo] = report.configs;
    expect(eos?.duplicatedInLog.count).toBe(0);
    expect(eos?.reprocessed.count).toBeGreaterThan(0);
    expect(eos?.effectRepeated.count).toBe(eos?.reprocessed.count);
    expect(eos?.duplicated.count).toBe(eos?.reprocessed.count);
    // At-least-once's reader processes again too, and its log holds no copy from that alone.
    expect(alo?.reprocessed.count).toBeGreaterThan(0);
    const md = toMarkdown(report);
    expect(md).toContain("twice in the log, as the reader's isolation level reads it (95 % CI)");
    expect(md).toContain('Exactly-once: no record was ever twice in the log as its reader reads it;');
    expect(eos?.failures[0]?.broke).toBe('processed again by the reader, effect run again outside Kafka');
  }, 60_000);

  it('keeps each failing run as a schedule that breaks the same way again, and a link', () => {
    const report = runLab(base, { runs: 80, seed: 3, model: MODEL, semantics: ['at-least-once'] });
    const failures = report.configs[0]?.failures ?? [];
    expect(failures.length).toBeGreaterThan(0);
    for (const f of failures.slice(0, 5)) {
      expect(f.link).toMatch(/^#run=1\./);
      const again = applySchedule(underPreset(base, 'at-least-once'), f.schedule);
      expect(again.unmatched).toEqual([]);
      // The link opens where the run went wrong: at its last fault; every step after it is natural.
      const link = decodeRunLink(f.link.slice('#run='.length));
      if (!link.ok) throw new Error('the failure link does not decode');
      const { choices, step } = link.value;
      expect(step).toBeLessThan(choices.length);
      let w = replay(underPreset(base, 'at-least-once'), choices.slice(0, step - 1));
      expect(choices[step - 1]).not.toBe(naturalAction(w));
      w = advance(w, choices[step - 1] ?? '', true);
      for (const choice of choices.slice(step)) {
        expect(choice).toBe(naturalAction(w));
        w = advance(w, choice, true);
      }
    }
  }, 60_000);

  it('ranks the modes by cost as Kafka does: exactly-once > at-least-once ≥ at-most-once per record', () => {
    const report = runLab(base, { runs: 1, seed: 1, model: NO_FAULTS });
    const [amo, alo, eos] = report.configs.map((c) => c.costs);
    expect(eos?.roundTrips.perRecord).toBeGreaterThan(alo?.roundTrips.perRecord ?? Infinity);
    expect(alo?.roundTrips.perRecord).toBeGreaterThanOrEqual(amo?.roundTrips.perRecord ?? Infinity);
    expect(eos?.logRecords.perRecord).toBeGreaterThan(alo?.logRecords.perRecord ?? Infinity);
    const md = toMarkdown(report);
    expect(md).toContain('| At-most-once | 1 |');
    expect(toCsv(report).split('\n')[0]).toContain('lost (95 % CI)');
  });
});
