/**
 * Diagram geometry as pure functions: where lifelines stand, where a row is, where an arrow starts and
 * ends and where its message dot is at a given progress. No React, no DOM: easy to test and to reason
 * about, and the animation is just `pointAt(geometry, progress)`.
 */

/** Height of one message row, in px. */
export const ROW_H = 40;
/** Space above the first row (under the sticky header). */
export const TOP_PAD = 10;
/** Space below the last row. */
export const BOTTOM_PAD = 40;
/** Narrowest column where a lifeline's labels are comfortable; narrower, the followers collapse first. */
export const MIN_COL = 136;
/** Narrowest column at all: below it the SVG scrolls horizontally inside its container. */
export const FIT_MIN_COL = 112;
/** Widest column: beyond it the diagram stays centred instead of stretching arrows across the screen. */
export const MAX_COL = 260;
/** Height of the lifeline headers (labels and Crash/Restart buttons). */
export const HEADER_H = 86;

export interface Point {
  x: number;
  y: number;
}

/** Width of a folded strip (lanes nothing involves yet): room for a vertical label and a tap. */
export const FOLDED_COL = 28;

export interface Columns {
  /** Lifeline ids in display order. */
  ids: readonly string[];
  x: ReadonlyMap<string, number>;
  /** An open lane's width (a folded strip is FOLDED_COL wide). */
  colWidth: number;
  width: number;
  /** The folded strips' ids. */
  folded: ReadonlySet<string>;
}

const NO_STRIPS: ReadonlySet<string> = new Set();

/**
 * Lifeline x positions for the available width: equal columns, squeezed down to FIT_MIN_COL so that a
 * narrow embed still shows every lane (labels get shorter), and no wider than MAX_COL. Folded strips
 * take FOLDED_COL each and leave the rest to the open lanes.
 */
export function layoutColumns(
  ids: readonly string[],
  available: number,
  folded: ReadonlySet<string> = NO_STRIPS,
): Columns {
  const strips = ids.filter((id) => folded.has(id)).length;
  const n = Math.max(ids.length - strips, 1);
  const room = available - strips * FOLDED_COL;
  const colWidth = Math.max(FIT_MIN_COL, Math.min(MAX_COL, Math.floor(room / n)));
  const used = colWidth * (ids.length - strips) + strips * FOLDED_COL;
  const width = Math.max(available, used);
  let left = (width - used) / 2;
  const x = new Map<string, number>();
  for (const id of ids) {
    const w = folded.has(id) ? FOLDED_COL : colWidth;
    x.set(id, Math.round(left + w / 2));
    left += w;
  }
  return { ids, x, colWidth, width, folded };
}

/** The lanes whose lifeline lies outside the visible part [left, left + view) of the canvas, per side. */
export function lanesOutOfView(
  cols: Columns,
  left: number,
  view: number,
): { before: string[]; after: string[] } {
  const before: string[] = [];
  const after: string[] = [];
  for (const id of cols.ids) {
    const x = cols.x.get(id) ?? 0;
    if (x < left) before.push(id);
    else if (x > left + view) after.push(id);
  }
  return { before, after };
}

/**
 * The scroll position that brings the next lane out of view on one side wholly into view at that edge:
 * one press of "2 more lanes →" shows one more lane, next to the one it talks to. Null: none is out.
 */
export function scrollToNextLane(
  cols: Columns,
  left: number,
  view: number,
  side: 'before' | 'after',
): number | null {
  const out = lanesOutOfView(cols, left, view);
  const id = side === 'after' ? out.after[0] : out.before[out.before.length - 1];
  if (id === undefined) return null;
  const half = (cols.folded.has(id) ? FOLDED_COL : cols.colWidth) / 2;
  const x = cols.x.get(id) ?? 0;
  const max = Math.max(0, cols.width - view);
  return side === 'after' ? Math.min(max, Math.ceil(x + half - view)) : Math.max(0, Math.floor(x - half));
}

/** The y of a row's arrow line (rows are 0-based). */
export const rowY = (row: number): number => TOP_PAD + row * ROW_H + ROW_H * 0.62;
/** The top of a row's band. */
export const rowTop = (row: number): number => TOP_PAD + row * ROW_H;
export const diagramHeight = (rows: number): number => TOP_PAD + Math.max(rows, 1) * ROW_H + BOTTOM_PAD;

