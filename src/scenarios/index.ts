import { builtin, OPENING_SCENARIO } from './builtin.ts';
import { CATALOG } from './catalog.ts';
import { OPENING } from './opening.ts';
import type { Chapter, Scenario } from './types.ts';

// The opening lesson is the object the page opened with (builtin.ts), so the run it started is the same run.
export const SCENARIOS: readonly Scenario[] = CATALOG.map((doc) =>
  doc === OPENING ? OPENING_SCENARIO : builtin(doc),
);

export const CHAPTERS: readonly Chapter[] = ['at-most-once', 'at-least-once', 'exactly-once', 'beyond'];

export function scenarioById(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}
