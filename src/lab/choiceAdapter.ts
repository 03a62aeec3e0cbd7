import { RETRIABLE_PRODUCE_ERRORS } from '../kafka/protocol.ts';
import { appCalls } from '../sim/apps.ts';
import type { ProducerContext } from '../machines/producer/producer.ts';
import { findMessage } from '../sim/inFlight.ts';
import { ordinal } from '../sim/messageIndex.ts';
import { enabledActions, naturalAction, offers } from '../sim/step.ts';
import { dueTimers } from '../sim/timers.ts';
import { isDown, partOf, type World } from '../sim/world.ts';
import type { FaultEvent, FaultKind } from './faults.ts';
import type { Tally } from './tally.ts';

/**
 * The one place that knows the simulation's choice kinds: an action id ("lose:7", "crash:consumer",
 * "timer:producer:requestTimeout:b1") ⇄ the fault it is (`FaultEvent`). A new kind of choice (a leader
 * answering with a retriable error, say) is added here and nowhere else in the lab.
 */

/** The choice `actionId` (offered in `world`) as a fault; undefined for one that is no fault (a natural-only kind). */
export function describeChoice(world: World, tally: Tally, actionId: string): FaultEvent | undefined {
  const colon = actionId.indexOf(':');
  const verb = actionId.slice(0, colon);
  const rest = actionId.slice(colon + 1);
  switch (verb) {
    case 'lose':
    case 'hold':
    case 'deliver': {
      const m = findMessage(world.network, Number(rest));
      if (!m) return undefined;
      const info = tally.messages.get(m.id) ?? { nth: ordinal(world, m.id) };
      const kind =
        verb === 'deliver'
          ? 'deliver-early'
          : verb === 'hold'
            ? 'hold'
            : m.body.name.endsWith('Response')
              ? 'lose-response'
              : 'lose-request';
      return withRecord({ kind, message: m.body.name, nth: info.nth }, info);
    }
    case 'error': {
      const [id = '', error = ''] = rest.split(':');
      const m = findMessage(world.network, Number(id));
      if (!m) return undefined;
      const info = tally.messages.get(m.id) ?? { nth: ordinal(world, m.id) };
      return withRecord({ kind: 'error-response', request: m.body.name, error, nth: info.nth }, info);
    }
    case 'crash': {
      const last = tally.calls.get(rest);
      if (!last) return { fault: { kind: 'crash', node: rest } };
      return withRecord({ kind: 'crash', node: rest, after: last.call, nth: last.nth }, last);
    }
    case 'restart':
      return { fault: { kind: 'restart', node: rest } };
    case 'timer':
      return describeTimer(world, actionId);
    case 'app': {
      const [node = '', call = ''] = rest.split(':');
      const label = appCalls(world, node).find((c) => c.id === actionId)?.label ?? '';
      const named = /\(([^)=,\s]+)\)/.exec(label)?.[1];
      const record =
        named !== undefined && world.scenario.workload.records.includes(named) ? named : undefined;
      return { fault: { kind: 'call', node, call, ...(record === undefined ? {} : { record }) } };
    }
    case 'fetch':
      return { fault: { kind: 'fetch', node: rest.split(':')[0] ?? '' } };
    default:
      return undefined;
  }
}

/** Faults whose `nth` may count among one record's messages or calls. */
type RecordFault = Extract<FaultEvent['fault'], { nth?: number; record?: string }>;

function withRecord(fault: RecordFault, info: { record?: string; nthOfRecord?: number }): FaultEvent {
  return info.record === undefined
    ? { fault }
    : { fault: { ...fault, record: info.record }, nthOfRecord: info.nthOfRecord ?? 1 };
}

function describeTimer(world: World, actionId: string): FaultEvent | undefined {
  const t = dueTimers(world).find((x) => x.id === actionId);
  if (!t) return undefined;
  if (t.kind === 'network') {
    // "timer:<node>:<Request>:retry": the NetworkClient's request.timeout.ms for a request other than Produce.
    const request = t.event.key?.split(':')[1] ?? '';
    return { fault: { kind: 'timeout', request, node: t.node } };
  }
  const batch = t.event.batchId;
  const producer = batch
    ? (partOf(world, t.node, 'producer')?.context as ProducerContext | undefined)
    : undefined;
  const record = producer?.batches.find((b) => b.id === batch)?.record.id;
  const on = { node: t.node, ...(record === undefined ? {} : { record }) };
  if (t.event.type === 'timer.requestTimeout')
    return { fault: { kind: 'timeout', request: 'Produce', ...on } };
  return { fault: { kind: 'timer', timer: t.event.type.replace(/^timer\./, ''), ...on } };
}

