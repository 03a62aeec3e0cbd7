import type { AnyMachineSnapshot } from 'xstate';
import type { NodeId, PartitionId, RecordId } from '../kafka/protocol.ts';
import type { Placement } from '../machines/producer/partitioner.ts';
import { holdsBatch, type ConsumerContext } from '../machines/consumer.ts';
import {
  currentPosition,
  hasUncommitted,
  ownedPartitions,
  positionOf,
} from '../machines/consumerPositions.ts';
import { mustAbort, type ProducerContext } from '../machines/producer/producer.ts';
import { lastStableOffset, type Replica } from '../machines/broker/replica.ts';
import type { BrokerContext } from '../machines/broker/broker.ts';
import type { GroupCoordinatorContext } from '../machines/groupCoordinator.ts';
import { NODE } from '../scenarios/nodeIds.ts';
import {
  appKey,
  building,
  dispatch,
  isDown,
  nextPending,
  partOf,
  stateName,
  type StepDraft,
  type World,
} from './world.ts';
import { code, Node } from '../narration/words.ts';

/**
 * The application code around the clients — the seeds' producer and the poll loop — as the calls it may
 * make now. Whether a call is legal is the client machine's to say (`snapshot.can`); which call comes next
 * on the happy path is the application's.
 */

export interface AppCall {
  id: string; // "app:consumer:poll"
  node: NodeId;
  /** The call's name, as in its id ("poll"): the trace's event names it. */
  name: string;
  label: string;
  /** The narration's opening sentence, when the client's own narration does not say what was called. */
  says?: string;
  natural: boolean;
  run: (world: World, draft: StepDraft) => World;
}

/**
 * What each snapshot answered to `can`, as question, answer, question, answer… Snapshots never change,
 * and most steps change one machine: the calls are listed on every step, so a client that did not move
 * is not asked again. A snapshot is asked a few questions at most: a list is cheaper to make than a map.
 */
const answers = new WeakMap<AnyMachineSnapshot, (string | boolean)[]>();

/** Whether snapshot `s` accepts event `type` (with `args`): the event is built only when the answer is not known yet. */
function can(s: AnyMachineSnapshot | undefined, type: string, args?: Record<string, unknown>): boolean {
  if (!s) return false;
  let known = answers.get(s);
  if (!known) answers.set(s, (known = []));
  const key = args === undefined ? type : `${type} ${JSON.stringify(args)}`;
  for (let i = 0; i < known.length; i += 2) if (known[i] === key) return known[i + 1] as boolean;
  const answer = s.can({ type, ...args, now: 0 } as never);
  known.push(key, answer);
  return answer;
}
const ctxOf = <C>(s: AnyMachineSnapshot | undefined) => s?.context as C | undefined;
const isIn = (s: AnyMachineSnapshot | undefined, state: string) =>
  s ? stateName(s).startsWith(state) : false;

function call(
  node: NodeId,
  name: string,
  label: string,
  says: string | undefined,
  natural: boolean,
  run: AppCall['run'],
): AppCall {
  return { id: `app:${node}:${name}`, node, name, label, ...(says ? { says } : {}), natural, run };
}

/** "The producer calls `send(m1)`." */
const calling = (node: NodeId, api: string) => `${Node(node)} calls ${code(api)}.`;

/** Where the record goes, in the narration of its send() on a topic with several partitions. */
function placementWords(p: Placement & { id: PartitionId }): string {
  if (p.by === 'key')
    return `the default partitioner hashes key ${p.key} with murmur2 to partition ${p.partition} (${p.id}).`;
  if (p.by === 'pinned') return `the application names partition ${p.partition} (${p.id}).`;
  return `no key, so the sticky partition, ${p.id}: a batch's worth goes to one partition, then the next (here a batch is one record, and the next partition is taken in turn, not at random).`;
}

/** `send(m1)` and, on a topic with several partitions, where m1 goes. */
function sendCall(world: World, node: NodeId, record: RecordId): AppCall {
  const placed = world.topology.applicationOf[node]?.placement?.[record];
  const says = placed
    ? `${Node(node)} calls ${code(`send(${record})`)}: ${placementWords(placed)}`
    : calling(node, `send(${record})`);
  return call(node, 'send', `${node}: producer.send(${record})`, says, true, (w, d) =>
    sendRecord(w, node, record, undefined, d, placed?.id),
  );
}

