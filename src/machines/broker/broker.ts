import { assertEvent, assign, enqueueActions, setup } from 'xstate';
import type {
  KafkaError,
  NodeId,
  PartitionId,
  PartitionBatch,
  PartitionProduceResponse,
  RetriableProduceError,
  WireRecord,
} from '../../kafka/protocol.ts';
import {
  alterPartition,
  handlersFor,
  ioActions,
  narrate,
  send,
  type CrashEvent,
  type Emit,
  type KafkaEventOf,
  type RestartEvent,
  type SendParams,
} from '../io.ts';
import {
  abortedInRange,
  appendEntries,
  checkSequence,
  endOffsetForEpoch,
  lastStableOffset,
  leaderHighWatermark,
  logEndOffset,
  makeDataEntry,
  makeMarkerEntry,
  newReplica,
  pendingAckKey,
  readRange,
  truncateTo,
  underMinIsr,
  type Replica,
} from './replica.ts';
import { code, count, listOf, markerOf, Node, nodeName } from '../../narration/words.ts';

/**
 * A Kafka broker hosting one replica of each partition (replication.factor brokers in all). Its log
 * survives a crash; what it held in memory (requests waiting in purgatory) does not.
 */

export interface BrokerInput {
  id: NodeId;
  partitions: { partition: PartitionId; leader: NodeId; replicas: NodeId[] }[];
  minInsyncReplicas: number;
  /** The cluster's transaction.version: from 2 a leader adds a partition to a transaction (KIP-890). */
  transactionVersion?: number;
  /** Records already in a partition when the run starts (the input topic), fully replicated. */
  seed?: Record<PartitionId, WireRecord[]>;
}

export interface BrokerContext {
  id: NodeId;
  minInsyncReplicas: number;
  transactionVersion: number;
  replicas: Record<PartitionId, Replica>;
  /**
   * Transactional Produce requests waiting for the coordinator's answer to the leader's
   * AddPartitionsToTxn, oldest first (one connection answers in order).
   */
  verifying: ProduceEvent[];
  /**
   * Produce requests not fully answered yet (DelayedProduce): each partition's answer waits here until
   * every partition of the request has one, and the one ProduceResponse goes back.
   */
  delayed: DelayedProduce[];
}

/** A Produce request some of whose partitions are still unanswered (in purgatory, or being verified). */
export interface DelayedProduce {
  from: NodeId;
  requestId: number;
  /** The request's partitions, in its order: the response answers them in the same order. */
  partitions: PartitionId[];
  responses: PartitionProduceResponse[];
}

/**
 * A Produce request; `injectedError` is the user's fault "the leader answers with a retriable error":
 * NOT_LEADER_OR_FOLLOWER and NOT_ENOUGH_REPLICAS refuse the batch before the append (as a leader that
 * just lost its leadership, or whose ISR just shrank, does); REQUEST_TIMED_OUT appends it and answers
 * as the leader's purgatory does when the replicas do not catch up in time.
 */
export type ProduceEvent = KafkaEventOf<'Produce'> & {
  injectedError?: RetriableProduceError;
  /** The partition the injected error hits; absent: the request's only partition. */
  errorPartition?: PartitionId;
  /** The coordinator has added the partition to the batch's transaction (KIP-890). */
  verified?: boolean;
};

export type BrokerEvent =
  | ProduceEvent
  | KafkaEventOf<'Fetch'>
  | KafkaEventOf<'FetchResponse'>
  | KafkaEventOf<'WriteTxnMarkers'>
  | KafkaEventOf<'ListOffsets'>
  | KafkaEventOf<'AddPartitionsToTxnResponse'>
  | {
      type: 'controller.leaderAndIsr';
      now: number;
      partition: PartitionId;
      leader: NodeId;
      leaderEpoch: number;
      isr: NodeId[];
    }
  | { type: 'replica.fetch'; now: number; partition: PartitionId }
  | { type: 'timer.replicaLag'; now: number; partition: PartitionId; follower: NodeId }
  /** The request `key` (from:requestId) in purgatory has reached its timeout, on every partition it waits on. */
  | { type: 'timer.produceExpiry'; now: number; key: string }
  /** The connection from `client` broke: the answers to what it had sent have nowhere to go. */
  | { type: 'network.disconnected'; now: number; client: NodeId }
  | CrashEvent
  | RestartEvent;

function withReplica(ctx: BrokerContext, replica: Replica): BrokerContext {
  return { ...ctx, replicas: { ...ctx.replicas, [replica.partition]: replica } };
}

const recordName = (b: PartitionBatch) => b.batch.record.id;

/**
 * One partition's answer to the request `from` sent as `requestId`; once every partition has one, the
 * leader sends the ProduceResponse (one per request, as Kafka does). acks=0 requests have no entry.
 */
