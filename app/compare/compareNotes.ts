import { describeFault } from '../../src/analysis.ts';
import type { CompareState } from './comparison.ts';

/** The fault that lands next, and its prompt while every column stands on its brink (one tick before). */
export function comingFault(
  comparison: CompareState,
  tick: number,
): { index: number; prompt?: string } | null {
  const faultTicks = comparison.lockstep?.faultTicks ?? [];
  const index = faultTicks.findIndex((t) => t !== null && t > tick);
  if (index < 0) return null;
  const prompt = faultTicks[index] === tick + 1 ? comparison.lesson?.tryThis[index] : undefined;
  return prompt ? { index, prompt } : { index };
}

/** What a speaker view says while the main window shows Compare: where the columns stand, what Next does. */
export interface CompareNotes {
  now: string;
  /** What Next does, or null when every column is at rest (or still being replayed). */
  next: string | null;
  tryThis: string | undefined;
}

export function compareNotes(comparison: CompareState, storedTick: number): CompareNotes {
  const { lockstep } = comparison;
  const { schedule } = comparison.schedule;
  if (!lockstep)
    return { now: 'Replaying the faults under every configuration…', next: null, tryThis: undefined };
  const tick = Math.min(storedTick, lockstep.ticks);
  const landed = lockstep.faultTicks.filter((t) => t !== null && t <= tick).length;
  const faults =
    schedule.length === 0
      ? 'no faults: every column runs its natural path'
      : `${landed} of ${schedule.length} faults landed`;
  const now = `Compare, tick ${tick} of ${lockstep.ticks}: ${faults}.`;
  const stop = lockstep.stops.find((t) => t > tick);
  const coming = comingFault(comparison, tick);
  const fault = (i: number) => describeFault(schedule[i]!);
  const landing = lockstep.faultTicks.indexOf(stop ?? -1);
  const next =
    stop === undefined
      ? null
      : landing >= 0
        ? `The fault lands in every column: ${fault(landing)}.`
        : coming && lockstep.faultTicks[coming.index] === stop + 1
          ? `Every column steps to the brink of the next fault: ${fault(coming.index)}.`
          : stop === lockstep.ticks
            ? 'Every column comes to rest.'
            : `Every column steps to tick ${stop}.`;
  return { now, next, tryThis: coming?.prompt };
}
