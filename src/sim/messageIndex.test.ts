import { describe, expect, it } from 'vitest';
import { scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { messageName, ordinal } from './messageIndex.ts';
import { replay, runScenario } from './run.ts';
import { scriptProgress } from './script.ts';
import type { World } from './world.ts';

const base = scenarioById('alo-producer-ack-lost') as Scenario;

/** The definition, read off the whole trace: what the index must agree with. */
function naiveOrdinal(world: World, messageId: number): number {
  const sends = world.steps.flatMap((s) => s.events.filter((e) => e.kind === 'send'));
  const name = sends.find((e) => e.messageId === messageId)?.name;
  return sends.filter((e) => e.name === name && (e.messageId ?? 0) <= messageId).length;
}

/** The adversarial script of the issue: crash and restart the consumer, again and again. */
const crashLoop = (entries: number): Scenario => ({
  ...base,
  script: Array.from({ length: entries }, (_, i) => ({
    action: i % 2 === 0 ? 'crash:consumer' : 'restart:consumer',
  })),
});

describe('the message index', () => {
  it('names and numbers every message as the trace does, also while a replay extends it in place', () => {
    const world = runScenario(crashLoop(40));
    const ids = world.steps.flatMap((s) => s.events.flatMap((e) => (e.kind === 'send' ? [e] : [])));
    expect(ids.length).toBeGreaterThan(20);
    // Asked first on a short prefix, then on the whole run: the index grows with the array.
    const prefix = replay(
      base,
      world.steps.slice(0, 5).map((s) => s.action),
    );
    for (const e of prefix.steps.flatMap((s) => s.events.filter((x) => x.kind === 'send')))
      expect(ordinal(prefix, e.messageId as number)).toBe(naiveOrdinal(prefix, e.messageId as number));
    for (const e of ids) {
      expect(messageName(world, e.messageId as number)).toBe(e.name);
      expect(ordinal(world, e.messageId as number)).toBe(naiveOrdinal(world, e.messageId as number));
    }
  });
});

describe('a long script', () => {
  // Before the index, resolving each entry listed every choice and read the whole trace: 4.6 s alone
  // for 1,000 entries (quadratic); alone it now takes ~0.3 s. How long is the bench's to say, not a test's.
  it('runs a 1,000-entry crash/restart script, and reads its progress', { timeout: 60_000 }, () => {
    const world = runScenario(crashLoop(1_000));
    expect(scriptProgress(world).taken.size).toBe(1_000);
  });
});
