import { describe, expect, it } from 'vitest';
import { SCENARIOS, scenarioById } from '../scenarios/index.ts';
import { outcome } from '../sim/ledger.ts';
import { replay } from '../sim/run.ts';
import { createWorld } from '../sim/world.ts';
import type { Scenario } from '../scenarios/types.ts';
import { isRoutine, rolesOf, toldSteps } from './beats.ts';
import { backCursor, lessonOf, lessonPosition, naturalBeat, nextMove, type RunState } from './lesson.ts';

/** A learner with only a Next key: the run after each press, until Next has nothing left to do. */
function pressNext(scenario: Scenario, presses = Infinity) {
  const lesson = lessonOf(scenario);
  let choices: string[] = [];
  let cursor = 0;
  const cursors: number[] = [];
  for (let n = 0; n < presses; n++) {
    const world = replay(scenario, choices.slice(0, cursor));
    const state: RunState = { lesson, world, last: replay(scenario, choices), choices, cursor };
    const move = nextMove(state);
    if (!move) break;
    if (move.kind === 'record') choices = move.choices;
    cursor = move.cursor;
    cursors.push(cursor);
  }
  return { choices, cursor, cursors, world: replay(scenario, choices.slice(0, cursor)) };
}

const guided = SCENARIOS.filter((s) => s.script?.length);

describe('a guided scenario is a lesson', () => {
  it.each(guided.map((s) => [s.id, s] as const))(
    '%s reaches its climax within 11 presses of Next',
    (_, s) => {
      const lesson = lessonOf(s);
      expect(lesson?.climax, 'every guided scenario declares a climax that its run reaches').toBeDefined();
      const { cursors } = pressNext(s, 11);
      expect(cursors.some((c) => c >= (lesson?.climax?.step ?? Infinity))).toBe(true);
    },
  );

  it.each(guided.map((s) => [s.id, s] as const))(
    '%s: Next alone follows the script, faults included, to the expected outcome',
    (_, s) => {
      const { world, choices } = pressNext(s);
      expect(choices).toEqual(lessonOf(s)?.choices);
      const o = outcome(world);
      for (const [record, verdict] of Object.entries(s.expected?.verdicts ?? {}))
        expect(o.ledger.find((r) => r.record === record)?.verdict, record).toBe(verdict);
    },
  );

  it('a point made by an application call ends its beat: the requests it sends are the next press', () => {
    for (const s of guided) {
      const lesson = lessonOf(s);
      const step = lesson?.climax?.step ?? 0;
      const action = lesson?.choices[step - 1] ?? '';
      if (!action.startsWith('app:') || step === lesson?.choices.length) continue;
      expect(lesson?.beatEnds, `${s.id}: the beat of ${action} ends at step ${step}`).toContain(step);
    }
    // The lesson this was written for: the second charge, not the Produce exchange after it.
    const external = lessonOf(scenarioById('eos-external-effect') as Scenario);
    expect(external?.beatEnds).toContain(external?.climax?.step);
  });

  it('the lost-ack lesson duplicates m1 with Next alone (it used to end "once" on the happy path)', () => {
    const { world } = pressNext(scenarioById('alo-producer-ack-lost') as Scenario);
    expect(outcome(world).ledger[0]?.verdict).toBe('duplicated');
  });

  it('no beat ends just before a routine step: replication and start-up chatter fold into the beat before', () => {
    for (const s of guided) {
      const lesson = lessonOf(s);
      const world = replay(s, lesson?.choices ?? []);
      const roles = rolesOf(world.participants);
      for (const end of lesson?.beatEnds ?? []) {
        const after = world.steps[end];
        if (after)
          expect(isRoutine(after, roles), `${s.id}: step ${after.index} ${after.action}`).toBe(false);
      }
    }
  });

  it('a scripted choice begins its own beat, so its prompt shows before the fault happens', () => {
    const s = scenarioById('alo-producer-ack-lost') as Scenario;
    const lesson = lessonOf(s);
    const lostAt = lesson?.choices.findIndex((c) => c.startsWith('lose:')) ?? -1;
    expect(lostAt).toBeGreaterThan(0);
    expect(lesson?.beatEnds).toContain(lostAt);
  });

  it('a local call just before a scripted choice shares its beat: beginTransaction() takes no press of its own', () => {
    for (const s of guided) {
      const lesson = lessonOf(s);
      const choices = lesson?.choices ?? [];
      let from = 0;
      for (const end of lesson?.beatEnds ?? []) {
        const alone = end - from === 1 && choices[from]?.endsWith(':beginTransaction');
        expect(alone, `${s.id}: step ${end} is a beat of its own`).toBe(false);
        from = end;
      }
    }
  });

  it('two instances of one application making the same call in a row share a beat', () => {
    const s = scenarioById('eos-partition-moves-between-instances') as Scenario;
    const lesson = lessonOf(s);
    const choices = lesson?.choices ?? [];
    const first = choices.indexOf('app:processor-1:initTransactions');
    const second = choices.indexOf('app:processor-2:initTransactions');
    expect(first).toBeGreaterThanOrEqual(0);
    expect(second).toBeGreaterThan(first);
    // No beat ends between the two calls.
    expect(lesson?.beatEnds.some((end) => end > first && end <= second)).toBe(false);
  });

  it('the partition-moving lesson reaches its point in 10 presses', () => {
    const s = scenarioById('eos-partition-moves-between-instances') as Scenario;
    const lesson = lessonOf(s);
    const step = lesson?.climax?.step ?? Infinity;
    expect((lesson?.beatEnds.findIndex((end) => end >= step) ?? -1) + 1).toBe(10);
  });

  it('the partition-moving point names the fencing error once, then says what the application must do', () => {
    const s = scenarioById('eos-partition-moves-between-instances') as Scenario;
    const lesson = lessonOf(s);
    const step = lesson?.climax?.step ?? Infinity;
    const ends = lesson?.beatEnds ?? [];
    const at = ends.findIndex((end) => end >= step);
    const { steps, participants } = lesson?.path ?? { steps: [], participants: [] };
    const told = toldSteps(steps, ends[at - 1] ?? 0, ends[at] ?? 0, rolesOf(participants))
      .map((t) => t.narration)
      .join(' ');
    expect(told.split('UNKNOWN_MEMBER_ID').length - 1).toBe(1);
    expect(told).toContain('abortTransaction()');
  });

  it('Back retraces the beats Next took', () => {
    const s = scenarioById('eos-processor-crash') as Scenario;
    const lesson = lessonOf(s);
    const { choices, cursors } = pressNext(s);
    for (let k = cursors.length - 1; k > 0; k--) {
      const cursor = cursors[k] as number;
      const state: RunState = {
        lesson,
        world: replay(s, choices.slice(0, cursor)),
        last: replay(s, choices),
        choices,
        cursor,
      };
      expect(backCursor(state)).toBe(cursors[k - 1]);
    }
  });
});

