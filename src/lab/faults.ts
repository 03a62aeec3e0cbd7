import type { NodeId, RecordId } from '../kafka/protocol.ts';

/**
 * A fault described by what it hits, not by a run's action id: "lose the 1st ProduceResponse for m1",
 * "crash the consumer after it processes m5", "let request.timeout.ms fire for m2". Action ids differ
 * between configurations (message ids are handed out in sending order); these descriptions do not, so
 * one schedule applies to any configuration that produces the events it names.
 *
 * Every field but `kind` narrows the match; a field left out matches anything. `nth` counts among the
 * messages of that name (for that record, when `record` is given), or for a crash among the node's
 * calls of `after` (for that record, when given).
 */
export type Fault =
  /** The network loses a request (`message` is its Kafka name) or an answer, or holds one back. */
  | {
      kind: 'lose-request' | 'lose-response' | 'hold' | 'deliver-early';
      message: string;
      record?: RecordId;
      nth?: number;
    }
  /** A node crashes; with `after`, right after its application's call of that name (poll, process…). */
  | { kind: 'crash'; node: NodeId; after?: string; record?: RecordId; nth?: number }
  /** A crashed node restarts before the natural path would restart it. */
  | { kind: 'restart'; node: NodeId }
  /** The client's request.timeout.ms fires for a request (a Produce's for `record`). */
  | { kind: 'timeout'; request: string; node?: NodeId; record?: RecordId }
  /** Any other timer fires before it is the natural step (delivery.timeout.ms, replica.lag.time.max.ms…). */
  | { kind: 'timer'; timer: string; node?: NodeId; record?: RecordId }
  /** The receiver answers a request with an error code. No choice offers it yet: it never hits. */
  | { kind: 'error-response'; request: string; error: string; record?: RecordId; nth?: number }
  /** An application call made before it is the natural step. */
  | { kind: 'call'; node: NodeId; call: string; record?: RecordId }
  /** A follower's fetch made when it is not the natural step. */
  | { kind: 'fetch'; node: NodeId };

export type FaultKind = Fault['kind'];

/** A list of faults, applied in order, each at the first event it matches after the one before. */
export type Schedule = Fault[];

/**
 * What one offered choice would do, described as the most specific fault: `fault.nth` counts among the
 * message's name (or the node's calls), `nthOfRecord` among those for the same record.
 */
export interface FaultEvent {
  fault: Fault;
  nthOfRecord?: number;
}

/** Whether `fault` names the event: every field it gives is the event's. */
export function matches(fault: Fault, event: FaultEvent): boolean {
  if (fault.kind !== event.fault.kind) return false;
  const given = event.fault as Record<string, unknown>;
  for (const [key, value] of Object.entries(fault)) {
    if (key === 'nth') {
      const nth = (fault as { record?: string }).record === undefined ? given['nth'] : event.nthOfRecord;
      if (nth !== value) return false;
    } else if (given[key] !== value) return false;
  }
  return true;
}

const ORDINALS = ['th', 'st', 'nd', 'rd'];
/** 1st, 2nd, 3rd, 4th, 11th, 21st… */
export function nthWord(n: number): string {
  const teen = n % 100 >= 11 && n % 100 <= 13;
  return `${n}${teen ? 'th' : (ORDINALS[n % 10] ?? 'th')}`;
}

const forRecord = (record: RecordId | undefined) => (record === undefined ? '' : ` for ${record}`);
const which = (nth: number | undefined) => (nth === undefined ? 'the first' : `the ${nthWord(nth)}`);

/** The fault in words: "lose the 1st ProduceResponse for m1". */
export function describeFault(f: Fault): string {
  switch (f.kind) {
    case 'lose-request':
    case 'lose-response':
      return `lose ${which(f.nth)} ${f.message}${forRecord(f.record)}`;
    case 'hold':
      return `hold back ${which(f.nth)} ${f.message}${forRecord(f.record)}`;
    case 'deliver-early':
      return `deliver ${which(f.nth)} ${f.message}${forRecord(f.record)} before older messages`;
    case 'crash':
      return f.after === undefined
        ? `crash the ${f.node}`
        : `crash the ${f.node} right after its ${f.nth === undefined ? '' : `${nthWord(f.nth)} `}${f.after}${f.record === undefined ? '' : `(${f.record})`}`;
    case 'restart':
      return `restart the ${f.node} early`;
    case 'timeout':
      return `let request.timeout.ms fire for ${f.request}${forRecord(f.record)}`;
    case 'timer':
      return `let ${f.timer} fire${forRecord(f.record)}`;
    case 'error-response':
      return `answer ${which(f.nth)} ${f.request}${forRecord(f.record)} with ${f.error}`;
    case 'call':
      return `the ${f.node} calls ${f.call}${f.record === undefined ? '' : `(${f.record})`} early`;
    case 'fetch':
      return `${f.node} fetches early`;
  }
}
