import { documentedTopology, type Scenario, type ScenarioDocument } from '../scenarios/types.ts';
import { naturalStepLimit, replay, runToRest } from '../sim/run.ts';
import { advance, naturalAction } from '../sim/step.ts';
import { createWorld, type World } from '../sim/world.ts';
import { describeChoice, offeredFaults } from './choiceAdapter.ts';
import { describeFault, matches, type Fault, type Schedule } from './faults.ts';
import { copyTally, emptyTally, observe, type Tally } from './tally.ts';

/**
 * A schedule applied to a scenario: the run follows its natural path, and each fault fires at the first
 * event it matches after the one before it fired. A fault that finds nothing to hit before the run comes
 * to rest is reported, and the run goes on without it.
 */
export interface AppliedSchedule {
  /** The run at rest. */
  world: World;
  /** Every step's action id: the run as a link holds it. */
  choices: string[];
  /** Each fault that fired: its index in the schedule and the step (1-based) it took. */
  fired: { fault: number; step: number; actionId: string }[];
  /** Indices of the faults that found nothing to hit. */
  unmatched: number[];
}

/** A run being walked: a world this walk owns (its history grows in place) and its tally. */
interface Walk {
  world: World;
  tally: Tally;
}

/** The initial world, whose tally knows the messages its components sent on start (a consumer's OffsetFetch). */
function startWalk(scenario: Scenario): Walk {
  const walk: Walk = { world: createWorld(scenario), tally: emptyTally() };
  observe(walk.tally, walk.world);
  return walk;
}

function take(walk: Walk, actionId: string): Walk {
  const world = advance(walk.world, actionId, true);
  observe(walk.tally, world);
  return { world, tally: walk.tally };
}

/** A copy that may go another way (a probe for a fault that may never come). */
const fork = (walk: Walk): Walk => ({
  world: { ...walk.world, steps: walk.world.steps.slice() },
  tally: copyTally(walk.tally),
});

/** The action that fires `fault` now, if the world offers one. */
function hit(walk: Walk, fault: Fault): string | undefined {
  return offeredFaults(walk.world, walk.tally, fault.kind).find((o) => matches(fault, o.event))?.actionId;
}

export function applySchedule(scenario: Scenario, schedule: Schedule): AppliedSchedule {
  const applied = applyFrom(startWalk(scenario), schedule);
  const world = runToRest(applied.walk.world);
  return { world, choices: world.steps.map((s) => s.action), ...applied };
}

/** Each fault of `schedule` fired at the first event it matches from `walk` on, after the one before it. */
function applyFrom(
  start: Walk,
  schedule: Schedule,
): { walk: Walk } & Pick<AppliedSchedule, 'fired' | 'unmatched'> {
  let walk = start;
  const fired: AppliedSchedule['fired'] = [];
  const unmatched: number[] = [];
  const limit = naturalStepLimit(walk.world.scenario);
  schedule.forEach((fault, index) => {
    let actionId = hit(walk, fault);
    let probe = actionId ? walk : fork(walk);
    for (let i = 0; !actionId && i < limit; i++) {
      const next = naturalAction(probe.world);
      if (!next) break;
      probe = take(probe, next);
      actionId = hit(probe, fault);
    }
    if (!actionId) {
      unmatched.push(index);
      return;
    }
    walk = take(probe, actionId);
    fired.push({ fault: index, step: walk.world.steps.length, actionId });
  });
  return { walk, fired, unmatched };
}

/**
 * A run that took `choices` and still has the faults `pending` to come (a Monte-Carlo run whose drawn
 * faults came first): the choices from there to rest, each pending fault taken where it matches, as
 * `applySchedule` takes a schedule's; and when each fired (its index in `pending`, and the step, counted
 * from the first of the returned choices, 1-based).
 */
export function continueSchedule(
  scenario: Scenario,
  choices: readonly string[],
  pending: Schedule,
): { choices: string[]; fired: { fault: number; step: number }[] } {
  let walk = startWalk(scenario);
  for (const choice of choices) walk = take(walk, choice);
  const applied = applyFrom(walk, pending);
  const world = runToRest(applied.walk.world);
  const after = choices.length;
  return {
    choices: world.steps.slice(after).map((s) => s.action),
    fired: applied.fired.map(({ fault, step }) => ({ fault, step: step - after })),
  };
}

/**
 * Where a search for further faults starts: the scenario's own fault schedule applied, up to the step of
 * its last fault (the initial world when it has none, or none of them hit).
 */
export function scheduledStart(scenario: Scenario): World {
  if (!scenario.faults?.length) return createWorld(scenario);
  const applied = applySchedule(scenario, scenario.faults);
  const last = applied.fired[applied.fired.length - 1]?.step ?? 0;
  return replay(scenario, applied.choices.slice(0, last));
}

/** The faults of `schedule` that found nothing to hit in `applied`, in words. */
export function missedFaults(schedule: Schedule, applied: AppliedSchedule): string[] {
  return applied.unmatched.map((i) => describeFault(schedule[i] as Fault));
}

/**
 * The faults of a run: its choices that left the natural path, each described by what it hit, so that
 * the schedule applies to other configurations too (and, applied to this one, gives back the run the
 * schedule itself makes).
 */
export function scheduleOf(scenario: Scenario, choices: readonly string[]): Schedule {
  return scheduleWithSteps(scenario, choices).schedule;
}

/** scheduleOf, with the step (1-based, as a link's cursor) at which each of its faults was injected. */
export function scheduleWithSteps(
  scenario: Scenario,
  choices: readonly string[],
): { schedule: Schedule; steps: number[] } {
  const schedule: Schedule = [];
  const steps: number[] = [];
  let walk = startWalk(scenario);
  for (const [i, choice] of choices.entries()) {
    if (choice !== naturalAction(walk.world)) {
      const event = describeChoice(walk.world, walk.tally, choice);
      if (event) {
        const { fault, nthOfRecord } = event;
        // With a record, `nth` counts among that record's messages or calls.
        schedule.push(nthOfRecord !== undefined && 'nth' in fault ? { ...fault, nth: nthOfRecord } : fault);
        steps.push(i + 1);
      }
    }
    walk = take(walk, choice);
  }
  return { schedule, steps };
}

/**
 * The scenario as a document whose faults are `schedule` (a run's, turned into one by `scheduleOf`): its
 * script, climax and expectations go, since they were written for other faults; its id stays, so its
 * runs draw the same back-off jitter and the schedule replays the run it came from.
 */
export function documentWithSchedule(scenario: Scenario, schedule: Schedule): ScenarioDocument {
  const {
    configInput,
    config: _config,
    script: _script,
    climax: _climax,
    expected: _expected,
    faults: _faults,
    workload: _workload,
    topics: _topics,
    producers: _producers,
    ...rest
  } = scenario;
  return {
    ...rest,
    config: configInput,
    ...documentedTopology(scenario),
    ...(schedule.length > 0 ? { faults: schedule } : {}),
  };
}
