/**
 * Lanes: the lifelines as drawn. Usually one per participant; with "collapse" on, each group of
 * look-alike lanes (laneGroups: the brokers after the first one, the producer applications) shares a
 * single lane and their arrows end there (an arrow between two of them becomes a loop on that lane).
 * In a narrow window, lanes the lesson and the run do not involve (involved.ts) fold further, into a
 * slim labelled strip. Pure functions, no React.
 */

import { MIN_COL } from './layout.ts';

export interface LaneSource {
  id: string;
  label: string;
  role: string;
  /** A consumer-group member's group id: the members of one group share a lane when collapsed. */
  group?: string;
}

export interface Lane {
  id: string;
  label: string;
  role: string;
  /** The participants drawn on this lane (one, a collapsed group's, or a folded strip's). */
  nodes: string[];
  /** A slim strip standing for lanes nothing involves yet; the reader can open it. */
  folded?: boolean;
  /** A consumer group's lane, or one of its members' (the header names the group). */
  group?: string;
}

export const FOLLOWERS_LANE = 'followers';
export const PRODUCERS_LANE = 'producers';
/** The prefix of a consumer group's shared lane ("group:orders-app"). */
export const GROUP_LANE = 'group';
/** The prefix of a process's lane shared with its worker threads. */
export const THREADS_LANE = 'threads';

/** Lanes that share one when collapsed; its id, label and role are the shared lane's. */
export interface LaneGroup {
  id: string;
  /** What the collapse control calls them ("followers"). */
  name: string;
  label: string;
  role: string;
  nodes: string[];
  /** A consumer group's id, for its members' lanes. */
  group?: string;
  /**
   * Whether it collapses in a narrow window before the user says so: the followers do (replication is
   * folded into notes, so their lanes mostly repeat each other), the producers do not (each is its own
   * application, and telling them apart is what a lesson with two of them is about).
   */
  byDefault: boolean;
}

/** What collapses: every group, the narrow window's default ones, or none. */
export type Collapse = boolean | 'by-default';

/**
 * The groups a scenario's lanes collapse into, each of two lanes or more: the followers (every broker
 * after the first one the scenario lists), a consumer and its worker thread, and the producer
 * applications (a lesson's two applications, a zombie's second instance).
 */
export function laneGroups(lifelines: readonly LaneSource[]): LaneGroup[] {
  const ids = (role: string) => lifelines.filter((l) => l.role === role).map((l) => l.id);
  const followers = ids('broker').slice(1);
  const producers = ids('producer');
  const groups: LaneGroup[] = [];
  if (followers.length >= 2)
    groups.push({
      id: FOLLOWERS_LANE,
      name: 'followers',
      label: brokersLabel(lifelines, followers),
      role: 'broker',
      nodes: followers,
      byDefault: true,
    });
  // A worker thread stands right after the process it runs in: the two share a lane when collapsed.
  lifelines.forEach((l, i) => {
    const host = lifelines[i - 1];
    if (l.role !== 'worker' || !host) return;
    groups.push({
      id: `${THREADS_LANE}:${host.id}`,
      name: 'worker threads',
      label: `${host.label} + worker`,
      role: host.role,
      nodes: [host.id, l.id],
      byDefault: false,
    });
  });
  if (producers.length >= 2)
    groups.push({
      id: PRODUCERS_LANE,
      name: 'producers',
      label: `Producers (${producers.length})`,
      role: 'producer',
      nodes: producers,
      byDefault: false,
    });
  // Each consumer group's members (or per-partition readers): not by default either, since which member
  // does what is what a rebalance lesson is about.
  for (const group of new Set(lifelines.flatMap((l) => (l.group === undefined ? [] : [l.group])))) {
    const members = lifelines.filter((l) => l.group === group).map((l) => l.id);
    if (members.length >= 2)
      groups.push({
        id: `${GROUP_LANE}:${group}`,
        name: `group ${group}`,
        label: `Group ${group} (${members.length})`,
        role: 'consumer',
        nodes: members,
        group,
        byDefault: false,
      });
  }
  return groups;
}

/** The collapse control's name ("Collapse followers and producers"); null when nothing collapses. */
export function collapseLabel(groups: readonly LaneGroup[]): string | null {
  const names = groups.map((g) => g.name);
  const last = names.pop();
  return last === undefined ? null : `Collapse ${names.length > 0 ? `${names.join(', ')} and ` : ''}${last}`;
}

/**
 * What collapses when the user has not said: the groups that collapse by default, only when every lane
 * at its comfortable width (MIN_COL) does not fit, so a docs embed or a 1280 px laptop shows the consumer
 * and the sink instead of scrolling them out of view. The user's toggle always wins.
 */
export function collapseByDefault(lifelines: readonly LaneSource[], width: number): Collapse {
  return tooNarrow(lifelines, width) ? 'by-default' : false;
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

/** The lanes, each group that `collapse` names sharing one where its first member stands. */
export function buildLanes(lifelines: readonly LaneSource[], collapse: Collapse): Lane[] {
  const groups = laneGroups(lifelines).filter((g) => collapse === true || (collapse && g.byDefault));
  const groupOf = new Map(groups.flatMap((g) => g.nodes.map((n) => [n, g] as const)));
  const lanes: Lane[] = [];
  for (const l of lifelines) {
    const group = groupOf.get(l.id);
    const member = l.group === undefined ? {} : { group: l.group };
    if (!group) lanes.push({ id: l.id, label: l.label, role: l.role, nodes: [l.id], ...member });
    else if (l.id === group.nodes[0])
      lanes.push({
        id: group.id,
        label: group.label,
        role: group.role,
        nodes: group.nodes,
        ...(group.group === undefined ? {} : { group: group.group }),
      });
  }
  return lanes;
}

/** Whether a lane is a collapsed group's: its markers and buttons name the node. */
export const isShared = (lane: Lane): boolean => !lane.folded && lane.nodes.length > 1;

/**
 * A node's short name on a shared lane's buttons: a broker's number ("B2"), else its place on the
 * lane ("P1" for the first producer); the accessible name says it in full.
 */
export function nodeTag(lane: Lane, node: string): string {
  const broker = /^broker-(\d+)$/.exec(node)?.[1];
  if (broker !== undefined) return `B${broker}`;
  return `${lane.role.charAt(0).toUpperCase()}${lane.nodes.indexOf(node) + 1}`;
}

/** "Brokers 2 & 3" (a follower may lead after a failover, so the lane is not called "followers"). */
function brokersLabel(lifelines: readonly LaneSource[], ids: readonly string[]): string {
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
