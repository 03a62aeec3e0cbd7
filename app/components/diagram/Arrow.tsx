import { memo, useLayoutEffect, useRef } from 'react';
import {
  arrowGeometry,
  type ArrowGeometry,
  type ArrowView,
  belowAt,
  CHAR_W,
  clipLabel as clip,
  dotAt,
  endFraction,
  LABEL_CLEAR,
  labelAt,
  labelBeside,
  labelSlopes,
  pathTo,
  pointAt,
} from '../../../src/index.ts';
import { interpolate, type StepProgress } from './stepProgress.ts';

export interface ArrowProps {
  view: ArrowView;
  /** Drawn by the current step (sent or settled at the cursor). */
  current: boolean;
  selected: boolean;
  /** In flight with actions on offer: the arrow is a button that opens the message menu. */
  interactive: boolean;
  /** The roving tab stop among settled arrows. */
  tabStop: boolean;
  /** Diagram width, for label placement. */
  width: number;
  maxChars: number;
  /**
   * Sent or settled by the step that makes the lesson's point: its label is shown whole, and, when the
   * arrow runs under the point's callout (`underCallout`), beside its sender instead of at its middle.
   */
  point?: boolean;
  underCallout?: boolean;
  /** Sent before the point's step and delivered by it: the label sits by its end, on screen with the point. */
  arrivesAtPoint?: boolean;
  /** Animate this arrow with the shared step progress (0 → 1); false = show the end state. */
  animate: boolean;
  progress: StepProgress;
  /** prefers-reduced-motion: no travelling dot, the end state at once. */
  reduced: boolean;
}

const STATUS_WORD: Record<ArrowView['status'], string> = {
  delivered: 'delivered',
  lost: 'lost',
  dropped: 'dropped',
  'in-flight': 'in flight',
  held: 'held back',
};

/** Field-by-field: the diagram builds fresh view objects each step, most of them unchanged. */
function sameView(a: ArrowView, b: ArrowView): boolean {
  if (a === b) return true;
  for (const k of Object.keys(a) as (keyof ArrowView)[]) if (a[k] !== b[k]) return false;
  return true;
}

function sameProps(a: ArrowProps, b: ArrowProps): boolean {
  for (const k of Object.keys(a) as (keyof ArrowProps)[]) {
    if (k === 'view' ? !sameView(a.view, b.view) : a[k] !== b[k]) return false;
  }
  return true;
}

/** One message arrow. Memoised: a step re-renders only the arrows whose view or flags changed. */
export const Arrow = memo(function Arrow(props: ArrowProps) {
  const { view, current, selected, interactive, tabStop, width, animate, progress, reduced } = props;
  const maxChars = props.point ? Infinity : props.maxChars;
  const g = arrowGeometry(view.x1, view.y1, view.x2, view.y2);
  const r = dotAt(view.status);
  const end = pointAt(g, r);
  // A label that follows a sloping arrow fits along it; a level one may run into the next columns.
  // (A lost arrow's path is cut short, but its label may use the whole way to the receiver.)
  const reach = endFraction(view.status);
  const along = Math.hypot(g.to.x - g.from.x, g.to.y - g.from.y) / reach;
  const sloped = !g.self && g.to.y !== g.from.y;
  // A reply leaving from where its request landed keeps clear of that corner, placed on the whole way
  // to its receiver (a lost reply's drawn line stops halfway, which would pull the label back into it).
  const clear = view.wedge && labelSlopes(g) ? LABEL_CLEAR : 0;
  const fit =
    sloped && !props.point
      ? Math.min(maxChars, Math.max(8, Math.floor((along - clear - 10) / CHAR_W)))
      : maxChars;
  const text = `${view.kind === 'effect' ? '⚡ ' : ''}${clip(view.text, fit)}`;
  const besideAt = props.underCallout ? 'from' : props.arrivesAtPoint ? 'to' : undefined;
  const beside = besideAt ? labelBeside(g, width, text.length, besideAt) : undefined;
  const shown = beside?.pointer === '←' ? `← ${text}` : beside?.pointer === '→' ? `${text} →` : text;
  const whole =
    clear > 0 && reach < 1
      ? arrowGeometry(
          g.from.x,
          g.from.y,
          g.from.x + (g.to.x - g.from.x) / reach,
          g.from.y + (g.to.y - g.from.y) / reach,
        )
      : g;
  const label = beside ?? labelAt(whole, width, shown.length, clear, props.point);
  const settled = view.status !== 'in-flight' && view.status !== 'held';
  const status = belowAt(g, r, settled ? 20 : 16);
  const failed = view.status === 'lost' || view.status === 'dropped';
  const playing = animate && !reduced;
  const className = [
    'sd-arrow',
    `sd-arrow--${view.kind}`,
    `sd-arrow--${view.status}`,
    current ? 'is-current' : '',
    selected ? 'is-selected' : '',
    props.point ? 'is-point' : '',
    interactive ? 'is-interactive' : '',
  ]
    .filter(Boolean)
    .join(' ');
  const marker = failed ? undefined : settled ? `url(#sd-head-${view.kind})` : undefined;

  return (
    <g role="listitem" className={className}>
      <g
        className="sd-arrow__focus"
        data-arrow-id={view.id}
        data-message-id={view.messageId ?? undefined}
        data-status={view.status}
        data-kind={view.kind}
        data-testid="diagram-arrow"
        role={interactive ? 'button' : 'group'}
        tabIndex={interactive || tabStop ? 0 : -1}
        aria-label={view.description}
        aria-haspopup={interactive ? 'menu' : undefined}
      >
        <title>{view.description}</title>
        {/* A wide transparent stroke: a ≥ 24 px target for pointer and hover. */}
        <path className="sd-arrow__hit" d={pathTo(g, 1)} />
        {!settled ? <path className="sd-arrow__pending" d={pathTo(g, 1)} /> : null}
        {playing ? (
          <Travel g={g} reach={r} progress={progress} marker={marker} failed={failed} />
        ) : (
          <>
            <path className="sd-arrow__line" d={pathTo(g, r)} markerEnd={marker} />
            {failed ? <Cross x={end.x} y={end.y} /> : null}
            {!settled ? (
              <circle className="sd-arrow__dot" data-testid="message-dot" cx={end.x} cy={end.y} r={5} />
            ) : null}
          </>
        )}
        <text
          className="sd-arrow__label"
          x={label.x}
          y={label.y}
          textAnchor={label.anchor}
          transform={label.angle ? `rotate(${label.angle} ${label.x} ${label.y})` : undefined}
        >
          {shown}
        </text>
        {view.status !== 'delivered' ? (
          <text className="sd-arrow__status" x={status.x} y={status.y + 4} textAnchor="middle">
            {STATUS_WORD[view.status]}
          </text>
        ) : null}
        <rect
          className="sd-arrow__ring"
          x={Math.min(g.from.x, g.to.x) - 4}
          y={Math.min(g.from.y, g.to.y) - 22}
          width={Math.abs(g.to.x - g.from.x) + 8 + (g.self ? 44 : 0)}
          height={Math.abs(g.to.y - g.from.y) + 34}
          rx={6}
        />
      </g>
    </g>
  );
}, sameProps);