function answer(
  ctx: BrokerContext,
  from: NodeId,
  requestId: number,
  response: PartitionProduceResponse,
  enqueue: Emit,
): BrokerContext {
  const d = ctx.delayed.find((x) => x.from === from && x.requestId === requestId);
  if (!d) return ctx;
  const responses = [...d.responses, response];
  if (responses.length < d.partitions.length)
    return { ...ctx, delayed: ctx.delayed.map((x) => (x === d ? { ...d, responses } : x)) };
  const inRequestOrder = d.partitions.flatMap((p) => responses.filter((r) => r.partition === p));
  enqueue(send(from, { name: 'ProduceResponse', requestId, responses: inRequestOrder }));
  return { ...ctx, delayed: ctx.delayed.filter((x) => x !== d) };
}

/**
 * The leader's replica of a partition changed: `replica` is stored, and the acks=all produce requests
 * whose offset the high watermark has now passed get their answer for this partition.
 */
function completeAcks(ctx: BrokerContext, replica: Replica, enqueue: Emit): BrokerContext {
  // Every follower fetch comes here, and mostly nothing is ready: then nothing is allocated to say so.
  if (!replica.pendingAcks.some((p) => p.offset < replica.highWatermark)) return withReplica(ctx, replica);
  const ready = replica.pendingAcks.filter((p) => p.offset < replica.highWatermark);
  const tooFew = underMinIsr(replica);
  let next = withReplica(ctx, {
    ...replica,
    pendingAcks: replica.pendingAcks.filter((p) => p.offset >= replica.highWatermark),
  });
  for (const p of ready) {
    next = answer(
      next,
      p.from,
      p.requestId,
      {
        partition: replica.partition,
        batchId: p.batchId,
        baseOffset: p.offset,
        ...(tooFew ? { error: 'NOT_ENOUGH_REPLICAS_AFTER_APPEND' as const } : {}),
      },
      enqueue,
    );
    enqueue(
      narrate(
        tooFew
          ? `The high watermark passed offset ${p.offset}, but the ISR shrank to ${replica.isr.length}, below ${code(`min.insync.replicas=${ctx.minInsyncReplicas}`)}: the record stays in the log, yet the producer gets ${code('NOT_ENOUGH_REPLICAS_AFTER_APPEND')} and may retry it.`
          : `Every in-sync replica now has offset ${p.offset} (high watermark ${replica.highWatermark}), so the ${code('acks=all')} response can go out.`,
      ),
    );
  }
  return next;
}

/**
 * A Produce request: each partition's batch is refused, appended or found to be a duplicate on its own
 * (ReplicaManager.appendRecords), and the request is answered once every partition has its answer.
 */
function handleProduce(ctx: BrokerContext, event: ProduceEvent, enqueue: Emit): BrokerContext {
  const m = event.message;
  let next =
    event.verified || m.acks === 0
      ? ctx
      : {
          ...ctx,
          delayed: [
            ...ctx.delayed,
            {
              from: event.from,
              requestId: m.requestId,
              partitions: m.batches.map((b) => b.partition),
              responses: [],
            },
          ],
        };
  const accepted: PartitionBatch[] = [];
  for (const b of m.batches) {
    const refusal = refusedAtOnce(next, event, b, enqueue);
    if (refusal) next = answer(next, event.from, m.requestId, refusal, enqueue);
    else accepted.push(b);
  }
  if (accepted.length === 0) return next;
  const held = { ...event, message: { ...m, batches: accepted } };
  const unverified = accepted.filter((b) => needsVerification(next, b, event));
  if (unverified.length > 0) return startVerification(next, held, unverified, enqueue);
  for (const b of accepted) next = appendBatch(next, held, b, enqueue);
  return next;
}

/**
 * Refusals before anything else: the broker does not lead the partition, or the user's injected fault
 * answers NOT_LEADER_OR_FOLLOWER or NOT_ENOUGH_REPLICAS for it. Undefined: the batch goes on.
 */
function refusedAtOnce(
  ctx: BrokerContext,
  event: ProduceEvent,
  b: PartitionBatch,
  enqueue: Emit,
): PartitionProduceResponse | undefined {
  const refuse = (error: KafkaError) => ({
    partition: b.partition,
    batchId: b.batch.batchId,
    error,
    baseOffset: -1,
  });
  const replica = ctx.replicas[b.partition];
  if (!replica || replica.role !== 'leader') {
    enqueue(
      narrate(
        `${Node(ctx.id)} is not the leader of ${b.partition}, so it answers ${code('NOT_LEADER_OR_FOLLOWER')}; the producer will refresh its metadata and retry.`,
      ),
    );
    return refuse('NOT_LEADER_OR_FOLLOWER');
  }
  const injected = injectedErrorFor(event, b);
  if (injected === 'NOT_LEADER_OR_FOLLOWER' || injected === 'NOT_ENOUGH_REPLICAS') {
    enqueue(
      narrate(
        injected === 'NOT_LEADER_OR_FOLLOWER'
          ? `${Node(ctx.id)} answers ${code('NOT_LEADER_OR_FOLLOWER')} without appending ${recordName(b)}, as a leader does while leadership moves: the producer refreshes its metadata and retries.`
          : `${Node(ctx.id)} answers ${code('NOT_ENOUGH_REPLICAS')} without appending ${recordName(b)}, as a leader does when its ISR has just shrunk below ${code('min.insync.replicas')}: the producer retries.`,
      ),
    );
    return refuse(injected);
  }
  return undefined;
}

