import { validateConfig } from '../config/validate.ts';
import { PRESETS, type Semantics } from '../scenarios/presets.ts';
import type { Scenario } from '../scenarios/types.ts';
import { clip } from '../share/limits.ts';
import { outcome, type Outcome } from './ledger.ts';
import { ordinal } from './messageIndex.ts';
import { MAX_NATURAL_STEPS, resolveChoice, runToRest } from './run.ts';
import { advance, naturalAction } from './step.ts';
import { createWorld, type World } from './world.ts';

/**
 * The same faults under all three semantics. A run's faults are its choices that left the happy path;
 * each is described by what it does ("lose the 1st ProduceResponse", "crash the consumer"), not by
 * message ids, which differ between configurations. Each semantics then runs its happy path and applies
 * the faults when they become possible.
 */

export interface Fault {
  /** A choice `resolveChoice` understands: "lose:ProduceResponse#1", "crash:consumer", "app:…". */
  choice: string;
  label: string;
  /** When: after the n-th time this application call was made (a crash is possible at any moment). */
  after?: { action: string; count: number };
}

export interface Comparison {
  semantics: Semantics;
  label: string;
  outcome: Outcome | null;
  /** Faults that never became possible under this configuration (e.g. no such message is ever sent). */
  skipped: Fault[];
  /** Why the comparison cannot run, if it cannot. */
  unavailable?: string;
}

const VERBS: Record<string, string> = { deliver: 'Deliver', lose: 'Lose', hold: 'Hold back' };

/** The choices among the first `choices` that were not the natural step, described portably. */
export function faultsOf(scenario: Scenario, choices: readonly string[]): Fault[] {
  const faults: Fault[] = [];
  const calls = new Map<string, number>();
  let after: Fault['after'];
  let world = createWorld(scenario);
  for (const choice of choices) {
    if (choice !== naturalAction(world))
      faults.push({ ...describe(world, choice), ...(after ? { after } : {}) });
    if (choice.startsWith('app:')) {
      const count = (calls.get(choice) ?? 0) + 1;
      calls.set(choice, count);
      after = { action: choice, count };
    }
    world = advance(world, choice, true); // every world here is ours: its history may grow in place
  }
  return faults;
}

/** A world of ours, and how many times each action was taken to reach it (asked at every probe step). */
interface Tally {
  world: World;
  taken: Map<string, number>;
}

/** The next world of a tally that owns its world (its steps array is appended to in place). */
function take(tally: Tally, action: string): Tally {
  tally.taken.set(action, (tally.taken.get(action) ?? 0) + 1);
  return { world: advance(tally.world, action, true), taken: tally.taken };
}

/** A copy that may go another way: its own steps array and counts, copied once, not at every step. */
const fork = (tally: Tally): Tally => ({
  world: { ...tally.world, steps: tally.world.steps.slice() },
  taken: new Map(tally.taken),
});

function describe(world: World, choice: string): Fault {
  const [verb = '', rest = ''] = choice.split(':');
  const verbLabel = VERBS[verb];
  if (verbLabel) {
    const m = world.network.find((x) => x.id === Number(rest));
    if (m) {
      const k = ordinal(world, m.id);
      return {
        choice: `${verb}:${m.body.name}#${k}`,
        label: `${verbLabel} ${m.body.name} #${k} (${m.summary})`,
      };
    }
  }
  const [kind = '', node = ''] = choice.split(':');
  const label =
    kind === 'crash'
      ? `Crash ${node}`
      : kind === 'restart'
        ? `Restart ${node}`
        : choice.replace(/^app:/, '').replace(/:/g, ' ');
  return { choice, label };
}

/** Runs the happy path, applying each fault as soon as it is offered; faults never offered are skipped. */
function runWithFaults(scenario: Scenario, faults: Fault[]): { world: World; skipped: Fault[] } {
  let run: Tally = { world: createWorld(scenario), taken: new Map() };
  const skipped: Fault[] = [];
  for (const fault of faults) {
    const due = (t: Tally) => !fault.after || (t.taken.get(fault.after.action) ?? 0) >= fault.after.count;
    let resolved = due(run) ? resolveChoice(run.world, fault.choice) : undefined;
    // The natural steps towards a fault not offered yet are a probe: if it never is, the run goes on
    // without them (so the probe is a fork, copied once; a fault offered at once needs none).
    let probe = resolved ? run : fork(run);
    for (let i = 0; !resolved && i < MAX_NATURAL_STEPS; i++) {
      const next = naturalAction(probe.world);
      if (!next) break;
      probe = take(probe, next);
      resolved = due(probe) ? resolveChoice(probe.world, fault.choice) : undefined;
    }
    if (!resolved) {
      skipped.push(fault);
      continue;
    }
    run = take(probe, resolved);
  }
  return { world: runToRest(run.world), skipped };
}

/** The presets, in column order. */
export const SEMANTICS = Object.keys(PRESETS) as Semantics[];

/**
 * Each preset's column. The scenario may come from a link or a file, so nothing here throws: a run that
 * cannot be replayed makes its columns `unavailable`, with the reason.
 */
export function compareSemantics(scenario: Scenario, choices: readonly string[]): Comparison[] {
  let faults: Fault[];
  try {
    faults = faultsOf(scenario, choices);
  } catch (e) {
    return SEMANTICS.map((semantics) =>
      unavailable(semantics, `These choices cannot be replayed: ${reason(e)}`),
    );
  }
  return SEMANTICS.map((semantics) => compareUnder(scenario, faults, semantics));
}

/**
 * One preset's column, from faults already found (`faultsOf`): each column replays the whole run, so a
 * screen may compute them one at a time. Never throws, as compareSemantics.
 */
export function compareUnder(scenario: Scenario, faults: Fault[], semantics: Semantics): Comparison {
  const preset = PRESETS[semantics];
  if (scenario.pipeline !== 'produce-consume') {
    return {
      semantics,
      label: preset.label,
      outcome: null,
      skipped: [],
      unavailable:
        'Compare replays produce–consume scenarios; this one is a consume–transform–produce pipeline.',
    };
  }
  const config = validateConfig(preset.config);
  if (!config.ok) throw new Error(`Preset ${semantics} is invalid`);
  const variant: Scenario = { ...scenario, configInput: preset.config, config: config.config, script: [] };
  try {
    const { world, skipped } = runWithFaults(variant, faults);
    return { semantics, label: preset.label, outcome: outcome(world), skipped };
  } catch (e) {
    return unavailable(semantics, `This configuration cannot replay the faults: ${reason(e)}`);
  }
}

const reason = (e: unknown) => clip(e instanceof Error ? e.message : String(e));

function unavailable(semantics: Semantics, why: string): Comparison {
  return { semantics, label: PRESETS[semantics].label, outcome: null, skipped: [], unavailable: why };
}
