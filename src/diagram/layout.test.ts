import { describe, expect, it } from 'vitest';
import {
  arrowGeometry,
  HEADER_H,
  dotAt,
  endFraction,
  CHAR_W,
  FIT_MIN_COL,
  LABEL_CLEAR,
  labelAt,
  labelBeside,
  layoutColumns,
  MIN_COL,
  pathTo,
  pointAt,
  popoverAt,
  ROW_H,
  rowTop,
  scrollToShow,
  visibleRows,
} from './layout.ts';
import { buildLanes, collapseByDefault, laneIndex } from './lanes.ts';

describe('layoutColumns', () => {
  it('gives every lifeline at least FIT_MIN_COL, so a phone scrolls sideways instead of squeezing', () => {
    const cols = layoutColumns(['a', 'b', 'c', 'd', 'e', 'f', 'g'], 360);
    expect(cols.colWidth).toBe(FIT_MIN_COL);
    expect(cols.width).toBe(FIT_MIN_COL * 7);
    expect(cols.x.get('a')).toBe(FIT_MIN_COL / 2);
  });
  it('squeezes columns below MIN_COL to keep every lane of a 720 px embed on screen', () => {
    const cols = layoutColumns(['a', 'b', 'c', 'd', 'e', 'f'], 718);
    expect(cols.colWidth).toBeLessThan(MIN_COL);
    expect(cols.width).toBe(718);
  });
  it('centres the lifelines on a wide screen without stretching arrows past MAX_COL', () => {
    const cols = layoutColumns(['a', 'b'], 1900);
    expect(cols.width).toBe(1900);
    expect((cols.x.get('a') ?? 0) + (cols.x.get('b') ?? 0)).toBe(1900);
  });
});

describe('an arrow at progress p', () => {
  const g = arrowGeometry(0, 10, 200, 10);
  it('places the dot at (p × rest) along its path, like raftscope', () => {
    expect(pointAt(g, 0)).toEqual({ x: 0, y: 10 });
    expect(pointAt(g, 0.5 * dotAt('in-flight'))).toEqual({ x: 50, y: 10 });
    expect(pointAt(g, dotAt('delivered'))).toEqual({ x: 200, y: 10 });
  });
  it('a lost message stops halfway across; a delivered one arrives', () => {
    expect(endFraction('lost')).toBe(0.5);
    expect(endFraction('delivered')).toBe(1);
    expect(pathTo(g, 0.5)).toBe('M0,10 L100,10');
  });
  it('a message between two collapsed followers loops back to its lane', () => {
    const self = arrowGeometry(50, 10, 50, 30);
    expect(self.self).toBe(true);
    expect(pointAt(self, 1)).toEqual({ x: 50, y: 30 });
  });
});

describe('keeping the current row in view', () => {
  const pos = { top: 0, left: 0, width: 400, height: 300 };
  it('does nothing when the band is visible', () => {
    expect(scrollToShow(pos, { from: 0, to: 0, x1: 10, x2: 100 })).toBeNull();
  });
  it('scrolls down to a band below the fold with room for what it sent, and sideways to the arrow', () => {
    const next = scrollToShow(pos, { from: 20, to: 20, x1: 500, x2: 700 });
    expect(next?.top).toBe(HEADER_H + rowTop(21) + 8 - 300 + Math.min(2 * ROW_H, 300 / 4));
    expect(next?.left).toBe(300);
  });
  it('scrolls a band on screen but at the bottom edge up by the room for what it sent', () => {
    // The band's bottom is just inside the view, with less than the two rows of lookahead below it.
    const bandBottom = HEADER_H + rowTop(7) + 8;
    const view = { ...pos, height: bandBottom + ROW_H };
    const next = scrollToShow(view, { from: 6, to: 6, x1: 10, x2: 100 });
    expect(next?.top).toBe(bandBottom - view.height + 2 * ROW_H);
  });
  it('a band wider than the view brings its acting lane into view, not its leftmost one', () => {
    // A poll on a phone: the consumer (x 900) commits to the group coordinator and fetches from broker 1 (x 150).
    const phone = { ...pos, width: 300 };
    expect(scrollToShow(phone, { from: 0, to: 0, x1: 150, x2: 900, focus: 900 })?.left).toBe(900 - 300 + 68);
    // Already in view, with room for its label: no sideways move.
    expect(
      scrollToShow({ ...phone, left: 668 }, { from: 0, to: 0, x1: 150, x2: 900, focus: 900 }),
    ).toBeNull();
    // A band that fits stays whole, its acting lane clear of the edge.
    expect(scrollToShow(phone, { from: 0, to: 0, x1: 500, x2: 700, focus: 700 })?.left).toBe(468);
    // Without a focus, as before: the leftmost lane wins.
    expect(scrollToShow(phone, { from: 0, to: 0, x1: 150, x2: 900 })?.left).toBe(150);
  });
  it('scrolls up to a band hidden under the sticky header', () => {
    const next = scrollToShow({ ...pos, top: 50 * ROW_H }, { from: 3, to: 3, x1: 0, x2: 10 });
    expect(next?.top).toBe(rowTop(3) - 8);
  });
});

