import type { NodeId } from '../kafka/protocol.ts';
import { Node } from '../narration/words.ts';
import { onBrokerCrash, onBrokerRestart } from './controller.ts';
import { firstFrom } from './inFlight.ts';
import type { PartKind } from './topology.ts';
import type { InFlightMessage } from './types.ts';
import {
  abandonOutstanding,
  dispatch,
  nodeState,
  partOf,
  withNodeDown,
  type StepDraft,
  type World,
} from './world.ts';

/** A node's life in a step: its crash (which ends its connections) and its restart. */

export function crash(world: World, node: NodeId, draft: StepDraft): World {
  draft.events.push({
    step: draft.index,
    time: world.clock,
    kind: 'crash',
    from: node,
    to: node,
    name: 'crash',
    summary: `${node} crashes`,
  });
  let w = withNodeDown(world, node, true);
  for (const kind of Object.keys(nodeState(w, node)?.parts ?? {}) as PartKind[])
    w = dispatch(w, node, kind, { type: 'node.crash' }, draft);
  // Requests it was waiting on die with it; an application loses what it had not settled.
  w = { ...w, awaiting: Object.fromEntries(Object.entries(w.awaiting).filter(([, a]) => a.node !== node)) };
  // So do its connections: what is on the wire to it is never read, and answers to what it sent find no
  // one (the restarted node is a new instance, with new connections).
  w = endConnections(w, node);
  draft.narration.unshift(
    `${Node(node)} crashes.${partOf(w, node, 'broker') ? ' Its log is on disk and survives.' : ' Everything it held in memory is gone.'}`,
  );
  if (w.apps[node]) w = abandonOutstanding(w, node, draft);
  if (partOf(w, node, 'broker')) w = onBrokerCrash(w, node, draft);
  return withThreads(w, node, true, draft);
}

/**
 * A process's worker threads live and die with it: they stop at its crash (losing what they were
 * handed) and start again, empty, at its restart. They hold no connections of their own.
 */
function withThreads(world: World, node: NodeId, down: boolean, draft: StepDraft): World {
  let w = world;
  for (const thread of w.topology.threadsOf[node] ?? []) {
    draft.events.push({
      step: draft.index,
      time: w.clock,
      kind: down ? 'crash' : 'restart',
      from: thread,
      to: thread,
      name: down ? 'crash' : 'restart',
      summary: `${thread} ${down ? 'stops with' : 'starts again with'} ${node}`,
    });
    w = withNodeDown(w, thread, down);
    for (const kind of Object.keys(nodeState(w, thread)?.parts ?? {}) as PartKind[])
      w = dispatch(w, thread, kind, { type: down ? 'node.crash' : 'node.restart' }, draft);
  }
  return w;
}

/**
 * The network after `node`'s connections ended: what is on the wire to it is dead, the requests it sent
 * have lost their sender. Only messages from `world.connectionMarks[node]` on are looked at: every
 * earlier one already has what this crash would give it (it was given it at the node's previous crash,
 * and whenever another node's crash changed one of them, that node lowered this node's mark to it).
 * So a crash costs what was sent since the last one, not everything stranded on the wire.
 */
function endConnections(world: World, node: NodeId): World {
  const { network, connectionMarks } = world;
  let out: InFlightMessage[] | null = null;
  let marks: Record<NodeId, number> | null = null;
  for (let i = firstFrom(network, connectionMarks[node] ?? 0); i < network.length; i++) {
    const m = network[i] as InFlightMessage;
    let changed: InFlightMessage | null = null;
    if (m.to === node) {
      if (m.connection !== 'dead') changed = { ...m, connection: 'dead' };
    } else if (m.from === node && !m.body.name.endsWith('Response') && m.connection !== 'senderGone')
      changed = { ...m, connection: 'senderGone' };
    if (!changed) continue;
    out ??= network.slice();
    out[i] = changed;
    // The other end's crash would change it back: its next crash must look at it again.
    const other = m.to === node ? m.from : m.to;
    if (((marks ?? connectionMarks)[other] ?? 0) > m.id) {
      marks ??= { ...connectionMarks };
      marks[other] = m.id;
    }
  }
  return {
    ...world,
    network: out ?? network,
    connectionMarks: { ...(marks ?? connectionMarks), [node]: world.nextMessageId },
  };
}

export function restart(world: World, node: NodeId, draft: StepDraft): World {
  draft.events.push({
    step: draft.index,
    time: world.clock,
    kind: 'restart',
    from: node,
    to: node,
    name: 'restart',
    summary: `${node} restarts`,
  });
  draft.narration.push(`${Node(node)} restarts.`);
  let w = withNodeDown(world, node, false);
  for (const kind of Object.keys(nodeState(w, node)?.parts ?? {}) as PartKind[])
    w = dispatch(w, node, kind, { type: 'node.restart' }, draft);
  if (partOf(w, node, 'broker')) w = onBrokerRestart(w, node, draft);
  return withThreads(w, node, false, draft);
}
