import type { NodeId } from '../kafka/protocol.ts';

/**
 * The lifelines a topology names itself. Producer applications of a version-2 scenario are named by
 * their documents; everything else is named here, once, so no module spells a node id of its own.
 */
export const NODE = {
  /** The single producer application of a version-1 scenario. */
  producer: 'producer',
  /** Its second instance, same transactional.id (version 1's `workload.secondInstance`). */
  secondInstance: 'producer-2',
  /** The consume–transform–produce application. */
  processor: 'processor',
  consumer: 'consumer',
  /** The consumer application's worker thread (`processing: worker-thread`), in the consumer's process. */
  worker: 'consumer-worker',
  /** The reader of the consume–transform–produce output topic. */
  downstream: 'downstream',
  sink: 'sink',
  txnCoordinator: 'txn-coordinator',
  groupCoordinator: 'group-coordinator',
} as const satisfies Record<string, NodeId>;

/** "broker-1" for n = 1. */
export const brokerId = (n: number): NodeId => `broker-${n}`;

/** The consumer reading partition `p` of a topic with several: the first is the consumer, the others "consumer-p1"… */
export const partitionReaderId = (p: number): NodeId => (p === 0 ? NODE.consumer : `consumer-p${p}`);

const FIXED = new Set<string>(Object.values(NODE));

/** Whether a producer application may not take `id`: another lifeline is called that. */
export const isTakenNodeId = (id: string): boolean =>
  FIXED.has(id) || /^broker-\d+$/.test(id) || /^consumer-p\d+$/.test(id);
