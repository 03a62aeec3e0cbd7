import { scriptProgress } from '../../src/sim/script.ts';
import type { Run } from './useRun.ts';

export type AutoplayStep = { kind: 'next' } | { kind: 'choose'; actionId: string };

/**
 * What Play takes next: the recorded step if there is one, else the guided scenario's suggestion (so
 * autoplay shows the lesson, its fault included, not just the happy path), else the natural step.
 * Null at rest.
 */
export function autoplayStep(run: Run): AutoplayStep | null {
  if (run.cursor < run.length) return { kind: 'next' };
  const suggested = scriptProgress(run.world).next?.actionId;
  if (suggested && run.actions.some((a) => a.id === suggested))
    return { kind: 'choose', actionId: suggested };
  return run.natural ? { kind: 'next' } : null;
}
