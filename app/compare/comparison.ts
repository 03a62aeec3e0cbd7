import { PRESETS, type Scenario, type Semantics } from '../../src/index.ts';
import {
  compareLesson,
  compareSchedule,
  compareUnder,
  compareVariant,
  lockstep,
  type CompareLesson,
  type CompareSchedule,
  type Comparison,
  type Lockstep,
} from '../../src/analysis.ts';
import type { Clock } from '../playground/clock.ts';

/** The column for the run's own configuration (the config panel's, or a preset's, edits included). */
export const OWN_CONFIG = { id: 'this-run', label: 'This run’s configuration' } as const;
const PRESET_IDS = Object.keys(PRESETS) as Semantics[];

/** What the Compare view shows and its commands step: the columns so far, lined up once all are in. */
export interface CompareState {
  schedule: CompareSchedule;
  /** Each column's id and label, in order; `columns[i]` is null while it is being replayed. */
  heads: { id: string; label: string }[];
  columns: (Comparison | null)[];
  /** Once every column is in. */
  lockstep: Lockstep | null;
  lesson: CompareLesson | undefined;
}

export interface ComparisonKey {
  scenario: Scenario;
  choices: readonly string[];
  cursor: number;
  ownConfig: boolean;
}

/**
 * The comparison of a playground's run, derived from (scenario, choices, cursor) as the run is, and kept
 * until they change. Each column replays the whole schedule under its configuration, which for a long
 * link costs a good part of a second: columns are computed one per task on the playground's clock, and
 * `changed` is called after each, so no task blocks the page for long.
 */
export function createComparisons(clock: Clock, changed: () => void): (key: ComparisonKey) => CompareState {
  let key: ComparisonKey | null = null;
  let state: CompareState | null = null;
  let cancel: (() => void) | null = null;

  const computeNext = (forKey: ComparisonKey) => {
    cancel = null;
    if (key !== forKey || !state) return;
    const i = state.columns.indexOf(null);
    const head = state.heads[i];
    if (!head) return;
    const { schedule } = state.schedule;
    const column =
      head.id === OWN_CONFIG.id
        ? compareVariant(forKey.scenario, schedule, head.id, head.label)
        : compareUnder(forKey.scenario, schedule, head.id as Semantics);
    const columns = state.columns.map((c, j) => (j === i ? column : c));
    const done = columns.every((c) => c !== null);
    state = {
      ...state,
      columns,
      lockstep: done
        ? lockstep(
            schedule,
            columns.map((c) => c?.applied ?? null),
          )
        : null,
      lesson: done ? compareLesson(forKey.scenario, schedule, columns as Comparison[]) : undefined,
    };
    if (!done) cancel = clock.after(0, () => computeNext(forKey));
    changed();
  };

  return (next) => {
    if (
      state &&
      key &&
      key.scenario === next.scenario &&
      key.choices === next.choices &&
      key.cursor === next.cursor &&
      key.ownConfig === next.ownConfig
    )
      return state;
    cancel?.();
    key = next;
    const heads = [
      ...PRESET_IDS.map((id) => ({ id, label: PRESETS[id].label })),
      ...(next.ownConfig ? [OWN_CONFIG] : []),
    ];
    const schedule = compareSchedule(next.scenario, next.choices.slice(0, next.cursor));
    state = {
      schedule,
      heads,
      // A schedule that cannot be read gives every column the same sentence, at once.
      columns: schedule.problem
        ? heads.map((h) => ({
            ...h,
            scenario: next.scenario,
            applied: null,
            missed: [],
            unavailable: schedule.problem,
          }))
        : heads.map(() => null),
      lockstep: null,
      lesson: undefined,
    };
    if (schedule.problem)
      state.lockstep = lockstep(
        [],
        state.columns.map(() => null),
      );
    else cancel = clock.after(0, () => computeNext(next));
    return state;
  };
}