describe('windowing', () => {
  it('renders the rows around the viewport, snapped to buckets', () => {
    const { first, last } = visibleRows(100 * ROW_H, 600, 1000);
    expect(first).toBeLessThanOrEqual(100 - 5);
    expect(last).toBeGreaterThanOrEqual(100 + 600 / ROW_H);
    expect(last - first).toBeLessThan(120);
  });
});

describe('collapsing followers', () => {
  const lifelines = [
    { id: 'producer', label: 'Producer', role: 'producer' },
    { id: 'broker-1', label: 'Broker 1 (leader)', role: 'broker' },
    { id: 'broker-2', label: 'Broker 2', role: 'broker' },
    { id: 'broker-3', label: 'Broker 3', role: 'broker' },
    { id: 'consumer', label: 'Consumer', role: 'consumer' },
  ];
  it('routes broker-2 and broker-3 to one lane', () => {
    const lanes = buildLanes(lifelines, true);
    expect(lanes.map((l) => l.label)).toEqual(['Producer', 'Broker 1 (leader)', 'Brokers 2 & 3', 'Consumer']);
    const index = laneIndex(lanes);
    expect(index.get('broker-2')).toBe(index.get('broker-3'));
  });
  it('leaves every lane alone when off', () => {
    expect(buildLanes(lifelines, false)).toHaveLength(5);
  });
  it('collapses by default only where every lane at MIN_COL would not fit', () => {
    expect(buildLanes(lifelines, collapseByDefault(lifelines, 5 * MIN_COL))).toHaveLength(5);
    expect(buildLanes(lifelines, collapseByDefault(lifelines, 5 * MIN_COL - 1))).toHaveLength(4);
    // One follower has nothing to share a lane with.
    const three = lifelines.slice(0, 3);
    expect(buildLanes(three, collapseByDefault(three, 100))).toHaveLength(3);
  });
});

