import type { NodeId } from '../kafka/protocol.ts';
import type { BrokerContext } from '../machines/broker/broker.ts';
import type { ProducerContext } from '../machines/producer/producer.ts';
import { logEndOffset } from '../machines/broker/replica.ts';
import { appCalls } from './apps.ts';
import { onBrokerCrash, onBrokerRestart, restoresMinIsr, restoresOfflinePartition } from './controller.ts';
import { checkInvariants } from './invariants.ts';
import { arrivalSentence, sendSentence } from '../narration/messages.ts';
import { code, listOf, Node, nodeName, withCode } from '../narration/words.ts';
import { summarize } from './summary.ts';
import { dueTimers, reconnectBackoffMs } from './timers.ts';
import { routeFor, type PartKind } from './topology.ts';
import { findMessage, firstFrom, replaceMessage, withoutMessage } from './inFlight.ts';
import {
  canDeliver,
  canOvertake,
  connection,
  connectionFor,
  connectionOf,
  messagesOn,
  type Connection,
} from './connections.ts';
import { RETRIABLE_PRODUCE_ERRORS, type RetriableProduceError } from '../kafka/protocol.ts';
import type { EnabledAction, InFlightMessage } from './types.ts';
import { abandonOutstanding, dispatch, HOP_MS, partOf, type StepDraft, type World } from './world.ts';

/**
 * What can happen next, and making it happen. The happy path's order: deliver what is in flight (oldest
 * first), let followers replicate, the applications' next calls, held-back messages, restarts, and
 * last the earliest timer. One exception comes first of all: restarting a broker that an offline
 * partition, or one whose ISR is below min.insync.replicas, waits for. Nothing on that partition can
 * progress without it, and the clients' retries (NOT_LEADER_OR_FOLLOWER or NOT_ENOUGH_REPLICAS,
 * answered at once) would otherwise keep the happy path busy forever.
 */

interface Candidate extends Omit<EnabledAction, 'natural' | 'label'> {
  /** Lower is more natural; undefined = never the natural step. */
  rank?: number;
  /** Built only when someone reads it: the natural path looks at many candidates and names one. */
  label: () => string;
  /** What the narration says first, before what the components say (an application's call). */
  intro?: string;
  /** What it says when nothing else does (a timer whose component had nothing left to do). */
  fallback?: () => string;
  run: (world: World, draft: StepDraft) => World;
}

/** One kind of candidate, and the lowest rank any of them can have (to stop looking for the natural one). */
interface Group {
  minRank: number;
  list: (world: World, actionId?: string) => Candidate[];
  /** The group's most natural candidate, when that is cheaper to find than listing them all. */
  natural?: (world: World) => Candidate | undefined;
}

const isUp = (world: World, node: NodeId) => world.nodes[node] !== undefined && !world.nodes[node]?.down;

const describe = (m: InFlightMessage) => `${m.body.name} ${m.from} → ${m.to} (${m.summary})`;

/** Oldest first; a held-back message only after everything else but restarts and timers. */
const messageRank = (m: InFlightMessage) => (m.heldBack ? 4e6 + m.id : m.id);

const deliverChoice = (m: InFlightMessage): Candidate => ({
  id: `deliver:${m.id}`,
  kind: 'deliver',
  label: () => `Deliver ${describe(m)}`,
  node: m.to,
  messageId: m.id,
  rank: messageRank(m),
  run: (w, d) => deliver(w, m, d),
});

/**
 * The choices of one message in flight: deliver it (once it is first on its connection and the server
 * reads it), lose it (which breaks its connection), hold it back (only where a message on another
 * connection can overtake it), and for a Produce its leader would read now, answer it with a retriable
 * error ("error:7:NOT_ENOUGH_REPLICAS").
 */