/** The rows [first, last] a scroll viewport shows, widened by `overscan` rows and snapped to buckets. */
export function visibleRows(
  scrollTop: number,
  viewport: number,
  totalRows: number,
  overscan = 24,
  bucket = 16,
): { first: number; last: number } {
  const top = Math.max(0, scrollTop - HEADER_H - TOP_PAD);
  const first = Math.max(0, Math.floor(top / ROW_H / bucket) * bucket - overscan);
  const bottomRow = Math.ceil((top + viewport) / ROW_H);
  const last = Math.min(totalRows, Math.ceil(bottomRow / bucket) * bucket + overscan);
  return { first, last };
}

export type ArrowStatus = 'delivered' | 'lost' | 'dropped' | 'in-flight' | 'held';

/**
 * How far across towards its receiver an arrow's end lies: a lost message stops halfway (its cross
 * sits on the row where it was lost), a dropped one just short of the dead receiver.
 */
export function endFraction(status: ArrowStatus): number {
  return status === 'lost' ? 0.5 : status === 'dropped' ? 0.94 : 1;
}

/** Where the message dot rests along its path: at the end once settled; on the wire while in flight. */
export function dotAt(status: ArrowStatus): number {
  return status === 'in-flight' ? 0.5 : status === 'held' ? 0.35 : 1;
}

export interface ArrowGeometry {
  from: Point;
  to: Point;
  /** A message to the same lifeline (a collapsed pair of followers): drawn as a loop. */
  self: boolean;
}

export function arrowGeometry(x1: number, y1: number, x2: number, y2: number): ArrowGeometry {
  return { from: { x: x1, y: y1 }, to: { x: x2, y: y2 }, self: Math.abs(x1 - x2) < 1 };
}

const SELF_W = 36;

/** The point at fraction t (0…1) of the arrow's full path. */
export function pointAt(g: ArrowGeometry, t: number): Point {
  const u = Math.max(0, Math.min(1, t));
  if (g.self) {
    // Out, down, back: three legs of equal weight.
    const dy = g.to.y - g.from.y || ROW_H * 0.5;
    if (u < 1 / 3) return { x: g.from.x + SELF_W * u * 3, y: g.from.y };
    if (u < 2 / 3) return { x: g.from.x + SELF_W, y: g.from.y + dy * (u * 3 - 1) };
    return { x: g.from.x + SELF_W * (1 - (u * 3 - 2)), y: g.from.y + dy };
  }
  return { x: g.from.x + (g.to.x - g.from.x) * u, y: g.from.y + (g.to.y - g.from.y) * u };
}

/** SVG path data for the arrow up to fraction t of its full path. */
export function pathTo(g: ArrowGeometry, t: number): string {
  const a = g.from;
  if (g.self) {
    const dy = g.to.y - g.from.y || ROW_H * 0.5;
    const pts = [a, { x: a.x + SELF_W, y: a.y }, { x: a.x + SELF_W, y: a.y + dy }, { x: a.x, y: a.y + dy }];
    const end = pointAt(g, t);
    const legs = Math.min(3, Math.floor(Math.max(0, Math.min(1, t)) * 3));
    return `M${pts
      .slice(0, legs + 1)
      .map((p) => `${p.x},${p.y}`)
      .join(' L')} L${end.x},${end.y}`;
  }
  const b = pointAt(g, t);
  return `M${a.x},${a.y} L${b.x},${b.y}`;
}

/** The angle (degrees) the arrow heads at fraction t, for arrowheads and crosses. */
export function angleAt(g: ArrowGeometry, t: number): number {
  const p = pointAt(g, Math.max(0, t - 0.01));
  const q = pointAt(g, Math.min(1, t + 0.01));
  return (Math.atan2(q.y - p.y, q.x - p.x) * 180) / Math.PI;
}

/** Average width of one label character at the diagram's font size, for placement estimates. */
export const CHAR_W = 6.3;
/** The same in the bold of a current arrow's label, rounded up. */
const BOLD_CHAR_W = 7.4;

export interface LabelPlace extends Point {
  anchor: 'start' | 'middle' | 'end';
  /** Rotation in degrees about (x, y); 0 = level. */
  angle: number;
}

/** Beyond this slope a label stays level at the arrow's start instead of following the line. */
const MAX_LABEL_ANGLE = 32;
/**
 * Room a sloping label leaves free at its arrow's sending end when another arrow arrived there. A reply
 * leaves from the point its request landed, so the two lines form a wedge; a label centred on the reply
 * sat inside it and ran into the request's.
 */
export const LABEL_CLEAR = 32;

/** The label's angle: the line's, turned to stay upright (-90°…90°). */
function uprightAngle(g: ArrowGeometry): number {
  const angle = (Math.atan2(g.to.y - g.from.y, g.to.x - g.from.x) * 180) / Math.PI;
  return angle > 90 ? angle - 180 : angle < -90 ? angle + 180 : angle;
}

