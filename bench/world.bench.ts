/**
 * Headless world speed. Prints figures; asserts nothing (timing goals are not tests).
 * - replay: rebuilding a 1,000-step run from its choices — what "step back" and opening a shared link
 *   cost. Goal: under 50 ms.
 * - play: taking natural steps until rest (each step also asks which action is natural). Goal: at least
 *   40,000 steps/s, and at least 70 % of the XState-only ceiling measured in the same run.
 * - the ceiling: the very calls into XState the play run makes, timed alone: its machine transitions
 *   through the world's own cached-scope pureTransition(), and the `snapshot.can()` questions it asks a
 *   client machine before offering an application call. What a step would cost if the world added
 *   nothing to XState. The transitions alone are printed too.
 * - scaling: a long produce–consume workload (a counted workload of LONG_RECORDS records), µs per step
 *   around 100 / 1,000 / 10,000 / 50,000 steps, the heap the app's run history holds per step, and
 *   opening a 10,000-choice run as the app does (decode, validate, replay, first outcome).
 * - allocation: bytes allocated per step (collected or not), counted by V8's GC profiler while playing
 *   to rest and over the scaling windows: unlike time, load does not disturb it.
 * Each play/replay figure is measured RUNS times after a warm-up, and p50 and p95 are reported. Times
 * are the process's CPU time (user + system), not wall time: on a shared machine the wall clock mostly
 * measures the other processes.
 *
 * Run it through bench/bundled.ts (`npm run bench` does), which bundles it as the app's build does and
 * runs it with plain node: under tsx every named closure also gets a keepNames `__name()` call (an
 * Object.defineProperty) that the shipped code never makes: 3 % of this bench's CPU profile, 6.5 % of a
 * step, before the natural path stopped making closures per candidate; 0.6 % since.
 */
