import type { Scenario } from '../scenarios/types.ts';
import { outcome } from '../sim/ledger.ts';
import { naturalStepLimit } from '../sim/run.ts';
import { advance, naturalAction } from '../sim/step.ts';
import { createWorld, type World } from '../sim/world.ts';
import { draw } from './draws.ts';
import { duplicateLayers, type DuplicateLayers } from './guarantees.ts';
import { applySchedule } from './schedule.ts';
import { splitByFirstFault, type FirstFault } from './shares.ts';
import { forkAt, scheduledBefore, siteAt, stretchesFrom, worldAt, type Stretches } from './stretches.ts';
import { generator, runSeed } from './random.ts';

/**
 * The Monte-Carlo lab: many runs of one configuration, each with faults drawn at random from a fault
 * model, and per run whether it lost, duplicated or reordered records and what it cost. Run i draws
 * from a generator seeded by (seed, i) alone, so a lab's results are the same however its runs are
 * split between workers: `runShare` runs a worker's share, `mergeShares` puts the shares back in run
 * order, and `runRange` runs a slice in this thread.
 */

export interface FaultModel {
  /** Probability that the network loses a request the natural path would deliver. */
  requestLoss: number;
  /** The same for a response. */
  responseLoss: number;
  /** Per step: probability that a running broker crashes (it restarts on the natural path). */
  brokerCrash: number;
  /** Probability that the consumer (or the processor) crashes right after it processes a record, before it commits. */
  processingCrash: number;
  /** Probability that a response comes too late: the client's request.timeout.ms fires first. */
  timeout: number;
}

export const NO_FAULTS: FaultModel = {
  requestLoss: 0,
  responseLoss: 0,
  brokerCrash: 0,
  processingCrash: 0,
  timeout: 0,
};

/** One run's result: what broke and what it cost. */
export interface RunResult {
  lost: boolean;
  /** A duplicate in any layer: the log as the reader reads it, the reader's processing, or an effect outside Kafka. */
  duplicated: boolean;
  /** Each layer of a duplicate on its own (guarantees.ts): only the first is a duplicate inside Kafka. */
  duplicatedInLog: boolean;
  reprocessed: boolean;
  effectRepeated: boolean;
  reordered: boolean;
  /** The run never came to rest within its step limit (a livelock of the model): not counted as a verdict. */
  restless: boolean;
  faults: number;
  latencyMs: number;
  roundTrips: number;
  bytes: number;
  logRecords: number;
  coordinatorRequests: number;
}

export const METRICS = ['latencyMs', 'roundTrips', 'bytes', 'logRecords', 'coordinatorRequests'] as const;
export type Metric = (typeof METRICS)[number];

/** A slice of a lab: runs [from, from + results.length), in order, and the choices of the failing ones. */
export interface RangeResult {
  from: number;
  results: RunResult[];
  /** The first failing runs' choices, by run index (at most `keepFailures` per slice). */
  failures: { run: number; choices: string[] }[];
}

/** The natural path of a configuration, computed once and shared by every run (worlds never change). */
export interface NaturalPath {
  /** The natural path and the stretches that fork off it at drawn faults, built as runs walk them. */
  stretches: Stretches;
  /** The fault-free run's result. */
  result: RunResult;
}

export function naturalPath(scenario: Scenario): NaturalPath {
  // The scenario's own fault schedule is part of every run: the path takes its faults, and a run that
  // draws a fault still takes those the schedule has left, where they match after it (stretches.ts).
  const scheduled = scenario.faults?.length ? applySchedule(scenario, scenario.faults) : undefined;
  const worlds = [createWorld(scenario)];
  const actions: (string | undefined)[] = [];
  let w = worlds[0] as World;
  const nextOf = (i: number) => (scheduled ? scheduled.choices[i] : naturalAction(w));
  for (let next = nextOf(0); next; next = nextOf(actions.length)) {
    w = advance(w, next, false);
    worlds.push(w);
    actions.push(next);
  }
  actions.push(undefined);
  const plan = scheduled && {
    pending: scenario.faults ?? [],
    taken: scheduled.fired.map(({ fault, step }) => ({ fault, position: step - 1 })),
    takenBefore: 0,
  };
  return {
    stretches: stretchesFrom(worlds, actions, plan),
    result: resultOf(w, scheduled?.fired.length ?? 0, false),
  };
}

/** A run's beginning: the natural path until its first drawn fault, if any; its generator goes on from there. */
interface RunStart {
  index: number;
  random: () => number;
  first?: FirstFault;
}

function runStart(path: NaturalPath, model: FaultModel, seed: number, index: number): RunStart {
  const random = generator(runSeed(seed, index));
  const { root } = path.stretches;
  for (let position = 0; position < root.worlds.length; position++) {
    const fault = draw(siteAt(root, position), random, model);
    if (fault) return { index, random, first: { position, fault } };
  }
  return { index, random };
}

/**
 * The rest of a run: the fault model's draws at every step, from the run's own generator; the world it
 * ended in (its choices are that world's history).
 */
