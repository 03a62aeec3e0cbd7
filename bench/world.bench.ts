/**
 * Headless world speed. Prints figures; asserts nothing (timing goals are not tests).
 * - replay: rebuilding a 1,000-step run from its choices — what "step back" and opening a shared link
 *   cost. Goal: under 50 ms.
 * - play: taking natural steps until rest (each step also asks which action is natural). Goal: at least
 *   20,000 steps/s.
 * Each figure is measured RUNS times after a warm-up, and p50 and p95 are reported. Times are the
 * process's CPU time (user + system), not wall time: on a shared machine the wall clock mostly measures
 * the other processes.
 */
import os from 'node:os';
import { initialTransition, transition } from 'xstate';
import { groupCoordinatorMachine } from '../src/machines/groupCoordinator.ts';
import { scenarioById } from '../src/scenarios/index.ts';
import type { Scenario } from '../src/scenarios/types.ts';
import { replay, runToRest } from '../src/sim/run.ts';
import { createWorld } from '../src/sim/world.ts';
import { percentile } from './stats.ts';

const STEPS = 1000;
const WARMUP = 3;
const RUNS = 15;

/** Consume–transform–produce with enough input records for a run longer than STEPS. */
function longRun(): Scenario {
  const base = scenarioById('eos-processor-crash') as Scenario;
  const records = Array.from({ length: 60 }, (_, i) => `m${i + 1}`);
  return { ...base, id: 'bench-eos-60', workload: { ...base.workload, records }, script: [] };
}

/** CPU milliseconds of each of RUNS calls, after WARMUP calls. */
function measure(f: () => void): number[] {
  for (let i = 0; i < WARMUP; i++) f();
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const before = process.cpuUsage();
    f();
    const used = process.cpuUsage(before);
    ms.push((used.user + used.system) / 1000);
  }
  return ms;
}

// Context: XState's own pure transition() on the smallest machine.
const [gc0] = initialTransition(groupCoordinatorMachine);
const n = 20000;
const cpu0 = process.cpuUsage();
let committedSum = 0;
for (let i = 0; i < n; i++) {
  const [next] = transition(groupCoordinatorMachine, gc0, {
    type: 'kafka.OffsetCommit',
    from: 'consumer',
    now: i,
    message: { name: 'OffsetCommit', groupId: 'g', offsets: { 'orders-0': i } },
  });
  committedSum += next.context.committed['g']?.['orders-0'] ?? 0; // keeps the work observable
}
const cpu = process.cpuUsage(cpu0);
const transitionsPerSec = n / ((cpu.user + cpu.system) / 1e6);
if (committedSum < 0) console.log(committedSum);

const scenario = longRun();
const full = runToRest(createWorld(scenario));
if (full.steps.length < STEPS) throw new Error(`the bench run has only ${full.steps.length} steps`);
const choices = full.steps.slice(0, STEPS).map((x) => x.action);

const replayMs = measure(() => replay(scenario, choices));
const playMs = measure(() => runToRest(createWorld(scenario)));
const createMs = measure(() => createWorld(scenario));
const perSec = (ms: number, steps: number) => Math.round(steps / (ms / 1000));
const row = (ms: number[], steps: number | null, digits = 1) => ({
  'p50 CPU ms': +percentile(ms, 50).toFixed(digits),
  'p95 CPU ms': +percentile(ms, 95).toFixed(digits),
  'steps/s (p50)': steps === null ? '' : perSec(percentile(ms, 50), steps),
});

console.log(
  `machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, load average ${os.loadavg()[0]?.toFixed(1)}, Node ${process.version}`,
);
console.log(`CPU time, ${RUNS} runs each after ${WARMUP} warm-up runs\n`);
console.table({
  [`replay of ${STEPS} steps (goal < 50 ms)`]: row(replayMs, STEPS),
  [`play to rest: ${full.steps.length} natural steps (goal ≥ 20,000 steps/s)`]: row(
    playMs,
    full.steps.length,
  ),
  'createWorld (part of every replay)': row(createMs, null, 2),
  'context: xstate transition() alone, per s': {
    'p50 CPU ms': '',
    'p95 CPU ms': '',
    'steps/s (p50)': Math.round(transitionsPerSec),
  },
});