describe('Back in free play', () => {
  it('stays at step 0 at the start of a run with no lesson (a scenario file without a script)', () => {
    const s = { ...(scenarioById('alo-producer-ack-lost') as Scenario), script: undefined };
    const world = createWorld(s);
    const last = replay(s, naturalBeat(world));
    expect(backCursor({ lesson: undefined, world, last, choices: [], cursor: 0 })).toBe(0);
  });
});

describe('leaving the lesson', () => {
  it('says where the run left it', () => {
    const s = scenarioById('alo-producer-ack-lost') as Scenario;
    const lesson = lessonOf(s);
    const path = lesson?.choices ?? [];
    expect(lessonPosition(lesson, path.slice(0, 10))).toEqual({ onLesson: true });
    expect(lessonPosition(lesson, [...path.slice(0, 10), 'crash:consumer'])).toEqual({
      onLesson: false,
      leftAt: 10,
    });
    expect(lessonPosition(undefined, [])).toEqual({ onLesson: false });
  });

  it('free play: one Next is one significant step and the routine steps after it', () => {
    const s = scenarioById('alo-producer-ack-lost') as Scenario;
    const world = createWorld(s);
    const roles = rolesOf(world.participants);
    // Past the producer's send: the leader's append comes next, then the replication it causes.
    const afterSend = replay(s, naturalBeat(world));
    const beat = naturalBeat(afterSend);
    const steps = replay(s, [...naturalBeat(world), ...beat]).steps.slice(afterSend.steps.length);
    expect(steps[0]?.events[0]?.name).toBe('Produce');
    expect(steps.slice(1).every((x) => isRoutine(x, roles))).toBe(true);
    // It stops while the ack is in flight, so the learner can still lose it.
    expect(
      steps.some((x) => x.events.some((e) => e.name === 'ProduceResponse' && e.kind === 'deliver')),
    ).toBe(false);
  });
});
