/**
 * The diagram model: a run's trace turned into lifelines, arrows, notes and transaction spans placed on
 * rows. Pure data, no React, no DOM: the app's SVG diagram and the Mermaid export both read it.
 *
 * Rows follow the trace. Walking the events in order, each of these takes the next row: a `send` (the
 * arrow starts there), a `deliver`/`lose`/`drop` (the arrow ends there), an effect, a note, a
 * transaction's `begin` (the span's first row, where its label goes). So the order on screen is the
 * order things happened, an overtaken message visibly arrives after the one that overtook it, and a
 * lost message's cross sits where the loss happened. One exception keeps request/response chains
 * compact: a message sent by the node that received the previous arrow of the same step starts on that
 * arrow's end row, so the reply leaves from where the request arrived.
 *
 * The model of the whole trace is built once; `diagramUpTo(model, k)` cuts it at step k by filtering,
 * so scrubbing never rebuilds it.
 */
import type { NodeId } from '../kafka/protocol.ts';
import type { Participant, StepRecord, TraceEvent } from '../sim/types.ts';
import { isRoutineMessage } from '../lesson/beats.ts';
import { capitalize, listOf, Node, nodeName } from '../narration/words.ts';
import { leaderChanges, leaderLabels, type LeaderChange } from './leadership.ts';

export interface Lifeline {
  id: NodeId;
  label: string;
  /** 'unknown' for a node the trace mentions but the participants do not list. */
  role: Participant['role'] | 'unknown';
  index: number;
  /** A consumer-group member's group id. */
  group?: string;
}

export type ArrowKind = 'request' | 'response' | 'effect';
export type ArrowStatus = 'delivered' | 'lost' | 'dropped' | 'in-flight' | 'held';

export interface Arrow {
  /** `m<messageId>` for a network message, `e<step>-<event index>` for an effect, `h…` for a hand-off. */
  id: string;
  messageId?: number;
  kind: ArrowKind;
  from: NodeId;
  to: NodeId;
  fromIndex: number;
  toIndex: number;
  /** Kafka request/response name, or the effect ("charge card"). */
  name: string;
  /** Short payload, e.g. "m1 seq=0". */
  summary: string;
  /** 0 for a message already in flight when the trace starts. */
  sentStep: number;
  /** The step it was delivered, lost or dropped; undefined while in flight. */
  endStep?: number;
  /** The first step it was held back, if ever. */
  heldStep?: number;
  status: ArrowStatus;
  row: number;
  /** Where it ends (a lost or dropped one in a cross); undefined while in flight. */
  endRow?: number;
}

export type NoteKind = 'crash' | 'restart' | 'timer' | 'elect' | 'app' | 'state' | 'replication' | 'routine';

export interface Note {
  id: string;
  row: number;
  step: number;
  /** The lifeline the note sits on. */
  node: NodeId;
  kind: NoteKind;
  text: string;
  /** A note that sums up several steps says more as they happen: its text from each step on (`text` is the last). */
  updates?: { step: number; text: string }[];
  /**
   * A fold: the note stands for these messages (ids), drawn as arrows only when `expanded` (the view's
   * choice, DiagramOptions.expanded; the note then stays above them, to fold them again).
   */
  fold?: { messages: number[]; expanded: boolean };
}

export type SpanOutcome = 'commit' | 'abort' | 'open';

/** A transaction of one producer, from its `begin` to its commit or abort. */
export interface Span {
  id: string;
  node: NodeId;
  /** e.g. "Producer transaction (epoch 0)". */
  label: string;
  startRow: number;
  endRow: number;
  startStep: number;
  /** The step that closed it; undefined while open. */
  endStep?: number;
  /**
   * 'open' while unfinished, and also when its producer crashed or was fenced inside it (the span then
   * ends there: that producer will never finish it; the coordinator aborts it, on its own lifeline).
   */
  outcome: SpanOutcome;
}

export interface DiagramModel {
  /** Brokers' labels say who leads at the model's last step (a cut's: at its step). */
  lifelines: Lifeline[];
  /** In row order of their start. */
  arrows: Arrow[];
  notes: Note[];
  spans: Span[];
  /** Rows used: every row index is below this. */
  rows: number;
  /** Leadership over the whole run, and each lifeline's own label, to relabel the lifelines at a cut. */
  leadership: { changes: LeaderChange[]; plainLabels: ReadonlyMap<NodeId, string> };
  /** Blank rows kept after a step for a lesson's climax callout (see DiagramOptions.callout). */
  callout?: Callout;
}

