import {
  memo,
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import {
  type ArrowView,
  createSceneBuilder,
  type DiagramArrow as ModelArrow,
  type DiagramModel,
  type EnabledAction,
  FOLDED_COL,
  HEADER_H,
  lanesOutOfView,
  popoverAt,
  ROW_H,
  scrollToNextLane,
  scrollToShow,
  type StepRecord,
  visibleRows,
} from '../../../src/index.ts';
import { usePlayground, usePlaygroundController, useRun } from '../../playground/hooks.ts';
import type { Run } from '../../playground/run.ts';
import { useAfterPaint } from '../deferred.tsx';
import { Arrow } from './Arrow.tsx';
import { DiagramLayers } from './DiagramLayers.tsx';
import { ClimaxCallout, calloutRowsFor } from './ClimaxCallout.tsx';
import { FoldedStrip, LaneHeader } from './Lifeline.tsx';
import { LaneOverflow } from './LaneOverflow.tsx';
import { MessageMenu } from './MessageMenu.tsx';
import { createStepProgress } from './stepProgress.ts';
import { useReducedMotion } from './useReducedMotion.ts';
import './SequenceDiagram.css';

/** The visible part of the canvas, from the position the scroll events keep (read in handlers only). */
const seenOf = (pos: { top: number; height: number }) => ({ top: pos.top, bottom: pos.top + pos.height });

const NONE: ReadonlySet<string> = new Set();

/**
 * Above this many rows, rows far from the viewport are not rendered: arrows, notes, lifeline segments
 * alike. Counted in rows, not arrows: a run of crashes and restarts is thousands of notes and no arrow.
 */
const WINDOW_FROM = 150;

/** A scroll further than this many views jumps: a smooth one would render every window on the way. */
const SMOOTH_SCROLL_VIEWS = 2;

/**
 * The room the lane-overflow buttons take under the lane headers: they sit 6 px under them and are 32 px
 * tall (SequenceDiagram.css, .sd-lane-overflow), and the current beat already starts 8 px under the
 * headers, so one row clears them.
 */
const OVERFLOW_ROOM = ROW_H;

/**
 * The animated sequence diagram: our own SVG over the diagram model of src/diagram. Geometry lives in
 * layout.ts; animation is a function of (step, progress) where progress is one MotionValue shared by
 * the arrows the current step drew; rows are memoised by arrow id, so a step re-renders what changed.
 */
export function SequenceDiagram() {
  const run = useRun();
  return <DiagramBody run={run} />;
}

function DiagramBody({ run }: { run: Run }) {
  const choose = usePlayground((s) => s.choose);
  const select = usePlayground((s) => s.select);
  const selectedMessage = usePlayground((s) => s.selectedMessage);
  const speed = usePlayground((s) => s.speed);
  const reduced = useReducedMotion();
  /** The user's choice for "Collapse followers" (and producers); null = decided by the width (collapsesByDefault). */
  const [collapsePref, setCollapsePref] = useState<boolean | null>(null);
  /**
   * Replication between brokers and routine exchanges fold into one note per run of them, unless the
   * user shows every message (or expands one note in place).
   */
  const [showAll, setShowAll] = useState(false);
  /** Folds (their notes' ids) the user expanded in place, for one scenario: another starts folded. */
  const [folds, setFolds] = useState<{ of: unknown; open: ReadonlySet<string> }>(() => ({
    of: run.scenario,
    open: NONE,
  }));
  const expandedFolds = folds.of === run.scenario ? folds.open : NONE;
  /** Participants the reader opened from a folded strip, for one scenario: another starts folded. */
  const [opened, setOpened] = useState<{ of: unknown; nodes: ReadonlySet<string> }>(() => ({
    of: run.scenario,
    nodes: NONE,
  }));
  const openedLanes = opened.of === run.scenario ? opened.nodes : NONE;
  const scenario = run.scenario;
  const openLanes = useCallback(
    (nodes: readonly string[]) =>
      setOpened((o) => ({
        of: scenario,
        nodes: new Set([...(o.of === scenario ? o.nodes : NONE), ...nodes]),
      })),
    [scenario],
  );
  const toggleFold = useCallback(
    (id: string) =>
      setFolds((f) => {
        const next = new Set(f.of === scenario ? f.open : NONE);
        if (!next.delete(id)) next.add(id);
        return { of: scenario, open: next };
      }),
    [scenario],
  );
  /** The visible part of the canvas when a popover opened, to open it where it can be seen. */
  type Seen = { top: number; bottom: number };
  const [menu, setMenu] = useState<{ arrowId: string; messageId: number; seen: Seen } | null>(null);
  const [tipState, setTipState] = useState<{ id: string; seen: Seen } | null>(null);
  const tip = tipState?.id ?? null;
  const scroller = useRef<HTMLDivElement>(null);
  const [viewport, setViewport] = useState({ width: 800, height: 600, first: 0, last: 60, left: 0 });

  const cursor = run.cursor;
  const from = run.beatFrom;
  const climax = run.lesson?.climax;
  // The scene keeps each stage until its inputs change: scrubbing only re-cuts the model of the whole
  // recorded timeline, and a resize only re-lays the columns.
  const [sceneOf] = useState(createSceneBuilder);
  const sceneAt = useCallback(
    (r: Run) => {
      // The lesson's climax gets blank rows for its callout, while the run still has that step of the lesson.
      const point = r.lesson?.climax;
      const calloutStep =
        point && (r.position.onLesson || (r.position.leftAt ?? 0) >= point.step) ? point.step : undefined;
      return sceneOf(
        { last: r.last, world: r.world, cursor: r.cursor, ...(r.lesson ? { plan: r.lesson.path } : {}) },
        {
          width: viewport.width,
          opened: openedLanes,
          ...(collapsePref === null ? {} : { collapsed: collapsePref }),
          fold: !showAll,
          expanded: expandedFolds,
          ...(point && calloutStep !== undefined
            ? { callout: { step: calloutStep, rows: calloutRowsFor(point.callout, viewport.width) } }
            : {}),
          height: 'blocks',
        },
      );
    },
    [sceneOf, viewport.width, openedLanes, collapsePref, showAll, expandedFolds],
  );
  const scene = useMemo(() => sceneAt(run), [sceneAt, run]);
  // Next's scene is built at an idle moment before the press (the builder keeps its stages), from the run
  // the playground derived ahead: the press then finds the cut, the arrows' views and the notes ready,
  // instead of building them between the click and its paint (~0.6 ms with 20 events, more with more).
  const playground = usePlaygroundController();
  useEffect(
    () =>
      playground.clock.idle(() => {
        const next = playground.ahead();
        if (next) sceneAt(next);
      }),
    [playground, sceneAt, run],
  );
  const { diagram, lanes, cols, height, collapsed, collapseLabel, outages } = scene;
  const totalRows = diagram.rows;

  // What the world offers now, by message and by node.
  const { byMessage, byNode } = useMemo(() => groupActions(run.actions), [run.actions]);
  const inFlight = useMemo(() => new Set(run.world.network.map((m) => m.id)), [run.world.network]);

  const views = scene.arrows;
  // One Next shows a beat: every arrow the beat sent or settled is current.
  const inBeat = (step: number | undefined) => step !== undefined && step > from && step <= cursor;
  const current = (a: ModelArrow) => inBeat(a.sentStep) || inBeat(a.endStep);

  // ---- animation: one progress value, 0 → 1 when the cursor moves forward (a beat's arrows together) ----
  const [progress] = useState(() => createStepProgress(1));
  const prevCursor = useRef<number | null>(null);
  useLayoutEffect(() => {
    const prev = prevCursor.current;
    prevCursor.current = cursor;
    if (prev === null || cursor <= prev || reduced) {
      progress.jump(1);
      return;
    }
    return progress.play(Math.min(600, 850 / speed));
  }, [cursor, progress, reduced, speed]);

  // ---- keep the current row in view ----
  // The target is computed from the layout (pure arithmetic on the cached scroll position), not measured:
  // scrollIntoView forced a synchronous layout of the whole SVG on every step (≈ 7 ms with 1,000 events),
  // and it also scrolled the page, which pulls a reader away from the panels below on a phone.
  // When lanes are out of view, the lane-overflow buttons float over the first row under the headers:
  // the beat is scrolled a row lower, and a short view fits a row less of it. Decided by the widths,
  // not by which lanes are out of view now, which the same scroll changes.
  const overflowRoom = cols.width > viewport.width + 1 ? OVERFLOW_ROOM : 0;
  const currentBand = useMemo(
    () => currentExtent(diagram, from, cursor, views, viewport.height - overflowRoom),
    [diagram, from, cursor, views, viewport.height, overflowRoom],
  );
  const scrollPos = useRef({ top: 0, left: 0, width: 0, height: 0 });
  useEffect(() => {
    const el = scroller.current;
    if (!el || !currentBand) return;
    const pos = scrollPos.current;
    // Seen as a view that starts overflowRoom lower (the buttons' row taken off its top), then moved back.
    const shown = scrollToShow(
      { ...pos, top: pos.top + overflowRoom, height: pos.height - overflowRoom },
      currentBand,
    );
    if (!shown) return;
    const next = { top: Math.max(0, shown.top - overflowRoom), left: shown.left };
    const far = Math.abs(next.top - pos.top) > SMOOTH_SCROLL_VIEWS * pos.height;
    const behavior: ScrollBehavior = reduced || far ? 'auto' : 'smooth';
    // In the next frame, where the browser lays the page out anyway: no extra forced layout.
    const frame = requestAnimationFrame(() => el.scrollTo({ ...next, behavior }));
    return () => cancelAnimationFrame(frame);
  }, [currentBand, reduced, overflowRoom]);

  // ---- viewport: width for the columns, scroll position for windowing ----
  // Sizes come from the ResizeObserver and positions from scroll events, so nothing here forces a layout.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const update = () => {
      const { top, height, width } = scrollPos.current;
      const left = Math.round(scrollPos.current.left);
      const { first, last } = visibleRows(top, height, Number.MAX_SAFE_INTEGER);
      setViewport((v) =>
        v.width === width && v.height === height && v.first === first && v.last === last && v.left === left
          ? v
          : { width, height, first, last, left },
      );
    };
    scrollPos.current = {
      top: el.scrollTop,
      left: el.scrollLeft,
      width: el.clientWidth,
      height: el.clientHeight,
    };
    update();
    const ro = new ResizeObserver((entries) => {
      const box = entries[0]?.contentRect;
      if (!box) return;
      scrollPos.current = {
        ...scrollPos.current,
        width: Math.round(box.width),
        height: Math.round(box.height),
      };
      update();
    });
    ro.observe(el);
    const onScroll = () => {
      scrollPos.current = { ...scrollPos.current, top: el.scrollTop, left: el.scrollLeft };
      update();
    };
    el.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      ro.disconnect();
      el.removeEventListener('scroll', onScroll);
    };
  }, []);

  // ---- interaction, delegated: one set of listeners for every arrow ----
  const openMenu = useCallback(
    (arrowId: string) => {
      const v = views.find((x) => x.id === arrowId);
      if (!v) return;
      if (v.messageId !== null) select(v.messageId);
      if (v.messageId !== null && inFlight.has(v.messageId) && (byMessage.get(v.messageId)?.length ?? 0) > 0)
        setMenu({ arrowId, messageId: v.messageId, seen: seenOf(scrollPos.current) });
    },
    [views, inFlight, byMessage, select],
  );
  const latest = useRef({ openMenu, views, toggleFold });
  useEffect(() => {
    latest.current = { openMenu, views, toggleFold };
  });
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const arrowOf = (t: EventTarget | null) =>
      t instanceof Element ? t.closest<SVGGElement>('[data-arrow-id]') : null;
    const foldOf = (t: EventTarget | null) =>
      t instanceof Element ? t.closest<SVGGElement>('[data-fold-id]') : null;
    // Native, so it runs before the playground's shortcuts (Space = Next) further up the tree.
    const onKeyDown = (e: KeyboardEvent) => {
      const fold = foldOf(e.target);
      if (fold && e.target === fold && (e.key === 'Enter' || e.key === ' ')) {
        e.preventDefault();
        e.stopPropagation();
        latest.current.toggleFold(fold.dataset.foldId as string);
        return;
      }
      const g = arrowOf(e.target);
      if (!g || e.target !== g) return;
      const id = g.dataset.arrowId as string;
      const isButton = g.getAttribute('role') === 'button';
      if (e.key === 'Enter' || (e.key === ' ' && isButton)) {
        // On an in-flight arrow Space opens its menu rather than stepping; on a settled one it stays Next.
        e.preventDefault();
        e.stopPropagation();
        latest.current.openMenu(id);
      } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        e.stopPropagation();
        const all = Array.from(el.querySelectorAll<SVGGElement>('[data-arrow-id]'));
        const i = all.indexOf(g);
        all[e.key === 'ArrowDown' ? Math.min(all.length - 1, i + 1) : Math.max(0, i - 1)]?.focus();
      }
    };
    const onClick = (e: MouseEvent) => {
      const fold = foldOf(e.target);
      if (fold) return latest.current.toggleFold(fold.dataset.foldId as string);
      const g = arrowOf(e.target);
      if (g) latest.current.openMenu(g.dataset.arrowId as string);
    };
    const onFocusIn = (e: FocusEvent) => {
      const id = arrowOf(e.target)?.dataset.arrowId;
      setTipState(id ? { id, seen: seenOf(scrollPos.current) } : null);
    };
    const onFocusOut = () => setTipState(null);
    el.addEventListener('keydown', onKeyDown);
    el.addEventListener('click', onClick);
    el.addEventListener('focusin', onFocusIn);
    el.addEventListener('focusout', onFocusOut);
    return () => {
      el.removeEventListener('keydown', onKeyDown);
      el.removeEventListener('click', onClick);
      el.removeEventListener('focusin', onFocusIn);
      el.removeEventListener('focusout', onFocusOut);
    };
  }, []);

  const menuArrowId = menu?.arrowId ?? null;
  const closeMenu = useCallback(
    (returnFocus: boolean) => {
      setMenu(null);
      if (returnFocus && menuArrowId)
        scroller.current?.querySelector<SVGGElement>(`[data-arrow-id="${CSS.escape(menuArrowId)}"]`)?.focus();
    },
    [menuArrowId],
  );
  const chooseFromMenu = useCallback(
    (a: EnabledAction) => {
      setMenu(null);
      choose(a.id);
      // Focus stays in the diagram (on the same arrow, now settled) so keyboard users keep their place.
      requestAnimationFrame(() =>
        scroller.current
          ?.querySelector<SVGGElement>(`[data-arrow-id="${CSS.escape(menuArrowId ?? '')}"]`)
          ?.focus(),
      );
    },
    [choose, menuArrowId],
  );
  // A menu for a message that is no longer in flight (stepped away) closes itself.
  const openMenuFor = menu && inFlight.has(menu.messageId) ? menu : null;

  // ---- which arrows to render: those near the viewport, plus every in-flight, current or selected one ----
  const selectedArrowId = useMemo(() => {
    if (selectedMessage === null) return null;
    return views.find((v) => v.messageId === selectedMessage)?.id ?? null;
  }, [views, selectedMessage]);
  const tabStopId = selectedArrowId ?? lastSettled(views);
  // Small diagrams render every row; long ones only the rows near the viewport (plus the live ones).
  const windowed = totalRows > WINDOW_FROM;
  // The arrows of the step that makes the lesson's point: whole labels, kept clear of the callout.
  const point = diagram.callout;
  const atPoint = (a: ModelArrow) =>
    point !== undefined && (a.sentStep === point.step || a.endStep === point.step);
  const underCallout = (a: ModelArrow) =>
    point !== undefined && a.row < point.row && (a.endRow ?? Infinity) >= point.row + point.rows;
  const rows: ReactNode[] = [];
  for (let i = 0; i < views.length; i++) {
    const v = views[i] as ArrowView;
    const a = diagram.arrows[i] as ModelArrow;
    const isCurrent = current(a);
    const interactive =
      v.messageId !== null && inFlight.has(v.messageId) && (byMessage.get(v.messageId)?.length ?? 0) > 0;
    const lo = a.row;
    const hi = a.endRow ?? totalRows;
    const near = !windowed || (hi >= viewport.first && lo <= viewport.last);
    if (!near && !isCurrent && !interactive && v.id !== selectedArrowId && v.id !== tabStopId && v.id !== tip)
      continue;
    rows.push(
      <Arrow
        key={v.id}
        view={v}
        current={isCurrent}
        selected={v.id === selectedArrowId}
        interactive={interactive}
        tabStop={v.id === tabStopId}
        width={cols.width}
        maxChars={scene.labelRoom[i] ?? 0}
        point={atPoint(a)}
        underCallout={atPoint(a) && underCallout(a)}
        arrivesAtPoint={point !== undefined && a.endStep === point.step && a.sentStep < point.step}
        animate={isCurrent}
        progress={progress}
        reduced={reduced}
      />,
    );
  }

  // ---- lanes out of view: announced on the diagram, brought in one per press ----
  const outOfView = useMemo(() => {
    const out = lanesOutOfView(cols, viewport.left, viewport.width);
    const label = (id: string) => lanes.find((l) => l.id === id)?.label ?? id;
    return { before: out.before.map(label), after: out.after.map(label) };
  }, [cols, lanes, viewport.left, viewport.width]);
  // Where a smooth scroll the control started is heading: a press during it moves on from there, not
  // from the way there (from which the lane it is bringing in still looks out of view).
  const lanesTarget = useRef<number | null>(null);
  const moveLanes = useCallback(
    (side: 'before' | 'after') => {
      const el = scroller.current;
      if (!el) return;
      const from = lanesTarget.current ?? el.scrollLeft;
      const left = scrollToNextLane(cols, from, el.clientWidth, side);
      if (left === null) return;
      const smooth = !reduced && Math.abs(left - el.scrollLeft) >= 1;
      lanesTarget.current = smooth ? left : null;
      if (smooth) el.addEventListener('scrollend', () => (lanesTarget.current = null), { once: true });
      el.scrollTo({ left, behavior: reduced ? 'auto' : 'smooth' });
    },
    [cols, reduced],
  );

  // The screen-reader list of steps is invisible: it catches up just after the step is painted. Each
  // step renumbers every item (its start moves), which re-laid them all inside the press's frame.
  const listedSteps = useAfterPaint(run.world.steps);

  const tipView = tip ? views.find((v) => v.id === tip) : undefined;
  const menuView = openMenuFor ? views.find((v) => v.id === openMenuFor.arrowId) : undefined;

  return (
    <section className="sd" aria-label="Sequence diagram of the run">
      <div className="sd-toolbar">
        {collapseLabel ? (
          <button type="button" aria-pressed={collapsed} onClick={() => setCollapsePref(collapsed !== true)}>
            {collapseLabel}
          </button>
        ) : null}
        <button type="button" aria-pressed={showAll} onClick={() => setShowAll(!showAll)}>
          Show every message
        </button>
        <Legend />
        <span className="muted sd-toolbar__count" aria-live="off">
          {diagram.arrows.length} message{diagram.arrows.length === 1 ? '' : 's'} · {inFlight.size} in flight
        </span>
      </div>
      <div className="sd-scroll" ref={scroller} data-testid="sequence-diagram">
        <div className="sd-canvas" style={{ width: cols.width }}>
          {/* Sticky on both axes (the canvas is its containing block), so it stays at the view's edges. */}
          <div className="sd-view-edges" style={{ width: viewport.width, top: 0 }}>
            <LaneOverflow before={outOfView.before} after={outOfView.after} onMove={moveLanes} />
          </div>
          <div className="sd-header" style={{ width: cols.width, height: HEADER_H }}>
            {lanes.map((lane, i) =>
              lane.folded ? (
                <FoldedStrip
                  key={lane.id}
                  laneId={lane.id}
                  label={lane.label}
                  x={cols.x.get(lane.id) ?? 0}
                  width={FOLDED_COL - 2}
                  onOpen={() => openLanes(lane.nodes)}
                />
              ) : (
                <LaneHeader
                  key={lane.id}
                  lane={lane}
                  x={cols.x.get(lane.id) ?? 0}
                  width={cols.colWidth - 8}
                  downLabels={scene.laneDown[i] ?? ''}
                  actions={lane.nodes.flatMap((n) => byNode.get(n) ?? [])}
                  onAct={choose}
                />
              ),
            )}
          </div>
          <svg
            className="sd-svg"
            data-testid="sequence-diagram-svg"
            width={cols.width}
            height={height}
            aria-label={`Sequence diagram, step ${cursor} of ${run.length}`}
          >
            <DiagramLayers
              diagram={diagram}
              lanes={lanes}
              cols={cols}
              height={height}
              outages={outages}
              notes={scene.notes}
              cursor={cursor}
              currentBand={currentBand}
              showsRow={windowed ? (row) => row >= viewport.first - 1 && row <= viewport.last + 1 : undefined}
              visibleRows={windowed ? { first: viewport.first - 1, last: viewport.last + 1 } : undefined}
            >
              {rows}
            </DiagramLayers>
          </svg>
          {scene.callout && climax ? (
            <ClimaxCallout
              text={climax.callout}
              top={HEADER_H + scene.callout.top}
              canvasWidth={cols.width}
              visibleWidth={viewport.width}
              fresh={inBeat(scene.callout.step)}
            />
          ) : null}
          {tipView && !openMenuFor ? (
            <div
              className="sd-tooltip"
              role="tooltip"
              style={popoverAt(tipView, cols.width, tipState?.seen ?? { top: 0, bottom: height }, 260, 64)}
            >
              {tipView.description}
            </div>
          ) : null}
          {openMenuFor && menuView ? (
            <MessageMenu
              {...popoverAt(
                menuView,
                cols.width,
                openMenuFor.seen,
                220,
                44 + 40 * (byMessage.get(openMenuFor.messageId)?.length ?? 1),
              )}
              title={menuView.text}
              actions={byMessage.get(openMenuFor.messageId) ?? []}
              onChoose={chooseFromMenu}
              onClose={closeMenu}
            />
          ) : null}
        </div>
      </div>
      <StepsSoFar steps={listedSteps} />
    </section>
  );
}

