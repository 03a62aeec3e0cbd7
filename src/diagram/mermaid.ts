/**
 * A run as Mermaid `sequenceDiagram` text, for export and sharing. Built from the diagram model, so it
 * shows what the app's diagram shows, cut at the same step.
 *
 * Ordering: a sequence diagram reads as the order of receipt, so each message is written where it was
 * delivered, lost or dropped (its `deliver`/`lose`/`drop` event), not where it was sent; notes, effects
 * and transaction boundaries are written where they happened. Messages still in flight (or held back)
 * come last, in the order they were sent. The model's rows already follow that event order, so this
 * module sorts by row and never looks at the trace itself.
 */
import type { NodeId } from '../kafka/protocol.ts';
import type { Participant, StepRecord } from '../sim/types.ts';
import {
  buildDiagram,
  diagramUpTo,
  type Arrow,
  type DiagramModel,
  type Lifeline,
  type Span,
  type SpanOutcome,
} from './model.ts';

export interface MermaidOptions {
  /** Number the messages (default true). */
  autonumber?: boolean;
  /** Cut the run at this step, as the diagram does at that cursor. */
  upToStep?: number;
  title?: string;
}

export function toMermaid(
  participants: Participant[],
  steps: StepRecord[],
  options: MermaidOptions = {},
): string {
  const full = buildDiagram(participants, steps);
  const model = options.upToStep === undefined ? full : diagramUpTo(full, options.upToStep);
  const ids = mermaidIds(model.lifelines);
  const head = ['sequenceDiagram'];
  if (options.title) head.push(`  title ${escapeText(options.title)}`);
  for (const l of model.lifelines) head.push(`  participant ${idOf(ids, l.id)} as ${escapeText(l.label)}`);
  if (options.autonumber ?? true) head.push('  autonumber');
  const w = new RectWriter();
  for (const entry of entriesInOrder(model, ids)) writeEntry(w, entry, ids);
  for (const a of model.arrows) if (a.endRow === undefined) w.content(arrowLine(a, ids));
  return [...head, ...w.finish()].join('\n') + '\n';
}

// ---- order ----------------------------------------------------------------------------------------

type Entry =
  | { row: number; rank: 0; open: Span }
  | { row: number; rank: 1; line: string }
  | { row: number; rank: 2; close: Span };

/**
 * What has settled, by row; on a shared row a span opens before and closes after the rest (a span's
 * end row is the row of the last thing inside it). The sort is stable: ties keep the model's order.
 */
function entriesInOrder(model: DiagramModel, ids: Ids): Entry[] {
  const entries: Entry[] = [];
  for (const s of model.spans) {
    entries.push({ row: s.startRow, rank: 0, open: s });
    if (s.endStep !== undefined) entries.push({ row: s.endRow, rank: 2, close: s });
  }
  for (const a of model.arrows)
    if (a.endRow !== undefined) entries.push({ row: a.endRow, rank: 1, line: arrowLine(a, ids) });
  for (const n of model.notes) entries.push({ row: n.row, rank: 1, line: noteLine(n.node, n.text, ids) });
  return entries.sort((x, y) => x.row - y.row || x.rank - y.rank);
}

function writeEntry(w: RectWriter, e: Entry, ids: Ids): void {
  if (e.rank === 1) return w.content(e.line);
  if (e.rank === 0) return w.begin(e.open, noteLine(e.open.node, e.open.label, ids));
  const word = CLOSING_WORD[e.close.outcome];
  w.end(e.close, word === undefined ? undefined : noteLine(e.close.node, word, ids));
}

// ---- transactions as rect blocks ---------------------------------------------------------------------

const RECT_COLOUR: Record<SpanOutcome, string> = {
  commit: 'rgba(46, 160, 67, 0.15)',
  abort: 'rgba(218, 54, 51, 0.15)',
  open: 'rgba(128, 128, 128, 0.15)',
};

/** A span closed as 'open' ended with its producer's crash, whose note already says so. */
const CLOSING_WORD: Partial<Record<SpanOutcome, string>> = {
  commit: 'transaction committed',
  abort: 'transaction aborted',
};

/**
 * Writes lines inside properly nested `rect … end` blocks although transactions of different producers
 * may interleave. `open` lists the spans open in the trace, oldest first; `written` the rects open in
 * the text, always a prefix of `open`. Closing a span that is not innermost ends the rects above it
 * too; those are reopened lazily, before the next line that belongs inside them, so no rect is empty.
 */
