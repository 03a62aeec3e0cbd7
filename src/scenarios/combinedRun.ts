import { CATALOG } from './catalog.ts';
import type { ProducerApplicationDocument, ScenarioDocument } from './types.ts';

const twoPartitions = CATALOG.find((d) => d.id === 'eos-transaction-two-partitions');
const shop = twoPartitions?.producers?.[0];
if (twoPartitions === undefined || shop === undefined) {
  throw new Error('combinedRun: the catalog lost eos-transaction-two-partitions or its shop producer');
}
// Not a lesson: none of its script, notes, climax or expected outcome.
const {
  script: _script,
  notes: _notes,
  climax: _climax,
  expected: _expected,
  ...lessonSetUp
} = twoPartitions;

/** Keyed records `${prefix}${from}`…: keys order-N spread over the partitions by murmur2. */
const keyed = (prefix: string, from: number, to: number, keyOffset = 0) =>
  Array.from({ length: to - from + 1 }, (_, i) => ({
    id: `${prefix}${from + i}`,
    key: `order-${from + i + keyOffset}`,
  }));

const audit: ProducerApplicationDocument = {
  id: 'audit',
  label: 'Audit (plain)',
  config: { 'transactional.id': null },
  workload: { records: keyed('a', 1, 3, 3) },
};

/**
 * Issue #11's combined run, not a guided lesson: the two-partition lesson's transactional shop, on a
 * topic of three partitions with one record more, beside a plain audit log (keyed records spread over
 * the partitions), read by a consumer group of three members, which the range assignor gives one
 * partition each. The UI benchmark measures Next on it (bench/ui.bench.ts) and
 * src/scenarios/combinedRun.test.ts holds its outcome.
 */
export const COMBINED_RUN: ScenarioDocument = {
  ...lessonSetUp,
  id: 'three-partitions-two-producers-group',
  title: 'Three partitions, two producers, a group of three',
  chapter: 'beyond',
  description:
    'A transactional shop and a plain audit log write keyed records to orders-0 to orders-2; a group of three consumers shares the partitions, one each.',
  // Three brokers: each partition has its own leader.
  config: {
    ...lessonSetUp.config,
    broker: { 'replication.factor': 3 },
    consumer: { 'enable.auto.commit': false, 'auto.offset.reset': 'earliest' },
  },
  topics: [{ name: 'orders', partitions: 3 }],
  producers: [{ ...shop, workload: { ...shop.workload, records: keyed('m', 1, 3) } }, audit],
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
