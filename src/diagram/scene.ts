/**
 * The laid-out sequence diagram of a run, in one call: the model cut at the cursor, its lanes and
 * columns, every arrow's coordinates and label room, the notes' boxes, the callout's rows, the outages
 * on the lifelines, what each lane says is down, and the canvas height. The live view (app/components/diagram), the static SVG and the
 * exports (app/static) all draw a scene, so they cannot drift apart. Pure, and no React.
 *
 * The live view asks for a scene on every render: `createSceneBuilder()` keeps each stage's last
 * result and rebuilds only the stages whose inputs changed (a step re-cuts the model; a resize re-lays
 * the columns; neither rebuilds the model). `diagramScene` is the one-shot form.
 */
import type { Participant, StepRecord } from '../sim/types.ts';
import type { World } from '../sim/world.ts';
import { involvedNodes } from './involved.ts';
import {
  buildLanes,
  collapseLabel,
  collapseByDefault,
  foldIdleLanes,
  isShared,
  laneGroups,
  laneIndex,
  tooNarrow,
  type Collapse,
  type Lane,
} from './lanes.ts';
import { diagramHeight, layoutColumns, ROW_H, rowTop, rowY, type Columns } from './layout.ts';
import { buildDiagram, diagramUpTo, type DiagramModel, type Note } from './model.ts';
import { arrowViews, downLabels, maxLabelChars, outagesOf, type ArrowView, type Outage } from './views.ts';

/** The run a scene is drawn from. */
export interface SceneRun {
  /** The world after every recorded choice: its steps are the whole timeline the model is built from. */
  last: Pick<World, 'participants' | 'steps'>;
  /** The world at the cursor: which nodes are down. */
  world: World;
  cursor: number;
  /** A lesson's whole path (its script and climax): the lanes it involves stay open from the start. */
  plan?: Pick<World, 'participants' | 'steps'>;
}

export interface SceneOptions {
  /**
   * The width the lanes share (a window's), or each lane's own width whatever their number (a picture
   * has no window to fit).
   */
  width: number | { perLane: number };
  /**
   * Which lane groups share a lane: all (true), none (false), those that do in a narrow window
   * ('by-default'); undefined decides by a window's width (collapseByDefault).
   */
  collapsed?: Collapse;
  /**
   * Lanes the plan and the run do not involve fold into slim strips; undefined: when a window is too
   * narrow for every lane (tooNarrow), never for a picture.
   */
  foldIdle?: boolean;
  /** Participants the reader opened from a folded strip: they count as involved. */
  opened?: ReadonlySet<string>;
  /** Fold replication and routine exchanges into notes (the lesson's view); exports keep every arrow. */
  fold?: boolean;
  /** Folds (their notes' ids) drawn in full all the same. */
  expanded?: ReadonlySet<string>;
  /** Blank rows after the lesson's climax step, for its callout. */
  callout?: { step: number; rows: number };
  /**
   * `fit`: one row more than used (an arrow in flight points at the next row). `blocks`: grown 8 rows
   * at a time, as the live view does, since a new height relays out the whole SVG.
   */
  height?: 'fit' | 'blocks';
}

/** A note drawn as a box (crashes and restarts are drawn on the lifeline instead), and where. */
export interface SceneNote {
  note: Note;
  /** Its lane's x: the box sits just right of it (left of it near the right edge). */
  x: number;
  y: number;
  /** The box's widest: the lesson's point is drawn whole, other notes within three and a half columns. */
  maxWidth: number;
}

export interface DiagramScene {
  /** The model of the whole recorded timeline (the cursor only cuts it). */
  model: DiagramModel;
  /** The model cut at the cursor: what is drawn. */
  diagram: DiagramModel;
  lanes: Lane[];
  /** participant id → lane id. */
  laneOf: Map<string, string>;
  /**
   * Whether the groups share lanes: all of them, none, or 'mixed' when a narrow window collapsed only
   * the followers (the collapse control shows half pressed; pressing it collapses the rest).
   */
  collapsed: boolean | 'mixed';
  /** The collapse control's name, naming the groups there are to collapse; null when there are none. */
  collapseLabel: string | null;
  /** Whether idle lanes are folded into strips (some may be, or none is idle). */
  foldIdle: boolean;
  cols: Columns;
  height: number;
  /** One per arrow of `diagram`, in its order. */
  arrows: ArrowView[];
  /** How many characters each arrow's label may take. */
  labelRoom: number[];
  outages: Outage[];
  /** Per lane: the names of its nodes that are down at the cursor ("" when none). */
  laneDown: string[];
  notes: SceneNote[];
  /** The blank rows kept for the lesson's callout, from the top of the rows' area, once it is reached. */
  callout: { step: number; top: number; height: number } | undefined;
}

/** A function that remembers its last arguments (compared with ===) and result. */
function lastOf<A extends readonly unknown[], R>(f: (...args: A) => R): (...args: A) => R {
  let last: { args: A; result: R } | null = null;
  return (...args: A): R => {
    if (last && last.args.length === args.length && last.args.every((a, i) => a === args[i]))
      return last.result;
    const result = f(...args);
    last = { args, result };
    return result;
  };
}