class RectWriter {
  private readonly lines: string[] = [];
  private readonly open: Span[] = [];
  private written = 0;

  begin(span: Span, label: string): void {
    this.open.push(span);
    this.content(label);
  }

  /** Writes a line inside every open span (or only the spans up to `through`, itself included). */
  content(line: string, through = this.open.length): void {
    for (; this.written < through; this.written++) {
      this.lines.push(`${this.indent()}rect ${RECT_COLOUR[(this.open[this.written] as Span).outcome]}`);
    }
    this.lines.push(`${this.indent()}${line}`);
  }

  end(span: Span, lastLine: string | undefined): void {
    const at = this.open.indexOf(span);
    if (at < 0) return;
    if (lastLine !== undefined) {
      // The closing line belongs to this span only: rects opened after it end first.
      this.endDownTo(at + 1);
      this.content(lastLine, at + 1);
    }
    this.endDownTo(at);
    this.open.splice(at, 1);
  }

  finish(): string[] {
    this.endDownTo(0);
    return this.lines;
  }

  private endDownTo(depth: number): void {
    while (this.written > depth) {
      this.written--;
      this.lines.push(`${this.indent()}end`);
    }
  }

  private indent(): string {
    return '  '.repeat(this.written + 1);
  }
}

// ---- lines ------------------------------------------------------------------------------------------

const STATUS_SUFFIX: Record<Arrow['status'], string> = {
  delivered: '',
  lost: ' (lost)',
  dropped: ' (dropped)',
  'in-flight': ' (in flight)',
  held: ' (held back)',
};

/** `->>` delivered, `-x` lost or dropped, `-)` in flight; a response's line is dashed (`--`). */
function arrowLine(a: Arrow, ids: Ids): string {
  const head = a.status === 'delivered' ? '>>' : a.status === 'lost' || a.status === 'dropped' ? 'x' : ')';
  const op = `${a.kind === 'response' ? '--' : '-'}${head}`;
  const text = `${`${a.name} ${a.summary}`.trim()}${STATUS_SUFFIX[a.status]}`;
  return `${idOf(ids, a.from)}${op}${idOf(ids, a.to)}: ${escapeText(text)}`;
}

function noteLine(node: NodeId, text: string, ids: Ids): string {
  return `Note over ${idOf(ids, node)}: ${escapeText(text)}`;
}

/**
 * Mermaid ends a text at `;` (a statement separator) and `#` (a comment), reads `%%{…}%%` anywhere as a
 * directive, and may treat `<…>` as HTML; all of them are written as its entity codes (`#35;` is `#`).
 */
function escapeText(text: string): string {
  return text
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .trim()
    .replace(/[#;%<>]/g, (c) => `#${c.charCodeAt(0)};`);
}

// ---- participant ids ----------------------------------------------------------------------------------

type Ids = ReadonlyMap<NodeId, string>;

/** Words Mermaid's sequence lexer takes as keywords (case-insensitively) wherever an id could start. */
const KEYWORDS = new Set([
  'accdescr',
  'acctitle',
  'activate',
  'actor',
  'alt',
  'and',
  'as',
  'autonumber',
  'box',
  'break',
  'create',
  'critical',
  'deactivate',
  'destroy',
  'details',
  'else',
  'end',
  'link',
  'links',
  'loop',
  'note',
  'off',
  'opt',
  'option',
  'over',
  'par',
  'par_over',
  'participant',
  'properties',
  'rect',
  'sequencediagram',
  'title',
]);

/** Node ids as Mermaid identifiers: `broker-1` → `broker_1`; distinct nodes keep distinct ids. */
function mermaidIds(lifelines: readonly Lifeline[]): Ids {
  const ids = new Map<NodeId, string>();
  const used = new Set<string>();
  for (const l of lifelines) {
    let base = l.id.replace(/[^A-Za-z0-9_]/g, '_');
    // A leading digit would lex as a number.
    if (!/^[A-Za-z_]/.test(base)) base = `n_${base}`;
    if (KEYWORDS.has(base.toLowerCase())) base = `${base}_`;
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}_${n}`;
    used.add(id);
    ids.set(l.id, id);
  }
  return ids;
}

/** Every node of the model has a lifeline (the model adds missing ones), so the fallback never runs. */
function idOf(ids: Ids, node: NodeId): string {
  return ids.get(node) ?? node;
}
