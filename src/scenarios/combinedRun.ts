import { SCENARIO_FORMAT, SCENARIO_VERSION, type ScenarioDocument } from './types.ts';

/**
 * Issue #11's combined run, not a guided lesson: a topic of three partitions written by two producer
 * applications (a transactional shop and a plain audit log, keyed records spread over the partitions)
 * and read by a consumer group of three members, which the range assignor gives one partition each.
 * The UI benchmark measures Next on it (bench/ui.bench.ts) and src/scenarios/combinedRun.test.ts holds
 * its outcome.
 */
export const COMBINED_RUN: ScenarioDocument = {
  format: SCENARIO_FORMAT,
  version: SCENARIO_VERSION,
  id: 'three-partitions-two-producers-group',
  title: 'Three partitions, two producers, a group of three',
  chapter: 'beyond',
  description:
    'A transactional shop and a plain audit log write keyed records to orders-0 to orders-2; a group of three consumers shares the partitions, one each.',
  pipeline: 'produce-consume',
  // Three brokers: each partition has its own leader.
  config: {
    broker: { 'replication.factor': 3 },
    producer: { 'transactional.id': 'shop-orders' },
    consumer: { 'enable.auto.commit': false, 'auto.offset.reset': 'earliest' },
  },
  topics: [{ name: 'orders', partitions: 3 }],
  producers: [
    {
      id: 'shop',
      label: 'Shop (transactional)',
      workload: {
        records: [
          { id: 'm1', key: 'order-1' },
          { id: 'm2', key: 'order-2' },
          { id: 'm3', key: 'order-3' },
        ],
      },
    },
    {
      id: 'audit',
      label: 'Audit (plain)',
      config: { 'transactional.id': null },
      workload: {
        records: [
          { id: 'a1', key: 'order-4' },
          { id: 'a2', key: 'order-5' },
          { id: 'a3', key: 'order-6' },
        ],
      },
    },
  ],
  workload: { effect: 'ship order' },
  groups: [
    {
      id: 'shipping',
      members: [
        { id: 'consumer-a', label: 'Consumer A' },
        { id: 'consumer-b', label: 'Consumer B' },
        { id: 'consumer-c', label: 'Consumer C' },
      ],
    },
  ],
};
