import { describe, expect, it } from 'vitest';
import { scenarioById } from '../scenarios/index.ts';
import { SCENARIO_FORMAT, type Scenario } from '../scenarios/types.ts';
import { parseScenarioDocument } from '../share/scenarioDocument.ts';
import { outcome } from './ledger.ts';
import { runScenario } from './run.ts';
import { buildTopology } from './topology.ts';

/** Which lifelines and partitions a scenario's topology has, version 1 and version 2 alike. */

function parsed(doc: unknown): Scenario {
  const r = parseScenarioDocument(doc);
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('; '));
  return r.value;
}

const producerIds = (s: Scenario) =>
  buildTopology(s)
    .nodes.filter((n) => n.participant.role === 'producer')
    .map((n) => n.participant.id);

describe('a version-1 scenario', () => {
  it('has one producer application, with a second instance when the workload asks for it', () => {
    const zombie = scenarioById('zombie-fenced') as Scenario;
    const t = buildTopology(zombie);
    expect(producerIds(zombie)).toEqual(['producer', 'producer-2']);
    expect(t.applications.map((a) => [a.id, a.instances])).toEqual([
      ['producer', ['producer', 'producer-2']],
    ]);
    expect(t.applicationOf['producer-2']?.id).toBe('producer');
    expect(t.partitions).toEqual([
      { partition: 'orders-0', replicas: ['broker-1', 'broker-2', 'broker-3'], leader: 'broker-1' },
    ]);
  });

  it('opens from a file written before version 2 as it did', () => {
    const v1 = { ...(scenarioById('alo-producer-ack-lost') as Scenario), version: 1 };
    const { configInput, config: _c, ...doc } = v1;
    const s = parsed({ ...doc, config: configInput });
    expect(s.version).toBe(2);
    expect(buildTopology(s)).toEqual(buildTopology(scenarioById('alo-producer-ack-lost') as Scenario));
  });
});

describe('a version-2 scenario with two producer applications', () => {
  const s = parsed({
    format: SCENARIO_FORMAT,
    version: 2,
    id: 'two-writers',
    title: 'Two writers',
    chapter: 'beyond',
    description: 'd',
    pipeline: 'produce-consume',
    config: {},
    topics: [{ name: 'payments', replicas: [['broker-2', 'broker-3', 'broker-1']] }],
    producers: [
      {
        id: 'writer',
        label: 'Writer',
        config: { 'transactional.id': 'w-1', 'transaction.timeout.ms': 20000 },
        workload: { records: ['t1'] },
      },
      { id: 'audit', config: { 'enable.idempotence': false, acks: '1' }, workload: { records: ['a1'] } },
    ],
    workload: {},
  });
  const t = buildTopology(s);

  it('has a lifeline per application, each producer with its own settings, writing the topic', () => {
    expect(producerIds(s)).toEqual(['writer', 'audit']);
    const input = (id: string) =>
      t.nodes.find((n) => n.participant.id === id)?.parts[0]?.input as {
        config: { transactionalId: string | null; acks: number };
        partition: string;
      };
    expect(input('writer')).toMatchObject({
      partition: 'payments-0',
      config: { transactionalId: 'w-1', acks: -1 },
    });
    expect(input('audit')).toMatchObject({
      partition: 'payments-0',
      config: { transactionalId: null, acks: 1 },
    });
    expect(t.nodes.find((n) => n.participant.id === 'writer')?.participant.label).toBe('Writer');
  });

  it("leads the partition from the document's preferred leader", () => {
    expect(t.partitions).toEqual([
      { partition: 'payments-0', replicas: ['broker-2', 'broker-3', 'broker-1'], leader: 'broker-2' },
    ]);
  });

  it("gives the transaction coordinator the transactional application's transaction.timeout.ms", () => {
    const coordinator = t.nodes.find((n) => n.participant.id === 'txn-coordinator');
    expect(coordinator?.parts[0]?.input).toMatchObject({ transactionTimeoutMs: 20000 });
  });
});

describe('a version-2 scenario with a topic of two partitions', () => {
  const s = parsed({
    format: SCENARIO_FORMAT,
    version: 2,
    id: 'two-partitions',
    title: 'Two partitions',
    chapter: 'beyond',
    description: 'd',
    pipeline: 'produce-consume',
    config: {},
    topics: [{ name: 'orders', partitions: 2 }],
    producers: [
      {
        id: 'shop',
        workload: {
          records: [
            { id: 'm1', key: 'order-1' },
            { id: 'm2', key: 'order-2' },
            'm3',
            { id: 'm4', partition: 1 },
          ],
        },
      },
    ],
    workload: {},
  });
  const t = buildTopology(s);

  it('has a leader and replicas per partition, leaders round-robin, and no output partition', () => {
    expect(t.partitions).toEqual([
      { partition: 'orders-0', replicas: ['broker-1', 'broker-2', 'broker-3'], leader: 'broker-1' },
      { partition: 'orders-1', replicas: ['broker-2', 'broker-3', 'broker-1'], leader: 'broker-2' },
    ]);
    expect(t.outputPartition).toBeNull();
  });

  it('places each record as the default partitioner does, or where the record pins it', () => {
    const placement = t.applicationOf['shop']?.placement ?? {};
    expect(Object.fromEntries(Object.entries(placement).map(([r, p]) => [r, [p.id, p.by]]))).toEqual({
      m1: ['orders-0', 'key'],
      m2: ['orders-1', 'key'],
      m3: ['orders-0', 'sticky'],
      m4: ['orders-1', 'pinned'],
    });
  });

  it('says at send() where each record goes and why, and judges order per partition', () => {
    const world = runScenario(s);
    const sends = world.steps.filter((x) => x.action === 'app:shop:send').map((x) => x.narration);
    expect(sends[0]).toContain('hashes key order-1 with murmur2 to partition 0 (orders-0)');
    expect(sends[2]).toContain('no key, so the sticky partition, orders-0');
    expect(sends[3]).toContain('the application names partition 1 (orders-1)');
    const result = outcome(world);
    expect(result.ledger.map((r) => [r.record, r.partition, r.offsets, r.verdict])).toEqual([
      ['m1', 'orders-0', [0], 'once'],
      ['m2', 'orders-1', [0], 'once'],
      ['m3', 'orders-0', [1], 'once'],
      ['m4', 'orders-1', [1], 'once'],
    ]);
    // m3 is read before m2 (another partition, another consumer): no order is promised across partitions.
    expect(result.summary.outOfOrder).toBe(false);
    expect(result.invariants.violations).toEqual([]);
  });

  it('reads each partition with a consumer of its own', () => {
    expect(t.partitionReaders).toEqual([
      { partition: 'orders-0', reader: 'consumer' },
      { partition: 'orders-1', reader: 'consumer-p1' },
    ]);
    const reader = t.nodes.find((n) => n.participant.id === 'consumer-p1');
    expect(reader?.participant.label).toBe('Consumer (orders-1)');
    expect(reader?.parts[0]?.input).toMatchObject({ partition: 'orders-1' });
  });
});
