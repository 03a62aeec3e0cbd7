import { describe, expect, it } from 'vitest';
import { type Scenario } from '../../src/index.ts';
import { scenarioById } from '../../src/catalog.ts';
import { beatNarrationText } from '../state/beatNarration.ts';
import { deriveRun, type Run } from '../playground/run.ts';
import { RunHistory } from '../state/worlds.ts';
import { formatElapsed } from './ElapsedTimer.tsx';
import { speakerNotes } from './speakerNotes.ts';

const scenario = scenarioById('alo-producer-ack-lost') as Scenario;

/** Natural steps until the scenario's suggestion is offered. */
function untilPrompt(): { run: Run; choices: string[]; history: RunHistory } {
  const history = new RunHistory();
  const choices: string[] = [];
  let run = deriveRun(history, scenario, choices, 0);
  while (!speakerNotes(run).tryThis) {
    choices.push(run.natural?.id as string);
    run = deriveRun(history, scenario, choices, choices.length);
  }
  return { run, choices, history };
}

describe('speaker notes', () => {
  it('before the first step: the scenario’s description, and Next is the natural step', () => {
    const run = deriveRun(new RunHistory(), scenario, [], 0);
    const notes = speakerNotes(run);
    expect(notes.narration).toBe(scenario.description);
    expect(notes.next).toBe(run.natural?.label);
    expect(notes.script).toEqual([
      {
        text: 'Lose the ack for m1 and press Next.',
        notes: scenario.script?.[0]?.notes,
        state: 'later',
      },
    ]);
    // The author's notes for the presenter come with the scenario, whatever the step.
    expect(notes.notes).toBe(scenario.notes);
    expect(notes.notes).toMatch(/only the answer is lost/);
    expect(notes.script[0]?.notes).toMatch(/did the write succeed\?/);
  });

  it('when the world offers the scripted fault: the prompt, its action, and the script entry is now', () => {
    const { run } = untilPrompt();
    const notes = speakerNotes(run);
    expect(notes.tryThis?.prompt).toBe('Lose the ack for m1 and press Next.');
    expect(notes.tryThis?.action).toMatch(/^Lose /);
    expect(notes.script[0]?.state).toBe('current');
    // The run follows the lesson, so the speaker's Next (or its "Do it") takes the fault.
    expect(notes.tryThis?.byNext).toBe(true);
    expect(notes.next).toBe(notes.tryThis?.action);
    // The beat's words, as the room's screen says them: not a follower's fetch that ended it.
    expect(notes.narration).toBe(beatNarrationText(run));
    expect(notes.narration).not.toMatch(/^Broker \d fetches/);
  });

  it('after the fault: the entry is done; stepped back, Next names the recorded step', () => {
    const { run, choices, history } = untilPrompt();
    const lose = run.actions.find((a) => a.label === speakerNotes(run).tryThis?.action);
    const after = [...choices, lose?.id as string];
    const done = speakerNotes(deriveRun(history, scenario, after, after.length));
    expect(done.script[0]?.state).toBe('done');
    expect(done.tryThis).toBeNull();
    const back = deriveRun(history, scenario, after, after.length - 1);
    expect(speakerNotes(back).next).toBe(back.last.steps[after.length - 1]?.label);
  });
});

describe('formatElapsed', () => {
  it('reads as a clock', () => {
    expect([0, 999, 75_000, 600_000, 3_723_000, -5].map(formatElapsed)).toEqual([
      '0:00',
      '0:00',
      '1:15',
      '10:00',
      '1:02:03',
      '0:00',
    ]);
  });
});
