import { describe, expect, it } from 'vitest';
import { scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { runScenario } from '../sim/run.ts';
import {
  buildLanes,
  collapseLabel,
  collapseByDefault,
  FOLLOWERS_LANE,
  GROUP_LANE,
  isShared,
  laneGroups,
  laneIndex,
  nodeTag,
  PRODUCERS_LANE,
} from './lanes.ts';
import { MIN_COL } from './layout.ts';
import { diagramScene } from './scene.ts';

// A zombie scenario's lanes: two instances of one producer and three brokers.
const lifelines = [
  { id: 'producer', label: 'Producer', role: 'producer' },
  { id: 'producer-2', label: 'Producer (2nd instance)', role: 'producer' },
  { id: 'broker-1', label: 'Broker 1', role: 'broker' },
  { id: 'broker-2', label: 'Broker 2', role: 'broker' },
  { id: 'broker-3', label: 'Broker 3', role: 'broker' },
  { id: 'consumer', label: 'Consumer', role: 'consumer' },
];

describe('collapsing producer lanes like the followers', () => {
  it('groups the producers as it groups the followers, one shared lane each, where the first stands', () => {
    const lanes = buildLanes(lifelines, true);
    expect(lanes.map((l) => [l.id, l.label])).toEqual([
      [PRODUCERS_LANE, 'Producers (2)'],
      ['broker-1', 'Broker 1'],
      [FOLLOWERS_LANE, 'Brokers 2 & 3'],
      ['consumer', 'Consumer'],
    ]);
    const index = laneIndex(lanes);
    expect(index.get('producer')).toBe(PRODUCERS_LANE);
    expect(index.get('producer-2')).toBe(PRODUCERS_LANE);
    expect(lanes.filter(isShared).map((l) => l.id)).toEqual([PRODUCERS_LANE, FOLLOWERS_LANE]);
    expect(buildLanes(lifelines, false)).toHaveLength(lifelines.length);
  });

  it('names on the one control what there is to collapse, and nothing when a group has one lane', () => {
    expect(collapseLabel(laneGroups(lifelines))).toBe('Collapse followers and producers');
    const oneProducer = lifelines.filter((l) => l.id !== 'producer-2');
    expect(collapseLabel(laneGroups(oneProducer))).toBe('Collapse followers');
    const oneBroker = lifelines.filter((l) => l.id !== 'broker-2' && l.id !== 'broker-3');
    expect(collapseLabel(laneGroups(oneBroker))).toBe('Collapse producers');
    expect(collapseLabel(laneGroups(oneBroker.filter((l) => l.id !== 'producer-2')))).toBeNull();
  });

  it('keeps the producers apart in a narrow window until the user collapses them; the followers share', () => {
    const narrow = buildLanes(lifelines, collapseByDefault(lifelines, 100));
    expect(narrow.map((l) => l.id)).toEqual([
      'producer',
      'producer-2',
      'broker-1',
      FOLLOWERS_LANE,
      'consumer',
    ]);
    const wide = buildLanes(lifelines, collapseByDefault(lifelines, lifelines.length * MIN_COL));
    expect(wide).toHaveLength(lifelines.length);
  });

  it("tags a shared lane's nodes briefly on its buttons: a broker by its number, a producer by its place", () => {
    const [producers, , followers] = buildLanes(lifelines, true);
    expect(producers && nodeTag(producers, 'producer-2')).toBe('P2');
    expect(followers && nodeTag(followers, 'broker-3')).toBe('B3');
  });

  it("draws the two-producer lesson's applications on one lane when collapsed", () => {
    const s = scenarioById('lso-plain-record-behind-open-transaction') as Scenario;
    const last = runScenario(s);
    const run = { last, world: last, cursor: last.steps.length };
    const open = diagramScene(run, { width: 1400, collapsed: false });
    const shut = diagramScene(run, { width: 1400, collapsed: true });
    expect(shut.collapseLabel).toBe('Collapse producers');
    expect([open.collapsed, shut.collapsed]).toEqual([false, true]);
    // A phone's width leaves the two applications apart: the lesson is about telling them apart.
    const phone = diagramScene(run, { width: 390 });
    expect([phone.collapsed, phone.lanes.some((l) => l.id === PRODUCERS_LANE)]).toEqual([false, false]);
    expect(shut.lanes.map((l) => l.label)).toContain('Producers (2)');
    expect(shut.lanes).toHaveLength(open.lanes.length - 1);
    const x = shut.cols.x.get(PRODUCERS_LANE);
    const apps = new Set(['payments', 'audit']);
    const fromApps = shut.diagram.arrows.flatMap((a, i) => (apps.has(a.from) ? [shut.arrows[i]?.x1] : []));
    // Both applications send (the lesson's point), and every one of their arrows leaves the shared lane.
    expect(new Set(shut.diagram.arrows.map((a) => a.from).filter((f) => apps.has(f)))).toEqual(apps);
    expect(new Set(fromApps)).toEqual(new Set([x]));
  });

  it("says a zombie scenario's narrow default is half collapsed: the followers share, its producers do not", () => {
    const s = scenarioById('zombie-fenced') as Scenario;
    const last = runScenario(s);
    const run = { last, world: last, cursor: last.steps.length };
    const narrow = diagramScene(run, { width: 600 });
    expect(narrow.collapseLabel).toBe('Collapse followers and producers');
    expect(narrow.collapsed).toBe('mixed');
    expect(diagramScene(run, { width: 600, collapsed: true }).collapsed).toBe(true);
    // A picture asks for the same (Compare's columns): the followers share, the two instances do not.
    expect(diagramScene(run, { width: { perLane: 120 }, collapsed: 'by-default' }).collapsed).toBe('mixed');
    expect(diagramScene(run, { width: 2000 }).collapsed).toBe(false);
  });
});

describe('collapsing a consumer group’s member lanes', () => {
  const withGroup = [
    ...lifelines.filter((l) => l.role !== 'consumer'),
    { id: 'member-a', label: 'Consumer A', role: 'consumer', group: 'billing' },
    { id: 'member-b', label: 'Consumer B', role: 'consumer', group: 'billing' },
  ];

  it('shares one lane per group, labelled with the group id and its member count', () => {
    const lanes = buildLanes(withGroup, true);
    expect(lanes.at(-1)).toMatchObject({ id: `${GROUP_LANE}:billing`, label: 'Group billing (2)' });
    expect(laneIndex(lanes).get('member-b')).toBe(`${GROUP_LANE}:billing`);
    expect(collapseLabel(laneGroups(withGroup))).toBe('Collapse followers, producers and group billing');
    // Not in a narrow window by default: which member does what is what a rebalance lesson shows.
    expect(buildLanes(withGroup, 'by-default').map((l) => l.id)).toContain('member-b');
  });

  it("draws the rebalance lesson's members on their group's lane when collapsed: arrows to either land there", () => {
    const s = scenarioById('rebalance-after-max-poll-interval') as Scenario;
    const last = runScenario(s);
    const run = { last, world: last, cursor: last.steps.length };
    const shut = diagramScene(run, { width: 1400, collapsed: true });
    const members = last.participants.filter((p) => p.group !== undefined);
    expect(members.length).toBeGreaterThanOrEqual(2);
    const lane = `${GROUP_LANE}:${members[0]?.group}`;
    const x = shut.cols.x.get(lane);
    expect(x).toBeDefined();
    const ids = new Set(members.map((m) => m.id));
    const toMembers = shut.diagram.arrows.flatMap((a, i) => (ids.has(a.to) ? [shut.arrows[i]?.x2] : []));
    expect(toMembers.length).toBeGreaterThan(0);
    expect(new Set(toMembers)).toEqual(new Set([x]));
  });
});
