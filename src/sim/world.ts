import type { AnyMachineSnapshot } from 'xstate';
import { pureInitialTransition, pureTransition } from './pureTransition.ts';
import type { Address, KafkaMessage, NodeId, PartitionId, RecordId } from '../kafka/protocol.ts';
import type {
  AlterPartitionParams,
  CallbackParams,
  HandOffParams,
  MarkParams,
  NarrateParams,
  SendParams,
} from '../machines/io.ts';
import type { Scenario } from '../scenarios/types.ts';
import { MACHINES, buildTopology, type PartKind, type Topology } from './topology.ts';
import type {
  InFlightMessage,
  InvariantViolation,
  Participant,
  StepRecord,
  Stats,
  TraceEvent,
} from './types.ts';
import { summarize } from './summary.ts';
import { appendTo, emptyList, listHas, type GrownList } from './grownList.ts';
import { onAlterPartition } from './controller.ts';
import { code, listOf } from '../narration/words.ts';
import { NODE } from '../scenarios/nodeIds.ts';

/**
 * The deterministic world: every machine's snapshot, the messages in flight, the simulated clock and the
 * record of what happened. Nothing in here mutates a world that was handed out; `step` builds a new one.
 */

/** One network hop, in simulated milliseconds. */
export const HOP_MS = 1;

export interface NodeState {
  down: boolean;
  parts: Partial<Record<PartKind, AnyMachineSnapshot>>;
}

/** What the application programs have done (see apps.ts). */
export interface AppState {
  /** Records whose send() the application has called and not yet seen settled. */
  outstanding: RecordId[];
  /** Records the application considers done (acknowledged, committed, or given up): shared, appended to. */
  settled: GrownList<RecordId>;
  /** How many of the workload's first records are all settled: where the search for the next one starts. */
  settledPrefix: number;
}

/** The controller's record of one partition (KRaft's PartitionRecord): the ISR is the controller's. */
export interface PartitionState {
  /** null: offline (no eligible replica is alive). */
  leader: NodeId | null;
  epoch: number;
  isr: NodeId[];
}

export interface World {
  scenario: Scenario;
  topology: Topology;
  participants: Participant[];
  /**
   * Each node's state, in the topology's order (`nodeState` finds one by id): a list, because a step
   * copies it, and a list of a dozen copies in a tenth of the time an object with a dozen keys does.
   */
  nodes: NodeState[];
  network: InFlightMessage[];
  /** Per node: every message with a lower id already has what the node's crash gives it (see step.ts's endConnections). */
  connectionMarks: Record<NodeId, number>;
  clock: number;
  nextMessageId: number;
  /** The controller's metadata: who leads each partition, in which leader epoch, and its ISR. */
  leaders: Record<PartitionId, PartitionState>;
  apps: Record<NodeId, AppState>;
  /** Requests other than Produce that a client awaits, for its request.timeout.ms retry (see network.ts). */
  awaiting: Record<string, { node: NodeId; message: KafkaMessage; to: Address; sentAt: number }>;
  steps: StepRecord[];
  stats: Stats;
  violations: InvariantViolation[];
}

/**
 * A step under construction: the events and sentences it produces, and the world it is building. A
 * step changes many parts of a world one after the other (a delivery, the machine's new snapshot, each
 * message it sends): rather than copy the world for each, the step copies it once, and the node states
 * and network it copied, and changes those copies in place. Only objects listed here are ever changed:
 * they were made by this step, and nobody outside it has seen them.
 */
export interface StepDraft {
  index: number;
  events: TraceEvent[];
  narration: string[];
  /** The step's own copy of the world. */
  world: World | undefined;
  /** Its own copies of `world.nodes`, of node states, of the network and of the stats. */
  nodes: World['nodes'] | undefined;
  nodeStates: NodeState[] | undefined;
  network: InFlightMessage[] | undefined;
  stats: Stats | undefined;
}

/**
 * A new step's draft, with every field there from the start: fields added later, in whichever order the
 * step happens to need them, gave drafts a dozen hidden classes, and every read of one went through
 * V8's slow path for code that sees too many (a megamorphic inline cache).
 */
