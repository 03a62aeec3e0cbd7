import { createActor, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';

/**
 * XState's pure `transition()` and `initialTransition()`, without their per-call cost: both build a
 * fresh inert actor for every call, and constructing an actor computes the machine's initial snapshot
 * (context factory included, without input — for our machines that throws, and the caught error's
 * stack trace makes `initialTransition` cost about a millisecond). Our machines spawn no children and touch no system, so one inert scope
 * per machine is safe; the step is the machine's own `transition(snapshot, event, scope)`, with the
 * actions collected instead of executed, exactly as `xstate.transition` does. A test checks both agree.
 */

export interface ExecutableAction {
  type: string;
  params?: unknown;
}

interface InertScope {
  collected: ExecutableAction[];
  scope: Record<string, unknown>;
}

const scopes = new WeakMap<AnyStateMachine, InertScope>();

function scopeFor(machine: AnyStateMachine): InertScope {
  const cached = scopes.get(machine);
  if (cached) return cached;
  const self = createActor(machine);
  const entry: InertScope = { collected: [], scope: {} };
  entry.scope = {
    self,
    defer: () => {},
    id: '',
    logger: () => {},
    sessionId: '',
    stopChild: () => {},
    system: self.system,
    emit: () => {},
    actionExecutor: (action: ExecutableAction) => entry.collected.push(action),
  };
  scopes.set(machine, entry);
  return entry;
}

/** `xstate.initialTransition(machine, input)`, through the machine's cached inert scope. */
export function pureInitialTransition(
  machine: AnyStateMachine,
  input: unknown,
): [AnyMachineSnapshot, ExecutableAction[]] {
  const entry = scopeFor(machine);
  entry.collected = [];
  const snapshot = machine.getInitialSnapshot(entry.scope as never, input) as AnyMachineSnapshot;
  const actions = entry.collected;
  entry.collected = [];
  return [snapshot, actions];
}

export function pureTransition(
  machine: AnyStateMachine,
  snapshot: AnyMachineSnapshot,
  event: { type: string; [key: string]: unknown },
): [AnyMachineSnapshot, ExecutableAction[]] {
  const entry = scopeFor(machine);
  entry.collected = [];
  const next = machine.transition(snapshot, event as never, entry.scope as never);
  const actions = entry.collected;
  entry.collected = [];
  return [next, actions];
}
