import { assertEvent, assign, enqueueActions, setup, type AnyMachineSnapshot } from 'xstate';
import type { ProducerConfig } from '../../config/types.ts';
import type {
  GroupMember,
  KafkaError,
  NodeId,
  PartitionId,
  PartitionProduceResponse,
  WireRecord,
} from '../../kafka/protocol.ts';
import {
  callback,
  handledBy,
  handlersFor,
  ioActions,
  mark,
  narrate,
  send,
  type CrashEvent,
  type Emit,
  type KafkaEventOf,
  type RestartEvent,
} from '../io.ts';
import { inFlight, produceRequests, replaceBatch, type Batch } from './batches.ts';
import { exponentialBackoff, seededUnit } from './backoff.ts';
import { capitalize, code, listOf, Node, nodeName, withCode } from '../../narration/words.ts';
import { isIn } from '../stateValue.ts';

/**
 * KafkaProducer: the accumulator and sender (acks, retries, request.timeout.ms, delivery.timeout.ms,
 * max.in.flight.requests.per.connection), idempotence (producer id, epoch, sequence numbers) and the
 * transactional API. One send() is one batch of one record.
 */

export interface ProducerInput {
  id: NodeId;
  config: ProducerConfig;
  /** The partition a record goes to when `send()` names none (a one-partition topic's only one). */
  partition: PartitionId;
  /** The run's seed: the retry back-off's jitter is drawn from it. */
  seed?: number;
  /** Which broker leads each partition when the producer starts (its first metadata). */
  leaders?: Record<PartitionId, NodeId>;
  /** The cluster's finalized transaction.version (ApiVersions): 2 by default since Kafka 4.0. */
  transactionVersion?: number;
}

export interface ProducerContext {
  id: NodeId;
  config: ProducerConfig;
  partition: PartitionId;
  seed: number;
  /**
   * The producer's metadata: which broker leads each partition. The sender drains one Produce request
   * per leader, carrying a batch for each partition that broker leads (RecordAccumulator.drain).
   */
  leaders: Record<PartitionId, NodeId>;
  transactionVersion: number;
  producerId: number;
  epoch: number;
  nextSequence: Record<PartitionId, number>;
  /** The highest sequence acknowledged in the current epoch (TransactionManager's lastAckedSequence). */
  lastAckedSequence: Record<PartitionId, number>;
  /**
   * A batch that carried a sequence number failed (KIP-360): the leader may have a gap it would refuse.
   * An idempotent producer bumps its own epoch once nothing is in flight (unless the acks show there is
   * no gap); a transactional one asks for the bump with InitProducerId after the abort.
   */
  epochBumpRequired: boolean;
  batches: Batch[];
  batchCount: number;
  requestCount: number;
  /**
   * Partitions in the open transaction: confirmed by AddPartitionsToTxn (transaction version 0/1), or
   * written to (version 2: the leader adds the partition, KIP-890).
   */
  txnPartitions: PartitionId[];
  addingPartitions: boolean;
  /** sendOffsetsToTransaction progress. */
  offsets: {
    groupId: string;
    offsets: Record<PartitionId, number>;
    /** The consumer's group metadata (KIP-447), when the application passed a group member's. */
    member?: GroupMember;
    stage: 'adding' | 'committing' | 'done';
  } | null;
  /**
   * Why a batch of the transaction failed (TransactionManager's lastError): the reason the producer is in
   * `ready.inTransaction.abortableError`. The state, not this field, says what the application may do.
   */
  lastError: string | null;
  fatalError: string | null;
}

export type ProducerEvent =
  /** `partition`: where the application's partitioner placed the record (default: the input's). */
  | { type: 'producer.send'; now: number; record: WireRecord; partition?: PartitionId }
  | { type: 'producer.initTransactions'; now: number }
  | { type: 'producer.beginTransaction'; now: number }
  | {
      type: 'producer.sendOffsetsToTransaction';
      now: number;
      groupId: string;
      offsets: Record<PartitionId, number>;
      /** `consumer.groupMetadata()`'s member id and generation, for a consumer in a group. */
      member?: GroupMember;
    }
  | { type: 'producer.commitTransaction'; now: number }
  | { type: 'producer.abortTransaction'; now: number }
  | { type: 'producer.close'; now: number }
  /** The request carrying batch `batchId` got no answer in time: every batch it carries is retried. */
  | { type: 'timer.requestTimeout'; now: number; batchId: string }
  /** A metadata refresh: the partitions' current leaders (the world's controller elected one). */
  | { type: 'metadata.update'; now: number; leaders: Record<PartitionId, NodeId> }
  | { type: 'timer.deliveryTimeout'; now: number; batchId: string }
  | { type: 'timer.retryBackoff'; now: number; batchId: string }
  /** The connection to `server` broke: the Produce requests `requestIds` in flight on it failed. */
  | { type: 'network.disconnected'; now: number; server: NodeId; requestIds: number[] }
  | KafkaEventOf<'ProduceResponse'>
  | KafkaEventOf<'InitProducerIdResponse'>
  | KafkaEventOf<'AddPartitionsToTxnResponse'>
  | KafkaEventOf<'AddOffsetsToTxnResponse'>
  | KafkaEventOf<'TxnOffsetCommitResponse'>
  | KafkaEventOf<'EndTxnResponse'>
  | CrashEvent
  | RestartEvent;

type Ev<T extends ProducerEvent['type']> = Extract<ProducerEvent, { type: T }>;

const RETRIABLE: KafkaError[] = [
  'NOT_LEADER_OR_FOLLOWER',
  'NOT_ENOUGH_REPLICAS',
  'NOT_ENOUGH_REPLICAS_AFTER_APPEND',
  'REQUEST_TIMED_OUT',
  // A leader's AddPartitionsToTxn found the previous transaction still completing (KIP-890).
  'CONCURRENT_TRANSACTIONS',
];

function freshContext(input: ProducerInput): ProducerContext {
  return {
    id: input.id,
    config: input.config,
    partition: input.partition,
    seed: input.seed ?? 0,
    leaders: input.leaders ?? {},
    transactionVersion: input.transactionVersion ?? 2,
    producerId: -1,
    epoch: -1,
    nextSequence: {},
    lastAckedSequence: {},
    epochBumpRequired: false,
    batches: [],
    batchCount: 0,
    requestCount: 0,
    txnPartitions: [],
    addingPartitions: false,
    offsets: null,
    lastError: null,
    fatalError: null,
  };
}

