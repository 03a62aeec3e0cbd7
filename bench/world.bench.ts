/**
 * Headless world speed: steps per second on the happy path, and the time to replay a ~1,000-step run
 * (what "step back" and opening a shared link cost). Prints figures; asserts nothing.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { transition, initialTransition } from 'xstate';
import { groupCoordinatorMachine } from '../src/machines/groupCoordinator.ts';
import { scenarioById } from '../src/scenarios/index.ts';
import { replay, runToRest } from '../src/sim/run.ts';
import { createWorld } from '../src/sim/world.ts';
import type { Scenario } from '../src/scenarios/types.ts';

function longRun(): Scenario {
  const base = scenarioById('eos-processor-crash') as Scenario;
  const records = Array.from({ length: 20 }, (_, i) => `m${i + 1}`);
  return { ...base, id: 'bench-eos-20', workload: { ...base.workload, records }, script: [] };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

// Baseline: XState's pure transition() alone, on the smallest machine.
const [gc0] = initialTransition(groupCoordinatorMachine);
const n = 20000;
let t = performance.now();
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
const transitionsPerSec = n / ((performance.now() - t) / 1000);
if (committedSum < 0) console.log(committedSum);

const scenario = longRun();
const world = runToRest(createWorld(scenario));
const choices = world.steps.map((x) => x.action);

const stepRates: number[] = [];
const replayMs: number[] = [];
for (let i = 0; i < 7; i++) {
  t = performance.now();
  replay(scenario, choices);
  const ms = performance.now() - t;
  replayMs.push(ms);
  stepRates.push(choices.length / (ms / 1000));
}
// Scale the replay time to exactly 1,000 steps for the headline figure.
const per1000 = (median(replayMs) / choices.length) * 1000;

console.log(
  `machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, Node ${process.version}`,
);
console.table({
  'xstate transition() alone (per s)': Math.round(transitionsPerSec),
  'world steps per second (median of 7)': Math.round(median(stepRates)),
  [`replay of the ${choices.length}-step run (ms)`]: Number(median(replayMs).toFixed(1)),
  'replay time per 1,000 steps (ms)': Number(per1000.toFixed(1)),
});
console.log('goals: ≥ 20,000 steps/s; a 1,000-step replay under 50 ms');
