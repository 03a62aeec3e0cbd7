import { describe, expect, it } from 'vitest';
import { generator } from '../lab/random.ts';
import { SCENARIOS } from '../scenarios/index.ts';
import { enabledActions, naturalAction, step } from './step.ts';
import { createWorld, type World } from './world.ts';

/**
 * The natural path does not list every choice: each group finds its own most natural candidate (the
 * first follower fetch that makes progress, the first natural application call, the earliest timer).
 * It must pick exactly the action the full list marks natural, in every world: here along runs of every
 * scenario that take a random choice now and then (faults, crashes, timers), so that fetches, restarts
 * and timers are the natural step in some of the worlds compared.
 */

const STEPS = 150;
/** One step in this many is a random choice rather than the natural one. */
const RANDOM_EVERY = 4;

function compareAlong(start: World, seed: number): number {
  const random = generator(seed);
  let world = start;
  let compared = 0;
  for (let i = 0; i < STEPS; i++) {
    const all = enabledActions(world);
    const listed = all.find((a) => a.natural)?.id;
    expect(naturalAction(world), `${world.scenario.id}, step ${world.steps.length}`).toBe(listed);
    compared++;
    const pick = i % RANDOM_EVERY === RANDOM_EVERY - 1 ? all[Math.floor(random() * all.length)]?.id : listed;
    if (pick === undefined) break;
    world = step(world, pick);
  }
  return compared;
}

describe('naturalAction', () => {
  it.each(SCENARIOS.map((s) => [s.id, s] as const))(
    'is the action enabledActions marks natural, along a run of %s with random faults',
    (_id, scenario) => {
      for (const seed of [1, 2, 3]) expect(compareAlong(createWorld(scenario), seed)).toBeGreaterThan(0);
    },
  );
});