export const newDraft = (index: number): StepDraft => ({
  index,
  events: [],
  narration: [],
  world: undefined,
  nodes: undefined,
  nodeStates: undefined,
  network: undefined,
  stats: undefined,
});

/**
 * A copy of `w`, written field by field rather than as `{ ...w }`: V8 gives an object made by a spread
 * room for only 4 fields inside it and keeps the other 10 in a second array, allocated with every copy
 * (a step copies the world at least once) and one more load on every read of them.
 */
const copyWorld = (w: World): World => ({
  scenario: w.scenario,
  topology: w.topology,
  participants: w.participants,
  nodes: w.nodes,
  network: w.network,
  connectionMarks: w.connectionMarks,
  clock: w.clock,
  nextMessageId: w.nextMessageId,
  leaders: w.leaders,
  apps: w.apps,
  awaiting: w.awaiting,
  steps: w.steps,
  stats: w.stats,
  violations: w.violations,
});

/** `world` as the step's own copy, to change in place: the first call copies it, the next ones reuse it. */
export function building(world: World, draft: StepDraft): World {
  return draft.world === world ? world : (draft.world = copyWorld(world));
}

/** The stats, field by field (as `copyWorld`, and for the same reason: 7 fields). */
const copyStats = (s: Stats): Stats => ({
  roundTrips: s.roundTrips,
  bytesOnWire: s.bytesOnWire,
  produced: s.produced,
  acknowledged: s.acknowledged,
  effects: s.effects,
  firstProducedAt: s.firstProducedAt,
  lastDeliveredAt: s.lastDeliveredAt,
});

/** The step's world with its own copy of the stats, to change in place. */
export function buildingStats(world: World, draft: StepDraft): Stats {
  const w = building(world, draft);
  return draft.stats === w.stats ? w.stats : (w.stats = draft.stats = copyStats(w.stats));
}

/** `setPart`, on the step's own copy of the world. */
function setPartIn(
  world: World,
  node: NodeId,
  kind: PartKind,
  snapshot: AnyMachineSnapshot,
  draft: StepDraft,
) {
  const w = building(world, draft);
  const i = w.topology.nodeIndex[node];
  if (i === undefined) throw new Error(`${node} is not a node of this scenario.`);
  if (draft.nodes !== w.nodes) w.nodes = draft.nodes = w.nodes.slice();
  let state = w.nodes[i];
  // A few nodes at most: a list is cheaper than a set.
  const own = (draft.nodeStates ??= []);
  if (!state || !own.includes(state)) {
    state = { down: state?.down ?? false, parts: { ...state?.parts } };
    own.push(state);
    w.nodes[i] = state;
  }
  state.parts[kind] = snapshot;
  return w;
}

/**
 * Each scenario's first world, built once: replaying a run (a step back, a shared link, the lab's
 * explorer, every play from the start) begins from it again and again, and its topology and first
 * machine snapshots cost more than many steps. Worlds are never changed once handed out; the one thing
 * a step may extend in place is the history of a world its caller owns, so each caller gets its own.
 */
const firstWorlds = new WeakMap<Scenario, World>();

export function createWorld(scenario: Scenario): World {
  let first = firstWorlds.get(scenario);
  if (!first) firstWorlds.set(scenario, (first = buildFirstWorld(scenario)));
  const world = copyWorld(first);
  world.steps = [];
  return world;
}

function buildFirstWorld(scenario: Scenario): World {
  const topology = buildTopology(scenario);
  let world: World = {
    scenario,
    topology,
    participants: topology.nodes.map((n) => n.participant),
    nodes: [],
    network: [],
    connectionMarks: {},
    clock: 0,
    nextMessageId: 1,
    leaders: Object.fromEntries(
      topology.partitions.map((p) => [p.partition, { leader: p.leader, epoch: 0, isr: [...p.replicas] }]),
    ),
    apps: {},
    awaiting: {},
    steps: [],
    stats: {
      roundTrips: 0,
      bytesOnWire: 0,
      produced: emptyList(),
      acknowledged: emptyList(),
      effects: emptyList(),
      firstProducedAt: null,
      lastDeliveredAt: 0,
    },
    violations: [],
  };
  const draft = newDraft(0);
  world.nodes = topology.nodes.map(() => ({ down: false, parts: {} }));
  for (const spec of topology.nodes) {
    if (spec.participant.role === 'producer' || spec.parts.some((p) => p.kind === 'producer')) {
      world = {
        ...world,
        apps: {
          ...world.apps,
          [spec.participant.id]: { outstanding: [], settled: emptyList(), settledPrefix: 0 },
        },
      };
    }
    for (const part of spec.parts) {
      const [snapshot, actions] = pureInitialTransition(MACHINES[part.kind], part.input);
      world = setPart(world, spec.participant.id, part.kind, snapshot);
      world = applyActions(world, spec.participant.id, actions, draft);
    }
  }
  return world;
}

