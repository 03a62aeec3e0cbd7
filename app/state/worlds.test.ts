import { describe, expect, it } from 'vitest';
import {
  createWorld,
  enabledActions,
  outcome,
  replay,
  type Scenario,
  scenarioById,
  step,
  type World,
} from '../../src/index.ts';
import { RunHistory } from './worlds.ts';

const base = scenarioById('alo-producer-ack-lost') as Scenario;
const scenario: Scenario = {
  ...base,
  workload: { ...base.workload, records: Array.from({ length: 12 }, (_, i) => `m${i + 1}`) },
};

/** A run of `n` choices: mostly natural, every seventh the last choice offered (faults included). */
function choicesOf(n: number, from: World = createWorld(scenario)): string[] {
  let world = from;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const offered = enabledActions(world);
    const pick = i % 7 === 6 ? offered.at(-1) : (offered.find((a) => a.natural) ?? offered[0]);
    if (!pick) break;
    out.push(pick.id);
    world = step(world, pick.id);
  }
  return out;
}

const bytes = (w: World) =>
  JSON.stringify({ steps: w.steps, outcome: outcome(w), offered: enabledActions(w) });

describe('the run history', () => {
  it('gives, at any cursor and in any order, the world a replay of that many choices gives', () => {
    const choices = choicesOf(200);
    const history = new RunHistory();
    for (const cursor of [200, 0, 199, 64, 63, 65, 130, 128, 1, 200, 150])
      expect(bytes(history.at(scenario, choices, cursor)), `cursor ${cursor}`).toBe(
        bytes(replay(scenario, choices.slice(0, cursor))),
      );
  });

  it('never changes a world it handed out when the run grows, and hands out the same world again', () => {
    const choices = choicesOf(150);
    const history = new RunHistory();
    const early = history.at(scenario, choices, 70);
    const before = bytes(early);
    const last = history.at(scenario, choices, 150);
    expect(bytes(early)).toBe(before);
    expect(history.at(scenario, choices, 70)).toBe(early);
    expect(history.at(scenario, choices, 150)).toBe(last);
  });

  it('forks: another choice at step 100 keeps the first 100 and replays the rest', () => {
    const choices = choicesOf(160);
    const history = new RunHistory();
    history.at(scenario, choices, 160);
    const prefix = choices.slice(0, 100);
    const at100 = replay(scenario, prefix);
    const detour = enabledActions(at100).find((a) => a.id !== choices[100]) as { id: string };
    const forked = [...prefix, detour.id, ...choicesOf(29, step(at100, detour.id))];
    for (const cursor of [130, 100, 70, 129])
      expect(bytes(history.at(scenario, forked, cursor)), `cursor ${cursor}`).toBe(
        bytes(replay(scenario, forked.slice(0, cursor))),
      );
  });
});
