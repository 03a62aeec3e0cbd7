import { parseForm, sameShape } from '../sim/choiceForm.ts';
import { applySchedule, missedFaults, type AppliedSchedule } from '../lab/schedule.ts';
import { runScenario } from '../sim/run.ts';
import { advance, naturalAction } from '../sim/step.ts';
import type { StepRecord } from '../sim/types.ts';
import type { World } from '../sim/world.ts';
import type { Scenario } from '../scenarios/types.ts';
import {
  beatEnds,
  forcedBeatStart,
  isRoutine,
  isSignificant,
  nextBeatEnd,
  previousBeatEnd,
  rolesOf,
  type Roles,
} from './beats.ts';

/**
 * A lesson: a guided scenario's whole path (its scripted faults and the natural steps between them),
 * cut into beats, with the step that makes its point (the climax). Next follows the lesson until the
 * user chooses something else; from then on the run is free play.
 */
export interface Lesson {
  /** Every choice of the lesson, from the first step to rest. */
  choices: readonly string[];
  /** Cursor positions where the lesson's beats end, ascending; the last is `choices.length`. */
  beatEnds: readonly number[];
  /** The step (1-based) that makes the lesson's point, and what to say there. */
  climax?: { step: number; callout: string };
  /** A fault schedule's faults that found nothing to hit in this configuration, in words. */
  unmatchedFaults?: string[];
  /** The lesson's whole path, played: what a narrow diagram keeps open from the first step. */
  path: Pick<World, 'participants' | 'steps'>;
}

/** The k-th step (1-based `#k`, default 1) that takes the action a form names: an action id, or a verb
 * and a Kafka message name ("deliver:Produce#2" is the second delivery of a Produce request). */
export function findStep(steps: readonly StepRecord[], form: string): number | undefined {
  const f = parseForm(form);
  const [head = '', nthText] = form.split('#');
  const nth = nthText === undefined ? 1 : Number(nthText.split(':')[0]);
  const names = new Map<number, string>();
  let seen = 0;
  for (const s of steps) {
    for (const e of s.events)
      if (e.kind === 'send' && e.messageId !== undefined) names.set(e.messageId, e.name);
    const id = sameShape(f, s.action);
    const matches = s.action === head || (id !== undefined && names.get(id) === f.name);
    if (matches && ++seen === nth) return s.index;
  }
  return undefined;
}

const lessons = new WeakMap<Scenario, Lesson | null>();

/**
 * The lesson a scenario teaches: none without a script, or when its script cannot be followed (a
 * config change can make a scripted fault impossible; the run is then free play from the start).
 * Computed once per scenario object.
 */
export function lessonOf(scenario: Scenario): Lesson | undefined {
  const cached = lessons.get(scenario);
  if (cached !== undefined) return cached ?? undefined;
  const lesson = scenario.script?.length || scenario.faults?.length ? buildLesson(scenario) : undefined;
  lessons.set(scenario, lesson ?? null);
  return lesson;
}

function buildLesson(scenario: Scenario): Lesson | undefined {
  const faults = scenario.faults ?? [];
  let scheduled: AppliedSchedule | undefined;
  let world: World;
  try {
    scheduled = faults.length > 0 ? applySchedule(scenario, faults) : undefined;
    world = scheduled?.world ?? runScenario(scenario);
  } catch {
    return undefined;
  }
  const steps = world.steps;
  // Each scripted choice (or scheduled fault) begins a beat, so the learner sees it coming.
  const forced = new Set<number>(scheduled?.fired.map((f) => f.step));
  let from = 0;
  for (const entry of scenario.script ?? []) {
    const at = steps.findIndex((s, i) => i >= from && matchesEntry(s, entry.action, steps, i));
    if (at >= 0) {
      forced.add(forcedBeatStart(steps, at + 1, forced));
      from = at + 1;
    }
  }
  const climaxStep = scenario.climax ? findStep(steps, scenario.climax.at) : undefined;
  if (climaxStep !== undefined) {
    forced.add(forcedBeatStart(steps, climaxStep, forced));
    // A point made by an application call (the card charged a second time) is that call: the requests it
    // sends are the next beat, so the callout stands beside the effect, not over the exchange that follows.
    // A delivery's point keeps its chain (the answer is part of it: "offset=1 (duplicate)").
    if (steps[climaxStep - 1]?.action.startsWith('app:')) forced.add(climaxStep + 1);
  }
  return {
    choices: steps.map((s) => s.action),
    beatEnds: beatEnds(steps, rolesOf(world.participants), {
      chains: true,
      forced,
      instances: instancesOf(world.participants),
    }),
    climax:
      climaxStep !== undefined && scenario.climax
        ? { step: climaxStep, callout: scenario.climax.callout }
        : undefined,
    ...(scheduled?.unmatched.length ? { unmatchedFaults: missedFaults(faults, scheduled) } : {}),
    path: { participants: world.participants, steps },
  };
}