/** The user's injected fault, if it hits partition batch `b` of the request. */
const injectedErrorFor = (event: ProduceEvent, b: PartitionBatch) =>
  event.errorPartition === undefined || event.errorPartition === b.partition
    ? event.injectedError
    : undefined;

/** One partition's batch, on a leader: the ISR check, the sequence check, then the append. */
function appendBatch(
  ctx: BrokerContext,
  event: ProduceEvent,
  b: PartitionBatch,
  enqueue: Emit,
): BrokerContext {
  const m = event.message;
  const replica = ctx.replicas[b.partition] as Replica;
  const injected = injectedErrorFor(event, b);
  const respond = (extra: { error?: KafkaError; baseOffset: number; duplicate?: boolean }) =>
    answer(
      ctx,
      event.from,
      m.requestId,
      { partition: b.partition, batchId: b.batch.batchId, ...extra },
      enqueue,
    );
  // Partition.appendRecordsToLeader checks the ISR before the log sees the batch: before sequence checks
  // and duplicate detection, so even a retry of an appended batch is refused.
  if (m.acks === -1 && underMinIsr(replica)) {
    enqueue(
      narrate(
        `Only ${count(replica.isr.length, 'replica')} ${replica.isr.length === 1 ? 'is' : 'are'} in sync and ${code(`min.insync.replicas=${ctx.minInsyncReplicas}`)}: the leader refuses to append ${recordName(b)} (${code('NOT_ENOUGH_REPLICAS')}). Nothing is written.`,
      ),
    );
    return respond({ error: 'NOT_ENOUGH_REPLICAS', baseOffset: -1 });
  }
  const check = checkSequence(replica, b.batch);
  if (check.kind === 'reject') {
    enqueue(narrate(`The leader rejects ${recordName(b)} with ${code(check.error)}: ${check.why}.`));
    return respond({ error: check.error, baseOffset: -1 });
  }
  const pending = (offset: number) => ({
    from: event.from,
    requestId: m.requestId,
    batchId: b.batch.batchId,
    offset,
    expiresAt: event.now + m.timeoutMs,
  });
  if (check.kind === 'duplicate') {
    enqueue(
      narrate(
        `The leader has already appended producer ${b.batch.producerId}'s sequence ${b.batch.firstSequence}, so it does not append the retry and answers with the original offset ${check.offset}.`,
      ),
    );
    if (injected === 'REQUEST_TIMED_OUT') return respond({ error: 'REQUEST_TIMED_OUT', baseOffset: -1 });
    if (m.acks === -1 && check.offset >= replica.highWatermark)
      return withReplica(ctx, { ...replica, pendingAcks: [...replica.pendingAcks, pending(check.offset)] });
    return respond({ baseOffset: check.offset, duplicate: true });
  }
  const entry = makeDataEntry(replica, b.batch);
  let next = appendEntries(replica, [entry]);
  next = { ...next, highWatermark: leaderHighWatermark(next, ctx.id) };
  const seq =
    b.batch.firstSequence >= 0 ? ` (producer ${b.batch.producerId}, sequence ${b.batch.firstSequence})` : '';
  if (m.acks === 0) {
    enqueue(
      narrate(
        `${Node(ctx.id)} appends ${recordName(b)} at offset ${entry.offset}${seq}. With ${code('acks=0')} it sends no response at all.`,
      ),
    );
    return withReplica(ctx, next);
  }
  if (m.acks === 1) {
    enqueue(
      narrate(
        `${Node(ctx.id)} appends ${recordName(b)} at offset ${entry.offset}${seq} and acknowledges at once because ${code('acks=1')}: no follower has copied it yet.`,
      ),
    );
    return answer(
      withReplica(ctx, next),
      event.from,
      m.requestId,
      { partition: b.partition, batchId: b.batch.batchId, baseOffset: entry.offset },
      enqueue,
    );
  }
  if (injected === 'REQUEST_TIMED_OUT') {
    enqueue(
      narrate(
        `${Node(ctx.id)} appends ${recordName(b)} at offset ${entry.offset}${seq}, but its replicas do not catch up in time: it answers ${code('REQUEST_TIMED_OUT')}. The record stays in the log; the producer cannot know it and retries.`,
      ),
    );
    return answer(
      withReplica(ctx, next),
      event.from,
      m.requestId,
      { partition: b.partition, batchId: b.batch.batchId, error: 'REQUEST_TIMED_OUT', baseOffset: -1 },
      enqueue,
    );
  }
  enqueue(
    narrate(
      `${Node(ctx.id)} appends ${recordName(b)} at offset ${entry.offset}${seq}. With ${code('acks=all')} it answers only once every in-sync replica (${listOf(next.isr.map(nodeName))}) has it.`,
    ),
  );
  return completeAcks(ctx, { ...next, pendingAcks: [...next.pendingAcks, pending(entry.offset)] }, enqueue);
}

