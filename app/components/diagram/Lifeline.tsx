import { memo, type ReactNode } from 'react';
import { type EnabledAction, type Lane, nodeTag, type Outage, rowTop, rowY } from '../../../src/index.ts';

/** Encodes outages as a string so `memo` compares lanes cheaply. */
export const outageKey = (outages: readonly Outage[]): string =>
  outages.map((o) => `${o.node}:${o.from}-${o.until ?? ''}`).join(';');

interface LifelineProps {
  x: number;
  height: number;
  outages: Outage[];
  outagesKey: string;
  /** More than one node on this lane (a collapsed group): markers name the node. */
  shared: boolean;
  /** A folded strip: a faint line, since nothing is drawn on it. */
  folded?: boolean;
  /** The rows near the viewport, in a long live diagram: only they are drawn. Absent: every row. */
  visible?: { first: number; last: number };
}

/**
 * A lifeline: solid while its node is up, dashed from the crash row (with "✕ crashed") until the
 * restart row ("↻ restarted"). Shape and words, not only colour.
 */
export const Lifeline = memo(
  function Lifeline({ x, height, outages, shared, folded, visible }: LifelineProps) {
    // Only a single-node lane turns dashed; a shared lane keeps its line and shows the markers.
    const down = shared ? [] : outages;
    const segments: { y1: number; y2: number; dashed: boolean }[] = [];
    let y = 0;
    for (const o of down) {
      const start = rowTop(o.from);
      const end = o.until === null ? height : rowTop(o.until);
      if (start > y) segments.push({ y1: y, y2: start, dashed: false });
      segments.push({ y1: Math.max(start, y), y2: end, dashed: true });
      y = end;
    }
    if (y < height) segments.push({ y1: y, y2: height, dashed: false });
    // A node crashed and restarted thousands of times has thousands of segments and markers: draw those
    // near the viewport (the live view re-renders as it scrolls).
    const top = visible ? rowTop(visible.first) : -Infinity;
    const bottom = visible ? rowTop(visible.last + 1) : Infinity;
    const near = (row: number | null) => row !== null && rowY(row) >= top && rowY(row) <= bottom;
    const shownSegments = visible ? segments.filter((s) => s.y2 >= top && s.y1 <= bottom) : segments;
    const shownOutages = visible ? outages.filter((o) => near(o.from) || near(o.until)) : outages;
    return (
      <g className={folded ? 'sd-lifeline sd-lifeline--folded' : 'sd-lifeline'}>
        {shownSegments.map((s, i) => (
          <line
            key={i}
            x1={x}
            x2={x}
            y1={s.y1}
            y2={s.y2}
            className={s.dashed ? 'sd-lifeline__line sd-lifeline__line--down' : 'sd-lifeline__line'}
          />
        ))}
        {shownOutages.map((o) => (
          <g key={`${o.node}-${o.from}`}>
            <g className="sd-lifeline__crash">
              <title>{o.text}</title>
              <path
                d={`M${x - 6},${rowY(o.from) - 6} L${x + 6},${rowY(o.from) + 6} M${x + 6},${rowY(o.from) - 6} L${x - 6},${rowY(o.from) + 6}`}
              />
              <text x={x + 10} y={rowY(o.from) + 4}>
                ✕ {shared ? `${o.nodeLabel} ` : ''}crashed
              </text>
            </g>
            {o.until !== null ? (
              <g className="sd-lifeline__restart">
                <title>{o.restartText}</title>
                <circle cx={x} cy={rowY(o.until)} r={5} />
                <text x={x + 10} y={rowY(o.until) + 4}>
                  ↻ {shared ? `${o.nodeLabel} ` : ''}restarted
                </text>
              </g>
            ) : null}
          </g>
        ))}
      </g>
    );
  },
  (a, b) =>
    a.x === b.x &&
    a.height === b.height &&
    a.outagesKey === b.outagesKey &&
    a.shared === b.shared &&
    a.folded === b.folded &&
    a.visible?.first === b.visible?.first &&
    a.visible?.last === b.visible?.last,
);

export interface LaneHeaderProps {
  lane: Lane;
  x: number;
  width: number;
  /** Nodes on this lane that are down now. */
  downLabels: string;
  /** Crash/Restart actions the world offers now for this lane's nodes. */
  actions: EnabledAction[];
  onAct(actionId: string): void;
}

const ROLE_TEXT: Record<string, string> = {
  producer: 'producer',
  broker: 'broker',
  'txn-coordinator': 'txn coordinator',
  'group-coordinator': 'group coordinator',
  consumer: 'consumer',
  sink: 'outside Kafka',
  worker: "thread in the consumer's process",
};

