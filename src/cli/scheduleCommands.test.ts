import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Fault } from '../lab/faults.ts';
import { LOST_ACK, scheduledAckDocument } from '../lab/scheduledAck.fixture.ts';
import { runCli } from './runner.ts';

/** A scenario file whose only faults are its schedule's. */
function scheduledFile(faults: Fault[]): string {
  const doc = scheduledAckDocument(faults);
  const path = join(mkdtempSync(join(tmpdir(), 'sim-schedule-')), 'scheduled.json');
  writeFileSync(path, JSON.stringify(doc));
  return path;
}

describe('npm run sim -- run | lab | explore with a scenario that carries a fault schedule', () => {
  it('run: the fault happens where the schedule says, and a fault that hits nothing is said', () => {
    const file = scheduledFile([LOST_ACK, { kind: 'lose-response', message: 'EndTxnResponse' }]);
    const r = runCli([file, '--format', 'trace']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/lose:\d+/);
    expect(r.stderr).toBe(
      'Scheduled fault "lose the first EndTxnResponse" found nothing to hit: the run went on without it.\n',
    );
    const outcome = JSON.parse(runCli([file]).stdout) as { summary: { risk: string } };
    expect(outcome.summary.risk).toBe('duplicates');
  });

  it('lab: every run of every semantics takes the schedule; exactly-once absorbs it', () => {
    const r = runCli(['lab', scheduledFile([LOST_ACK]), '--runs', '3']);
    const report = JSON.parse(r.stdout) as { configs: { label: string; duplicated: { count: number } }[] };
    expect(report.configs.map((c) => [c.label, c.duplicated.count])).toEqual([
      ['At-most-once', 0],
      ['At-least-once', 3],
      ['Exactly-once', 0],
    ]);
  }, 60_000);

  it('explore: the search starts after the schedule, so it breaks no-duplicates with no further fault', () => {
    const r = runCli(['explore', scheduledFile([LOST_ACK]), '--faults', '1']);
    const result = JSON.parse(r.stdout) as { counterexample: { faults: number; schedule: Fault[] } };
    expect(result.counterexample.faults).toBe(0);
    expect(result.counterexample.schedule).toEqual([LOST_ACK]);
  }, 60_000);
});