/**
 * KIP-890 (transaction version 2, Kafka 4.0): before the first write of a transaction to a partition,
 * the leader asks the coordinator to add the partition (ReplicaManager's AddPartitionsToTxnManager), so
 * a write the coordinator does not place in an ongoing transaction is refused instead of opening one
 * the coordinator knows nothing of (a hanging transaction, which would hold the LSO for ever). A batch
 * of an older epoch than the partition knows is refused by the epoch check without asking.
 */
function needsVerification(ctx: BrokerContext, pb: PartitionBatch, event: ProduceEvent): boolean {
  const b = pb.batch;
  const replica = ctx.replicas[pb.partition] as Replica;
  return (
    ctx.transactionVersion >= 2 &&
    b.transactional &&
    b.transactionalId !== undefined &&
    !event.verified &&
    replica.ongoingTxns[b.producerId] === undefined &&
    (replica.producers.get(b.producerId)?.epoch ?? -1) <= b.epoch
  );
}

/** Holds the request (`held`: its batches still unanswered) until the coordinator has added `unverified`. */
function startVerification(
  ctx: BrokerContext,
  held: ProduceEvent,
  unverified: PartitionBatch[],
  enqueue: Emit,
): BrokerContext {
  const { batch } = unverified[0] as PartitionBatch;
  const partitions = unverified.map((b) => b.partition);
  enqueue(
    send('txn-coordinator', {
      name: 'AddPartitionsToTxn',
      transactionalId: batch.transactionalId as string,
      producerId: batch.producerId,
      epoch: batch.epoch,
      partitions,
    }),
  );
  enqueue(
    narrate(
      `Producer ${batch.producerId} has no transaction open on ${listOf(partitions)} yet, so before appending ${listOf(unverified.map(recordName))} ${nodeName(ctx.id)} asks the transaction coordinator to add ${listOf(partitions)} to it (${code('AddPartitionsToTxn')} from the leader, KIP-890): a write the coordinator does not place in an ongoing transaction is refused rather than left to hang the last stable offset.`,
    ),
  );
  return { ...ctx, verifying: [...ctx.verifying, held] };
}

/**
 * The coordinator answered the oldest verification: append the held batches, or refuse them all with the
 * answer's error (they are one producer's, in one transaction).
 */
function onVerified(
  ctx: BrokerContext,
  event: KafkaEventOf<'AddPartitionsToTxnResponse'>,
  enqueue: Emit,
): BrokerContext {
  // The oldest verification of the answer's transactional.id: with several transaction coordinators the
  // answers for different ids need not come back in the order the leader asked. An answer whose
  // verification is gone (its producer's connection closed) verifies nothing: taking another id's
  // instead would append a write its own coordinator never placed in a transaction, which hangs the
  // last stable offset for good, the very thing KIP-890's check prevents.
  const id = event.message.transactionalId;
  const at = ctx.verifying.findIndex(
    (v) => id === undefined || v.message.batches[0]?.batch.transactionalId === id,
  );
  const held = ctx.verifying[at];
  if (!held) return ctx;
  let next = { ...ctx, verifying: ctx.verifying.filter((_, i) => i !== at) };
  const m = held.message;
  const partitions = listOf(m.batches.map((b) => b.partition));
  const error = event.message.error;
  if (!error) {
    enqueue(
      narrate(
        `The coordinator has added ${partitions} to the transaction: the leader goes on with the write.`,
      ),
    );
    return handleProduce(next, { ...held, verified: true }, enqueue);
  }
  enqueue(
    narrate(
      `The coordinator does not add ${partitions} to producer ${(m.batches[0] as PartitionBatch).batch.producerId}'s transaction (${code(error)}): the leader refuses ${listOf(m.batches.map(recordName))} without appending ${m.batches.length === 1 ? 'it' : 'them'}.`,
    ),
  );
  for (const b of m.batches)
    next = answer(
      next,
      held.from,
      m.requestId,
      { partition: b.partition, batchId: b.batch.batchId, baseOffset: -1, error },
      enqueue,
    );
  return next;
}

/**
 * DelayedProduce expires: the high watermark did not pass the request's records within its timeout.
 * Every partition of the request still waiting gets REQUEST_TIMED_OUT; the records stay in the log (a
 * retry is a duplicate the leader recognises, if the producer is idempotent).
 */
