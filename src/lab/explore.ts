import { deliverySemantics } from '../lesson/semantics.ts';
import type { Scenario } from '../scenarios/types.ts';
import { naturalStepLimit } from '../sim/run.ts';
import { advance, naturalAction } from '../sim/step.ts';
import type { World } from '../sim/world.ts';
import { faultChoices, type FaultAlphabet } from './choiceAdapter.ts';
import { describeFault, type Schedule } from './faults.ts';
import { breach, type Guarantee } from './guarantees.ts';
import { scheduledStart, scheduleOf } from './schedule.ts';
import { KeyTable } from './keyTable.ts';
import { worldKey, type WorldKey } from './worldHash.ts';

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
 *
 * A search can be split between workers (`exploreShare`, then `mergeExploreShares`): the last level holds
 * nearly all the states (98 % of exactly-once's to two faults), so every share explores the levels
 * below it alike, and follows only its own part of the last level's runs. Merged, the shares give the
 * result one search gives: the same counterexample, states and counts (see `mergeExploreShares`).
 */

export interface ExploreOptions {
  maxFaults: number;
  alphabet?: Partial<FaultAlphabet>;
  /** Stop after this many states (the result says the search is incomplete). */
  maxStates?: number;
  /**
   * At most this many worlds kept to branch from at the next level (default MAX_KEPT_WORLDS): past it,
   * the search covers one fault fewer than asked (see `ExploreResult.askedFaults`).
   */
  maxKeptWorlds?: number;
  /**
   * Called every `PROGRESS_EVERY` states, with the faults of the worlds being met; return true to stop
   * (the result says it is incomplete).
   */
  onProgress?: (p: ExploreProgress) => boolean | void;
}

/** How far a search is, said every `PROGRESS_EVERY` states. */
export interface ExploreProgress {
  /** The states met so far (a share's guess at the whole search's). */
  states: number;
  /** The faults of the worlds being met. */
  level: number;
  /**
   * While the last level is searched: how many of the worlds it branches from (those after `faults`
   * faults, one fewer) have been followed, of how many. Nearly all of a search's time goes there (98 %
   * of the states of exactly-once to two faults), and every share follows them all, so it is the
   * search's progress.
   */
  branched?: { done: number; total: number; faults: number };
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
  /**
   * The bound asked for, when the search covered fewer faults (`maxFaults`): the worlds to branch from
   * after `maxFaults` faults were more than it keeps in memory.
   */
  askedFaults?: number;
  /** Runs that did not come to rest within the natural-step limit (a livelock of the model), and the first one's choices. */
  restless?: { count: number; first?: string[] };
}

/** Share `index` of a search split `count` ways. */
export interface ShareSpec {
  index: number;
  count: number;
}

/** One share's search: its own result, and what merging needs of it. */
export interface ExploreShare {
  result: ExploreResult;
  lastLevel: LastLevel;
  /** The number of the last-level run that broke the guarantee, when this share found one. */
  foundRun?: number;
}

/**
 * The last level's worlds a share met, each with the number of the last-level run that met it first.
 * Every share numbers the last level's runs alike (each fault offered at the level below, in the order
 * met), so the numbers of two shares compare. Sorted by hash, each hash as its two numbers, in typed
 * arrays: a worker hands them to the page without copying, and the page merges a few million worlds'
 * worth in one pass, with no string and no set.
 */
export interface LastLevel {
  /** World i's hash is hashes[2i], hashes[2i + 1]. */
  hashes: Float64Array<ArrayBuffer>;
  runs: Float64Array<ArrayBuffer>;
}

const PROGRESS_EVERY = 2000;

/**
 * The worlds a search keeps to branch from at its next level (the last level's are followed as they are
 * made, never kept). Each is a whole world with its history, ~20 KB: exactly-once to three faults keeps
 * between 15,000 and 30,000 of them after two faults, while to four faults it would keep ~900,000 after
 * three, which ran Node out of its 4 GB heap (and the page's workers would each need as much: each
 * keeps its own). Past this many (a peak heap of ~0.7 GB, measured keeping them for a four-fault
 * search), the search covers one fault fewer instead, and says so.
 */
export const MAX_KEPT_WORLDS = 50_000;

/** A world right after a fault, with the step indices of its faults so far (and its key, once taken). */
interface Seed {
  world: World;
  faultSteps: number[];
  key?: WorldKey;
}

/** The next level's seeds, each a world not met before, and their keys. */
interface Frontier {
  keys: KeyTable;
  seeds: Seed[];
}

class Stopped extends Error {}

/** Thrown when the worlds kept to branch from after `faults` faults outgrow `maxKeptWorlds`. */
class TooManyToKeep extends Error {
  constructor(readonly faults: number) {
    super(`more than the worlds a search keeps, after ${faults} faults`);
  }
}

export function explore(scenario: Scenario, guarantee: Guarantee, options: ExploreOptions): ExploreResult {
  return withinMemory(scenario, guarantee, options, { index: 0, count: 1 }).result;
}

/**
 * Share `share.index` of a search split `share.count` ways. The last level's runs are dealt out by the
 * run at the level below they branch from (by the world that offers them when that level holds fewer
 * runs than shares): the runs after faults at the same point meet each other's worlds most, and one
 * share then follows each world once (dealt out fault by fault instead, the shares met 54 % more worlds
 * between them than one search, exactly-once to two faults; run by run, 17 %).
 */
export function exploreShare(
  scenario: Scenario,
  guarantee: Guarantee,
  options: ExploreOptions,
  share: ShareSpec,
): ExploreShare {
  const { result, seenLast, foundRun } = withinMemory(scenario, guarantee, options, share);
  return { result, lastLevel: sorted(seenLast), ...(foundRun === undefined ? {} : { foundRun }) };
}

/**
 * The search, or when the worlds to branch from after k faults outgrow what it keeps, the search to k
 * faults (k below the bound asked): there the k-th level is the last, followed and never kept. The levels
 * below k are searched again (a few per cent of the states; see MAX_KEPT_WORLDS). Every share keeps the
 * same worlds below its last level, so every share narrows the same way and the shares still merge.
 */
function withinMemory(
  scenario: Scenario,
  guarantee: Guarantee,
  options: ExploreOptions,
  share: ShareSpec,
): ReturnType<typeof search> {
  try {
    return search(scenario, guarantee, options, share);
  } catch (e) {
    if (!(e instanceof TooManyToKeep)) throw e;
    const narrowed = search(scenario, guarantee, { ...options, maxFaults: e.faults }, share);
    return { ...narrowed, result: { ...narrowed.result, askedFaults: options.maxFaults } };
  }
}

/** The search itself, whole or a share; its last level as met (sorted only for a merge: `exploreShare`). */
function search(
  scenario: Scenario,
  guarantee: Guarantee,
  options: ExploreOptions,
  share: ShareSpec,
): { result: ExploreResult; seenLast: KeyTable; foundRun: number | undefined } {
  const alphabet: FaultAlphabet = {
    hold: guarantee === 'order-kept',
    replication: false,
    crashes: 'all',
    ...options.alphabet,
  };
  const limit = naturalStepLimit(scenario);
  const maxKept = options.maxKeptWorlds ?? MAX_KEPT_WORLDS;
  const seen = new KeyTable();
  /** The last level's worlds, each with the number of the run that met it first. */
  const seenLast = new KeyTable();
  /** The key of the world being followed (only a seed's own key is kept). */
  const scratch: WorldKey = [0, 0];
  let states = 0;
  const statesByFaults: number[] = Array.from({ length: options.maxFaults + 1 }, () => 0);
  let level = 0;
  let found: { seed: Seed; world: World } | undefined;
  let foundLast: { seed: Seed; world: World; run: number } | undefined;
  /** The last level's runs numbered so far, this share's or not; the seed (and world) they branch from. */
  let lastRuns = 0;
  let seedIndex = 0;
  let worldIndex = 0;
  let frontierSize = 1;

  const progress = (whole: number, faults: number): ExploreProgress =>
    level + 1 === options.maxFaults
      ? { states: whole, level: faults, branched: { done: seedIndex, total: frontierSize, faults: level } }
      : { states: whole, level: faults };

  const count = (faults: number) => {
    states++;
    statesByFaults[faults] = (statesByFaults[faults] ?? 0) + 1;
    // A share's guess at the whole search: the levels below alike in every share, the last level's size
    // times the shares. What the cap and the progress count.
    const whole = states + (share.count - 1) * seenLast.size;
    if (options.maxStates !== undefined && whole >= options.maxStates) throw new Stopped();
    // The level said is the faults of the worlds being met: the last level's are met while the level
    // below it is followed.
    if (states % PROGRESS_EVERY === 0 && options.onProgress?.(progress(whole, faults)) === true)
      throw new Stopped();
  };

  /**
   * Follows a seed's natural path; returns the broken world at rest, if it breaks the guarantee. `run` is
   * the number of a last-level run (which then goes into seenLast), undefined below the last level.
   */
  const follow = (seed: Seed, next: Frontier | null, run?: number) => {
    const last = run !== undefined;
    let world = seed.world;
    for (let i = 0; i <= limit; i++) {
      const [a, b] = (i === 0 && seed.key) || worldKey(world, scratch);
      // A last-level run stops at any world met before; a lower one only at a lower one's (a world met
      // first on a last-level run is explored again where it takes fewer faults).
      if (seen.has(a, b) || (last && seenLast.has(a, b))) return undefined;
      if (last) seenLast.add(a, b, run);
      else seen.add(a, b);
      count(seed.faultSteps.length);
      if (next) branch(world, seed, next);
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

  /** The faults offered at `world`: stored for the next level, or (the last level's) followed at once. */
  const branch = (world: World, seed: Seed, next: Frontier) => {
    const atLast = level + 1 === options.maxFaults;
    const mine =
      !atLast || (frontierSize >= share.count ? seedIndex : worldIndex) % share.count === share.index;
    if (atLast) worldIndex++;
    for (const id of faultChoices(world, alphabet)) {
      const run = atLast ? lastRuns++ : -1;
      if (!mine || (atLast && foundLast)) continue;
      const after = advance({ ...world, steps: world.steps.slice() }, id, true);
      const child: Seed = { world: after, faultSteps: [...seed.faultSteps, after.steps.length] };
      if (atLast) {
        const broken = follow(child, null, run);
        if (broken) foundLast = { seed: child, world: broken, run };
      } else {
        const key = worldKey(after);
        if (!seen.has(key[0], key[1]) && next.keys.add(key[0], key[1])) {
          if (next.seeds.length === maxKept) throw new TooManyToKeep(level + 1);
          next.seeds.push({ ...child, key });
        }
      }
    }
  };

  const restless: { count: number; first?: string[] } = { count: 0 };
  let complete = true;
  try {
    let frontier: Seed[] = [{ world: scheduledStart(scenario), faultSteps: [] }];
    for (level = 0; level <= options.maxFaults && frontier.length > 0 && !found; level++) {
      const next: Frontier = { keys: new KeyTable(), seeds: [] };
      const expand = level < options.maxFaults;
      frontierSize = frontier.length;
      for (const [index, seed] of frontier.entries()) {
        seedIndex = index;
        const broken = follow(
          { ...seed, world: { ...seed.world, steps: seed.world.steps.slice() } },
          expand ? next : null,
        );
        if (broken) {
          found = { seed, world: broken };
          break;
        }
      }
      if (!found && foundLast && level + 1 === options.maxFaults) found = foundLast;
      frontier = next.seeds;
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
    ...(found ? { counterexample: counterexampleOf(scenario, guarantee, found.seed, found.world) } : {}),
  };
  return { result, seenLast, foundRun: foundLast?.run };
}

/** A share's last-level worlds (key → first run) as a LastLevel, sorted by key. */
function sorted(seen: KeyTable): LastLevel {
  const halves = new Float64Array(seen.size * 2);
  const firstRuns = new Float64Array(seen.size);
  let i = 0;
  for (const [a, b, run] of seen.entries()) {
    halves[2 * i] = a;
    halves[2 * i + 1] = b;
    firstRuns[i++] = run;
  }
  const order = Array.from({ length: seen.size }, (_, k) => k).sort(
    (x, y) =>
      (halves[2 * x] as number) - (halves[2 * y] as number) ||
      (halves[2 * x + 1] as number) - (halves[2 * y + 1] as number),
  );
  const hashes = new Float64Array(halves.length);
  const runs = new Float64Array(firstRuns.length);
  order.forEach((from, to) => {
    hashes[2 * to] = halves[2 * from] as number;
    hashes[2 * to + 1] = halves[2 * from + 1] as number;
    runs[to] = firstRuns[from] as number;
  });
  return { hashes, runs };
}

/** How many distinct worlds the shares' last levels hold among those met by a run up to `cut`: a merge of sorted lists. */
function distinctUpTo(levels: readonly LastLevel[], cut: number): number {
  const at = levels.map(() => 0);
  const skip = (k: number) => {
    const level = levels[k] as LastLevel;
    let i = at[k] as number;
    while (i < level.runs.length && (level.runs[i] as number) > cut) i++;
    at[k] = i;
  };
  levels.forEach((_, k) => skip(k));
  let distinct = 0;
  for (;;) {
    // The smallest hash at the head of a list; every list whose head is that hash moves past it.
    let a = Infinity;
    let b = Infinity;
    for (const [k, level] of levels.entries()) {
      const i = at[k] as number;
      if (i >= level.runs.length) continue;
      const x = level.hashes[2 * i] as number;
      const y = level.hashes[2 * i + 1] as number;
      if (x < a || (x === a && y < b)) [a, b] = [x, y];
    }
    if (a === Infinity) return distinct;
    distinct++;
    for (const [k, level] of levels.entries()) {
      const i = at[k] as number;
      if (i < level.runs.length && level.hashes[2 * i] === a && level.hashes[2 * i + 1] === b) {
        at[k] = i + 1;
        skip(k);
      }
    }
  }
}

/**
 * The shares of a search merged: what one search gives. The levels below the last are alike in every
 * share, the counterexample found there too. One search follows the last level's runs in their order
 * and stops after the first that breaks the guarantee (run r), so its last-level worlds are those met by
 * a run up to r: each share followed all its own runs up to its own first break (never before r), and a
 * world met by a run up to r is met first by such a run in some share (a run stopped at a world met
 * before took the rest of its path from the earlier run). Only a livelock can tell them apart: a run
 * cut at the step limit.
 */
export function mergeExploreShares(shares: readonly ExploreShare[]): ExploreResult {
  const [first] = shares;
  if (!first) throw new Error('mergeExploreShares: no shares');
  const { maxFaults } = first.result;
  // With no fault to branch on there is no last level, and every share did the whole search.
  if (shares.length === 1 || maxFaults === 0) return first.result;
  const runs = shares.flatMap((s) => (s.foundRun === undefined ? [] : [s.foundRun]));
  const cut = runs.length > 0 ? Math.min(...runs) : Infinity;
  const lastLevel = distinctUpTo(
    shares.map((s) => s.lastLevel),
    cut,
  );
  const statesByFaults = first.result.statesByFaults.map((n, faults) =>
    faults === maxFaults ? lastLevel : n,
  );
  const below = first.result.counterexample;
  const counterexample =
    below && below.faults < maxFaults ? below : shares.find((s) => s.foundRun === cut)?.result.counterexample;
  const restless = shares.reduce((n, s) => n + (s.result.restless?.count ?? 0), 0);
  const firstRestless = shares.find((s) => s.result.restless?.first)?.result.restless?.first;
  return {
    guarantee: first.result.guarantee,
    maxFaults,
    states: statesByFaults.reduce((a, b) => a + b, 0),
    statesByFaults,
    complete: shares.every((s) => s.result.complete),
    ...(first.result.askedFaults === undefined ? {} : { askedFaults: first.result.askedFaults }),
    ...(restless > 0
      ? { restless: { count: restless, ...(firstRestless ? { first: firstRestless } : {}) } }
      : {}),
    ...(counterexample ? { counterexample } : {}),
  };
}

/**
 * What a search that found no counterexample says (the page's words and the CLI's): none within its
 * bound, or none before it stopped; then, when it searched fewer faults than asked, why. `states` is
 * the states as the caller says them (the page adds the time).
 */
export function noCounterexample(r: ExploreResult, states: string): string {
  const said = r.complete
    ? `No counterexample with ≤ ${faults(r.maxFaults)} (${states}).`
    : `No counterexample found before the search stopped (${states}; bound: ${faults(r.maxFaults)}).`;
  if (r.askedFaults === undefined) return said;
  return `${said} It searched up to ${faults(r.maxFaults)}, not ${r.askedFaults}: after ${faults(r.maxFaults)} there were more worlds to branch from than a search keeps in memory.`;
}

const faults = (n: number) => `${n} ${n === 1 ? 'fault' : 'faults'}`;

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
