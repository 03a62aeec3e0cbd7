import { scriptProgress } from '../../src/index.ts';
import { beatNarrationText } from '../state/beatNarration.ts';
import type { Run } from '../playground/run.ts';

/** What the speaker view shows for a run: read from the same world the main window draws. */
export interface SpeakerNotes {
  /** The beat's narration, with the scenario's own words for it when it has some. */
  narration: string;
  /** What pressing Next does now, or null at rest. */
  next: string | null;
  /** The guided scenario's prompt, when the world offers its suggestion now; `byNext` when Next does it. */
  tryThis: { prompt: string; action: string; byNext: boolean } | null;
  /** The scenario author's notes for the presenter (the scenario's `notes`), never shown to the room. */
  notes: string | undefined;
  /** The scenario's whole script: each entry's prompt or narration, taken or not, with its own notes. */
  script: Array<{ text: string; notes?: string; state: 'done' | 'current' | 'later' }>;
}

export function speakerNotes(run: Run): SpeakerNotes {
  const progress = scriptProgress(run.world);
  // Next replays the recorded step if there is one (its label is in the timeline), else the lesson's
  // next choice while the run follows it, else the natural one.
  const recorded = run.cursor < run.length ? run.last.steps[run.cursor] : undefined;
  const lessonNext = run.position.onLesson ? run.lesson?.choices[run.cursor] : undefined;
  const upcoming = recorded?.label ?? run.actions.find((a) => a.id === lessonNext)?.label;
  const suggested = progress.next ? run.actions.find((a) => a.id === progress.next?.actionId) : undefined;
  const prompt = progress.next?.entry.tryThis;
  const taken = new Set(progress.taken.values());
  return {
    // The whole beat's words (its scripted ones included), as the room's screen says them.
    narration: beatNarrationText(run),
    next: upcoming ?? run.natural?.label ?? null,
    tryThis:
      prompt && suggested
        ? { prompt, action: suggested.label, byNext: run.position.onLesson && lessonNext === suggested.id }
        : null,
    notes: run.scenario.notes,
    script: (run.scenario.script ?? []).map((entry) => ({
      text: entry.tryThis ?? entry.narration ?? entry.action,
      ...(entry.notes ? { notes: entry.notes } : {}),
      state: taken.has(entry) ? 'done' : entry === progress.next?.entry ? 'current' : 'later',
    })),
  };
}
