/**
 * Headless runner: `npm run sim -- <scenario.json | built-in id> [--format outcome|trace]`.
 * Runs the scenario's scripted choices, then natural steps until the run comes to rest, and prints the
 * outcome or the trace as JSON. Bad input: a clear message on stderr, exit code 2.
 */
import { readFileSync } from 'node:fs';
import { SCENARIOS, scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { formatErrors, parseScenarioText } from '../share/scenarioDocument.ts';
import { outcome } from '../sim/ledger.ts';
import { runScenario } from '../sim/run.ts';

const FORMATS = ['outcome', 'trace'] as const;
type Format = (typeof FORMATS)[number];

const USAGE = `Usage: npm run sim -- <scenario.json | scenario id> [--format ${FORMATS.join('|')}]
Built-in scenarios: ${SCENARIOS.map((s) => s.id).join(', ')}`;

class InputError extends Error {}

function parseArgs(argv: string[]): { source: string; format: Format } {
  let source: string | undefined;
  let format: Format = 'outcome';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') throw new InputError(USAGE);
    if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg.includes('=') ? arg.slice(9) : argv[++i];
      if (!FORMATS.includes(value as Format))
        throw new InputError(`Unknown --format "${value ?? ''}". Use one of: ${FORMATS.join(', ')}.`);
      format = value as Format;
    } else if (arg.startsWith('-')) {
      throw new InputError(`Unknown option "${arg}".\n${USAGE}`);
    } else if (source === undefined) {
      source = arg;
    } else {
      throw new InputError(`Only one scenario at a time (got "${source}" and "${arg}").`);
    }
  }
  if (source === undefined) throw new InputError(USAGE);
  return { source, format };
}

function loadScenario(source: string): Scenario {
  const builtin = scenarioById(source);
  if (builtin) return builtin;
  let text: string;
  try {
    text = readFileSync(source, 'utf8');
  } catch {
    throw new InputError(`"${source}" is neither a built-in scenario nor a readable file.\n${USAGE}`);
  }
  const parsed = parseScenarioText(text);
  if (!parsed.ok) throw new InputError(`${source} is not a valid scenario:\n${formatErrors(parsed.errors)}`);
  return parsed.value;
}

function main(argv: string[]): number {
  try {
    const { source, format } = parseArgs(argv);
    const scenario = loadScenario(source);
    let world;
    try {
      world = runScenario(scenario);
    } catch (e) {
      throw new InputError(`The scenario "${scenario.id}" could not be run: ${(e as Error).message}`);
    }
    if (format === 'outcome') process.stdout.write(JSON.stringify(outcome(world), null, 2) + '\n');
    else
      process.stdout.write(
        JSON.stringify({ participants: world.participants, steps: world.steps }, null, 2) + '\n',
      );
    return world.violations.length > 0 ? 3 : 0;
  } catch (e) {
    if (e instanceof InputError) {
      process.stderr.write(e.message + '\n');
      return 2;
    }
    throw e;
  }
}

process.exitCode = main(process.argv.slice(2));