function sendRecord(
  world: World,
  node: NodeId,
  record: RecordId,
  source: RecordId | undefined,
  draft: StepDraft,
  partition?: PartitionId,
): World {
  const key = appKey(world, node);
  const app = world.apps[key];
  let w = world;
  if (app) {
    w = building(world, draft);
    w.apps = { ...w.apps, [key]: { ...app, outstanding: [...app.outstanding, source ?? record] } };
  }
  return dispatch(
    w,
    node,
    'producer',
    {
      type: 'producer.send',
      record: source ? { id: record, source } : { id: record },
      ...(partition ? { partition } : {}),
    },
    draft,
  );
}

const producerCall = (
  node: NodeId,
  type: string,
  draft: StepDraft,
  world: World,
  extra: Record<string, unknown> = {},
) => dispatch(world, node, 'producer', { type, ...extra }, draft);

/** Calls of the transactional API shared by the plain transactional producer and the processor. */
/**
 * A natural call of the producer's API that takes no argument (`beginTransaction()`,
 * `commitTransaction()`): the producer and the processor make it the same way.
 */
const producerApiCall = (node: NodeId, api: 'beginTransaction' | 'commitTransaction'): AppCall =>
  call(node, api, `${node}: producer.${api}()`, calling(node, `${api}()`), true, (w, d) =>
    producerCall(node, `producer.${api}`, d, w),
  );

function transactionCalls(node: NodeId, p: AnyMachineSnapshot, natural: { init: boolean }): AppCall[] {
  const calls: AppCall[] = [];
  if (can(p, 'producer.initTransactions')) {
    calls.push(
      call(
        node,
        'initTransactions',
        `${node}: producer.initTransactions()`,
        calling(node, 'initTransactions()'),
        natural.init,
        (w, d) => producerCall(node, 'producer.initTransactions', d, w),
      ),
    );
  }
  if (isIn(p, 'ready.inTransaction') && can(p, 'producer.abortTransaction')) {
    calls.push(
      call(
        node,
        'abortTransaction',
        `${node}: producer.abortTransaction()`,
        calling(node, 'abortTransaction()'),
        mustAbort(p),
        (w, d) => producerCall(node, 'producer.abortTransaction', d, w),
      ),
    );
  }
  if (can(p, 'producer.close')) {
    calls.push(
      call(node, 'close', `${node}: producer.close()`, calling(node, 'close()'), true, (w, d) => {
        const key = appKey(w, node);
        const app = w.apps[key];
        const next = app ? { ...w, apps: { ...w.apps, [key]: { ...app, outstanding: [] } } } : w;
        return producerCall(node, 'producer.close', d, next);
      }),
    );
  }
  return calls;
}

function producerAppCalls(world: World, node: NodeId): AppCall[] {
  const p = partOf(world, node, 'producer');
  if (!p || isDown(world, node)) return [];
  const ctx = ctxOf<ProducerContext>(p) as ProducerContext;
  const next = nextPending(world, node);
  if (ctx.config.transactionalId === null) {
    return next !== undefined && can(p, 'producer.send', { record: { id: next } })
      ? [sendCall(world, node, next)]
      : [];
  }
  const app = world.topology.applicationOf[node];
  // Only the application's first instance starts on its own; a second one is the learner's to start.
  const calls = transactionCalls(node, p, { init: app?.instances[0] === node });
  const size = app?.transactionSize ?? app?.records.length ?? 0;
  const inTxn = world.apps[appKey(world, node)]?.outstanding.length ?? 0;
  if (next !== undefined && can(p, 'producer.beginTransaction')) {
    calls.push(producerApiCall(node, 'beginTransaction'));
  }
  if (
    next !== undefined &&
    isIn(p, 'ready.inTransaction') &&
    inTxn < size &&
    can(p, 'producer.send', { record: { id: next } })
  ) {
    calls.push(sendCall(world, node, next));
  }
  if (inTxn > 0 && (inTxn >= size || next === undefined) && can(p, 'producer.commitTransaction')) {
    calls.push(producerApiCall(node, 'commitTransaction'));
  }
  return calls;
}

