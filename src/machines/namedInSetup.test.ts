import { describe, expect, it } from 'vitest';
import type { AnyStateNode } from 'xstate';
import { MACHINES } from '../sim/topology.ts';

/**
 * Issue #14: every machine names its guards and actions in setup(), so that its configuration reads as
 * Kafka's spec (`'node.crash': { actions: 'resetAfterCrash' }`) rather than as code.
 */
describe('every machine definition', () => {
  /** Every state node of a machine, the root included. */
  const nodes = (n: AnyStateNode): AnyStateNode[] => [n, ...Object.values(n.states).flatMap(nodes)];
  const inline = (x: unknown) => typeof x === 'function';

  it.each(Object.entries(MACHINES))(
    '%s names every guard and action in setup(): the configuration holds no inline function',
    (_kind, machine) => {
      const anonymous: string[] = [];
      for (const node of nodes(machine.root)) {
        const transitions = [...node.transitions.values()].flat().concat(node.always ?? []);
        for (const t of transitions) {
          if (inline(t.guard)) anonymous.push(`${node.id} ${t.eventType}: guard`);
          for (const a of t.actions) if (inline(a)) anonymous.push(`${node.id} ${t.eventType}: action`);
        }
        for (const a of [...node.entry, ...node.exit])
          if (inline(a)) anonymous.push(`${node.id}: entry/exit`);
      }
      expect(anonymous).toEqual([]);
    },
  );
});