function expireProduce(
  ctx: BrokerContext,
  event: Extract<BrokerEvent, { type: 'timer.produceExpiry' }>,
  enqueue: Emit,
): BrokerContext {
  let next = ctx;
  for (const r of Object.values(ctx.replicas)) {
    const p = r.pendingAcks.find((x) => pendingAckKey(x) === event.key);
    if (!p) continue;
    next = answer(
      withReplica(next, { ...r, pendingAcks: r.pendingAcks.filter((x) => x !== p) }),
      p.from,
      p.requestId,
      { partition: r.partition, batchId: p.batchId, baseOffset: -1, error: 'REQUEST_TIMED_OUT' },
      enqueue,
    );
    const why = underMinIsr(r)
      ? `the ISR (${listOf(r.isr.map(nodeName))}) is still below ${code(`min.insync.replicas=${ctx.minInsyncReplicas}`)}, so since Kafka 3.7 (KAFKA-15583) the high watermark has not moved past offset ${p.offset}`
      : `not every in-sync replica has offset ${p.offset} yet`;
    enqueue(
      narrate(
        `The leader's wait for the ${code('acks=all')} request ends: its timeout (the producer's ${code('request.timeout.ms')}) has passed and ${why}. It answers ${code('REQUEST_TIMED_OUT')}. The record stays in the log, unread; the producer may retry.`,
      ),
    );
  }
  return next;
}

function handleFetch(ctx: BrokerContext, event: KafkaEventOf<'Fetch'>, enqueue: Emit): BrokerContext {
  const m = event.message;
  const replica = ctx.replicas[m.partition];
  const base = {
    name: 'FetchResponse' as const,
    partition: m.partition,
    fetchOffset: m.fetchOffset,
    forReplica: m.replicaId !== undefined,
  };
  if (!replica || replica.role !== 'leader') {
    enqueue(
      send(event.from, {
        ...base,
        entries: [],
        highWatermark: 0,
        lastStableOffset: 0,
        abortedTransactions: [],
        error: 'NOT_LEADER_OR_FOLLOWER',
      }),
    );
    return ctx;
  }
  if (m.replicaId !== undefined) return handleFollowerFetch(ctx, replica, event, enqueue);
  if (m.fetchOffset > logEndOffset(replica)) {
    enqueue(
      send(event.from, {
        ...base,
        entries: [],
        highWatermark: replica.highWatermark,
        lastStableOffset: lastStableOffset(replica),
        abortedTransactions: [],
        error: 'OFFSET_OUT_OF_RANGE',
      }),
    );
    return ctx;
  }
  const lso = lastStableOffset(replica);
  const committed = m.isolation === 'read_committed';
  const max = committed ? lso : replica.highWatermark;
  const entries = readRange(replica, m.fetchOffset, max);
  enqueue(
    send(event.from, {
      ...base,
      entries,
      highWatermark: replica.highWatermark,
      lastStableOffset: lso,
      abortedTransactions: committed ? abortedInRange(replica, m.fetchOffset, max) : [],
    }),
  );
  const held = logEndOffset(replica) - max;
  enqueue(
    narrate(
      `${max <= m.fetchOffset ? 'The leader has nothing to return' : `The leader returns ${max - 1 === m.fetchOffset ? 'offset' : `offsets ${m.fetchOffset} to`} ${max - 1}`} to a ${code(m.isolation ?? 'read_uncommitted')} consumer` +
        (held > 0
          ? committed
            ? `; ${count(held, 'more record')} ${held === 1 ? 'waits' : 'wait'} above the ${lso === replica.highWatermark ? 'high watermark' : `last stable offset ${lso} (${lso === replica.firstOpenTxnOffset ? 'an open transaction' : 'a transaction whose marker is not yet replicated'})`}.`
            : `; ${count(held, 'more record')} ${held === 1 ? 'waits' : 'wait'} above the high watermark ${replica.highWatermark} until the followers copy them.`
          : '.'),
    ),
  );
  return ctx;
}