/** Each consumer-group member's group: the instances of one application. */
const instancesOf = (participants: World['participants']): Map<string, string> =>
  new Map(participants.flatMap((p) => (p.group === undefined ? [] : [[p.id, p.group] as const])));

/** Whether step i took the scripted form (an action id, or "verb:MessageName[#n]" resolved at the time). */
function matchesEntry(step: StepRecord, form: string, steps: readonly StepRecord[], i: number): boolean {
  if (step.action === form) return true;
  const f = parseForm(form);
  const id = sameShape(f, step.action);
  if (id === undefined) return false;
  for (let j = i; j >= 0; j--)
    for (const e of (steps[j] as StepRecord).events)
      if (e.kind === 'send' && e.messageId === id) return e.name === f.name;
  return false;
}

/** Where a run stands against its lesson. */
export interface LessonPosition {
  /** Every recorded choice is the lesson's: Next keeps following it. */
  onLesson: boolean;
  /** The step (0-based choice index) where the run left the lesson, when it did. */
  leftAt?: number;
}

export function lessonPosition(lesson: Lesson | undefined, choices: readonly string[]): LessonPosition {
  if (!lesson) return { onLesson: false };
  const n = Math.min(choices.length, lesson.choices.length);
  for (let i = 0; i < n; i++) if (choices[i] !== lesson.choices[i]) return { onLesson: false, leftAt: i };
  if (choices.length > lesson.choices.length) return { onLesson: false, leftAt: lesson.choices.length };
  return { onLesson: true };
}

/** Which beat the cursor is at: 0 before the first, k after the k-th; and how many there are. */
export function beatNumber(lesson: Lesson, cursor: number): { beat: number; of: number } {
  let beat = 0;
  for (const end of lesson.beatEnds) if (end <= cursor) beat++;
  return { beat, of: lesson.beatEnds.length };
}

/**
 * Whether the verdict should wait for one more press: the run rests on the beat that makes the lesson's
 * point, so a card opening by itself would cover the callout the learner has not read yet (lessons that
 * end on their point). `beatFrom` is where the beat at the cursor starts.
 */
export function verdictWaits(
  lesson: Lesson | undefined,
  position: LessonPosition,
  atRest: boolean,
  beatFrom: number,
  cursor: number,
): boolean {
  const step = lesson?.climax?.step;
  return step !== undefined && position.onLesson && atRest && beatFrom < step && step <= cursor;
}

/** What Next does: move the cursor within recorded steps, or record new ones. */
export type Move = { kind: 'seek'; cursor: number } | { kind: 'record'; choices: string[]; cursor: number };

export interface RunState {
  lesson: Lesson | undefined;
  /** The world at the cursor, and the world after every recorded choice. */
  world: World;
  last: World;
  choices: readonly string[];
  cursor: number;
}

const rolesCache = new WeakMap<World, Roles>();
const rolesAt = (w: World): Roles => {
  let r = rolesCache.get(w);
  if (!r) rolesCache.set(w, (r = rolesOf(w.participants)));
  return r;
};

/** Next: the end of the next beat — the lesson's while the run follows it, free play's otherwise. */
export function nextMove(run: RunState): Move | null {
  const { lesson, choices, cursor } = run;
  if (lesson && lessonPosition(lesson, choices).onLesson) {
    const end = lesson.beatEnds.find((e) => e > cursor);
    if (end === undefined) return null;
    return end <= choices.length
      ? { kind: 'seek', cursor: end }
      : { kind: 'record', choices: lesson.choices.slice(0, end), cursor: end };
  }
  if (cursor < choices.length)
    return { kind: 'seek', cursor: nextBeatEnd(run.last.steps, cursor, choices.length, rolesAt(run.last)) };
  const taken = naturalBeat(run.world);
  return taken.length === 0
    ? null
    : { kind: 'record', choices: [...choices, ...taken], cursor: cursor + taken.length };
}

/** Back: the end of the beat before the one the cursor closes. */
export function backCursor(run: RunState): number {
  const { lesson, choices, cursor } = run;
  if (lesson && lessonPosition(lesson, choices).onLesson) {
    let back = 0;
    for (const end of lesson.beatEnds) if (end < cursor) back = end;
    return back;
  }
  return previousBeatEnd(run.last.steps, cursor, rolesAt(run.last));
}

/** The natural steps of one free-play beat from `world`: one step, and the routine ones that follow it. */
export function naturalBeat(world: World, limit = 200): string[] {
  const taken: string[] = [];
  const roles = rolesAt(world);
  let w = world;
  let significant = false;
  for (let i = 0; i < limit; i++) {
    const next = naturalAction(w);
    if (!next) break;
    // Worlds made here are ours alone: each may extend the history in place (the caller's may not).
    const after = advance(w, next, w !== world);
    const s = after.steps[after.steps.length - 1] as StepRecord;
    if (significant && !isRoutine(s, roles)) break;
    taken.push(next);
    w = after;
    if (isSignificant(s, roles)) significant = true;
  }
  return taken;
}