const transactional = (ctx: ProducerContext) => ctx.config.transactionalId !== null;
const idempotent = (ctx: ProducerContext) => ctx.config.idempotence;

/** The partitions the queued batches go to that the open transaction does not have yet, in send order. */
const partitionsToAdd = (ctx: ProducerContext): PartitionId[] => [
  ...new Set(ctx.batches.map((b) => b.partition).filter((p) => !ctx.txnPartitions.includes(p))),
];

/** The sender thread: puts every batch it may on the wire (or asks to add the partition first). */
function drain(current: ProducerContext, now: number, emit: Emit): ProducerContext {
  if (idempotent(current) && current.producerId < 0) return current; // waiting for InitProducerId
  let ctx = current;
  if (ctx.epochBumpRequired && !transactional(ctx)) {
    // Nothing new goes out while the sequence state is unknown (RecordAccumulator stops draining).
    if (inFlight(ctx.batches).length > 0) return ctx;
    ctx = resolveSequences(ctx, emit);
  }
  const newPartitions = transactional(ctx) ? partitionsToAdd(ctx) : [];
  if (newPartitions.length > 0 && !ctx.addingPartitions) {
    if (ctx.transactionVersion >= 2) {
      // KIP-890: the client sends no AddPartitionsToTxn; each partition's leader adds it on the first write.
      for (const partition of newPartitions)
        emit(
          narrate(
            `With ${code(`transaction.version=${ctx.transactionVersion}`)} (Kafka 4.0, KIP-890) ${nodeName(ctx.id)} sends no ${code('AddPartitionsToTxn')}: the leader of ${partition} will add it to the transaction when the first batch arrives.`,
          ),
        );
      ctx = { ...ctx, txnPartitions: [...ctx.txnPartitions, ...newPartitions] };
    } else {
      addPartitions(ctx, newPartitions, emit);
      ctx = { ...ctx, addingPartitions: true };
    }
  }
  // Most drains follow a response with nothing queued: no request to build, so none of the lists.
  if (!ctx.batches.some((b) => b.state === 'queued')) return ctx;
  // A transactional batch waits until its partition is in the transaction; the others may go meanwhile.
  const txn = ctx.txnPartitions;
  const sendable = transactional(ctx) ? ctx.batches.filter((b) => txn.includes(b.partition)) : ctx.batches;
  let next = ctx;
  for (const request of produceRequests(
    sendable,
    ctx.config.maxInFlight,
    idempotent(ctx),
    now,
    (p) => ctx.leaders[p],
  )) {
    const requestId = next.requestCount + 1;
    let nextSequence = next.nextSequence;
    const sequenced = request.map((batch) => {
      if (!idempotent(next) || batch.sequence >= 0) return batch;
      const sequence = nextSequence[batch.partition] ?? 0;
      nextSequence = { ...nextSequence, [batch.partition]: sequence + 1 };
      return { ...batch, sequence };
    });
    const partition = (sequenced[0] as Batch).partition;
    emit(
      send(next.leaders[partition] ?? { leaderOf: partition }, {
        name: 'Produce',
        acks: next.config.acks,
        requestId,
        timeoutMs: next.config.requestTimeoutMs,
        batches: sequenced.map((batch) => ({
          partition: batch.partition,
          batch: {
            batchId: batch.id,
            producerId: next.producerId,
            epoch: next.epoch,
            firstSequence: batch.sequence,
            transactional: transactional(next),
            ...(next.config.transactionalId ? { transactionalId: next.config.transactionalId } : {}),
            record: batch.record,
          },
        })),
      }),
    );
    if (next.config.acks === 0) {
      // acks=0: a batch counts as sent the moment it leaves; retries can never apply.
      for (const batch of sequenced) {
        emit(
          narrate(
            `With ${code('acks=0')}, ${code('send()')} of ${batch.record.id} completes as soon as the request leaves, with offset -1. Nobody will tell the producer if it is lost.`,
          ),
        );
        emit(callback({ record: batch.record.id, ok: true }));
      }
      const sent = new Set(sequenced.map((b) => b.id));
      next = {
        ...next,
        nextSequence,
        requestCount: requestId,
        batches: next.batches.filter((b) => !sent.has(b.id)),
      };
      continue;
    }
    let batches = next.batches;
    for (const batch of sequenced)
      batches = replaceBatch(batches, {
        ...batch,
        state: 'inflight',
        attempts: batch.attempts + 1,
        requestId,
        sentAt: now,
        retryAt: 0,
      });
    next = { ...next, nextSequence, requestCount: requestId, batches };
  }
  return next;
}

/** "No response…" continues a sentence ("fails: no response…"); an identifier keeps its case. */
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/**
 * KIP-360 (Kafka 2.5+), TransactionManager's maybeResolveSequences and bumpIdempotentProducerEpoch, once
 * nothing is in flight: if every sequence handed out was acknowledged there is no gap; otherwise the
 * idempotent producer bumps its own epoch (no request: the leader takes a new epoch of a producer it
 * knows from sequence 0) and numbers the batches still waiting from 0 again, in their old order.
 */
function resolveSequences(ctx: ProducerContext, emit: Emit): ProducerContext {
  const partitions = Object.keys(ctx.nextSequence);
  if (partitions.every((p) => (ctx.nextSequence[p] ?? 0) === (ctx.lastAckedSequence[p] ?? -1) + 1)) {
    emit(
      narrate(
        'Every sequence number the producer handed out has been acknowledged, so the failed batch left no gap: the producer keeps its epoch.',
      ),
    );
    return { ...ctx, epochBumpRequired: false };
  }
  const epoch = ctx.epoch + 1;
  // The epoch is the producer's, so every partition's numbering starts again at 0 (in its old order).
  const waitingIn = (p: PartitionId) =>
    ctx.batches.filter((b) => b.partition === p && b.sequence >= 0).sort((a, b) => a.sequence - b.sequence);
  const waiting = partitions.flatMap(waitingIn);
  const renumbered = new Map(partitions.flatMap((p) => waitingIn(p).map((b, i) => [b.id, i] as const)));
  const again = waiting.map((b) => `${b.record.id} as sequence ${renumbered.get(b.id)}`).join(', ');
  emit(
    narrate(
      `A batch with a sequence number failed, so the leader may be missing a sequence and would refuse every later batch with \`OUT_OF_ORDER_SEQUENCE_NUMBER\`. Since Kafka 2.5 (KIP-360) the idempotent producer bumps its own epoch to ${epoch} and restarts its sequence numbers at 0${again ? `: ${again}` : ''}. The leader accepts sequence 0 from a new epoch of a producer it knows.`,
    ),
  );
  return {
    ...ctx,
    epoch,
    epochBumpRequired: false,
    nextSequence: Object.fromEntries(partitions.map((p) => [p, waitingIn(p).length])),
    lastAckedSequence: Object.fromEntries(partitions.map((p) => [p, -1])),
    batches: ctx.batches.map((b) => {
      const sequence = renumbered.get(b.id);
      return sequence === undefined ? b : { ...b, sequence };
    }),
  };
}