/** A new world with `node`'s `kind` machine at `snapshot`: a step of its own, copying what it changes. */
export function setPart(world: World, node: NodeId, kind: PartKind, snapshot: AnyMachineSnapshot): World {
  return setPartIn(world, node, kind, snapshot, newDraft(0));
}

/** `node`'s state: its machines' snapshots, and whether it is down (undefined: no such node). */
export function nodeState(world: World, node: NodeId): NodeState | undefined {
  const i = world.topology.nodeIndex[node];
  return i === undefined ? undefined : world.nodes[i];
}

/** Whether `node` exists and is not crashed. */
export const isUp = (world: World, node: NodeId): boolean => {
  const state = nodeState(world, node);
  return state !== undefined && !state.down;
};

/** Whether `node` is crashed. */
export const isDown = (world: World, node: NodeId): boolean => nodeState(world, node)?.down ?? false;

export function partOf(world: World, node: NodeId, kind: PartKind): AnyMachineSnapshot | undefined {
  return nodeState(world, node)?.parts[kind];
}

/** A new world in which `node` is down (crashed) or up, its machines as they are. */
export function withNodeDown(world: World, node: NodeId, down: boolean): World {
  const i = world.topology.nodeIndex[node];
  const state = i === undefined ? undefined : world.nodes[i];
  if (i === undefined || !state) return world;
  const nodes = world.nodes.slice();
  nodes[i] = { ...state, down };
  const w = copyWorld(world);
  w.nodes = nodes;
  return w;
}

/** Snapshots never change, so each one's name is worked out once (the apps ask for it on every step). */
const stateNames = new WeakMap<AnyMachineSnapshot, string>();

/**
 * A readable name for a machine's state, every level of it, e.g. "ready.inTransaction.abortableError"
 * or "ready.committing.awaitingEndTxn": a sub-state is a protocol phase too (what the producer refuses,
 * what it waits for), so the trace notes it when it changes. Parallel regions are joined by commas.
 */
export function stateName(snapshot: AnyMachineSnapshot): string {
  const known = stateNames.get(snapshot);
  if (known !== undefined) return known;
  const name = valueName(snapshot.value);
  stateNames.set(snapshot, name);
  return name;
}

/** A state value's name: every level, joined by dots; parallel regions by commas. */
const valueName = (v: unknown): string =>
  typeof v === 'string'
    ? v
    : Object.entries(v as Record<string, unknown>)
        .map(([k, sub]) => `${k}.${valueName(sub)}`)
        .join(',');

/**
 * Sends `event` to one machine of a node and applies what its transition emits. The event is stamped
 * with the simulated time in place, not copied (a dispatch on every step): each caller passes a fresh
 * object that nothing else holds.
 */
export function dispatch(
  world: World,
  node: NodeId,
  kind: PartKind,
  event: { type: string; [key: string]: unknown },
  draft: StepDraft,
): World {
  const snapshot = partOf(world, node, kind);
  if (!snapshot) return world;
  event.now = world.clock;
  const [next, actions] = pureTransition(MACHINES[kind], snapshot, event);
  let w = setPartIn(world, node, kind, next, draft);
  const before = next.value === snapshot.value ? '' : stateName(snapshot);
  const after = next.value === snapshot.value ? '' : stateName(next);
  if (before !== after) {
    draft.events.push({
      step: draft.index,
      time: w.clock,
      kind: 'state',
      from: node,
      to: node,
      name: after,
      summary: `${kind}: ${before} → ${after}`,
    });
  }
  w = applyActions(w, node, actions, draft);
  return w;
}

