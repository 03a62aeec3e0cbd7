import type { NodeId, PartitionId } from '../kafka/protocol.ts';
import type { Participant, StepRecord } from '../sim/types.ts';

/**
 * Who leads which partition, step by step, so a broker's lane header says so at the step on screen
 * ("Broker 2 · leader since step 14") rather than naming the leader the run started with. Read from the
 * participants (the leaders at step 0) and the controller's `elect` events, whose names the controller
 * writes as "leader of <partition>" or "<partition> offline".
 */

/** From `step` on, `partition` is led by `leader` (null: offline, nobody leads it). */
export interface LeaderChange {
  step: number;
  partition: PartitionId;
  leader: NodeId | null;
}

export function leaderChanges(
  participants: readonly Participant[],
  steps: readonly StepRecord[],
): LeaderChange[] {
  const changes: LeaderChange[] = participants.flatMap((p) =>
    (p.leads ?? []).map((partition) => ({ step: 0, partition, leader: p.id })),
  );
  for (const s of steps)
    for (const e of s.events) {
      if (e.kind !== 'elect') continue;
      const led = /^leader of (.+)$/.exec(e.name);
      const offline = /^(.+) offline$/.exec(e.name);
      if (led?.[1]) changes.push({ step: s.index, partition: led[1], leader: e.from });
      else if (offline?.[1]) changes.push({ step: s.index, partition: offline[1], leader: null });
    }
  return changes;
}

/**
 * Each broker's header at step `k`: its plain label, plus "· leader" when it leads every partition
 * ("· leader of output-0" when only some), plus "since step N" once leadership has moved.
 */
export function leaderLabels(
  base: ReadonlyMap<NodeId, string>,
  changes: readonly LeaderChange[],
  k: number,
): Map<NodeId, string> {
  const now = new Map<PartitionId, { leader: NodeId | null; since: number }>();
  for (const c of changes) if (c.step <= k) now.set(c.partition, { leader: c.leader, since: c.step });
  const labels = new Map(base);
  for (const [node, label] of base) {
    const led = [...now].filter(([, l]) => l.leader === node);
    if (led.length === 0) continue;
    const which = led.length === now.size ? 'leader' : `leader of ${led.map(([p]) => p).join(', ')}`;
    const since = Math.max(...led.map(([, l]) => l.since));
    labels.set(node, `${label} · ${which}${since > 0 ? ` since step ${since}` : ''}`);
  }
  return labels;
}
