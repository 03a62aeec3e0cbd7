import { assertEvent } from 'xstate';
import type { Address, KafkaMessage, LogEntry, NodeId } from '../kafka/protocol.ts';

/**
 * How machines talk to the world. Machines never touch the network or the clock: the world feeds them
 * events stamped with the simulated time and reads back the actions a pure `transition()` returns.
 */

/** A Kafka request or response arriving at a node, e.g. `kafka.Produce`. */
export type KafkaEvent = {
  [K in KafkaMessage['name']]: {
    type: `kafka.${K}`;
    from: NodeId;
    now: number;
    message: Extract<KafkaMessage, { name: K }>;
  };
}[KafkaMessage['name']];

export type KafkaEventOf<K extends KafkaMessage['name']> = Extract<KafkaEvent, { type: `kafka.${K}` }>;

export interface CrashEvent {
  type: 'node.crash';
  now: number;
}
export interface RestartEvent {
  type: 'node.restart';
  now: number;
}

/** Action params: put a message on the network. */
export interface SendParams {
  to: Address;
  message: KafkaMessage;
  /** The client sends it only after this long: a retry's back-off (the Sender sleeps retry.backoff.ms). */
  delayMs?: number;
}

/** Action params: a plain-language sentence about what just happened, and why it matters. */
export interface NarrateParams {
  text: string;
}

/** Action params: something the diagram shows that is not a message (a transaction span, an effect). */
export interface MarkParams {
  kind: 'txn' | 'effect';
  name: string;
  summary: string;
  to?: NodeId;
}

/** Action params: send()'s callback fired for a record (the application learns the outcome). */
export interface CallbackParams {
  record: string;
  ok: boolean;
  /** The offset the leader acknowledged: absent when nobody answered (acks=0) or the send failed. */
  offset?: number;
}

/**
 * Action params: a partition leader asks the controller to change the ISR (AlterPartition, KIP-497).
 * The controller owns the ISR; a leader's own view is only a proposal until the controller takes it.
 */
export interface AlterPartitionParams {
  partition: string;
  leaderEpoch: number;
  isr: NodeId[];
}

/**
 * Action params: the poll loop hands records to a worker thread of its own process
 * (`executor.submit`): no message on the network, a call inside the application.
 */
export interface HandOffParams {
  to: NodeId;
  records: LogEntry[];
}

/** The action implementations are no-ops: the world interprets the action objects `transition()` returns. */
export const ioActions = {
  send: (_: unknown, _params: SendParams) => {},
  narrate: (_: unknown, _params: NarrateParams) => {},
  mark: (_: unknown, _params: MarkParams) => {},
  callback: (_: unknown, _params: CallbackParams) => {},
  alterPartition: (_: unknown, _params: AlterPartitionParams) => {},
  handOff: (_: unknown, _params: HandOffParams) => {},
};

/** Builders for enqueueActions, so handlers read as Kafka prose rather than action plumbing. */
export const send = (to: Address, message: KafkaMessage, delayMs?: number) => ({
  type: 'send' as const,
  params: delayMs === undefined ? { to, message } : { to, message, delayMs },
});
export const narrate = (text: string) => ({ type: 'narrate' as const, params: { text } });

export const mark = (params: MarkParams) => ({ type: 'mark' as const, params });

export const callback = (params: CallbackParams) => ({ type: 'callback' as const, params });

export const alterPartition = (params: AlterPartitionParams) => ({ type: 'alterPartition' as const, params });

export const handOff = (params: HandOffParams) => ({ type: 'handOff' as const, params });

export type IoAction =
  | ReturnType<typeof send>
  | ReturnType<typeof narrate>
  | ReturnType<typeof mark>
  | ReturnType<typeof callback>
  | ReturnType<typeof alterPartition>
  | ReturnType<typeof handOff>;
/** Handlers report what they send and say through this, and return the next context. */
export type Emit = (action: IoAction) => void;

interface Enqueuer<C> {
  (action: IoAction): void;
  assign(update: () => Partial<C>): void;
}

/**
 * Adapts a pure handler `(context, event, emit) → context` to XState's `enqueueActions`, so the
 * Kafka rules stay plain functions that tests can call directly. The handler emits straight into the
 * queue: only the io actions reach the world, and the assign (which has nothing to execute) only has to
 * come after them. It assigns through a function: XState copies an object's keys one by one before
 * merging them into a copy of the context, and these contexts are whole ones.
 */
export function handledBy<C, E>(handler: (context: C, event: E, emit: Emit) => C) {
  return ({ context, event, enqueue }: { context: C; event: E; enqueue: Enqueuer<C> }) => {
    const next = handler(context, event, enqueue);
    if (next !== context) enqueue.assign(() => next);
  };
}

/**
 * Named actions for a machine whose context is C and events E: `on('kafka.JoinGroup', handler)` runs the
 * pure handler for those events only (assertEvent narrows the event, so a handler wired to the wrong
 * event fails loudly instead of reading fields that are not there). For enqueueActions in setup().
 */
export function handlersFor<C, E extends { type: string }>() {
  return <T extends E['type']>(
    types: T | readonly T[],
    handler: (context: C, event: Extract<E, { type: T }>, emit: Emit) => C,
  ) => {
    // Built once per action, not per event: these run on every transition of every machine.
    const expected = (typeof types === 'string' ? [types] : types) as T[];
    const handle = handledBy(handler);
    return ({ context, event, enqueue }: { context: C; event: E; enqueue: Enqueuer<C> }) => {
      assertEvent(event, expected);
      handle({ context, event: event as unknown as Extract<E, { type: T }>, enqueue });
    };
  };
}