/**
 * The batch failed for good: send()'s callback gets the error. If it carried a sequence number the
 * leader may never have seen, the producer's sequence state is in doubt (KIP-360): an idempotent
 * producer will bump its epoch; a transactional one is in an abortable error, and the next
 * InitProducerId (after the abort) bumps the epoch (TransactionManager's epochBumpRequired).
 */
function failBatch(ctx: ProducerContext, batch: Batch, why: string, emit: Emit): ProducerContext {
  const rest = ctx.batches.filter((b) => b.id !== batch.id);
  emit(
    narrate(
      `${code('send()')} of ${batch.record.id} fails: ${lowerFirst(withCode(why))}. ${Node(ctx.id)} gives up on it; its callback reports the error to the application.`,
    ),
  );
  emit(callback({ record: batch.record.id, ok: false }));
  if (transactional(ctx)) return { ...ctx, batches: rest, lastError: why, epochBumpRequired: true };
  if (idempotent(ctx) && batch.sequence >= 0) return { ...ctx, batches: rest, epochBumpRequired: true };
  return { ...ctx, batches: rest };
}

/**
 * Retry, after its back-off (and no sooner than `atLeast`: a new connection waits for
 * reconnect.backoff.ms), if `retries` and delivery.timeout.ms allow; otherwise fail the batch.
 */
function retryOrFail(
  ctx: ProducerContext,
  batch: Batch,
  reason: string,
  now: number,
  emit: Emit,
  atLeast = 0,
): ProducerContext {
  const retriesUsed = batch.attempts - 1;
  if (retriesUsed >= ctx.config.retries) {
    return failBatch(ctx, batch, `${reason} (retries=${ctx.config.retries} exhausted)`, emit);
  }
  if (now - batch.createdAt >= ctx.config.deliveryTimeoutMs) {
    return failBatch(ctx, batch, `${reason}; delivery.timeout.ms has passed`, emit);
  }
  const wait = Math.max(
    atLeast,
    exponentialBackoff(
      ctx.config.retryBackoffMs,
      ctx.config.retryBackoffMaxMs,
      batch.attempts - 1,
      seededUnit(ctx.seed, `${ctx.id}:${batch.id}:${batch.attempts}`),
    ),
  );
  emit(
    narrate(
      `${capitalize(withCode(reason))}: the producer retries ${batch.record.id} in ${wait} ms (attempt ${batch.attempts + 1}${!idempotent(ctx) ? '' : ctx.epochBumpRequired ? ', with a new epoch and sequence once nothing is in flight' : `, same sequence ${batch.sequence}`}). ${backoffWords(ctx, batch.attempts)}`,
    ),
  );
  return { ...ctx, batches: replaceBatch(ctx.batches, { ...batch, state: 'queued', retryAt: now + wait }) };
}

/** Why the retry waits: said in full the first time, shortly after. */
function backoffWords(ctx: ProducerContext, attempts: number): string {
  const { retryBackoffMs: from, retryBackoffMaxMs: to } = ctx.config;
  return attempts === 1
    ? `Since Kafka 3.7 (KIP-580) the wait starts at ${code(`retry.backoff.ms=${from}`)} and doubles with every retry up to ${code(`retry.backoff.max.ms=${to}`)}, give or take 20 % so that clients do not retry in step.`
    : `The back-off has grown (KIP-580, at most ${code(`retry.backoff.max.ms=${to}`)}).`;
}

/** The back-off is over: the batch may go at the sender's next turn. */
function onRetryBackoff(ctx: ProducerContext, event: Ev<'timer.retryBackoff'>, emit: Emit): ProducerContext {
  const batch = ctx.batches.find((b) => b.id === event.batchId);
  if (!batch || batch.retryAt === 0) return ctx;
  const next = drain(
    { ...ctx, batches: replaceBatch(ctx.batches, { ...batch, retryAt: 0 }) },
    event.now,
    emit,
  );
  if (next.batches.find((b) => b.id === batch.id)?.state === 'queued')
    emit(
      narrate(`The back-off for ${batch.record.id} is over; it goes out as soon as the sender may send it.`),
    );
  return next;
}

/**
 * The leader's answer to one request: each partition's batch succeeded or failed on its own
 * (Sender.handleProduceResponse completes each batch with its partition's error), then the sender drains.
 */
function onProduceResponse(
  ctx: ProducerContext,
  event: KafkaEventOf<'ProduceResponse'>,
  emit: Emit,
): ProducerContext {
  const m = event.message;
  let next = ctx;
  let answered = false;
  for (const response of m.responses) {
    const batch = next.batches.find((b) => b.id === response.batchId);
    if (!batch || batch.state !== 'inflight' || batch.requestId !== m.requestId) continue;
    answered = true;
    next = onPartitionResponse(next, batch, response, event.now, emit);
  }
  if (!answered) {
    emit(
      narrate(
        `${Node(ctx.id)} ignores this response: it already gave up on that request (its connection was closed on timeout).`,
      ),
    );
    return ctx;
  }
  return drain(next, event.now, emit);
}