function choicesFor(world: World, m: InFlightMessage, out: Candidate[]): void {
  const deliverable = canDeliver(world, m);
  if (deliverable) out.push(deliverChoice(m));
  out.push({
    id: `lose:${m.id}`,
    kind: 'lose',
    label: () => `Lose ${describe(m)}${m.connection ? '' : ' (its connection breaks)'}`,
    node: m.to,
    messageId: m.id,
    run: (w, d) => lose(w, m, d),
  });
  if (!m.heldBack && deliverable && canOvertake(world)) {
    out.push({
      id: `hold:${m.id}`,
      kind: 'hold',
      label: () => `Hold back ${describe(m)} (messages on other connections overtake it)`,
      node: m.to,
      messageId: m.id,
      run: (w, d) => hold(w, m, d),
    });
  }
  if (deliverable) for (const error of retriableErrors(world, m)) out.push(errorChoice(m, error));
}

/**
 * The retriable errors the leader could answer `m` with: none unless `m` is a live Produce reaching the
 * partition's leader, and only what that request could get (no answer at all with acks=0; the ISR check
 * and the purgatory's timeout only with acks=all).
 */
function retriableErrors(world: World, m: InFlightMessage): readonly RetriableProduceError[] {
  const body = m.body;
  if (body.name !== 'Produce' || m.connection || body.acks === 0 || !isUp(world, m.to)) return [];
  if (world.leaders[body.partition]?.leader !== m.to) return [];
  return body.acks === -1 ? RETRIABLE_PRODUCE_ERRORS : ['NOT_LEADER_OR_FOLLOWER'];
}

const errorChoice = (m: InFlightMessage, error: RetriableProduceError): Candidate => ({
  id: `error:${m.id}:${error}`,
  kind: 'error',
  label: () => `${Node(m.to)} answers ${describe(m)} with ${error} (retriable)`,
  node: m.to,
  messageId: m.id,
  run: (w, d) => deliver(w, m, d, error),
});

/**
 * The happy path's next delivery: the oldest message that can arrive now and is not held back, else the
 * oldest held one that can. Held messages are few (each is a choice someone made).
 */
function naturalDelivery(world: World): Candidate | undefined {
  let held: InFlightMessage | undefined;
  for (const m of world.network) {
    if (held && m.heldBack) continue;
    if (!canDeliver(world, m)) continue;
    if (!m.heldBack) return deliverChoice(m);
    held = m;
  }
  return held && deliverChoice(held);
}

/** The message an action id names: "deliver:7", "error:7:NOT_ENOUGH_REPLICAS". */
const messageIdOf = (actionId: string) => Number(actionId.split(':')[1]);

/** Every message's choices, or (given "deliver:7") only that message's. */
function messageCandidates(world: World, actionId?: string): Candidate[] {
  const out: Candidate[] = [];
  if (actionId !== undefined) {
    const m = findMessage(world.network, messageIdOf(actionId));
    if (m) choicesFor(world, m, out);
    return out;
  }
  for (const m of world.network) choicesFor(world, m, out);
  return out;
}

/** A follower's fetcher: offered whenever no fetch of its is in flight; natural when it makes progress. */
function fetchCandidates(world: World): Candidate[] {
  const out: Candidate[] = [];
  for (const { partition, replicas } of world.topology.partitions) {
    const leader = world.leaders[partition]?.leader;
    if (!leader || !isUp(world, leader)) continue;
    const lr = (partOf(world, leader, 'broker')?.context as BrokerContext).replicas[partition];
    if (!lr) continue;
    for (const follower of replicas) {
      if (follower === leader || !isUp(world, follower)) continue;
      const busy = world.network.some(
        (m) =>
          (m.from === follower && m.body.name === 'Fetch') ||
          (m.to === follower && m.body.name === 'FetchResponse'),
      );
      if (busy) continue;
      const fr = (partOf(world, follower, 'broker')?.context as BrokerContext).replicas[partition];
      if (!fr) continue;
      // Kafka's followers fetch all the time; here a fetch is natural only when it changes something,
      // such as letting a caught-up follower back into the ISR, so that a run can come to rest.
      const progress =
        !lr.isr.includes(follower) ||
        logEndOffset(fr) < logEndOffset(lr) ||
        (lr.followerLeo[follower] ?? -1) < logEndOffset(fr) ||
        fr.highWatermark < lr.highWatermark ||
        logEndOffset(fr) > logEndOffset(lr);
      out.push({
        id: `fetch:${follower}:${partition}`,
        kind: 'fetch',
        label: () => `${follower} fetches ${partition} from ${leader}`,
        node: follower,
        ...(progress ? { rank: 1e6 } : {}),
        run: (w, d) => dispatch(w, follower, 'broker', { type: 'replica.fetch', partition }, d),
      });
    }
  }
  return out;
}

