import { describeFault, type Schedule } from '../lab/faults.ts';
import { coordinatorRequests } from '../lab/monteCarlo.ts';
import { applySchedule, scheduleOf, scheduleWithSteps, type AppliedSchedule } from '../lab/schedule.ts';
import { ALL_SEMANTICS, underPreset } from '../lab/variants.ts';
import { findStep } from '../lesson/lesson.ts';
import { deliverySemantics } from '../lesson/semantics.ts';
import { PRESETS, type Semantics } from '../scenarios/presets.ts';
import type { Scenario } from '../scenarios/types.ts';
import { clip } from '../share/limits.ts';
import { outcome, type RunSummary } from './ledger.ts';
import { tryRunScenario } from './run.ts';
import { scriptProgress } from './script.ts';
import type { World } from './world.ts';

/**
 * The same faults under several configurations, in lockstep. The faults are a fault schedule
 * (src/lab/faults.ts): the user's choices that left the natural path, each described by what it hit, so
 * that it applies to any configuration that produces the event it names. Each column applies the one
 * schedule to its own configuration; `lockstep` then lines the columns up so that every fault lands in
 * every column at the same tick of the story, however many natural steps each took to get there.
 */

/** The faults to compare, and where they come from. */
export interface CompareSchedule {
  schedule: Schedule;
  /** The user's choices up to the cursor, or, before any step, the scenario's own script. */
  source: 'run' | 'script';
  /** Why the faults could not be read (a link's choices the world never offers, a script that cannot run). */
  problem?: string;
}

/** The run's faults up to the cursor; before the first step, the scenario's own (its schedule, or its script's). Never throws. */
export function compareSchedule(scenario: Scenario, choices: readonly string[]): CompareSchedule {
  const source = choices.length > 0 ? 'run' : 'script';
  try {
    if (source === 'run') return { schedule: scheduleOf(scenario, choices), source };
    // A scenario file's schedule is already what Compare needs, for any configuration.
    if (scenario.faults?.length) return { schedule: scenario.faults, source };
    if ((scenario.script ?? []).length === 0) return { schedule: [], source };
    const played = tryRunScenario(scenario);
    if (!played.ok) return { schedule: [], source, problem: played.message };
    return {
      schedule: scheduleOf(
        scenario,
        played.world.steps.map((s) => s.action),
      ),
      source,
    };
  } catch (e) {
    return { schedule: [], source, problem: `These choices cannot be replayed: ${reason(e)}` };
  }
}

/** One column: a configuration, the schedule applied to it, and the faults that found nothing to hit. */
export interface Comparison {
  /** A preset's name, or the id of a configuration the user added. */
  id: string;
  label: string;
  /** The scenario under this column's configuration, with no script: what `applied.choices` replay on. */
  scenario: Scenario;
  applied: AppliedSchedule | null;
  /** Each fault that found nothing to hit here, in words ("lose the 1st ProduceResponse for m1"). */
  missed: string[];
  /** Why this configuration cannot run the schedule, if it cannot. */
  unavailable?: string;
}

/** One preset's column. Never throws: a schedule that cannot be applied makes it `unavailable`. */
export function compareUnder(scenario: Scenario, schedule: Schedule, semantics: Semantics): Comparison {
  const { label } = PRESETS[semantics];
  try {
    return compareVariant(underPreset(scenario, semantics), schedule, semantics, label);
  } catch (e) {
    return { id: semantics, label, scenario, applied: null, missed: [], unavailable: reason(e) };
  }
}

/** Any configuration's column: `variant` is the scenario under it (a preset, or the user's own). */
export function compareVariant(variant: Scenario, schedule: Schedule, id: string, label: string): Comparison {
  const column = { id, label, scenario: { ...variant, script: [] } };
  try {
    const applied = applySchedule(column.scenario, schedule);
    const missed = applied.unmatched.map((i) => describeFault(schedule[i] as Schedule[number]));
    return { ...column, applied, missed };
  } catch (e) {
    return {
      ...column,
      applied: null,
      missed: [],
      unavailable: `This configuration cannot replay the faults: ${reason(e)}`,
    };
  }
}

/** The three presets' columns, in order: the headless form of the Compare view. */
export function compareSemantics(scenario: Scenario, choices: readonly string[]): Comparison[] {
  const { schedule, problem } = compareSchedule(scenario, choices);
  return ALL_SEMANTICS.map((semantics) =>
    problem
      ? {
          id: semantics,
          label: PRESETS[semantics].label,
          scenario,
          applied: null,
          missed: [],
          unavailable: problem,
        }
      : compareUnder(scenario, schedule, semantics),
  );
}

/**
 * The columns lined up: at every tick each column's step (how many of its choices it has taken). Between
 * two faults each column takes its natural steps one a tick, and one that needs fewer waits for the
 * others; then every column the fault hits takes it on the same tick. A column the fault misses keeps
 * pace with the others meanwhile, up to its own next fault.
 */
export interface Lockstep {
  /** The last tick: every column at rest. */
  ticks: number;
  /** steps[column][tick]: the column's step at that tick. */
  steps: number[][];
  /** The tick each fault of the schedule lands on, or null when it found nothing to hit anywhere. */
  faultTicks: (number | null)[];
  /**
   * Where Next stops, ascending: the tick before each fault (every column on its brink) and the tick it
   * lands, each tick a column's application processes a record (where a duplicate shows), each tick a
   * column comes to rest, and the last.
   */
  stops: number[];
}