/** One partition's answer: the batch completes, is retried, or fails. */
function onPartitionResponse(
  ctx: ProducerContext,
  batch: Batch,
  m: PartitionProduceResponse,
  now: number,
  emit: Emit,
): ProducerContext {
  let next: ProducerContext;
  if (!m.error) {
    emit(
      narrate(
        m.duplicate
          ? `${Node(ctx.id)} receives offset ${m.baseOffset} for ${batch.record.id}: the retry was recognised, so the log holds one copy. ${code('send()')} completes.`
          : `${Node(ctx.id)} receives the ack: ${batch.record.id} is at offset ${m.baseOffset}. ${code('send()')} completes.`,
      ),
    );
    emit(callback({ record: batch.record.id, ok: true, offset: m.baseOffset }));
    const acked = Math.max(ctx.lastAckedSequence[batch.partition] ?? -1, batch.sequence);
    next = {
      ...ctx,
      batches: ctx.batches.filter((b) => b.id !== batch.id),
      lastAckedSequence: { ...ctx.lastAckedSequence, [batch.partition]: acked },
    };
  } else if (m.error === 'INVALID_PRODUCER_EPOCH') {
    // KIP-588 (Kafka 3.0): abortable, not fatal. Whether the producer was fenced is the coordinator's to
    // say, with PRODUCER_FENCED on the next transactional request.
    emit(
      narrate(
        `The partition has seen a newer epoch of producer ${ctx.producerId} than this batch's ${ctx.epoch}. Since Kafka 3.0 (KIP-588) \`INVALID_PRODUCER_EPOCH\` on a produce request is an abortable error, not a fatal one: the coordinator's answer to the next transactional request says whether this producer was fenced.`,
      ),
    );
    next = failBatch(ctx, batch, 'INVALID_PRODUCER_EPOCH', emit);
  } else if (m.error === 'OUT_OF_ORDER_SEQUENCE_NUMBER') {
    const earlierUnresolved = ctx.batches.some(
      (b) => b.partition === batch.partition && b.sequence >= 0 && b.sequence < batch.sequence,
    );
    if (earlierUnresolved) {
      emit(
        narrate(
          `An earlier batch has not landed yet, so ${batch.record.id} (sequence ${batch.sequence}) goes back in the queue behind it, in sequence order.`,
        ),
      );
      next = { ...ctx, batches: replaceBatch(ctx.batches, { ...batch, state: 'queued' }) };
    } else if (transactional(ctx)) {
      // Not retriable for a transactional producer: an abortable error (KIP-360), not a fatal one.
      next = failBatch(ctx, batch, 'OUT_OF_ORDER_SEQUENCE_NUMBER', emit);
    } else {
      // The idempotent producer retries it, after bumping its epoch (TransactionManager.canRetry).
      next = retryOrFail(
        { ...ctx, epochBumpRequired: true },
        batch,
        'OUT_OF_ORDER_SEQUENCE_NUMBER',
        now,
        emit,
      );
    }
  } else if (RETRIABLE.includes(m.error)) {
    next = retryOrFail(ctx, batch, m.error, now, emit);
  } else {
    next = failBatch(ctx, batch, m.error, emit);
  }
  return next;
}

function onRequestTimeout(
  ctx: ProducerContext,
  event: Ev<'timer.requestTimeout'>,
  emit: Emit,
): ProducerContext {
  const first = ctx.batches.find((b) => b.id === event.batchId);
  if (!first || first.state !== 'inflight') return ctx;
  // The request timed out, so every batch it carried did (NetworkClient expires requests, not batches).
  let next = ctx;
  for (const batch of inFlight(ctx.batches).filter((b) => b.requestId === first.requestId))
    next = retryOrFail(
      next,
      batch,
      `No response for ${batch.record.id} within request.timeout.ms=${ctx.config.requestTimeoutMs}`,
      event.now,
      emit,
    );
  return drain(next, event.now, emit);
}

/**
 * NetworkClient saw the connection close: every request in flight on it completes as disconnected, and
 * the Sender fails its batch with NETWORK_EXCEPTION, a retriable error (Sender.handleProduceResponse).
 */
function onDisconnected(
  ctx: ProducerContext,
  event: Ev<'network.disconnected'>,
  emit: Emit,
): ProducerContext {
  let next = ctx;
  for (const batch of inFlight(ctx.batches)) {
    if (!event.requestIds.includes(batch.requestId)) continue;
    next = retryOrFail(
      next,
      batch,
      `NETWORK_EXCEPTION: the connection to ${nodeName(event.server)} broke before ${batch.record.id} was answered`,
      event.now,
      emit,
      ctx.config.reconnectBackoffMs,
    );
  }
  return next === ctx ? ctx : drain(next, event.now, emit);
}

function onDeliveryTimeout(
  ctx: ProducerContext,
  event: Ev<'timer.deliveryTimeout'>,
  emit: Emit,
): ProducerContext {
  const batch = ctx.batches.find((b) => b.id === event.batchId);
  if (!batch) return ctx;
  const next = failBatch(
    ctx,
    batch,
    `TimeoutException: delivery.timeout.ms=${ctx.config.deliveryTimeoutMs} expired`,
    emit,
  );
  return drain(next, event.now, emit);
}

function onSend(ctx: ProducerContext, event: Ev<'producer.send'>, emit: Emit): ProducerContext {
  const id = `b${ctx.batchCount + 1}`;
  const batch: Batch = {
    id,
    record: event.record,
    partition: event.partition ?? ctx.partition,
    sequence: -1,
    attempts: 0,
    createdAt: event.now,
    state: 'queued',
    requestId: 0,
    sentAt: 0,
    retryAt: 0,
  };
  return drain({ ...ctx, batchCount: ctx.batchCount + 1, batches: [...ctx.batches, batch] }, event.now, emit);
}

/** InitProducerId; with the current id and epoch when it asks for an epoch bump (KIP-360). */
/** `retry`: answered CONCURRENT_TRANSACTIONS, so sent again after retry.backoff.ms (TransactionManager re-enqueues it and the Sender sleeps first). */
function initProducerId(ctx: ProducerContext, emit: Emit, retry = false): void {
  emit(
    send(
      'txn-coordinator',
      {
        name: 'InitProducerId',
        ...(ctx.config.transactionalId
          ? {
              transactionalId: ctx.config.transactionalId,
              transactionTimeoutMs: ctx.config.transactionTimeoutMs,
            }
          : {}),
        ...(ctx.producerId >= 0 ? { producerId: ctx.producerId, epoch: ctx.epoch } : {}),
      },
      retry ? ctx.config.retryBackoffMs : undefined,
    ),
  );
}

/** `retry` as for initProducerId: a CONCURRENT_TRANSACTIONS answer is retried after retry.backoff.ms. */
function endTxn(ctx: ProducerContext, commit: boolean, emit: Emit, retry = false): void {
  emit(
    send(
      'txn-coordinator',
      {
        name: 'EndTxn',
        transactionalId: ctx.config.transactionalId as string,
        producerId: ctx.producerId,
        epoch: ctx.epoch,
        commit,
      },
      retry ? ctx.config.retryBackoffMs : undefined,
    ),
  );
}

/**
 * EndTxn goes out once every batch is acknowledged and no other transactional request is in flight:
 * the TransactionManager sends one at a time, so an EndTxn never overtakes AddPartitionsToTxn,
 * AddOffsetsToTxn or TxnOffsetCommit.
 */
