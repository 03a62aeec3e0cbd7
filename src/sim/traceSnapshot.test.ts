import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { SCENARIOS } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { compareSemantics } from './compare.ts';
import { outcome } from './ledger.ts';
import { replay, runScenario } from './run.ts';
import { enabledActions, step } from './step.ts';
import { createWorld, type World } from './world.ts';

/**
 * Byte-for-byte determinism across refactors: the trace, the outcome and the choices offered at the end
 * of every guided scenario and of seeded random walks, hashed and compared with hashes recorded from
 * main before the work on the world's cost. A change to what the model does (not how fast) changes
 * them on purpose: re-record with `UPDATE_TRACE_SNAPSHOT=1 npx vitest run src/sim/traceSnapshot.test.ts`
 * and say why in the commit.
 */

const FILE = new URL('./traceSnapshot.fixture.json', import.meta.url);
const WALK_STEPS = 300;

/** A small seeded generator (mulberry32): the walks must be the same on every machine. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Any choice the world offers, WALK_STEPS times (or until nothing is offered); with `crashy`, a crash
 * or restart whenever one is offered and the dice say so (many messages stranded across many crashes).
 */
function randomWalk(scenario: Scenario, seed: number, crashy = false): { world: World; choices: string[] } {
  const next = random(seed);
  let world = createWorld(scenario);
  const choices: string[] = [];
  for (let i = 0; i < WALK_STEPS; i++) {
    const all = enabledActions(world);
    const lifecycle = all.filter((a) => a.kind === 'crash' || a.kind === 'restart');
    const offered = crashy && lifecycle.length > 0 && next() < 0.6 ? lifecycle : all;
    const choice = offered[Math.floor(next() * offered.length)];
    if (!choice) break;
    choices.push(choice.id);
    world = step(world, choice.id);
  }
  return { world, choices };
}

const hash = (world: World) =>
  createHash('sha256')
    .update(JSON.stringify({ steps: world.steps, outcome: outcome(world), offered: enabledActions(world) }))
    .digest('hex');

const compareHash = (s: Scenario, choices: readonly string[]) =>
  createHash('sha256')
    .update(
      JSON.stringify(
        // Each column's schedule as it landed and its run's outcome (its world is hashed through these).
        compareSemantics(s, choices).map(({ id, missed, unavailable, applied }) => ({
          id,
          missed,
          unavailable,
          fired: applied?.fired,
          choices: applied?.choices,
          outcome: applied && outcome(applied.world),
        })),
      ),
    )
    .digest('hex');

/** One guided scenario's hashes: its run, seeded walks (one crash-heavy), their replays and Compare's columns. */
function scenarioHashes(s: Scenario): Record<string, string> {
  const walk = randomWalk(s, s.id.length * 7919);
  const crashy = randomWalk(s, s.id.length * 104729, true);
  const guided = runScenario(s);
  return {
    [`guided ${s.id}`]: hash(guided),
    [`walk ${s.id}`]: hash(walk.world),
    // The same choices replayed (the owned, in-place path) must give the same bytes as stepping.
    [`replayed walk ${s.id}`]: hash(replay(s, walk.choices)),
    [`crash-heavy walk ${s.id}`]: hash(crashy.world),
    // Compare replays a run's faults under each semantics: its columns too must not change.
    [`compare guided ${s.id}`]: compareHash(
      s,
      guided.steps.map((x) => x.action),
    ),
    [`compare crash-heavy walk ${s.id}`]: compareHash(s, crashy.choices),
  };
}

/** Long runs: many records in flight, logs and ledgers of some length. */
function longRunHashes(): Record<string, string> {
  const hashes: Record<string, string> = {};
  for (const id of ['alo-producer-ack-lost', 'eos-processor-crash']) {
    const base = SCENARIOS.find((s) => s.id === id) as Scenario;
    const records = Array.from({ length: 20 }, (_, i) => `m${i + 1}`);
    const long: Scenario = { ...base, workload: { ...base.workload, records }, script: [] };
    hashes[`long ${id}`] = hash(runScenario(long));
    hashes[`long walk ${id}`] = hash(randomWalk(long, 42).world);
  }
  return hashes;
}

const UPDATE = Boolean(process.env['UPDATE_TRACE_SNAPSHOT']);
const recorded = UPDATE ? {} : (JSON.parse(readFileSync(FILE, 'utf8')) as Record<string, string>);
const now: Record<string, string> = {};

/** Each part is its own test, with its own time budget: under a loaded machine the whole takes minutes. */
describe('trace snapshot: the traces, outcomes and Compare columns recorded on main before', () => {
  it.each(SCENARIOS.map((s) => [s.id, s] as const))(
    '%s',
    (_id, s) => {
      const hashes = scenarioHashes(s);
      Object.assign(now, hashes);
      if (!UPDATE)
        expect(hashes).toEqual(Object.fromEntries(Object.keys(hashes).map((k) => [k, recorded[k]])));
    },
    120_000,
  );

  it('long runs', () => {
    const hashes = longRunHashes();
    Object.assign(now, hashes);
    if (!UPDATE) expect(hashes).toEqual(Object.fromEntries(Object.keys(hashes).map((k) => [k, recorded[k]])));
  }, 120_000);

  afterAll(() => {
    if (UPDATE) writeFileSync(FILE, `${JSON.stringify(now, Object.keys(now).sort(), 2)}\n`);
  });
});
