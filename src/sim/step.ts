import type { NodeId, PartitionId } from '../kafka/protocol.ts';
import type { BrokerContext } from '../machines/broker/broker.ts';
import { logEndOffset } from '../machines/broker/replica.ts';
import { appCalls, type AppCall } from './apps.ts';
import { restoresMinIsr, restoresOfflinePartition } from './controller.ts';
import { checkInvariants } from './invariants.ts';
import { arrivalSentence, sendSentence } from '../narration/messages.ts';
import { Node, nodeName, withCode } from '../narration/words.ts';
import { dueTimers, type Timer } from './timers.ts';
import { findMessage } from './inFlight.ts';
import { canDeliver, canDeliverAlone, canOvertake, directionOf, muted } from './connections.ts';
import { RETRIABLE_PRODUCE_ERRORS, type RetriableProduceError } from '../kafka/protocol.ts';
import type { EnabledAction, InFlightMessage, Participant } from './types.ts';
import { building, dispatch, isDown, isUp, newDraft, partOf, type StepDraft, type World } from './world.ts';
import { crash, restart } from './lifecycle.ts';
import { deliver, hold, lose, produceRequestTimeout, retryRequest } from './network.ts';

/**
 * What can happen next, and making it happen. The happy path's order: deliver what is in flight (oldest
 * first), let followers replicate, the applications' next calls, held-back messages, restarts, and
 * last the earliest timer. One exception comes first of all: restarting a broker that an offline
 * partition, or one whose ISR is below min.insync.replicas, waits for. Nothing on that partition can
 * progress without it, and the clients' retries (NOT_LEADER_OR_FOLLOWER or NOT_ENOUGH_REPLICAS,
 * answered at once) would otherwise keep the happy path busy forever.
 */

/**
 * What a candidate does, as data. The natural path builds a candidate or two on every step: closures
 * for its label and its effect would be allocated each time (and, under tsx's keepNames, each named
 * with a defineProperty call: about 6 % of a step), though only the one taken is ever run or named.
 */
type Move =
  | { kind: 'deliver' | 'lose' | 'hold'; m: InFlightMessage }
  | { kind: 'error'; m: InFlightMessage; error: RetriableProduceError; partition?: PartitionId }
  | { kind: 'fetch'; fetch: FollowerFetch }
  | { kind: 'restart' | 'crash'; p: Participant }
  | { kind: 'timer'; t: Timer }
  | { kind: 'app'; call: AppCall };

type Candidate = Move & {
  id: string;
  node: NodeId;
  /** Lower is more natural; undefined = never the natural step. */
  rank?: number;
};

/** One kind of candidate, and the lowest rank any of them can have (to stop looking for the natural one). */
interface Group {
  minRank: number;
  list: (world: World, actionId?: string) => Candidate[];
  /** The group's most natural candidate, when that is cheaper to find than listing them all. */
  natural?: (world: World) => Candidate | undefined;
}

const describe = (m: InFlightMessage) => `${m.body.name} ${m.from} → ${m.to} (${m.summary})`;

/** Oldest first; a held-back message only after everything else but restarts and timers. */
const messageRank = (m: InFlightMessage) => (m.heldBack ? 4e6 + m.id : m.id);