const readyToEnd = (ctx: ProducerContext) =>
  ctx.batches.length === 0 && !ctx.addingPartitions && (ctx.offsets === null || ctx.offsets.stage === 'done');

/** The coordinator never heard of this transaction: nothing added, nothing being added. */
const emptyTransaction = (ctx: ProducerContext) =>
  ctx.txnPartitions.length === 0 && ctx.offsets === null && !ctx.addingPartitions;

function addOffsets(ctx: ProducerContext, emit: Emit): ProducerContext {
  if (ctx.offsets)
    emit(
      send('txn-coordinator', {
        name: 'AddOffsetsToTxn',
        transactionalId: ctx.config.transactionalId as string,
        producerId: ctx.producerId,
        epoch: ctx.epoch,
        groupId: ctx.offsets.groupId,
      }),
    );
  return ctx;
}

function addPartitions(ctx: ProducerContext, partitions: PartitionId[], emit: Emit): void {
  emit(
    send('txn-coordinator', {
      name: 'AddPartitionsToTxn',
      transactionalId: ctx.config.transactionalId as string,
      producerId: ctx.producerId,
      epoch: ctx.epoch,
      partitions,
    }),
  );
}

/*
 * The answers to the transactional requests, the same whether the application is still in the
 * transaction or already committing/aborting it. CONCURRENT_TRANSACTIONS (the previous transaction's
 * markers are still being written) is retried; any other error is fatal.
 */

function onPartitionsAdded(
  ctx: ProducerContext,
  e: KafkaEventOf<'AddPartitionsToTxnResponse'>,
  emit: Emit,
): ProducerContext {
  if (txnError(e.message)) return { ...ctx, addingPartitions: false, fatalError: e.message.error ?? null };
  if (e.message.error) return (addPartitions(ctx, partitionsToAdd(ctx), emit), ctx);
  emit(
    narrate(
      `The transaction coordinator has recorded ${listOf(e.message.partitions)} in the transaction, so it knows where to write markers. The batches can go.`,
    ),
  );
  const added = {
    ...ctx,
    addingPartitions: false,
    txnPartitions: [...ctx.txnPartitions, ...e.message.partitions],
  };
  return drain(added, e.now, emit);
}

function onOffsetsAdded(
  ctx: ProducerContext,
  e: KafkaEventOf<'AddOffsetsToTxnResponse'>,
  emit: Emit,
): ProducerContext {
  const o = ctx.offsets;
  if (!o || o.stage !== 'adding') return ctx;
  if (txnError(e.message)) return { ...ctx, fatalError: e.message.error ?? null };
  return e.message.error ? addOffsets(ctx, emit) : commitOffsets(ctx, o, emit);
}

function commitOffsets(
  ctx: ProducerContext,
  o: NonNullable<ProducerContext['offsets']>,
  emit: Emit,
): ProducerContext {
  emit(
    send('group-coordinator', {
      name: 'TxnOffsetCommit',
      transactionalId: ctx.config.transactionalId as string,
      producerId: ctx.producerId,
      epoch: ctx.epoch,
      groupId: o.groupId,
      offsets: o.offsets,
      ...(o.member ? { member: o.member } : {}),
    }),
  );
  return { ...ctx, offsets: { ...o, stage: 'committing' } };
}

function onOffsetsCommitted(
  ctx: ProducerContext,
  e: KafkaEventOf<'TxnOffsetCommitResponse'>,
  emit: Emit,
): ProducerContext {
  const o = ctx.offsets;
  if (!o || o.stage !== 'committing') return ctx;
  const mismatch = groupMismatch(e.message.error);
  if (mismatch) {
    emit(narrate(mismatch.narration));
    return { ...ctx, offsets: { ...o, stage: 'done' }, lastError: mismatch.error };
  }
  if (txnError(e.message)) return { ...ctx, fatalError: e.message.error ?? null };
  if (e.message.error) return commitOffsets(ctx, o, emit);
  emit(
    narrate(
      'The group coordinator holds the consumed offsets as pending: they count only if the transaction commits.',
    ),
  );
  return { ...ctx, offsets: { ...o, stage: 'done' } };
}

/** The broker's own words for the errors the group coordinator fences a TxnOffsetCommit with. */
const GROUP_ERROR_WORDS: Partial<Record<KafkaError, string>> = {
  UNKNOWN_MEMBER_ID: 'The coordinator is not aware of this member.',
  ILLEGAL_GENERATION: 'Specified group generation id is not valid.',
};

/**
 * KIP-447: a TxnOffsetCommit whose group metadata is not the group's now (the member left or was
 * removed, or a newer generation exists) is an abortable error, as TransactionManager's
 * TxnOffsetCommitHandler makes it: a CommitFailedException, and the application must abort.
 */
function groupMismatch(error: KafkaError | undefined): { error: string; narration: string } | null {
  const words = error ? GROUP_ERROR_WORDS[error] : undefined;
  if (!error || !words) return null;
  const exception = `CommitFailedException: Transaction offset Commit failed due to consumer group metadata mismatch: ${words}`;
  return {
    error: exception,
    // The coordinator's refusal, the step before, already named the error: say what it means for the app.
    narration: `The refusal puts the producer in an abortable error (${code('CommitFailedException')}): nothing of this transaction can commit, and the application must call ${code('abortTransaction()')}.`,
  };
}

/** EndTxn answered: the transaction is over (its markers may still be on their way). */
function onTransactionEnded(
  ctx: ProducerContext,
  e: KafkaEventOf<'EndTxnResponse'>,
  emit: Emit,
): ProducerContext {
  const commit = e.message.commit;
  const bumped = e.message.epoch !== undefined && e.message.epoch > ctx.epoch ? e.message.epoch : null;
  emit(mark({ kind: 'txn', name: commit ? 'commit' : 'abort', summary: commit ? 'committed' : 'aborted' }));
  emit(
    narrate(
      commit
        ? `${code('commitTransaction()')} returns: the coordinator has logged ${code('PrepareCommit')}. Its ${code('COMMIT')} markers may still be on their way to the partitions.`
        : `${code('abortTransaction()')} returns. The aborted records stay in the log; ${code('ABORT')} markers tell ${code('read_committed')} consumers to skip them.`,
    ),
  );
  const ended = { ...ctx, offsets: null, lastError: null };
  if (bumped === null) return ended;
  emit(
    narrate(
      `With transaction version 2 the answer carries the new epoch, ${bumped}: the next transaction uses it, its sequence numbers from 0${ctx.epochBumpRequired ? ', and the abort has bumped the epoch the failed batch required (no InitProducerId needed)' : ''}.`,
    ),
  );
  return {
    ...ended,
    epoch: bumped,
    nextSequence: {},
    lastAckedSequence: {},
    epochBumpRequired: false,
  };
}