function handleFollowerFetch(
  ctx: BrokerContext,
  replica: Replica,
  event: KafkaEventOf<'Fetch'>,
  enqueue: Emit,
): BrokerContext {
  const m = event.message;
  const follower = m.replicaId as NodeId;
  const leo = logEndOffset(replica);
  const endOffset = m.lastFetchedEpoch === undefined ? leo : endOffsetForEpoch(replica, m.lastFetchedEpoch);
  if (m.fetchOffset > endOffset) {
    enqueue(
      send(event.from, {
        name: 'FetchResponse',
        partition: m.partition,
        fetchOffset: m.fetchOffset,
        forReplica: true,
        entries: [],
        highWatermark: replica.highWatermark,
        lastStableOffset: lastStableOffset(replica),
        abortedTransactions: [],
        divergingEndOffset: endOffset,
      }),
    );
    enqueue(
      narrate(
        `${Node(follower)}'s log goes past where leader epoch ${m.lastFetchedEpoch} ended (offset ${endOffset}): the leader tells it to truncate there.`,
      ),
    );
    return ctx;
  }
  // Partition.isFollowerInSync: a follower is back in sync once its log reaches the high watermark.
  const joined = !replica.isr.includes(follower) && m.fetchOffset >= replica.highWatermark;
  // One copy of the replica per fetch (this runs for every follower fetch), its maps copied only when
  // they change.
  const next: Replica = {
    ...replica,
    followerLeo:
      replica.followerLeo[follower] === m.fetchOffset
        ? replica.followerLeo
        : { ...replica.followerLeo, [follower]: m.fetchOffset },
    followerCaughtUpAt:
      m.fetchOffset >= leo
        ? { ...replica.followerCaughtUpAt, [follower]: event.now }
        : replica.followerCaughtUpAt,
    isr: joined ? [...replica.isr, follower] : replica.isr,
  };
  next.highWatermark = leaderHighWatermark(next, ctx.id);
  const entries = readRange(next, m.fetchOffset, leo);
  enqueue(
    send(event.from, {
      name: 'FetchResponse',
      partition: m.partition,
      fetchOffset: m.fetchOffset,
      forReplica: true,
      entries,
      highWatermark: next.highWatermark,
      lastStableOffset: lastStableOffset(next),
      abortedTransactions: [],
    }),
  );
  enqueue(
    narrate(
      `${Node(follower)} fetches from offset ${m.fetchOffset}` +
        (joined ? '; it has caught up, so it rejoins the ISR' : '') +
        (next.highWatermark > replica.highWatermark
          ? `; the leader now knows it has everything below ${m.fetchOffset}, so the high watermark moves to ${next.highWatermark}`
          : '') +
        (entries.length > 0
          ? `; the leader sends ${count(entries.length, 'record')}.`
          : '; nothing new to copy.'),
    ),
  );
  if (joined) proposeIsr(next, enqueue);
  return completeAcks(ctx, next, enqueue);
}

/** The ISR just shrank below the effective min ISR with records above the HW: say why they wait. */
function narrateHeldHighWatermark(ctx: BrokerContext, r: Replica, enqueue: Emit): void {
  if (!underMinIsr(r) || logEndOffset(r) <= r.highWatermark) return;
  const last = logEndOffset(r) - 1;
  const held =
    last === r.highWatermark
      ? `offset ${last} stays invisible to consumers, and its`
      : `offsets ${r.highWatermark}–${last} stay invisible to consumers, and their`;
  enqueue(
    narrate(
      `The ISR of ${r.partition} (${listOf(r.isr.map(nodeName))}) is now smaller than ${code(`min.insync.replicas=${ctx.minInsyncReplicas}`)}. Since Kafka 3.7 (KAFKA-15583) the leader does not advance the high watermark then: ${held} ${code('acks=all')} requests wait.`,
    ),
  );
}

/** The leader reports an ISR change to the controller, which owns the ISR (AlterPartition). */
function proposeIsr(replica: Replica, enqueue: Emit): void {
  enqueue(
    alterPartition({ partition: replica.partition, leaderEpoch: replica.leaderEpoch, isr: replica.isr }),
  );
}

/**
 * The controller's word on who leads and who is in sync. A leader that keeps leading with a smaller
 * ISR (a follower was fenced) may now advance its high watermark and answer acks=all requests.
 */
function handleLeaderAndIsr(
  ctx: BrokerContext,
  event: Extract<BrokerEvent, { type: 'controller.leaderAndIsr' }>,
  enqueue: Emit,
): BrokerContext {
  const r = ctx.replicas[event.partition];
  if (!r) return ctx;
  if (event.leader !== ctx.id)
    return withReplica(ctx, {
      ...r,
      role: 'follower',
      leaderEpoch: event.leaderEpoch,
      isr: event.isr,
      pendingAcks: [],
    });
  const continuing = r.role === 'leader' && r.leaderEpoch === event.leaderEpoch;
  let next: Replica = {
    ...r,
    role: 'leader',
    leaderEpoch: event.leaderEpoch,
    isr: event.isr,
    // A new leader does not know where its followers are until they fetch.
    followerLeo: r.role === 'leader' ? r.followerLeo : {},
    followerCaughtUpAt: continuing
      ? r.followerCaughtUpAt
      : Object.fromEntries(event.isr.map((id) => [id, event.now])),
  };
  if (continuing) {
    next = { ...next, highWatermark: leaderHighWatermark(next, ctx.id) };
    if (next.isr.length < r.isr.length) narrateHeldHighWatermark(ctx, next, enqueue);
    return completeAcks(ctx, next, enqueue);
  }
  return withReplica(ctx, next);
}