export interface Callout {
  step: number;
  /** The first of its rows, and how many. */
  row: number;
  rows: number;
}

export interface DiagramOptions {
  /** Notes for machine state changes too (off by default: there are several per step). */
  stateNotes?: boolean;
  /**
   * Fold the messages between brokers (followers' fetches, the high watermark travelling) into one
   * note per run of them: "Broker 2 and broker 3 copy offset 0 · high watermark → 1". The lesson's view;
   * exports keep every arrow.
   */
  foldReplication?: boolean;
  /**
   * Fold routine exchanges the lesson does not hinge on (a consumer's start-up: FindCoordinator,
   * OffsetFetch, ListOffsets and their answers; a plain "ok" to a commit or to markers) into one note per
   * run of them, in words: "The consumer has no committed offset yet". Errors are never folded.
   */
  foldRoutine?: boolean;
  /** Folds (their notes' ids) to draw in full, below their note: expanded in place by the user. */
  expanded?: ReadonlySet<string>;
  /** Keep `rows` blank rows right after step `step`: the callout that says a lesson's point goes there. */
  callout?: { step: number; rows: number };
}

const NOTE_KINDS: ReadonlySet<string> = new Set<NoteKind>([
  'crash',
  'restart',
  'timer',
  'elect',
  'app',
  'state',
]);
const isNoteKind = (kind: string): kind is NoteKind => NOTE_KINDS.has(kind);

/** The mutable state of one build; nothing of it escapes `buildDiagram`. */
interface Build {
  lifelines: Lifeline[];
  lifelineIndex: Map<NodeId, number>;
  arrows: Arrow[];
  byMessage: Map<number, Arrow>;
  notes: Note[];
  spans: Span[];
  openSpans: Map<NodeId, Span>;
  next: number;
  /** The last delivery, while its row can still be shared by the receiver's reply. */
  lastDelivery: { step: number; node: NodeId; row: number } | undefined;
  stateNotes: boolean;
  /** Brokers' ids, when replication folds. */
  brokers: ReadonlySet<NodeId> | undefined;
  foldRoutine: boolean;
  expanded: ReadonlySet<string>;
  /** The fold still open to the next foldable message (no other row since), and each folded message's. */
  fold: Fold | undefined;
  foldOf: Map<number, Fold>;
}

/** A run of folded messages and what its note has learnt from them so far. */
interface Fold {
  kind: 'replication' | 'routine';
  note: Note;
  expanded: boolean;
  /** Replication: who copied up to which offset, and the high watermark. */
  copiers: Set<NodeId>;
  offset: number;
  hw: number | undefined;
  /** Routine: one phrase per exchange (a response's replaces its request's), in order. */
  phrases: Map<string, string>;
}

/**
 * A lifeline's name. Coordinators of several transactional.ids are told apart by the id each serves,
 * short enough to stay whole in a lane's header ("Transaction Coordinator (processor-2)" was cut before
 * the id, so the room could not tell whose was whose).
 */
const lifelineLabel = (p: Participant): string =>
  p.role === 'txn-coordinator' && p.serves !== undefined ? `Txn coord · ${p.serves}` : p.label;

/**
 * The participants in drawing order: as the run lists them, except that a group coordinator listed after
 * its group's members (instances of an application drawn on the left) moves to just after the last of
 * them. Their joins, heartbeats and offset commits become short arrows, and on a phone the member and the
 * coordinator that answers it share the screen.
 */
function drawingOrder(participants: Participant[]): Participant[] {
  const coordinator = participants.findIndex((p) => p.role === 'group-coordinator');
  const lastMember = participants.findLastIndex((p, i) => i < coordinator && p.group !== undefined);
  if (coordinator < 0 || lastMember < 0 || lastMember === coordinator - 1) return participants;
  const order = participants.filter((_, i) => i !== coordinator);
  order.splice(lastMember + 1, 0, participants[coordinator] as Participant);
  return order;
}