/** The answers to the producer's requests (and a broken connection), handled in every ready state. */
type Answer = Ev<
  | 'kafka.ProduceResponse'
  | 'network.disconnected'
  | 'kafka.AddPartitionsToTxnResponse'
  | 'kafka.AddOffsetsToTxnResponse'
  | 'kafka.TxnOffsetCommitResponse'
>;
const ANSWERS = [
  'kafka.ProduceResponse',
  'network.disconnected',
  'kafka.AddPartitionsToTxnResponse',
  'kafka.AddOffsetsToTxnResponse',
  'kafka.TxnOffsetCommitResponse',
] as const satisfies Answer['type'][];

/** One answer, handled the same whether the application is still in the transaction or ending it. */
function onAnswer(ctx: ProducerContext, e: Answer, emit: Emit): ProducerContext {
  switch (e.type) {
    case 'kafka.ProduceResponse':
      return onProduceResponse(ctx, e, emit);
    case 'network.disconnected':
      return onDisconnected(ctx, e, emit);
    case 'kafka.AddPartitionsToTxnResponse':
      return onPartitionsAdded(ctx, e, emit);
    case 'kafka.AddOffsetsToTxnResponse':
      return onOffsetsAdded(ctx, e, emit);
    case 'kafka.TxnOffsetCommitResponse':
      return onOffsetsCommitted(ctx, e, emit);
  }
}

/** Named actions that run a pure handler for the events they name (io.ts: every machine's one helper). */
const handling = handlersFor<ProducerContext, ProducerEvent>();

/** A named action running a pure handler on the context alone (entry actions, retries: the event is incidental). */
function ignoringEvent(handler: (ctx: ProducerContext, emit: Emit) => ProducerContext) {
  return handledBy((ctx: ProducerContext, _e: unknown, emit: Emit) => handler(ctx, emit));
}

const txnError = (m: { error?: KafkaError }) =>
  m.error !== undefined && m.error !== 'CONCURRENT_TRANSACTIONS';

/** The error a coordinator answered with, for the answers that can put the producer in a fatal state. */
const answeredError = (event: ProducerEvent) => {
  assertEvent(event, ['kafka.InitProducerIdResponse', 'kafka.EndTxnResponse']);
  return event.message.error;
};

/**
 * The states follow Kafka's TransactionManager.State (the names predate this mapping and are noted in
 * every trace, so they stay): uninitialized = UNINITIALIZED, awaitingProducerId = INITIALIZING,
 * ready.idle = READY, ready.inTransaction.active = IN_TRANSACTION, ready.inTransaction.abortableError =
 * ABORTABLE_ERROR, ready.committing = COMMITTING_TRANSACTION, ready.aborting = ABORTING_TRANSACTION,
 * fatal = FATAL_ERROR. An idempotent producer uses the same states without a transaction.
 */