function handleFetchResponse(
  ctx: BrokerContext,
  event: KafkaEventOf<'FetchResponse'>,
  enqueue: Emit,
): BrokerContext {
  const m = event.message;
  const replica = ctx.replicas[m.partition];
  if (!replica || replica.role !== 'follower' || m.error) return ctx;
  if (m.divergingEndOffset !== undefined) {
    const cut = Math.min(m.divergingEndOffset, logEndOffset(replica));
    const lost = logEndOffset(replica) - cut;
    enqueue(
      narrate(
        `${Node(ctx.id)} truncates its log of ${m.partition} to offset ${cut}${lost > 0 ? `, throwing away ${count(lost, 'record')} the new leader never had` : ''}.`,
      ),
    );
    return withReplica(ctx, truncateTo(replica, cut));
  }
  if (m.fetchOffset !== logEndOffset(replica)) return ctx; // a stale response to an older fetch
  // appendEntries hands back a fresh copy when it appends (set the high watermark in it), else the replica.
  const appended = appendEntries(replica, m.entries);
  const highWatermark = Math.min(m.highWatermark, logEndOffset(appended));
  enqueue(
    narrate(
      m.entries.length > 0
        ? `${Node(ctx.id)} copies ${count(m.entries.length, 'record')} into its log of ${m.partition} (LEO ${logEndOffset(appended)}, high watermark ${highWatermark}).`
        : `${Node(ctx.id)} learns that the high watermark of ${m.partition} is ${highWatermark}.`,
    ),
  );
  // A follower in step fetches far more often than anything changes: then it keeps its very replica
  // (and the world sees by identity that nothing did).
  if (appended === replica) {
    return highWatermark === replica.highWatermark ? ctx : withReplica(ctx, { ...replica, highWatermark });
  }
  appended.highWatermark = highWatermark;
  return withReplica(ctx, appended);
}

function handleMarkers(
  ctx: BrokerContext,
  event: KafkaEventOf<'WriteTxnMarkers'>,
  enqueue: Emit,
): BrokerContext {
  const m = event.message;
  let next = ctx;
  const written: PartitionId[] = [];
  for (const partition of m.partitions) {
    const replica = next.replicas[partition];
    if (!replica || replica.role !== 'leader') continue;
    const marker = makeMarkerEntry(replica, m.producerId, m.epoch, m.commit);
    let r = appendEntries(replica, [marker]);
    r = { ...r, highWatermark: leaderHighWatermark(r, ctx.id) };
    next = withReplica(next, r);
    written.push(partition);
  }
  enqueue(
    send(event.from, { name: 'WriteTxnMarkersResponse', producerId: m.producerId, partitions: written }),
  );
  enqueue(
    narrate(
      written.length > 0
        ? `The leader writes ${markerOf(m.commit)} marker for producer ${m.producerId} into ${listOf(written)}. The marker takes an offset; ${m.commit ? `${code('read_committed')} consumers may now read the transaction once the marker is replicated.` : `the aborted records stay in the log, and ${code('read_committed')} consumers will skip them.`}`
        : `${Node(ctx.id)} leads none of ${listOf(m.partitions)}; the coordinator will retry the markers with the new leader.`,
    ),
  );
  return next;
}

function seeded(r: Replica, replicas: NodeId[], records: WireRecord[]): Replica {
  if (records.length === 0) return r;
  const entries = records.map((record, offset) => ({
    offset,
    leaderEpoch: 0,
    kind: 'data' as const,
    producerId: -1,
    producerEpoch: -1,
    sequence: -1,
    transactional: false,
    record,
  }));
  const full = appendEntries(r, entries);
  const leo = logEndOffset(full);
  return { ...full, highWatermark: leo, followerLeo: Object.fromEntries(replicas.map((id) => [id, leo])) };
}

/** A follower's replica fetcher asks the leader for what follows its log end offset. */
function fetchFromLeader({ context, event }: { context: BrokerContext; event: BrokerEvent }): SendParams {
  assertEvent(event, 'replica.fetch');
  const r = context.replicas[event.partition] as Replica;
  const last = r.log.last();
  return {
    to: { leaderOf: event.partition },
    message: {
      name: 'Fetch',
      partition: event.partition,
      fetchOffset: logEndOffset(r),
      replicaId: context.id,
      ...(last ? { lastFetchedEpoch: last.leaderEpoch } : {}),
    },
  };
}

const on = handlersFor<BrokerContext, BrokerEvent>();

