import { describe, expect, it } from 'vitest';
import { scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { runScenario } from './run.ts';
import { scriptProgress } from './script.ts';
import { naturalAction, step } from './step.ts';
import { createWorld, type World } from './world.ts';

const scenario = (id: string) => scenarioById(id) as Scenario;

/** Natural steps until the script's next entry is offered (or the run rests). */
function untilOffered(world: World): World {
  let w = world;
  for (let i = 0; i < 200 && !scriptProgress(w).next; i++) {
    const next = naturalAction(w);
    if (!next) break;
    w = step(w, next);
  }
  return w;
}

describe('scriptProgress', () => {
  it('suggests nothing until the world offers the scripted message, then names its action id', () => {
    const start = createWorld(scenario('alo-producer-ack-lost'));
    expect(scriptProgress(start).next).toBeUndefined();
    expect(scriptProgress(start).taken.size).toBe(0);

    const offered = untilOffered(start);
    const next = scriptProgress(offered).next;
    expect(next?.entry.tryThis).toBe('Lose the ack for m1 and press Next.');
    const ack = offered.network.find((m) => m.body.name === 'ProduceResponse');
    expect(next?.actionId).toBe(`lose:${ack?.id}`);
  });

  it('marks the step that took the scripted choice, and then has nothing more to suggest', () => {
    const offered = untilOffered(createWorld(scenario('alo-producer-ack-lost')));
    const actionId = scriptProgress(offered).next?.actionId as string;
    const after = step(offered, actionId);
    const progress = scriptProgress(after);
    expect([...progress.taken.keys()]).toEqual([after.steps.length]);
    expect(progress.taken.get(after.steps.length)?.action).toBe('lose:ProduceResponse');
    expect(progress.next).toBeUndefined();
  });

  it('does not count a different choice on the same message as the scripted one', () => {
    const offered = untilOffered(createWorld(scenario('alo-producer-ack-lost')));
    const lose = scriptProgress(offered).next?.actionId as string;
    const delivered = step(offered, lose.replace('lose:', 'deliver:'));
    expect(scriptProgress(delivered).taken.size).toBe(0);
  });

  it('matches a multi-entry script in order over the scripted run', () => {
    const s = scenario('abort-visible-to-read-uncommitted');
    const world = runScenario(s);
    const taken = scriptProgress(world).taken;
    expect([...taken.values()].map((e) => e.action)).toEqual((s.script ?? []).map((e) => e.action));
    const [first, second] = [...taken.keys()];
    expect(world.steps[(first as number) - 1]?.action).toMatch(/^deliver:\d+$/);
    expect(world.steps[(second as number) - 1]?.action).toBe('app:producer:abortTransaction');
  });

  it('is computed once per world', () => {
    const world = createWorld(scenario('alo-producer-ack-lost'));
    expect(scriptProgress(world)).toBe(scriptProgress(world));
  });
});