export function lockstep(schedule: Schedule, columns: readonly (AppliedSchedule | null)[]): Lockstep {
  const steps = columns.map(() => [0]);
  const at = columns.map(() => 0);
  let tick = 0;
  /** Every column takes `wanted[c]` more steps, one a tick, until the one that wants most is done. */
  const advance = (wanted: number[]) => {
    const longest = Math.max(0, ...wanted);
    for (let t = 1; t <= longest; t++) {
      tick++;
      wanted.forEach((w, c) => {
        if (t <= w) at[c] = (at[c] ?? 0) + 1;
        steps[c]?.push(at[c] ?? 0);
      });
    }
  };
  const stepOf = (a: AppliedSchedule | null, fault: number) => a?.fired.find((f) => f.fault === fault)?.step;
  const faultTicks = schedule.map((_, fault) => {
    const firedAt = columns.map((a) => stepOf(a, fault));
    const before = firedAt.map((step, c) => (step === undefined ? 0 : step - 1 - (at[c] ?? 0)));
    const stretch = Math.max(0, ...before);
    advance(
      firedAt.map((step, c) => {
        if (step !== undefined) return before[c] ?? 0;
        // Missed here: natural steps alongside the others, short of this column's next fault.
        const a = columns[c] ?? null;
        const next = a?.fired.find((f) => f.fault > fault)?.step;
        const room = (next === undefined ? (a?.choices.length ?? 0) : next - 1) - (at[c] ?? 0);
        return Math.min(stretch, room);
      }),
    );
    if (firedAt.every((s) => s === undefined)) return null;
    advance(firedAt.map((step) => (step === undefined ? 0 : 1)));
    return tick;
  });
  advance(columns.map((a, c) => (a ? a.choices.length - (at[c] ?? 0) : 0)));
  const rests = steps.map((s) => s.indexOf(s[s.length - 1] ?? 0));
  const landings = faultTicks.flatMap((t) => (t === null ? [] : [t - 1, t]));
  const processing = columns.flatMap((a, c) =>
    (a?.world.steps ?? [])
      .filter((s) => /^app:[^:]+:process$/.test(s.action))
      .map((s) => steps[c]?.indexOf(s.index) ?? -1),
  );
  const stops = [...new Set([...landings, ...processing, ...rests, tick])]
    .filter((t) => t > 0)
    .sort((a, b) => a - b);
  return { ticks: tick, steps, faultTicks, stops };
}

/** A column's figures at one step, for the live table under the columns. */
export interface LiveRow {
  /** The seeds' row of the configuration: its mode, the risk it carries and its guarantee. */
  mode: string;
  risk: RunSummary['risk'];
  guarantee: string;
  atRest: boolean;
  /** Records lost: known only at rest (before that a record is only not delivered yet). */
  lost: string[] | null;
  /** Records delivered (or whose effect ran) more than once so far. */
  duplicated: string[];
  latencyMs: number | null;
  roundTrips: number;
  bytesOnWire: number;
  /** Every record in the partitions' logs, transaction markers included. */
  logRecords: number;
  markers: number;
  coordinatorRequests: number;
}

export function liveRow(world: World, atRest: boolean): LiveRow {
  const semantics = deliverySemantics(world.scenario);
  const { ledger, summary, effect } = outcome(world);
  const { cost } = summary;
  return {
    mode: semantics.mode,
    risk: semantics.risk,
    guarantee: semantics.guarantee,
    atRest,
    lost: atRest
      ? ledger
          .filter((r) => r.verdict === 'lost' || (effect !== null && r.effects === 0))
          .map((r) => r.record)
      : null,
    duplicated: ledger.filter((r) => r.verdict === 'duplicated' || r.effects > 1).map((r) => r.record),
    latencyMs: cost.endToEndLatencyMs,
    roundTrips: cost.roundTrips,
    bytesOnWire: cost.bytesOnWire,
    logRecords: cost.logRecords,
    markers: cost.markers,
    coordinatorRequests: coordinatorRequests(world),
  };
}

/**
 * The scenario's lesson prompts, placed in the comparison: each scripted fault's "Try this" at the tick
 * it lands, and the climax's callout in the column of the scenario's own semantics (the callout's words
 * are about that configuration's run) at the step that makes the point there. Only when the faults
 * compared are the lesson's own: a run that left the lesson has other faults and no prompts.
 */
export interface CompareLesson {
  /** Per fault of the schedule, its prompt, if the script gives one. */
  tryThis: (string | undefined)[];
  climax?: { column: string; step: number; callout: string };
}

export function compareLesson(
  scenario: Scenario,
  schedule: Schedule,
  columns: readonly Comparison[],
): CompareLesson | undefined {
  const played = (scenario.script ?? []).length > 0 ? tryRunScenario(scenario) : undefined;
  if (!played?.ok) return undefined;
  const scripted = scheduleWithSteps(
    scenario,
    played.world.steps.map((s) => s.action),
  );
  if (JSON.stringify(scripted.schedule) !== JSON.stringify(schedule)) return undefined;
  const { taken } = scriptProgress(played.world);
  const tryThis = scripted.steps.map((step) => taken.get(step)?.tryThis);
  const family = deliverySemantics(scenario).family;
  const column = columns.find((c) => c.id === family);
  const step = scenario.climax && column?.applied && findStep(column.applied.world.steps, scenario.climax.at);
  return step && scenario.climax
    ? { tryThis, climax: { column: family, step, callout: scenario.climax.callout } }
    : { tryThis };
}

const reason = (e: unknown) => clip(e instanceof Error ? e.message : String(e));
