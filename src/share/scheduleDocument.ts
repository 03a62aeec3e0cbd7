import { RETRIABLE_PRODUCE_ERRORS, type KafkaMessageName } from '../kafka/protocol.ts';
import type { Fault, FaultKind, Schedule } from '../lab/faults.ts';
import { clip, LIMITS, quote } from './limits.ts';

/**
 * A scenario document's `faults`: the lab's fault vocabulary (src/lab/faults.ts) read from a file or a
 * link. Every problem names the fault and field it concerns, as the rest of the document's reader does;
 * nothing here throws.
 */

/** What a fault may name; `nodes` and `records` come from the scenario the schedule belongs to. */
export interface ScheduleContext {
  records: readonly string[];
  nodes: readonly string[];
}

export interface ScheduleProblem {
  path: string;
  message: string;
}

/** Faults a schedule may hold: more than a run's choices could never all hit. */
export const MAX_FAULTS = 100;

// Records keyed by the unions make the compiler check these lists against the types in both directions.
const MESSAGES: Record<KafkaMessageName, true> = {
  Produce: true,
  ProduceResponse: true,
  Fetch: true,
  FetchResponse: true,
  ListOffsets: true,
  ListOffsetsResponse: true,
  OffsetCommit: true,
  OffsetCommitResponse: true,
  OffsetFetch: true,
  OffsetFetchResponse: true,
  InitProducerId: true,
  InitProducerIdResponse: true,
  AddPartitionsToTxn: true,
  AddPartitionsToTxnResponse: true,
  AddOffsetsToTxn: true,
  AddOffsetsToTxnResponse: true,
  TxnOffsetCommit: true,
  TxnOffsetCommitResponse: true,
  EndTxn: true,
  EndTxnResponse: true,
  WriteTxnMarkers: true,
  WriteTxnMarkersResponse: true,
  JoinGroup: true,
  JoinGroupResponse: true,
  SyncGroup: true,
  SyncGroupResponse: true,
  Heartbeat: true,
  HeartbeatResponse: true,
  LeaveGroup: true,
  LeaveGroupResponse: true,
};
const REQUESTS = Object.keys(MESSAGES).filter((m) => !m.endsWith('Response'));
const RESPONSES = Object.keys(MESSAGES).filter((m) => m.endsWith('Response'));

/** The applications' calls a crash may follow or a fault may make early (src/sim/apps.ts). */
const CALLS = [
  'send',
  'poll',
  'process',
  'commitSync',
  'initTransactions',
  'beginTransaction',
  'sendOffsetsToTransaction',
  'commitTransaction',
  'abortTransaction',
  'close',
];

/** Timers a `timer` fault may fire early; request.timeout.ms is the `timeout` kind's. */
const TIMERS = [
  'deliveryTimeout',
  'retryBackoff',
  'produceExpiry',
  'autoCommit',
  'transactionTimeout',
  'markerRetry',
  'replicaLag',
];

type FieldKind = 'request' | 'response' | 'message' | 'record' | 'nth' | 'node' | 'call' | 'timer' | 'error';

/** Each kind's fields: which reader checks it, and whether the fault needs it. */
const KINDS: Record<FaultKind, Record<string, { read: FieldKind; required: boolean }>> = {
  'lose-request': { message: req('request'), record: opt('record'), nth: opt('nth') },
  'lose-response': { message: req('response'), record: opt('record'), nth: opt('nth') },
  hold: { message: req('message'), record: opt('record'), nth: opt('nth') },
  'deliver-early': { message: req('message'), record: opt('record'), nth: opt('nth') },
  crash: { node: req('node'), after: opt('call'), record: opt('record'), nth: opt('nth') },
  restart: { node: req('node') },
  timeout: { request: req('request'), node: opt('node'), record: opt('record') },
  timer: { timer: req('timer'), node: opt('node'), record: opt('record') },
  'error-response': { request: req('request'), error: req('error'), record: opt('record'), nth: opt('nth') },
  call: { node: req('node'), call: req('call'), record: opt('record') },
  fetch: { node: req('node') },
};
function req(read: FieldKind) {
  return { read, required: true };
}
function opt(read: FieldKind) {
  return { read, required: false };
}

