import type { Scenario } from '../scenarios/types.ts';
import { clip, quote } from '../share/limits.ts';
import { actionFor, parseForm } from './choiceForm.ts';
import { ordinal } from './messageIndex.ts';
import { advance, advanceNatural, naturalAction, offers } from './step.ts';
import { createWorld, type World } from './world.ts';

/** Guards "play" against a scenario that never comes to rest (a bug, not a feature). */
export const MAX_NATURAL_STEPS = 2000;

/** Natural steps a record may take to rest: about 19 on the happy path, more with retries and failover. */
const NATURAL_STEPS_PER_RECORD = 40;

/** The natural steps a run of this scenario may take to rest: a long workload needs more than a lesson. */
export const naturalStepLimit = (scenario: Scenario): number =>
  MAX_NATURAL_STEPS + NATURAL_STEPS_PER_RECORD * scenario.workload.records.length;

/** Replays a run: the scenario's initial world plus the user's choices, in order. */
export function replay(scenario: Scenario, choices: readonly string[]): World {
  let world = createWorld(scenario);
  // Every intermediate world is ours alone, so each step may extend the history in place.
  for (const choice of choices) world = advance(world, choice, true);
  return world;
}

/** Takes natural steps until none is left (the run has come to rest). */
export function runToRest(world: World, limit = naturalStepLimit(world.scenario)): World {
  let w = world;
  for (let i = 0; i < limit; i++) {
    // The caller's world keeps its history: only the worlds made here may be extended in place.
    const next = advanceNatural(w, w !== world);
    if (!next) return w;
    w = next;
  }
  throw new Error(`The run did not come to rest within ${limit} natural steps.`);
}

export type ScriptedRun = { ok: true; world: World } | { ok: false; message: string };

/**
 * The scenario's scripted choices, then natural steps until rest: what "play" and the CLI do. For a
 * document from a file or a link: a scripted choice that is never offered is reported with its entry,
 * and nothing the simulation throws escapes (a page must show a sentence, never go blank).
 */
export function tryRunScenario(scenario: Scenario): ScriptedRun {
  const scripted = checkScript(scenario);
  if (!scripted.ok) return scripted;
  try {
    return { ok: true, world: runToRest(scripted.world) };
  } catch (e) {
    return { ok: false, message: clip(e instanceof Error ? e.message : String(e)) };
  }
}

/**
 * The scenario's scripted choices, each after the natural steps that lead to it, and no further: what
 * opening a document checks (a scripted choice that is never offered is an error naming its entry).
 */
export function checkScript(scenario: Scenario): ScriptedRun {
  try {
    let w = createWorld(scenario);
    for (const [i, s] of (scenario.script ?? []).entries()) {
      const ready = runUntilOffered(w, s.action);
      const id = ready && resolveChoice(ready, s.action);
      if (!ready || !id)
        return {
          ok: false,
          message: `script[${i}].action ${quote(s.action)} is never offered: the run comes to rest (or runs ${MAX_NATURAL_STEPS} natural steps) before it could be taken.`,
        };
      w = advance(ready, id, true);
    }
    return { ok: true, world: w };
  } catch (e) {
    return { ok: false, message: clip(e instanceof Error ? e.message : String(e)) };
  }
}

/** `tryRunScenario` for scenarios known to be good (the catalog, tests): a bad one is a bug, thrown. */
export function runScenario(scenario: Scenario): World {
  const run = tryRunScenario(scenario);
  if (!run.ok) throw new Error(run.message);
  return run.world;
}

/** Scripts name the choice they want; the natural steps before it are taken until it is offered. */
function runUntilOffered(world: World, action: string): World | undefined {
  let w = world;
  for (let i = 0; i < MAX_NATURAL_STEPS; i++) {
    if (resolveChoice(w, action)) return w;
    const next = naturalAction(w);
    if (!next) break;
    w = advance(w, next, true);
  }
  return resolveChoice(w, action) ? w : undefined;
}

/**
 * A scripted choice is an action id ("crash:consumer") or names a message by its Kafka name
 * ("lose:ProduceResponse": the oldest such message in flight), so scripts need not know message ids.
 * Called at every natural step of a script, so it asks only what it needs: the one action's group, and
 * the message index (never the whole trace).
 */
export function resolveChoice(world: World, choice: string): string | undefined {
  if (offers(world, choice)) return choice;
  const f = parseForm(choice);
  const m = world.network.find(
    (x) => x.body.name === f.name && (f.nth === undefined || ordinal(world, x.id) === f.nth),
  );
  const id = m ? actionFor(f, m.id) : undefined;
  return id && offers(world, id) ? id : undefined;
}