const NONE: ReadonlySet<string> = new Set();

/** A scene function whose stages are each kept until their inputs change (one per live diagram). */
export function createSceneBuilder(): (run: SceneRun, options: SceneOptions) => DiagramScene {
  const modelOf = () =>
    lastOf(
      (
        participants: Participant[],
        steps: StepRecord[],
        fold: boolean,
        expanded: ReadonlySet<string>,
        calloutStep: number | undefined,
        calloutRows: number,
      ) =>
        buildDiagram(participants, steps, {
          foldReplication: fold,
          foldRoutine: fold,
          expanded,
          ...(calloutStep === undefined ? {} : { callout: { step: calloutStep, rows: calloutRows } }),
        }),
    );
  const model = modelOf();
  const planModel = modelOf();
  const cut = lastOf(diagramUpTo);
  const lanes = lastOf(buildLanes);
  const involved = lastOf(
    (m: DiagramModel, plan: DiagramModel | undefined, opened: ReadonlySet<string>) =>
      new Set([...involvedNodes(plan ? [m, plan] : [m]), ...opened]),
  );
  const folded = lastOf(foldIdleLanes);
  const strips = lastOf((ls: readonly Lane[]) => new Set(ls.filter((l) => l.folded).map((l) => l.id)));
  const laneOf = lastOf(laneIndex);
  const control = lastOf((ls: DiagramModel['lifelines']) => collapseLabel(laneGroups(ls)));
  const collapsedState = lastOf((ls: readonly Lane[], lifelines: DiagramModel['lifelines']) => {
    const shared = ls.filter(isShared).length;
    return shared === 0 ? false : shared === laneGroups(lifelines).length ? true : ('mixed' as const);
  });
  const cols = lastOf((ls: readonly Lane[], width: number, slim: ReadonlySet<string>) =>
    layoutColumns(
      ls.map((l) => l.id),
      width,
      slim,
    ),
  );
  const arrows = lastOf(arrowViews);
  const labelRoom = lastOf((views: readonly ArrowView[], colWidth: number) =>
    views.map((v) => maxLabelChars(v, colWidth)),
  );
  const outages = lastOf((d: DiagramModel) => outagesOf(d, d.lifelines));
  const notes = lastOf((d: DiagramModel, c: Columns, index: ReadonlyMap<string, string>) =>
    d.notes
      .filter((n) => n.kind !== 'crash' && n.kind !== 'restart')
      .map((n): SceneNote => ({
        note: n,
        x: c.x.get(index.get(n.node) ?? n.node) ?? c.width / 2,
        y: rowY(n.row),
        maxWidth: n.step === d.callout?.step ? c.width - 16 : Math.min(c.width - 16, c.colWidth * 3.5),
      })),
  );

  return (run, options) => {
    const m = model(
      run.last.participants,
      run.last.steps,
      options.fold ?? false,
      options.expanded ?? NONE,
      options.callout?.step,
      options.callout?.rows ?? 0,
    );
    const diagram = cut(m, run.cursor);
    const { width } = options;
    const collapse =
      options.collapsed ?? (typeof width === 'number' && collapseByDefault(m.lifelines, width));
    const foldIdle = options.foldIdle ?? (typeof width === 'number' && tooNarrow(m.lifelines, width));
    const open = lanes(diagram.lifelines, collapse);
    const plan =
      foldIdle && run.plan
        ? planModel(run.plan.participants, run.plan.steps, options.fold ?? false, NONE, undefined, 0)
        : undefined;
    const ls = foldIdle ? folded(open, involved(m, plan, options.opened ?? NONE)) : open;
    const c = cols(ls, typeof width === 'number' ? width : ls.length * width.perLane, strips(ls));
    const index = laneOf(ls);
    const views = arrows(diagram, c.x, index);
    const rows = options.height === 'blocks' ? Math.ceil((diagram.rows + 2) / 8) * 8 : diagram.rows + 1;
    return {
      model: m,
      diagram,
      lanes: ls,
      laneOf: index,
      collapsed: collapsedState(open, diagram.lifelines),
      collapseLabel: control(m.lifelines),
      foldIdle,
      cols: c,
      height: diagramHeight(rows),
      arrows: views,
      labelRoom: labelRoom(views, c.colWidth),
      outages: outages(diagram),
      laneDown: ls.map((lane) => downLabels(lane, run.world, diagram.lifelines)),
      notes: notes(diagram, c, index),
      callout: diagram.callout && {
        step: diagram.callout.step,
        top: rowTop(diagram.callout.row) + 6,
        height: diagram.callout.rows * ROW_H - 12,
      },
    };
  };
}

/** The scene of `run`, computed once (the static picture, the exports). */
export const diagramScene = (run: SceneRun, options: SceneOptions): DiagramScene =>
  createSceneBuilder()(run, options);