function runRest(
  path: NaturalPath,
  model: FaultModel,
  start: RunStart,
): { result: RunResult; world?: World } {
  if (!start.first) return { result: path.result };
  const { stretches } = path;
  const { random } = start;
  let stretch = forkAt(stretches, stretches.root, start.first.position, start.first.fault);
  let position = 0;
  let faults = 1; // drawn ones; the schedule's are counted at the end
  const limit = naturalStepLimit((stretches.root.worlds[0] as World).scenario);
  for (let n = 0; n < limit; n++) {
    const next = draw(siteAt(stretch, position), random, model);
    if (next) {
      faults++;
      stretch = forkAt(stretches, stretch, position, next);
      position = 0;
    } else if (!stretch.actions[position])
      return {
        result: resultOf(
          stretch.worlds[position] as World,
          faults + scheduledBefore(stretch, position),
          false,
        ),
        world: stretch.worlds[position],
      };
    else worldAt(stretches, stretch, ++position);
  }
  const world = stretch.worlds[position] as World;
  return { result: resultOf(world, faults + scheduledBefore(stretch, position), true), world };
}

/** What a world at the end of a run says, but for its faults and restlessness: shared by the runs that end there. */
const endings = new WeakMap<
  World,
  {
    lost: boolean;
    duplicated: boolean;
    layers: DuplicateLayers;
    reordered: boolean;
    costs: Record<Metric, number>;
  }
>();

function resultOf(world: World, faults: number, restless: boolean): RunResult {
  let ending = endings.get(world);
  if (!ending) {
    const { summary } = outcome(world);
    ending = {
      lost: summary.lost > 0,
      duplicated: summary.duplicated > 0,
      layers: duplicateLayers(world),
      reordered: summary.outOfOrder,
      costs: {
        latencyMs: summary.cost.endToEndLatencyMs ?? 0,
        roundTrips: summary.cost.roundTrips,
        bytes: summary.cost.bytesOnWire,
        logRecords: summary.cost.logRecords,
        coordinatorRequests: coordinatorRequests(world),
      },
    };
    endings.set(world, ending);
  }
  return {
    lost: !restless && ending.lost,
    duplicated: !restless && ending.duplicated,
    duplicatedInLog: !restless && ending.layers.inLog,
    reprocessed: !restless && ending.layers.reprocessed,
    effectRepeated: !restless && ending.layers.effectRepeated,
    reordered: !restless && ending.reordered,
    restless,
    faults,
    ...ending.costs,
  };
}

/** Requests sent to the transaction and group coordinators so far (a transaction's cost is mostly these). */
export function coordinatorRequests(world: World): number {
  const coordinator = new Set(
    world.participants
      .filter((p) => p.role === 'txn-coordinator' || p.role === 'group-coordinator')
      .map((p) => p.id),
  );
  let count = 0;
  for (const s of world.steps)
    for (const e of s.events)
      if (e.kind === 'send' && coordinator.has(e.to) && !e.name.endsWith('Response')) count++;
  return count;
}

/** Runs [from, to) of a lab. */
export function runRange(
  path: NaturalPath,
  model: FaultModel,
  seed: number,
  from: number,
  to: number,
  keepFailures = 20,
): RangeResult {
  const starts = Array.from({ length: to - from }, (_, k) => runStart(path, model, seed, from + k));
  return { from, ...runAll(path, model, starts, keepFailures) };
}

/** The runs begun with `starts`, in their order, and the choices of the first `keepFailures` failing ones. */
function runAll(
  path: NaturalPath,
  model: FaultModel,
  starts: readonly RunStart[],
  keepFailures: number,
  onRun?: (done: number) => void,
): Omit<RangeResult, 'from'> {
  const results: RunResult[] = [];
  const failures: RangeResult['failures'] = [];
  for (const start of starts) {
    const { result, world } = runRest(path, model, start);
    results.push(result);
    if ((result.lost || result.duplicated || result.reordered) && failures.length < keepFailures)
      failures.push({ run: start.index, choices: world ? world.steps.map((s) => s.action) : [] });
    onRun?.(results.length);
  }
  return { results, failures };
}

/** One worker's share of a lab's runs: which runs (ascending), their results, and its first failing runs' choices. */
export interface ShareResult extends Omit<RangeResult, 'from'> {
  runs: number[];
}

/**
 * Share `share.index` of `share.count` of a lab of `runs` runs. Every worker draws every run's first
 * fault (a few random numbers a step along the natural path) and so agrees on the same split
 * (`splitByFirstFault`): runs that begin with the same fault at the same step share a worker, which
 * steps the stretch after that fault once for all of them. `onRun` hears the runs done so far.
 */
export function runShare(
  path: NaturalPath,
  model: FaultModel,
  seed: number,
  runs: number,
  share: { index: number; count: number },
  options: { keepFailures?: number; onRun?: (done: number) => void } = {},
): ShareResult {
  const starts = Array.from({ length: runs }, (_, i) => runStart(path, model, seed, i));
  const owner = splitByFirstFault(
    starts.map((s) => s.first),
    path.stretches.root.worlds.length,
    share.count,
  );
  const mine = starts.filter((_, i) => owner[i] === share.index);
  return {
    runs: mine.map((s) => s.index),
    ...runAll(path, model, mine, options.keepFailures ?? 20, options.onRun),
  };
}

/** Every share of a lab back in run order: the same as `runRange` over all the runs, however many shares. */
export function mergeShares(shares: readonly ShareResult[], keepFailures = 20): RangeResult {
  const results: RunResult[] = [];
  for (const share of shares) share.runs.forEach((run, k) => (results[run] = share.results[k] as RunResult));
  const failures = shares.flatMap((s) => s.failures).sort((a, b) => a.run - b.run);
  return { from: 0, results, failures: failures.slice(0, keepFailures) };
}
