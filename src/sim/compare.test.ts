import { describe, expect, it } from 'vitest';
import { scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { compareSemantics, faultsOf } from './compare.ts';
import { runScenario } from './run.ts';

const scenario = (id: string) => scenarioById(id) as Scenario;
const choicesOf = (s: Scenario) => runScenario(s).steps.map((x) => x.action);

describe('compareSemantics', () => {
  it('describes a lost ack portably, not by message id', () => {
    const s = scenario('alo-producer-ack-lost');
    const faults = faultsOf(s, choicesOf(s));
    expect(faults.map((f) => f.choice)).toEqual(['lose:ProduceResponse#1']);
  });

  it('the same lost ack: at-least-once duplicates, exactly-once absorbs it', () => {
    const s = scenario('alo-producer-ack-lost');
    const byMode = Object.fromEntries(compareSemantics(s, choicesOf(s)).map((c) => [c.semantics, c]));
    expect(byMode['at-least-once']?.outcome?.ledger[0]?.verdict).toBe('duplicated');
    expect(byMode['exactly-once']?.outcome?.ledger[0]?.verdict).toBe('once');
    expect(byMode['exactly-once']?.skipped).toEqual([]);
  });

  it('a consumer crash before the commit loses data only under at-most-once and duplicates under at-least-once', () => {
    const s = scenario('alo-consumer-crash-before-commit');
    const byMode = Object.fromEntries(
      compareSemantics(s, choicesOf(s)).map((c) => [c.semantics, c.outcome?.summary.risk]),
    );
    expect(byMode['at-least-once']).toBe('duplicates');
    expect(byMode['at-most-once']).not.toBe('duplicates');
  });

  it('explains why a consume–transform–produce scenario cannot be compared', () => {
    const s = scenario('eos-processor-crash');
    expect(compareSemantics(s, []).every((c) => c.unavailable)).toBe(true);
  });
});

describe('compareSemantics on a run nobody checked', () => {
  it('a choice the world never offers makes the columns unavailable, with the reason, instead of throwing', () => {
    const s = scenario('alo-producer-ack-lost');
    const columns = compareSemantics(s, ['lose:NoSuchMessage']);
    expect(columns).toHaveLength(3);
    for (const c of columns) {
      expect(c.outcome).toBeNull();
      expect(c.unavailable).toMatch(/^These choices cannot be replayed: Step 1: "lose:NoSuchMessage"/);
    }
  });
});
