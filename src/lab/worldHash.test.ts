import { describe, expect, it } from 'vitest';
import { scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { replay } from '../sim/run.ts';
import { naturalAction, step } from '../sim/step.ts';
import { createWorld, type World } from '../sim/world.ts';
import { canonicalText, worldHash } from './worldHash.ts';

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

  it('reuses the texts of the nodes and messages a world shares with its parent only while they are the same', () => {
    // The text written from scratch, with nothing reused: what canonicalText gives, without its memory.
    const fromScratch = (w: World) => {
      const parts: string[] = [String(w.clock)];
      for (const p of w.participants) {
        const node = w.nodes[p.id];
        if (!node) continue;
        const machines = Object.entries(node.parts).flatMap(([kind, x]) => [kind, x?.value, x?.context]);
        parts.push(JSON.stringify(p.id), JSON.stringify([node.down, machines]));
      }
      const wire = w.network.map((m) => [m.from, m.to, m.sentAt, m.heldBack, m.connection ?? '', m.body]);
      const apps = Object.entries(w.apps).map(([node, app]) =>
        JSON.stringify([node, app.outstanding, app.settled.backing.slice(0, app.settled.length)]),
      );
      const awaiting = Object.values(w.awaiting).map((a) => [a.node, a.message.name, a.sentAt]);
      const processed = w.steps
        .flatMap((x) => x.events)
        .filter((e) => e.kind === 'app' && e.name === 'process')
        .map((e) => `${e.from}:${e.summary};`)
        .join('');
      parts.push(JSON.stringify(wire), JSON.stringify(w.leaders), ...apps, JSON.stringify(awaiting));
      parts.push(JSON.stringify(w.stats.effects), JSON.stringify(processed));
      return `[${parts.join(',')}]`;
    };
    // A run with a lost ProduceResponse (so a retry) and a crashed broker, checked at every step.
    let w = createWorld(s);
    let faults = ['lose', 'crash'];
    for (let i = 0; i < 60 && naturalAction(w); i++) {
      const ack = w.network.find((m) => m.body.name === 'ProduceResponse');
      const choice =
        faults[0] === 'lose' && ack
          ? `lose:${ack.id}`
          : faults[0] === 'crash' && i > 12
            ? 'crash:broker-2'
            : undefined;
      if (choice) faults = faults.slice(1);
      w = step(w, choice ?? (naturalAction(w) as string));
      expect(canonicalText(w), `step ${i + 1}`).toBe(fromScratch(w));
    }
    expect(faults).toEqual([]);
  });

  it('hashes two worlds alike exactly when their canonical texts are alike (nodes and messages hashed apart)', () => {
    // Worlds one fault away from the natural path, each followed a few steps: many share nodes and
    // messages with their parents, and some meet again.
    const worlds: World[] = [];
    let w = createWorld(s);
    for (let i = 0; i < 30 && naturalAction(w); i++) {
      for (const m of w.network.slice(0, 2)) {
        let x = step(w, `lose:${m.id}`);
        for (let k = 0; k < 4 && naturalAction(x); k++)
          worlds.push((x = step(x, naturalAction(x) as string)));
      }
      worlds.push((w = step(w, naturalAction(w) as string)));
    }
    const hashOfText = new Map<string, string>();
    const textOfHash = new Map<string, string>();
    for (const x of worlds) {
      const [text, hash] = [canonicalText(x), worldHash(x)];
      expect(hashOfText.get(text) ?? hash).toBe(hash);
      expect(textOfHash.get(hash) ?? text).toBe(text);
      hashOfText.set(text, hash);
      textOfHash.set(hash, text);
    }
    expect(hashOfText.size).toBeGreaterThan(50);
    expect(hashOfText.size).toBeLessThan(worlds.length);
  });
});
