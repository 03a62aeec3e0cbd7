import type { StepRecord } from '../sim/types.ts';
import type { Program } from './listing.ts';

/**
 * Where a program is: the line of its application's latest call up to the current step. The trace
 * records calls, not returns (send() returns at once, poll() and commitSync() wait for an answer), so
 * the line stays on the last call until the next one. A crash ends the program: no line until its
 * restarted instance makes a call.
 */

export interface ExecutingLine {
  /** Index into the program's lines. */
  line: number;
  /** The call was made in the current step (not in an earlier one). */
  now: boolean;
}

export function executingLine(program: Program, steps: readonly StepRecord[]): ExecutingLine | null {
  for (let i = steps.length - 1; i >= 0; i--) {
    const events = (steps[i] as StepRecord).events;
    for (let j = events.length - 1; j >= 0; j--) {
      const e = events[j];
      if (!e || !program.nodes.includes(e.from)) continue;
      if (e.kind === 'crash') return null;
      if (e.kind !== 'app') continue;
      const line = program.lines.findIndex((l) => l.call === e.name);
      if (line >= 0) return { line, now: i === steps.length - 1 };
    }
  }
  return null;
}