export function buildDiagram(
  unordered: Participant[],
  steps: StepRecord[],
  options: DiagramOptions = {},
): DiagramModel {
  const participants = drawingOrder(unordered);
  const b: Build = {
    lifelines: participants.map((p, index) => ({
      id: p.id,
      label: lifelineLabel(p),
      role: p.role,
      index,
      ...(p.group === undefined ? {} : { group: p.group }),
    })),
    lifelineIndex: new Map(participants.map((p, i) => [p.id, i])),
    arrows: [],
    byMessage: new Map(),
    notes: [],
    spans: [],
    openSpans: new Map(),
    next: 0,
    lastDelivery: undefined,
    stateNotes: options.stateNotes ?? false,
    brokers: options.foldReplication
      ? new Set(participants.filter((p) => p.role === 'broker').map((p) => p.id))
      : undefined,
    foldRoutine: options.foldRoutine ?? false,
    expanded: options.expanded ?? new Set(),
    fold: undefined,
    foldOf: new Map(),
  };
  addMessagesInFlightAtStart(b, steps);
  let callout: Callout | undefined;
  for (const s of steps) {
    s.events.forEach((e, i) => addEvent(b, e, i));
    if (s.index === options.callout?.step) {
      callout = { step: s.index, row: b.next, rows: options.callout.rows };
      b.next += callout.rows;
      b.lastDelivery = undefined;
    }
  }
  for (const span of b.openSpans.values()) span.endRow = Math.max(span.startRow, b.next - 1);
  const leadership = {
    changes: leaderChanges(participants, steps),
    plainLabels: new Map(b.lifelines.map((l) => [l.id, l.label] as const)),
  };
  const lifelines = relabel(b.lifelines, leadership, steps.at(-1)?.index ?? 0);
  const model = { lifelines, arrows: b.arrows, notes: b.notes, spans: b.spans, rows: b.next, leadership };
  return callout ? { ...model, callout } : model;
}

/**
 * The lifelines with the broker headers of step k. Cuts with the same headers share one array (the
 * model's own when none differs), so scrubbing redraws the lane headers only when leadership moves.
 */
function relabel(lifelines: Lifeline[], leadership: DiagramModel['leadership'], k: number): Lifeline[] {
  const labels = leaderLabels(leadership.plainLabels, leadership.changes, k);
  const wanted = lifelines.map((l) => labels.get(l.id) ?? l.label);
  if (lifelines.every((l, i) => wanted[i] === l.label)) return lifelines;
  const cache = relabelled.get(lifelines) ?? new Map<string, Lifeline[]>();
  relabelled.set(lifelines, cache);
  const key = wanted.join('\n');
  const known = cache.get(key);
  if (known) return known;
  const made = lifelines.map((l, i) => (wanted[i] === l.label ? l : { ...l, label: wanted[i] ?? l.label }));
  cache.set(key, made);
  return made;
}
const relabelled = new WeakMap<readonly Lifeline[], Map<string, Lifeline[]>>();

/**
 * Everything for steps ≤ k, cut from the model of a longer trace: an arrow that ends after k is in
 * flight (or held) at k, a span that closes after k is open. Unchanged items keep their identity.
 */
export function diagramUpTo(model: DiagramModel, k: number): DiagramModel {
  const arrows = model.arrows.filter((a) => a.sentStep <= k).map((a) => arrowAt(a, k));
  const notes = model.notes.filter((n) => n.step <= k).map((n) => noteAt(n, k));
  const begun = model.spans.filter((s) => s.startStep <= k);
  const callout = model.callout && model.callout.step <= k ? model.callout : undefined;
  const rows = Math.max(rowsUsed(arrows, notes, begun), callout ? callout.row + callout.rows : 0);
  const spans = begun.map((s) => spanAt(s, k, rows));
  const lifelines = relabel(model.lifelines, model.leadership, k);
  const upTo = { lifelines, arrows, notes, spans, rows, leadership: model.leadership };
  return callout ? { ...upTo, callout } : upTo;
}

/** A note that sums up several steps, as it read at step k (unchanged notes keep their identity). */
function noteAt(n: Note, k: number): Note {
  if (!n.updates) return n;
  let text = n.text;
  for (const u of n.updates) if (u.step <= k) text = u.text;
  return text === n.text ? n : { ...n, text };
}

function arrowAt(a: Arrow, k: number): Arrow {
  const after = (step: number | undefined) => step !== undefined && step > k;
  if (!after(a.endStep) && !after(a.heldStep)) return a;
  const { endStep: _endStep, endRow: _endRow, heldStep, ...inFlight } = a;
  const held = heldStep !== undefined && heldStep <= k;
  return held ? { ...inFlight, heldStep, status: 'held' } : { ...inFlight, status: 'in-flight' };
}

