import { scriptProgress } from '../../src/sim/script.ts';
import type { Run } from '../state/useRun.ts';

/** The narration of the step at the cursor as one line: the script's words first, then the simulator's. */
export function narrationOf(run: Run): string {
  const step = run.world.steps[run.cursor - 1];
  if (!step) return run.scenario.description;
  const scripted = scriptProgress(run.world).taken.get(step.index)?.narration;
  return scripted ? `${scripted} ${step.narration}` : step.narration;
}
