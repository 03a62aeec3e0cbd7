import type { Participant, StepRecord } from '../sim/types.ts';

/**
 * Beats: what one press of Next shows. A beat is a run of consecutive steps that make one point; the
 * routine traffic around a point (replication, a consumer finding its starting offset, plain
 * acknowledgements) folds into the beat before it. Beats are a view over steps: the trace, the CLI and
 * links keep every step.
 */

/** Start-up exchanges of a consumer: it finds its starting offset before the lesson begins. */
const START_UP = new Set([
  'FindCoordinator',
  'FindCoordinatorResponse',
  'OffsetFetch',
  'OffsetFetchResponse',
  'ListOffsets',
  'ListOffsetsResponse',
  // A group member's join (classic protocol); a rebalance's cause (a LeaveGroup, an error) is never folded.
  'JoinGroup',
  'JoinGroupResponse',
  'SyncGroup',
  'SyncGroupResponse',
]);

/** Answers that only say "done": the request they answer was the point. */
const PLAIN_ACKS = new Set([
  'OffsetCommitResponse',
  'WriteTxnMarkersResponse',
  'TxnOffsetCommitResponse',
  'LeaveGroupResponse',
  'HeartbeatResponse',
]);

/** An error code in a message's summary ("UNSTABLE_OFFSET_COMMIT"): never routine. */
const ERROR_CODE = /\b[A-Z]{2,}(?:_[A-Z]+)+\b/;

export type Roles = ReadonlyMap<string, Participant['role']>;

export const rolesOf = (participants: readonly Participant[]): Roles =>
  new Map(participants.map((p) => [p.id, p.role]));

/**
 * Whether a message is routine wherever it appears: a consumer's start-up exchange, or a plain "ok"
 * answering a request the lesson showed. A message carrying an error code never is.
 */
export const isRoutineMessage = (name: string, summary: string): boolean =>
  !ERROR_CODE.test(summary) && (START_UP.has(name) || PLAIN_ACKS.has(name));

/**
 * Whether a step is routine: a follower's fetch, a member's heartbeat, a message between two brokers (replication, the high
 * watermark travelling), a message reaching a crashed node, a consumer's start-up exchange, or a plain
 * "ok" that answers a request shown before. Errors are never routine.
 */
export function isRoutine(step: StepRecord, roles: Roles): boolean {
  if (step.action.startsWith('fetch:')) return true;
  // A group member's heartbeat thread: its news, if any, is in the answer (an error code, never folded).
  if (step.action.startsWith('timer:') && step.action.endsWith(':heartbeat')) return true;
  const e = step.events[0];
  if (!e || (e.kind !== 'deliver' && e.kind !== 'drop')) return false;
  if (e.kind === 'drop') return true;
  if (roles.get(e.from) === 'broker' && roles.get(e.to) === 'broker') return true;
  return isRoutineMessage(e.name, e.summary);
}

/**
 * An application call that neither sends, hands records to a worker thread nor touches the outside world
 * (`beginTransaction()`): it shares a beat with what follows it rather than taking a press of its own.
 */
const isLocalCall = (step: StepRecord): boolean =>
  step.action.startsWith('app:') &&
  !step.events.some((e) => e.kind === 'send' || e.kind === 'effect' || e.kind === 'handoff');

/**
 * Where a beat that must begin at step `i` (1-based: a lesson's scripted choice, its point) really begins:
 * the local calls just before it (`beginTransaction()`) share its beat, as they share any other's, rather
 * than taking a press that shows nothing.
 */
export function forcedBeatStart(
  steps: readonly StepRecord[],
  i: number,
  forced: ReadonlySet<number>,
): number {
  let start = i;
  // A local call that is itself forced (a scripted `send()` the learner should see coming) keeps its press.
  while (start > 1 && !forced.has(start - 1) && isLocalCall(steps[start - 2] as StepRecord)) start--;
  return start;
}

/** Whether a step gives its beat something to show: neither routine nor a local call. */
export const isSignificant = (step: StepRecord, roles: Roles): boolean =>
  !isRoutine(step, roles) && !isLocalCall(step);

/** The message a step delivers, if it is a delivery. */
const deliveredMessage = (step: StepRecord): number | undefined => {
  const e = step.events[0];
  return e?.kind === 'deliver' ? e.messageId : undefined;
};

const sends = (step: StepRecord, messageId: number): boolean =>
  step.events.some((e) => e.kind === 'send' && e.messageId === messageId);

export interface BeatRule {
  /**
   * Lessons tell a story: a request's delivery, and the answers it causes, continue the beat that sent
   * the request, so one Next shows a whole exchange. Free play keeps every message delivery its own beat,
   * so the user can still catch a message in flight and break it.
   */
  chains: boolean;
  /** Steps (1-based indices) that always begin a beat: a lesson's scripted choices and its climax. */
  forced?: ReadonlySet<number>;
  /**
   * Lessons: each instance's group (a consumer group's members are instances of one application). The
   * same call made by another instance of the application in a row (each processor's `initTransactions()`)
   * continues the beat: a teacher tells them in one breath, and the learner presses once for them.
   */
  instances?: ReadonlyMap<string, string>;
}

