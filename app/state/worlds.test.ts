import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createWorld,
  enabledActions,
  outcome,
  replay,
  type Scenario,
  step,
  type World,
} from '../../src/index.ts';
import { scenarioById } from '../../src/catalog.ts';
import { checkRun, RunHistory } from './worlds.ts';

/** Counts the steps taken (every replay goes through `advance`), keeping what they do. */
const advanced = vi.hoisted(() => ({ count: 0 }));
vi.mock('../../src/sim/step.ts', async (importOriginal) =>
  (await import('./countedSteps.testing.ts')).countedSteps(importOriginal, advanced),
);

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

  it('steps through a recorded run one step per press, not a replay from the checkpoint each time', () => {
    const choices = choicesOf(200);
    const history = new RunHistory();
    history.at(scenario, choices, 200);
    history.at(scenario, choices, 100); // opened part way: replayed from the checkpoint at 64
    for (let cursor = 101; cursor <= 120; cursor++) {
      const before = advanced.count;
      const world = history.at(scenario, choices, cursor);
      expect(advanced.count - before, `cursor ${cursor}`).toBe(1);
      expect(bytes(world), `cursor ${cursor}`).toBe(bytes(replay(scenario, choices.slice(0, cursor))));
    }
    // The worlds handed out on the way are unchanged by the ones after them.
    expect(bytes(history.at(scenario, choices, 119))).toBe(bytes(replay(scenario, choices.slice(0, 119))));
  });

  it('moves a beat of several steps forward by replaying those steps, from the world handed out before them', () => {
    const choices = choicesOf(200);
    const history = new RunHistory();
    history.at(scenario, choices, 200);
    history.at(scenario, choices, 70); // six past the checkpoint at 64
    for (const [cursor, steps] of [
      [75, 5],
      [83, 8],
      [90, 7],
    ] as const) {
      const before = advanced.count;
      const world = history.at(scenario, choices, cursor);
      expect(advanced.count - before, `cursor ${cursor}`).toBe(steps);
      expect(bytes(world), `cursor ${cursor}`).toBe(bytes(replay(scenario, choices.slice(0, cursor))));
    }
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

describe('a run extended ahead of a press', () => {
  it('is cut back to a world it handed out without a replay, and grows again from there as before', () => {
    const choices = choicesOf(100);
    const history = new RunHistory();
    const shown = history.at(scenario, choices.slice(0, 90), 90);
    history.at(scenario, choices, 100); // Next's run, derived ahead
    const other = choicesOf(1, shown);
    const before = advanced.count;
    // Another choice than the one prepared: one step from the world on screen, not from the checkpoint.
    const forked = [...choices.slice(0, 90), ...other];
    const world = history.at(scenario, forked, 91);
    expect(advanced.count - before).toBe(1);
    expect(bytes(world)).toBe(bytes(replay(scenario, forked)));
    expect(bytes(shown)).toBe(bytes(replay(scenario, choices.slice(0, 90))));
    expect(bytes(history.at(scenario, choices.slice(0, 95), 95))).toBe(
      bytes(replay(scenario, choices.slice(0, 95))),
    );
  });
});

describe('a run checked when it is opened', () => {
  beforeEach(() => {
    advanced.count = 0;
  });

  it("is replayed once: the history showing it takes the check's replay over", () => {
    const choices = choicesOf(300);
    advanced.count = 0;
    const checked = checkRun(scenario, choices);
    expect(checked).toEqual({ replayed: 300, choices });
    expect(advanced.count).toBe(300);
    const history = new RunHistory();
    const last = history.at(scenario, checked.choices, 300);
    expect(advanced.count).toBe(300);
    expect(bytes(last)).toBe(bytes(replay(scenario, choices)));
    // Stepping back uses the checkpoints the check kept: at most CHECKPOINT - 1 steps of replay.
    const at130 = bytes(replay(scenario, choices.slice(0, 130)));
    advanced.count = 0;
    expect(bytes(history.at(scenario, checked.choices, 130))).toBe(at130);
    expect(advanced.count).toBeLessThan(64);
  });

  it('is taken over once, by the same choices array of the same scenario only', () => {
    const choices = choicesOf(100);
    checkRun(scenario, choices);
    advanced.count = 0;
    new RunHistory().at(base, choices, 100); // another scenario
    new RunHistory().at(scenario, [...choices], 100); // equal choices, another array
    expect(advanced.count).toBe(200);
    advanced.count = 0;
    new RunHistory().at(scenario, choices, 100);
    new RunHistory().at(scenario, choices, 100); // the replay is handed over to one history only
    expect(advanced.count).toBe(100);
  });

  it('stops at a choice the world does not offer, and hands over the part that replays', () => {
    const choices = [...choicesOf(80), 'lose:NoSuchMessage', ...choicesOf(5)];
    const checked = checkRun(scenario, choices);
    expect(checked.replayed).toBe(80);
    expect(checked.choices).toEqual(choices.slice(0, 80));
    const expected = bytes(replay(scenario, choices.slice(0, 80)));
    advanced.count = 0;
    expect(bytes(new RunHistory().at(scenario, checked.choices, 80))).toBe(expected);
    expect(advanced.count).toBe(0); // taken over: nothing replayed again
  });
});