/**
 * The step's animation: the line draws in and the message dot travels, both functions of `progress`.
 * Each frame writes the attributes directly; React renders this once per step, not once per frame.
 */
function Travel({
  g,
  reach: r,
  progress,
  marker,
  failed,
}: {
  g: ArrowGeometry;
  reach: number;
  progress: StepProgress;
  marker: string | undefined;
  failed: boolean;
}) {
  const line = useRef<SVGPathElement>(null);
  const dot = useRef<SVGCircleElement>(null);
  const cross = useRef<SVGGElement>(null);
  // Before the browser paints, and again at every value: the first frame is already in place.
  useLayoutEffect(() => {
    const draw = (p: number) => {
      const at = pointAt(g, p * r);
      line.current?.setAttribute('d', pathTo(g, p * r));
      // cx/cy, not a transform: the dot's position is an attribute, so nothing depends on transforms.
      dot.current?.setAttribute('cx', String(at.x));
      dot.current?.setAttribute('cy', String(at.y));
      // Once it arrives the dot is absorbed by the receiver, or replaced by the cross; in flight it stays.
      dot.current?.style.setProperty(
        'opacity',
        String(interpolate(p, [0, 0.85, 1], [1, 1, failed || r >= 1 ? 0 : 1])),
      );
      cross.current?.style.setProperty('opacity', String(interpolate(p, [0, 0.9, 1], [0, 0, 1])));
    };
    draw(progress.get());
    return progress.subscribe(draw);
  }, [g, r, progress, failed]);
  const end = pointAt(g, r);
  return (
    <>
      <path ref={line} className="sd-arrow__line" markerEnd={marker} />
      <circle ref={dot} className="sd-arrow__dot" data-testid="message-dot" r={5} />
      {failed ? (
        <g ref={cross}>
          <Cross x={end.x} y={end.y} />
        </g>
      ) : null}
    </>
  );
}

/** The ✕ a lost or dropped message ends in (a shape, not only a colour). */
function Cross({ x, y }: { x: number; y: number }) {
  const s = 7;
  return (
    <g className="sd-arrow__cross" data-testid="arrow-cross" aria-hidden="true">
      <circle cx={x} cy={y} r={s + 4} className="sd-arrow__cross-bg" />
      <path d={`M${x - s},${y - s} L${x + s},${y + s} M${x + s},${y - s} L${x - s},${y + s}`} />
    </g>
  );
}
