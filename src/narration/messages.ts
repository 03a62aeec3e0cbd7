import type {
  KafkaError,
  KafkaMessage,
  NodeId,
  PartitionBatch,
  PartitionId,
  PartitionProduceResponse,
} from '../kafka/protocol.ts';
import { code, count, listOf, markerOf, Node, nodeName } from './words.ts';

/**
 * A sentence per Kafka message, for steps whose components say nothing themselves: a follower's fetch,
 * an application call that only sends a request, an answer the receiver acts on silently. Requests
 * say who asks whom for what; responses are phrased as the answer to their request.
 */

/** What an error code tells the client, where the narration has nothing better to say. */
const ERROR_MEANING: Partial<Record<KafkaError, string>> = {
  CONCURRENT_TRANSACTIONS: 'the previous transaction of this `transactional.id` is still being completed',
  NOT_LEADER_OR_FOLLOWER: 'it does not lead that partition (any more)',
  PRODUCER_FENCED: 'a newer instance with the same `transactional.id` has fenced this one',
  INVALID_PRODUCER_EPOCH: 'the epoch is older than the one the broker knows',
  UNSTABLE_OFFSET_COMMIT: 'a transaction still holds pending offsets',
  COORDINATOR_NOT_AVAILABLE: 'the coordinator cannot serve the request yet',
  OFFSET_OUT_OF_RANGE: 'the requested offset is not in the log',
  ILLEGAL_GENERATION: 'the request comes from an older generation of the group',
  UNKNOWN_MEMBER_ID: 'the group has no member with that id (any more)',
  REBALANCE_IN_PROGRESS: 'the group is rebalancing, and the member must rejoin',
};

function refused(subject: string, request: string, error: KafkaError): string {
  const why = ERROR_MEANING[error];
  return `${subject} answers ${code(request)} with ${code(error)}${why ? `: ${why}` : ''}.`;
}

const offsetsOf = (offsets: Record<PartitionId, number>): string =>
  listOf(Object.entries(offsets).map(([p, o]) => `offset ${o} of ${p}`));

