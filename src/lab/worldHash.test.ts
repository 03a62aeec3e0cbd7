import { describe, expect, it } from 'vitest';
import { scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { replay } from '../sim/run.ts';
import { naturalAction, step } from '../sim/step.ts';
import { createWorld, type World } from '../sim/world.ts';
import { worldHash } from './worldHash.ts';

const s = { ...(scenarioById('alo-producer-ack-lost') as Scenario), script: [] };

function natural(world: World, n: number): World {
  let w = world;
  for (let i = 0; i < n; i++) w = step(w, naturalAction(w) as string);
  return w;
}

describe("a world's canonical hash", () => {
  it('is the same for the same world reached twice, whatever its history object', () => {
    const a = natural(createWorld(s), 10);
    const b = replay(
      s,
      a.steps.map((x) => x.action),
    );
    expect(worldHash(b)).toBe(worldHash(a));
  });

  it('differs when a message is lost, held back, or a node is down', () => {
    const w = natural(createWorld(s), 3); // the Produce is in flight
    const id = w.network[0]?.id;
    const hashes = new Set([
      worldHash(w),
      worldHash(step(w, `lose:${id}`)),
      worldHash(step(w, 'crash:consumer')),
      worldHash(step(w, 'crash:broker-1')),
      worldHash(step(w, naturalAction(w) as string)),
    ]);
    expect(hashes.size).toBe(5);
    const held = { ...w, network: w.network.map((m) => ({ ...m, heldBack: true })) };
    expect(worldHash(held)).not.toBe(worldHash(w));
  });

  it('ignores message ids: the same messages in flight after different numbers of sends hash alike', () => {
    const w = natural(createWorld(s), 3);
    const renumbered = {
      ...w,
      network: w.network.map((m) => ({ ...m, id: m.id + 100 })),
      nextMessageId: w.nextMessageId + 100,
    };
    expect(worldHash(renumbered)).toBe(worldHash(w));
  });
});