function nodeCandidates(world: World): Candidate[] {
  const out: Candidate[] = [];
  for (const p of world.participants) {
    if (p.role === 'sink') continue;
    if (world.nodes[p.id]?.down) {
      out.push({
        id: `restart:${p.id}`,
        kind: 'restart',
        label: () => `Restart ${p.label}`,
        node: p.id,
        rank:
          p.role === 'broker' && (restoresOfflinePartition(world, p.id) || restoresMinIsr(world, p.id))
            ? 0
            : 5e6,
        run: (w, d) => restart(w, p.id, d),
      });
    } else {
      out.push({
        id: `crash:${p.id}`,
        kind: 'crash',
        label: () => `Crash ${p.label}`,
        node: p.id,
        run: (w, d) => crash(w, p.id, d),
      });
    }
  }
  return out;
}

function timerCandidates(world: World): Candidate[] {
  return dueTimers(world).map((t, i) => ({
    id: t.id,
    kind: 'timer' as const,
    label: () => `Let the timeout fire: ${t.label}`,
    fallback: () =>
      `A timer fires at ${nodeName(t.node)}: ${withCode(t.label.replace(`${t.node}: `, ''))}, with nothing left to do.`,
    node: t.node,
    rank: 6e6 + i,
    run: (w: World, d: StepDraft) => {
      const moved = { ...w, clock: Math.max(w.clock, t.due) };
      d.events.push({
        step: d.index,
        time: moved.clock,
        kind: 'timer',
        from: t.node,
        to: t.node,
        name: t.id.split(':')[2] ?? 'timer',
        summary: t.label,
      });
      if (t.kind === 'network') return retryRequest(moved, t.event.key ?? '', d);
      if (t.event.type === 'timer.requestTimeout')
        return produceRequestTimeout(moved, t.node, t.event.batchId ?? '', d);
      return dispatch(moved, t.node, t.kind, { ...t.event }, d);
    },
  }));
}

function appCandidates(world: World, node?: NodeId): Candidate[] {
  return appCalls(world, node).map((c, i) => ({
    id: c.id,
    kind: 'app' as const,
    label: () => c.label,
    intro: c.says,
    node: c.node,
    ...(c.natural ? { rank: 2e6 + i } : {}),
    run: (w: World, d: StepDraft) => {
      d.events.push({
        step: d.index,
        time: w.clock,
        kind: 'app',
        from: c.node,
        to: c.node,
        name: c.id.split(':')[2] ?? 'call',
        summary: c.label,
      });
      return c.run(w, d);
    },
  }));
}

/** In the order enabledActions lists them; each with the lowest rank it can give (see the ranks above). */
const ALL_GROUPS: Group[] = [
  { minRank: 1, list: messageCandidates, natural: naturalDelivery },
  { minRank: 1e6, list: fetchCandidates },
  { minRank: 2e6, list: appCandidates },
  { minRank: 0, list: nodeCandidates },
  { minRank: 6e6, list: timerCandidates },
];
const BY_MIN_RANK = [...ALL_GROUPS].sort((a, b) => a.minRank - b.minRank);

/** The group an action id belongs to. */
const GROUPS = new Map<string, (world: World, actionId: string) => Candidate[]>([
  ['deliver', messageCandidates],
  ['lose', messageCandidates],
  ['hold', messageCandidates],
  ['error', messageCandidates],
  ['fetch', fetchCandidates],
  // "app:<node>:<call>": only that application's calls.
  ['app', (world, id) => appCandidates(world, id.split(':')[1])],
  ['crash', nodeCandidates],
  ['restart', nodeCandidates],
  ['timer', timerCandidates],
]);

