import { verdictWaits } from '../../src/index.ts';
import type { Run } from '../playground/run.ts';
import type { PlaygroundState } from './store.ts';

/**
 * Whether the verdict card is held back for one press of Next: the run rests on the lesson's point
 * (the callout is on screen) and Next has not asked for the verdict at this step yet. Next, the clicker,
 * autoplay and the speaker view then open it, as they would any beat.
 */
export function verdictPending(run: Run, state: Pick<PlaygroundState, 'verdictAsked'>): boolean {
  const asked = state.verdictAsked;
  if (asked && asked.choices === run.choices && asked.cursor === run.cursor) return false;
  return verdictWaits(run.lesson, run.position, run.natural === undefined, run.beatFrom, run.cursor);
}
