import { describe, expect, it } from 'vitest';
import { scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { COMBINED_RUN } from '../scenarios/combinedRun.ts';
import { parseScenarioDocument } from '../share/scenarioDocument.ts';
import { replay, runScenario, runToRest } from '../sim/run.ts';
import { step } from '../sim/step.ts';
import { createWorld, nodeState } from '../sim/world.ts';
import { actorSummaries, type ActorSummary } from './actors.ts';

const scenario = (id: string) => scenarioById(id) as Scenario;
const byId = (actors: ActorSummary[], id: string): ActorSummary => {
  const a = actors.find((x) => x.id === id);
  if (!a) throw new Error(`no participant ${id}`);
  return a;
};
const fieldsOf = (a: ActorSummary, kind: string) =>
  Object.fromEntries(a.parts.find((p) => p.kind === kind)?.fields.map((f) => [f.name, f.value]) ?? []);

describe('a fenced zombie producer, at rest (zombie-fenced)', () => {
  const actors = actorSummaries(runScenario(scenario('zombie-fenced')));

  it('shows the first instance closed by PRODUCER_FENCED and the second one at a higher epoch', () => {
    const zombie = byId(actors, 'producer');
    expect(zombie.parts.map((p) => [p.kind, p.state])).toEqual([['producer', 'closed']]);
    expect(fieldsOf(zombie, 'producer')).toMatchObject({
      'Producer id / epoch': '1000 / 0',
      'Fatal error': 'PRODUCER_FENCED',
    });
    expect(fieldsOf(byId(actors, 'producer-2'), 'producer')['Producer id / epoch']).toBe('1000 / 3');
    expect(fieldsOf(byId(actors, 'producer-2'), 'producer')['Fatal error']).toBeUndefined();
  });

  it('names the coordinator’s state by its Kafka name, the full machine state kept aside', () => {
    const part = byId(actors, 'txn-coordinator').parts[0];
    expect([part?.state, part?.fullState]).toEqual(['CompleteCommit', 'live.CompleteCommit']);
    expect(fieldsOf(byId(actors, 'txn-coordinator'), 'txnCoordinator')['Pending markers']).toBe('—');
  });

  it('gives each broker a replica table: the leader with its ISR, followers without one', () => {
    const rows = ['broker-1', 'broker-2'].map((b) => byId(actors, b).parts[0]?.replicas?.[0]);
    expect(rows).toEqual([
      {
        partition: 'orders-0',
        role: 'leader',
        leaderEpoch: 0,
        logEndOffset: 4,
        highWatermark: 4,
        isr: 'broker-1, broker-2, broker-3',
      },
      {
        partition: 'orders-0',
        role: 'follower',
        leaderEpoch: 0,
        logEndOffset: 4,
        highWatermark: 4,
        isr: '—',
      },
    ]);
  });

  it('counts the effects outside Kafka on the sink, and reads the consumer’s position', () => {
    expect(byId(actors, 'sink').effects).toBe('m1 ×1');
    expect(byId(actors, 'producer').effects).toBeUndefined();
    expect(fieldsOf(byId(actors, 'consumer'), 'consumer')).toMatchObject({
      'Partition / isolation': 'orders-0 / read_committed',
      Position: '4',
      'Last poll returned': 'm1@2',
    });
  });
});

describe('from one step to the next (alo-consumer-crash-before-commit)', () => {
  const s = scenario('alo-consumer-crash-before-commit');
  const actions = runScenario(s).steps.map((st) => st.action);
  const crash = actions.findIndex((a) => a.startsWith('crash:'));

  it('marks a crashed participant down', () => {
    expect(crash).toBeGreaterThan(0);
    const node = actions[crash]?.slice('crash:'.length) ?? '';
    const after = byId(actorSummaries(replay(s, actions.slice(0, crash + 1))), node);
    expect(after.down).toBe(true);
    expect(byId(actorSummaries(replay(s, actions.slice(0, crash))), node).down).toBe(false);
  });

  it('keeps the summary object of every participant the step did not touch, and only those', () => {
    const before = replay(s, actions.slice(0, crash));
    const after = step(before, actions[crash] ?? '');
    const a = actorSummaries(before);
    const b = actorSummaries(after);
    const untouched = after.participants.filter(
      (p) =>
        nodeState(after, p.id) === nodeState(before, p.id) &&
        (p.role !== 'sink' || after.stats.effects === before.stats.effects),
    );
    expect(untouched.length).toBeGreaterThan(0);
    expect(untouched.length).toBeLessThan(after.participants.length);
    after.participants.forEach((p, i) =>
      untouched.includes(p) ? expect(b[i]).toBe(a[i]) : expect(b[i]).not.toBe(a[i]),
    );
  });
});

describe('two producer applications on one partition (lso-plain-record-behind-open-transaction)', () => {
  it('shows each producer with its own producer id: the transactional one after its retry, the plain one', () => {
    const actors = actorSummaries(runScenario(scenario('lso-plain-record-behind-open-transaction')));
    expect(byId(actors, 'payments').label).toBe('Payments (transactional)');
    expect(byId(actors, 'audit').label).toBe('Audit (plain)');
    // The audit producer asked first (idempotent: 1000); payments-writer got 1001 and, after the
    // timeout's fence and its own restart, epoch 2, then 3 from its EndTxn (transaction version 2).
    expect(fieldsOf(byId(actors, 'audit'), 'producer')['Producer id / epoch']).toBe('1000 / 0');
    expect(fieldsOf(byId(actors, 'payments'), 'producer')['Producer id / epoch']).toBe('1001 / 3');
  });
});

describe('a consumer group after the rebalance (rebalance-after-max-poll-interval), at rest', () => {
  const actors = actorSummaries(runScenario(scenario('rebalance-after-max-poll-interval')));

  it('shows each member’s id, generation and assignment, and the group at the coordinator', () => {
    expect(fieldsOf(byId(actors, 'consumer-a'), 'consumer')).toMatchObject({
      'Member id / generation': 'not in the group',
      Assignment: '—',
    });
    expect(fieldsOf(byId(actors, 'consumer-b'), 'consumer')).toMatchObject({
      'Member id / generation': 'consumer-b-2 / 2',
      Assignment: 'orders-0',
    });
    const gc = byId(actors, 'group-coordinator');
    expect(gc.parts[0]?.state).toBe('classicGroup.Stable');
    expect(fieldsOf(gc, 'groupCoordinator')).toMatchObject({
      'Group / generation': 'billing / 2',
      Members: 'consumer-b-2 (leader): orders-0',
    });
  });
});

describe('a member of a group over several partitions', () => {
  it('shows its position in each partition it owns, the one it fetches first', () => {
    const parsed = parseScenarioDocument({
      ...COMBINED_RUN,
      groups: [{ id: 'shipping', members: [{ id: 'consumer-a' }, { id: 'consumer-b' }] }],
    });
    if (!parsed.ok) throw new Error('bad test scenario');
    const w = runToRest(createWorld(parsed.value));
    expect(fieldsOf(byId(actorSummaries(w), 'consumer-a'), 'consumer')).toMatchObject({
      'Partition / isolation': 'orders-0 / read_uncommitted',
      Position: 'orders-0=4, orders-1=2',
      Assignment: 'orders-0, orders-1',
    });
    expect(fieldsOf(byId(actorSummaries(w), 'consumer-b'), 'consumer')).toMatchObject({ Position: '2' });
    expect(fieldsOf(byId(actorSummaries(w), 'group-coordinator'), 'groupCoordinator')).toMatchObject({
      'Committed offsets': 'shipping: orders-0=4, orders-1=2, orders-2=2',
    });
  });
});