const deliverChoice = (m: InFlightMessage): Candidate => ({
  id: `deliver:${m.id}`,
  kind: 'deliver',
  m,
  node: m.to,
  rank: messageRank(m),
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
  out.push({ id: `lose:${m.id}`, kind: 'lose', m, node: m.to });
  if (!m.heldBack && deliverable && canOvertake(world))
    out.push({ id: `hold:${m.id}`, kind: 'hold', m, node: m.to });
  if (deliverable) out.push(...errorChoices(world, m));
}

/**
 * The retriable errors the leader could answer `m` with: none unless `m` is a live Produce reaching a
 * partition's leader, and only what that request could get (no answer at all with acks=0; the ISR check
 * and the purgatory's timeout only with acks=all). A request for several partitions gets the error on
 * one of them ("error:7:NOT_LEADER_OR_FOLLOWER:orders-1"): each partition is answered on its own.
 */
function errorChoices(world: World, m: InFlightMessage): Candidate[] {
  const body = m.body;
  if (body.name !== 'Produce' || m.connection || body.acks === 0 || !isUp(world, m.to)) return [];
  const errors = body.acks === -1 ? RETRIABLE_PRODUCE_ERRORS : (['NOT_LEADER_OR_FOLLOWER'] as const);
  const led = body.batches.filter((b) => world.leaders[b.partition]?.leader === m.to);
  if (body.batches.length === 1) return led.length === 0 ? [] : errors.map((e) => errorChoice(m, e));
  return led.flatMap((b) => errors.map((e) => errorChoice(m, e, b.partition)));
}

const errorChoice = (
  m: InFlightMessage,
  error: RetriableProduceError,
  partition?: PartitionId,
): Candidate => ({
  id: `error:${m.id}:${error}${partition === undefined ? '' : `:${partition}`}`,
  kind: 'error',
  m,
  error,
  ...(partition === undefined ? {} : { partition }),
  node: m.to,
});

/**
 * The happy path's next delivery: the oldest message that can arrive now and is not held back, else the
 * oldest held one that can. Held messages are few (each is a choice someone made). As `canDeliver`, but
 * the directions already passed are noted on the way (a message is behind any earlier one in its
 * direction): the first message usually wins, so the whole network's lanes are rarely worth building.
 */
function naturalDelivery(world: World): Candidate | undefined {
  let held: InFlightMessage | undefined;
  let passed: Set<string> | undefined;
  for (const m of world.network) {
    const live = !m.connection;
    const deliverable = !live || (!passed?.has(directionOf(m)) && !muted(world, m));
    if (deliverable && !m.heldBack) return deliverChoice(m);
    if (live) (passed ??= new Set()).add(directionOf(m));
    if (deliverable && !held) held = m;
  }
  return held && deliverChoice(held);
}

/** The message an action id names: "deliver:7", "error:7:NOT_ENOUGH_REPLICAS". */
const messageIdOf = (actionId: string) => Number(actionId.split(':')[1]);

/** Only "deliver:7": a replay takes deliveries far more than any other choice, and needs no other priced. */
function deliveryCandidates(world: World, actionId: string): Candidate[] {
  const m = findMessage(world.network, messageIdOf(actionId));
  return m && canDeliverAlone(world, m) ? [deliverChoice(m)] : [];
}

/** Every message's choices, or (given "lose:7") only that message's. */
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

/** Brokers with a replica fetch in flight (their Fetch, or its response on the way back): one pass over the network. */
function fetchingBrokers(world: World): Set<NodeId> {
  const busy = new Set<NodeId>();
  for (const m of world.network) {
    if (m.body.name === 'Fetch') busy.add(m.from);
    else if (m.body.name === 'FetchResponse') busy.add(m.to);
  }
  return busy;
}

interface FollowerFetch {
  partition: PartitionId;
  leader: NodeId;
  follower: NodeId;
  /** Whether the fetch changes something: only then is it natural. */
  progress: boolean;
}

/**
 * Every follower's fetch on offer: one whenever none of its fetches is in flight. `firstNatural`: stop
 * at the first that makes progress (the natural path needs no more).
 */
function followerFetches(world: World, firstNatural: boolean): FollowerFetch[] {
  const out: FollowerFetch[] = [];
  let busy: Set<NodeId> | undefined;
  for (const { partition, replicas } of world.topology.partitions) {
    const leader = world.leaders[partition]?.leader;
    if (!leader || !isUp(world, leader)) continue;
    const lr = (partOf(world, leader, 'broker')?.context as BrokerContext).replicas[partition];
    if (!lr) continue;
    for (const follower of replicas) {
      if (follower === leader || !isUp(world, follower)) continue;
      busy ??= fetchingBrokers(world);
      if (busy.has(follower)) continue;
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
      if (firstNatural && !progress) continue;
      out.push({ partition, leader, follower, progress });
      if (firstNatural) return out;
    }
  }
  return out;
}

const fetchChoice = (fetch: FollowerFetch): Candidate => ({
  id: `fetch:${fetch.follower}:${fetch.partition}`,
  kind: 'fetch',
  fetch,
  node: fetch.follower,
  ...(fetch.progress ? { rank: 1e6 } : {}),
});

/** A follower's fetcher: offered whenever no fetch of its is in flight; natural when it makes progress. */
const fetchCandidates = (world: World): Candidate[] => followerFetches(world, false).map(fetchChoice);

/** The first follower fetch that makes progress, as the full list would rank it (they all rank 1e6). */
function naturalFetch(world: World): Candidate | undefined {
  const [first] = followerFetches(world, true);
  return first && fetchChoice(first);
}

/** Restarting a crashed node: first of all when a partition waits for this broker, else after everything but timers. */
const restartChoice = (world: World, p: Participant): Candidate => ({
  id: `restart:${p.id}`,
  kind: 'restart',
  p,
  node: p.id,
  rank:
    p.role === 'broker' && (restoresOfflinePartition(world, p.id) || restoresMinIsr(world, p.id)) ? 0 : 5e6,
});

const crashChoice = (p: Participant): Candidate => ({ id: `crash:${p.id}`, kind: 'crash', p, node: p.id });

function nodeCandidates(world: World): Candidate[] {
  const out: Candidate[] = [];
  for (const p of world.participants) {
    // A worker thread crashes and restarts with its process, never on its own.
    if (p.role === 'sink' || p.role === 'worker') continue;
    out.push(isDown(world, p.id) ? restartChoice(world, p) : crashChoice(p));
  }
  return out;
}

/** Only a restart can be natural, and nodes are rarely down: the natural path looks at those alone. */
function naturalRestart(world: World): Candidate | undefined {
  let best: Candidate | undefined;
  // Node states are in the participants' order: this runs on every natural step, so no lookup by id.
  world.participants.forEach((p, i) => {
    if (world.nodes[i]?.down && p.role !== 'sink' && p.role !== 'worker')
      best = naturalOf([restartChoice(world, p)], best);
  });
  return best;
}

const timerChoice = (t: Timer, i: number): Candidate => ({
  id: t.id,
  kind: 'timer',
  t,
  node: t.node,
  rank: 6e6 + i,
});

/** The earliest timer due fires: the clock moves to it, and its component (or the network client) acts. */
function fire(w: World, t: Timer, d: StepDraft): World {
  const moved = building(w, d);
  moved.clock = Math.max(w.clock, t.due);
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
}

const timerCandidates = (world: World): Candidate[] => dueTimers(world).map(timerChoice);

/** The earliest timer, the only one that can be natural. */
function firstTimer(world: World): Candidate | undefined {
  const t = dueTimers(world)[0];
  return t && timerChoice(t, 0);
}

const appChoice = (call: AppCall, i: number): Candidate => ({
  id: call.id,
  kind: 'app',
  call,
  node: call.node,
  ...(call.natural ? { rank: 2e6 + i } : {}),
});

/** An application's call: noted in the trace, then made. */
function callApp(w: World, c: AppCall, d: StepDraft): World {
  d.events.push({
    step: d.index,
    time: w.clock,
    kind: 'app',
    from: c.node,
    to: c.node,
    name: c.name,
    summary: c.label,
  });
  return c.run(w, d);
}

/** What taking `c` does to the world. */
function run(c: Candidate, w: World, d: StepDraft): World {
  switch (c.kind) {
    case 'deliver':
      return deliver(w, c.m, d);
    case 'lose':
      return lose(w, c.m, d);
    case 'hold':
      return hold(w, c.m, d);
    case 'error':
      return deliver(w, c.m, d, {
        error: c.error,
        ...(c.partition === undefined ? {} : { partition: c.partition }),
      });
    case 'fetch':
      return dispatch(
        w,
        c.fetch.follower,
        'broker',
        { type: 'replica.fetch', partition: c.fetch.partition },
        d,
      );
    case 'restart':
      return restart(w, c.p.id, d);
    case 'crash':
      return crash(w, c.p.id, d);
    case 'timer':
      return fire(w, c.t, d);
    case 'app':
      return callApp(w, c.call, d);
  }
}

/** The action list's and the step record's name for `c`: built only for the candidates someone reads. */
function labelOf(c: Candidate): string {
  switch (c.kind) {
    case 'deliver':
      return `Deliver ${describe(c.m)}`;
    case 'lose':
      return `Lose ${describe(c.m)}${c.m.connection ? '' : ' (its connection breaks)'}`;
    case 'hold':
      return `Hold back ${describe(c.m)} (messages on other connections overtake it)`;
    case 'error':
      return `${Node(c.m.to)} answers ${describe(c.m)} with ${c.error}${c.partition === undefined ? '' : ` for ${c.partition}`} (retriable)`;
    case 'fetch':
      return `${c.fetch.follower} fetches ${c.fetch.partition} from ${c.fetch.leader}`;
    case 'restart':
      return `Restart ${c.p.label}`;
    case 'crash':
      return `Crash ${c.p.label}`;
    case 'timer':
      return `Let the timeout fire: ${c.t.label}`;
    case 'app':
      return c.call.label;
  }
}

const appCandidates = (world: World, node?: NodeId): Candidate[] => appCalls(world, node).map(appChoice);

/** The first natural application call, as the full list would rank it (the calls before it are the same). */
function naturalAppCall(world: World): Candidate | undefined {
  const calls = appCalls(world, undefined, true);
  const i = calls.findIndex((c) => c.natural);
  return i < 0 ? undefined : appChoice(calls[i] as AppCall, i);
}

/** In the order enabledActions lists them; each with the lowest rank it can give (see the ranks above). */
const ALL_GROUPS: Group[] = [
  { minRank: 1, list: messageCandidates, natural: naturalDelivery },
  { minRank: 1e6, list: fetchCandidates, natural: naturalFetch },
  { minRank: 2e6, list: appCandidates, natural: naturalAppCall },
  { minRank: 0, list: nodeCandidates, natural: naturalRestart },
  { minRank: 6e6, list: timerCandidates, natural: firstTimer },
];
const BY_MIN_RANK = [...ALL_GROUPS].sort((a, b) => a.minRank - b.minRank);

/** The group an action id belongs to. */
const GROUPS = new Map<string, (world: World, actionId: string) => Candidate[]>([
  ['deliver', deliveryCandidates],
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
  const natural = timeOrdered(world, naturalOf(all));
  const list = all.map((c): EnabledAction => ({
    id: c.id,
    kind: c.kind,
    node: c.node,
    ...('m' in c ? { messageId: c.m.id } : {}),
    label: labelOf(c),
    natural: c.id === natural?.id,
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

/**
 * The natural candidate found for each world: runToRest, the lab and the explorer ask for the natural
 * action and then take it, and `advance` finds it here instead of listing its group again.
 */
const naturalFound = new WeakMap<World, Candidate | null>();

function naturalOfWorld(world: World): Candidate | undefined {
  const known = naturalFound.get(world);
  if (known !== undefined) return known ?? undefined;
  const found = timeOrdered(world, naturalCandidate(world));
  naturalFound.set(world, found ?? null);
  return found;
}

export function naturalAction(world: World): string | undefined {
  return naturalOfWorld(world)?.id;
}

/**
 * A message sent after a back-off (a retry, a reconnect) leaves only at its `sentAt`: a timer due
 * before then fires first, as it would in time. Without this a client's back-off loop (EndTxn answered
 * CONCURRENT_TRANSACTIONS again and again) starves the coordinator's request.timeout.ms for ever.
 */
function timeOrdered(world: World, best: Candidate | undefined): Candidate | undefined {
  if (best?.kind !== 'deliver') return best;
  // The candidate was built from this world: its message is the one in flight now.
  const m = best.m;
  if (m.sentAt <= world.clock) return best;
  const first = firstTimer(world);
  const due = dueTimers(world)[0]?.due;
  if (first && due !== undefined && due <= m.sentAt) return first;
  // A coordinator that is down comes back while the back-off runs: otherwise a client's back-off loop
  // that waits on it (InitProducerId answered CONCURRENT_TRANSACTIONS while the markers wait for a group
  // coordinator that is down) would keep it down for ever.
  const down = world.participants.find((p) => COORDINATORS.has(p.role) && isDown(world, p.id));
  return down ? restartChoice(world, down) : best;
}

/** The roles a client's back-off can wait on (see timeOrdered). */
const COORDINATORS: ReadonlySet<Participant['role']> = new Set(['group-coordinator', 'txn-coordinator']);

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
  const natural = naturalFound.get(world);
  const c = natural?.id === actionId ? natural : candidate(world, actionId);
  if (!c) throw new UnknownActionError(actionId, world.steps.length + 1);
  return take(world, c, owned);
}

/**
 * `advance` with the natural action, or undefined at rest: for loops that take natural steps from
 * worlds nobody else has seen (runToRest), so the candidate found is taken at once, not kept for later.
 */
export function advanceNatural(world: World, owned: boolean): World | undefined {
  const c = naturalFound.get(world) ?? timeOrdered(world, naturalCandidate(world));
  return c ? take(world, c, owned) : undefined;
}

function take(world: World, c: Candidate, owned: boolean): World {
  const actionId = c.id;
  const index = world.steps.length + 1;
  const draft = newDraft(index);
  const next = run(c, world, draft);
  const label = labelOf(c);
  const said = draft.narration.length > 0 ? draft.narration : defaultNarration(next, c, draft);
  const intro = introOf(c);
  // One sentence is the usual case: joining it would only copy it into a new string.
  const rest = said.length === 1 ? (said[0] as string) : said.join(' ');
  const narration = intro ? (said.length > 0 ? `${intro} ${rest}` : intro) : rest;
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
function defaultNarration(after: World, c: Candidate, draft: StepDraft): string[] {
  // A loop, not flatMap: this runs on most steps, and flatMap makes an array for every event.
  const sent: string[] = [];
  for (const e of draft.events) {
    const m =
      e.kind === 'send' && e.messageId !== undefined ? findMessage(after.network, e.messageId) : undefined;
    // After "The producer calls `send(m1)`.", the producer is "it".
    if (m) sent.push(sendSentence(m.body, m.from, m.to, introOf(c) && m.from === c.node ? 'It' : undefined));
  }
  if (sent.length > 0) return sent;
  // The candidate was built from `before`: its message is the one that arrived (or was lost, held, refused).
  const arrived = 'm' in c ? c.m : undefined;
  if (arrived) return [arrivalSentence(arrived.body, arrived.from, arrived.to)];
  // A timer whose component had nothing left to do.
  if (c.kind !== 'timer') return [];
  const t = c.t;
  return [
    `A timer fires at ${nodeName(t.node)}: ${withCode(t.label.replace(`${t.node}: `, ''))}, with nothing left to do.`,
  ];
}

/** What the narration says first, before what the components say: an application's call. */
const introOf = (c: Candidate): string | undefined => (c.kind === 'app' ? c.call.says : undefined);