export const producerMachine = setup({
  types: {} as { context: ProducerContext; events: ProducerEvent; input: ProducerInput },
  actions: {
    ...ioActions,
    sendInitProducerId: enqueueActions(ignoringEvent((ctx, emit) => (initProducerId(ctx, emit), ctx))),
    // CONCURRENT_TRANSACTIONS: the coordinator is still completing the previous transaction.
    retryInitProducerId: enqueueActions(
      ignoringEvent((ctx, emit) => {
        emit(
          narrate(
            `${code('CONCURRENT_TRANSACTIONS')}: the coordinator is still completing the previous transaction of this ${code('transactional.id')}, so the producer retries ${code('InitProducerId')} after ${code('retry.backoff.ms')}.`,
          ),
        );
        initProducerId(ctx, emit, true);
        return ctx;
      }),
    ),
    takeProducerId: enqueueActions(
      handling('kafka.InitProducerIdResponse', (ctx, e, emit) => {
        emit(
          narrate(
            `${Node(ctx.id)} now has producer id ${e.message.producerId} and epoch ${e.message.epoch}; every batch will carry a sequence number, starting at 0.`,
          ),
        );
        return drain(
          {
            ...ctx,
            producerId: e.message.producerId,
            epoch: e.message.epoch,
            nextSequence: {},
            lastAckedSequence: {},
            epochBumpRequired: false,
          },
          e.now,
          emit,
        );
      }),
    ),
    recordFatalError: assign({ fatalError: ({ event }) => answeredError(event) ?? null }),
    sendRecord: enqueueActions(handling('producer.send', onSend)),
    handleAnswer: enqueueActions(handling(ANSWERS, onAnswer)),
    handleRequestTimeout: enqueueActions(handling('timer.requestTimeout', onRequestTimeout)),
    handleRetryBackoff: enqueueActions(handling('timer.retryBackoff', onRetryBackoff)),
    expireBatch: enqueueActions(handling('timer.deliveryTimeout', onDeliveryTimeout)),
    learnLeaders: assign({
      leaders: ({ event }) => {
        assertEvent(event, 'metadata.update');
        return event.leaders;
      },
    }),
    // A new transaction starts with nothing added and no error of the previous one.
    startTransaction: assign({ txnPartitions: [], offsets: null, lastError: null }),
    markTransactionBegun: enqueueActions(({ enqueue, context }) =>
      enqueue(mark({ kind: 'txn', name: 'begin', summary: `epoch ${context.epoch}` })),
    ),
    sendOffsetsToTransaction: enqueueActions(
      handling('producer.sendOffsetsToTransaction', (ctx, e, emit) =>
        addOffsets(
          {
            ...ctx,
            offsets: {
              groupId: e.groupId,
              offsets: e.offsets,
              ...(e.member ? { member: e.member } : {}),
              stage: 'adding',
            },
          },
          emit,
        ),
      ),
    ),
    markEmptyCommit: enqueueActions(({ enqueue }) =>
      enqueue(mark({ kind: 'txn', name: 'commit', summary: 'empty' })),
    ),
    // An empty transaction is aborted locally: its error (if any) and unsent batches go with it.
    forgetTransaction: assign({ lastError: null, batches: [] }),
    markEmptyAbort: enqueueActions(({ enqueue }) =>
      enqueue(mark({ kind: 'txn', name: 'abort', summary: 'empty' })),
    ),
    refuseCommit: enqueueActions(({ enqueue, context }) =>
      enqueue(
        narrate(
          `\`commitTransaction()\` throws: ${context.lastError?.startsWith('CommitFailedException') ? 'its offsets were fenced' : 'a batch of the transaction failed'} (${context.lastError}), so the producer never sends \`EndTxn\`. The application must call \`abortTransaction()\` and start the transaction again.`,
        ),
      ),
    ),
    startCommit: enqueueActions(
      ignoringEvent((ctx, emit) => {
        if (!mayEnd(ctx, true))
          emit(
            narrate(
              `${code('commitTransaction()')} first waits for every batch of the transaction to be acknowledged.`,
            ),
          );
        return ctx;
      }),
    ),
    // Batches not yet sent are dropped; EndTxn(abort) goes out once nothing is in flight.
    startAbort: assign({ batches: ({ context }) => inFlight(context.batches) }),
    sendEndTxnCommit: enqueueActions(ignoringEvent((ctx, emit) => (endTxn(ctx, true, emit), ctx))),
    sendEndTxnAbort: enqueueActions(ignoringEvent((ctx, emit) => (endTxn(ctx, false, emit), ctx))),
    retryEndTxnCommit: enqueueActions(ignoringEvent((ctx, emit) => (endTxn(ctx, true, emit, true), ctx))),
    retryEndTxnAbort: enqueueActions(ignoringEvent((ctx, emit) => (endTxn(ctx, false, emit, true), ctx))),
    endTransaction: enqueueActions(handling('kafka.EndTxnResponse', onTransactionEnded)),
    // The Sender aborts every batch still in the accumulator with the fatal error (abortBatches), so
    // no request or delivery timeout is left running for them.
    failPendingBatches: enqueueActions(
      ignoringEvent((ctx, emit) => {
        emit(
          narrate(
            `${Node(ctx.id)} is in a fatal state (${code(ctx.fatalError ?? 'fatal')}): every further call fails; the application must close it.`,
          ),
        );
        for (const b of ctx.batches) emit(callback({ record: b.record.id, ok: false }));
        // The diagram ends this producer's transaction span here: it can never commit it.
        if (transactional(ctx)) emit(mark({ kind: 'txn', name: 'fatal', summary: ctx.fatalError ?? '' }));
        return ctx.batches.length > 0 ? { ...ctx, batches: [] } : ctx;
      }),
    ),
    // A crashed client forgets everything; it restarts as a new instance (a new producer id, unless transactional).
    forgetEverything: assign(({ context }) => freshContext(context)),
  },
  guards: {
    idempotentOnly: ({ context }) => context.config.idempotence && context.config.transactionalId === null,
    transactional: ({ context }) => transactional(context),
    nonTransactional: ({ context }) => !transactional(context),
    fatal: ({ context }) => context.fatalError !== null,
    bumpByInitProducerId: ({ context, event }) =>
      context.epochBumpRequired &&
      !(event.type === 'kafka.EndTxnResponse' && event.message.epoch !== undefined),
    // The handler that just ran failed a batch of the transaction (failBatch recorded why).
    batchFailed: ({ context }) => context.lastError !== null,
    // One sendOffsetsToTransaction per transaction in this model.
    offsetsNotYetSent: ({ context }) => context.offsets === null,
    emptyTransaction: ({ context }) => emptyTransaction(context),
    // Retried after retry.backoff.ms: the coordinator is still writing the previous transaction's markers.
    coordinatorBusy: ({ event }) => answeredError(event) === 'CONCURRENT_TRANSACTIONS',
    // CONCURRENT_TRANSACTIONS is retried (the guard before this one); PRODUCER_FENCED is not.
    initRefused: ({ event }) => answeredError(event) !== undefined,
    // Every batch (and the offsets) acknowledged: EndTxn may go (TransactionManager sends it last).
    flushedForCommit: ({ context }) => mayEnd(context, true),
    flushedForAbort: ({ context }) => mayEnd(context, false),
    endTxnFailed: ({ event }) => {
      assertEvent(event, 'kafka.EndTxnResponse');
      return txnError(event.message);
    },
  },
}).createMachine({
  id: 'producer',
  context: ({ input }) => freshContext(input),
  initial: 'starting',
  on: {
    'node.crash': { target: '.crashed' },
    // RecordAccumulator expires a batch whatever the producer waits for, its producer id included.
    'timer.deliveryTimeout': { actions: 'expireBatch' },
    // A metadata refresh reaches the client whatever it is doing (Metadata.update).
    'metadata.update': { actions: 'learnLeaders' },
  },
  states: {
    starting: {
      always: [
        { guard: 'transactional', target: 'uninitialized' },
        { guard: 'idempotentOnly', target: 'awaitingProducerId' },
        { target: 'ready' },
      ],
    },
    uninitialized: {
      on: { 'producer.initTransactions': { target: 'awaitingProducerId' } },
    },
    awaitingProducerId: {
      entry: 'sendInitProducerId',
      on: {
        'producer.send': { guard: 'idempotentOnly', actions: 'sendRecord' },
        'kafka.InitProducerIdResponse': [
          { guard: 'coordinatorBusy', actions: 'retryInitProducerId' },
          { guard: 'initRefused', target: 'fatal', actions: 'recordFatalError' },
          { target: 'ready', actions: 'takeProducerId' },
        ],
      },
    },
    ready: {
      initial: 'idle',
      always: { guard: 'fatal', target: 'fatal' },
      on: {
        'kafka.ProduceResponse': { actions: 'handleAnswer' },
        'network.disconnected': { actions: 'handleAnswer' },
        'timer.requestTimeout': { actions: 'handleRequestTimeout' },
        'timer.retryBackoff': { actions: 'handleRetryBackoff' },
      },
      states: {
        idle: {
          on: {
            'producer.send': { guard: 'nonTransactional', actions: 'sendRecord' },
            'producer.beginTransaction': {
              guard: 'transactional',
              target: 'inTransaction',
              actions: ['startTransaction', 'markTransactionBegun'],
            },
          },
        },
        /**
         * IN_TRANSACTION, and ABORTABLE_ERROR as its sub-state: the transaction is still open at the
         * coordinator either way, and abortTransaction() ends both; only an active one takes records,
         * offsets and commitTransaction().
         */
        inTransaction: {
          initial: 'active',
          on: {
            'kafka.AddPartitionsToTxnResponse': { actions: 'handleAnswer' },
            'kafka.AddOffsetsToTxnResponse': { actions: 'handleAnswer' },
            'kafka.TxnOffsetCommitResponse': { actions: 'handleAnswer' },
            'producer.abortTransaction': [
              {
                guard: 'emptyTransaction',
                target: 'idle',
                actions: ['forgetTransaction', 'markEmptyAbort'],
              },
              { target: 'aborting' },
            ],
          },
          states: {
            active: {
              // TransactionManager.transitionToAbortableError: a failed batch leaves abort as the only way on.
              always: { guard: 'batchFailed', target: 'abortableError' },
              on: {
                'producer.send': { actions: 'sendRecord' },
                'producer.sendOffsetsToTransaction': {
                  guard: 'offsetsNotYetSent',
                  actions: 'sendOffsetsToTransaction',
                },
                // Nothing was added to the transaction: the client completes it locally, without EndTxn
                // (TransactionManager: the coordinator never heard of it).
                'producer.commitTransaction': [
                  { guard: 'emptyTransaction', target: '#producer.ready.idle', actions: 'markEmptyCommit' },
                  { target: '#producer.ready.committing' },
                ],
              },
            },
            /** ABORTABLE_ERROR: send, sendOffsetsToTransaction and commitTransaction() are refused. */
            abortableError: {},
          },
        },
        committing: {
          // A batch of the transaction failed: the pending EndTxn is never sent and commitTransaction()
          // throws (TransactionManager.maybeTerminateRequestWithError); the application must abort.
          always: { guard: 'batchFailed', target: 'inTransaction.abortableError', actions: 'refuseCommit' },
          entry: 'startCommit',
          initial: 'flushing',
          states: {
            // Waiting for the batches, partitions and offsets of the transaction to be acknowledged.
            flushing: { always: { guard: 'flushedForCommit', target: 'awaitingEndTxn' } },
            awaitingEndTxn: { entry: 'sendEndTxnCommit' },
          },
          on: {
            'kafka.EndTxnResponse': [
              { guard: 'endTxnFailed', actions: 'recordFatalError' },
              { guard: 'coordinatorBusy', actions: 'retryEndTxnCommit' },
              { target: 'idle', actions: 'endTransaction' },
            ],
            'kafka.ProduceResponse': { actions: 'handleAnswer' },
            'network.disconnected': { actions: 'handleAnswer' },
            'kafka.AddPartitionsToTxnResponse': { actions: 'handleAnswer' },
            'kafka.AddOffsetsToTxnResponse': { actions: 'handleAnswer' },
            'kafka.TxnOffsetCommitResponse': { actions: 'handleAnswer' },
          },
        },
        aborting: {
          entry: 'startAbort',
          initial: 'flushing',
          states: {
            // Waiting for the batches in flight (and the offsets) to be answered.
            flushing: { always: { guard: 'flushedForAbort', target: 'awaitingEndTxn' } },
            awaitingEndTxn: { entry: 'sendEndTxnAbort' },
          },
          on: {
            'kafka.ProduceResponse': { actions: 'handleAnswer' },
            'network.disconnected': { actions: 'handleAnswer' },
            'kafka.AddPartitionsToTxnResponse': { actions: 'handleAnswer' },
            'kafka.AddOffsetsToTxnResponse': { actions: 'handleAnswer' },
            'kafka.TxnOffsetCommitResponse': { actions: 'handleAnswer' },
            'kafka.EndTxnResponse': [
              { guard: 'endTxnFailed', actions: 'recordFatalError' },
              { guard: 'coordinatorBusy', actions: 'retryEndTxnAbort' },
              // abortTransaction() completes with the epoch bump's InitProducerId (KIP-360), unless the
              // EndTxn answer already carries a bumped epoch (transaction version 2).
              {
                guard: 'bumpByInitProducerId',
                target: '#producer.awaitingProducerId',
                actions: 'endTransaction',
              },
              { target: 'idle', actions: 'endTransaction' },
            ],
          },
        },
      },
    },
    fatal: {
      entry: 'failPendingBatches',
      on: { 'producer.close': { target: 'closed' } },
    },
    closed: {},
    crashed: {
      entry: 'forgetEverything',
      on: { 'node.restart': { target: 'starting' } },
    },
  },
});

