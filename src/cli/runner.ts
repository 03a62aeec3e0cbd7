/**
 * The headless runner: `npm run sim -- <scenario.json | scenario id> [options]`. It runs the scenario's
 * scripted choices, then natural steps until the run comes to rest (or exactly the `--choices` given),
 * and prints the run in one of its formats.
 *
 * Layering: this module knows only src/. The entry point (app/static/sim.ts) hands it extra formats,
 * such as the SVG one, which renders the app's React diagram: src/ stays free of React, and the runner
 * stays the one place that reads arguments, loads scenarios and reports bad input.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { SCENARIOS, scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { LIMITS, quote } from '../share/limits.ts';
import { formatErrors, parseScenarioText } from '../share/scenarioDocument.ts';
import { applySchedule, missedFaults } from '../lab/schedule.ts';
import { PresetMismatch } from '../lab/variants.ts';
import { replay, resolveChoice, runScenario } from '../sim/run.ts';
import { advance, enabledActions } from '../sim/step.ts';
import { createWorld, type World } from '../sim/world.ts';
import { InputError, parseArgs } from './args.ts';
import { CORE_FORMATS, THEMES, type CliRun, type OutputFormat } from './formats.ts';
import { EXPLORE_USAGE, exploreCommand, LAB_USAGE, labCommand, type CommandOutput } from './labCommands.ts';

export interface CliResult {
  /** 0 done; 1 a bug in the playground; 2 bad input; 3 the run broke an invariant. */
  code: number;
  stdout: string;
  stderr: string;
}

function usageOf(formats: readonly OutputFormat[]): string {
  const width = Math.max(...formats.map((f) => f.name.length));
  return `Usage: npm run sim -- <scenario.json | scenario id> [options]
       npm run sim -- lab <scenario> [options]       (the Monte-Carlo lab: --help for its options)
       npm run sim -- explore <scenario> [options]   (the counterexample explorer: --help for its options)

Options:
  --format <name>     what to print:
${formats.map((f) => `                        ${f.name.padEnd(width)}  ${f.describe}`).join('\n')}
  --theme <${THEMES.join('|')}>  colours of the picture formats (default light)
  --step <n>          show the run up to step n only
  --choices <a,b,…>   run exactly these choices (action ids such as deliver:3, lose:ProduceResponse,
                      crash:consumer) instead of the scenario's script and natural steps
  -o, --output <file> write to the file instead of stdout (npm prints its own lines on stdout
                      unless run as npm run -s)
  --help              this text

Built-in scenarios: ${SCENARIOS.map((s) => s.id).join(', ')}`;
}

/** Runs the command line `argv` and returns what to print; never throws. */
export function runCli(argv: readonly string[], extraFormats: readonly OutputFormat[] = []): CliResult {
  const formats = [...CORE_FORMATS, ...extraFormats];
  const usage = usageOf(formats);
  try {
    const command = COMMANDS[argv[0] ?? ''];
    if (command) return runCommand(command, argv.slice(1), usage);
    const args = parseArgs(
      argv,
      formats.map((f) => f.name),
      usage,
    );
    if (args.help) return { code: 0, stdout: usage + '\n', stderr: '' };
    const format = formats.find((f) => f.name === args.format) as OutputFormat;
    if (args.theme !== undefined && !format.themed)
      throw new InputError(
        `--theme applies to ${themedNames(formats)} only, not to --format ${format.name}.`,
      );
    const scenario = loadScenario(args.source, usage);
    const notes: string[] = [];
    const run = buildRun(scenario, args.choices, args.step, notes);
    const text = format.render(run, { theme: args.theme ?? 'light' });
    if (args.output !== undefined) write(args.output, text);
    const stdout = args.output === undefined ? text : '';
    const stderr = notes.map((n) => n + '\n').join('');
    return { code: run.world.violations.length > 0 ? 3 : 0, stdout, stderr };
  } catch (e) {
    if (e instanceof InputError || e instanceof PresetMismatch)
      return { code: 2, stdout: '', stderr: e.message + '\n' };
    // A bug, not bad input: say so in one line rather than with a stack trace.
    const message = e instanceof Error ? e.message : String(e);
    return { code: 1, stdout: '', stderr: `Internal error: ${message}\n` };
  }
}

/** The subcommands: each parses its own options and loads its scenario as the runner does. */
const COMMANDS: Record<string, { usage: string; run: typeof labCommand }> = {
  lab: { usage: LAB_USAGE, run: labCommand },
  explore: { usage: EXPLORE_USAGE, run: exploreCommand },
};

