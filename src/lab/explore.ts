import { deliverySemantics } from '../lesson/semantics.ts';
import type { Scenario } from '../scenarios/types.ts';
import { naturalStepLimit } from '../sim/run.ts';
import { advance, naturalAction } from '../sim/step.ts';
import type { World } from '../sim/world.ts';
import { faultChoices, type FaultAlphabet } from './choiceAdapter.ts';
import { describeFault, type Schedule } from './faults.ts';
import { breach, type Guarantee } from './guarantees.ts';
import { scheduledStart, scheduleOf } from './schedule.ts';
import { worldHash } from './worldHash.ts';

/**
 * The counterexample explorer: every fault schedule of up to `maxFaults` faults, with the natural path
 * between them, breadth-first by the number of faults, so the first run found that breaks the guarantee
 * has as few faults as any. Worlds are told apart by their canonical hash, and a world already met with
 * as few faults is not explored again.
 *
 * Level k holds the worlds right after a k-th fault; each is followed along its natural path to rest,
 * and every new world on the way offers its faults to level k+1. The last level is not stored: its
 * worlds are followed at once (with a seen set of their own, so that a world met there first is still
 * explored at a lower level), and a counterexample there counts only if no lower level has one.
 */

export interface ExploreOptions {
  maxFaults: number;
  alphabet?: Partial<FaultAlphabet>;
  /** Stop after this many states (the result says the search is incomplete). */
  maxStates?: number;
  /** Called every `PROGRESS_EVERY` states; return true to stop (the result says it is incomplete). */
  onProgress?: (p: { states: number; level: number }) => boolean | void;
}

export interface Counterexample {
  faults: number;
  /** The run's action ids, from the first step to rest: what a link holds. */
  choices: string[];
  /** Its faults, described by what they hit: they apply to other configurations too. */
  schedule: Schedule;
  /** The step (1-based) of the last fault: with one fault fewer, every run keeps the guarantee. */
  decisiveStep: number;
  /** The step where the break shows (the second processing of a record), when there is one. */
  showsAt?: number;
  sentence: string;
}

export interface ExploreResult {
  guarantee: Guarantee;
  maxFaults: number;
  /** Distinct worlds explored. */
  states: number;
  /** Of those, how many were first met after 0, 1, 2… faults: where the state space grows. */
  statesByFaults: number[];
  counterexample?: Counterexample;
  /** False when onProgress stopped the search. */
  complete: boolean;
  /** Runs that did not come to rest within the natural-step limit (a livelock of the model), and the first one's choices. */
  restless?: { count: number; first?: string[] };
}

const PROGRESS_EVERY = 2000;

/** A world right after a fault, with the step indices of its faults so far (and its hash, once taken). */
interface Seed {
  world: World;
  faultSteps: number[];
  hash?: string;
}

class Stopped extends Error {}