/** The processor's `process(r)`: it turns input r into r' and sends it (in a transaction or not). */
const processAndSend = (node: NodeId, input: RecordId): AppCall =>
  call(
    node,
    'process',
    `${node}: process(${input}) and producer.send(${input}')`,
    `${Node(node)} turns ${input} into ${input}' and calls ${code(`send(${input}')`)}.`,
    true,
    (w, d) =>
      sendRecord(dispatch(w, node, 'consumer', { type: 'consumer.process' }, d), node, `${input}'`, input, d),
  );

/** Where this consumer's reads of partition p end now (its isolation level's), or null while p has no live leader. */
function readableEnd(world: World, c: ConsumerContext, p: PartitionId): number | null {
  const leader = world.leaders[p]?.leader;
  const r = leader
    ? (ctxOf<BrokerContext>(partOf(world, leader, 'broker'))?.replicas[p] as Replica | undefined)
    : undefined;
  if (!r || isDown(world, leader as NodeId)) return null;
  return c.config.isolationLevel === 'read_committed' ? lastStableOffset(r) : r.highWatermark;
}

/** Is there anything for this consumer to read in partition p (so that polling is the natural next step)? */
function hasDataIn(world: World, c: ConsumerContext, p: PartitionId): boolean {
  const position = positionOf(c, p);
  const end = readableEnd(world, c, p);
  return position !== null && end !== null && position < end;
}

/** The partitions it reads that have records for it: a member's poll() returns one of them. */
const partitionsWithData = (world: World, c: ConsumerContext) =>
  ownedPartitions(c).filter((p) => hasDataIn(world, c, p));

/** A consumer API call without arguments, e.g. `consumer.commitSync()`. */
const consumerCall = (node: NodeId, name: string) => (w: World, d: StepDraft) =>
  dispatch(w, node, 'consumer', { type: `consumer.${name}` }, d);

function consumerAppCalls(world: World, node: NodeId): AppCall[] {
  const s = partOf(world, node, 'consumer');
  if (!s || isDown(world, node)) return [];
  const c = ctxOf<ConsumerContext>(s) as ConsumerContext;
  const calls: AppCall[] = [];
  const processor = c.role === 'processor';
  const p = processor ? partOf(world, node, 'producer') : undefined;
  // A processor without a transactional.id: a poll loop whose processing also sends (see plainProcessorCalls).
  const plainProducer = processor ? undefined : partOf(world, node, 'producer');
  if (can(s, 'consumer.poll') && (!processor || isIn(p, 'ready.idle'))) {
    // Looked up only when poll() is on offer: it asks every owned partition's leader for its end.
    const withData = partitionsWithData(world, c);
    const due = c.config.autoCommit && c.autoCommitDue && hasUncommitted(c, c.lastCommitted);
    calls.push(
      call(
        node,
        'poll',
        `${node}: consumer.poll()`,
        calling(node, 'poll()'),
        withData.length > 0 || due,
        (w, d) => dispatch(w, node, 'consumer', { type: 'consumer.poll', withData }, d),
      ),
    );
  }
  if (plainProducer) return [...calls, ...plainProcessorCalls(world, node, s, c)];
  if (!processor) {
    if (can(s, 'consumer.process')) {
      const r = c.returned[c.processed]?.record?.id;
      calls.push(
        call(node, 'process', `${node}: process(${r})`, undefined, true, consumerCall(node, 'process')),
      );
    }
    if (can(s, 'consumer.handOff')) {
      const ids = c.returned.slice(c.processed).map((e) => e.record?.id ?? `offset ${e.offset}`);
      calls.push(
        call(
          node,
          'submit',
          `${node}: executor.submit(${ids.join(', ')})`,
          undefined,
          true,
          consumerCall(node, 'handOff'),
        ),
      );
    }
    if (can(s, 'consumer.commitSync'))
      calls.push(
        call(
          node,
          'commitSync',
          `${node}: consumer.commitSync()`,
          undefined,
          true,
          consumerCall(node, 'commitSync'),
        ),
      );
    return calls;
  }
  // The processor: poll, then one transaction per batch: process + send output, sendOffsetsToTransaction, commit.
  if (!p) return calls;
  const pc = ctxOf<ProducerContext>(p) as ProducerContext;
  calls.push(...transactionCalls(node, p, { init: true }));
  const unprocessed = holdsBatch(s) && c.processed < c.returned.length;
  if (unprocessed && c.processed === 0 && can(p, 'producer.beginTransaction')) {
    calls.push(producerApiCall(node, 'beginTransaction'));
  }
  if (unprocessed && isIn(p, 'ready.inTransaction') && can(s, 'consumer.process') && !mustAbort(p)) {
    calls.push(processAndSend(node, c.returned[c.processed]?.record?.id as RecordId));
  }
  const allDone = holdsBatch(s) && c.processed >= c.returned.length && c.returned.length > 0;
  if (
    allDone &&
    pc.offsets === null &&
    can(p, 'producer.sendOffsetsToTransaction', { groupId: c.config.groupId, offsets: {} })
  ) {
    const position = currentPosition(c);
    const offsets = { [c.partition]: position ?? 0 };
    calls.push(
      call(
        node,
        'sendOffsetsToTransaction',
        `${node}: producer.sendOffsetsToTransaction(${c.partition}=${position})`,
        `${Node(node)} calls ${code('sendOffsetsToTransaction()')} with offset ${position} of ${c.partition}.`,
        true,
        (w, d) =>
          producerCall(node, 'producer.sendOffsetsToTransaction', d, w, {
            groupId: c.config.groupId,
            offsets,
            // consumer.groupMetadata(): a group member's id and generation travel with the offsets (KIP-447).
            ...(c.member && c.groupMetadata ? { member: c.groupMetadata } : {}),
          }),
      ),
    );
  }
  if (allDone && pc.offsets !== null && can(p, 'producer.commitTransaction')) {
    calls.push(producerApiCall(node, 'commitTransaction'));
  }
  return stallOutlastsRebalance(world, node, s, c) ? calls.map((x) => ({ ...x, natural: false })) : calls;
}

/**
 * A processor stalled past max.poll.interval.ms (its machine's `stalled` phase) is an application stuck in
 * its batch: the coordinator hears its LeaveGroup at once and rebalances long before the stall ends. So
 * on the natural path it wakes only once its group is Stable again in a newer generation than the one it
 * left, or once no other instance is left to take its partitions over (each is down or stalled too: no
 * rebalance is coming, and its own stall is what ends first); any of its calls can still be chosen
 * earlier by hand.
 */
function stallOutlastsRebalance(
  world: World,
  node: NodeId,
  s: AnyMachineSnapshot,
  c: ConsumerContext,
): boolean {
  if (!isIn(s, 'stalled')) return false;
  const gc = partOf(world, NODE.groupCoordinator, 'groupCoordinator');
  const group = ctxOf<GroupCoordinatorContext>(gc)?.group;
  const rebalanced =
    gc !== undefined &&
    stateName(gc) === 'classicGroup.Stable' &&
    (group?.generation ?? -1) > (c.groupMetadata?.generation ?? -1);
  const takeover = world.topology.members.some((m) => {
    if (m === node || isDown(world, m)) return false;
    const other = partOf(world, m, 'consumer');
    return other !== undefined && !isIn(other, 'stalled');
  });
  return !rebalanced && takeover;
}

/**
 * The consume–transform–produce loop without transactions, as a plain application writes it:
 *
 *   records = consumer.poll();
 *   for (r of records) producer.send(transform(r));
 *   producer.flush();        // wait for every send's acknowledgement
 *   consumer.commitSync();   // before processing (at-most-once) or here (at-least-once)
 *
 * Output and input offsets are two separate writes: a crash between them duplicates the output
 * (commit after) or loses it (commit before).
 */
function plainProcessorCalls(
  world: World,
  node: NodeId,
  s: AnyMachineSnapshot,
  c: ConsumerContext,
): AppCall[] {
  const calls: AppCall[] = [];
  if (can(s, 'consumer.process')) {
    calls.push(processAndSend(node, c.returned[c.processed]?.record?.id as RecordId));
  }
  if (can(s, 'consumer.commitSync')) {
    // commitSync() after processing comes after producer.flush(): natural once every send is acknowledged.
    const flushed = (world.apps[appKey(world, node)]?.outstanding.length ?? 0) === 0;
    calls.push(
      call(
        node,
        'commitSync',
        `${node}: consumer.commitSync()`,
        undefined,
        c.config.commit === 'before-processing' || flushed,
        (w, d) => dispatch(w, node, 'consumer', { type: 'consumer.commitSync' }, d),
      ),
    );
  }
  return calls;
}

/**
 * Every application call available now (or only `node`'s), producers first: the happy path's order.
 * `untilNatural`: stop after the first application with a natural call (the natural path needs no more).
 */
export function appCalls(world: World, node?: NodeId, untilNatural = false): AppCall[] {
  const calls: AppCall[] = [];
  const add = (more: AppCall[]) => {
    for (const c of more) calls.push(c);
    return untilNatural && more.some((c) => c.natural);
  };
  for (const p of world.participants) {
    if (p.role === 'producer' && (node === undefined || node === p.id) && add(producerAppCalls(world, p.id)))
      return calls;
  }
  for (const p of world.participants) {
    if (p.role === 'consumer' && (node === undefined || node === p.id) && add(consumerAppCalls(world, p.id)))
      return calls;
  }
  return calls;
}
