import { describe, expect, it } from 'vitest';
import { scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { costNotes, transactionCosts } from './costs.ts';
import { runLab } from './lab.ts';
import { NO_FAULTS } from './monteCarlo.ts';

const scenario = scenarioById('alo-producer-ack-lost') as Scenario;

describe('what the semantics cost', () => {
  it('ranks them as Kafka does: exactly-once above at-least-once above at-most-once, in round trips and log records per record', () => {
    const report = runLab(scenario, {
      runs: 150,
      seed: 5,
      model: { ...NO_FAULTS, requestLoss: 0.05, responseLoss: 0.05 },
    });
    const [amo, alo, eos] = report.configs.map((c) => c.costs);
    for (const metric of ['roundTrips', 'logRecords'] as const) {
      expect(eos?.[metric].perRecord).toBeGreaterThan(alo?.[metric].perRecord ?? Infinity);
      expect(alo?.[metric].perRecord).toBeGreaterThan(amo?.[metric].perRecord ?? Infinity);
    }
    expect(costNotes(report)[0]).toMatch(/^At-least-once costs [\d.]+ more round trips per record/);
  }, 60_000);

  it('with no fault, at-most-once (acks=1, retries=0) sends what at-least-once sends, and says so', () => {
    const report = runLab(scenario, { runs: 1, seed: 1, model: NO_FAULTS });
    const [amo, alo, eos] = report.configs.map((c) => c.costs);
    expect(amo?.roundTrips.perRecord).toBe(alo?.roundTrips.perRecord);
    expect(amo?.logRecords.perRecord).toBe(alo?.logRecords.perRecord);
    expect(eos?.logRecords.perRecord).toBe(2); // the record and its transaction's COMMIT marker
    expect(costNotes(report)[0]).toMatch(/^At-most-once and at-least-once send the same with no fault/);
  }, 60_000);

  it("charges exactly-once's overhead per transaction, not per record", () => {
    const rows = transactionCosts(scenario);
    expect(rows.map((r) => [r.recordsPerTransaction, r.transactions])).toEqual([
      [1, 10],
      [2, 5],
      [5, 2],
      [10, 1],
    ]);
    // One COMMIT marker per transaction.
    expect(rows.map((r) => r.logRecords)).toEqual([2, 1.5, 1.2, 1.1]);
    for (let i = 1; i < rows.length; i++) {
      expect(rows[i]?.roundTrips).toBeLessThan(rows[i - 1]?.roundTrips ?? 0);
      expect(rows[i]?.coordinatorRequests).toBeLessThan(rows[i - 1]?.coordinatorRequests ?? 0);
    }
  }, 60_000);
});
