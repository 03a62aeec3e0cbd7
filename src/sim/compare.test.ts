import { describe, expect, it } from 'vitest';
import { scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { outcome } from './ledger.ts';
import { replay, runScenario } from './run.ts';
import {
  compareLesson,
  compareSchedule,
  compareSemantics,
  compareUnder,
  liveRow,
  lockstep,
  type Comparison,
} from './compare.ts';

const scenario = (id: string) => scenarioById(id) as Scenario;
const choicesOf = (s: Scenario) => runScenario(s).steps.map((x) => x.action);
const byId = (columns: Comparison[]) => Object.fromEntries(columns.map((c) => [c.id, c]));
/** A column's figures at rest. */
const atRest = (c: Comparison | undefined) => (c?.applied ? liveRow(c.applied.world, true) : null);

describe('compareSchedule', () => {
  it('a lost ack hand-injected in the playground is a fault schedule, named by what it hit', () => {
    const s = scenario('alo-producer-ack-lost');
    expect(compareSchedule(s, choicesOf(s))).toEqual({
      schedule: [{ kind: 'lose-response', message: 'ProduceResponse', nth: 1, record: 'm1' }],
      source: 'run',
    });
  });

  it('before any step, the scenario’s scripted faults', () => {
    const s = scenario('alo-producer-ack-lost');
    expect(compareSchedule(s, []).source).toBe('script');
    expect(compareSchedule(s, []).schedule).toEqual(compareSchedule(s, choicesOf(s)).schedule);
  });

  it('before any step, a scenario file’s fault schedule is the schedule (it has no script to play)', () => {
    const { script: _script, ...s } = scenario('alo-producer-ack-lost');
    const faults = [{ kind: 'lose-response', message: 'ProduceResponse', nth: 1, record: 'm1' }] as const;
    const scheduled: Scenario = { ...s, faults: [...faults] };
    expect(compareSchedule(scheduled, [])).toEqual({ schedule: faults, source: 'script' });
  });

  it('a choice the world never offers is a problem in words, not a throw', () => {
    const s = scenario('alo-producer-ack-lost');
    const columns = compareSemantics(s, ['lose:NoSuchMessage']);
    expect(columns).toHaveLength(3);
    for (const c of columns) {
      expect(c.applied).toBeNull();
      expect(c.unavailable).toMatch(/^These choices cannot be replayed: /);
    }
  });
});

describe('the same lost ack under the three presets', () => {
  const s = scenario('alo-producer-ack-lost');
  const columns = byId(compareSemantics(s, choicesOf(s)));

  it('every preset offers a 1st ProduceResponse for m1 to lose: none misses the fault', () => {
    for (const c of Object.values(columns)) expect(c.missed).toEqual([]);
  });

  it('at-most-once loses nothing here (m1 was appended; only its ack was lost) and sends m1 once', () => {
    expect(atRest(columns['at-most-once'])).toMatchObject({ lost: [], duplicated: [], logRecords: 1 });
  });

  it('at-least-once retries without idempotence: m1 is in the log twice, delivered twice', () => {
    expect(atRest(columns['at-least-once'])).toMatchObject({ lost: [], duplicated: ['m1'], logRecords: 2 });
  });

  it('exactly-once absorbs the retry, and pays for it in coordinator requests and a marker', () => {
    const eos = atRest(columns['exactly-once']);
    expect(eos).toMatchObject({ lost: [], duplicated: [], markers: 1 });
    expect(eos?.coordinatorRequests).toBeGreaterThan(
      atRest(columns['at-least-once'])?.coordinatorRequests ?? 0,
    );
  });

  it('a row says what it can before rest: the duplicates so far, and no loss yet', () => {
    const alo = columns['at-least-once'];
    const choices = alo?.applied?.choices ?? [];
    const at = (step: number) => liveRow(replay(alo?.scenario as Scenario, choices.slice(0, step)), false);
    const fired = alo?.applied?.fired[0]?.step ?? 0;
    expect(at(fired)).toMatchObject({ lost: null, duplicated: [], logRecords: 1 });
    expect(at(choices.length - 1)).toMatchObject({ lost: null, duplicated: ['m1'], logRecords: 2 });
  });
});

describe('consume–transform–produce', () => {
  const s = scenario('eos-processor-crash');
  const columns = byId(compareSemantics(s, choicesOf(s)));

  it('exactly-once: the transaction aborts, Kafka holds each output once, the inventory was updated twice', () => {
    const eos = columns['exactly-once'];
    expect(eos?.missed).toEqual([]);
    expect(eos?.applied?.fired.map((f) => f.actionId)).toEqual([
      'app:processor:sendOffsetsToTransaction',
      'crash:processor',
    ]);
    expect(eos?.applied && eos.applied.world.steps.length).toBeGreaterThan(0);
    const row = atRest(eos);
    expect(row).toMatchObject({ lost: [], duplicated: ['m1', 'm2'], markers: 2 });
  });

  it('a preset with no transactional.id runs the plain loop; the transactional faults find nothing to hit', () => {
    for (const id of ['at-most-once', 'at-least-once']) {
      expect(columns[id]?.unavailable).toBeUndefined();
      expect(columns[id]?.missed).toHaveLength(2);
      expect(atRest(columns[id])).toMatchObject({ lost: [], duplicated: [], markers: 0 });
    }
  });
});

describe('consume–transform–produce without transactions', () => {
  const s = scenario('eos-external-effect');
  const columns = byId(compareSemantics(s, choicesOf(s)));

  it('at-least-once: the crash before commitSync() re-processes m1, so its output is in Kafka twice', () => {
    const alo = columns['at-least-once'];
    expect(alo?.applied?.fired.map((f) => f.actionId)).toEqual(['crash:processor']);
    // m1 in, m1' twice out: no marker, no transaction to take the first copy back.
    expect(atRest(alo)).toMatchObject({ lost: [], duplicated: ['m1'], logRecords: 3, markers: 0 });
  });

  it('at-most-once: the commit went first, so the same crash re-processes nothing', () => {
    expect(atRest(columns['at-most-once'])).toMatchObject({ lost: [], duplicated: [], logRecords: 2 });
  });
});

describe('lockstep', () => {
  it('the fault lands on the same tick in every column, however many steps each took to get there', () => {
    const s = scenario('alo-producer-ack-lost');
    const { schedule } = compareSchedule(s, choicesOf(s));
    const columns = compareSemantics(s, choicesOf(s)).map((c) => c.applied);
    const { ticks, steps, faultTicks } = lockstep(schedule, columns);
    const tick = faultTicks[0] as number;
    columns.forEach((applied, c) => {
      const fired = applied?.fired[0]?.step;
      // At the fault's tick each column has just taken its fault, and not one tick before.
      expect(steps[c]?.[tick]).toBe(fired);
      expect(steps[c]?.[tick - 1]).toBe((fired ?? 0) - 1);
      // And every column ends at rest on the last tick, having moved at most one step a tick.
      expect(steps[c]?.[ticks]).toBe(applied?.choices.length);
      expect(steps[c]?.every((n, t) => t === 0 || n - (steps[c]?.[t - 1] ?? 0) <= 1)).toBe(true);
    });
  });

  it('Next stops on the brink of each fault, where it lands, where a record is processed, and at each rest', () => {
    const s = scenario('alo-producer-ack-lost');
    const { schedule } = compareSchedule(s, choicesOf(s));
    const columns = compareSemantics(s, choicesOf(s)).map((c) => c.applied);
    const { ticks, steps, faultTicks, stops } = lockstep(schedule, columns);
    const tick = faultTicks[0] as number;
    expect(stops).toEqual([...stops].sort((a, b) => a - b));
    expect(stops).toEqual(expect.arrayContaining([tick - 1, tick, ticks]));
    // At-least-once processes m1 twice: both are stops (the second is where the duplicate shows).
    const alo = columns[1];
    const processed = (alo?.world.steps ?? []).filter((x) => x.action === 'app:consumer:process');
    expect(processed).toHaveLength(2);
    for (const p of processed) expect(stops).toContain(steps[1]?.indexOf(p.index));
    // Each column's rest.
    for (const c of steps) expect(stops).toContain(c.indexOf(c.at(-1) ?? 0));
  });

  it('a column a fault misses keeps taking its natural steps alongside the others', () => {
    const s = scenario('alo-producer-ack-lost');
    const lost = (nth: number) =>
      ({ kind: 'lose-response', message: 'ProduceResponse', record: 'm1', nth }) as const;
    // At-most-once never retries: it has no 2nd ProduceResponse for m1 to lose.
    const schedule = [lost(1), lost(2)];
    const amo = compareUnder(s, schedule, 'at-most-once');
    const alo = compareUnder(s, schedule, 'at-least-once');
    expect(amo.missed).toEqual(['lose the 2nd ProduceResponse for m1']);
    expect(alo.missed).toEqual([]);
    const { steps, faultTicks } = lockstep(schedule, [amo.applied, alo.applied]);
    const [first, second] = faultTicks as [number, number];
    expect(second - first).toBeGreaterThan(2);
    // Between the two faults at-most-once moves on, one step a tick, while at-least-once gets to its retry.
    expect(steps[0]?.[first + 2]).toBe((steps[0]?.[first] ?? 0) + 2);
    expect(steps[0]?.at(-1)).toBe(amo.applied?.choices.length);
  });

  it('a column the fault misses keeps pace with the others and does not take the fault’s tick', () => {
    const s = scenario('zombie-fenced');
    const { schedule } = compareSchedule(s, choicesOf(s));
    const comparisons = compareSemantics(s, choicesOf(s));
    const amo = comparisons.findIndex((c) => c.id === 'at-most-once');
    expect(comparisons[amo]?.missed).toEqual(['the producer-2 calls initTransactions early']);
    const { steps, faultTicks } = lockstep(
      schedule,
      comparisons.map((c) => c.applied),
    );
    const tick = faultTicks[0] as number;
    expect(steps[amo]?.[tick]).toBe(steps[amo]?.[tick - 1]);
    expect(steps[amo]?.at(-1)).toBe(comparisons[amo]?.applied?.choices.length);
  });
});

describe('compareLesson', () => {
  const s = scenario('alo-producer-ack-lost');

  it('the scripted fault’s "Try this", and the point in the column of the scenario’s own semantics', () => {
    const { schedule } = compareSchedule(s, []);
    const columns = compareSemantics(s, []);
    const lesson = compareLesson(s, schedule, columns);
    expect(lesson?.tryThis[0]).toMatch(/Lose the ack for m1/);
    expect(lesson?.climax?.column).toBe('at-least-once');
    expect(lesson?.climax?.callout).toMatch(/a second copy/);
    // The step of the at-least-once run that makes the point: m1's second append.
    const alo = columns.find((c) => c.id === 'at-least-once');
    const step = lesson?.climax?.step ?? 0;
    const copies = (n: number) =>
      outcome(replay(alo?.scenario as Scenario, alo?.applied?.choices.slice(0, n) ?? [])).ledger[0]?.offsets;
    expect(copies(step - 1)).toEqual([0]);
    expect(copies(step)).toEqual([0, 1]);
  });

  it('other faults than the lesson’s have no prompts', () => {
    const schedule = [{ kind: 'lose-request', message: 'Produce', nth: 1 }] as const;
    expect(compareLesson(s, [...schedule], compareSemantics(s, []))).toBeUndefined();
  });
});