// ---------------------------------------------------------------------------------------------------

function groupActions(actions: EnabledAction[]) {
  const byMessage = new Map<number, EnabledAction[]>();
  const byNode = new Map<string, EnabledAction[]>();
  for (const a of actions) {
    if (a.messageId !== undefined && (a.kind === 'deliver' || a.kind === 'lose' || a.kind === 'hold')) {
      byMessage.set(a.messageId, [...(byMessage.get(a.messageId) ?? []), a]);
    } else if (a.kind === 'crash' || a.kind === 'restart') {
      byNode.set(a.node, [...(byNode.get(a.node) ?? []), a]);
    }
  }
  return { byMessage, byNode };
}

function lastSettled(views: readonly ArrowView[]): string | null {
  for (let i = views.length - 1; i >= 0; i--) {
    const v = views[i] as ArrowView;
    if (v.status !== 'in-flight' && v.status !== 'held') return v.id;
  }
  return null;
}

/** The rows and x-range the current step drew: the band that is highlighted and scrolled into view. */
function currentExtent(
  d: DiagramModel,
  beatFrom: number,
  cursor: number,
  views: readonly ArrowView[],
  viewHeight: number,
) {
  let from = Infinity;
  let to = -Infinity;
  let x1 = Infinity;
  let x2 = -Infinity;
  // The lane that acted last in the beat: where the newest arrow was sent from.
  let focus: number | undefined;
  let focusStep = -Infinity;
  const inBeat = (step: number | undefined) => step !== undefined && step > beatFrom && step <= cursor;
  d.arrows.forEach((a, i) => {
    const sent = inBeat(a.sentStep);
    const ended = inBeat(a.endStep);
    if (!sent && !ended) return;
    const v = views[i] as ArrowView;
    // What happened in this step: the send row of a new arrow, the end row of a settled one.
    const row = ended ? (a.endRow ?? a.row) : a.row;
    from = Math.min(from, row);
    to = Math.max(to, row);
    x1 = Math.min(x1, v.x1, v.x2);
    x2 = Math.max(x2, v.x1, v.x2);
    if (sent && (a.sentStep as number) >= focusStep) {
      focusStep = a.sentStep as number;
      focus = v.x1;
    }
  });
  for (const n of d.notes) {
    if (!inBeat(n.step)) continue;
    from = Math.min(from, n.row);
    to = Math.max(to, n.row);
  }
  // A beat that makes the lesson's point is shown at its point: the step just above the callout, and it.
  // The point's own arrows and notes stay on screen with it: their labels sit up to a row above them.
  if (d.callout && inBeat(d.callout.step)) {
    const step = d.callout.step;
    let first = d.callout.row - 2;
    for (const a of d.arrows) {
      if (a.sentStep === step) first = Math.min(first, a.row - 1);
      else if (a.endStep === step) first = Math.min(first, (a.endRow ?? a.row) - 1);
    }
    for (const n of d.notes) if (n.step === step) first = Math.min(first, n.row - 1);
    to = d.callout.row + d.callout.rows - 1;
    // In a short view the callout itself wins: as many rows above it as fit under the lane headers, and
    // if it is taller than the view, its top (the badge and the sentence's start) rather than its end.
    const fit = Math.floor((viewHeight - HEADER_H) / ROW_H) - 1;
    from = Math.max(0, Math.min(d.callout.row, Math.max(first, to - fit + 1)));
  }
  if (!Number.isFinite(from)) return null;
  if (!Number.isFinite(x1)) {
    x1 = 0;
    x2 = 1;
  }
  return { from, to, x1: x1 - 12, x2: x2 + 12, ...(focus === undefined ? {} : { focus }) };
}