function spanAt(s: Span, k: number, rows: number): Span {
  if (s.endStep !== undefined && s.endStep <= k) return s;
  const { endStep: _endStep, ...open } = s;
  return { ...open, outcome: 'open', endRow: Math.max(s.startRow, rows - 1) };
}

function rowsUsed(arrows: readonly Arrow[], notes: readonly Note[], spans: readonly Span[]): number {
  let last = -1;
  for (const a of arrows) last = Math.max(last, a.row, a.endRow ?? -1);
  for (const n of notes) last = Math.max(last, n.row);
  for (const s of spans) last = Math.max(last, s.startRow);
  return last + 1;
}

/**
 * Messages the world sent before step 1 appear in the trace only when they settle. They get the first
 * rows, in the order the trace first mentions them, as if sent at step 0.
 */
function addMessagesInFlightAtStart(b: Build, steps: readonly StepRecord[]): void {
  const seen = new Set<number>();
  for (const s of steps)
    for (const e of s.events) {
      if (e.messageId === undefined || seen.has(e.messageId)) continue;
      seen.add(e.messageId);
      // A folded one is drawn (if its fold is expanded) where its fold is.
      if (e.kind !== 'send' && !foldKind(b, e)) addArrow(b, { ...e, step: 0 }, allocate(b));
    }
}

function addEvent(b: Build, e: TraceEvent, i: number): void {
  const kind = foldKind(b, e);
  if (kind) return addFolded(b, e, i, kind);
  b.fold = undefined;
  drawEvent(b, e, i);
}

/** Whether a message event folds, and into what kind of note: replication, or a routine exchange. */
function foldKind(b: Build, e: TraceEvent): Fold['kind'] | undefined {
  if (e.messageId === undefined) return undefined;
  if (b.brokers?.has(e.from) && b.brokers.has(e.to)) return 'replication';
  if (b.foldRoutine && isRoutineMessage(e.name, e.summary)) return 'routine';
  return undefined;
}

/**
 * A folded message's event. Its words go to the fold still open (nothing else drawn since), else to a
 * new one whose note takes the next row: a note says what happened at its place in the trace. The event
 * is drawn as usual when the fold of its message (the one its first event went to) or this one is
 * expanded; drawing leaves the fold open, so a fold holds the same messages expanded or not, and its
 * note keeps its id (from its first event).
 */
function addFolded(b: Build, e: TraceEvent, i: number, kind: Fold['kind']): void {
  const id = e.messageId as number;
  const f = b.fold?.kind === kind ? b.fold : openFold(b, e, i, kind);
  const first = b.foldOf.get(id) ?? f;
  b.foldOf.set(id, first);
  if (!f.note.fold?.messages.includes(id)) f.note.fold?.messages.push(id);
  if (first.expanded || f.expanded) {
    // A message in flight when the trace starts gets its arrow here, under its note.
    if (e.kind !== 'send' && !b.byMessage.has(id)) addArrow(b, { ...e, step: 0 }, allocate(b));
    drawEvent(b, e, i);
  }
  b.fold = f;
  const text = kind === 'replication' ? replicationText(f, e) : routineText(f, e);
  if (text === f.note.text) return;
  f.note.updates = [...(f.note.updates ?? []), { step: e.step, text }];
  f.note.text = text;
}

function openFold(b: Build, e: TraceEvent, i: number, kind: Fold['kind']): Fold {
  const node = kind === 'replication' ? e.to : e.from;
  lifelineOf(b, node);
  const id = kind === 'replication' ? `r${e.step}` : `f${e.step}-${i}`;
  const expanded = b.expanded.has(id);
  const note: Note = {
    id,
    row: allocate(b),
    step: e.step,
    node,
    kind,
    text: '',
    fold: { messages: [], expanded },
  };
  b.notes.push(note);
  return { kind, note, expanded, copiers: new Set(), offset: -1, hw: undefined, phrases: new Map() };
}

