import { describe, expect, it } from 'vitest';
import { createMachine, initialTransition, transition, type AnyMachineSnapshot } from 'xstate';
import { isIn } from './stateValue.ts';

/** A machine with every kind of state node isIn walks: atomic, compound and parallel. */
const machine = createMachine({
  initial: 'idle',
  states: {
    idle: { on: { go: 'ready' } },
    ready: {
      initial: 'inTransaction',
      states: {
        inTransaction: {
          initial: 'active',
          states: { active: { on: { fail: 'abortableError' } }, abortableError: {} },
        },
      },
      on: { split: 'both' },
    },
    both: { type: 'parallel', states: { left: {}, right: { initial: 'r1', states: { r1: {} } } } },
  },
});

const snapshots = (): AnyMachineSnapshot[] => {
  const [idle] = initialTransition(machine);
  const [ready] = transition(machine, idle, { type: 'go' });
  const [failed] = transition(machine, ready, { type: 'fail' });
  const [both] = transition(machine, ready, { type: 'split' });
  return [idle, ready, failed, both];
};

const paths = [
  ['idle'],
  ['ready'],
  ['ready', 'inTransaction'],
  ['ready', 'inTransaction', 'active'],
  ['ready', 'inTransaction', 'abortableError'],
  ['ready', 'inTransaction', 'active', 'deeper'],
  ['ready', 'idle'],
  ['both'],
  ['both', 'left'],
  ['both', 'right', 'r1'],
  ['both', 'right', 'r2'],
  ['idle', 'idle'],
  ['nowhere'],
];

/** The state value matches() would be given for a path, e.g. { ready: { inTransaction: 'active' } }. */
const valueOf = (path: string[]): string | object =>
  path.length === 1 ? (path[0] as string) : { [path[0] as string]: valueOf(path.slice(1)) };

describe('isIn', () => {
  it.each(snapshots().map((s) => [JSON.stringify(s.value), s] as const))(
    'agrees with snapshot.matches() in %s',
    (_value, snapshot) => {
      for (const path of paths)
        expect([path, isIn(snapshot, path)]).toEqual([path, snapshot.matches(valueOf(path) as never)]);
    },
  );
});