import os from 'node:os';
import { GCProfiler, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { AnyMachineSnapshot, AnyStateMachine } from 'xstate';
import { RunHistory, outcomeOf } from '../app/state/worlds.ts';
import { openRunLink } from '../app/share/runLinks.ts';
import { scenarioById } from '../src/scenarios/index.ts';
import type { Scenario, ScenarioDocument } from '../src/scenarios/types.ts';
import { decodeRunLink, encodeRunLink } from '../src/share/runLink.ts';
import { parseScenarioDocument } from '../src/share/scenarioDocument.ts';
import { pureTransition } from '../src/sim/pureTransition.ts';
import { replay, runToRest } from '../src/sim/run.ts';
import { advance, naturalAction } from '../src/sim/step.ts';
import { MACHINES } from '../src/sim/topology.ts';
import { createWorld, type World } from '../src/sim/world.ts';
import { beside } from './beside.ts';
import { percentile } from './stats.ts';

const STEPS = 1000;
/**
 * Runs before timing, so that what is timed is V8's optimized code: the world's own code is several
 * times larger than the XState calls of the ceiling and is still being optimized after 3 runs (with the
 * same code, alternating: 71–74 % of the ceiling after 3 warm-up runs, 77–80 % after 30).
 * BENCH_WARMUP=3 gives the earlier setting.
 */
const WARMUP = Number(process.env['BENCH_WARMUP'] ?? 30);
const RUNS = 15;
/**
 * Runs of the play run and of its ceiling, taken in turn, so that their ratio holds when the load on the
 * machine changes: over 15 runs each, one after the other, the ceiling's p50 swung from 77k to 113k steps/s
 * between bench runs and the ratio with it; taking turns 60 times, five bench runs in a row gave 48–53 %.
 */
const PAIRED_RUNS = 60;
const SCALE_AT = [100, 1_000, 10_000, 50_000];
/**
 * Steps timed just before each scaling mark (half the mark, below 20,000): enough that the garbage
 * collections their allocation causes fall inside. A window of 2,000 steps at 50,000 read 22–43 µs/step
 * from one run to the next, by whether a collection of the grown heap landed in it.
 */
const WINDOW = 10_000;
const LONG_RECORDS = 2_800;
/** A shorter history when measuring code whose history is quadratic (BENCH_MAX_HISTORY=10000). */
const MAX_HISTORY = Number(process.env['BENCH_MAX_HISTORY'] ?? 50_000);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Consume–transform–produce with enough input records for a run longer than STEPS. */
function longRun(): Scenario {
  const base = scenarioById('eos-processor-crash') as Scenario;
  const records = Array.from({ length: 60 }, (_, i) => `m${i + 1}`);
  return { ...base, id: 'bench-eos-60', workload: { ...base.workload, records }, script: [] };
}

/** The at-least-once lesson's configuration with a counted workload, as a document says it. */
function longWorkloadDocument(): ScenarioDocument {
  const base = scenarioById('alo-producer-ack-lost') as Scenario;
  return {
    format: base.format,
    version: base.version,
    id: 'bench-long-produce-consume',
    title: 'A long produce–consume workload',
    chapter: base.chapter,
    description: `${LONG_RECORDS} records produced and consumed at least once.`,
    pipeline: base.pipeline,
    config: base.configInput,
    workload: { count: LONG_RECORDS },
  };
}

const cpuMs = (before: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
};

/**
 * CPU milliseconds of each of `runs` calls of each of `fs`, after WARMUP calls of each. The functions take
 * turns, so that a burst of load on the shared machine slows them alike and their ratio holds.
 */
function measure(runs: number, ...fs: (() => void)[]): number[][] {
  for (const f of fs) for (let i = 0; i < WARMUP; i++) f();
  const ms = fs.map((): number[] => []);
  for (let i = 0; i < runs; i++)
    fs.forEach((f, k) => {
      const before = process.cpuUsage();
      f();
      ms[k]?.push(cpuMs(before));
    });
  return ms;
}

/**
 * Starts counting the bytes allocated from now on (collected or not); the returned function stops and
 * says how many: what the heap grew by, plus what each collection in between freed (V8's GCProfiler
 * reports the heap before and after each one).
 */
function countAllocation(): () => number {
  gc();
  const start = process.memoryUsage().heapUsed;
  const profiler = new GCProfiler();
  profiler.start();
  return () => {
    const end = process.memoryUsage().heapUsed;
    const collections = profiler.stop().statistics;
    const freed = collections.reduce(
      (n, c) => n + c.beforeGC.heapStatistics.usedHeapSize - c.afterGC.heapStatistics.usedHeapSize,
      0,
    );
    return end - start + freed;
  };
}

type Transition = [AnyStateMachine, AnyMachineSnapshot, { type: string }];

/**
 * Every call into XState that `f` makes: each machine transition, and each question `snapshot.can(event)`
 * asked outside a transition (the world asks a client machine whether an application call is legal; XState
 * answers through the machine's getTransitionData, which a transition also calls for its own work, so
 * only the calls made outside one are questions). Recorded by wrapping each machine's methods.
 */
function recordXState(f: () => void): { transitions: Transition[]; questions: Transition[] } {
  const transitions: Transition[] = [];
  const questions: Transition[] = [];
  const restore: (() => void)[] = [];
  let inTransition = 0;
  for (const machine of new Set(Object.values(MACHINES))) {
    const { transition, getTransitionData } = machine;
    machine.transition = ((snapshot: AnyMachineSnapshot, event: { type: string }, scope: never) => {
      transitions.push([machine, snapshot, event]);
      inTransition++;
      try {
        return transition.call(machine, snapshot, event as never, scope);
      } finally {
        inTransition--;
      }
    }) as AnyStateMachine['transition'];
    machine.getTransitionData = ((snapshot: AnyMachineSnapshot, event: { type: string }) => {
      if (inTransition === 0) questions.push([machine, snapshot, event]);
      return getTransitionData.call(machine, snapshot as never, event as never);
    }) as AnyStateMachine['getTransitionData'];
    restore.push(() => Object.assign(machine, { transition, getTransitionData }));
  }
  try {
    f();
  } finally {
    restore.forEach((r) => r());
  }
  return { transitions, questions };
}

const scenario = longRun();
const full = runToRest(createWorld(scenario));
if (full.steps.length < STEPS) throw new Error(`the bench run has only ${full.steps.length} steps`);
const choices = full.steps.slice(0, STEPS).map((x) => x.action);

const [replayMs = []] = measure(RUNS, () => replay(scenario, choices));
const [createMs = []] = measure(RUNS, () => createWorld(scenario));
// The ceiling: the play run's own calls into XState, timed in turn with the play run itself: its
// transitions (machine, snapshot, event) through pureTransition, and its can() questions; and the
// transitions alone, as this line measured before the questions were counted.
const { transitions, questions } = recordXState(() => runToRest(createWorld(scenario)));
const transitionsAlone = () => {
  for (const [machine, snapshot, event] of transitions) pureTransition(machine, snapshot, event);
};
const [playMs = [], ceilingMs = [], transitionsMs = []] = measure(
  PAIRED_RUNS,
  () => runToRest(createWorld(scenario)),
  () => {
    transitionsAlone();
    for (const [, snapshot, event] of questions) snapshot.can(event as never);
  },
  transitionsAlone,
);

// The recorded calls hold every snapshot of a run: let them go, so that the scaling run's heap is its own.
transitions.length = 0;
questions.length = 0;

const allocatedInPlay = countAllocation();
runToRest(createWorld(scenario));
const playKbPerStep = allocatedInPlay() / 1024 / full.steps.length;

const perSec = (ms: number, steps: number) => Math.round(steps / (ms / 1000));
const row = (ms: number[], steps: number | null, digits = 1) => ({
  'p50 CPU ms': +percentile(ms, 50).toFixed(digits),
  'p95 CPU ms': +percentile(ms, 95).toFixed(digits),
  'steps/s (p50)': steps === null ? '' : perSec(percentile(ms, 50), steps),
});
const playPerSec = perSec(percentile(playMs, 50), full.steps.length);
const ceilingPerSec = perSec(percentile(ceilingMs, 50), full.steps.length);
const transitionsPerSec = perSec(percentile(transitionsMs, 50), full.steps.length);

console.log(
  `machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, load average ${os.loadavg()[0]?.toFixed(1)}, Node ${process.version}`,
);
console.log(
  `CPU time, ${RUNS} runs each after ${WARMUP} warm-up runs (play and ceiling: ${PAIRED_RUNS}, taking turns)\n`,
);
console.log(`allocated per step, play to rest: ${playKbPerStep.toFixed(2)} KB\n`);
console.table({
  [`replay of ${STEPS} steps (goal < 50 ms)`]: row(replayMs, STEPS),
  [`play to rest: ${full.steps.length} natural steps (goal ≥ 40,000 steps/s)`]: row(
    playMs,
    full.steps.length,
  ),
  'createWorld (part of every replay)': row(createMs, null, 2),
  [`ceiling: the play run's ${transitions.length} pureTransition() calls and ${questions.length} can() questions alone`]:
    row(ceilingMs, full.steps.length),
  [`  of which the ${transitions.length} pureTransition() calls (${(transitions.length / full.steps.length).toFixed(2)} per step)`]:
    row(transitionsMs, full.steps.length),
});

// Scaling on a long workload.
const parsed = parseScenarioDocument(longWorkloadDocument());
if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
const long = parsed.value;

/**
 * Natural steps from the start, timing the WINDOW steps before each mark and counting what they
 * allocate; the choices made.
 */
function timedNaturalRun(marks: number[]): {
  usPerStep: Map<number, number>;
  kbPerStep: Map<number, number>;
  choices: string[];
} {
  const usPerStep = new Map<number, number>();
  const kbPerStep = new Map<number, number>();
  let world: World = createWorld(long);
  const made: string[] = [];
  const last = marks[marks.length - 1] as number;
  let started: { cpu: NodeJS.CpuUsage; allocated: () => number } | null = null;
  for (let i = 1; i <= last; i++) {
    const mark = marks.find((m) => i === m - Math.min(WINDOW, m / 2) + 1);
    if (mark !== undefined) {
      const allocated = countAllocation();
      started = { cpu: process.cpuUsage(), allocated };
    }
    const next = naturalAction(world);
    if (!next) throw new Error(`the long workload came to rest at step ${i - 1}`);
    world = advance(world, next, true);
    made.push(next);
    if (marks.includes(i) && started) {
      const window = Math.min(WINDOW, i / 2);
      usPerStep.set(i, (cpuMs(started.cpu) * 1000) / window);
      kbPerStep.set(i, started.allocated() / 1024 / window);
      started = null;
    }
  }
  return { usPerStep, kbPerStep, choices: made };
}

timedNaturalRun([2_000]); // warm-up
// Its garbage collected now, not in the first windows timed.
gc();
const longRunMarks = timedNaturalRun(SCALE_AT);
/**
 * The early marks' windows are short (50 and 500 steps, 1–25 ms of CPU): one run alone put the 1,000 mark
 * anywhere from 22 to 54 µs/step with the same code, and the scaling goal divides by it. They are the
 * median of the long run and SHORT_RUNS more runs up to 1,000 steps, which cost little; the later marks
 * time 2,000 steps each in the long run.
 */
const SHORT_RUNS = 6;
const EARLY_MARKS = SCALE_AT.filter((n) => n <= 1_000);
const shortRuns = Array.from({ length: SHORT_RUNS }, () => timedNaturalRun(EARLY_MARKS));
const withEarlyMedians = (of: (r: ReturnType<typeof timedNaturalRun>) => Map<number, number>) =>
  new Map(
    SCALE_AT.map((n) => {
      const runs = EARLY_MARKS.includes(n) ? [longRunMarks, ...shortRuns] : [longRunMarks];
      return [
        n,
        percentile(
          runs.map((r) => of(r).get(n) ?? NaN),
          50,
        ),
      ];
    }),
  );
const scaling = {
  usPerStep: withEarlyMedians((r) => r.usPerStep),
  kbPerStep: withEarlyMedians((r) => r.kbPerStep),
  choices: longRunMarks.choices,
};

/** Bytes the app's run history holds per step after stepping through `n` choices. */
function historyBytesPerStep(n: number): number {
  gc();
  const before = process.memoryUsage().heapUsed;
  const history = new RunHistory();
  const world = history.at(long, scaling.choices.slice(0, n), n);
  gc();
  const held = process.memoryUsage().heapUsed - before;
  if (world.steps.length !== n) throw new Error('the history did not reach its cursor');
  return held / n;
}

/** Opening a run of `n` choices as the app does: decode the link, validate, replay, first outcome. */
function openLinkMs(n: number): { ms: number; decoded: boolean } {
  const linkChoices = scaling.choices.slice(0, n);
  const link = encodeRunLink({ v: 1, scenario: longWorkloadDocument(), choices: linkChoices, step: n });
  const before = process.cpuUsage();
  // The page's own path: openRunLink decodes, validates and replays the link once to check it.
  const checked = openRunLink(`#run=${link}`);
  // Links carry at most LIMITS.choices; past it the rest of the pipeline is timed on its own.
  const decoded = decodeRunLink(link);
  const doc = decoded.ok ? decoded.value.scenario : longWorkloadDocument();
  const opened = parseScenarioDocument(doc);
  if (!opened.ok) throw new Error('the long workload document is invalid');
  if (checked.ok !== decoded.ok) throw new Error('openRunLink and the decoder disagree');
  const world = new RunHistory().at(opened.value, linkChoices, n);
  outcomeOf(world);
  return { ms: cpuMs(before), decoded: decoded.ok };
}

const table: Record<string, Record<string, number | string>> = {};
const heapKb = new Map<number, number>();
for (const n of SCALE_AT) {
  if (n <= MAX_HISTORY) heapKb.set(n, historyBytesPerStep(n) / 1024);
  table[`${n.toLocaleString('en')} steps`] = {
    'µs/step (CPU)': +(scaling.usPerStep.get(n) ?? NaN).toFixed(1),
    'allocated KB/step': +(scaling.kbPerStep.get(n) ?? NaN).toFixed(2),
    'history heap KB/step': heapKb.has(n) ? +(heapKb.get(n) as number).toFixed(2) : 'skipped',
  };
}
const us = (n: number) => scaling.usPerStep.get(n) ?? NaN;
console.log(
  `\nScaling: ${LONG_RECORDS} records produced and consumed (alo-producer-ack-lost's config); µs/step over the ${WINDOW.toLocaleString('en')} steps before each mark (half the mark below ${(2 * WINDOW).toLocaleString('en')}; at 100 and 1,000 the median of ${SHORT_RUNS + 1} runs)\n`,
);
console.table(table);

const opens = [5_000, 10_000].map((n) => ({ n, ...openLinkMs(n) }));
for (const o of opens)
  console.log(
    `open a ${o.n.toLocaleString('en')}-choice run (decode${o.decoded ? '' : ' refused: past the link cap, so not timed'}, validate, the page's check replay, replay, first outcome): ${o.ms.toFixed(0)} ms CPU`,
  );

const heap10k = heapKb.get(10_000) ?? NaN;
const open10k = opens.find((o) => o.n === 10_000)?.ms ?? NaN;
const met = (ok: boolean) => (ok ? 'met' : 'NOT met');
console.log('\nGoals');
console.table({
  'world ≥ 40,000 steps/s (play to rest)': { measured: playPerSec, goal: met(playPerSec >= 40_000) },
  'world ≥ 70 % of the XState-only ceiling': {
    measured: `${Math.round((100 * playPerSec) / ceilingPerSec)} % of ${ceilingPerSec}`,
    goal: met(playPerSec >= 0.7 * ceilingPerSec),
  },
  'µs/step at 50,000 ≤ 1.3× at 1,000': {
    measured: `${(us(50_000) / us(1_000)).toFixed(2)}×`,
    goal: met(us(50_000) <= 1.3 * us(1_000)),
  },
  'history heap ≤ 2 KB/step (at 10,000)': { measured: `${heap10k.toFixed(2)} KB`, goal: met(heap10k <= 2) },
  '10,000-choice run opens < 400 ms': { measured: `${open10k.toFixed(0)} ms`, goal: met(open10k < 400) },
});

beside('world', {
  'replay of 1,000 steps, p50 CPU ms': +percentile(replayMs, 50).toFixed(1),
  'play to rest, steps/s (p50)': playPerSec,
  'ceiling (pureTransition alone), steps/s (p50)': transitionsPerSec,
  'world, % of pureTransition alone': Math.round((100 * playPerSec) / transitionsPerSec),
  'ceiling (transitions and can() questions), steps/s (p50)': ceilingPerSec,
  'world, % of the ceiling': Math.round((100 * playPerSec) / ceilingPerSec),
  'allocated KB/step, play to rest': +playKbPerStep.toFixed(2),
  ...Object.fromEntries(SCALE_AT.map((n) => [`µs/step at ${n.toLocaleString('en')}`, +us(n).toFixed(1)])),
  'µs/step at 50,000 ÷ at 1,000': +(us(50_000) / us(1_000)).toFixed(2),
  ...Object.fromEntries(
    SCALE_AT.map((n) => [
      `allocated KB/step at ${n.toLocaleString('en')}`,
      +(scaling.kbPerStep.get(n) ?? NaN).toFixed(2),
    ]),
  ),
  'history heap KB/step at 10,000': +heap10k.toFixed(2),
  'open a 10,000-choice run, CPU ms': +open10k.toFixed(0),
});