/** A message event drawn as an arrow (or an effect, a span, a note). */
function drawEvent(b: Build, e: TraceEvent, i: number): void {
  switch (e.kind) {
    case 'send':
      if (e.messageId !== undefined && !b.byMessage.has(e.messageId)) addArrow(b, e, rowForSend(b, e));
      return;
    case 'deliver':
    case 'lose':
    case 'drop':
      return endArrow(b, e);
    case 'hold':
      return holdArrow(b, e);
    case 'effect':
      return addInstant(b, e, i, 'effect', 'e');
    case 'handoff':
      return addInstant(b, e, i, 'request', 'h');
    case 'txn':
      return addTxn(b, e, i);
    default:
      return addNote(b, e, i);
  }
}

/** A replication fold's words, with what this event adds: "Broker 2 and broker 3 copy up to offset 0 · high watermark 1". */
function replicationText(f: Fold, e: TraceEvent): string {
  // A FetchResponse's summary lists what it carries ("m1@0 hw=1"): who copied what, and the high watermark.
  if (e.kind === 'deliver' && e.name === 'FetchResponse') {
    const copied = [...e.summary.matchAll(/@(\d+)/g)].map((m) => Number(m[1]));
    if (copied.length > 0) f.copiers.add(e.to);
    f.offset = Math.max(f.offset, ...copied);
    const hw = /hw=(\d+)/.exec(e.summary);
    if (hw) f.hw = Math.max(f.hw ?? 0, Number(hw[1]));
  }
  const copied =
    f.copiers.size > 0
      ? `${capitalize(listOf([...f.copiers].map(nodeName)))} ${f.copiers.size === 1 ? 'copies' : 'copy'} up to offset ${f.offset}`
      : 'Followers fetch';
  return `${copied}${f.hw === undefined ? '' : ` · high watermark ${f.hw}`}`;
}

/**
 * A routine fold's words: a phrase per exchange, the answer's replacing the request's ("The consumer
 * asks for its committed offset" → "The consumer has no committed offset yet").
 */
function routineText(f: Fold, e: TraceEvent): string {
  const response = e.name.endsWith('Response');
  const exchange = response ? e.name.slice(0, -'Response'.length) : e.name;
  const client = response ? e.to : e.from;
  // Acknowledgements from several nodes (markers written on each partition) are one phrase each.
  const key = `${client} ${exchange}${response && exchange === 'WriteTxnMarkers' ? ` ${e.from}` : ''}`;
  f.phrases.set(key, routinePhrase(exchange, response, e));
  return [...f.phrases.values()].join(' · ');
}

function routinePhrase(exchange: string, response: boolean, e: TraceEvent): string {
  const client = Node(response ? e.to : e.from);
  // An OffsetFetch answer lists each partition's committed offset ("orders-0=none", "orders-0=2").
  const committed = /=(\d+)/.exec(e.summary)?.[1];
  switch (exchange) {
    case 'FindCoordinator':
      return response ? `${client} finds its group coordinator` : `${client} looks for its group coordinator`;
    case 'OffsetFetch':
      if (!response) return `${client} asks for its committed offset`;
      return committed === undefined
        ? `${client} has no committed offset yet`
        : `${client} resumes at its committed offset ${committed}`;
    case 'ListOffsets':
      return response ? `${client} learns where the log starts` : `${client} asks where the log starts`;
    case 'OffsetCommit':
      return `${Node(e.from)} confirms the commit`;
    case 'TxnOffsetCommit':
      return `${Node(e.from)} confirms the offsets in the transaction`;
    case 'WriteTxnMarkers':
      return `${Node(e.from)} confirms the markers`;
    default:
      return `${Node(e.from)} → ${nodeName(e.to)}: ${e.name}`;
  }
}

function allocate(b: Build): number {
  b.lastDelivery = undefined;
  return b.next++;
}

function rowForSend(b: Build, e: TraceEvent): number {
  const d = b.lastDelivery;
  if (d === undefined || d.step !== e.step || d.node !== e.from) return allocate(b);
  b.lastDelivery = undefined;
  return d.row;
}

function lifelineOf(b: Build, node: NodeId): number {
  const known = b.lifelineIndex.get(node);
  if (known !== undefined) return known;
  // A node missing from the participants still gets a lifeline, so every arrow has both ends.
  const index = b.lifelines.length;
  b.lifelines.push({ id: node, label: node, role: 'unknown', index });
  b.lifelineIndex.set(node, index);
  return index;
}