const offered = new WeakMap<World, EnabledAction[]>();

/**
 * Every choice available now; at most one is `natural` (none when the run has come to rest). Worlds
 * never change, so each one's list is built once (the views, the lesson and the action list all ask).
 */
export function enabledActions(world: World): EnabledAction[] {
  const known = offered.get(world);
  if (known) return known;
  const all = ALL_GROUPS.flatMap((g) => g.list(world));
  const natural = naturalOf(all);
  const list = all.map(({ run: _run, rank: _rank, intro: _intro, fallback: _fallback, label, ...a }) => ({
    ...a,
    label: label(),
    natural: a.id === natural?.id,
  }));
  // Shared by every caller: frozen, so that one sorting or editing it fails loudly instead of changing it for all.
  Object.freeze(list);
  offered.set(world, list);
  return list;
}

function naturalOf(all: Candidate[], best?: Candidate): Candidate | undefined {
  for (const c of all) if (c.rank !== undefined && (best?.rank === undefined || c.rank < best.rank)) best = c;
  return best;
}

/** The happy path's next step: the groups are visited by rank, and the search stops once none can win. */
function naturalCandidate(world: World): Candidate | undefined {
  let best: Candidate | undefined;
  for (const g of BY_MIN_RANK) {
    if (best?.rank !== undefined && best.rank < g.minRank) break;
    const found = g.natural ? g.natural(world) : undefined;
    best = naturalOf(g.natural ? (found ? [found] : []) : g.list(world), best);
  }
  return best;
}

export function naturalAction(world: World): string | undefined {
  return naturalCandidate(world)?.id;
}

export class UnknownActionError extends Error {
  constructor(
    readonly actionId: string,
    readonly step: number,
  ) {
    super(`Step ${step}: "${actionId}" is not one of the choices the world offers now.`);
  }
}

/** The candidate `actionId` names, asking only its group: replaying or checking a run must not price every other choice. */
function candidate(world: World, actionId: string): Candidate | undefined {
  const group = GROUPS.get(actionId.slice(0, actionId.indexOf(':')));
  return group?.(world, actionId).find((x) => x.id === actionId);
}

/** Whether the world offers `actionId` now; as `enabledActions(world).some(a => a.id === actionId)`, without listing the rest. */
export function offers(world: World, actionId: string): boolean {
  return candidate(world, actionId) !== undefined;
}

/** Applies one choice; pure: the world passed in is unchanged. */
export function step(world: World, actionId: string): World {
  return advance(world, actionId, false);
}

/**
 * `step`, for callers that own `world` and drop it right after (replay, runToRest): with `owned`, the
 * step record is appended to `world.steps` in place instead of copying a history that grows with every
 * step, which would make a long replay quadratic. Nothing outside such a loop ever sees that array
 * before the loop hands out its final world.
 */
export function advance(world: World, actionId: string, owned: boolean): World {
  const c = candidate(world, actionId);
  const index = world.steps.length + 1;
  if (!c) throw new UnknownActionError(actionId, index);
  const draft: StepDraft = { index, events: [], narration: [] };
  const next = c.run(world, draft);
  const label = c.label();
  const said = draft.narration.length > 0 ? draft.narration : defaultNarration(world, next, c, draft);
  const narration = [...(c.intro ? [c.intro] : []), ...said].join(' ');
  const record = { index, action: actionId, label, time: next.clock, narration, events: draft.events };
  let done: World;
  if (owned) {
    next.steps.push(record); // the same array as world.steps: nothing else holds it
    done = next;
  } else {
    done = { ...next, steps: [...next.steps, record] };
  }
  const violations = checkInvariants(world, done);
  return violations.length > 0 ? { ...done, violations: [...done.violations, ...violations] } : done;
}

/**
 * For a step none of whose components said anything: what it sent, or what arrived; else (a timer whose
 * component had nothing left to do) the timer itself. An application call's intro may be all there is.
 */