function resolve(world: World, to: Address): NodeId | null {
  if (typeof to === 'string') return to;
  return world.leaders[to.leaderOf]?.leader ?? null;
}

/** Interprets the `send`, `narrate` and `mark` actions a transition returned. */
function applyActions(
  world: World,
  node: NodeId,
  actions: { type: string; params?: unknown }[],
  draft: StepDraft,
): World {
  let w = world;
  for (const a of actions) {
    if (a.type === 'send') w = sendMessage(w, node, a.params as SendParams, draft);
    else if (a.type === 'narrate') draft.narration.push((a.params as NarrateParams).text);
    else if (a.type === 'mark') w = applyMark(w, node, a.params as MarkParams, draft);
    else if (a.type === 'callback')
      w = settleRecord(
        noteAck(w, a.params as CallbackParams, draft),
        node,
        a.params as CallbackParams,
        draft,
      );
    else if (a.type === 'alterPartition')
      w = onAlterPartition(w, node, a.params as AlterPartitionParams, draft);
    else if (a.type === 'handOff') w = handOff(w, node, a.params as HandOffParams, draft);
  }
  return w;
}

/** `executor.submit`: records pass from the poll loop to its worker thread, inside one process. */
function handOff(world: World, node: NodeId, params: HandOffParams, draft: StepDraft): World {
  draft.events.push({
    step: draft.index,
    time: world.clock,
    kind: 'handoff',
    from: node,
    to: params.to,
    name: 'executor.submit',
    summary: params.records.map((r) => r.record?.id ?? `offset ${r.offset}`).join(', '),
  });
  return dispatch(world, params.to, 'worker', { type: 'worker.submit', records: params.records }, draft);
}

/**
 * Whose progress a sending lifeline shares: its application's, kept under the first instance's id
 * (a second instance with the same transactional.id carries on the same job: zombie fencing).
 */
export const appKey = (world: World, node: NodeId): NodeId =>
  world.topology.applicationOf[node]?.instances[0] ?? node;

/** The records the application on `node` sends, in order. */
const recordsOf = (world: World, node: NodeId): readonly RecordId[] =>
  world.topology.applicationOf[node]?.records ?? world.scenario.workload.records;

/** The step's world with `node`'s application state replaced by `f` of it. */
function updateApp(world: World, node: NodeId, f: (a: AppState) => AppState, draft: StepDraft): World {
  const key = appKey(world, node);
  const app = world.apps[key];
  if (!app) return world;
  const w = building(world, draft);
  w.apps = { ...w.apps, [key]: f(app) };
  return w;
}

/** `app` with `records` settled too (in O(records), not O(everything settled before)). */
function withSettled(world: World, node: NodeId, app: AppState, records: readonly RecordId[]): AppState {
  const settled = appendTo(app.settled, records);
  const all = recordsOf(world, node);
  let settledPrefix = app.settledPrefix;
  while (settledPrefix < all.length && listHas(settled, all[settledPrefix] as RecordId)) settledPrefix++;
  return { ...app, settled, settledPrefix };
}

/** The next record the producer application has to send, in workload order: neither settled nor outstanding. */
export function nextPending(world: World, node: NodeId): RecordId | undefined {
  const app = world.apps[appKey(world, node)];
  if (!app) return undefined;
  const all = recordsOf(world, node);
  for (let i = app.settledPrefix; i < all.length; i++) {
    const r = all[i] as RecordId;
    if (!listHas(app.settled, r) && !app.outstanding.includes(r)) return r;
  }
  return undefined;
}

/**
 * Whether the application sends a record again when it may not have been written: one that wants
 * at-least-once (retries > 0) does; an at-most-once one (retries = 0) gives up rather than risk a
 * duplicate. A transactional application always does, inside a new transaction.
 */
const resendsOnFailure = (world: World, node: NodeId): boolean => {
  const config = producerConfigOf(world, node);
  return config.transactionalId !== null || config.retries > 0;
};

/** The producer settings of the application on `node`. */
const producerConfigOf = (world: World, node: NodeId) =>
  world.topology.applicationOf[node]?.config ?? world.scenario.config.producer;

