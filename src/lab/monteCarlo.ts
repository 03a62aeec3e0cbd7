import type { Scenario } from '../scenarios/types.ts';
import { outcome } from '../sim/ledger.ts';
import { naturalStepLimit } from '../sim/run.ts';
import { advance, naturalAction } from '../sim/step.ts';
import type { InFlightMessage } from '../sim/types.ts';
import { createWorld, type World } from '../sim/world.ts';
import { findMessage } from '../sim/inFlight.ts';
import { labChoices } from './choiceAdapter.ts';
import { applySchedule } from './schedule.ts';
import { forkAt, stretchesFrom, worldAt, type Stretches } from './stretches.ts';
import { generator, runSeed } from './random.ts';

/**
 * The Monte-Carlo lab: many runs of one configuration, each with faults drawn at random from a fault
 * model, and per run whether it lost, duplicated or reordered records and what it cost. Run i draws
 * from a generator seeded by (seed, i) alone, so a lab's results are the same however its runs are
 * split between workers: `runRange` runs a slice, `mergeRanges` puts slices back in run order.
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
  duplicated: boolean;
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
  // The scenario's own fault schedule is part of every run: the path takes its faults, draws add to them.
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
  return {
    stretches: stretchesFrom(worlds, actions),
    result: resultOf(w, scheduled?.fired.length ?? 0, false),
  };
}

/**
 * One run: the fault model's draws at every step, from the run's own generator; the world it ended in
 * (its choices are that world's history).
 */
function runOne(
  path: NaturalPath,
  model: FaultModel,
  seed: number,
  index: number,
): { result: RunResult; world?: World } {
  const random = generator(runSeed(seed, index));
  const { stretches } = path;
  const { root } = stretches;
  // Along the natural path until the first fault is drawn.
  let i = 0;
  let fault: string | undefined;
  for (; i < root.worlds.length; i++) {
    fault = draw(root.worlds[i] as World, root.actions[i], random, model);
    if (fault) break;
  }
  if (!fault) return { result: path.result };
  let stretch = forkAt(stretches, root, i, fault);
  let position = 0;
  let faults = 1;
  const limit = naturalStepLimit((root.worlds[0] as World).scenario);
  for (let n = 0; n < limit; n++) {
    const world = stretch.worlds[position] as World;
    const natural = stretch.actions[position];
    const next = draw(world, natural, random, model);
    if (next) {
      faults++;
      stretch = forkAt(stretches, stretch, position, next);
      position = 0;
    } else if (!natural) return { result: resultOf(world, faults, false), world };
    else worldAt(stretches, stretch, ++position);
  }
  const world = stretch.worlds[position] as World;
  return { result: resultOf(world, faults, true), world };
}

/**
 * The fault this step draws, if any, in a fixed order: a broker crash, a crash right after processing,
 * then (when the natural step delivers a message) its loss or, for a response, its timeout.
 */
function draw(
  world: World,
  natural: string | undefined,
  random: () => number,
  model: FaultModel,
): string | undefined {
  if (model.brokerCrash > 0 && random() < model.brokerCrash) {
    const up = world.participants.filter((p) => p.role === 'broker' && !world.nodes[p.id]?.down);
    const victim = up[Math.floor(random() * up.length)];
    if (victim) return labChoices.crash(victim.id);
  }
  const last = world.steps[world.steps.length - 1];
  const processor = last && labChoices.processedBy(last.action);
  if (processor && model.processingCrash > 0 && random() < model.processingCrash)
    return labChoices.crash(processor);
  if (!natural?.startsWith('deliver:')) return undefined;
  const id = Number(natural.slice('deliver:'.length));
  const m = findMessage(world.network, id) as InFlightMessage;
  const response = m.body.name.endsWith('Response');
  if (random() < (response ? model.responseLoss : model.requestLoss)) return labChoices.lose(id);
  if (response && model.timeout > 0 && random() < model.timeout) return labChoices.timeout(world, id);
  return undefined;
}

/** What a world at the end of a run says, but for its faults and restlessness: shared by the runs that end there. */
const endings = new WeakMap<
  World,
  { lost: boolean; duplicated: boolean; reordered: boolean; costs: Record<Metric, number> }
>();

function resultOf(world: World, faults: number, restless: boolean): RunResult {
  let ending = endings.get(world);
  if (!ending) {
    const { summary } = outcome(world);
    ending = {
      lost: summary.lost > 0,
      duplicated: summary.duplicated > 0,
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
  const results: RunResult[] = [];
  const failures: RangeResult['failures'] = [];
  for (let i = from; i < to; i++) {
    const { result, world } = runOne(path, model, seed, i);
    results.push(result);
    if ((result.lost || result.duplicated || result.reordered) && failures.length < keepFailures)
      failures.push({ run: i, choices: world ? world.steps.map((s) => s.action) : [] });
  }
  return { from, results, failures };
}

/** Slices back in run order: the same whole however the runs were split. */
export function mergeRanges(ranges: readonly RangeResult[], keepFailures = 20): RangeResult {
  const ordered = [...ranges].sort((a, b) => a.from - b.from);
  return {
    from: ordered[0]?.from ?? 0,
    results: ordered.flatMap((r) => r.results),
    failures: ordered.flatMap((r) => r.failures).slice(0, keepFailures),
  };
}
