import type { NodeId } from '../kafka/protocol.ts';
import { NODE } from '../scenarios/nodeIds.ts';

/**
 * How the narration says things, so every sentence follows one convention: nodes as people say them
 * ("the producer", "broker 2"), Kafka's own identifiers (configs, calls, requests, error codes, states)
 * in backticks, which the UI shows in code type and plain-text sinks strip (see `plainText`).
 */

const NODE_NAMES: Record<NodeId, string> = {
  [NODE.producer]: 'the producer',
  [NODE.secondInstance]: 'the second producer',
  [NODE.processor]: 'the processor',
  [NODE.consumer]: 'the consumer',
  [NODE.downstream]: 'the downstream consumer',
  [NODE.txnCoordinator]: 'the transaction coordinator',
  [NODE.groupCoordinator]: 'the group coordinator',
  [NODE.sink]: 'the sink',
};

/** Names worked out so far: the narration names nodes on every step, and ids are few. */
const names = new Map<NodeId, string>();

/** "the producer", "broker 2": the name inside a sentence (see `capitalize` for its start). */
export function nodeName(id: NodeId): string {
  let name = names.get(id);
  if (name === undefined) names.set(id, (name = nameOf(id)));
  return name;
}

function nameOf(id: NodeId): string {
  const broker = /^broker-(\d+)$/.exec(id);
  if (broker) return `broker ${broker[1]}`;
  const reader = /^consumer-p(\d+)$/.exec(id);
  if (reader) return `the consumer of partition ${reader[1]}`;
  // A consumer group's members: "consumer-a" is consumer A.
  const member = /^consumer-([a-z0-9])$/.exec(id);
  if (member) return `consumer ${member[1]?.toUpperCase()}`;
  // A consume–transform–produce group's instances and their transaction coordinators.
  const instance = /^processor-(\d+)$/.exec(id);
  if (instance) return `processor ${instance[1]}`;
  const coordinator = /^txn-coordinator-(\d+)$/.exec(id);
  if (coordinator) return `transaction coordinator ${coordinator[1]}`;
  return NODE_NAMES[id] ?? id;
}

/** The node's name opening a sentence: "The producer", "Broker 2". */
export const Node = (id: NodeId): string => capitalize(nodeName(id));

export const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** A Kafka identifier, in code type. */
export const code = (s: string | number): string => `\`${s}\``;

/** "1 record", "3 records". */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

/** "a", "a and b", "a, b and c". */
export function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** "an `ABORT` marker", "a `COMMIT` marker". */
export const markerOf = (commit: boolean): string => (commit ? `a ${code('COMMIT')}` : `an ${code('ABORT')}`);

/**
 * Puts Kafka's identifiers inside a plain phrase in code type: error codes (`NOT_ENOUGH_REPLICAS`),
 * exceptions, and configs with or without their values (`request.timeout.ms=30000`, `retries=0`). For phrases a component
 * also keeps as plain data (an error it shows in its state), so the data stays plain.
 */
export function withCode(phrase: string): string {
  return phrase.replace(
    /\b(?:[A-Z][A-Z]+(?:_[A-Z]+)+|\w+Exception|[a-z]+(?:\.[a-z]+)*=[\w-]+|[a-z]+(?:\.[a-z]+)+)\b/g,
    (m) => code(m),
  );
}

/** The same text without code marks, for sinks that cannot show code type (SVG titles, Mermaid, alt text). */
export const plainText = (text: string): string => text.replaceAll('`', '');

/**
 * The words a button for a choice about a message shows beside the message: "Answer
 * NOT_ENOUGH_REPLICAS" for the fault "the leader answers with a retriable error" ("error:7:NOT_ENOUGH_REPLICAS").
 */
export function choiceVerb(action: { kind: string; id: string }): string {
  if (action.kind === 'error') return `Answer ${action.id.split(':')[2] ?? 'with an error'}`;
  return capitalize(action.kind);
}