export function explore(scenario: Scenario, guarantee: Guarantee, options: ExploreOptions): ExploreResult {
  const alphabet: FaultAlphabet = {
    hold: guarantee === 'order-kept',
    replication: false,
    crashes: 'all',
    ...options.alphabet,
  };
  const limit = naturalStepLimit(scenario);
  const seen = new Set<string>();
  const seenLast = new Set<string>();
  let states = 0;
  const statesByFaults: number[] = Array.from({ length: options.maxFaults + 1 }, () => 0);
  let level = 0;
  let found: { seed: Seed; world: World } | undefined;
  let foundLast: { seed: Seed; world: World } | undefined;

  const count = (faults: number) => {
    states++;
    statesByFaults[faults] = (statesByFaults[faults] ?? 0) + 1;
    if (states === options.maxStates) throw new Stopped();
    if (states % PROGRESS_EVERY === 0 && options.onProgress?.({ states, level }) === true)
      throw new Stopped();
  };

  /** Follows a seed's natural path; returns the broken world at rest, if it breaks the guarantee. */
  const follow = (seed: Seed, set: Set<string>, next: Map<string, Seed> | null, last: boolean) => {
    let world = seed.world;
    for (let i = 0; i <= limit; i++) {
      const hash = (i === 0 && seed.hash) || worldHash(world);
      if (set.has(hash) || (last && seen.has(hash))) return undefined;
      set.add(hash);
      count(seed.faultSteps.length);
      if (next || last) branch(world, seed, next, last);
      if (found) return undefined;
      const natural = naturalAction(world);
      if (!natural) return breach(world, guarantee) ? world : undefined;
      world = advance(world, natural, true);
    }
    // A run that never rests (a livelock of the model): counted and reported, not a verdict.
    restless.count++;
    restless.first ??= world.steps.map((s) => s.action);
    return undefined;
  };

  /** The faults offered at `world`: stored for the next level, or (below the last level) followed at once. */
  const branch = (world: World, seed: Seed, next: Map<string, Seed> | null, last: boolean) => {
    if (last) return;
    const atLast = level + 1 === options.maxFaults;
    for (const id of faultChoices(world, alphabet)) {
      const after = advance({ ...world, steps: world.steps.slice() }, id, true);
      const child: Seed = { world: after, faultSteps: [...seed.faultSteps, after.steps.length] };
      if (atLast) {
        if (foundLast) continue;
        const broken = follow(child, seenLast, null, true);
        if (broken) foundLast = { seed: child, world: broken };
      } else {
        const hash = worldHash(after);
        if (!seen.has(hash) && !next?.has(hash)) next?.set(hash, { ...child, hash });
      }
    }
  };

  const restless: { count: number; first?: string[] } = { count: 0 };
  let complete = true;
  try {
    let frontier: Seed[] = [{ world: scheduledStart(scenario), faultSteps: [] }];
    for (level = 0; level <= options.maxFaults && frontier.length > 0 && !found; level++) {
      const next = new Map<string, Seed>();
      const expand = level < options.maxFaults;
      for (const seed of frontier) {
        const broken = follow(
          { ...seed, world: { ...seed.world, steps: seed.world.steps.slice() } },
          seen,
          expand ? next : null,
          false,
        );
        if (broken) {
          found = { seed, world: broken };
          break;
        }
      }
      if (!found && foundLast && level + 1 === options.maxFaults) found = foundLast;
      frontier = [...next.values()];
    }
  } catch (e) {
    if (!(e instanceof Stopped)) throw e;
    complete = false;
  }
  const result: ExploreResult = {
    guarantee,
    maxFaults: options.maxFaults,
    states,
    statesByFaults,
    complete,
    ...(restless.count > 0 ? { restless } : {}),
  };
  return found
    ? { ...result, counterexample: counterexampleOf(scenario, guarantee, found.seed, found.world) }
    : result;
}

function counterexampleOf(
  scenario: Scenario,
  guarantee: Guarantee,
  seed: Seed,
  world: World,
): Counterexample {
  const choices = world.steps.map((s) => s.action);
  const schedule = scheduleOf(scenario, choices);
  const what = breach(world, guarantee)?.what ?? '';
  const decisiveStep = seed.faultSteps[seed.faultSteps.length - 1] ?? 0;
  const showsAt = secondProcessing(world, guarantee);
  const faults =
    schedule.length === 0 ? 'With no fault at all' : `After ${schedule.map(describeFault).join(', then ')}`;
  return {
    faults: seed.faultSteps.length,
    choices,
    schedule,
    decisiveStep,
    ...(showsAt === undefined ? {} : { showsAt }),
    sentence: `${faults}, ${what} under ${deliverySemantics(scenario).mode}.`,
  };
}

/** For a duplicate: the step where some record is processed (or its effect runs) a second time. */
function secondProcessing(world: World, guarantee: Guarantee): number | undefined {
  if (guarantee !== 'no-duplicates' && guarantee !== 'no-duplicate-effects') return undefined;
  const seenOnce = new Set<string>();
  for (const s of world.steps)
    for (const e of s.events) {
      const key =
        guarantee === 'no-duplicates'
          ? e.kind === 'app' && e.name === 'process'
            ? e.summary
            : undefined
          : e.kind === 'effect'
            ? e.summary
            : undefined;
      if (key === undefined) continue;
      if (seenOnce.has(key)) return s.index;
      seenOnce.add(key);
    }
  return undefined;
}
