import type { ScriptedChoice } from '../scenarios/types.ts';
import { parseForm, sameShape } from './choiceForm.ts';
import { messageName, ordinal } from './messageIndex.ts';
import { resolveChoice } from './run.ts';
import type { World } from './world.ts';

/**
 * Where a run stands against its scenario's script. The steps taken so far are matched in order against
 * the script's entries, and the next entry is offered once the world offers what it names. An entry
 * names its choice in the script's own forms ("lose:7", "lose:ProduceResponse",
 * "deliver:Produce#2"), the grammar `resolveChoice` reads; a step matches the entry when its action is
 * the one that form named at that time.
 */
export interface ScriptProgress {
  /** The next scripted choice, if the world offers it now, and the action id it resolves to. */
  next: { entry: ScriptedChoice; actionId: string } | undefined;
  /** Step index (1-based) → the scripted choice that step took. */
  taken: Map<number, ScriptedChoice>;
}

/** Whether the action a step took is the one a scripted form names ("lose:ProduceResponse#2"). */
function takes(world: World, actionId: string, form: string): boolean {
  if (actionId === form) return true;
  const f = parseForm(form);
  const id = sameShape(f, actionId);
  if (id === undefined || messageName(world, id) !== f.name) return false;
  return f.nth === undefined || ordinal(world, id) === f.nth;
}

const cache = new WeakMap<World, ScriptProgress>();

/** The script's progress in this world; worlds are immutable, so it is computed once per world. */
export function scriptProgress(world: World): ScriptProgress {
  const cached = cache.get(world);
  if (cached) return cached;
  const script = world.scenario.script ?? [];
  const taken = new Map<number, ScriptedChoice>();
  let k = 0;
  for (const s of world.steps) {
    const entry = script[k];
    if (!entry) break;
    if (takes(world, s.action, entry.action)) {
      taken.set(s.index, entry);
      k++;
    }
  }
  const entry = script[k];
  const actionId = entry ? resolveChoice(world, entry.action) : undefined;
  const progress: ScriptProgress = { next: entry && actionId ? { entry, actionId } : undefined, taken };
  cache.set(world, progress);
  return progress;
}
