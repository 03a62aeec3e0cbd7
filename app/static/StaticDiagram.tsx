import { motionValue } from 'framer-motion';
import { buildDiagram, diagramUpTo } from '../../src/diagram/model.ts';
import type { World } from '../../src/sim/world.ts';
import { Arrow } from '../components/diagram/Arrow.tsx';
import { DiagramLayers } from '../components/diagram/DiagramLayers.tsx';
import { buildLanes, laneIndex, type Lane } from '../../src/diagram/lanes.ts';
import { clip, diagramHeight, layoutColumns, type Columns } from '../../src/diagram/layout.ts';
import { laneSubtitle } from '../components/diagram/Lifeline.tsx';
import { arrowViews, downLabels, maxLabelChars, outagesOf } from '../../src/diagram/views.ts';

/** Room for the lane names above the lifelines (the live page has its HTML header there). */
const LANES_H = 62;
/** Column width of the picture: the live view's columns are as wide as the window allows, up to 260. */
const COLUMN = 200;
/** The arrows' step progress: always arrived, since nothing here moves. */
const ARRIVED = motionValue(1);
const SVG_NS = 'http://www.w3.org/2000/svg';

export interface StaticDiagramProps {
  /** The world after every choice of the run (the diagram model is built from its whole timeline). */
  last: World;
  /** The world at the cursor: which nodes are down. */
  world: World;
  cursor: number;
  title: string;
  description: string;
  /** The stylesheet, with the theme written in (diagramCss.ts). */
  css: string;
  /** No background: the picture takes the colour of whatever it is placed on. */
  transparent?: boolean;
}

/**
 * The sequence diagram as a standalone SVG document, drawn by the same components as the live view
 * (DiagramLayers, Arrow, Lifeline, NoteBox) in their still state: every arrow fully drawn, nothing
 * focusable or animated, no menus and no buttons. For server-side rendering (renderSvg.tsx).
 */
export function StaticDiagram({
  last,
  world,
  cursor,
  title,
  description,
  css,
  transparent = false,
}: StaticDiagramProps) {
  const model = buildDiagram(last.participants, last.steps);
  const diagram = diagramUpTo(model, cursor);
  const lanes = buildLanes(diagram.lifelines, false);
  const laneOf = laneIndex(lanes);
  const cols = layoutColumns(
    lanes.map((l) => l.id),
    lanes.length * COLUMN,
  );
  // One row more than used: an arrow still in flight points at the next row ("now").
  const height = diagramHeight(diagram.rows + 1);
  const total = LANES_H + height;
  const outages = outagesOf(diagram, diagram.lifelines);
  return (
    <svg
      xmlns={SVG_NS}
      className="sd-svg sd-static"
      width={cols.width}
      height={total}
      viewBox={`0 ${-LANES_H} ${cols.width} ${total}`}
      role="img"
      aria-labelledby="sd-static-title sd-static-desc"
    >
      <title id="sd-static-title">{title}</title>
      <desc id="sd-static-desc">{description}</desc>
      <style dangerouslySetInnerHTML={{ __html: css }} />
      {transparent ? null : (
        <rect className="sd-static__bg" x={0} y={-LANES_H} width={cols.width} height={total} />
      )}
      <LaneLabels lanes={lanes} cols={cols} down={(lane) => downLabels(lane, world, diagram.lifelines)} />
      <DiagramLayers
        diagram={diagram}
        lanes={lanes}
        laneOf={laneOf}
        cols={cols}
        height={height}
        outages={outages}
        cursor={null}
        currentBand={null}
      >
        {arrowViews(diagram, cols.x, laneOf).map((view) => {
          return (
            <Arrow
              key={view.id}
              view={view}
              current={false}
              selected={false}
              interactive={false}
              tabStop={false}
              width={cols.width}
              maxChars={maxLabelChars(view, cols.colWidth)}
              animate={false}
              progress={ARRIVED}
              reduced
            />
          );
        })}
      </DiagramLayers>
    </svg>
  );
}

/** Each lane's name and role (or what is down), as the live view's lane headers show them. */
function LaneLabels({
  lanes,
  cols,
  down,
}: {
  lanes: readonly Lane[];
  cols: Columns;
  down: (lane: Lane) => string;
}) {
  // About 7.5 px a character of the 13 px bold name; the header shows up to two lines, so does this.
  const chars = Math.floor((cols.colWidth - 8) / 7.5);
  return (
    <g className="sd-static-lanes">
      {lanes.map((lane) => {
        const x = cols.x.get(lane.id) ?? 0;
        const downs = down(lane);
        const lines = twoLines(lane.label, chars);
        return (
          <g key={lane.id} className={`sd-static-lane${downs ? ' is-down' : ''}`}>
            <text className="sd-static-lane__label" textAnchor="middle">
              {lines.map((line, i) => (
                <tspan key={i} x={x} y={-LANES_H + 32 - 15 * (lines.length - 1 - i)}>
                  {line}
                </tspan>
              ))}
            </text>
            <text className="sd-static-lane__role" x={x} y={-LANES_H + 50} textAnchor="middle">
              {clip(laneSubtitle(lane.label, lane.role, downs), chars + 2)}
            </text>
          </g>
        );
      })}
      <line className="sd-static-lanes__rule" x1={0} x2={cols.width} y1={-1} y2={-1} />
    </g>
  );
}

/** A name in at most two lines of `chars`, broken between words; what is left over is shortened with "…". */
function twoLines(text: string, chars: number): string[] {
  if (text.length <= chars) return [text];
  const words = text.split(' ');
  let first = '';
  while (words.length > 0 && `${first} ${words[0]}`.trim().length <= chars)
    first = `${first} ${words.shift()}`.trim();
  // A first word longer than the line: break it where the line ends.
  if (first === '') return [text.slice(0, chars), clip(text.slice(chars), chars)];
  return [first, clip(words.join(' '), chars)];
}