/** `from` sends `m` to `to`; `subject` names the sender ("It" when the sentence before already did). */
export function sendSentence(m: KafkaMessage, from: NodeId, to: NodeId, subject = Node(from)): string {
  const From = subject;
  const To = nodeName(to);
  switch (m.name) {
    case 'Produce': {
      const [first, ...more] = m.batches;
      const b = (first as PartitionBatch).batch;
      const details = [code(`acks=${m.acks === -1 ? 'all' : m.acks}`)];
      if (more.length === 0) {
        if (b.firstSequence >= 0)
          details.push(`producer id ${b.producerId}, epoch ${b.epoch}, sequence ${b.firstSequence}`);
        if (b.transactional) details.push('inside the transaction');
        return `${From} sends ${b.record.id} to ${To} in a ${code('Produce')} request (${details.join(', ')}).`;
      }
      if (b.firstSequence >= 0) details.push(`producer id ${b.producerId}, epoch ${b.epoch}`);
      if (b.transactional) details.push('inside the transaction');
      const each = m.batches.map(
        (x) =>
          `${x.batch.record.id} to ${x.partition}${x.batch.firstSequence >= 0 ? ` (sequence ${x.batch.firstSequence})` : ''}`,
      );
      return `${From} sends ${listOf(each)} to ${To}, which leads those partitions, in one ${code('Produce')} request (${details.join(', ')}).`;
    }
    case 'ProduceResponse': {
      const [first, ...more] = m.responses;
      if (more.length === 0) {
        const r = first as PartitionProduceResponse;
        if (r.error) return refused(From, 'Produce', r.error);
        return `${From} acknowledges the write at offset ${r.baseOffset}.`;
      }
      const each = m.responses.map((r) =>
        r.error ? `${code(r.error)} for ${r.partition}` : `offset ${r.baseOffset} of ${r.partition}`,
      );
      return `${From} answers the ${code('Produce')} partition by partition: ${listOf(each)}.`;
    }
    case 'Fetch':
      return m.replicaId
        ? `${From} fetches ${m.partition} from ${To}, starting at offset ${m.fetchOffset} (${code('Fetch')}).`
        : `${From} fetches ${m.partition} from ${To}, starting at offset ${m.fetchOffset} (${code('Fetch')}, ${code(m.isolation ?? 'read_uncommitted')}).`;
    case 'FetchResponse':
      if (m.error) return refused(From, 'Fetch', m.error);
      return `${From} answers the ${code('Fetch')} with ${count(m.entries.length, 'entry', 'entries')} (high watermark ${m.highWatermark}).`;
    case 'ListOffsets':
      return `${From} asks ${To} where ${m.partition} ends (${code('ListOffsets')}).`;
    case 'ListOffsetsResponse':
      if (m.error) return refused(From, 'ListOffsets', m.error);
      return `${From} answers ${code('ListOffsets')}: ${m.partition} ends at offset ${m.offset}.`;
    case 'InitProducerId':
      return m.transactionalId
        ? `${From} asks ${To} for a producer id and epoch for ${code(`transactional.id=${m.transactionalId}`)} (${code('InitProducerId')}).`
        : `${From} asks ${To} for a producer id (${code('InitProducerId')}).`;
    case 'InitProducerIdResponse':
      if (m.error) return refused(From, 'InitProducerId', m.error);
      return `${From} answers ${code('InitProducerId')}: producer id ${m.producerId}, epoch ${m.epoch}.`;
    case 'AddPartitionsToTxn':
      return `${From} asks ${To} to add ${listOf(m.partitions)} to its transaction (${code('AddPartitionsToTxn')}, epoch ${m.epoch}).`;
    case 'AddPartitionsToTxnResponse':
      if (m.error) return refused(From, 'AddPartitionsToTxn', m.error);
      return `${From} confirms that ${listOf(m.partitions)} ${m.partitions.length === 1 ? 'is' : 'are'} in the transaction.`;
    case 'AddOffsetsToTxn':
      return `${From} asks ${To} to add the offsets of group ${m.groupId} to its transaction (${code('AddOffsetsToTxn')}, epoch ${m.epoch}).`;
    case 'AddOffsetsToTxnResponse':
      if (m.error) return refused(From, 'AddOffsetsToTxn', m.error);
      return `${From} confirms ${code('AddOffsetsToTxn')}: the group's offsets are part of the transaction.`;
    case 'TxnOffsetCommit':
      return `${From} sends ${offsetsOf(m.offsets)} to ${To} (${code('TxnOffsetCommit')}): they stay pending until the transaction ends.`;
    case 'TxnOffsetCommitResponse':
      if (m.error) return refused(From, 'TxnOffsetCommit', m.error);
      return `${From} confirms ${code('TxnOffsetCommit')}: the offsets are pending.`;
    case 'EndTxn':
      return `${From} asks ${To} to ${m.commit ? 'commit' : 'abort'} the transaction (${code('EndTxn')}, epoch ${m.epoch}).`;
    case 'EndTxnResponse':
      if (m.error) return refused(From, 'EndTxn', m.error);
      return `${From} answers ${code('EndTxn')}: the ${m.commit ? 'commit' : 'abort'} is decided.`;
    case 'WriteTxnMarkers':
      return `${From} asks ${To} to write ${markerOf(m.commit)} marker into ${listOf(m.partitions)} (${code('WriteTxnMarkers')}).`;
    case 'WriteTxnMarkersResponse':
      if (m.error) return refused(From, 'WriteTxnMarkers', m.error);
      return m.partitions.length > 0
        ? `${From} confirms the marker in ${listOf(m.partitions)}.`
        : `${From} answers ${code('WriteTxnMarkers')} without writing a marker.`;
    case 'OffsetCommit':
      return `${From} asks ${To} to commit ${offsetsOf(m.offsets)} for group ${m.groupId} (${code('OffsetCommit')}).`;
    case 'OffsetCommitResponse':
      if (m.error) return refused(From, 'OffsetCommit', m.error);
      return `${From} confirms the commit of ${offsetsOf(m.offsets)}.`;
    case 'OffsetFetch':
      return `${From} asks ${To} for the committed offsets of group ${m.groupId} (${code('OffsetFetch')}${m.requireStable ? ', stable offsets only' : ''}).`;
    case 'OffsetFetchResponse': {
      if (m.error) return refused(From, 'OffsetFetch', m.error);
      const each = Object.entries(m.offsets).map(([p, o]) =>
        o === null ? `there is no committed offset for ${p} yet` : `the committed offset of ${p} is ${o}`,
      );
      return `${From} answers ${code('OffsetFetch')}: ${listOf(each)}.`;
    }
    case 'JoinGroup':
      return m.memberId === ''
        ? `${From} asks ${To} to join group ${m.groupId} (${code('JoinGroup')}, ${code(`session.timeout.ms=${m.sessionTimeoutMs}`)}).`
        : `${From} rejoins group ${m.groupId} as ${m.memberId} (${code('JoinGroup')}).`;
    case 'JoinGroupResponse':
      if (m.error) return refused(From, 'JoinGroup', m.error);
      return `${From} answers ${code('JoinGroup')}: member ${m.memberId}, generation ${m.generation}, leader ${m.leader}.`;
    case 'SyncGroup':
      return m.assignments
        ? `${From}, the leader, sends the assignment for generation ${m.generation} to ${To} (${code('SyncGroup')}).`
        : `${From} asks ${To} for its part of generation ${m.generation}'s assignment (${code('SyncGroup')}).`;
    case 'SyncGroupResponse':
      if (m.error) return refused(From, 'SyncGroup', m.error);
      return `${From} answers ${code('SyncGroup')}: ${m.assignment.length > 0 ? listOf(m.assignment) : 'no partition'}.`;
    case 'Heartbeat':
      return `${From}'s heartbeat thread sends ${code('Heartbeat')} for generation ${m.generation} to ${To}.`;
    case 'HeartbeatResponse':
      if (m.error) return refused(From, 'Heartbeat', m.error);
      return `${From} answers the ${code('Heartbeat')}: the member is still in the group.`;
    case 'LeaveGroup':
      return `${From} leaves group ${m.groupId} (${code('LeaveGroup')}, ${m.memberId}): ${m.reason}.`;
    case 'LeaveGroupResponse':
      if (m.error) return refused(From, 'LeaveGroup', m.error);
      return `${From} confirms the ${code('LeaveGroup')}.`;
  }
}

/** `m` from `from` arrived at `to`, which neither answered nor said anything about it. */
export function arrivalSentence(m: KafkaMessage, from: NodeId, to: NodeId): string {
  if (m.name === 'OffsetCommitResponse' && !m.error)
    return `${Node(to)} learns from ${nodeName(from)} that ${offsetsOf(m.offsets)} is committed.`;
  const error = 'error' in m && m.error ? ` with ${code(m.error)}` : '';
  return `${Node(to)} receives ${code(m.name)} from ${nodeName(from)}${error}.`;
}
