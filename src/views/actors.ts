/**
 * What the "Inside each component" panel shows of every participant: its machines' states and the
 * context fields that matter for delivery semantics, as text. Reading machine contexts is the core's
 * business: the panel renders these summaries and never sees a snapshot.
 */
import type { AnyMachineSnapshot } from 'xstate';
import type { BrokerContext } from '../machines/broker/broker.ts';
import { logEndOffset } from '../machines/broker/replica.ts';
import type { ConsumerContext } from '../machines/consumer.ts';
import { currentPosition, positionOf, readsSeveral } from '../machines/consumerPositions.ts';
import type { GroupCoordinatorContext } from '../machines/groupCoordinator.ts';
import { inFlight } from '../machines/producer/batches.ts';
import { mustAbort, type ProducerContext } from '../machines/producer/producer.ts';
import type { TxnCoordinatorContext } from '../machines/txnCoordinator.ts';
import type { WorkerContext } from '../machines/worker.ts';
import type { PartKind } from '../sim/topology.ts';
import { countsOf, type GrownList } from '../sim/grownList.ts';
import type { RecordId } from '../kafka/protocol.ts';
import type { Participant } from '../sim/types.ts';
import { nodeState, stateName, type NodeState, type World } from '../sim/world.ts';

export interface ActorField {
  name: string;
  value: string;
}

/** One row of a broker's table: a partition it holds a replica of. */
export interface ReplicaSummary {
  partition: string;
  role: 'leader' | 'follower';
  leaderEpoch: number;
  logEndOffset: number;
  highWatermark: number;
  /** The leader's view of the in-sync replicas; "—" on a follower. */
  isr: string;
}

export interface PartSummary {
  kind: PartKind;
  title: string;
  /** The state as shown: the transaction coordinator's leaf carries Kafka's name (Ongoing, PrepareCommit…). */
  state: string;
  /** The full state name, when the shown one is cut to its leaf. */
  fullState: string | undefined;
  fields: ActorField[];
  /** A broker's replicas (its fields are empty). */
  replicas: ReplicaSummary[] | undefined;
}

export interface ActorSummary {
  id: string;
  label: string;
  role: Participant['role'];
  down: boolean;
  parts: PartSummary[];
  /** The sink only: what ran outside Kafka, per record ("m1 ×2"). */
  effects: string | undefined;
}

const NONE = '—';
const list = (xs: readonly string[]) => (xs.length > 0 ? xs.join(', ') : NONE);
const offsets = (o: Record<string, number>) => list(Object.entries(o).map(([p, n]) => `${p}=${n}`));
/** Kafka's "no producer id" is -1. */
const pid = (n: number) => (n < 0 ? 'none' : String(n));
const field = (name: string, value: string): ActorField => ({ name, value });

const PART_TITLES: Record<PartKind, string> = {
  producer: 'Producer',
  consumer: 'Consumer',
  broker: 'Broker',
  txnCoordinator: 'Transaction coordinator',
  groupCoordinator: 'Group coordinator',
  worker: 'Worker thread',
};

function producerFields(snapshot: AnyMachineSnapshot): ActorField[] {
  const ctx = snapshot.context as ProducerContext;
  const batch = (b: (typeof ctx.batches)[number]) =>
    `${b.record.id} (${b.id}${b.sequence >= 0 ? ` seq ${b.sequence}` : ''}, attempt ${b.attempts})`;
  const queued = ctx.batches.filter((b) => b.state === 'queued');
  return [
    field('Producer id / epoch', `${pid(ctx.producerId)} / ${ctx.epoch < 0 ? 'none' : ctx.epoch}`),
    field('Next sequence', offsets(ctx.nextSequence)),
    field('Batches in flight', list(inFlight(ctx.batches).map(batch))),
    ...(queued.length > 0 ? [field('Queued', list(queued.map(batch)))] : []),
    ...(ctx.config.transactionalId !== null ? [field('In the transaction', list(ctx.txnPartitions))] : []),
    ...(mustAbort(snapshot) ? [field('Must abort', ctx.lastError ?? '')] : []),
    ...(ctx.fatalError ? [field('Fatal error', ctx.fatalError)] : []),
  ];
}

function txnCoordinatorFields(ctx: TxnCoordinatorContext): ActorField[] {
  return [
    field('transactional.id', ctx.transactionalId ?? NONE),
    field('Producer id / epoch', `${pid(ctx.producerId)} / ${ctx.producerId < 0 ? 'none' : ctx.epoch}`),
    field('Partitions in the transaction', list(ctx.partitions)),
    ...(ctx.groupId ? [field('Offsets for group', ctx.groupId)] : []),
    field('Pending markers', list(ctx.pendingMarkers)),
  ];
}