function defaultNarration(before: World, after: World, c: Candidate, draft: StepDraft): string[] {
  const sent = draft.events.flatMap((e) => {
    const m =
      e.kind === 'send' && e.messageId !== undefined ? findMessage(after.network, e.messageId) : undefined;
    // After "The producer calls `send(m1)`.", the producer is "it".
    return m ? [sendSentence(m.body, m.from, m.to, c.intro && m.from === c.node ? 'It' : undefined)] : [];
  });
  if (sent.length > 0) return sent;
  const arrived = c.messageId === undefined ? undefined : findMessage(before.network, c.messageId);
  if (arrived) return [arrivalSentence(arrived.body, arrived.from, arrived.to)];
  return c.fallback ? [c.fallback()] : [];
}

/** A trace event about message `m` (its delivery, loss, hold or drop) at `time`. */
function recordMessage(
  draft: StepDraft,
  kind: 'deliver' | 'lose' | 'hold' | 'drop',
  time: number,
  m: InFlightMessage,
) {
  draft.events.push({
    step: draft.index,
    time,
    kind,
    from: m.from,
    to: m.to,
    name: m.body.name,
    summary: m.summary,
    messageId: m.id,
  });
}

/** `m` arrives; `injectedError`: the leader answers it with that retriable error (the user's fault). */
function deliver(
  world: World,
  m: InFlightMessage,
  draft: StepDraft,
  injectedError?: RetriableProduceError,
): World {
  const clock = Math.max(world.clock, m.sentAt + HOP_MS);
  const network = withoutMessage(world.network, m.id);
  const node = world.nodes[m.to];
  if (!node || node.down || m.connection === 'dead') {
    recordMessage(draft, 'drop', clock, m);
    draft.narration.push(
      node?.down
        ? `The ${code(m.body.name)} reaches ${nodeName(m.to)}, which is down: ${m.body.name.endsWith('Response') ? 'nobody reads it' : m.body.name === 'Produce' && m.body.acks === 0 ? `nothing answers, and with ${code('acks=0')} nobody ever notices` : `nothing answers, and ${nodeName(m.from)} will only notice through its timeout`}.`
        : `The ${code(m.body.name)} was on a connection that has since ended: ${nodeName(m.to)} never reads it.`,
    );
    return { ...world, clock, network };
  }
  recordMessage(draft, 'deliver', clock, m);
  const kind = routeFor(m.body.name, Object.keys(node.parts) as PartKind[]);
  if (!kind) return { ...world, clock, network };
  // A response ends the NetworkClient's wait for the request it answers.
  let awaiting = world.awaiting;
  if (m.body.name.endsWith('Response')) {
    const key = `${m.to}:${m.body.name.slice(0, -'Response'.length)}`;
    if (awaiting[key]) {
      awaiting = { ...awaiting };
      delete awaiting[key];
    }
  }
  const next: World = {
    ...world,
    clock,
    network,
    awaiting,
    stats: { ...world.stats, lastDeliveredAt: clock },
  };
  const firstAnswer = next.nextMessageId;
  const after = dispatch(
    next,
    m.to,
    kind,
    {
      type: `kafka.${m.body.name}`,
      from: m.from,
      message: m.body,
      ...(injectedError ? { injectedError } : {}),
    },
    draft,
  );
  if (m.connection !== 'senderGone') return after;
  // The sender crashed after sending: the answer goes to its dead connection. Answers are the newest
  // messages, at the network's end (it is in id order): only they are looked at.
  const wire = after.network.slice();
  for (let i = firstFrom(wire, firstAnswer); i < wire.length; i++) {
    const x = wire[i] as InFlightMessage;
    if (x.to === m.from) wire[i] = { ...x, connection: 'dead' };
  }
  return { ...after, network: wire };
}

