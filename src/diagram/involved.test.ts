import { describe, expect, it } from 'vitest';
import { lessonOf } from '../lesson/lesson.ts';
import { scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { createWorld } from '../sim/world.ts';
import { runScenario } from '../sim/run.ts';
import { foldIdleLanes, type Lane } from './lanes.ts';
import { FIT_MIN_COL, FOLDED_COL, layoutColumns, lanesOutOfView, scrollToNextLane } from './layout.ts';
import { diagramScene, type SceneRun } from './scene.ts';

/** A scenario's lesson, recorded to its end (an embed's run) or not yet begun (the playground's). */
function runOf(id: string, recorded: boolean): SceneRun {
  const s = scenarioById(id) as Scenario;
  const played = runScenario(s);
  const lesson = lessonOf(s);
  const last = recorded ? played : createWorld(s);
  return {
    last,
    world: last,
    cursor: recorded ? played.steps.length : 0,
    ...(lesson ? { plan: lesson.path } : {}),
  };
}
const lanesOf = (run: SceneRun, width: number, more: { fold?: boolean; opened?: Set<string> } = {}) =>
  diagramScene(run, {
    width,
    fold: more.fold ?? true,
    ...(more.opened ? { opened: more.opened } : {}),
  }).lanes.map((l) => (l.folded ? `[${l.label}]` : l.label));

describe('lanes a narrow window folds', () => {
  const ackLost = runOf('alo-producer-ack-lost', true);

  it('folds the followers of a lesson that only replicates to them, into one labelled strip', () => {
    expect(lanesOf(ackLost, 390)).toEqual([
      'Producer',
      'Broker 1 · leader',
      '[Brokers 2 & 3]',
      'Group Coordinator',
      'Consumer',
      'Sink (charge card)',
    ]);
  });

  it('keeps every lane in a window wide enough for all of them', () => {
    expect(lanesOf(ackLost, 1280).some((l) => l.startsWith('['))).toBe(false);
  });

  it('keeps the lanes the lesson will involve open before its first step, from the lesson’s path', () => {
    const start = runOf('alo-producer-ack-lost', false);
    expect(lanesOf(start, 390)).toEqual(lanesOf(ackLost, 390));
    // No lesson and no step yet: nothing is involved, and nothing folds rather than everything.
    const { plan: _, ...bare } = start;
    expect(lanesOf(bare, 390).some((l) => l.startsWith('['))).toBe(false);
  });

  it('keeps a follower open once an arrow touches it: a failover lesson’s new leader, or every message shown', () => {
    const failover = lanesOf(runOf('acks-1-failover-loss', true), 390);
    expect(failover).toContain('Brokers 2 & 3');
    expect(failover).toContain('[Group Coordinator]');
    expect(failover).toContain('[Sink (charge card)]');
    expect(lanesOf(ackLost, 390, { fold: false }).some((l) => l.startsWith('['))).toBe(false);
  });

  it('opens a strip the reader opened', () => {
    const opened = new Set(['broker-2', 'broker-3']);
    expect(lanesOf(ackLost, 390, { opened }).some((l) => l.startsWith('['))).toBe(false);
  });

  it('merges neighbouring idle lanes into one strip and keeps their nodes', () => {
    const lane = (id: string): Lane => ({ id, label: id.toUpperCase(), role: 'broker', nodes: [id] });
    const folded = foldIdleLanes([lane('a'), lane('b'), lane('c'), lane('d')], new Set(['a', 'd']));
    expect(folded.map((l) => [l.id, l.label, l.nodes, l.folded ?? false])).toEqual([
      ['a', 'A', ['a'], false],
      ['folded:b', 'B · C', ['b', 'c'], true],
      ['d', 'D', ['d'], false],
    ]);
  });
});

describe('lanes that do not fit', () => {
  const cols = layoutColumns(['p', 'b1', 'folded:b2', 'gc', 'c', 's'], 350, new Set(['folded:b2']));

  it('gives a strip FOLDED_COL and every open lane at least FIT_MIN_COL', () => {
    expect(cols.colWidth).toBe(FIT_MIN_COL);
    expect(cols.width).toBe(5 * FIT_MIN_COL + FOLDED_COL);
    expect(cols.x.get('gc')).toBe(2 * FIT_MIN_COL + FOLDED_COL + FIT_MIN_COL / 2);
  });

  it('counts the lanes whose lifeline is out of view on each side', () => {
    expect(lanesOutOfView(cols, 0, 350)).toEqual({ before: [], after: ['c', 's'] });
    expect(lanesOutOfView(cols, cols.width - 350, 350)).toEqual({
      before: ['p', 'b1'],
      after: [],
    });
  });

  it('scrolls one lane at a time: the next hidden one comes wholly into view at the edge', () => {
    const left = scrollToNextLane(cols, 0, 350, 'after') ?? NaN;
    expect(left).toBe(4 * FIT_MIN_COL + FOLDED_COL - 350);
    expect(lanesOutOfView(cols, left, 350).after).toEqual(['s']);
    expect(scrollToNextLane(cols, cols.width - 350, 350, 'after')).toBeNull();
    const back = scrollToNextLane(cols, cols.width - 350, 350, 'before') ?? NaN;
    expect(lanesOutOfView(cols, back, 350).before).toEqual(['p']);
  });
});