/** An acknowledged send(), whatever becomes of the record later: the ledger's "acknowledged at offset". */
function noteAck(world: World, cb: CallbackParams, draft: StepDraft): World {
  if (cb.offset === undefined) return world;
  const w = building(world, draft);
  const stats = buildingStats(w, draft);
  stats.acknowledged = appendTo(stats.acknowledged, [{ record: cb.record, offset: cb.offset }]);
  return w;
}

/**
 * send()'s callback. A plain producer's record is settled when acknowledged, or when it failed and the
 * application does not re-send. A transactional producer's records settle only when the transaction
 * commits.
 */
function settleRecord(world: World, node: NodeId, cb: CallbackParams, draft: StepDraft): World {
  if (producerConfigOf(world, node).transactionalId !== null) return world;
  const giveUp = cb.ok || !resendsOnFailure(world, node);
  return updateApp(
    world,
    node,
    (a) =>
      withSettled(
        world,
        node,
        { ...a, outstanding: a.outstanding.filter((r) => r !== cb.record) },
        giveUp ? [cb.record] : [],
      ),
    draft,
  );
}

/**
 * The producer process crashed with send()s outstanding: nobody will call their callbacks. The
 * application (restarted) sends them again — unless it is at-most-once, which gives them up.
 */
export function abandonOutstanding(world: World, node: NodeId, draft: StepDraft): World {
  const outstanding = world.apps[appKey(world, node)]?.outstanding ?? [];
  if (outstanding.length === 0) return world;
  const resend = resendsOnFailure(world, node);
  if (!resend)
    draft.narration.push(
      `An at-most-once application (${code('retries=0')}) does not send ${listOf(outstanding)} again: ${outstanding.length === 1 ? 'it' : 'they'} may already be in the log, and a second copy would be a duplicate.`,
    );
  return updateApp(
    world,
    node,
    (a) => withSettled(world, node, { ...a, outstanding: [] }, resend ? [] : a.outstanding),
    draft,
  );
}

/** The open transaction ended: commit settles its records, abort puts them back to be sent again. */
function settleTransaction(world: World, node: NodeId, committed: boolean, draft: StepDraft): World {
  let w = updateApp(
    world,
    node,
    (a) => withSettled(world, node, { ...a, outstanding: [] }, committed ? a.outstanding : []),
    draft,
  );
  if (partOf(w, node, 'consumer'))
    w = dispatch(w, node, 'consumer', { type: 'consumer.batchDone', rewind: !committed }, draft);
  return w;
}

function applyMark(world: World, node: NodeId, mark: MarkParams, draft: StepDraft): World {
  const to = mark.to ?? node;
  draft.events.push({
    step: draft.index,
    time: world.clock,
    kind: mark.kind,
    from: node,
    to,
    name: mark.name,
    summary: mark.summary,
  });
  if (mark.kind === 'txn' && (mark.name === 'commit' || mark.name === 'abort'))
    return settleTransaction(world, node, mark.name === 'commit', draft);
  if (mark.kind !== 'effect') return world;
  const stats = buildingStats(world, draft);
  stats.effects = appendTo(stats.effects, [mark.summary]);
  return building(world, draft);
}

function sendMessage(world: World, from: NodeId, sent: SendParams, draft: StepDraft): World {
  const params = toOwnCoordinator(world, sent);
  // No leader (the partition is offline): the client's request goes to the last leader it knew.
  const to = resolve(world, params.to) ?? lastKnownLeader(world, params.to);
  const id = world.nextMessageId;
  const sentAt = world.clock + (params.delayMs ?? 0);
  const msg: InFlightMessage = {
    id,
    from,
    to,
    sentAt,
    heldBack: false,
    body: params.message,
    summary: summarize(params.message),
  };
  draft.events.push({
    step: draft.index,
    time: sentAt,
    kind: 'send',
    from,
    to,
    name: params.message.name,
    summary: msg.summary,
    messageId: id,
  });
  const w = building(world, draft);
  const stats = buildingStats(w, draft);
  if (!params.message.name.endsWith('Response')) stats.roundTrips += 1;
  stats.bytesOnWire += wireBytes(params.message);
  if (params.message.name === 'Produce') {
    stats.produced = appendTo(
      stats.produced,
      params.message.batches.map((b) => b.batch.record.id),
    );
    stats.firstProducedAt ??= world.clock;
  }
  if (isRetriedRequest(params.message)) {
    w.awaiting = {
      ...w.awaiting,
      [awaitKey(from, params.message)]: {
        node: from,
        message: params.message,
        to: params.to,
        sentAt,
      },
    };
  }
  if (draft.network === w.network) w.network.push(msg);
  else w.network = draft.network = [...w.network, msg];
  w.nextMessageId = id + 1;
  return w;
}

