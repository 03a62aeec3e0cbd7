import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { toMermaid } from '../diagram/mermaid.ts';
import { CATALOG } from '../scenarios/catalog.ts';
import { scenarioById } from '../scenarios/index.ts';
import { LIMITS } from '../share/limits.ts';
import { runScenario } from '../sim/run.ts';
import type { OutputFormat } from './formats.ts';
import { runCli, type CliResult } from './runner.ts';

const ID = 'alo-producer-ack-lost';
const full = runScenario(scenarioById(ID)!);
const dir = mkdtempSync(join(tmpdir(), 'sim-cli-'));
const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const json = (r: CliResult) => JSON.parse(r.stdout) as { steps: { action: string }[] };

/** Bad input: exit code 2, nothing on stdout, a message on stderr that names the problem, no stack. */
function expectRejected(r: CliResult, ...named: (string | RegExp)[]) {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  for (const n of named) expect(r.stderr).toMatch(n);
  expect(r.stderr).not.toMatch(/^\s+at /m);
}

describe('the headless runner, given good input', () => {
  it('runs the script and the natural path to rest, as outcome JSON by default', () => {
    const r = runCli([ID]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ledger: expect.any(Array) });
  });

  it('the outcome ends with the layered verdict: at rest, and before it (nothing lost yet)', () => {
    const verdict = (r: CliResult) =>
      (
        JSON.parse(r.stdout) as {
          verdict: { atRest: boolean; headline: string; records: { layers: string }[] };
        }
      ).verdict;
    const atRest = verdict(runCli(['eos-external-effect']));
    expect(atRest).toMatchObject({ atRest: true, headline: 'Exactly once in Kafka — twice outside' });
    expect(atRest.records.map((r) => r.layers)).toEqual(['Kafka: once · card charged: twice']);
    expect(verdict(runCli([ID, '--step', '3']))).toMatchObject({
      atRest: false,
      headline: 'Not at rest yet',
    });
  });

  it('prints the same Mermaid text as the Share menu, titled with the step', () => {
    const r = runCli([ID, '--format', 'mermaid']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      toMermaid(full.participants, full.steps, {
        upToStep: full.steps.length,
        title: `${scenarioById(ID)!.title} (step ${full.steps.length} of ${full.steps.length})`,
      }),
    );
  });

  it('--step N shows the first N steps only; --format=x and --step=n work too', () => {
    const trace = json(runCli([ID, '--format=trace', '--step=5']));
    expect(trace.steps.map((s) => s.action)).toEqual(full.steps.slice(0, 5).map((s) => s.action));
    const mermaid = runCli([ID, '--format', 'mermaid', '--step', '5']).stdout;
    expect(mermaid).toBe(
      toMermaid(full.participants, full.steps, {
        upToStep: 5,
        title: `${scenarioById(ID)!.title} (step 5 of ${full.steps.length})`,
      }),
    );
  });

  it('--choices runs exactly the choices given, and accepts message names as scripts do', () => {
    const first = full.steps.slice(0, 3).map((s) => s.action);
    const trace = json(runCli([ID, '--format', 'trace', '--choices', first.join(',')]));
    expect(trace.steps.map((s) => s.action)).toEqual(first);
    expect(json(runCli([ID, '--format', 'trace', '--choices', ''])).steps).toEqual([]);
  });

  it('-o / --output writes the file instead of stdout', () => {
    const path = join(dir, 'out.mmd');
    const r = runCli([ID, '--format', 'mermaid', '-o', path]);
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readFileSync(path, 'utf8')).toBe(runCli([ID, '--format', 'mermaid']).stdout);
  });

  it('reads a scenario file', () => {
    const doc = CATALOG.find((d) => d.id === ID)!;
    const r = runCli([file('ok.json', JSON.stringify(doc)), '--format', 'trace']);
    expect(r.code).toBe(0);
    expect(json(r).steps.length).toBe(full.steps.length);
  });

  it('--help prints the usage, every format and the built-in scenarios, and succeeds', () => {
    const extra: OutputFormat = { name: 'png', describe: 'a picture', render: () => '' };
    const r = runCli(['--help'], [extra]);
    expect(r.code).toBe(0);
    for (const word of ['outcome', 'trace', 'mermaid', 'png', '--step', '--choices', ID])
      expect(r.stdout).toContain(word);
  });

  it('hands an added format the run at the cursor and the theme', () => {
    let seen: unknown;
    const probe: OutputFormat = {
      name: 'probe',
      describe: 'records what it is given',
      themed: true,
      render: (run, options) => {
        seen = { cursor: run.cursor, length: run.length, steps: run.world.steps.length, ...options };
        return 'ok\n';
      },
    };
    const r = runCli([ID, '--format', 'probe', '--step', '4', '--theme', 'dark'], [probe]);
    expect(r).toEqual({ code: 0, stdout: 'ok\n', stderr: '' });
    expect(seen).toEqual({ cursor: 4, length: full.steps.length, steps: 4, theme: 'dark' });
  });
});