function lose(world: World, m: InFlightMessage, draft: StepDraft): World {
  recordMessage(draft, 'lose', world.clock, m);
  draft.narration.push(
    m.body.name.endsWith('Response')
      ? `The network loses the ${code(m.body.name)}. ${Node(m.to)} never learns what ${nodeName(m.from)} did with its request.`
      : `The network loses the ${code(m.body.name)} before it reaches ${nodeName(m.to)}.`,
  );
  const w = { ...world, network: withoutMessage(world.network, m.id) };
  // A message of an ended connection is simply gone; a live connection breaks with it.
  return m.connection ? w : endConnection(w, connectionOf(m), 'broken', draft, m);
}

/**
 * Connection `c` ends: `broken` (a message on it was lost: nothing more on it is read) or `closed` by
 * its client (request.timeout.ms: what the client already sent may still be read by the server, but
 * the answers go nowhere). Then each end learns it. The server's purgatory forgets what it held for the
 * client. NetworkClient completes every request in flight on it as disconnected: a producer's batches
 * fail with NETWORK_EXCEPTION and are retried after their back-off; another client's request is sent
 * again on a new connection after reconnect.backoff.ms. `lost`: the message whose loss broke it.
 */
function endConnection(
  world: World,
  c: Connection,
  how: 'broken' | 'closed',
  draft: StepDraft,
  lost?: InFlightMessage,
): World {
  const on = messagesOn(world.network, c.key);
  // Only a producer's connection carries Produce requests, and only they wait in a leader's purgatory.
  const requestIds = [...on, ...(lost ? [lost] : [])].flatMap((m) =>
    m.body.name === 'Produce' || m.body.name === 'ProduceResponse' ? [m.body.requestId] : [],
  );
  const broker =
    c.kind === 'producer'
      ? (partOf(world, c.server, 'broker')?.context as BrokerContext | undefined)
      : undefined;
  for (const r of Object.values(broker?.replicas ?? {}))
    for (const p of r.pendingAcks) if (p.from === c.client) requestIds.push(p.requestId);
  for (const v of broker?.verifying ?? []) if (v.from === c.client) requestIds.push(v.message.requestId);
  let network = world.network;
  for (const m of on) {
    if (how === 'closed' && !m.body.name.endsWith('Response')) {
      network = replaceMessage(network, { ...m, connection: 'senderGone' });
      continue;
    }
    recordMessage(draft, 'drop', world.clock, m);
    network = withoutMessage(network, m.id);
  }
  let w: World = { ...world, network };
  if (how === 'closed')
    draft.narration.push(
      `Like Kafka's network client, ${nodeName(c.client)} closes its connection to ${nodeName(c.server)} on the timeout: a request still on it may yet be handled, but no answer on it is ever read.`,
    );
  else
    draft.narration.push(
      `The connection between ${nodeName(c.client)} and ${nodeName(c.server)} breaks${on.length > 0 ? `, and the ${listOf(on.map((m) => code(m.body.name)))} still on it ${on.length === 1 ? 'is' : 'are'} lost with it` : ''}.${requestIds.length === 0 && !awaitsOn(w, c) ? ' Nothing on it was waiting for an answer, so nobody notices.' : ''}`,
    );
  if (broker && isUp(w, c.server))
    w = dispatch(w, c.server, 'broker', { type: 'network.disconnected', client: c.client }, draft);
  if (requestIds.length > 0 && isUp(w, c.client))
    w = dispatch(
      w,
      c.client,
      'producer',
      { type: 'network.disconnected', server: c.server, requestIds },
      draft,
    );
  for (const [key, a] of Object.entries(w.awaiting))
    if (a.node === c.client && awaitedOn(w, a, c))
      w = resend(
        w,
        key,
        draft,
        `The connection broke with ${code(a.message.name)} unanswered: ${nodeName(a.node)}'s network client sends it again on a new connection`,
      );
  return w;
}

/**
 * A Produce request's request.timeout.ms expired: the producer retries its batch (or gives it up), and
 * its network client closes the connection the request went out on (NetworkClient.handleTimedOutRequests),
 * which fails whatever else was in flight on it.
 */
