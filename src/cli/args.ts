/** The headless runner's command line, parsed and checked: every mistake becomes an `InputError`. */
import { LIMITS, quote } from '../share/limits.ts';
import { THEMES, type Theme } from './formats.ts';

/** Bad input: the runner prints the message (never a stack trace) and exits with code 2. */
export class InputError extends Error {}

export interface CliArgs {
  /** A built-in scenario id or a scenario file's path. */
  source: string;
  format: string;
  theme: Theme | undefined;
  /** Show the run up to this step only. */
  step: number | undefined;
  /** The run's choices, instead of the scenario's script and natural path. */
  choices: string[] | undefined;
  /** Write to this file instead of stdout. */
  output: string | undefined;
  help: boolean;
}

const OPTIONS = ['--format', '--theme', '--step', '--choices', '--output'] as const;
/** Short forms people expect. */
const SHORT: Record<string, Option> = { '-o': '--output', '-f': '--format' };
type Option = (typeof OPTIONS)[number];

/**
 * `formats` are the names the entry point offers; `usage` is shown with the messages that need it.
 * Options take their value as the next word or after `=` (`--format svg`, `--format=svg`).
 */
export function parseArgs(argv: readonly string[], formats: readonly string[], usage: string): CliArgs {
  const args: CliArgs = {
    source: '',
    format: 'outcome',
    theme: undefined,
    step: undefined,
    choices: undefined,
    output: undefined,
    help: false,
  };
  let source: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg === '--help' || arg === '-h') return { ...args, help: true };
    const eq = arg.indexOf('=');
    const word = eq > 0 ? arg.slice(0, eq) : arg;
    const name = SHORT[word] ?? (word as Option);
    if (OPTIONS.includes(name)) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new InputError(`${name} needs a value.\n${usage}`);
      setOption(args, name, value, formats);
    } else if (arg.startsWith('-') && arg !== '-') {
      throw new InputError(`Unknown option "${arg}".\n${usage}`);
    } else if (source === undefined) {
      source = arg;
    } else {
      throw new InputError(`Only one scenario at a time (got "${source}" and "${arg}").`);
    }
  }
  if (source === undefined) throw new InputError(`Which scenario? Name a built-in id or a file.\n${usage}`);
  return { ...args, source };
}

function setOption(args: CliArgs, name: Option, value: string, formats: readonly string[]): void {
  switch (name) {
    case '--format':
      if (!formats.includes(value))
        throw new InputError(`Unknown --format "${value}". Use one of: ${formats.join(', ')}.`);
      args.format = value;
      return;
    case '--theme':
      if (!THEMES.includes(value as Theme))
        throw new InputError(`Unknown --theme "${value}". Use one of: ${THEMES.join(', ')}.`);
      args.theme = value as Theme;
      return;
    case '--step':
      // At most 15 digits: a step stays a safe integer (23 digits would read as 1e+23).
      if (!/^\d{1,15}$/.test(value))
        throw new InputError(`--step takes a step number (0 or more, decimal), not ${quote(value)}.`);
      args.step = Number(value);
      return;
    case '--choices':
      // An empty list is a run with no choices at all: the initial world.
      args.choices = value
        .split(',')
        .map((c) => c.trim())
        .filter((c) => c !== '');
      if (args.choices.length > LIMITS.choices)
        throw new InputError(
          `--choices holds ${args.choices.length} choices; a run holds at most ${LIMITS.choices}.`,
        );
      for (const c of args.choices)
        if (c.length > LIMITS.tokenLength)
          throw new InputError(
            `--choices: ${quote(c)} is longer than an action id (${LIMITS.tokenLength} characters).`,
          );
      return;
    case '--output':
      if (value === '') throw new InputError('--output needs a file name.');
      args.output = value;
      return;
  }
}
