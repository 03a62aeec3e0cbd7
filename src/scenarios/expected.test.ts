import { describe, expect, it } from 'vitest';
import { outcome } from '../sim/ledger.ts';
import { replay, runScenario } from '../sim/run.ts';
import { SCENARIOS } from './index.ts';
import { verdictOf } from '../lesson/verdict.ts';

describe('every guided scenario shows what it claims', () => {
  for (const scenario of SCENARIOS) {
    it(`${scenario.id}: ${scenario.expected?.risk ?? 'no expectation'}`, () => {
      const world = runScenario(scenario);
      const result = outcome(world);
      expect(result.invariants.violations).toEqual([]);
      expect(result.summary.risk).toBe(scenario.expected?.risk);
      const verdicts = Object.fromEntries(result.ledger.map((row) => [row.record, row.verdict]));
      expect(verdicts).toEqual(scenario.expected?.verdicts);
      // Where the scenario says how often each effect ran outside Kafka, the ledger agrees.
      const claimed = scenario.expected?.effects;
      if (claimed)
        expect(Object.fromEntries(result.ledger.map((row) => [row.record, row.effects]))).toEqual(claimed);
    });
  }

  it('replaying the same choices gives the same trace, byte for byte', () => {
    for (const scenario of SCENARIOS) {
      const world = runScenario(scenario);
      const again = replay(
        scenario,
        world.steps.map((s) => s.action),
      );
      expect(JSON.stringify(again.steps)).toBe(JSON.stringify(world.steps));
    }
  });
});

describe('the seeds’ flows, in the log', () => {
  const run = (id: string) => outcome(runScenario(SCENARIOS.find((s) => s.id === id) ?? SCENARIOS[0]!));

  it('at-least-once: the lost ack leaves m1 at offsets 0 and 1, after two attempts', () => {
    const row = run('alo-producer-ack-lost').ledger[0];
    expect(row).toMatchObject({ record: 'm1', offsets: [0, 1], attempts: 2, processed: 2 });
  });

  it('exactly-once producer: the retry is recognised, m1 stays at offset 0 alone', () => {
    const row = run('eos-idempotent-retry').ledger[0];
    expect(row).toMatchObject({ record: 'm1', offsets: [0], attempts: 2, processed: 1 });
  });

  it('exactly-once pipeline: the aborted attempt is in the log, yet read_committed reads each output once', () => {
    const result = run('eos-processor-crash');
    const output = result.partitions.find((p) => p.partition === 'output-0');
    const kinds = output?.replicas[0]?.entries.map((e) => e.kind) ?? [];
    expect(kinds).toContain('ABORT');
    expect(kinds).toContain('COMMIT');
    expect(result.reads.read_committed).toEqual(['m1', 'm2']);
    expect(result.partitions.find((p) => p.partition === 'input-0')?.committedOffsets['app-group']).toBe(2);
  });

  it('the external effect happens twice although the output appears once', () => {
    const row = run('eos-external-effect').ledger[0];
    expect(row).toMatchObject({ verdict: 'once', effects: 2 });
  });

  it('the partition moves between two exactly-once instances: one committed output, the zombie’s aborted', () => {
    const result = run('eos-partition-moves-between-instances');
    const output = result.partitions.find((p) => p.partition === 'output-0')?.replicas[0];
    // Processor 1 (pid 1000) wrote m1' and aborted; processor 2 (pid 2000) wrote it again and committed.
    expect(output?.entries.map((e) => [e.offset, e.kind, e.producerId])).toEqual([
      [0, 'data', 1000],
      [1, 'ABORT', 1000],
      [2, 'data', 2000],
      [3, 'COMMIT', 2000],
    ]);
    expect(output?.highWatermark).toBe(4);
    // The group's committed offset is processor 2's, from its transaction.
    expect(result.partitions.find((p) => p.partition === 'input-0')?.committedOffsets).toEqual({
      enricher: 1,
    });
    expect(result.reads).toEqual({ read_committed: ['m1'], read_uncommitted: ['m1', 'm1'] });
    expect(result.ledger[0]).toMatchObject({ record: 'm1', verdict: 'once', processed: 2, effects: 2 });
    const world = runScenario(SCENARIOS.find((s) => s.id === 'eos-partition-moves-between-instances')!);
    expect(verdictOf(world).headline).toBe('Exactly once in Kafka — twice outside');
  });

  it('without idempotence a retry reorders the partition; with it, order holds', () => {
    expect(run('reorder-without-idempotence').summary.outOfOrder).toBe(true);
    expect(run('order-kept-with-idempotence').summary.outOfOrder).toBe(false);
  });
});
