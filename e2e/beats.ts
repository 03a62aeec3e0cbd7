import { lessonOf } from '../src/lesson/lesson.ts';
import { scenarioById } from '../src/scenarios/index.ts';

/**
 * Where a guided scenario's run stands after n presses of Next: Next takes a beat of the lesson, so the
 * step counter moves by a beat's steps, not by one.
 */
export function stepAfter(id: string, presses: number): number {
  if (presses === 0) return 0;
  const ends = lessonOf(scenarioById(id) ?? failed(id))?.beatEnds ?? failed(id);
  return ends[Math.min(presses, ends.length) - 1] as number;
}

function failed(id: string): never {
  throw new Error(`${id} is not a guided scenario`);
}
