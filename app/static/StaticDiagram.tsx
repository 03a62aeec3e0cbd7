import {
  clipLabel as clip,
  type Columns,
  type DiagramScene,
  type Lane,
  type SceneOptions,
} from '../../src/index.ts';
import { Arrow } from '../components/diagram/Arrow.tsx';
import { DiagramLayers } from '../components/diagram/DiagramLayers.tsx';
import { laneSubtitle } from '../components/diagram/Lifeline.tsx';
import { still } from '../components/diagram/stepProgress.ts';

/** Room for the lane names above the lifelines (the live page has its HTML header there). */
const LANES_H = 62;
/**
 * How the picture lays the run out: every message drawn, no lane collapsed, each lane 200 px wide (the
 * live view's columns are as wide as the window allows, up to 260), as tall as its rows.
 */
export const STATIC_SCENE: SceneOptions = { width: { perLane: 200 }, collapsed: false, height: 'fit' };
/** The arrows' step progress: always arrived, since nothing here moves. */
const ARRIVED = still(1);
const SVG_NS = 'http://www.w3.org/2000/svg';

export interface StaticDiagramProps {
  /** The run laid out (diagramScene with STATIC_SCENE). */
  scene: DiagramScene;
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
export function StaticDiagram({ scene, title, description, css, transparent = false }: StaticDiagramProps) {
  const { diagram, lanes, cols, height } = scene;
  const total = LANES_H + height;
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
      <LaneLabels lanes={lanes} cols={cols} down={scene.laneDown} />
      <DiagramLayers
        diagram={diagram}
        lanes={lanes}
        cols={cols}
        height={height}
        outages={scene.outages}
        notes={scene.notes}
        cursor={null}
        currentBand={null}
      >
        {scene.arrows.map((view, i) => {
          return (
            <Arrow
              key={view.id}
              view={view}
              current={false}
              selected={false}
              interactive={false}
              tabStop={false}
              width={cols.width}
              maxChars={scene.labelRoom[i] ?? 0}
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
  /** Per lane, what is down on it. */
  down: readonly string[];
}) {
  // About 7.5 px a character of the 13 px bold name; the header shows up to two lines, so does this.
  const chars = Math.floor((cols.colWidth - 8) / 7.5);
  return (
    <g className="sd-static-lanes">
      {lanes.map((lane, i) => {
        const x = cols.x.get(lane.id) ?? 0;
        const downs = down[i] ?? '';
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
              {clip(laneSubtitle(lane.label, lane.role, downs, lane), chars + 2)}
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
