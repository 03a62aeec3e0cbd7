/**
 * Lanes: the lifelines as drawn. Usually one per participant; with "collapse followers" on, the
 * brokers after the first one share a single "Followers" lane and their arrows end there (an arrow
 * between two followers becomes a loop on that lane). In a narrow window, lanes the lesson and the run
 * do not involve (involved.ts) fold further, into a slim labelled strip. Pure functions, no React.
 */

import { MIN_COL } from './layout.ts';

export interface LaneSource {
  id: string;
  label: string;
  role: string;
}

export interface Lane {
  id: string;
  label: string;
  role: string;
  /** The participants drawn on this lane (one, the collapsed followers, or a folded strip's). */
  nodes: string[];
  /** A slim strip standing for lanes nothing involves yet; the reader can open it. */
  folded?: boolean;
}

export const FOLLOWERS_LANE = 'followers';

/** The brokers that collapse: every broker after the first one the scenario lists. */
export function followersOf(lifelines: readonly LaneSource[]): string[] {
  const brokers = lifelines.filter((l) => l.role === 'broker').map((l) => l.id);
  return brokers.slice(1);
}

/**
 * Whether followers collapse when the user has not said: only when every lane at its comfortable
 * width (MIN_COL) does not fit, so a docs embed or a 1280 px laptop shows the consumer and the sink instead of
 * scrolling them out of view. The user's toggle always wins.
 */
export function collapsesByDefault(lifelines: readonly LaneSource[], width: number): boolean {
  return followersOf(lifelines).length >= 2 && tooNarrow(lifelines, width);
}

/** Whether every lane at its comfortable width (MIN_COL) does not fit: then idle lanes fold too. */
export function tooNarrow(lifelines: readonly LaneSource[], width: number): boolean {
  return lifelines.length * MIN_COL > width;
}

/**
 * Lanes whose nodes are none of them `involved` fold, each run of neighbours into one strip (its id is
 * its first lane's with a "folded:" prefix). Nothing folds while nothing is involved yet (a run with no
 * lesson, before its first step): the reader would otherwise see only strips.
 */
export function foldIdleLanes(lanes: readonly Lane[], involved: ReadonlySet<string>): Lane[] {
  const idle = (lane: Lane) => lane.nodes.every((n) => !involved.has(n));
  if (lanes.every(idle)) return [...lanes];
  const out: Lane[] = [];
  let strip: Lane[] = [];
  const flush = () => {
    const first = strip[0];
    if (first)
      out.push({
        id: `folded:${first.id}`,
        label: strip.map((l) => l.label).join(' · '),
        role: strip.length === 1 ? first.role : 'folded',
        nodes: strip.flatMap((l) => l.nodes),
        folded: true,
      });
    strip = [];
  };
  for (const lane of lanes) {
    if (idle(lane)) strip.push(lane);
    else {
      flush();
      out.push(lane);
    }
  }
  flush();
  return out;
}

export function buildLanes(lifelines: readonly LaneSource[], collapsed: boolean): Lane[] {
  const followers = followersOf(lifelines);
  if (!collapsed || followers.length < 2)
    return lifelines.map((l) => ({ id: l.id, label: l.label, role: l.role, nodes: [l.id] }));
  const lanes: Lane[] = [];
  for (const l of lifelines) {
    if (!followers.includes(l.id)) lanes.push({ id: l.id, label: l.label, role: l.role, nodes: [l.id] });
    else if (l.id === followers[0])
      lanes.push({
        id: FOLLOWERS_LANE,
        label: sharedLabel(lifelines, followers),
        role: 'broker',
        nodes: followers,
      });
  }
  return lanes;
}

/** "Brokers 2 & 3" (a follower may lead after a failover, so the lane is not called "followers"). */
function sharedLabel(lifelines: readonly LaneSource[], ids: readonly string[]): string {
  const nums = ids.map((id) => /^broker-(\d+)$/.exec(id)?.[1]);
  if (nums.every((n) => n !== undefined)) return `Brokers ${nums.join(' & ')}`;
  return ids.map((id) => lifelines.find((l) => l.id === id)?.label ?? id).join(' + ');
}

/** participant id → lane id. */
export function laneIndex(lanes: readonly Lane[]): Map<string, string> {
  const m = new Map<string, string>();
  for (const lane of lanes) for (const n of lane.nodes) m.set(n, lane.id);
  return m;
}
