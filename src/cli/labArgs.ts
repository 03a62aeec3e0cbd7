/**
 * The lab's and the explorer's command lines: `lab <scenario> --runs N --seed S [--loss p …]` and
 * `explore <scenario> --guarantee g --faults k`. Every value is checked before any work (decimal digits
 * only, within bounds): a mistake is an `InputError`, exit code 2, as for the runner's own options.
 */
import { GUARANTEES, isGuarantee, type Guarantee } from '../lab/guarantees.ts';
import { NO_FAULTS, type FaultModel } from '../lab/monteCarlo.ts';
import { PRESETS, type Semantics } from '../scenarios/presets.ts';
import { LAB_CONFIGS, type LabConfig } from '../lab/variants.ts';
import { quote } from '../share/limits.ts';
import { InputError } from './args.ts';

/** At most this many runs per semantics: 100,000 one-record runs take about a minute per core. */
export const MAX_RUNS = 100_000;
/** At most this many faults: the search grows about tenfold with each. */
export const MAX_FAULTS = 5;
/**
 * The explorer stops after this many states unless told otherwise (and says the search is incomplete):
 * enough for exactly-once's one-record search to three faults (5.7 million states, 6.5 minutes
 * in one thread here), and a bound on the time a bigger one takes.
 */
export const DEFAULT_MAX_STATES = 10_000_000;

export interface LabArgs {
  source: string;
  runs: number;
  seed: number;
  model: FaultModel;
  semantics: LabConfig[] | undefined;
  format: 'json' | 'csv' | 'md';
  output: string | undefined;
}

export interface ExploreArgs {
  source: string;
  guarantee: Guarantee;
  faults: number;
  crashes: 'all' | 'brokers';
  maxStates: number;
  semantics: Semantics | undefined;
  format: 'json' | 'md';
  output: string | undefined;
}

const RATES: Record<string, (keyof FaultModel)[]> = {
  '--loss': ['requestLoss', 'responseLoss'],
  '--request-loss': ['requestLoss'],
  '--response-loss': ['responseLoss'],
  '--broker-crash': ['brokerCrash'],
  '--processing-crash': ['processingCrash'],
  '--timeout': ['timeout'],
};

/** "--name value" and "--name=value" pairs, and the one positional argument (the scenario). */
function pairs(argv: readonly string[], usage: string): { source: string; options: Map<string, string> } {
  const options = new Map<string, string>();
  let source: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (arg.startsWith('-') && arg !== '-') {
      const eq = arg.indexOf('=');
      const name = arg === '-o' ? '--output' : eq > 0 ? arg.slice(0, eq) : arg;
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new InputError(`${name} needs a value.\n${usage}`);
      if (options.has(name)) throw new InputError(`${name} is given twice.`);
      options.set(name, value);
    } else if (source === undefined) source = arg;
    else throw new InputError(`Only one scenario at a time (got ${quote(source)} and ${quote(arg)}).`);
  }
  if (source === undefined) throw new InputError(`Which scenario? Name a built-in id or a file.\n${usage}`);
  return { source, options };
}

function unknown(options: Map<string, string>, known: readonly string[], usage: string): void {
  for (const name of options.keys())
    if (!known.includes(name)) throw new InputError(`Unknown option ${quote(name)}.\n${usage}`);
}

function integer(name: string, value: string, min: number, max: number): number {
  if (!/^\d{1,9}$/.test(value) || Number(value) < min || Number(value) > max)
    throw new InputError(
      `${name} takes a whole number from ${min} to ${max.toLocaleString('en')}, not ${quote(value)}.`,
    );
  return Number(value);
}

/** A probability as a plain decimal (0, 0.05, 1): no exponents, no hex, no sign. */
function probability(name: string, value: string): number {
  if (!/^(0(\.\d{1,9})?|1(\.0{1,9})?|\.\d{1,9})$/.test(value))
    throw new InputError(`${name} takes a probability from 0 to 1 (such as 0.05), not ${quote(value)}.`);
  return Number(value);
}

function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value))
    throw new InputError(`Unknown ${name} ${quote(value)}. Use one of: ${allowed.join(', ')}.`);
  return value as T;
}

const SEMANTICS = Object.keys(PRESETS) as Semantics[];

export function parseLabArgs(argv: readonly string[], usage: string): LabArgs {
  const { source, options } = pairs(argv, usage);
  unknown(options, ['--runs', '--seed', '--semantics', '--format', '--output', ...Object.keys(RATES)], usage);
  const model: FaultModel = { ...NO_FAULTS };
  for (const [name, fields] of Object.entries(RATES)) {
    const value = options.get(name);
    if (value !== undefined) for (const f of fields) model[f] = probability(name, value);
  }
  const semantics = options.get('--semantics');
  return {
    source,
    runs: integer('--runs', options.get('--runs') ?? '1000', 1, MAX_RUNS),
    seed: integer('--seed', options.get('--seed') ?? '1', 0, 999_999_999),
    model,
    semantics:
      semantics === undefined
        ? undefined
        : semantics.split(',').map((s) => oneOf('semantics', s.trim(), LAB_CONFIGS)),
    format: oneOf('--format', options.get('--format') ?? 'json', ['json', 'csv', 'md'] as const),
    output: options.get('--output'),
  };
}

export function parseExploreArgs(argv: readonly string[], usage: string): ExploreArgs {
  const { source, options } = pairs(argv, usage);
  unknown(
    options,
    ['--guarantee', '--faults', '--crashes', '--max-states', '--semantics', '--format', '--output'],
    usage,
  );
  const guarantee = options.get('--guarantee') ?? 'no-duplicates';
  if (!isGuarantee(guarantee))
    throw new InputError(
      `Unknown --guarantee ${quote(guarantee)}. Use one of: ${Object.keys(GUARANTEES).join(', ')}.`,
    );
  const semantics = options.get('--semantics');
  return {
    source,
    guarantee,
    faults: integer('--faults', options.get('--faults') ?? '2', 0, MAX_FAULTS),
    crashes: oneOf('--crashes', options.get('--crashes') ?? 'all', ['all', 'brokers'] as const),
    maxStates: integer(
      '--max-states',
      options.get('--max-states') ?? String(DEFAULT_MAX_STATES),
      1,
      100_000_000,
    ),
    semantics: semantics === undefined ? undefined : oneOf('semantics', semantics, SEMANTICS),
    format: oneOf('--format', options.get('--format') ?? 'json', ['json', 'md'] as const),
    output: options.get('--output'),
  };
}
