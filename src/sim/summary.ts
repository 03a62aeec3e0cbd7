import type { KafkaMessage, PartitionBatch, PartitionProduceResponse } from '../kafka/protocol.ts';

/** One partition's answer to a Produce. */
const produceAnswer = (r: PartitionProduceResponse) =>
  r.error ?? `offset=${r.baseOffset}${r.duplicate ? ' (duplicate)' : ''}`;

/** The short payload an arrow carries, e.g. "m1 seq=0", "offset=3", "COMMIT". */
export function summarize(m: KafkaMessage): string {
  const err = 'error' in m && m.error ? m.error : null;
  switch (m.name) {
    case 'Produce': {
      const [only, ...more] = m.batches;
      const b = (only as PartitionBatch).batch;
      const parts =
        more.length === 0
          ? [
              b.record.id,
              ...(b.firstSequence >= 0
                ? [`pid=${b.producerId} epoch=${b.epoch} seq=${b.firstSequence}`]
                : []),
            ]
          : // Several partitions in one request: each batch named by its partition, the producer's identity once.
            [
              m.batches
                .map(
                  (x) =>
                    `${x.partition} ${x.batch.record.id}${x.batch.firstSequence >= 0 ? ` seq=${x.batch.firstSequence}` : ''}`,
                )
                .join(', '),
              ...(b.firstSequence >= 0 ? [`pid=${b.producerId} epoch=${b.epoch}`] : []),
            ];
      if (b.transactional) parts.push('txn');
      parts.push(`acks=${m.acks === -1 ? 'all' : m.acks}`);
      return parts.join(' ');
    }
    case 'ProduceResponse': {
      const [only, ...more] = m.responses;
      return more.length === 0
        ? produceAnswer(only as PartitionProduceResponse)
        : m.responses.map((r) => `${r.partition} ${produceAnswer(r)}`).join(', ');
    }
    case 'Fetch':
      return `${m.replicaId ? `${m.replicaId} ` : ''}offset=${m.fetchOffset}${m.isolation === 'read_committed' ? ' read_committed' : ''}`;
    case 'FetchResponse': {
      if (err) return err;
      if (m.divergingEndOffset !== undefined) return `diverged: truncate to ${m.divergingEndOffset}`;
      const records = m.entries.map((e) =>
        e.kind === 'data' ? `${e.record?.id}@${e.offset}` : `${e.kind}@${e.offset}`,
      );
      return `${records.length > 0 ? records.join(' ') : 'no records'} hw=${m.highWatermark}`;
    }
    case 'ListOffsets':
      return `latest ${m.partition}`;
    case 'ListOffsetsResponse':
      return err ?? `offset=${m.offset}`;
    case 'InitProducerId':
      return `${m.transactionalId ? `transactional.id=${m.transactionalId}` : 'idempotent'}${m.epoch !== undefined ? ` bump epoch=${m.epoch}` : ''}`;
    case 'InitProducerIdResponse':
      return err ?? `pid=${m.producerId} epoch=${m.epoch}`;
    case 'AddPartitionsToTxn':
      return `${m.partitions.join(',')} epoch=${m.epoch}`;
    case 'AddOffsetsToTxn':
      return `group=${m.groupId} epoch=${m.epoch}`;
    case 'TxnOffsetCommit':
    case 'OffsetCommit':
      return (
        Object.entries(m.offsets)
          .map(([p, o]) => `${p}=${o}`)
          .join(' ') + (m.member ? ` gen=${m.member.generation}` : '')
      );
    case 'EndTxn':
      return `${m.commit ? 'COMMIT' : 'ABORT'} epoch=${m.epoch}`;
    case 'EndTxnResponse':
      return err ?? (m.commit ? 'COMMIT ok' : 'ABORT ok');
    case 'WriteTxnMarkers':
      return `${m.commit ? 'COMMIT' : 'ABORT'} ${m.partitions.join(',')}`;
    case 'OffsetFetch':
      return `group=${m.groupId}${m.requireStable ? ' requireStable' : ''}`;
    case 'OffsetFetchResponse':
      return (
        err ??
        Object.entries(m.offsets)
          .map(([p, o]) => `${p}=${o ?? 'none'}`)
          .join(' ')
      );
    case 'JoinGroup':
      return `group=${m.groupId}${m.memberId ? ` ${m.memberId}` : ''}`;
    case 'JoinGroupResponse':
      return err ?? `gen=${m.generation} ${m.memberId} leader=${m.leader}`;
    case 'SyncGroup':
    case 'Heartbeat':
      return `${m.memberId} gen=${m.generation}`;
    case 'SyncGroupResponse':
      return err ?? (m.assignment.length > 0 ? m.assignment.join(' ') : 'no partition');
    case 'LeaveGroup':
      return m.memberId;
    default:
      return err ?? 'ok';
  }
}