const list = (names: readonly string[]) => names.map((n) => `"${n}"`).join(', ');

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What is wrong with one field's value, as a sentence about `at`; null when it is right. The value comes
 * before the list of names, so a long list cut to a notice's length keeps what was wrong.
 */
function fieldProblem(read: FieldKind, value: unknown, context: ScheduleContext, at: string): string | null {
  const got = `got ${quote(value)}`;
  const oneOf = (names: readonly string[], what: string) =>
    typeof value === 'string' && names.includes(value)
      ? null
      : `${at} must be ${what}, ${got} (${list(names)})`;
  switch (read) {
    case 'request':
      return oneOf(REQUESTS, 'a Kafka request name');
    case 'response':
      return oneOf(RESPONSES, 'a Kafka response name');
    case 'message':
      return oneOf([...REQUESTS, ...RESPONSES], 'a Kafka message name');
    case 'record':
      return oneOf(context.records, 'a record of the workload');
    case 'node':
      return oneOf(context.nodes, "one of the scenario's participants");
    case 'call':
      return oneOf(CALLS, "an application's call");
    case 'timer':
      return oneOf(TIMERS, 'a timer name');
    case 'error':
      return oneOf(RETRIABLE_PRODUCE_ERRORS, 'an error a leader may answer a Produce with');
    case 'nth':
      return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= LIMITS.choices
        ? null
        : `${at} must be a whole number from 1 (the 1st) to ${LIMITS.choices.toLocaleString('en')}, ${got}`;
  }
}

function readFault(value: unknown, path: string, context: ScheduleContext, out: ScheduleProblem[]) {
  if (!isRecord(value)) {
    out.push({ path, message: `${path} must be a fault: an object with a "kind", got ${quote(value)}` });
    return;
  }
  const kind = value.kind;
  if (typeof kind !== 'string' || !Object.hasOwn(KINDS, kind)) {
    out.push({
      path: `${path}.kind`,
      message: `${path}.kind must be one of ${list(Object.keys(KINDS))}, got ${quote(kind)}`,
    });
    return;
  }
  const fields = KINDS[kind as FaultKind];
  for (const key of Object.keys(value)) {
    if (key === 'kind') continue;
    const at = `${path}.${clip(key, LIMITS.quoted)}`;
    const field = Object.hasOwn(fields, key) ? fields[key] : undefined;
    if (!field) {
      out.push({
        path: at,
        message: `${quote(key)} is not a field of a "${kind}" fault; its fields are ${list(Object.keys(fields))}`,
      });
      continue;
    }
    const problem = fieldProblem(field.read, value[key], context, at);
    if (problem) out.push({ path: at, message: problem });
  }
  for (const [key, field] of Object.entries(fields))
    if (field.required && value[key] === undefined)
      out.push({ path: `${path}.${key}`, message: `${path}.${key} is missing; a "${kind}" fault names it` });
}

/** `faults` checked against the scenario it belongs to; the schedule when every fault is right. */
export function readSchedule(
  value: unknown,
  context: ScheduleContext,
): { ok: true; schedule: Schedule } | { ok: false; problems: ScheduleProblem[] } {
  if (!Array.isArray(value) || value.length > MAX_FAULTS)
    return {
      ok: false,
      problems: [
        {
          path: 'faults',
          message: `faults must be a list of at most ${MAX_FAULTS} faults, got ${quote(value)}`,
        },
      ],
    };
  const problems: ScheduleProblem[] = [];
  value.forEach((fault: unknown, i) => readFault(fault, `faults[${i}]`, context, problems));
  return problems.length > 0 ? { ok: false, problems } : { ok: true, schedule: value as Fault[] };
}
