import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../scenarios/index.ts';
import { runScenario, runToRest } from '../sim/run.ts';
import { enabledActions, step } from '../sim/step.ts';
import { createWorld, type World } from '../sim/world.ts';
import { startsWithVowelSound, styleProblems } from './style.ts';

/** Every step's narration that breaks the house style, as "scenario #step: problem — text". */
function offences(id: string, world: World): string[] {
  return world.steps.flatMap((s) =>
    styleProblems(s.narration).map((p) => `${id} #${s.index} ${p} — ${s.narration}`),
  );
}

describe('the style checker', () => {
  it('hears "an" before a vowel sound, whether a word, an initialism or a number', () => {
    for (const w of ['ABORT', 'offset', 'ISR', 'LSO', 'acks=all', 'InitProducerId', '8', '11', 'hour'])
      expect(startsWithVowelSound(w), w).toBe(true);
    for (const w of ['COMMIT', 'PID', 'record', 'unique', 'one', 'NOT_ENOUGH_REPLICAS', '1', '100'])
      expect(startsWithVowelSound(w), w).toBe(false);
  });

  it('names what a log line does wrong', () => {
    const log =
      'Deliver OffsetFetch consumer → group-coordinator: broker-2 sends 1 record(s).  a ABORT marker';
    expect(styleProblems(log)).toEqual([
      'does not end with . ! ? or )',
      'has a sentence that does not start with a capital: "a ABORT marker"',
      'names a node by its id: group-coordinator',
      'says "(s)" instead of choosing singular or plural',
      'uses an arrow instead of words',
      'has a doubled space',
      'says "a ABORT" (want "an")',
    ]);
    expect(styleProblems('lose:7 happened, an `COMMIT` marker, `unbalanced.')).toEqual([
      'has unbalanced backticks',
      'has a sentence that does not start with a capital: "lose:7 happened, an `COMMIT` marker, `unbalanced."',
      'names a raw action id',
      'says "an `COMMIT" (want "a")',
    ]);
    expect(styleProblems('')).toEqual(['is empty']);
  });

  it("lets a teacher's sentence through", () => {
    expect(
      styleProblems(
        'Broker 2 writes an `ABORT` marker into orders-0 (offset 3). `commitSync()` returns: the group coordinator has stored offset 1.',
      ),
    ).toEqual([]);
  });
});

describe('a step its components are silent about', () => {
  const scenario = SCENARIOS.find((s) => s.id === 'alo-producer-ack-lost');
  if (!scenario) throw new Error('the lost-ack scenario is gone');
  const steps = runScenario(scenario).steps;
  const narrationOf = (action: RegExp, event: string) =>
    steps.find((s) => action.test(s.action) && s.events.some((e) => e.name === event))?.narration;

  it('is told from its messages: an answer as the answer to its request', () => {
    expect(narrationOf(/^deliver:/, 'OffsetFetchResponse')).toBe(
      'The group coordinator answers `OffsetFetch`: there is no committed offset for orders-0 yet.',
    );
    expect(narrationOf(/^fetch:broker-2:/, 'Fetch')).toBe(
      'Broker 2 fetches orders-0 from broker 1, starting at offset 0 (`Fetch`).',
    );
  });

  it('opens an application call with what was called, then what it sent', () => {
    expect(narrationOf(/^app:producer:send$/, 'Produce')).toBe(
      'The producer calls `send(m1)`. It sends m1 to broker 1 in a `Produce` request (`acks=all`).',
    );
  });
});

describe('every narration reads like a teacher', () => {
  it.each(SCENARIOS.map((s) => [s.id, s] as const))('%s, played to rest', (id, s) => {
    expect(offences(id, runScenario(s))).toEqual([]);
  });

  it('in free play too, with faults the guided scenarios never inject', () => {
    fc.assert(
      fc.property(fc.constantFrom(...SCENARIOS), fc.array(fc.nat(), { maxLength: 25 }), (s, indices) => {
        let world = createWorld(s);
        for (const i of indices) {
          const offered = enabledActions(world);
          if (offered.length === 0) break;
          world = step(world, (offered[i % offered.length] as { id: string }).id);
        }
        expect(offences(s.id, runToRest(world))).toEqual([]);
      }),
      { seed: 9, numRuns: 60 },
    );
  }, 60_000);
});

describe('narration that states the real reason', () => {
  const free = (id: string) => {
    const s = SCENARIOS.find((x) => x.id === id);
    if (!s) throw new Error(id);
    return createWorld({ ...s, script: [] });
  };

  it('an acks=0 Produce to a crashed leader is never "noticed through a timeout"', () => {
    let w = step(free('amo-acks-0'), 'crash:broker-1');
    w = step(w, 'restart:broker-1');
    w = step(w, 'app:producer:send');
    const produce = w.network.find((m) => m.body.name === 'Produce');
    w = step(step(w, 'crash:broker-2'), 'crash:broker-3');
    w = step(w, `deliver:${produce?.id}`);
    expect(w.steps.at(-1)?.narration).toMatch(/nobody ever notices/);
    expect(w.steps.at(-1)?.narration).not.toMatch(/timeout/);
  });

  it('an offline partition with no replica alive says so, not that unclean election is off', () => {
    const s = SCENARIOS.find((x) => x.id === 'acks-1-failover-loss');
    if (!s) throw new Error('acks-1-failover-loss');
    let w = createWorld({ ...s, script: [] });
    for (const b of ['broker-2', 'broker-3', 'broker-1']) w = step(w, `crash:${b}`);
    expect(w.steps.at(-1)?.narration).toContain('No replica of orders-0 is alive');
    expect(w.steps.at(-1)?.narration).not.toContain('unclean.leader.election.enable=false');
  });
});
