import { OPENING, doc, plainConsumer } from './opening.ts';
import type { ScenarioDocument } from './types.ts';

/**
 * The guided scenarios: the seeds' six flows, then what surrounds them. Scripted choices name messages
 * by their Kafka name ("lose:ProduceResponse" = the oldest one in flight); everything between them is the
 * natural happy path.
 */

export const CATALOG: ScenarioDocument[] = [
  doc({
    id: 'amo-producer-no-retry',
    title: 'At-most-once producer: the write fails, nobody retries',
    chapter: 'at-most-once',
    description: 'retries=0: a Produce request that never arrives is simply given up — m1 is lost.',
    pipeline: 'produce-consume',
    config: { producer: { acks: '1', retries: 0 }, consumer: plainConsumer },
    workload: { records: ['m1', 'm2'] },
    script: [
      {
        action: 'lose:Produce',
        tryThis: 'Lose the Produce request for m1 and press Next.',
        narration: 'The request carrying m1 is lost on its way to the leader.',
      },
    ],
    notes:
      'A lost request breaks its connection: the producer’s network client fails what was in flight on it (NETWORK_EXCEPTION). With retries=0 it is not sent again: the batch fails and only the send() callback (or its Future) hears about it. Ask who would notice m1 is missing. At-most-once suits data that tolerates gaps (metrics, logs).',
    climax: {
      at: 'lose:Produce',
      callout:
        'The connection broke before m1 was answered and retries=0: the producer gives m1 up. It never reached the log, so m1 is lost.',
    },
    expected: { risk: 'loss', verdicts: { m1: 'lost', m2: 'once' } },
  }),
  doc({
    id: 'amo-acks-0',
    title: 'acks=0: fire and forget',
    chapter: 'at-most-once',
    description: 'With acks=0 the producer never hears back; a lost request is lost silently.',
    pipeline: 'produce-consume',
    config: { producer: { acks: '0', retries: 0 }, consumer: plainConsumer },
    workload: { records: ['m1', 'm2'] },
    script: [
      { action: 'lose:Produce', tryThis: 'Lose the Produce request for m1: see that nobody notices.' },
    ],
    climax: {
      at: 'app:consumer:process#1',
      callout:
        "The consumer's first record is m2 at offset 0: m1 never reached the log, and with acks=0 nobody was told.",
    },
    expected: { risk: 'loss', verdicts: { m1: 'lost', m2: 'once' } },
  }),
  doc({
    id: 'amo-consumer-commit-first',
    title: 'At-most-once consumer: commit, then crash while processing',
    chapter: 'at-most-once',
    description: 'The consumer commits before processing; it crashes after m1, so m2 is never processed.',
    pipeline: 'produce-consume',
    config: { consumer: { ...plainConsumer, commit: 'before-processing' } },
    workload: { records: ['m1', 'm2'] },
    script: [
      {
        action: 'app:consumer:commitSync',
        tryThis: 'The consumer commits offset 2 before processing anything.',
      },
      { action: 'app:consumer:process' },
      { action: 'crash:consumer', tryThis: 'Crash the consumer before it processes m2.' },
    ],
    notes:
      "A commit stores the next offset to read, here 2 for m1 and m2. Committing before processing is what makes this at-most-once: after the crash the group resumes at the committed offset, past m2. Point at the group's pointer in the partition log.",
    climax: {
      at: 'restart:consumer',
      callout:
        'The consumer crashed after committing offset 2 but processing only m1: it resumes at offset 2, so m2 will never be processed.',
    },
    expected: { risk: 'loss', verdicts: { m1: 'once', m2: 'lost' } },
  }),
  OPENING,
  doc({
    id: 'alo-consumer-crash-before-commit',
    title: 'At-least-once consumer: crash before the commit',
    chapter: 'at-least-once',
    description: 'The consumer processes m1, crashes before commitSync(), restarts and processes m1 again.',
    pipeline: 'produce-consume',
    config: { consumer: plainConsumer },
    workload: { records: ['m1'] },
    script: [
      { action: 'app:consumer:process' },
      { action: 'crash:consumer', tryThis: 'Crash the consumer after processing, before it commits.' },
    ],
    notes:
      'm1 was processed but its offset was not committed. The restarted consumer starts from the group’s committed offset; there is none yet, so auto.offset.reset=earliest starts it at 0 and m1 is processed again (with the default, latest, it would skip m1 instead). The usual remedy is processing that can be repeated safely (deduplicate by key or offset).',
    climax: {
      at: 'app:consumer:process#2',
      callout:
        'The card is charged a second time for m1: the crash came before commitSync(), so the restarted consumer read m1 again.',
    },
    expected: { risk: 'duplicates', verdicts: { m1: 'duplicated' } },
  }),
  doc({
    id: 'eos-idempotent-retry',
    title: 'Exactly-once producer: the retry is recognised',
    chapter: 'exactly-once',
    description:
      'Idempotence: the retry carries the same sequence number, so the leader does not append it again.',
    pipeline: 'produce-consume',
    config: {
      producer: {
        acks: 'all',
        'enable.idempotence': true,
        retries: 5,
        'max.in.flight.requests.per.connection': 1,
      },
      consumer: plainConsumer,
    },
    workload: { records: ['m1'] },
    script: [
      { action: 'lose:ProduceResponse', tryThis: 'Lose the ack, exactly as in the at-least-once flow.' },
    ],
    notes:
      'enable.idempotence gives the producer an id and a sequence number per partition. The leader remembers the last five batches of each producer, so a retry of an appended batch is answered with its original offset instead of being appended.',
    climax: {
      at: 'deliver:Produce#2',
      callout:
        'Retry recognised: pid 1000, epoch 0, seq 0 is already at offset 0, so the leader appends nothing and answers with offset 0.',
    },
    expected: { risk: 'none', verdicts: { m1: 'once' } },
  }),
  doc({
    id: 'eos-processor-crash',
    title: 'Exactly-once consumer: crash inside the transaction',
    chapter: 'exactly-once',
    description:
      'The processor crashes before commitTransaction(): the transaction aborts and the restart re-reads from the committed offset.',
    pipeline: 'consume-transform-produce',
    config: {
      producer: { 'transactional.id': 'processor-1' },
      consumer: { ...plainConsumer, 'isolation.level': 'read_committed' },
      downstream: { 'isolation.level': 'read_committed' },
    },
    workload: { records: ['m1', 'm2'], effect: 'update inventory' },
    script: [
      { action: 'app:processor:sendOffsetsToTransaction' },
      { action: 'crash:processor', tryThis: 'Crash the processor before it commits the transaction.' },
    ],
    notes:
      'The output records and the input offsets (sendOffsetsToTransaction) are one transaction. The crash leaves it open; the coordinator aborts it when the restarted processor calls initTransactions() or when transaction.timeout.ms expires. A read_committed reader never sees the aborted output.',
    climax: {
      at: 'deliver:WriteTxnMarkers#1',
      callout:
        "ABORT marker at offset 2: read_committed readers skip m1' and m2' of the crashed transaction. The restarted processor will write them again.",
    },
    // Kafka holds each output once, but the inventory was updated before the crash and again after it.
    expected: {
      risk: 'duplicates',
      verdicts: { m1: 'once', m2: 'once' },
      effects: { m1: 2, m2: 2 },
    },
  }),
  doc({
    id: 'acks-1-failover-loss',
    title: 'acks=1: acknowledged, then lost in a failover',
    chapter: 'beyond',
    description: 'The leader acks m1 before any follower has it, then crashes; the new leader never had m1.',
    pipeline: 'produce-consume',
    config: { producer: { acks: '1', 'enable.idempotence': false }, consumer: plainConsumer },
    workload: { records: ['m1'] },
    script: [
      { action: 'deliver:Produce' },
      { action: 'crash:broker-1', tryThis: 'Crash the leader before the followers fetch m1.' },
    ],
    climax: {
      at: 'deliver:ProduceResponse#1',
      callout:
        'The producer is told m1 is at offset 0, but broker 2, the new leader, never copied it: an acknowledged record is lost.',
    },
    expected: { risk: 'loss', verdicts: { m1: 'lost' } },
  }),
  doc({
    id: 'idempotent-epoch-bump',
    title: 'An expired batch: the idempotent producer bumps its epoch (KIP-360)',
    chapter: 'beyond',
    description:
      'm1’s request is lost and its delivery.timeout.ms expires: the producer bumps its own epoch and numbers from 0 again, so the leader accepts what follows.',
    pipeline: 'produce-consume',
    config: { consumer: plainConsumer },
    workload: { records: ['m1', 'm2'] },
    script: [
      { action: 'lose:Produce', tryThis: 'Lose m1’s request.' },
      {
        action: 'timer:producer:deliveryTimeout:b1',
        tryThis: 'Let delivery.timeout.ms expire before any retry gets through.',
      },
    ],
    notes:
      'Before Kafka 2.5 the sequence number m1 had used was gone for good: every later batch was refused with OUT_OF_ORDER_SEQUENCE_NUMBER. KIP-360 lets the idempotent producer bump its own epoch; the leader takes sequence 0 from a new epoch of a producer it knows. The application, which wants at-least-once, sends m1 again.',
    climax: {
      at: 'deliver:Produce#1',
      callout:
        'm1 again, as producer 1000, epoch 1, sequence 0: a new epoch starts at 0, so the leader appends it at offset 0 instead of refusing a gap.',
    },
    expected: { risk: 'none', verdicts: { m1: 'once', m2: 'once' } },
  }),
  doc({
    id: 'below-min-isr-waits',
    title: 'Below min.insync.replicas: refused, or waiting, never acknowledged',
    chapter: 'beyond',
    description:
      'min.insync.replicas=2 and both followers crash after m1 is appended: m1 waits unacknowledged (Kafka 3.7+) until its request times out, and m2, read only then, is refused with NOT_ENOUGH_REPLICAS.',
    pipeline: 'produce-consume',
    config: { consumer: plainConsumer, broker: { 'min.insync.replicas': 2 } },
    workload: { records: ['m1', 'm2'] },
    script: [
      { action: 'deliver:Produce', tryThis: 'Let the leader append m1.' },
      { action: 'crash:broker-2' },
      { action: 'crash:broker-3', tryThis: 'Crash both followers before they copy m1.' },
      { action: 'app:producer:send' },
      {
        action: 'timer:broker-1:produceExpiry:orders-0:producer:1',
        tryThis:
          'm2 waits behind m1: the leader reads one request per connection at a time. Let the wait for m1 time out.',
      },
      { action: 'deliver:Produce', tryThis: 'Deliver m2 to the leader, which is alone in the ISR.' },
    ],
    notes:
      'acks=all means every replica in the current ISR; min.insync.replicas is what keeps that from meaning the leader alone. Since Kafka 3.7 (KAFKA-15583) the high watermark does not move while the ISR is below it, so m1, appended before the ISR shrank, is neither readable nor acknowledged, and its request ends REQUEST_TIMED_OUT. The leader reads the next request on a connection only once it has answered the one before, so m2 is read then, and refused before the append. Both complete once the followers are back.',
    climax: {
      at: 'deliver:Produce#2',
      callout:
        'm2 is refused with NOT_ENOUGH_REPLICAS before the append, while m1 sits above a high watermark of 0: one copy exists, so nothing is acknowledged.',
    },
    expected: { risk: 'none', verdicts: { m1: 'once', m2: 'once' } },
  }),
  doc({
    id: 'tv2-epoch-per-transaction',
    title: 'Transaction version 2: a new epoch at every commit',
    chapter: 'beyond',
    description:
      'Two transactions of one record each: with Kafka 4.0’s transaction version 2 each EndTxn bumps the producer’s epoch, so a late write of a finished transaction is refused.',
    pipeline: 'produce-consume',
    config: {
      producer: { 'transactional.id': 'orders-writer' },
      consumer: { ...plainConsumer, 'isolation.level': 'read_committed' },
    },
    workload: { records: ['m1', 'm2'], transactionSize: 1 },
    notes:
      'KIP-890 part 2 (transaction.version=2, enabled on new Kafka 4.0 clusters): the coordinator bumps the epoch at every EndTxn and writes the markers with the new epoch, which the answer hands to the producer. Anything still in flight from the finished transaction carries the old epoch and is refused (INVALID_PRODUCER_EPOCH) instead of hanging the last stable offset. Set transaction.version to 0 to compare with the classic protocol.',
    climax: {
      at: 'deliver:EndTxn#1',
      callout:
        'EndTxn from epoch 0 commits the first transaction and bumps the epoch to 1: the COMMIT marker is written with epoch 1, and m2’s transaction runs under it.',
    },
    expected: { risk: 'none', verdicts: { m1: 'once', m2: 'once' } },
  }),
  doc({
    id: 'reorder-without-idempotence',
    title: 'Retries reorder records (idempotence off, 5 in flight)',
    chapter: 'beyond',
    description:
      'm1 and m2 are in flight together; the leader answers m1 with a retriable error and appends m2, and m1’s retry lands after m2: the partition is out of order.',
    pipeline: 'produce-consume',
    config: {
      producer: { 'enable.idempotence': false, 'max.in.flight.requests.per.connection': 5 },
      consumer: plainConsumer,
    },
    workload: { records: ['m1', 'm2'] },
    script: [
      { action: 'app:producer:send' },
      {
        action: 'app:producer:send',
        tryThis: 'Send m2 while m1 is still on its way: two requests in flight on one connection.',
      },
      {
        action: 'error:Produce#1:NOT_LEADER_OR_FOLLOWER',
        tryThis: 'Let the leader answer m1 with a retriable error: m2, right behind it, is appended first.',
      },
    ],
    notes:
      'One connection keeps its order: the leader reads m1, answers it, then reads m2. Reordering comes from the retry: m1 failed with a retriable error (NOT_LEADER_OR_FOLLOWER, as while leadership moves) and goes again after retry.backoff.ms, behind m2, which was already in flight. max.in.flight.requests.per.connection=1, or idempotence, keeps the order.',
    climax: {
      at: 'deliver:Produce#2',
      callout:
        "The retried m1 lands at offset 1, behind m2 at offset 0: the log's order is m2, m1, not the order they were sent in.",
    },
    expected: { risk: 'none', verdicts: { m1: 'once', m2: 'once' } },
  }),
  doc({
    id: 'order-kept-with-idempotence',
    title: 'Idempotence keeps the order',
    chapter: 'beyond',
    description:
      'The same retriable error with idempotence on: once m1 has made the producer known to the leader, it rejects m3 as out of sequence until m2’s retry lands.',
    pipeline: 'produce-consume',
    config: { producer: { 'max.in.flight.requests.per.connection': 5 }, consumer: plainConsumer },
    workload: { records: ['m1', 'm2', 'm3'] },
    script: [
      { action: 'app:producer:send' },
      { action: 'app:producer:send' },
      {
        action: 'app:producer:send',
        tryThis: 'Send m2 and m3 while m1 is on its way: three requests in flight on one connection.',
      },
      {
        action: 'error:Produce#2:NOT_LEADER_OR_FOLLOWER',
        tryThis: 'Let the leader answer m2 with a retriable error and watch it refuse m3.',
      },
    ],
    notes:
      'A leader that has no state for a producer accepts any first sequence number (ProducerAppendInfo.checkSequence); only once m1 has landed does it know the producer, and so see the gap m2 leaves.',
    climax: {
      at: 'deliver:Produce#2',
      callout:
        'm3 (seq 2) arrives while m2 (seq 1) is missing: the leader refuses it with OUT_OF_ORDER_SEQUENCE_NUMBER and the producer queues it behind m2, so the order will hold.',
    },
    expected: { risk: 'none', verdicts: { m1: 'once', m2: 'once', m3: 'once' } },
  }),
  doc({
    id: 'abort-visible-to-read-uncommitted',
    title: 'An aborted transaction, seen by read_uncommitted',
    chapter: 'beyond',
    description:
      'The producer aborts its first attempt; a read_uncommitted consumer (the default) still reads it.',
    pipeline: 'produce-consume',
    config: { producer: { 'transactional.id': 'orders-writer' }, consumer: plainConsumer },
    workload: { records: ['m1'] },
    script: [
      { action: 'deliver:ProduceResponse' },
      { action: 'app:producer:abortTransaction', tryThis: 'Abort the transaction instead of committing it.' },
    ],
    climax: {
      at: 'app:consumer:process#1',
      callout:
        'A read_uncommitted consumer processes m1 from offset 0, a record of the aborted transaction: abort does not delete, only read_committed readers skip it.',
    },
    expected: { risk: 'duplicates', verdicts: { m1: 'duplicated' } },
  }),
  doc({
    id: 'zombie-fenced',
    title: 'A zombie producer is fenced',
    chapter: 'beyond',
    description:
      'A second instance with the same transactional.id starts: the first is fenced and its transaction aborted.',
    pipeline: 'produce-consume',
    config: {
      producer: { 'transactional.id': 'orders-writer' },
      consumer: { ...plainConsumer, 'isolation.level': 'read_committed' },
    },
    workload: { records: ['m1'], secondInstance: true },
    script: [
      { action: 'deliver:AddPartitionsToTxnResponse' },
      {
        action: 'app:producer-2:initTransactions',
        tryThis: 'Start a second instance while the first is mid-transaction.',
      },
    ],
    notes:
      "Both instances share one transactional.id. The second initTransactions() bumps the producer epoch: the coordinator aborts the first instance's open transaction; from then on the coordinators answer the zombie PRODUCER_FENCED and the partition leader rejects its writes with INVALID_PRODUCER_EPOCH, so it can only close.",
    climax: {
      at: 'deliver:EndTxn#1',
      callout:
        "The zombie's commit is refused with PRODUCER_FENCED: a newer instance owns orders-writer, and the zombie's m1 was aborted.",
    },
    expected: { risk: 'none', verdicts: { m1: 'once' } },
  }),
  doc({
    id: 'lso-plain-record-behind-open-transaction',
    title: 'A non-transactional record stuck behind an open transaction',
    chapter: 'beyond',
    description:
      'A plain producer writes a1 after an open transaction on the same partition: read_committed readers see nothing past the transaction, not even a1, until it ends.',
    pipeline: 'produce-consume',
    // One broker: the lesson is about the last stable offset, and no replication chatter hides it.
    config: {
      broker: { 'replication.factor': 1 },
      consumer: { ...plainConsumer, 'isolation.level': 'read_committed' },
    },
    topics: [{ name: 'orders' }],
    producers: [
      {
        id: 'payments',
        label: 'Payments (transactional)',
        config: { 'transactional.id': 'payments-writer' },
        workload: { records: ['p1'] },
      },
      { id: 'audit', label: 'Audit (plain)', workload: { records: ['a1'] } },
    ],
    workload: { effect: 'update balance' },
    script: [
      {
        action: 'deliver:ProduceResponse',
        narration: 'p1 is in the log at offset 0, inside the open transaction of payments-writer.',
      },
      {
        action: 'crash:payments',
        tryThis: 'Crash the transactional producer before it commits: its transaction stays open.',
        narration:
          'The payments producer crashes before `commitTransaction()`. Nobody ends its transaction: only the coordinator can, once `transaction.timeout.ms` has passed.',
      },
      {
        action: 'app:audit:send',
        tryThis: 'A plain producer writes a1 to the same partition, after p1.',
      },
      {
        action: 'deliver:ProduceResponse',
        narration:
          'a1 is acknowledged at offset 1: the high watermark is 2. It was never part of a transaction.',
      },
      {
        action: 'app:consumer:poll',
        tryThis: 'Let the read_committed consumer poll.',
      },
      {
        action: 'deliver:FetchResponse#1',
        narration:
          'The leader gives the read_committed consumer nothing: its last stable offset is 0, where the open transaction begins.',
      },
      {
        action: 'timer:txn-coordinator:transactionTimeout',
        tryThis: 'Let 60 seconds pass: the coordinator aborts the abandoned transaction.',
      },
    ],
    notes:
      'The last stable offset is the first offset of the earliest open transaction (ProducerStateManager.firstUnstableOffset), capped by the high watermark. A read_committed fetch returns only what lies below it, so a1, committed the moment it was acknowledged, waits behind p1 at offset 0 — for transaction.timeout.ms (60 s by default) when the transactional producer is gone. A read_uncommitted reader reads p1 and a1 at once. Ask what a slow or crashed transactional producer does to every read_committed reader of its partitions, and why the timeout should be short.',
    climax: {
      at: 'deliver:FetchResponse#1',
      callout:
        'The high watermark is 2, but the last stable offset is 0: p1’s transaction is still open, so the read_committed consumer gets nothing — not even a1, which was never transactional.',
    },
    expected: { risk: 'none', verdicts: { p1: 'once', a1: 'once' } },
  }),
  doc({
    id: 'eos-external-effect',
    title: 'Exactly-once stops at Kafka’s edge',
    chapter: 'beyond',
    description:
      'The output appears once, yet the card is charged twice: the sink is outside the transaction.',
    pipeline: 'consume-transform-produce',
    config: {
      producer: { 'transactional.id': 'payments-1' },
      consumer: { ...plainConsumer, 'isolation.level': 'read_committed' },
      downstream: { 'isolation.level': 'read_committed' },
    },
    workload: { records: ['m1'], effect: 'charge card' },
    script: [
      { action: 'app:processor:process' },
      { action: 'crash:processor', tryThis: 'Crash the processor right after it charged the card.' },
    ],
    notes:
      'Exactly-once covers the records written to Kafka and the consumed offsets, not calls to the outside world: the card was charged before the crash and again after the restart. Remedies: an idempotency key on the external call, or writing the request to Kafka for an idempotent service.',
    climax: {
      at: 'app:processor:process#2',
      callout:
        "The card is charged a second time for m1: the crash aborted the transaction's output, not the charge made outside Kafka.",
    },
    // The risk is the card's: charged twice, although Kafka holds the output once.
    expected: { risk: 'duplicates', verdicts: { m1: 'once' }, effects: { m1: 2 } },
  }),
  doc({
    id: 'amo-auto-commit-worker-thread',
    title: 'Auto-commit with a worker thread loses records',
    chapter: 'at-most-once',
    description:
      'poll() hands m1–m4 to a slow worker thread; the next poll() auto-commits offset 4, the process crashes, and m2–m4 are never processed.',
    pipeline: 'produce-consume',
    config: {
      producer: { acks: 'all', 'enable.idempotence': false },
      consumer: {
        'enable.auto.commit': true,
        'auto.commit.interval.ms': 1000,
        'auto.offset.reset': 'earliest',
        processing: 'worker-thread',
        processingMs: 800,
      },
    },
    workload: { records: ['m1', 'm2', 'm3', 'm4'] },
    script: [
      {
        action: 'app:consumer:submit',
        tryThis: 'The poll loop hands m1–m4 to its worker thread and goes straight back to poll().',
        narration:
          'The poll loop does not process anything itself: it hands the four records to a worker thread, which takes 800 ms for each, and returns to poll() at once.',
      },
      {
        action: 'deliver:OffsetCommit',
        narration:
          'The group coordinator stores offset 4 for the group: as far as Kafka knows, m1 to m4 are done.',
      },
      {
        action: 'crash:consumer',
        tryThis: 'Crash the consumer process now, while the worker is still on m2.',
        narration:
          'The safe loop keeps the commit behind the worker: enable.auto.commit=false, commitSync() with only the offsets the worker has finished, and pause() on the partitions while it is busy (resume() when it is done), so that poll() keeps the consumer in its group without fetching more.',
      },
    ],
    notes:
      'enable.auto.commit is safe only when every record a poll returned is processed before the next poll: the commit inside poll() covers what earlier polls returned. Hand the records to another thread and the commit runs ahead of the processing. Ask what the committed offset 4 promises, and who made that promise. The fix: keep the commit behind the worker — turn auto-commit off and commit only the offsets the worker has finished (commitSync with those offsets, from the poll thread), pausing the partitions with pause() while the worker is busy so that poll() keeps the group membership alive without fetching more.',
    climax: {
      at: 'app:consumer:poll#2',
      callout:
        'poll() commits offset 4 while the worker thread has finished only m1: the commit covers m2, m3 and m4 although nobody has processed them.',
    },
    expected: {
      risk: 'loss',
      verdicts: { m1: 'once', m2: 'once', m3: 'once', m4: 'once' },
      effects: { m1: 1, m2: 0, m3: 0, m4: 0 },
    },
  }),
  doc({
    id: 'eos-transaction-two-partitions',
    title: 'A transaction across two partitions',
    chapter: 'exactly-once',
    description:
      'One transaction writes m1 to orders-0 and m2 to orders-1, on different leaders: the commit is atomic, but each partition shows it when its own COMMIT marker lands.',
    pipeline: 'produce-consume',
    // Two brokers: each partition has its own leader (orders-0 on broker 1, orders-1 on broker 2).
    config: {
      broker: { 'replication.factor': 2 },
      producer: { 'transactional.id': 'shop-orders' },
      consumer: { ...plainConsumer, 'isolation.level': 'read_committed' },
    },
    topics: [{ name: 'orders', partitions: 2 }],
    producers: [
      {
        id: 'shop',
        label: 'Shop (transactional)',
        // murmur2 places key order-1 on partition 0 and order-2 on partition 1.
        workload: {
          records: [
            { id: 'm1', key: 'order-1' },
            { id: 'm2', key: 'order-2' },
          ],
        },
      },
    ],
    workload: { effect: 'ship order' },
    script: [
      {
        action: 'lose:WriteTxnMarkers#1',
        tryThis: 'The transaction is committed: lose the COMMIT marker on its way to orders-0’s leader.',
        narration:
          'The coordinator has logged `PrepareCommit`: the transaction is committed, whatever happens now. Its `COMMIT` marker for orders-0 is lost; its network client sends it again on a new connection.',
      },
      {
        action: 'hold:WriteTxnMarkers#3',
        tryThis: 'Hold the re-sent marker back a little: orders-1’s marker lands first.',
      },
    ],
    notes:
      'The coordinator decides a transaction once, when it logs PrepareCommit; the markers then carry that decision to every partition, each on its own leader and its own time. Until a partition has its marker (replicated below the high watermark) its last stable offset stays at the transaction’s first record, so its read_committed readers wait — they never see an ABORT where another partition saw COMMIT, and no marker is ever skipped: the coordinator re-sends until every partition has it (CompleteCommit). Kafka orders records per partition only: m2 may be read before m1.',
    climax: {
      at: 'app:consumer-p1:process',
      callout:
        'm2 is shipped: orders-1 has its COMMIT marker (offset 1, last stable offset 2). m1, committed in the same transaction, still waits: orders-0’s marker was lost and its re-send has not landed, so its last stable offset is 0.',
    },
    expected: { risk: 'none', verdicts: { m1: 'once', m2: 'once' } },
  }),
  doc({
    id: 'order-per-partition-not-across',
    title: 'Order kept per partition, not across partitions',
    chapter: 'beyond',
    description:
      'm1 and m3 (key order-1) go to orders-0, m2 (key order-2) to orders-1: m2 is shipped before m1 is even written, yet each partition keeps the order it was sent in.',
    pipeline: 'produce-consume',
    // Two brokers: each partition has its own leader, so the two Produce requests travel independently.
    config: { broker: { 'replication.factor': 2 }, consumer: plainConsumer },
    topics: [{ name: 'orders', partitions: 2 }],
    producers: [
      {
        id: 'shop',
        label: 'Shop',
        workload: {
          records: [
            { id: 'm1', key: 'order-1' },
            { id: 'm2', key: 'order-2' },
            { id: 'm3', key: 'order-1' },
          ],
        },
      },
    ],
    workload: { effect: 'ship order' },
    script: [
      { action: 'app:shop:send', tryThis: 'Send m1 and m2 at once: two partitions, two leaders.' },
      { action: 'app:shop:send' },
      {
        action: 'hold:Produce#1',
        tryThis:
          'Hold back the Produce carrying m1 to orders-0’s leader: m2’s, on another connection, overtakes it.',
      },
    ],
    notes:
      'Kafka orders records within a partition only: a key always lands on the same partition (murmur2 of its bytes), so records of one key keep their order, while records of different keys, on different partitions, are read in whatever order their partitions are read. Ask what must share a key when order matters (an order’s events, an account’s payments).',
    climax: {
      at: 'app:consumer-p1:process',
      callout:
        'm2 is shipped from orders-1 while m1, sent before it, is not even in orders-0’s log: Kafka keeps order within a partition (m1 then m3, both key order-1), never across partitions.',
    },
    expected: { risk: 'none', verdicts: { m1: 'once', m2: 'once', m3: 'once' } },
  }),
  doc({
    id: 'rebalance-after-max-poll-interval',
    title: 'The rebalance after max.poll.interval.ms',
    chapter: 'at-least-once',
    description:
      'Consumer A processes m1–m3 too slowly: it leaves the group, B takes the partition and processes them again, and A’s late commitSync() throws CommitFailedException.',
    pipeline: 'produce-consume',
    workload: { records: ['m1', 'm2', 'm3'], effect: 'charge card' },
    // A plain producer: the lesson is the consumer side's, and its three sends need no producer id.
    config: { producer: { 'enable.idempotence': false }, consumer: plainConsumer },
    groups: [
      {
        id: 'billing',
        members: [
          { id: 'consumer-a', label: 'Consumer A', processingMs: 120000 },
          { id: 'consumer-b', label: 'Consumer B' },
        ],
      },
    ],
    script: [
      {
        action: 'app:consumer-a:process',
        narration: 'Consumer A starts on m1: the payment call takes 120 s.',
      },
      { action: 'app:consumer-a:process' },
      { action: 'app:consumer-a:process' },
      {
        action: 'timer:consumer-a:maxPollInterval',
        tryThis:
          'Consumer A is still processing m3 when max.poll.interval.ms (300 s) runs out since its last poll(). Let the timeout fire.',
      },
    ],
    notes:
      'Both consumers use the classic group protocol (group.protocol=classic, still the default in Kafka 4.x; group.protocol=consumer selects KIP-848’s). A owns the only partition. Each record takes A 120 s (a slow payment call), so three records take 360 s, and max.poll.interval.ms is 300 s: A’s heartbeat thread leaves the group while A is still processing m3. B rejoins, gets the partition in the next generation, finds no committed offset and reads from offset 0: m1–m3 are charged a second time. A’s commitSync() comes too late and throws CommitFailedException. Remedies: shorter processing per poll (max.poll.records), a longer max.poll.interval.ms, or processing that can be repeated safely.',
    climax: {
      at: 'app:consumer-b:process',
      callout:
        'Consumer B charges m1 a second time: A left the group at 303 s (max.poll.interval.ms=300000) before committing, so B, owner of orders-0 in generation 2, starts from offset 0.',
    },
    expected: {
      risk: 'duplicates',
      verdicts: { m1: 'duplicated', m2: 'duplicated', m3: 'duplicated' },
      effects: { m1: 2, m2: 2, m3: 2 },
    },
  }),
  doc({
    id: 'eos-partition-moves-between-instances',
    title: 'Exactly-once: the partition moves to another instance',
    chapter: 'exactly-once',
    description:
      'Processor 1 stalls mid-transaction past max.poll.interval.ms: processor 2 takes input-0 and processes m1 again, and processor 1’s late offsets are fenced by its group metadata, so it aborts.',
    pipeline: 'consume-transform-produce',
    config: {
      producer: { 'transactional.id': 'processor-1' },
      consumer: { ...plainConsumer, 'isolation.level': 'read_committed' },
      downstream: { 'isolation.level': 'read_committed' },
    },
    workload: { records: ['m1'], effect: 'update inventory' },
    groups: [
      {
        id: 'enricher',
        members: [
          { id: 'processor-1', label: 'Processor 1', config: { 'max.poll.interval.ms': 20000 } },
          { id: 'processor-2', label: 'Processor 2', config: { 'max.poll.interval.ms': 20000 } },
        ],
      },
    ],
    script: [
      { action: 'app:processor-1:process' },
      {
        action: 'timer:processor-1:maxPollInterval',
        tryThis:
          "Processor 1 has sent m1' inside its transaction and then stalls (a long GC pause) for max.poll.interval.ms (20 s). Let the timeout fire.",
      },
    ],
    notes:
      "Two instances of one consume–transform–produce application share consumer group enricher (classic protocol), each with its own transactional.id (processor-1, processor-2) and its own transaction coordinator. Processor 1 owns input-0 and sends m1' in a transaction; then it stalls for max.poll.interval.ms, so its heartbeat thread leaves the group. Processor 2 gets input-0 in generation 2. Processor 1 wakes and calls sendOffsetsToTransaction(offsets, consumer.groupMetadata()): the metadata still says member processor-1-1 of generation 1 (KIP-447), which is no longer in the group, so the TxnOffsetCommit is refused with UNKNOWN_MEMBER_ID (ILLEGAL_GENERATION for a member of an older generation), the producer is in an abortable error (CommitFailedException) and processor 1 aborts. Processor 2 finds no committed offset, processes m1 again and commits. Its m1' stays in output-0 as an aborted record: read_uncommitted readers see it, read_committed ones do not. The inventory was updated twice: effects outside Kafka are not covered. Without group metadata (the removed sendOffsetsToTransaction(offsets, groupId)) the zombie could only be fenced by a shared transactional.id.",
    climax: {
      at: 'deliver:TxnOffsetCommit#1',
      callout:
        "Processor 1’s late TxnOffsetCommit carries member processor-1-1, generation 1, but the group is at generation 2 without it: UNKNOWN_MEMBER_ID, nothing becomes pending, and processor 1 must abort its m1'.",
    },
    expected: {
      risk: 'duplicates',
      verdicts: { m1: 'once' },
      effects: { m1: 2 },
    },
  }),
];