// ---------------------------------------------------------------------------------------------------

/** What the lines and marks mean: the same on every step, so rendered once. */
const Legend = memo(function Legend() {
  return (
    <ul className="sd-legend" aria-label="Legend">
      <li>
        <svg width="34" height="10" aria-hidden="true">
          <line x1="0" y1="5" x2="34" y2="5" className="sd-legend__request" />
        </svg>
        request
      </li>
      <li>
        <svg width="34" height="10" aria-hidden="true">
          <line x1="0" y1="5" x2="34" y2="5" className="sd-legend__response" />
        </svg>
        response
      </li>
      <li>
        <svg width="34" height="10" aria-hidden="true">
          <line x1="0" y1="5" x2="34" y2="5" className="sd-legend__effect" />
        </svg>
        ⚡ effect
      </li>
      <li>
        <span className="sd-legend__lost" aria-hidden="true">
          ✕
        </span>{' '}
        lost / dropped
      </li>
      <li>
        <span className="sd-legend__dot" aria-hidden="true">
          ●
        </span>{' '}
        in flight<span className="sd-legend__hint"> (activate it to deliver, lose or hold back)</span>
      </li>
    </ul>
  );
});

/** How many of the latest steps the screen-reader list holds (a long list re-laid out each step cost ~12 ms). */
const STEPS_LISTED = 20;

/** The latest steps as text, for screen readers (the SVG's shapes are not a reading order). */
const StepsSoFar = memo(function StepsSoFar({ steps }: { steps: readonly StepRecord[] }) {
  const shown = steps.slice(-STEPS_LISTED);
  return (
    <ol
      className="visually-hidden"
      aria-label={`Latest steps (${shown.length} of ${steps.length})`}
      start={shown[0]?.index ?? 1}
    >
      {shown.map((s) => (
        <StepItem key={s.index} index={s.index} label={s.label} />
      ))}
    </ol>
  );
});

const StepItem = memo(function StepItem({ index, label }: { index: number; label: string }) {
  return (
    <li>
      Step {index}: {label}
    </li>
  );
});
