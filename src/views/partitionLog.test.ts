import { describe, expect, it } from 'vitest';
import { scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { outcome } from '../sim/ledger.ts';
import { replay, runScenario } from '../sim/run.ts';
import type { World } from '../sim/world.ts';
import { partitionLogView, type ReplicaLogView } from './partitionLog.ts';

const scenario = (id: string) => scenarioById(id) as Scenario;
const view = (w: World) => partitionLogView(w, outcome(w).partitions);
const leaderOf = (w: World, partition = 'orders-0'): ReplicaLogView => {
  const p = view(w).partitions.find((x) => x.partition === partition);
  const leader = p?.replicas.find((r) => r.leader);
  if (!leader) throw new Error(`no leader for ${partition}`);
  return leader;
};
const statuses = (r: ReplicaLogView) => r.entries.map((e) => `${e.text}:${e.status}`);

/** Every world of the scenario's run, in order (each one step further). */
function* worldsOf(id: string): Generator<World> {
  const s = scenario(id);
  const actions = runScenario(s).steps.map((st) => st.action);
  for (let n = 1; n <= actions.length; n++) yield replay(s, actions.slice(0, n));
}

/** The first world of the run in which `test` holds of the leader's raw log. */
function firstWorld(id: string, test: (w: World, log: ReplicaLogView) => boolean): World {
  for (const w of worldsOf(id)) if (test(w, leaderOf(w))) return w;
  throw new Error(`no world of ${id} passes the test`);
}
const markers = (r: ReplicaLogView) => r.entries.filter((e) => e.kind !== 'data').map((e) => e.kind);

describe('an aborted transaction, then a committed one (abort-visible-to-read-uncommitted, at rest)', () => {
  const w = runScenario(scenario('abort-visible-to-read-uncommitted'));

  it('marks the aborted copy aborted and the retried one committed, on every replica', () => {
    const p = view(w).partitions[0];
    expect(p?.replicas).toHaveLength(3);
    for (const r of p?.replicas ?? [])
      expect(statuses(r)).toEqual(['m1:aborted', 'ABORT:marker', 'm1:committed', 'COMMIT:marker']);
  });

  it('has nothing above the high watermark once the run is at rest', () => {
    for (const r of view(w).partitions[0]?.replicas ?? [])
      expect(r.entries.filter((e) => e.aboveHighWatermark)).toEqual([]);
  });
});

describe('an open transaction (tv2-epoch-per-transaction, before its EndTxn)', () => {
  const id = 'tv2-epoch-per-transaction';
  const dataOnly = (r: ReplicaLogView) => r.entries.length > 0 && markers(r).length === 0;

  it('is open and above the high watermark as soon as the leader appends it', () => {
    const w = firstWorld(id, (_, r) => dataOnly(r));
    const leader = leaderOf(w);
    expect(leader.entries.map((e) => [e.text, e.status, e.aboveHighWatermark])).toEqual([
      ['m1', 'open', true],
    ]);
  });

  it('stays open once replicated, and the LSO holds at its first offset', () => {
    const w = firstWorld(id, (_, r) => dataOnly(r) && r.entries.every((e) => !e.aboveHighWatermark));
    const p = view(w).partitions[0];
    expect(statuses(leaderOf(w))).toEqual(['m1:open']);
    expect(p?.highWatermark).toBe(1);
    expect(p?.lastStableOffset).toBe(0);
    expect(leaderOf(w).pointers.find((x) => x.label === 'LSO')?.offset).toBe(0);
  });

  it('every record committed and every marker a marker at rest', () => {
    expect(statuses(leaderOf(runScenario(scenario(id))))).toEqual([
      'm1:committed',
      'COMMIT:marker',
      'm2:committed',
      'COMMIT:marker',
    ]);
  });
});

describe('records above the high watermark (alo-producer-ack-lost)', () => {
  it('a record only the leader has is above its high watermark; the followers have nothing yet', () => {
    const w = firstWorld('alo-producer-ack-lost', (_, r) => r.entries.length > 0);
    const p = view(w).partitions[0];
    const leader = leaderOf(w);
    expect(leader.entries.map((e) => [e.text, e.status, e.aboveHighWatermark])).toEqual([
      ['m1', 'plain', true],
    ]);
    expect(p?.replicas.filter((r) => !r.leader).map((r) => r.entries.length)).toEqual([0, 0]);
    expect(leader.pointers.map((x) => `${x.label}@${x.offset}`)).toEqual(['LEO@1', 'HW@0', 'LSO@0']);
    expect(p?.columns).toBe(2);
  });

  it('a follower shows only its log end offset and high watermark, the leader its LSO and groups too', () => {
    const w = runScenario(scenario('alo-producer-ack-lost'));
    const p = view(w).partitions[0];
    const follower = p?.replicas.find((r) => !r.leader);
    expect(follower?.pointers.map((x) => x.label)).toEqual(['LEO', 'HW']);
    expect(leaderOf(w).pointers.filter((x) => x.group).length).toBeGreaterThan(0);
    expect(leaderOf(w).entries.every((e) => !e.aboveHighWatermark)).toBe(true);
  });
});

describe('a transaction across two partitions (eos-transaction-two-partitions)', () => {
  it('shows each partition on its own: orders-1 committed with its marker, orders-0 still open, LSO 0', () => {
    const s = scenario('eos-transaction-two-partitions');
    const actions = runScenario(s).steps.map((st) => st.action);
    const climax = replay(s, actions.slice(0, actions.indexOf('app:consumer-p1:process') + 1));
    const v = view(climax);
    expect(v.partitions.map((p) => [p.partition, p.leader, p.highWatermark, p.lastStableOffset])).toEqual([
      ['orders-0', 'broker-1', 1, 0],
      ['orders-1', 'broker-2', 2, 2],
    ]);
    expect(statuses(leaderOf(climax, 'orders-0'))).toEqual(['m1:open']);
    expect(statuses(leaderOf(climax, 'orders-1'))).toEqual(['m2:committed', 'COMMIT:marker']);
  });
});