/**
 * A transactional request goes to its transactional.id's coordinator: with several transactional
 * applications each has its own (the machines address "the" coordinator, as a client asks
 * FindCoordinator once and then talks to the answer).
 */
function toOwnCoordinator(world: World, params: SendParams): SendParams {
  const byId = world.topology.txnCoordinatorOf;
  if (!byId || params.to !== NODE.txnCoordinator || !('transactionalId' in params.message)) return params;
  const to = byId[params.message.transactionalId ?? ''];
  return to ? { ...params, to } : params;
}

function lastKnownLeader(world: World, to: Address): NodeId {
  if (typeof to === 'string') return to;
  return world.topology.partitions.find((p) => p.partition === to.leaderOf)?.leader ?? 'broker-1';
}

/** Client requests that the simulated NetworkClient re-sends after request.timeout.ms (see network.ts). */
/**
 * Which wait a request or its answer belongs to: one per client and request name; for the
 * coordinator's WriteTxnMarkers one per partition (it writes markers to several leaders at once); and
 * for a leader's AddPartitionsToTxn one per transactional.id (it verifies the writes of several
 * transactional producers, each with its own coordinator, KIP-890).
 */
export function awaitKey(client: NodeId, m: KafkaMessage): string {
  const request = m.name.endsWith('Response') ? m.name.slice(0, -'Response'.length) : m.name;
  if (m.name === 'WriteTxnMarkers' || m.name === 'WriteTxnMarkersResponse')
    return `${client}:${request}:${m.partitions.join(',')}`;
  if (
    (m.name === 'AddPartitionsToTxn' || m.name === 'AddPartitionsToTxnResponse') &&
    client.startsWith('broker-')
  )
    return `${client}:${request}:${m.transactionalId ?? ''}`;
  return `${client}:${request}`;
}

/** The requests a client's network client re-sends (besides a consumer's Fetch): see isRetriedRequest. */
const RETRIED_REQUESTS: ReadonlySet<string> = new Set([
  // The coordinator's marker channel re-sends markers whose connection broke, as a client does.
  'WriteTxnMarkers',
  'InitProducerId',
  'AddPartitionsToTxn',
  'AddOffsetsToTxn',
  'TxnOffsetCommit',
  'EndTxn',
  'OffsetCommit',
  'OffsetFetch',
  'ListOffsets',
]);

export function isRetriedRequest(m: KafkaMessage): boolean {
  return RETRIED_REQUESTS.has(m.name) || (m.name === 'Fetch' && m.replicaId === undefined);
}

/**
 * The answers that can end a wait in `world.awaiting`: only retried requests are awaited. Every delivery
 * asks; the others (a ProduceResponse, a follower's FetchResponse: most of them) need no key built.
 */
const AWAITED_ANSWERS: ReadonlySet<string> = new Set(
  [...RETRIED_REQUESTS, 'Fetch'].map((request) => `${request}Response`),
);

export const mayEndAWait = (m: KafkaMessage): boolean =>
  AWAITED_ANSWERS.has(m.name) &&
  // A follower's FetchResponse answers its replica fetch, which is never retried (and is the most common answer).
  !(m.name === 'FetchResponse' && m.forReplica);

/** A rough on-the-wire size, for the cost figures: headers plus a fixed size per record. */
function wireBytes(m: KafkaMessage): number {
  const header = 40;
  if (m.name === 'Produce') return header + 70 * m.batches.length;
  if (m.name === 'FetchResponse') return header + 70 * m.entries.length;
  if (m.name === 'WriteTxnMarkers') return header + 30 * m.partitions.length;
  return header;
}
