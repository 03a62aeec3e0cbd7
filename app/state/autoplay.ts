import type { Run } from '../playground/run.ts';

/**
 * Autoplay presses Next for the user: the same beats, the lesson's scripted faults included. It pauses
 * by itself once at the lesson's climax, so a room sees the point before the run moves on.
 */
export function climaxPause(run: Run): number | undefined {
  const climax = run.lesson?.climax;
  if (!climax || !run.position.onLesson) return undefined;
  return run.lesson?.beatEnds.find((end) => end >= climax.step);
}