function runCommand(command: (typeof COMMANDS)[string], argv: readonly string[], usage: string): CliResult {
  if (argv.includes('--help') || argv.includes('-h'))
    return { code: 0, stdout: command.usage + '\n', stderr: '' };
  const result: CommandOutput = command.run(argv, (source) => loadScenario(source, usage));
  if (result.output !== undefined) write(result.output, result.text);
  return { code: 0, stdout: result.output === undefined ? result.text : '', stderr: '' };
}

const themedNames = (formats: readonly OutputFormat[]) =>
  formats
    .filter((f) => f.themed)
    .map((f) => `--format ${f.name}`)
    .join(', ') || 'no format';

/** Runs `runCli` on the process's arguments and streams. */
export function main(extraFormats: readonly OutputFormat[] = []): void {
  // `… | head` closes the pipe early: the reader has what it wanted, so end quietly, as cat does.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(0);
  });
  const result = runCli(process.argv.slice(2), extraFormats);
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.code;
}

function write(path: string, text: string): void {
  try {
    writeFileSync(path, text);
  } catch (e) {
    throw new InputError(
      `Cannot write "${path}": ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`,
    );
  }
}

function loadScenario(source: string, usage: string): Scenario {
  const builtin = scenarioById(source);
  if (builtin) return builtin;
  let text: string;
  try {
    // Size and kind first: /dev/zero never ends and a FIFO blocks until someone writes to it.
    const stat = statSync(source);
    if (!stat.isFile())
      throw new InputError(`${quote(source)} is not a regular file: give a scenario id or a scenario file.`);
    if (stat.size > LIMITS.fileBytes)
      throw new InputError(
        `${quote(source)} holds ${stat.size.toLocaleString('en')} bytes; a scenario file holds at most ${LIMITS.fileBytes.toLocaleString('en')}.`,
      );
    text = readFileSync(source, 'utf8');
  } catch (e) {
    if (e instanceof InputError) throw e;
    throw new InputError(`${quote(source)} is neither a built-in scenario nor a readable file.\n${usage}`);
  }
  const parsed = parseScenarioText(text);
  if (!parsed.ok) throw new InputError(`${source} is not a valid scenario:\n${formatErrors(parsed.errors)}`);
  return parsed.value;
}

function buildRun(
  scenario: Scenario,
  choices: string[] | undefined,
  step: number | undefined,
  notes: string[],
): CliRun {
  const last = choices === undefined ? runScripted(scenario, notes) : runChoices(scenario, choices);
  const length = last.steps.length;
  if (step !== undefined && step > length)
    throw new InputError(`--step ${step} is past the end: this run has ${length} steps.`);
  const cursor = step ?? length;
  // The world at the cursor is a replay of the first `cursor` choices, as the playground's Back does.
  const world =
    cursor === length
      ? last
      : replay(
          scenario,
          last.steps.slice(0, cursor).map((s) => s.action),
        );
  return { scenario, last, world, cursor, length };
}

/** The scenario's fault schedule applied, or its script followed; then natural steps to rest. */
function runScripted(scenario: Scenario, notes: string[]): World {
  try {
    if (!scenario.faults?.length) return runScenario(scenario);
    const applied = applySchedule(scenario, scenario.faults);
    for (const missed of missedFaults(scenario.faults, applied))
      notes.push(`Scheduled fault "${missed}" found nothing to hit: the run went on without it.`);
    return applied.world;
  } catch (e) {
    throw new InputError(`The scenario "${scenario.id}" could not be run: ${(e as Error).message}`);
  }
}

/** Each choice is checked against what the world offers at that step, so a typo is named, not thrown. */
function runChoices(scenario: Scenario, choices: readonly string[]): World {
  let world = createWorld(scenario);
  choices.forEach((choice, i) => {
    const id = resolveChoice(world, choice);
    if (id === undefined) {
      const offered = enabledActions(world).map((a) => a.id);
      throw new InputError(
        `--choices: "${choice}" (choice ${i + 1}) is not offered at step ${i + 1}. ` +
          `Offered: ${offered.length > 0 ? offered.join(', ') : 'nothing (the run is at rest)'}.`,
      );
    }
    // The world is this loop's own (fresh from createWorld): advance extends its history in place
    // instead of copying it every step, as replay does.
    world = advance(world, id, true);
  });
  return world;
}
