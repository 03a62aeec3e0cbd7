import {
  backCursor,
  type EnabledAction,
  enabledActions,
  type Lesson,
  lessonOf,
  lessonPosition,
  type LessonPosition,
  type Scenario,
  type World,
} from '../../src/index.ts';
import type { RunHistory } from '../state/worlds.ts';

export interface Run {
  scenario: Scenario;
  /** The world at the cursor. */
  world: World;
  /** The world after every recorded choice (the end of the timeline). */
  last: World;
  actions: EnabledAction[];
  natural: EnabledAction | undefined;
  cursor: number;
  length: number;
  choices: readonly string[];
  /** The guided scenario's lesson, if it has one. */
  lesson: Lesson | undefined;
  /** Whether the run still follows the lesson, or where it left it. */
  position: LessonPosition;
  /** The beat the cursor closes is the steps after `beatFrom`, up to the cursor. */
  beatFrom: number;
}

/** The run at `cursor` of (scenario, choices), from a replay cache. */
export function deriveRun(
  history: RunHistory,
  scenario: Scenario,
  choices: readonly string[],
  cursor: number,
): Run {
  const last = history.at(scenario, choices, choices.length);
  const world = history.at(scenario, choices, cursor);
  const actions = enabledActions(world);
  const lesson = lessonOf(scenario);
  return {
    scenario,
    world,
    last,
    actions,
    natural: actions.find((a) => a.natural),
    cursor,
    length: choices.length,
    choices,
    lesson,
    position: lessonPosition(lesson, choices),
    beatFrom: backCursor({ lesson, world, last, choices, cursor }),
  };
}
