import type { KafkaMessage, NodeId, PartitionId, RecordId } from '../kafka/protocol.ts';
import type { GrownList } from './grownList.ts';

/** One lifeline of the sequence diagram, in display order. */
export interface Participant {
  id: NodeId;
  label: string;
  role: 'producer' | 'broker' | 'txn-coordinator' | 'group-coordinator' | 'consumer' | 'sink' | 'worker';
  /** A broker: the partitions it leads when the run starts (the diagram's lane header follows later elections). */
  leads?: PartitionId[];
  /** A consumer-group member or per-partition reader: its group's id (the diagram groups their lanes). */
  group?: string;
  /** A transaction coordinator among several: the transactional.id it serves (its lane's name). */
  serves?: string;
}

/** A request or response on the simulated network. */
export interface InFlightMessage {
  id: number;
  from: NodeId;
  to: NodeId;
  sentAt: number;
  /** Held back: messages on other connections overtake it (on its own, what follows it waits behind it). */
  heldBack: boolean;
  body: KafkaMessage;
  /** A short payload for arrows, e.g. "m1 seq=0". */
  summary: string;
  /**
   * Set when its connection ended while it was on the wire (an end crashed, or the client closed it):
   * `dead` — nobody reads it; `senderGone` — the request may still be handled, but the answer goes to
   * a connection that no longer exists (a restarted client is a new instance).
   */
  connection?: 'dead' | 'senderGone';
}

export type TraceKind =
  | 'send' // a message leaves `from` for `to`
  | 'deliver' // it arrives
  | 'lose' // the network loses it
  | 'drop' // it reaches a crashed node and vanishes
  | 'hold' // it is held back
  | 'crash'
  | 'restart'
  | 'timer'
  | 'state' // a component's machine state changed
  | 'app' // the application called the client
  | 'effect' // an effect outside Kafka (the sink)
  | 'elect' // the controller chose a partition leader
  | 'handoff' // the poll loop hands records to its worker thread (`executor.submit`)
  | 'txn'; // a transaction span: name is 'begin' | 'commit' | 'abort' | 'fatal' (the producer can never end it)

export interface TraceEvent {
  step: number;
  time: number;
  kind: TraceKind;
  from: NodeId;
  to: NodeId;
  /** Kafka request/response name, state name, timer or call name. */
  name: string;
  summary: string;
  messageId?: number;
}

export type ActionKind =
  | 'deliver'
  | 'lose'
  | 'hold'
  /** The leader answers a Produce with a retriable error. */
  | 'error'
  | 'crash'
  | 'restart'
  | 'timer'
  | 'app'
  | 'fetch';

/** A choice the world offers now. Ids are stable: the same world offers the same ids. */
export interface EnabledAction {
  id: string;
  kind: ActionKind;
  label: string;
  /** The node the action happens at (for messages: the receiver). */
  node: NodeId;
  messageId?: number;
  /** Exactly one enabled action is the happy path's next step. */
  natural: boolean;
}

export interface StepRecord {
  index: number; // 1-based; step 0 is the initial world
  action: string;
  label: string;
  time: number;
  narration: string;
  events: TraceEvent[];
}

export interface Stats {
  roundTrips: number; // requests sent
  bytesOnWire: number;
  /** The record of every Produce request sent, in order: a record's attempts are its copies here. */
  produced: GrownList<RecordId>;
  /**
   * Every acknowledgement a producer received, in order: the record and the offset the leader gave it. An
   * acknowledged record can still be lost (acks=1 and a failover), and the ledger says so.
   */
  acknowledged: GrownList<{ record: RecordId; offset: number }>;
  /**
   * Every effect outside Kafka, in the order they ran: a record whose effect ran twice is here twice.
   * A list the worlds of a run share, so an effect costs the same however many ran before it.
   */
  effects: GrownList<RecordId>;
  /** When the first Produce request was sent (the clock only moves forward: the earliest of all). */
  firstProducedAt: number | null;
  lastDeliveredAt: number;
}

export interface InvariantViolation {
  step: number;
  invariant: string;
  detail: string;
}

export type { PartitionId };
