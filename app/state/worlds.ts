import type { Scenario } from '../../src/scenarios/types.ts';
import { outcome, type Outcome } from '../../src/sim/ledger.ts';
import { step } from '../../src/sim/step.ts';
import { createWorld, type World } from '../../src/sim/world.ts';

/**
 * The worlds of a run, derived from (scenario, choices) and cached: stepping forward reuses the last
 * world, stepping back or scrubbing is an index, and a fork replays only from the common prefix.
 * Worlds are immutable, so keeping every step's world is cheap (they share structure).
 */
export class RunHistory {
  private scenario: Scenario | null = null;
  private choices: string[] = [];
  private worlds: World[] = [];

  /** The world after the first `cursor` choices. */
  at(scenario: Scenario, choices: readonly string[], cursor: number): World {
    this.sync(scenario, choices, cursor);
    return this.worlds[Math.min(cursor, this.worlds.length - 1)] as World;
  }

  private sync(scenario: Scenario, choices: readonly string[], cursor: number): void {
    if (scenario !== this.scenario) {
      this.scenario = scenario;
      this.choices = [];
      this.worlds = [createWorld(scenario)];
    }
    let common = 0;
    while (
      common < this.choices.length &&
      common < choices.length &&
      this.choices[common] === choices[common]
    )
      common++;
    if (common < this.choices.length) {
      this.choices = this.choices.slice(0, common);
      this.worlds = this.worlds.slice(0, common + 1);
    }
    while (this.choices.length < Math.min(cursor, choices.length)) {
      const choice = choices[this.choices.length] as string;
      this.worlds.push(step(this.worlds[this.worlds.length - 1] as World, choice));
      this.choices.push(choice);
    }
  }
}

const outcomes = new WeakMap<World, Outcome>();

/**
 * `outcome(world)` (the ledger, the partition views, the summary) computed once per world: the ledger
 * and the partition log both show parts of it, and stepping back to a world reuses its outcome.
 */
export function outcomeOf(world: World): Outcome {
  let o = outcomes.get(world);
  if (!o) {
    o = outcome(world);
    outcomes.set(world, o);
  }
  return o;
}
