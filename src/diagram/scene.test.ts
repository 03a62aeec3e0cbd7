import { describe, expect, it } from 'vitest';
import { scenarioById } from '../scenarios/index.ts';
import type { Scenario } from '../scenarios/types.ts';
import { replay, runScenario } from '../sim/run.ts';
import { FOLLOWERS_LANE } from './lanes.ts';
import { BOTTOM_PAD, ROW_H, rowY, TOP_PAD } from './layout.ts';
import { createSceneBuilder, diagramScene, type SceneRun } from './scene.ts';

const s = scenarioById('alo-producer-ack-lost') as Scenario;
const last = runScenario(s);
const at = (cursor: number): SceneRun => ({
  last,
  world: replay(
    s,
    last.steps.slice(0, cursor).map((st) => st.action),
  ),
  cursor,
});
const end = at(last.steps.length);

describe('one scene of a run', () => {
  it('puts every arrow on its lanes: it leaves its sender’s lifeline on its send row', () => {
    const scene = diagramScene(end, { width: 1200, collapsed: false });
    expect(scene.arrows).toHaveLength(scene.diagram.arrows.length);
    scene.diagram.arrows.forEach((a, i) => {
      const v = scene.arrows[i];
      expect(v?.x1).toBe(scene.cols.x.get(a.from));
      expect(v?.y1).toBe(rowY(a.row));
      if (a.status === 'delivered') expect(v?.x2).toBe(scene.cols.x.get(a.to));
    });
    expect(scene.labelRoom).toHaveLength(scene.arrows.length);
    expect(scene.laneDown).toEqual(scene.lanes.map(() => ''));
  });

  it('a picture gives each lane its own width and never collapses on its own; a window fits them', () => {
    const picture = diagramScene(end, { width: { perLane: 200 } });
    expect(picture.collapsed).toBe(false);
    expect(picture.cols.width).toBe(picture.lanes.length * 200);
    const narrow = diagramScene(end, { width: 500 });
    expect(narrow.collapsed).toBe(true);
    expect(narrow.lanes.map((l) => l.id)).toContain(FOLLOWERS_LANE);
    expect(narrow.lanes.length).toBeLessThan(picture.lanes.length);
    // The user's choice wins over the width.
    expect(diagramScene(end, { width: 500, collapsed: false }).collapsed).toBe(false);
  });

  it('folds replication into notes only when asked, and grows the live height in blocks of 8 rows', () => {
    const all = diagramScene(end, { width: 1200 });
    const folded = diagramScene(end, { width: 1200, fold: true });
    expect(folded.arrows.length).toBeLessThan(all.arrows.length);
    expect(all.height).toBe(diagramScene(end, { width: 1200, height: 'fit' }).height);
    const blocks = diagramScene(end, { width: 1200, height: 'blocks' }).height;
    expect(blocks).toBeGreaterThanOrEqual(all.height);
    expect((blocks - all.height) % ROW_H).toBe(0);
    expect(((blocks - TOP_PAD - BOTTOM_PAD) / ROW_H) % 8).toBe(0);
    expect(all.height).toBe(TOP_PAD + (all.diagram.rows + 1) * ROW_H + BOTTOM_PAD);
  });
});

describe('notes and the callout', () => {
  const crash = scenarioById('eos-processor-crash') as Scenario;
  const run = runScenario(crash);
  const scene = diagramScene(
    { last: run, world: run, cursor: run.steps.length },
    { width: 1400, fold: true },
  );

  it('places each note box on its lane, on its row; crashes and restarts are marks on the lifeline', () => {
    const boxed = scene.diagram.notes.filter((n) => n.kind !== 'crash' && n.kind !== 'restart');
    expect(boxed.length).toBeLessThan(scene.diagram.notes.length);
    expect(scene.notes.map((b) => b.note)).toEqual(boxed);
    for (const b of scene.notes) {
      expect(b.x).toBe(scene.cols.x.get(scene.laneOf.get(b.note.node) ?? b.note.node));
      expect(b.y).toBe(rowY(b.note.row));
      expect(b.maxWidth).toBe(Math.min(scene.cols.width - 16, scene.cols.colWidth * 3.5));
    }
  });

  it('keeps the callout’s rows once the run has reached its step, and gives its note the whole width', () => {
    const step = 32; // an application call's note
    const options = { width: 1400, fold: true, callout: { step, rows: 3 } };
    const withCallout = diagramScene({ last: run, world: run, cursor: run.steps.length }, options);
    const c = withCallout.diagram.callout;
    expect(withCallout.callout).toEqual({
      step,
      top: TOP_PAD + (c?.row ?? NaN) * ROW_H + 6,
      height: 3 * ROW_H - 12,
    });
    const atPoint = withCallout.notes.filter((n) => n.note.step === step);
    expect(atPoint.length).toBeGreaterThan(0);
    for (const b of atPoint) expect(b.maxWidth).toBe(withCallout.cols.width - 16);
    expect(diagramScene({ last: run, world: run, cursor: 5 }, options).callout).toBeUndefined();
  });
});

describe('a scene builder (the live view’s)', () => {
  it('a step re-cuts the model but never rebuilds it; the same inputs give the same stages', () => {
    const sceneOf = createSceneBuilder();
    const options = { width: 1200, fold: true };
    const a = sceneOf(at(10), options);
    const again = sceneOf(at(10), options);
    expect(again.model).toBe(a.model);
    expect(again.arrows).toBe(a.arrows);
    expect(again.cols).toBe(a.cols);
    const b = sceneOf(at(11), options);
    expect(b.model).toBe(a.model);
    expect(b.diagram).not.toBe(a.diagram);
  });

  it('a resize re-lays the columns and the arrows, not the model or its cut', () => {
    const sceneOf = createSceneBuilder();
    const run = at(20);
    const wide = sceneOf(run, { width: 1600, collapsed: false });
    const narrow = sceneOf(run, { width: 900, collapsed: false });
    expect(narrow.model).toBe(wide.model);
    expect(narrow.diagram).toBe(wide.diagram);
    expect(narrow.cols).not.toBe(wide.cols);
    expect(narrow.arrows[0]?.x1).not.toBe(wide.arrows[0]?.x1);
    // Built afresh, the same inputs give the same coordinates.
    expect(diagramScene(run, { width: 900, collapsed: false }).arrows).toEqual(narrow.arrows);
  });
});
