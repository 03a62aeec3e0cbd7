import { describe, expect, it } from 'vitest';
import { runCli, type CliResult } from './runner.ts';

const ID = 'alo-producer-ack-lost';

function expectRejected(r: CliResult, named: string | RegExp) {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  expect(r.stderr).toMatch(named);
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

describe('npm run sim -- lab', () => {
  it('prints the same report for the same seed, and the comparison table as CSV or Markdown', () => {
    const args = ['lab', ID, '--runs', '30', '--seed', '4', '--loss', '0.1'];
    const a = runCli(args);
    expect(a.code).toBe(0);
    expect(runCli(args).stdout).toBe(a.stdout);
    const report = JSON.parse(a.stdout) as { configs: { label: string; lost: { runs: number } }[] };
    expect(report.configs.map((c) => c.label)).toEqual(['At-most-once', 'At-least-once', 'Exactly-once']);
    expect(report.configs[0]?.lost.runs).toBe(30);
    const csv = runCli([...args, '--format', 'csv', '--semantics', 'exactly-once']).stdout.split('\n');
    expect(csv[0]).toMatch(/^semantics,runs,lost \(95 % CI\),/);
    expect(csv[1]).toMatch(/^Exactly-once,30,/);
    expect(runCli([...args, '--format=md']).stdout).toContain('| --- |');
  }, 60_000);

  it.each([
    [['--runs', '0'], /--runs takes a whole number from 1/],
    [['--runs', '1e3'], /--runs takes a whole number/],
    [['--loss', '2'], /--loss takes a probability from 0 to 1/],
    [['--loss', '1e-3'], /--loss takes a probability/],
    [['--loss', '-0.1'], /Unknown option "-0.1"|--loss takes a probability/],
    [['--timeout', '0x1'], /--timeout takes a probability/],
    [['--semantics', 'exactly-twice'], /Unknown semantics "exactly-twice"/],
    [['--format', 'svg'], /Unknown --format "svg"/],
    [['--nope', '1'], /Unknown option "--nope"/],
    [['--runs', '5', '--runs', '6'], /--runs is given twice/],
    [['--seed'], /--seed needs a value/],
  ])('refuses %j with a sentence and exit code 2', (extra, named) => {
    expectRejected(runCli(['lab', ID, ...extra]), named);
  });

  it('names a scenario it cannot find', () => {
    expectRejected(runCli(['lab', 'no-such-scenario']), /neither a built-in scenario nor a readable file/);
    expectRejected(runCli(['lab']), /Which scenario\?/);
  });
});

describe('npm run sim -- explore', () => {
  it("finds at-least-once's duplicate with one fault, with a link that opens it at the decisive step", () => {
    const r = runCli(['explore', ID, '--guarantee', 'no-duplicates', '--faults', '1']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as {
      counterexample: { faults: number; decisiveStep: number };
      link: string;
      summary: string;
    };
    expect(out.counterexample.faults).toBe(1);
    expect(out.link).toMatch(/^#run=1\./);
    expect(out.summary).toMatch(/\(1 fault; [\d,]+ states explored\)$/);
  }, 60_000);

  it('says when there is no counterexample within the bound, and when it stopped early', () => {
    const none = runCli([
      'explore',
      ID,
      '--semantics',
      'exactly-once',
      '--crashes',
      'brokers',
      '--faults',
      '1',
      '--format',
      'md',
    ]);
    expect(none.stdout).toMatch(/No counterexample with ≤ 1 fault \([\d,]+ states\)\./);
    const cut = runCli([
      'explore',
      ID,
      '--semantics',
      'exactly-once',
      '--faults',
      '3',
      '--max-states',
      '500',
    ]);
    expect(JSON.parse(cut.stdout)).toMatchObject({ complete: false, states: 500 });
  }, 60_000);

  it.each([
    [['--faults', '9'], /--faults takes a whole number from 0 to 5/],
    [['--guarantee', 'no-bugs'], /Unknown --guarantee "no-bugs"/],
    [['--crashes', 'zookeeper'], /Unknown --crashes "zookeeper"/],
    [['--max-states', '0'], /--max-states takes a whole number from 1/],
  ])('refuses %j with a sentence and exit code 2', (extra, named) => {
    expectRejected(runCli(['explore', ID, ...extra]), named);
  });
});