describe('labels of sloping arrows', () => {
  // A request arriving at x = 300 and the response leaving from there: the wedge of a round trip.
  const request = arrowGeometry(160, 100, 300, 140);
  const response = arrowGeometry(300, 140, 160, 180);
  const distanceFromSender = (g: ReturnType<typeof arrowGeometry>, chars: number) => {
    const p = labelAt(g, 1000, chars, LABEL_CLEAR);
    return Math.hypot(p.x - g.from.x, p.y - g.from.y) - (chars * CHAR_W) / 2;
  };
  it('sit in the middle when they are short', () => {
    const p = labelAt(request, 1000, 6);
    expect(p.anchor).toBe('middle');
    expect(p.x).toBeCloseTo(230 + 7 * Math.sin(Math.atan2(40, 140)), 5);
  });
  it('keep the asked-for room free at a wedge, so a reply label leaves its request label alone', () => {
    expect(distanceFromSender(response, 16)).toBeGreaterThanOrEqual(LABEL_CLEAR - 7.01);
    // Centred (no room asked for), the same label starts closer to the wedge's point than that.
    const centred = labelAt(response, 1000, 16);
    const centredStart = Math.hypot(centred.x - 300, centred.y - 140) - (16 * CHAR_W) / 2;
    expect(centredStart).toBeLessThan(LABEL_CLEAR - 7);
  });
  it('stay centred where no arrow arrived at the sending end', () => {
    expect(labelAt(response, 1000, 16)).toEqual(labelAt(response, 1000, 16, 0));
    expect(labelAt(response, 1000, 16).x).toBeCloseTo(230 - 7 * Math.sin(Math.atan2(40, 140)), 5);
  });
  it('never run past the receiving end to make room: a long one ends at the receiver', () => {
    // 19 characters (about 120 px) on a 146 px line: the room asked for and the label do not both fit.
    const chars = 19;
    const p = labelAt(response, 1000, chars, LABEL_CLEAR);
    const rad = Math.atan2(-40, 140);
    // Back from the label's centre to the line, then half its length on towards the receiver.
    const onLine = { x: p.x - 7 * Math.sin(rad), y: p.y + 7 * Math.cos(rad) };
    const end = Math.hypot(onLine.x - 300, onLine.y - 140) + (chars * CHAR_W) / 2;
    expect(end).toBeCloseTo(Math.hypot(140, 40), 5);
  });
  it('a level or steep arrow ignores the room asked for', () => {
    const level = arrowGeometry(300, 100, 100, 100);
    const steep = arrowGeometry(300, 100, 260, 300);
    expect(labelAt(level, 1000, 16, LABEL_CLEAR)).toEqual(labelAt(level, 1000, 16));
    expect(labelAt(steep, 1000, 16, LABEL_CLEAR)).toEqual(labelAt(steep, 1000, 16));
  });
});

describe('popovers', () => {
  const arrow = { x1: 100, x2: 300, y1: 400, y2: 440 };
  it('open below the arrow when that is in view', () => {
    expect(popoverAt(arrow, 1000, { top: 0, bottom: 1000 }, 200, 100).top).toBe(HEADER_H + 454);
  });
  it('open above it when below would be out of view', () => {
    expect(popoverAt(arrow, 1000, { top: 0, bottom: HEADER_H + 460 }, 200, 100).top).toBe(
      HEADER_H + 400 - 124,
    );
  });
});

describe("labels beside a lane at the lesson's point", () => {
  /** A level label's box: bold characters at most 7.4 px wide, 11 px of text above the baseline, 3 below. */
  const box = (p: { x: number; y: number; anchor: string }, chars: number) => {
    const w = chars * 7.4;
    const left = p.anchor === 'start' ? p.x : p.anchor === 'end' ? p.x - w : p.x - w / 2;
    return { left, right: left + w, top: p.y - 11, bottom: p.y + 3 };
  };
  const overlap = (a: ReturnType<typeof box>, b: ReturnType<typeof box>) =>
    a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

  it('a request landing at the point and the reply leaving from there do not overprint each other', () => {
    // Processor 1 (x 65) → group coordinator (x 610), landing at y 300; the answer goes back under the callout.
    const request = arrowGeometry(65, 260, 610, 300);
    const reply = arrowGeometry(610, 300, 65, 560);
    const asked = 'TxnOffsetCommit';
    const answered = '← TxnOffsetCommitResponse UNKNOWN_MEMBER_ID';
    for (const width of [700, 1100, 1900]) {
      const a = labelBeside(request, width, asked.length, 'to');
      const b = labelBeside(reply, width, answered.length - 2, 'from');
      expect(overlap(box(a, asked.length), box(b, answered.length)), `width ${width}`).toBe(false);
      // The request reads above its answer, both above the row they meet at.
      expect(a.y).toBeLessThan(b.y);
      expect(b.y).toBeLessThan(300);
    }
  });
});
