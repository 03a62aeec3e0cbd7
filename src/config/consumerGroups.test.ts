import { describe, expect, it } from 'vitest';
import { validateConsumerGroups } from './consumerGroups.ts';
import { parseScenarioDocument } from '../share/scenarioDocument.ts';
import { SCENARIO_FORMAT } from '../scenarios/types.ts';

const issues = (r: ReturnType<typeof validateConsumerGroups>) => (r.ok ? [] : r.issues.map((i) => i.message));

describe('consumer groups in a scenario', () => {
  it('apply Kafka 4.x defaults: session.timeout.ms 45000, heartbeat.interval.ms 3000, max.poll.interval.ms 300000', () => {
    const r = validateConsumerGroups({}, [{ id: 'billing', members: [{ id: 'consumer-a' }] }], new Set());
    expect(r.ok && r.groups[0]?.members[0]).toMatchObject({
      id: 'consumer-a',
      label: 'consumer-a',
      config: { groupId: 'billing' },
      settings: {
        sessionTimeoutMs: 45000,
        heartbeatIntervalMs: 3000,
        maxPollIntervalMs: 300000,
        processingMs: 0,
      },
    });
  });

  it('refuse a heartbeat interval not below the session timeout, in the classic consumer’s words', () => {
    const r = validateConsumerGroups(
      {},
      [
        {
          id: 'g',
          members: [{ id: 'a', config: { 'session.timeout.ms': 6000, 'heartbeat.interval.ms': 6000 } }],
        },
      ],
      new Set(),
    );
    expect(issues(r)).toEqual([
      'groups[0].members[0] (a): Heartbeat must be set lower than the session timeout (heartbeat.interval.ms 6000 ≥ session.timeout.ms 6000).',
    ]);
  });

  it('refuse a session timeout outside the broker’s group.min/max.session.timeout.ms', () => {
    const r = validateConsumerGroups(
      {},
      [{ id: 'g', members: [{ id: 'a', config: { 'session.timeout.ms': 1000 } }] }],
      new Set(),
    );
    expect(issues(r)[0]).toContain('session.timeout.ms must be a whole number from 6000 to 1800000');
  });

  it('refuse a member id another lifeline has, a repeated one, and a second group', () => {
    const r = validateConsumerGroups(
      {},
      [
        { id: 'g', members: [{ id: 'consumer' }, { id: 'payments' }, { id: 'b' }, { id: 'b' }] },
        { id: 'h', members: [{ id: 'c' }] },
      ],
      new Set(['payments']),
    );
    expect(issues(r)).toEqual([
      'This playground simulates 1 consumer group with members per scenario so far; the document lists 2.',
      'groups[0].members[0].id "consumer" is the name of another lifeline; choose another.',
      'groups[0].members[1].id "payments" is the name of another lifeline; choose another.',
      'groups[0].members[3].id "b" is used twice; member ids must be unique.',
    ]);
  });

  it('a document with five members is refused at its shape', () => {
    const members = ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id }));
    const r = parseScenarioDocument({
      format: SCENARIO_FORMAT,
      version: 2,
      id: 'five',
      title: 'Five',
      chapter: 'beyond',
      description: 'Five members.',
      pipeline: 'produce-consume',
      config: {},
      workload: { records: ['m1'] },
      groups: [{ id: 'g', members }],
    });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors[0]?.path).toBe('groups[0].members');
  });

  it('a group beside a worker thread, or with an assignor other than range, is refused in words', () => {
    const doc = (over: Record<string, unknown>) =>
      parseScenarioDocument({
        format: SCENARIO_FORMAT,
        version: 2,
        id: 'g2',
        title: 'G2',
        chapter: 'beyond',
        description: 'A group.',
        pipeline: 'produce-consume',
        config: {},
        workload: { records: ['m1'] },
        groups: [{ id: 'g', members: [{ id: 'a' }, { id: 'b' }] }],
        ...over,
      });
    const messages = (r: ReturnType<typeof parseScenarioDocument>) =>
      r.ok ? [] : r.errors.map((e) => e.message);
    // A group over a topic of several partitions: the range assignor shares them.
    expect(doc({ topics: [{ name: 'orders', partitions: 3 }] }).ok).toBe(true);
    const strategy = (value: string) =>
      doc({
        groups: [{ id: 'g', members: [{ id: 'a', config: { 'partition.assignment.strategy': value } }] }],
      });
    expect(
      strategy(
        'org.apache.kafka.clients.consumer.RangeAssignor,org.apache.kafka.clients.consumer.CooperativeStickyAssignor',
      ).ok,
    ).toBe(true);
    expect(messages(strategy('org.apache.kafka.clients.consumer.CooperativeStickyAssignor'))).toEqual([
      'groups[0].members[0] (a): partition.assignment.strategy starts with "CooperativeStickyAssignor", which is not modelled: groups here use RangeAssignor (first in Kafka\'s default list) with the eager protocol; CooperativeStickyAssignor\'s incremental rebalancing is not modelled yet.',
    ]);
    expect(messages(doc({ config: { consumer: { processing: 'worker-thread' } } }))).toEqual([
      'groups and consumer.processing "worker-thread" do not go together in this playground yet.',
    ]);
    expect(doc({}).ok).toBe(true);
  });

  it('in a consume–transform–produce scenario the members are processor instances; what the model does not run is refused in words', () => {
    const doc = (over: Record<string, unknown>) =>
      parseScenarioDocument({
        format: SCENARIO_FORMAT,
        version: 2,
        id: 'g3',
        title: 'G3',
        chapter: 'exactly-once',
        description: 'Two instances.',
        pipeline: 'consume-transform-produce',
        config: { producer: { 'transactional.id': 'p' }, consumer: { 'isolation.level': 'read_committed' } },
        workload: { records: ['m1'] },
        groups: [{ id: 'g', members: [{ id: 'processor-1' }, { id: 'processor-2' }] }],
        ...over,
      });
    const messages = (r: ReturnType<typeof parseScenarioDocument>) =>
      r.ok ? [] : r.errors.map((e) => e.message);
    const ok = doc({});
    expect(ok.ok && ok.value.groups?.[0]?.members.map((m) => m.id)).toEqual(['processor-1', 'processor-2']);
    expect(messages(doc({ workload: { records: ['m1'], secondInstance: true } }))).toEqual([
      'groups and workload.secondInstance do not go together: with groups each processor instance is a member with its own transactional.id.',
    ]);
    expect(
      messages(doc({ groups: [{ id: 'g', members: [{ id: 'processor-1', processingMs: 5000 }] }] })),
    ).toEqual([
      "groups[0]: a processor instance's processingMs is not modelled (its process() sends at once); stall it past max.poll.interval.ms instead.",
    ]);
    expect(messages(doc({ topics: [{ name: 'orders' }] }))).toEqual([
      'topics belongs to a produce-consume scenario; a consume-transform-produce one has its own topics and processor.',
    ]);
    expect(messages(doc({ groups: [{ id: 'g', members: [{ id: 'downstream' }] }] }))).toEqual([
      'groups[0].members[0].id "downstream" is the name of another lifeline; choose another.',
    ]);
  });
});
