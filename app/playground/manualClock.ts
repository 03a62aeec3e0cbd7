import type { Clock } from './clock.ts';

/** A clock that moves only when told to (`advance`): the unit tests' way to play without waiting. */
export function manualClock(): Clock & { advance(ms: number): void; readonly pending: number } {
  let now = 0;
  let tasks: Array<{ at: number; task: () => void }> = [];
  const after = (ms: number, task: () => void) => {
    const entry = { at: now + ms, task };
    tasks.push(entry);
    return () => {
      tasks = tasks.filter((t) => t !== entry);
    };
  };
  return {
    after,
    // Idle as soon as the clock moves at all: `advance(0)` runs what waits for an idle moment.
    idle: (task) => after(0, task),
    advance(ms) {
      const until = now + ms;
      for (;;) {
        const due = tasks.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
        if (!due) break;
        tasks = tasks.filter((t) => t !== due);
        now = due.at;
        due.task();
      }
      now = until;
    },
    get pending() {
      return tasks.length;
    },
  };
}
