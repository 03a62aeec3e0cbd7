import type { AnyMachineSnapshot, StateValue } from 'xstate';

/**
 * Whether a snapshot is in the state at `path` (outermost first), as `snapshot.matches()` tells.
 * matches() parses a string argument character by character and builds a state value from it on every
 * call; the world asks its applications' machines on every step, so they walk the value instead.
 */
export function isIn(snapshot: AnyMachineSnapshot, path: readonly string[]): boolean {
  let value: StateValue | undefined = snapshot.value;
  for (let i = 0; i < path.length; i++) {
    const name = path[i] as string;
    // An atomic state: it is the one named only if the path ends here.
    if (typeof value === 'string') return value === name && i === path.length - 1;
    if (value === undefined || !(name in value)) return false;
    value = value[name];
  }
  return true;
}