/**
 * The line under a lane's name: its role (a consumer group's member names its group, the group's shared
 * lane how many members it stands for), or which of its nodes are down (a word and a ✕, not a colour).
 */
export function laneSubtitle(label: string, role: string, downLabels: string, lane?: Lane): string {
  if (!downLabels && lane?.group !== undefined)
    return lane.nodes.length > 1 ? `${lane.nodes.length} members, one lane` : `member of group ${lane.group}`;
  if (!downLabels) return ROLE_TEXT[role] ?? role;
  return `✕ ${downLabels === label ? 'down' : `${downLabels} down`}`;
}

/** The diagram passes a fresh `actions` array every render: the same actions (by id) are no change. */
const sameActions = (a: readonly EnabledAction[], b: readonly EnabledAction[]) =>
  a.length === b.length && a.every((x, i) => x.id === b[i]?.id && x.label === b[i]?.label);

/** Lanes are rebuilt as the diagram is cut at each step: the same fields are the same lane. */
const sameLane = (a: Lane, b: Lane) =>
  a === b ||
  (a.id === b.id &&
    a.label === b.label &&
    a.role === b.role &&
    a.folded === b.folded &&
    a.group === b.group &&
    a.nodes.join('\n') === b.nodes.join('\n'));

/**
 * A lane's name with a line break allowed after "_" and "-" too: "(read_committed)" and "orders-0" wrap
 * at their parts in a narrow lane instead of being cut mid-word.
 */
const breakable = (label: string): ReactNode[] =>
  label.split(/(?<=[_-])/).flatMap((part, i) => (i === 0 ? [part] : [<wbr key={i} />, part]));

/**
 * The label at the top of a lane (sticky while the diagram scrolls), with its Crash / Restart buttons.
 * Memoised: a step re-renders only the lanes whose node went down or came back.
 */
export const LaneHeader = memo(
  function LaneHeader({ lane, x, width, downLabels, actions, onAct }: LaneHeaderProps) {
    const { id: laneId, label, role } = lane;
    const several = new Set(actions.map((a) => a.node)).size > 1;
    const subtitle = laneSubtitle(label, role, downLabels, lane);
    return (
      <div
        className={`sd-lane-header${downLabels ? ' is-down' : ''}`}
        style={{ left: x - width / 2, width }}
        data-testid={`lane-${laneId}`}
      >
        <div className="sd-lane-header__label" title={label}>
          {breakable(label)}
        </div>
        {/* One line, cut short in a narrow lane: the tooltip says it whole. */}
        <div className="sd-lane-header__role" title={subtitle}>
          {downLabels ? <span className="sd-lane-header__down">{subtitle}</span> : subtitle}
        </div>
        {actions.length > 0 ? (
          <div className="sd-lane-header__actions">
            {actions.map((a) => (
              <button
                key={a.id}
                type="button"
                className={`sd-node-action sd-node-action--${a.kind}`}
                aria-label={a.label}
                title={a.label}
                onClick={() => onAct(a.id)}
              >
                {/* A shared lane has a button per node, side by side: the symbol and the node's short
                  name (the accessible name and the tooltip say it in full). */}
                {several
                  ? `${a.kind === 'crash' ? '✕' : '↻'} ${nodeTag(lane, a.node)}`
                  : a.kind === 'crash'
                    ? '✕ Crash'
                    : '↻ Restart'}
              </button>
            ))}
          </div>
        ) : null}
      </div>
    );
  },
  (a, b) =>
    sameLane(a.lane, b.lane) &&
    a.x === b.x &&
    a.width === b.width &&
    a.downLabels === b.downLabels &&
    a.onAct === b.onAct &&
    sameActions(a.actions, b.actions),
);

export interface FoldedStripProps {
  laneId: string;
  label: string;
  x: number;
  width: number;
  onOpen(): void;
}

/**
 * The header of a folded strip: lanes nothing in the lesson or the run involves yet, standing aside so a
 * narrow window shows the ones that matter. Its vertical label says which; pressing it opens them.
 */
export function FoldedStrip({ laneId, label, x, width, onOpen }: FoldedStripProps) {
  return (
    <button
      type="button"
      className="sd-folded-strip"
      style={{ left: x - width / 2, width }}
      data-testid={`lane-${laneId}`}
      aria-label={`Show ${label} (folded: not involved so far)`}
      title={`${label}: not involved so far. Show it.`}
      onClick={onOpen}
    >
      <span className="sd-folded-strip__label">{label}</span>
    </button>
  );
}
