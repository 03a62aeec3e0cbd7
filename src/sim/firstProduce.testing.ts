import type { Scenario } from '../scenarios/types.ts';
import { naturalAction, step } from './step.ts';
import { createWorld, type World } from './world.ts';

/** Natural steps from the start until the leader has been delivered the first Produce (for tests). */
export function untilFirstProduceDelivered(scenario: Scenario): World {
  let w = createWorld(scenario);
  for (let i = 0; i < 100; i++) {
    const id = w.network.find((m) => m.body.name === 'Produce')?.id;
    w = step(w, naturalAction(w) as string);
    if (id !== undefined && w.steps.at(-1)?.action === `deliver:${id}`) return w;
  }
  throw new Error('no Produce');
}
