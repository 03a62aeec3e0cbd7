import { enqueueActions, setup } from 'xstate';
import type { PartitionId } from '../kafka/protocol.ts';
import {
  handledBy,
  ioActions,
  narrate,
  send,
  type CrashEvent,
  type KafkaEventOf,
  type RestartEvent,
} from './io.ts';
import { code, listOf } from '../narration/words.ts';
import { GROUP_OFFSETS } from './txnCoordinator.ts';

/**
 * The group coordinator: committed offsets per group and partition (the next offset to read), and
 * transactional offsets held pending until their transaction's marker (KIP-98, KIP-447). Offsets live in
 * __consumer_offsets, so they survive a crash.
 */

export interface GroupCoordinatorContext {
  committed: Record<string, Record<PartitionId, number>>;
  /** Producer id → offsets committed inside its open transaction. */
  pending: Record<number, { groupId: string; offsets: Record<PartitionId, number> }>;
  /**
   * Producer id → the newest epoch __consumer_offsets has seen from it (its TxnOffsetCommits and markers),
   * as a partition's producer state does: a write with an older epoch is a zombie's and is refused.
   */
  epochs: Record<number, number>;
}

export type GroupCoordinatorEvent =
  | KafkaEventOf<'OffsetCommit'>
  | KafkaEventOf<'TxnOffsetCommit'>
  | KafkaEventOf<'OffsetFetch'>
  | KafkaEventOf<'WriteTxnMarkers'>
  | CrashEvent
  | RestartEvent;

type Ev<T extends GroupCoordinatorEvent['type']> = Extract<GroupCoordinatorEvent, { type: T }>;

/** "offset 2 of input-0". */
const list = (offsets: Record<PartitionId, number>) =>
  listOf(Object.entries(offsets).map(([p, o]) => `offset ${o} of ${p}`));

export const groupCoordinatorMachine = setup({
  types: {} as { context: GroupCoordinatorContext; events: GroupCoordinatorEvent },
  actions: ioActions,
}).createMachine({
  id: 'groupCoordinator',
  context: { committed: {}, pending: {}, epochs: {} },
  initial: 'online',
  states: {
    online: {
      on: {
        'node.crash': { target: 'crashed' },
        'kafka.OffsetCommit': {
          actions: enqueueActions(
            handledBy((ctx: GroupCoordinatorContext, e: Ev<'kafka.OffsetCommit'>, emit) => {
              const { groupId, offsets } = e.message;
              emit(send(e.from, { name: 'OffsetCommitResponse', offsets }));
              emit(
                narrate(
                  `The group coordinator stores ${list(offsets)} as the committed offset of group ${groupId}: the next record the group will read after a restart.`,
                ),
              );
              return {
                ...ctx,
                committed: { ...ctx.committed, [groupId]: { ...ctx.committed[groupId], ...offsets } },
              };
            }),
          ),
        },
        'kafka.TxnOffsetCommit': {
          actions: enqueueActions(
            handledBy((ctx: GroupCoordinatorContext, e: Ev<'kafka.TxnOffsetCommit'>, emit) => {
              const { groupId, offsets, producerId, epoch } = e.message;
              const known = ctx.epochs[producerId] ?? -1;
              if (epoch < known) {
                emit(send(e.from, { name: 'TxnOffsetCommitResponse', error: 'PRODUCER_FENCED' }));
                emit(
                  narrate(
                    `The group coordinator refuses ${list(offsets)} for group ${groupId} from epoch ${epoch}: producer ${producerId} is at epoch ${known} now, so this is a fenced instance (${code('PRODUCER_FENCED')}). Nothing becomes pending.`,
                  ),
                );
                return ctx;
              }
              emit(send(e.from, { name: 'TxnOffsetCommitResponse' }));
              return {
                ...ctx,
                pending: { ...ctx.pending, [producerId]: { groupId, offsets } },
                epochs: { ...ctx.epochs, [producerId]: epoch },
              };
            }),
          ),
        },
        'kafka.WriteTxnMarkers': {
          actions: enqueueActions(
            handledBy((ctx: GroupCoordinatorContext, e: Ev<'kafka.WriteTxnMarkers'>, emit) => {
              const { producerId, commit, epoch } = e.message;
              const txn = ctx.pending[producerId];
              const pending = { ...ctx.pending };
              delete pending[producerId];
              // The marker carries the producer's current (possibly bumped) epoch.
              const epochs = { ...ctx.epochs, [producerId]: Math.max(ctx.epochs[producerId] ?? -1, epoch) };
              emit(
                send(e.from, { name: 'WriteTxnMarkersResponse', producerId, partitions: [GROUP_OFFSETS] }),
              );
              if (!txn) return { ...ctx, pending, epochs };
              emit(
                narrate(
                  commit
                    ? `The ${code('COMMIT')} marker reaches ${GROUP_OFFSETS}: ${list(txn.offsets)} becomes the committed offset of group ${txn.groupId}.`
                    : `The ${code('ABORT')} marker reaches ${GROUP_OFFSETS}: the pending ${list(txn.offsets)} is thrown away, and the group will re-read from its last committed offset.`,
                ),
              );
              if (!commit) return { ...ctx, pending, epochs };
              const committed = {
                ...ctx.committed,
                [txn.groupId]: { ...ctx.committed[txn.groupId], ...txn.offsets },
              };
              return { committed, pending, epochs };
            }),
          ),
        },
        'kafka.OffsetFetch': {
          actions: enqueueActions(
            handledBy((ctx: GroupCoordinatorContext, e: Ev<'kafka.OffsetFetch'>, emit) => {
              const { groupId, partitions, requireStable } = e.message;
              const unstable =
                requireStable &&
                Object.values(ctx.pending).some(
                  (t) => t.groupId === groupId && partitions.some((p) => p in t.offsets),
                );
              if (unstable) {
                emit(
                  send(e.from, { name: 'OffsetFetchResponse', offsets: {}, error: 'UNSTABLE_OFFSET_COMMIT' }),
                );
                emit(
                  narrate(
                    `A transaction still holds pending offsets for group ${groupId}: the group coordinator answers ${code('UNSTABLE_OFFSET_COMMIT')} and the consumer will ask again.`,
                  ),
                );
                return ctx;
              }
              const offsets = Object.fromEntries(
                partitions.map((p) => [p, ctx.committed[groupId]?.[p] ?? null]),
              );
              emit(send(e.from, { name: 'OffsetFetchResponse', offsets }));
              return ctx;
            }),
          ),
        },
      },
    },
    crashed: { on: { 'node.restart': { target: 'online' } } },
  },
});