function produceRequestTimeout(world: World, node: NodeId, batchId: string, draft: StepDraft): World {
  const producer = partOf(world, node, 'producer')?.context as ProducerContext | undefined;
  const requestId = producer?.batches.find((b) => b.id === batchId)?.requestId;
  const w = dispatch(world, node, 'producer', { type: 'timer.requestTimeout', batchId }, draft);
  const onWire = w.network.find(
    (m) =>
      !m.connection &&
      ((m.from === node && m.body.name === 'Produce') ||
        (m.to === node && m.body.name === 'ProduceResponse')) &&
      m.body.requestId === requestId,
  );
  if (onWire) return endConnection(w, connectionOf(onWire), 'closed', draft);
  // Or a leader holds it: in its purgatory (whose deadline is the same: it has not answered yet), or
  // until the coordinator has added its partition to the transaction.
  const holder = w.participants.find((p) => {
    const broker = partOf(w, p.id, 'broker')?.context as BrokerContext | undefined;
    return (
      Object.values(broker?.replicas ?? {}).some((r) =>
        r.pendingAcks.some((x) => x.from === node && x.requestId === requestId),
      ) || (broker?.verifying ?? []).some((v) => v.from === node && v.message.requestId === requestId)
    );
  });
  return holder ? endConnection(w, connection(node, 'producer', holder.id), 'closed', draft) : w;
}

/** Whether `a`, a request its client awaits, went out on connection `c`. */
function awaitedOn(world: World, a: World['awaiting'][string], c: Connection): boolean {
  const to = typeof a.to === 'string' ? a.to : world.leaders[a.to.leaderOf]?.leader;
  return to !== undefined && to !== null && connectionFor(a.node, to, a.message).key === c.key;
}

const awaitsOn = (world: World, c: Connection) =>
  Object.values(world.awaiting).some((a) => a.node === c.client && awaitedOn(world, a, c));

function hold(world: World, m: InFlightMessage, draft: StepDraft): World {
  recordMessage(draft, 'hold', world.clock, m);
  draft.narration.push(
    `The ${code(m.body.name)} from ${nodeName(m.from)} is held back: messages sent after it may now arrive first.`,
  );
  return { ...world, network: replaceMessage(world.network, { ...m, heldBack: true }) };
}

function crash(world: World, node: NodeId, draft: StepDraft): World {
  draft.events.push({
    step: draft.index,
    time: world.clock,
    kind: 'crash',
    from: node,
    to: node,
    name: 'crash',
    summary: `${node} crashes`,
  });
  let w: World = {
    ...world,
    nodes: { ...world.nodes, [node]: { ...(world.nodes[node] as World['nodes'][string]), down: true } },
  };
  for (const kind of Object.keys(w.nodes[node]?.parts ?? {}) as PartKind[])
    w = dispatch(w, node, kind, { type: 'node.crash' }, draft);
  // Requests it was waiting on die with it; an application loses what it had not settled.
  w = { ...w, awaiting: Object.fromEntries(Object.entries(w.awaiting).filter(([, a]) => a.node !== node)) };
  // So do its connections: what is on the wire to it is never read, and answers to what it sent find no
  // one (the restarted node is a new instance, with new connections).
  w = endConnections(w, node);
  draft.narration.unshift(
    `${Node(node)} crashes.${partOf(w, node, 'broker') ? ' Its log is on disk and survives.' : ' Everything it held in memory is gone.'}`,
  );
  if (w.apps[node]) w = abandonOutstanding(w, node, draft);
  if (partOf(w, node, 'broker')) w = onBrokerCrash(w, node, draft);
  return w;
}

/**
 * The network after `node`'s connections ended: what is on the wire to it is dead, the requests it sent
 * have lost their sender. Only messages from `world.connectionMarks[node]` on are looked at: every
 * earlier one already has what this crash would give it (it was given it at the node's previous crash,
 * and whenever another node's crash changed one of them, that node lowered this node's mark to it).
 * So a crash costs what was sent since the last one, not everything stranded on the wire.
 */
