/**
 * What the diagram draws, read off the diagram model: arrow views, outages, label room. Pure functions
 * shared by the live diagram (SequenceDiagram) and the static one (app/static), so both draw the same.
 * Everything Kafka-specific comes from the model; these only pick what is drawn.
 */
import { isDown, type World } from '../sim/world.ts';
import type { Lane } from './lanes.ts';
import { endFraction, ROW_H, rowY, type ArrowStatus } from './layout.ts';
import type { Arrow as ModelArrow, DiagramModel, Lifeline as ModelLifeline } from './model.ts';

/** What an arrow looks like at the cursor; every field is a primitive so `memo` compares cheaply. */
export interface ArrowView {
  id: string;
  messageId: number | null;
  kind: 'request' | 'response' | 'effect';
  status: ArrowStatus;
  /** "Produce m1 acks=all" */
  text: string;
  /** What the tooltip and the accessible name say in full. */
  description: string;
  /** Where it leaves its sender (the send row). */
  x1: number;
  y1: number;
  /**
   * Where its path ends: the receiver on the end row; halfway across for a lost one; for one in
   * flight, the receiver on the row the next event will take ("now").
   */
  x2: number;
  y2: number;
  /** Another arrow arrived where this one leaves: the label keeps clear of that corner. */
  wedge: boolean;
}

/** A stretch of a lifeline during which one of its nodes was down. `until` null = still down. */
export interface Outage {
  node: string;
  nodeLabel: string;
  from: number;
  until: number | null;
  /** What the model's notes say about the crash and the restart (shown as the markers' titles). */
  text: string;
  restartText: string;
}

const STATUS_WORD: Record<ArrowView['status'], string> = {
  delivered: 'delivered',
  lost: 'lost',
  dropped: 'dropped (the receiver was down)',
  'in-flight': 'in flight',
  held: 'held back',
};

/** participant id → its label, cached per lifelines array. */
export function labelsOf(lifelines: readonly ModelLifeline[]): Map<string, string> {
  const cached = labelCache.get(lifelines);
  if (cached) return cached;
  const m = new Map(lifelines.map((l) => [l.id, l.label] as const));
  labelCache.set(lifelines, m);
  return m;
}
const labelCache = new WeakMap<object, Map<string, string>>();

/**
 * Where an arrow is drawn at the cursor. The model places its start on its send row and its end on the
 * row where it was delivered, lost or dropped; one still in flight points at the receiver on the next
 * free row ("now"), so it slants further the longer it waits and lands exactly there if delivered next.
 */
function arrowView(
  a: ModelArrow,
  x: ReadonlyMap<string, number>,
  laneOf: ReadonlyMap<string, string>,
  nowRow: number,
  wedge = false,
): ArrowView {
  const x1 = x.get(laneOf.get(a.from) ?? a.from) ?? 0;
  const xTo = x.get(laneOf.get(a.to) ?? a.to) ?? 0;
  const y1 = rowY(a.row);
  let y2 = rowY(a.endRow ?? Math.max(nowRow, a.row + 1));
  // A loop on one lane (collapsed followers) needs some height even when it starts and ends on a row.
  if (x1 === xTo && y2 === y1) y2 = y1 + ROW_H * 0.5;
  const text = `${a.name} ${a.summary}`.trim();
  return {
    id: a.id,
    messageId: a.messageId ?? null,
    kind: a.kind,
    status: a.status,
    text,
    description: `${text} from ${a.from} to ${a.to}, ${STATUS_WORD[a.status]}`,
    x1,
    y1,
    x2: x1 + (xTo - x1) * endFraction(a.status),
    y2,
    wedge,
  };
}

/**
 * Every arrow of a cut diagram, as drawn. An arrow that leaves the lane and row where another one
 * arrived, back towards the side that one came from (a reply leaving from where its request landed),
 * is marked `wedge`: the two lines close in on each other there, and its label keeps clear of that
 * corner. One leaving to the other side continues the line instead, and keeps its label centred.
 */
export function arrowViews(
  d: DiagramModel,
  x: ReadonlyMap<string, number>,
  laneOf: ReadonlyMap<string, string>,
): ArrowView[] {
  const lane = (node: string) => laneOf.get(node) ?? node;
  const xOf = (node: string) => x.get(lane(node)) ?? 0;
  // lane@row → the side (-1 left, 1 right) each arrow that arrived there came from.
  const arrivals = new Map<string, Set<number>>();
  for (const a of d.arrows) {
    if (a.status !== 'delivered' || a.endRow === undefined) continue;
    const key = `${lane(a.to)}@${a.endRow}`;
    arrivals.set(key, (arrivals.get(key) ?? new Set()).add(Math.sign(xOf(a.from) - xOf(a.to))));
  }
  return d.arrows.map((a) => {
    const side = Math.sign(xOf(a.to) - xOf(a.from));
    const wedge = side !== 0 && (arrivals.get(`${lane(a.from)}@${a.row}`)?.has(side) ?? false);
    return arrowView(a, x, laneOf, d.rows, wedge);
  });
}

/** The labels of a lane's nodes that are down in `world`, joined ("" if all are up). */
export function downLabels(lane: Lane, world: World, lifelines: readonly ModelLifeline[]): string {
  const labels = labelsOf(lifelines);
  return lane.nodes
    .filter((n) => isDown(world, n))
    .map((n) => labels.get(n) ?? n)
    .join(', ');
}

/**
 * How many characters an arrow's label may take: a level label may run past its arrow's ends into the
 * neighbouring columns (sloping ones are fitted to their length in Arrow).
 */
export function maxLabelChars(view: ArrowView, colWidth: number): number {
  const span = Math.max(1, Math.abs(view.x2 - view.x1) / colWidth);
  return Math.max(12, Math.floor((colWidth * (Math.min(span, 4) + 0.9)) / 6.4));
}

export function outagesOf(d: DiagramModel, lifelines: readonly ModelLifeline[]): Outage[] {
  const labels = labelsOf(lifelines);
  const out: Outage[] = [];
  for (const n of d.notes) {
    if (n.kind === 'crash')
      out.push({
        node: n.node,
        nodeLabel: labels.get(n.node) ?? n.node,
        from: n.row,
        until: null,
        text: n.text,
        restartText: '',
      });
    else if (n.kind === 'restart') {
      const open = [...out].reverse().find((o) => o.node === n.node && o.until === null);
      if (open) {
        open.until = n.row;
        open.restartText = n.text;
      }
    }
  }
  return out;
}