export const brokerMachine = setup({
  types: {} as { context: BrokerContext; events: BrokerEvent; input: BrokerInput },
  actions: {
    ...ioActions,
    handleProduce: enqueueActions(on('kafka.Produce', handleProduce)),
    /** The transaction coordinator's answer to the broker's AddPartitionsToTxn check (KIP-890). */
    completeVerification: enqueueActions(on('kafka.AddPartitionsToTxnResponse', onVerified)),
    handleFetch: enqueueActions(on('kafka.Fetch', handleFetch)),
    /** A follower appends what its leader returned. */
    appendFetchedRecords: enqueueActions(on('kafka.FetchResponse', handleFetchResponse)),
    writeTxnMarkers: enqueueActions(on('kafka.WriteTxnMarkers', handleMarkers)),
    /** The "latest" offset a consumer starts from: the HW, or the LSO for read_committed. */
    answerListOffsets: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'kafka.ListOffsets');
      const r = context.replicas[event.message.partition];
      const leads = r?.role === 'leader';
      const offset =
        !r || !leads
          ? -1
          : event.message.isolation === 'read_committed'
            ? lastStableOffset(r)
            : r.highWatermark;
      enqueue(
        send(event.from, {
          name: 'ListOffsetsResponse',
          partition: event.message.partition,
          offset,
          ...(leads ? {} : { error: 'NOT_LEADER_OR_FOLLOWER' as const }),
        }),
      );
    }),
    handleLeaderAndIsr: enqueueActions(on('controller.leaderAndIsr', handleLeaderAndIsr)),
    /** replica.lag.time.max.ms: the leader proposes an ISR without the follower that lags. */
    shrinkIsr: enqueueActions(({ context, event, enqueue }) => {
      assertEvent(event, 'timer.replicaLag');
      const r = context.replicas[event.partition];
      if (!r || r.role !== 'leader') return;
      let next: Replica = { ...r, isr: r.isr.filter((id) => id !== event.follower) };
      next = { ...next, highWatermark: leaderHighWatermark(next, context.id) };
      enqueue(
        narrate(
          `${Node(event.follower)} has not caught up for ${code('replica.lag.time.max.ms')}, so the leader asks the controller to drop it from the ISR of ${event.partition} (now ${listOf(next.isr.map(nodeName))}).`,
        ),
      );
      proposeIsr(next, enqueue);
      narrateHeldHighWatermark(context, next, enqueue);
      enqueue.assign(completeAcks(context, next, enqueue));
    }),
    expireProduce: enqueueActions(on('timer.produceExpiry', expireProduce)),
    /** The purgatory keeps no request whose answer has no connection to go back on. */
    dropRequestsOfDisconnectedClient: assign(({ context, event }) => {
      assertEvent(event, 'network.disconnected');
      return {
        replicas: Object.fromEntries(
          Object.entries(context.replicas).map(([p, r]) => [
            p,
            { ...r, pendingAcks: r.pendingAcks.filter((x) => x.from !== event.client) },
          ]),
        ),
        verifying: context.verifying.filter((x) => x.from !== event.client),
        delayed: context.delayed.filter((x) => x.from !== event.client),
      };
    }),
    /** The log is on disk; requests waiting in purgatory or for the coordinator die with the process. */
    dropInFlightRequests: assign(({ context }) => ({
      replicas: Object.fromEntries(
        Object.entries(context.replicas).map(([p, r]) => [p, { ...r, pendingAcks: [] }]),
      ),
      verifying: [],
      delayed: [],
    })),
    /** It comes back as a follower; the controller tells it who leads now. */
    restartAsFollower: assign(({ context }) => ({
      replicas: Object.fromEntries(
        Object.entries(context.replicas).map(([p, r]) => [p, { ...r, role: 'follower' as const }]),
      ),
    })),
  },
  guards: {
    isFollower: ({ context, event }) =>
      event.type === 'replica.fetch' && context.replicas[event.partition]?.role === 'follower',
  },
}).createMachine({
  id: 'broker',
  initial: 'online',
  context: ({ input }) => ({
    id: input.id,
    minInsyncReplicas: input.minInsyncReplicas,
    transactionVersion: input.transactionVersion ?? 2,
    verifying: [],
    delayed: [],
    replicas: Object.fromEntries(
      input.partitions
        .filter((p) => p.replicas.includes(input.id))
        .map((p) => [
          p.partition,
          seeded(
            newReplica(
              p.partition,
              p.leader === input.id ? 'leader' : 'follower',
              [...p.replicas],
              input.minInsyncReplicas,
            ),
            p.replicas,
            input.seed?.[p.partition] ?? [],
          ),
        ]),
    ),
  }),
  states: {
    online: {
      on: {
        'kafka.Produce': { actions: 'handleProduce' },
        'kafka.AddPartitionsToTxnResponse': { actions: 'completeVerification' },
        'kafka.Fetch': { actions: 'handleFetch' },
        'kafka.FetchResponse': { actions: 'appendFetchedRecords' },
        'kafka.WriteTxnMarkers': { actions: 'writeTxnMarkers' },
        'kafka.ListOffsets': { actions: 'answerListOffsets' },
        // One Fetch, nothing else: a plain send (no enqueueActions), a third of a run's transitions.
        'replica.fetch': { guard: 'isFollower', actions: { type: 'send', params: fetchFromLeader } },
        'controller.leaderAndIsr': { actions: 'handleLeaderAndIsr' },
        'timer.replicaLag': { actions: 'shrinkIsr' },
        'timer.produceExpiry': { actions: 'expireProduce' },
        'network.disconnected': { actions: 'dropRequestsOfDisconnectedClient' },
        'node.crash': { target: 'crashed', actions: 'dropInFlightRequests' },
      },
    },
    crashed: {
      on: {
        'node.restart': { target: 'online', actions: 'restartAsFollower' },
      },
    },
  },
});