function endConnections(world: World, node: NodeId): World {
  const { network, connectionMarks } = world;
  let out: InFlightMessage[] | null = null;
  let marks: Record<NodeId, number> | null = null;
  for (let i = firstFrom(network, connectionMarks[node] ?? 0); i < network.length; i++) {
    const m = network[i] as InFlightMessage;
    let changed: InFlightMessage | null = null;
    if (m.to === node) {
      if (m.connection !== 'dead') changed = { ...m, connection: 'dead' };
    } else if (m.from === node && !m.body.name.endsWith('Response') && m.connection !== 'senderGone')
      changed = { ...m, connection: 'senderGone' };
    if (!changed) continue;
    out ??= network.slice();
    out[i] = changed;
    // The other end's crash would change it back: its next crash must look at it again.
    const other = m.to === node ? m.from : m.to;
    if (((marks ?? connectionMarks)[other] ?? 0) > m.id) {
      marks ??= { ...connectionMarks };
      marks[other] = m.id;
    }
  }
  return {
    ...world,
    network: out ?? network,
    connectionMarks: { ...(marks ?? connectionMarks), [node]: world.nextMessageId },
  };
}

function restart(world: World, node: NodeId, draft: StepDraft): World {
  draft.events.push({
    step: draft.index,
    time: world.clock,
    kind: 'restart',
    from: node,
    to: node,
    name: 'restart',
    summary: `${node} restarts`,
  });
  draft.narration.push(`${Node(node)} restarts.`);
  let w: World = {
    ...world,
    nodes: { ...world.nodes, [node]: { ...(world.nodes[node] as World['nodes'][string]), down: false } },
  };
  for (const kind of Object.keys(w.nodes[node]?.parts ?? {}) as PartKind[])
    w = dispatch(w, node, kind, { type: 'node.restart' }, draft);
  if (partOf(w, node, 'broker')) w = onBrokerRestart(w, node, draft);
  return w;
}

/**
 * request.timeout.ms expired: like Kafka's NetworkClient, the client closes the connection and sends
 * the request again on a new one. The old request (if still unread) and any answer to it die with the
 * old connection, so the client never acts on two answers to one call — a stale InitProducerIdResponse
 * would otherwise hand it an epoch its own retry has already fenced.
 */
function retryRequest(world: World, key: string, draft: StepDraft): World {
  const a = world.awaiting[key];
  if (!a) return world;
  return resend(
    world,
    key,
    draft,
    `No answer to ${code(a.message.name)} within ${code('request.timeout.ms')}: ${nodeName(a.node)}'s network client closes the connection (whatever was still on it is abandoned) and sends the request again on a new one`,
  );
}

/** Sends the awaited request `key` again on a new connection, opened after reconnect.backoff.ms; `why` opens the sentence. */
function resend(world: World, key: string, draft: StepDraft, why: string): World {
  const a = world.awaiting[key];
  if (!a) return world;
  const name = a.message.name;
  const closed = (m: InFlightMessage) =>
    (m.from === a.node && m.body.name === name) || (m.to === a.node && m.body.name === `${name}Response`);
  for (const m of world.network.filter(closed)) {
    recordMessage(draft, 'drop', world.clock, m);
  }
  const to = typeof a.to === 'string' ? a.to : (world.leaders[a.to.leaderOf]?.leader ?? a.node);
  const wait = reconnectBackoffMs(world, a.node);
  const sentAt = world.clock + wait;
  const id = world.nextMessageId;
  const summary = `${summarize(a.message)} (retry)`;
  draft.events.push({
    step: draft.index,
    time: sentAt,
    kind: 'send',
    from: a.node,
    to,
    name,
    summary,
    messageId: id,
  });
  draft.narration.push(`${why}, opened after ${code(`reconnect.backoff.ms=${wait}`)}.`);
  return {
    ...world,
    nextMessageId: id + 1,
    network: [
      ...world.network.filter((m) => !closed(m)),
      { id, from: a.node, to, sentAt, heldBack: false, body: a.message, summary },
    ],
    awaiting: { ...world.awaiting, [key]: { ...a, sentAt } },
    stats: { ...world.stats, roundTrips: world.stats.roundTrips + 1 },
  };
}