/**
 * Committing/aborting may send EndTxn: every batch and the offsets are acknowledged, nothing is fatal,
 * and a commit has no failed batch (that one ends in ABORTABLE_ERROR instead).
 */
function mayEnd(ctx: ProducerContext, commit: boolean): boolean {
  return ctx.fatalError === null && !(commit && ctx.lastError !== null) && readyToEnd(ctx);
}

/** Timers this producer has running, for the world to offer. */
export function producerTimers(ctx: ProducerContext): { event: ProducerEvent; due: number; label: string }[] {
  const timers: { event: ProducerEvent; due: number; label: string }[] = [];
  const requests = new Map<number, Batch[]>();
  for (const b of inFlight(ctx.batches)) requests.set(b.requestId, [...(requests.get(b.requestId) ?? []), b]);
  for (const b of ctx.batches) {
    // One request timer per request, named after its first batch: the request times out as a whole.
    const request = b.state === 'inflight' ? (requests.get(b.requestId) ?? []) : [];
    if (request[0] === b) {
      timers.push({
        event: { type: 'timer.requestTimeout', now: 0, batchId: b.id },
        // NetworkClient expires a request once *more than* request.timeout.ms has passed
        // (InFlightRequests.hasExpiredRequest), so the leader's purgatory, which expires at its
        // deadline, answers a held acks=all request first.
        due: b.sentAt + ctx.config.requestTimeoutMs + 1,
        label: `request.timeout.ms expires for ${listOf(request.map((x) => x.record.id))}`,
      });
    }
    if (b.retryAt > 0)
      timers.push({
        event: { type: 'timer.retryBackoff', now: 0, batchId: b.id },
        due: b.retryAt,
        label: `retry.backoff.ms: the back-off before ${b.record.id}'s retry ends`,
      });
    timers.push({
      event: { type: 'timer.deliveryTimeout', now: 0, batchId: b.id },
      due: b.createdAt + ctx.config.deliveryTimeoutMs,
      label: `delivery.timeout.ms expires for ${b.record.id}`,
    });
  }
  return timers;
}

const ABORTABLE_ERROR = ['ready', 'inTransaction', 'abortableError'];

/** The application must abort (ABORTABLE_ERROR): a batch of its transaction failed. */
export const mustAbort = (snapshot: AnyMachineSnapshot): boolean => isIn(snapshot, ABORTABLE_ERROR);