/** Every choice `world` offers that is a fault of this kind, described. Asks only the choices of that kind. */
export function offeredFaults(
  world: World,
  tally: Tally,
  kind: FaultKind,
): { actionId: string; event: FaultEvent }[] {
  const ids: string[] = [];
  switch (kind) {
    case 'lose-request':
    case 'lose-response':
    case 'hold':
    case 'deliver-early': {
      const verb = kind === 'hold' ? 'hold' : kind === 'deliver-early' ? 'deliver' : 'lose';
      for (const m of world.network) ids.push(`${verb}:${m.id}`);
      break;
    }
    case 'crash':
    case 'restart':
      for (const p of world.participants) ids.push(`${kind}:${p.id}`);
      break;
    case 'timeout':
    case 'timer':
      for (const t of dueTimers(world)) ids.push(t.id);
      break;
    case 'call':
      for (const c of appCalls(world)) ids.push(c.id);
      break;
    case 'fetch':
      for (const a of enabledActions(world)) if (a.kind === 'fetch') ids.push(a.id);
      break;
    case 'error-response':
      for (const m of world.network)
        for (const error of RETRIABLE_PRODUCE_ERRORS) ids.push(`error:${m.id}:${error}`);
      break;
  }
  const out: { actionId: string; event: FaultEvent }[] = [];
  for (const actionId of ids) {
    if (!offers(world, actionId)) continue;
    const event = describeChoice(world, tally, actionId);
    if (event && event.fault.kind === kind) out.push({ actionId, event });
  }
  return out;
}

/** Which choices the explorer tries as faults. */
export interface FaultAlphabet {
  /** Hold messages back (reordering): only worth its cost when the guarantee is about order. */
  hold: boolean;
  /** Lose the brokers' replication traffic too (followers' fetches): off by default, it only delays. */
  replication: boolean;
  /**
   * Whose crashes: every client and broker, or brokers only. A producer application that crashes
   * after commitTransaction() cannot know whether it committed and sends again: a produce-only job
   * has no input offsets to commit with its output, so exactly-once ends at one producer session.
   */
  crashes: 'all' | 'brokers';
}

const crashes = (role: string, alphabet: FaultAlphabet): boolean =>
  role === 'broker' ||
  (alphabet.crashes === 'all' &&
    role !== 'sink' &&
    role !== 'txn-coordinator' &&
    role !== 'group-coordinator');

/**
 * The faults the world offers now, as action ids: losing a message, a leader answering a Produce
 * with a retriable error, crashing a client or a broker
 * (coordinators keep their state in their logs; their crash only delays), letting a timer fire early,
 * and holding a message back when asked. Never the natural step, never a plain application call.
 * Built from the world directly (as step.ts offers them), not from `enabledActions`, which also words
 * every label: the explorer asks this of every world it meets.
 */
export function faultChoices(world: World, alphabet: FaultAlphabet): string[] {
  const natural = naturalAction(world);
  const out: string[] = [];
  const role = (node: string) => world.participants.find((p) => p.id === node)?.role;
  for (const m of world.network) {
    if (!alphabet.replication && role(m.from) === 'broker' && role(m.to) === 'broker') continue;
    out.push(`lose:${m.id}`);
    if (m.body.name === 'Produce')
      for (const error of RETRIABLE_PRODUCE_ERRORS)
        if (offers(world, `error:${m.id}:${error}`)) out.push(`error:${m.id}:${error}`);
    if (alphabet.hold && !m.heldBack && world.network.length > 1) out.push(`hold:${m.id}`);
  }
  for (const p of world.participants)
    if (crashes(p.role, alphabet) && !isDown(world, p.id)) out.push(`crash:${p.id}`);
  for (const t of dueTimers(world)) if (t.id !== natural) out.push(t.id);
  return out;
}

/** The Monte-Carlo lab's faults, as the choices that make them. */
export const labChoices = {
  /** The network loses the message the natural step would deliver. */
  lose: (messageId: number) => `lose:${messageId}`,
  crash: (node: string) => `crash:${node}`,
  /**
   * The answer `messageId` comes too late: its client's request.timeout.ms fires first (the Produce
   * batch's timer, or the network client's for other requests). Undefined when no such timer runs.
   */
  timeout(world: World, messageId: number): string | undefined {
    const m = findMessage(world.network, messageId);
    if (!m || !m.body.name.endsWith('Response')) return undefined;
    const id =
      m.body.name === 'ProduceResponse'
        ? `timer:${m.to}:requestTimeout:${m.body.responses[0]?.batchId}`
        : `timer:${m.to}:${m.body.name.slice(0, -'Response'.length)}:retry`;
    return offers(world, id) ? id : undefined;
  },
  /** "app:consumer:process" → the node that just processed a record, if that is what the step did. */
  processedBy: (actionId: string): string | undefined => /^app:([^:]+):process$/.exec(actionId)?.[1],
};