describe('the headless runner, given bad input', () => {
  it('names an unknown scenario, and lists the built-in ones', () => {
    expectRejected(runCli(['no-such-scenario']), '"no-such-scenario"', /neither a built-in/, ID);
  });

  it('asks for a scenario when none is given', () => {
    expectRejected(runCli([]), /Which scenario/);
  });

  it('names a file that is not JSON, and one that is not a valid scenario', () => {
    const broken = file('broken.json', '{ "format": ');
    expectRejected(runCli([broken]), broken, /not valid JSON/);
    const invalid = file('invalid.json', JSON.stringify({ format: 'something-else', version: 1 }));
    expectRejected(runCli([invalid]), `${invalid} is not a valid scenario`);
  });

  it('names an unknown format, theme, option, or a bad step', () => {
    expectRejected(runCli([ID, '--format', 'pdf']), /Unknown --format "pdf"/, /outcome, trace, mermaid/);
    expectRejected(runCli([ID, '--format']), /--format needs a value/);
    expectRejected(runCli([ID, '--verbose']), /Unknown option "--verbose"/);
    expectRejected(runCli([ID, '--step', 'two']), /--step takes a step number/);
    expectRejected(
      runCli([ID, '--step', '9999']),
      /--step 9999 is past the end/,
      `${full.steps.length} steps`,
    );
    expectRejected(runCli([ID, 'other-id']), /Only one scenario/);
    expectRejected(
      runCli([ID, '--output', join(dir, 'no-such-dir', 'x.svg')]),
      /Cannot write ".*x\.svg": ENOENT/,
    );
  });

  it('rejects --theme for a format without colours', () => {
    expectRejected(runCli([ID, '--theme', 'dark']), /--theme applies to no format/);
    expectRejected(runCli([ID, '--format', 'mermaid', '--theme', 'blue']), /Unknown --theme "blue"/);
  });

  it('names a choice the world does not offer, with what it offers', () => {
    expectRejected(
      runCli([ID, '--choices', 'deliver:999']),
      /"deliver:999" \(choice 1\) is not offered at step 1/,
      /Offered: .*app:producer/,
    );
  });

  it('reports a bug in a format as an internal error, exit code 1, without a stack', () => {
    const broken: OutputFormat = {
      name: 'broken',
      describe: 'throws',
      render: () => {
        throw new TypeError('cannot read x');
      },
    };
    const r = runCli([ID, '--format', 'broken'], [broken]);
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'Internal error: cannot read x\n' });
  });
});

describe('the headless runner, given hostile input', () => {
  it('reads regular files only: /dev/zero and a FIFO are refused at once, not read for ever', () => {
    expectRejected(runCli(['/dev/zero']), '"/dev/zero" is not a regular file');
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    expectRejected(runCli([fifo]), /is not a regular file/);
  });

  it('checks a file’s size before reading it', () => {
    const big = file('big.json', ' '.repeat(LIMITS.fileBytes + 1));
    expectRejected(runCli([big]), /holds 1,000,001 bytes; a scenario file holds at most 1,000,000/);
  });

  it('a 100,000-deep document is bad input (exit 2 with a message), not a stack overflow', () => {
    const deep = file('deep.json', `{"format":${'['.repeat(100_000)}${']'.repeat(100_000)}}`);
    expectRejected(runCli([deep]), `is nested more than ${LIMITS.depth} levels deep`);
  });

  it('a scripted choice that is never offered names the script entry', () => {
    const doc = { ...CATALOG[0], script: [{ action: 'lose:NoSuchMessage' }] };
    expectRejected(
      runCli([file('never.json', JSON.stringify(doc))]),
      /script\[0\]\.action "lose:NoSuchMessage" is never offered/,
    );
  });

  it('refuses a step that is not a safe decimal number, quoting it as given', () => {
    expectRejected(
      runCli([ID, '--step', '99999999999999999999999']),
      '--step takes a step number (0 or more, decimal), not "99999999999999999999999"',
    );
    expectRejected(runCli([ID, '--step', '0x10']), /not "0x10"/);
  });

  it('ends quietly when the reader closes the pipe (… | head -c 10)', () => {
    const r = spawnSync(
      'bash',
      [
        '-c',
        'node --import tsx app/static/sim.ts eos-processor-crash --format trace | head -c 10 >/dev/null; echo "${PIPESTATUS[0]}" >&2',
      ],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.stderr.trim()).toBe('0');
  }, 60_000);
});