/** `app:<node>:<call>` as its node and call. */
const appCall = (action: string): { node: string; call: string } | undefined => {
  const [verb, node, call] = action.split(':');
  return verb === 'app' && node && call ? { node, call } : undefined;
};

/** Whether step `i` repeats, for another instance of the same application, a call made since `start`. */
function repeatsForAnotherInstance(
  steps: readonly StepRecord[],
  i: number,
  start: number,
  instances: ReadonlyMap<string, string>,
): boolean {
  const made = appCall((steps[i - 1] as StepRecord).action);
  const group = made && instances.get(made.node);
  if (!made || group === undefined) return false;
  for (let j = i - 1; j >= start; j--) {
    const earlier = appCall((steps[j - 1] as StepRecord).action);
    if (earlier?.call === made.call && earlier.node !== made.node && instances.get(earlier.node) === group)
      return true;
  }
  return false;
}

/**
 * Whether step `i` (1-based) begins a new beat, given where the current beat began (`start`, the index
 * of its first step) and whether that beat has shown anything but routine steps yet. Looks back at most
 * to `start`, so a press of Next costs the length of one beat, never of the run.
 */
export function beginsBeat(
  steps: readonly StepRecord[],
  i: number,
  beat: { start: number; significant: boolean },
  roles: Roles,
  rule: BeatRule,
): boolean {
  if (rule.forced?.has(i)) return true;
  const s = steps[i - 1] as StepRecord;
  if (isRoutine(s, roles)) return false;
  // A beat of chatter or local calls so far (a run's start-up, `beginTransaction()`) takes the next step in.
  if (!beat.significant) return false;
  if (!rule.chains) return true;
  if (rule.instances && repeatsForAnotherInstance(steps, i, beat.start, rule.instances)) return false;
  const m = deliveredMessage(s);
  if (m === undefined) return true;
  for (let j = i - 1; j >= beat.start; j--) if (sends(steps[j - 1] as StepRecord, m)) return false;
  return true;
}

/**
 * The cursor positions where beats end, for a whole recorded run (position k = after step k). Used for
 * lessons, whose path is fixed: computed once per lesson.
 */
export function beatEnds(steps: readonly StepRecord[], roles: Roles, rule: BeatRule): number[] {
  const ends: number[] = [];
  let beat = { start: 1, significant: false };
  for (let i = 1; i <= steps.length; i++) {
    if (i > 1 && beginsBeat(steps, i, beat, roles, rule)) {
      ends.push(i - 1);
      beat = { start: i, significant: false };
    }
    if (isSignificant(steps[i - 1] as StepRecord, roles)) beat.significant = true;
  }
  if (steps.length > 0) ends.push(steps.length);
  return ends;
}

/**
 * Free play: the end of the beat that begins after `cursor` among recorded steps (the step after
 * `cursor` begins a beat). Routine steps after a significant one join it.
 */
export function nextBeatEnd(
  steps: readonly StepRecord[],
  cursor: number,
  length: number,
  roles: Roles,
): number {
  if (cursor >= length) return length;
  const beat = { start: cursor + 1, significant: isSignificant(steps[cursor] as StepRecord, roles) };
  let i = cursor + 2;
  for (; i <= length; i++) {
    if (beginsBeat(steps, i, beat, roles, { chains: false })) break;
    if (isSignificant(steps[i - 1] as StepRecord, roles)) beat.significant = true;
  }
  return i - 1;
}

/**
 * Free play: the start of the beat that ends at `cursor`, i.e. where Back goes. Routine steps belong to
 * the significant step before them, so it is the last significant step at or before `cursor`, less one.
 */
export function previousBeatEnd(steps: readonly StepRecord[], cursor: number, roles: Roles): number {
  const stepAt = (k: number) => steps[k - 1] as StepRecord;
  const skipRoutine = (k: number) => {
    while (k >= 1 && isRoutine(stepAt(k), roles)) k--;
    return k;
  };
  let first = skipRoutine(cursor);
  let before = skipRoutine(first - 1);
  // Local calls (`beginTransaction()`) share the beat of the step after them.
  while (before >= 1 && isLocalCall(stepAt(before))) {
    first = before;
    before = skipRoutine(first - 1);
  }
  // The first significant step shares its beat with the start-up chatter before it.
  return before <= 0 ? 0 : first - 1;
}

/**
 * The steps a beat's narration tells, in order: its significant ones (the routine ones are what the
 * beat folds away), or its last step when it has none.
 */
export function toldSteps(
  steps: readonly StepRecord[],
  from: number,
  to: number,
  roles: Roles,
): StepRecord[] {
  const told: StepRecord[] = [];
  for (let i = from + 1; i <= to; i++) {
    const s = steps[i - 1] as StepRecord;
    if (!isRoutine(s, roles)) told.push(s);
  }
  const last = steps[to - 1];
  return told.length > 0 || !last ? told : [last];
}
