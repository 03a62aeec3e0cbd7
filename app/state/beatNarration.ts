import { rolesOf, scriptProgress, toldSteps } from '../../src/index.ts';
import type { Run } from '../playground/run.ts';

/** One thing a beat says: a step's narration, with the scenario's own words for it when it has some. */
export interface Told {
  step: number;
  scripted: string | undefined;
  narration: string;
}

/** What the beat at the cursor says, step by step (the playground, the embed and the speaker view). */
export function beatNarration(run: Run): Told[] {
  const progress = scriptProgress(run.world);
  return toldSteps(run.world.steps, run.beatFrom, run.cursor, rolesOf(run.world.participants)).map((s) => ({
    step: s.index,
    scripted: progress.taken.get(s.index)?.narration,
    narration: s.narration,
  }));
}

/** The same as one line of text, for a host page or a live region. */
export const beatNarrationText = (run: Run): string =>
  run.cursor === 0
    ? run.scenario.description
    : beatNarration(run)
        .map((t) => (t.scripted ? `${t.scripted} ${t.narration}` : t.narration))
        .join(' ');