function groupCoordinatorFields(ctx: GroupCoordinatorContext): ActorField[] {
  const committed = Object.entries(ctx.committed);
  const pending = Object.entries(ctx.pending);
  return [
    field('Committed offsets', list(committed.map(([g, o]) => `${g}: ${offsets(o)}`))),
    field(
      'Pending transactional offsets',
      list(pending.map(([p, v]) => `${v.groupId}: ${offsets(v.offsets)} (producer ${p})`)),
    ),
    // The classic group, once a member has joined: its generation, members and who owns what.
    ...(ctx.group.groupId === null
      ? []
      : [
          field('Group / generation', `${ctx.group.groupId} / ${ctx.group.generation}`),
          field(
            'Members',
            list(
              ctx.group.members.map(
                (m) =>
                  `${m.memberId}${m.memberId === ctx.group.leader ? ' (leader)' : ''}: ${list(ctx.group.assignment[m.memberId] ?? [])}`,
              ),
            ),
          ),
        ]),
  ];
}

function consumerFields(ctx: ConsumerContext): ActorField[] {
  return [
    field('Partition / isolation', `${ctx.partition} / ${ctx.config.isolationLevel}`),
    // A member reading several partitions has a position in each; the one it fetches now comes first.
    field(
      'Position',
      readsSeveral(ctx)
        ? list(
            [ctx.partition, ...ctx.assignment.filter((p) => p !== ctx.partition)].map(
              (p) => `${p}=${positionOf(ctx, p) ?? 'unknown yet'}`,
            ),
          )
        : String(currentPosition(ctx) ?? 'unknown yet'),
    ),
    field('Last poll returned', list(ctx.returned.map((e) => `${e.record?.id ?? e.kind}@${e.offset}`))),
    field('Processed', String(ctx.processed)),
    ...(ctx.member
      ? [
          field(
            'Member id / generation',
            ctx.generation < 0 ? 'not in the group' : `${ctx.memberId} / ${ctx.generation}`,
          ),
          field('Assignment', list(ctx.assignment)),
        ]
      : []),
    ...(ctx.error ? [field('Error', ctx.error)] : []),
  ];
}

function workerFields(ctx: WorkerContext): ActorField[] {
  return [
    field('Queue', list(ctx.queue.map((e) => `${e.record?.id ?? e.kind}@${e.offset}`))),
    field('Finished up to offset', ctx.finishedUpTo === null ? NONE : String(ctx.finishedUpTo)),
  ];
}

function replicasOf(ctx: BrokerContext): ReplicaSummary[] {
  return Object.values(ctx.replicas).map((r) => ({
    partition: r.partition,
    role: r.role,
    leaderEpoch: r.leaderEpoch,
    logEndOffset: logEndOffset(r),
    highWatermark: r.highWatermark,
    isr: r.role === 'leader' ? list(r.isr) : NONE,
  }));
}

function partSummary(kind: PartKind, snapshot: AnyMachineSnapshot): PartSummary {
  const name = stateName(snapshot);
  const ctx: unknown = snapshot.context;
  const leafOnly = kind === 'txnCoordinator';
  const fields =
    kind === 'producer'
      ? producerFields(snapshot)
      : kind === 'txnCoordinator'
        ? txnCoordinatorFields(ctx as TxnCoordinatorContext)
        : kind === 'groupCoordinator'
          ? groupCoordinatorFields(ctx as GroupCoordinatorContext)
          : kind === 'consumer'
            ? consumerFields(ctx as ConsumerContext)
            : kind === 'worker'
              ? workerFields(ctx as WorkerContext)
              : [];
  return {
    kind,
    title: PART_TITLES[kind],
    state: leafOnly ? (name.split('.').pop() ?? name) : name,
    fullState: leafOnly ? name : undefined,
    fields,
    replicas: kind === 'broker' ? replicasOf(ctx as BrokerContext) : undefined,
  };
}

function actorSummary(
  p: Participant,
  node: NodeState | undefined,
  effects: GrownList<RecordId> | undefined,
): ActorSummary {
  const parts = (Object.entries(node?.parts ?? {}) as [PartKind, AnyMachineSnapshot | undefined][]).flatMap(
    ([kind, snapshot]) => (snapshot ? [partSummary(kind, snapshot)] : []),
  );
  return {
    id: p.id,
    label: p.label,
    role: p.role,
    down: node?.down ?? false,
    parts,
    effects: effects ? list(countsOf(effects).map(([r, n]) => `${r} ×${n}`)) : undefined,
  };
}

interface Cached {
  node: NodeState | undefined;
  effects: GrownList<RecordId> | undefined;
  summary: ActorSummary;
}

/**
 * Summaries are kept per node state (and, for the sink, per effects record): both are replaced, never
 * changed, so a participant a step did not touch keeps the same summary object and its card can skip
 * re-rendering.
 */
const summaries = new WeakMap<object, Cached>();

/** Every participant of `world`, in the order of its participants. */
export function actorSummaries(world: World): ActorSummary[] {
  return world.participants.map((p) => {
    const node = nodeState(world, p.id);
    const effects = p.role === 'sink' ? world.stats.effects : undefined;
    const key = node ?? effects;
    const known = key ? summaries.get(key) : undefined;
    if (known && known.node === node && known.effects === effects && known.summary.id === p.id)
      return known.summary;
    const summary = actorSummary(p, node, effects);
    if (key) summaries.set(key, { node, effects, summary });
    return summary;
  });
}