/** Whether the label is drawn along a sloping line (not level, not steep): only there does `clear` apply. */
export const labelSlopes = (g: ArrowGeometry): boolean => {
  if (g.self) return false;
  const angle = uprightAngle(g);
  return angle !== 0 && Math.abs(angle) <= MAX_LABEL_ANGLE;
};

/**
 * Where the label sits. Along a gently sloping arrow: above it, turned to follow it (kept upright), in
 * the middle or, if it is long, pushed towards the receiver to keep `clear` px free at the sending end.
 * Along a steep one (a message that waited many rows): level, beside its middle.
 * `chars` is the label's length, used to keep a level label inside the diagram. A `whole` label (the
 * lesson's point) is never clipped, so it may be longer than its arrow.
 */
export function labelAt(
  g: ArrowGeometry,
  width: number,
  chars: number,
  clear = 0,
  whole = false,
): LabelPlace {
  if (g.self) return { x: g.from.x + SELF_W + 6, y: g.from.y - 6, anchor: 'start', angle: 0 };
  const dx = g.to.x - g.from.x;
  const dy = g.to.y - g.from.y;
  const angle = uprightAngle(g);
  const margin = 6;
  const half = (chars * CHAR_W) / 2;
  // A whole label longer than its sloping arrow would run past the arrow's ends, and off the canvas
  // beside an edge lane: it goes level above the arrow's upper end instead, kept inside the canvas.
  const boldHalf = (chars * BOLD_CHAR_W) / 2;
  if (whole && Math.abs(angle) <= MAX_LABEL_ANGLE && 2 * boldHalf > Math.hypot(dx, dy) - 10) {
    const x = Math.max(margin + boldHalf, Math.min(width - margin - boldHalf, g.from.x + dx / 2));
    return { x, y: Math.min(g.from.y, g.to.y) - 9, anchor: 'middle', angle: 0 };
  }
  if (Math.abs(angle) <= MAX_LABEL_ANGLE) {
    const length = Math.hypot(dx, dy);
    const centre = labelSlopes(g) ? Math.max(0.5, Math.min((clear + half) / length, 1 - half / length)) : 0.5;
    const mid = pointAt(g, centre);
    const rad = (angle * Math.PI) / 180;
    // 7 px "above" the line, perpendicular to it.
    const x = mid.x + 7 * Math.sin(rad);
    const y = mid.y - 7 * Math.cos(rad);
    if (angle === 0 && x - half < margin) return { x: margin, y, anchor: 'start', angle: 0 };
    if (angle === 0 && x + half > width - margin) return { x: width - margin, y, anchor: 'end', angle: 0 };
    return { x, y, anchor: 'middle', angle: Math.round(angle * 10) / 10 };
  }
  // Level, beside the middle, in a quarter the line does not pass through: to the right (left near the
  // right edge), above the middle if the line's upper half is on the other side, else below it.
  const mid = pointAt(g, 0.5);
  const right = mid.x + 8 + chars * CHAR_W <= width - margin;
  const upperHalfLeft = dx >= 0 === dy >= 0;
  const above = right === upperHalfLeft;
  return {
    x: mid.x + (right ? 8 : -8),
    y: mid.y + (above ? -3 : 12),
    anchor: right ? 'start' : 'end',
    angle: 0,
  };
}

/** One line of a level label: how far a label beside a receiver stands above one beside a sender. */
export const BESIDE_LINE = 14;

/**
 * Where a label of the lesson's point goes when its arrow's middle is a poor place: under the callout
 * (an arrow sent by the point's step and delivered after it) or far above the point (one sent long
 * before and delivered by it). Level, above the row of the arrow's end `at` ('from': the sending
 * end, 'to': the receiving end), on the side of that lifeline away from the line, where nothing else of
 * the exchange is drawn. Beside the sender a pointer says which way the message went:
 * "← EndTxnResponse PRODUCER_FENCED". A reply leaves from where its request landed, so both labels can
 * stand beside the same lane at the same row ("TxnOffsetCommit" and its "UNKNOWN_MEMBER_ID" answer
 * overprinted each other): the receiver's label stands a line higher, the request read above its answer.
 */
