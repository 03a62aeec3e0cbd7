import { describe, expect, it } from 'vitest';
import { SCENARIO_FORMAT } from '../scenarios/types.ts';
import { parseScenarioDocument } from '../share/scenarioDocument.ts';
import { replicaAssignment } from './producerApplications.ts';

/** The version-2 parts of a scenario: producer applications and the topic, as a document states them. */

const twoProducers = (over: Record<string, unknown> = {}) => ({
  format: SCENARIO_FORMAT,
  version: 2,
  id: 'two-writers',
  title: 'Two writers',
  chapter: 'beyond',
  description: 'A transactional writer and a plain one on one partition.',
  pipeline: 'produce-consume',
  config: { producer: { acks: 'all', 'request.timeout.ms': 20000 } },
  topics: [{ name: 'payments' }],
  producers: [
    { id: 'writer', config: { 'transactional.id': 'w-1' }, workload: { records: ['t1', 't2'] } },
    { id: 'audit', label: 'Audit log', workload: { records: [{ id: 'a1', key: 'user-7' }] } },
  ],
  workload: {},
  ...over,
});

const errorsOf = (doc: unknown) => {
  const r = parseScenarioDocument(doc);
  return r.ok ? [] : r.errors.map((e) => e.message);
};

describe('replica assignment', () => {
  it("spreads leaders round-robin over the brokers, each partition's followers after its leader", () => {
    expect(replicaAssignment({ name: 't', partitions: 4 }, 3)).toEqual([
      ['broker-1', 'broker-2', 'broker-3'],
      ['broker-2', 'broker-3', 'broker-1'],
      ['broker-3', 'broker-1', 'broker-2'],
      ['broker-1', 'broker-2', 'broker-3'],
    ]);
  });

  it("takes the document's assignment where it gives one", () => {
    expect(replicaAssignment({ name: 't', replicas: [['broker-2', 'broker-1']] }, 2)).toEqual([
      ['broker-2', 'broker-1'],
    ]);
  });
});

describe('a version-2 document with producer applications', () => {
  it('gives each application its own settings over config.producer, and lists every record', () => {
    const r = parseScenarioDocument(twoProducers());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const [writer, audit] = r.value.producers ?? [];
    expect(writer?.config).toMatchObject({
      transactionalId: 'w-1',
      requestTimeoutMs: 20000,
      idempotence: true,
    });
    expect(audit?.config.transactionalId).toBeNull();
    expect(audit).toMatchObject({ label: 'Audit log', records: [{ id: 'a1', key: 'user-7' }] });
    expect(r.value.workload.records).toEqual(['t1', 't2', 'a1']);
  });

  it('names the application whose settings break a Kafka rule', () => {
    const doc = twoProducers();
    doc.producers[1] = {
      id: 'audit',
      config: { acks: '1', 'enable.idempotence': true },
      workload: { records: ['a1'] },
    } as never;
    expect(errorsOf(doc)).toEqual([
      'producers[1] (audit): Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.',
    ]);
  });

  it.each([
    [
      'an id another lifeline has',
      { producers: [{ id: 'consumer', workload: { records: ['a1'] } }] },
      'producers[0].id "consumer" is the name of another lifeline; choose another.',
    ],
    [
      'an id used twice',
      {
        producers: [
          { id: 'a', workload: { records: ['a1'] } },
          { id: 'a', workload: { records: ['a2'] } },
        ],
      },
      'producers[1].id "a" is used twice; producer ids must be unique.',
    ],
    [
      'a record two applications send',
      {
        producers: [
          { id: 'a', workload: { records: ['m1'] } },
          { id: 'b', workload: { records: ['m1'] } },
        ],
      },
      'producers[1].workload.records[0] repeats "m1", already sent by a; record ids must be unique across producers.',
    ],
    [
      'two transactional applications',
      {
        producers: [
          { id: 'a', config: { 'transactional.id': 'x' }, workload: { records: ['a1'] } },
          { id: 'b', config: { 'transactional.id': 'y' }, workload: { records: ['b1'] } },
        ],
      },
      'a and b are both transactional; this playground simulates one transactional producer application per scenario so far.',
    ],
    [
      'a record pinned to a partition the topic lacks',
      {
        topics: [{ name: 'payments', partitions: 2 }],
        producers: [{ id: 'a', workload: { records: [{ id: 'm1', partition: 2 }] } }],
      },
      'producers[0].workload.records[0].partition is 2, but the topic has partitions 0 to 1: send() would throw TimeoutException "Partition 2 of topic payments with partition count 2 is not present in metadata after 60000 ms."',
    ],
    [
      'a worker thread on a topic with several partitions (each has its own consumer here)',
      {
        config: { producer: { acks: 'all' }, consumer: { processing: 'worker-thread' } },
        topics: [{ name: 'payments', partitions: 3 }],
        producers: [{ id: 'a', workload: { records: ['m1'] } }],
      },
      'consumer.processing "worker-thread" runs on a one-partition topic in this playground so far; topics[0] has 3 partitions.',
    ],
    [
      'replicas on a broker the cluster lacks',
      { topics: [{ name: 'payments', replicas: [['broker-1', 'broker-4', 'broker-2']] }] },
      'topics[0].replicas[0] names broker-4; the brokers are broker-1, broker-2, broker-3 (replication.factor=3).',
    ],
    [
      'records in the shared workload',
      { workload: { records: ['m1'] } },
      "workload.records goes in each producer's own workload when the scenario lists producers",
    ],
    [
      'producers in a consume-transform-produce scenario',
      { pipeline: 'consume-transform-produce' },
      'producers belongs to a produce-consume scenario; a consume-transform-produce one has its own topics and processor.',
    ],
  ])('refuses %s, saying so', (_name, over, message) => {
    expect(errorsOf(twoProducers(over))).toContain(message);
  });
});
