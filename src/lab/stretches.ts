import { advance, naturalAction } from '../sim/step.ts';
import type { World } from '../sim/world.ts';
import { drawSite, type DrawSite } from './draws.ts';
import type { Schedule } from './faults.ts';
import { continueSchedule } from './schedule.ts';

/**
 * The worlds a lab's runs share. A run is the natural path until its first drawn fault, then the
 * natural path from the world that fault made until the next one, and so on; every one of those worlds
 * depends only on the faults drawn so far and where, never on the run. Worlds are immutable, so the
 * stretch of natural steps after a given fault is stepped once and walked by every run that draws the
 * same fault at the same place: most runs draw nothing, or one fault out of a few hundred possible ones,
 * and stepping the simulation is nearly all that a run costs.
 */
export interface Stretch {
  /** The worlds from the stretch's first one, as far as some run walked it (never past rest). */
  worlds: World[];
  /** The action taken at each world: the natural one (undefined at rest), or a schedule's choice. */
  actions: (string | undefined)[];
  /** What a run may draw at each world, worked out the first time a run draws there. */
  sites: DrawSite[];
  /** Stretches that fork off this one: by "position|fault action". */
  forks: Map<string, Stretch>;
  /** Whether the stretch is kept (in its parent's forks) for later runs, and so counts against the budget. */
  kept: boolean;
  /** With a scenario's own fault schedule: the stretch's actions, planned to rest, and its scheduled faults. */
  plan?: Plan;
}

/**
 * The scenario's scheduled faults along a stretch. Drawn faults come on top of them: a stretch that forks
 * off at a drawn fault plans its way to rest with the scheduled faults not yet taken, each taken where it
 * matches from there on (the lab's runs keep the schedule whatever they draw).
 */
export interface Plan {
  /** The scheduled faults still to come where the stretch starts, in the schedule's order. */
  pending: Schedule;
  /** Those the stretch takes: each one's index in `pending` and the position it is taken at. */
  taken: { fault: number; position: number }[];
  /** Scheduled faults taken before the stretch's start. */
  takenBefore: number;
}

/** Scheduled faults taken before `position` of a stretch (every one since the run began). */
export function scheduledBefore(stretch: Stretch, position: number): number {
  const { plan } = stretch;
  return plan ? plan.takenBefore + plan.taken.filter((t) => t.position < position).length : 0;
}

/**
 * The stretches of one configuration, from its natural path. Kept worlds are capped so that a lab of
 * many runs with rare multiple faults (each a stretch no other run walks) cannot fill the memory: past
 * the cap, new forks are stepped for their run alone and dropped with it; what each run gets is the same.
 */
export interface Stretches {
  root: Stretch;
  /** Worlds that may still be kept. */
  budget: number;
}

/**
 * About 25 MB: a kept world costs ~6 KB beside the ones before it (measured on exactly-once's one-record
 * run), and the page runs one lab per core, so 8 cores keep 8 of these. The first forks, which most runs
 * share, are kept first: 10,000 runs × 3 semantics took the same CPU at 4,000 kept worlds as at 20,000
 * (16.3 s and 16.1 s), with half the resident memory (328 MB and 683 MB); at 1,000 they took 18.5 s.
 */
export const KEPT_WORLDS = 4_000;

export function stretchesFrom(worlds: World[], actions: (string | undefined)[], plan?: Plan): Stretches {
  return {
    root: { worlds, actions, sites: [], forks: new Map(), kept: true, ...(plan ? { plan } : {}) },
    budget: KEPT_WORLDS,
  };
}

/** The stretch after `actionId` (a fault) is taken at `stretch.worlds[position]`. */
export function forkAt(s: Stretches, stretch: Stretch, position: number, actionId: string): Stretch {
  const key = `${position}|${actionId}`;
  const known = stretch.forks.get(key);
  if (known) return known;
  // Every world is kept by some stretch, so no step may extend another world's history in place.
  const world = advance(stretch.worlds[position] as World, actionId, false);
  const planned = stretch.plan && planAfter(stretch, position, world);
  const fork: Stretch = {
    worlds: [world],
    actions: planned ? planned.actions : [naturalAction(world)],
    sites: [],
    forks: new Map(),
    kept: false,
    ...(planned ? { plan: planned.plan } : {}),
  };
  if (s.budget > 0) {
    fork.kept = true;
    s.budget--;
    stretch.forks.set(key, fork);
  }
  return fork;
}

/** A fork's way to rest from `world` (a drawn fault taken at `position`): the scheduled faults not yet taken, where they match. */
function planAfter(
  stretch: Stretch,
  position: number,
  world: World,
): { actions: (string | undefined)[]; plan: Plan } {
  const taken = stretch.plan?.taken ?? [];
  const pending = (stretch.plan?.pending ?? []).filter(
    (_, i) => !taken.some((t) => t.fault === i && t.position < position),
  );
  const rest = continueSchedule(
    world.scenario,
    world.steps.map((x) => x.action),
    pending,
  );
  return {
    actions: [...rest.choices, undefined],
    plan: {
      pending,
      taken: rest.fired.map(({ fault, step }) => ({ fault, position: step - 1 })),
      takenBefore: scheduledBefore(stretch, position),
    },
  };
}

/** The world at `position` of a stretch whose world before it is not at rest, stepped the first time it is asked for. */
export function worldAt(s: Stretches, stretch: Stretch, position: number): World {
  const { worlds, actions } = stretch;
  while (worlds.length <= position) {
    const world = advance(worlds[worlds.length - 1] as World, actions[worlds.length - 1] as string, false);
    worlds.push(world);
    // A planned stretch knows its actions to rest; any other takes the natural one.
    if (!stretch.plan) actions.push(naturalAction(world));
    if (stretch.kept) s.budget--;
  }
  return worlds[position] as World;
}

/** What a run may draw at `stretch.worlds[position]` (a world already stepped). */
export function siteAt(stretch: Stretch, position: number): DrawSite {
  return (stretch.sites[position] ??= drawSite(stretch.worlds[position] as World, stretch.actions[position]));
}