export function labelBeside(
  g: ArrowGeometry,
  width: number,
  chars: number,
  at: 'from' | 'to',
): LabelPlace & { pointer: '←' | '→' | '' } {
  const margin = 6;
  const end = at === 'from' ? g.from : g.to;
  const other = at === 'from' ? g.to : g.from;
  const pointer = at === 'to' ? '' : g.to.x < g.from.x ? '←' : '→';
  const y = end.y - 7 - (at === 'to' ? BESIDE_LINE : 0);
  // The bold label of the step on screen is wider than CHAR_W's estimate: kept inside with room to spare.
  const len = (chars + (pointer ? 2 : 0)) * BOLD_CHAR_W;
  if (other.x < end.x) {
    const x = end.x + 8;
    return x + len > width - margin
      ? { x: width - margin, y, anchor: 'end', angle: 0, pointer }
      : { x, y, anchor: 'start', angle: 0, pointer };
  }
  const x = end.x - 8;
  return x - len < margin
    ? { x: margin, y, anchor: 'start', angle: 0, pointer }
    : { x, y, anchor: 'end', angle: 0, pointer };
}

/** A point `dist` px below the arrow at fraction t, perpendicular to it: for status words under a dot or cross. */
export function belowAt(g: ArrowGeometry, t: number, dist: number): Point {
  const p = pointAt(g, t);
  if (g.self) return { x: p.x + 8, y: p.y + dist };
  let angle = Math.atan2(g.to.y - g.from.y, g.to.x - g.from.x);
  if (angle > Math.PI / 2) angle -= Math.PI;
  if (angle < -Math.PI / 2) angle += Math.PI;
  return { x: p.x - dist * Math.sin(angle), y: p.y + dist * Math.cos(angle) };
}

/** Shortens a label to fit roughly `maxChars` characters (the full text stays in the title/tooltip). */
export function clip(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  return `${text.slice(0, Math.max(1, maxChars - 1))}…`;
}

/**
 * The scroll position that brings the current band into view, or null if it is in view: the least
 * movement, like scrollIntoView's 'nearest', below the sticky header and towards the current arrows.
 * The band counts as in view only with room below it (two rows, at most a quarter of the view): a
 * message the step sent travels down from it, and the reader should see where it is heading.
 * The band's `focus`, the lane that acted, is kept a label's half-width inside the view: on a phone a
 * step's arrows can span lanes further apart than the view, and the actor matters more than the far end.
 */
/** How far inside the view's edge the acting lane must be to count as shown: half a lane's label. */
const FOCUS_MARGIN = 68;

const lookahead = (height: number): number => Math.min(2 * ROW_H, Math.floor(height / 4));

export function scrollToShow(
  pos: { top: number; left: number; width: number; height: number },
  band: { from: number; to: number; x1: number; x2: number; focus?: number },
): { top: number; left: number } | null {
  const top = HEADER_H + rowTop(band.from) - 8;
  const bottom = HEADER_H + rowTop(band.to + 1) + 8;
  let nextTop = pos.top;
  const room = lookahead(pos.height);
  if (bottom + room > pos.top + pos.height) nextTop = bottom - pos.height + room;
  if (top - HEADER_H < nextTop) nextTop = Math.max(0, top - HEADER_H);
  let nextLeft = pos.left;
  if (band.x2 > pos.left + pos.width) nextLeft = band.x2 - pos.width;
  if (band.x1 < nextLeft) nextLeft = Math.max(0, band.x1);
  // The lane that acted keeps room for its label, even if the band's far end then leaves the view.
  const { focus } = band;
  if (focus !== undefined) {
    const margin = Math.min(FOCUS_MARGIN, pos.width / 4);
    if (focus > nextLeft + pos.width - margin) nextLeft = focus - pos.width + margin;
    if (focus < nextLeft + margin) nextLeft = Math.max(0, focus - margin);
  }
  if (Math.abs(nextTop - pos.top) < 1 && Math.abs(nextLeft - pos.left) < 1) return null;
  return { top: nextTop, left: nextLeft };
}

/**
 * Where a tooltip or menu of size w×h opens for an arrow, in the canvas's coordinates: below the arrow
 * if it fits inside the visible part of the scroll container (`view`, canvas px), else above it, else
 * whichever side has more room.
 */
export function popoverAt(
  v: { x1: number; x2: number; y1: number; y2: number },
  width: number,
  view: { top: number; bottom: number },
  w: number,
  h: number,
): { left: number; top: number } {
  const left = Math.max(4, Math.min(width - w - 4, (v.x1 + v.x2) / 2 - w / 2));
  const below = HEADER_H + Math.max(v.y1, v.y2) + 14;
  const above = HEADER_H + Math.min(v.y1, v.y2) - 24 - h;
  const top =
    below + h <= view.bottom
      ? below
      : above >= view.top + HEADER_H
        ? above
        : view.bottom - below > above - view.top
          ? below
          : above;
  return { left, top: Math.max(HEADER_H, top) };
}