function addArrow(b: Build, e: TraceEvent, row: number): void {
  const arrow: Arrow = {
    id: `m${e.messageId}`,
    messageId: e.messageId,
    kind: e.name.endsWith('Response') ? 'response' : 'request',
    from: e.from,
    to: e.to,
    fromIndex: lifelineOf(b, e.from),
    toIndex: lifelineOf(b, e.to),
    name: e.name,
    summary: e.summary,
    sentStep: e.step,
    status: 'in-flight',
    row,
  };
  b.arrows.push(arrow);
  if (e.messageId !== undefined) b.byMessage.set(e.messageId, arrow);
}

function endArrow(b: Build, e: TraceEvent): void {
  const arrow = e.messageId === undefined ? undefined : b.byMessage.get(e.messageId);
  if (arrow === undefined || arrow.endStep !== undefined) return;
  arrow.endStep = e.step;
  arrow.endRow = allocate(b);
  arrow.status = e.kind === 'deliver' ? 'delivered' : e.kind === 'lose' ? 'lost' : 'dropped';
  if (e.kind === 'deliver') b.lastDelivery = { step: e.step, node: e.to, row: arrow.endRow };
}

function holdArrow(b: Build, e: TraceEvent): void {
  const arrow = e.messageId === undefined ? undefined : b.byMessage.get(e.messageId);
  if (arrow === undefined || arrow.endStep !== undefined || arrow.heldStep !== undefined) return;
  arrow.heldStep = e.step;
  arrow.status = 'held';
}

/**
 * Something instantaneous, on its own row: an effect on the outside world, or the poll loop handing
 * records to its worker thread, a call inside one process drawn as a request ("executor.submit m1, m2").
 */
function addInstant(b: Build, e: TraceEvent, i: number, kind: 'effect' | 'request', prefix: string): void {
  const row = allocate(b);
  b.arrows.push({
    id: `${prefix}${e.step}-${i}`,
    kind,
    from: e.from,
    to: e.to,
    fromIndex: lifelineOf(b, e.from),
    toIndex: lifelineOf(b, e.to),
    name: e.name,
    summary: e.summary,
    sentStep: e.step,
    endStep: e.step,
    status: 'delivered',
    row,
    endRow: row,
  });
}

function addTxn(b: Build, e: TraceEvent, i: number): void {
  if (e.name === 'begin') {
    // A begin while a span is open (a trace without its end) closes the old one, so spans never overlap.
    closeSpan(b, e.from, e.step, 'open');
    const label = `${b.lifelines[lifelineOf(b, e.from)]?.label ?? e.from} transaction`;
    const row = allocate(b);
    const span: Span = {
      id: `t${e.step}-${i}`,
      node: e.from,
      label: e.summary ? `${label} (${e.summary})` : label,
      startRow: row,
      endRow: row,
      startStep: e.step,
      outcome: 'open',
    };
    b.spans.push(span);
    b.openSpans.set(e.from, span);
  } else if (e.name === 'commit' || e.name === 'abort') {
    closeSpan(b, e.from, e.step, e.name);
  } else if (e.name === 'fatal') {
    // A fenced (fatal) producer can never end its transaction; the coordinator aborts it. The span
    // ends here, unfinished.
    closeSpan(b, e.from, e.step, 'open');
  }
}

function closeSpan(b: Build, node: NodeId, step: number, outcome: SpanOutcome): void {
  const span = b.openSpans.get(node);
  if (span === undefined) return;
  span.endRow = Math.max(span.startRow, b.next - 1);
  span.endStep = step;
  span.outcome = outcome;
  b.openSpans.delete(node);
}

function addNote(b: Build, e: TraceEvent, i: number): void {
  const kind = e.kind;
  if (!isNoteKind(kind) || (kind === 'state' && !b.stateNotes)) return;
  lifelineOf(b, e.from);
  b.notes.push({
    id: `n${e.step}-${i}`,
    row: allocate(b),
    step: e.step,
    node: e.from,
    kind,
    text: noteText(e),
  });
  if (e.kind === 'crash') closeSpan(b, e.from, e.step, 'open');
}

/** The note sits on the node's lifeline, so a "producer: " prefix naming that node is dropped. */
function noteText(e: TraceEvent): string {
  // An election's summary is the narration's paragraph; its name ("leader of orders-0") is the gist.
  const text = e.kind === 'elect' || e.summary === '' ? e.name : e.summary;
  const prefix = `${e.from}: `;
  return text.startsWith(prefix) ? text.slice(prefix.length) : text;
}
