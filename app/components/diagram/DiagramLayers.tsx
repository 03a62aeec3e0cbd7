import type { ReactNode } from 'react';
import {
  type Columns,
  type DiagramModel,
  isShared,
  type Lane,
  type Outage,
  ROW_H,
  rowTop,
  type SceneNote,
} from '../../../src/index.ts';
import { Lifeline, outageKey } from './Lifeline.tsx';
import { NoteBox, SpanBand } from './Notes.tsx';

export interface DiagramLayersProps {
  /** The diagram cut at the cursor. */
  diagram: DiagramModel;
  lanes: readonly Lane[];
  cols: Columns;
  height: number;
  outages: readonly Outage[];
  /** The note boxes, placed (DiagramScene.notes). */
  notes: readonly SceneNote[];
  /** The step whose notes are highlighted; null highlights none (the static picture). */
  cursor: number | null;
  /** The rows the current step drew, shaded; null for none. */
  currentBand: { from: number; to: number } | null;
  /** Draws a note on this row? (Long live diagrams draw only the rows near the viewport.) */
  showsRow?: (row: number) => boolean;
  /** The same rows as a range, for the lifelines' segments and crash markers. */
  visibleRows?: { first: number; last: number };
  /** The message arrows: the live view and the static picture choose their flags. */
  children: ReactNode;
}

/**
 * What is inside the diagram's <svg>: arrowheads, transaction spans, lifelines, notes and the message
 * arrows, in painting order. The live SequenceDiagram and the static picture (app/static) both draw
 * through it, so a docs build shows the same drawing as the playground.
 */
export function DiagramLayers({
  diagram,
  lanes,
  cols,
  height,
  outages,
  notes,
  cursor,
  currentBand,
  showsRow,
  visibleRows,
  children,
}: DiagramLayersProps) {
  return (
    <>
      <Markers />
      <g aria-hidden="true">
        {diagram.spans.map((s) => (
          <SpanBand
            key={s.id}
            y={rowTop(s.startRow)}
            height={(s.endRow - s.startRow + 1) * ROW_H}
            width={cols.width}
            label={s.label}
            outcome={s.outcome === 'open' && s.endStep !== undefined ? 'abandoned' : s.outcome}
          />
        ))}
        {currentBand ? (
          <rect
            className="sd-current-band"
            x={2}
            y={rowTop(currentBand.from)}
            width={cols.width - 4}
            height={(currentBand.to - currentBand.from + 1) * ROW_H}
          />
        ) : null}
      </g>
      {lanes.map((lane) => {
        const o = outages.filter((x) => lane.nodes.includes(x.node));
        return (
          <Lifeline
            key={lane.id}
            x={cols.x.get(lane.id) ?? 0}
            height={height}
            outages={o}
            outagesKey={outageKey(o)}
            shared={isShared(lane)}
            folded={lane.folded ?? false}
            visible={visibleRows}
          />
        );
      })}
      <g role="list" aria-label="Notes">
        {notes.map(({ note: n, x, y, maxWidth }) =>
          (showsRow?.(n.row) ?? true) ? (
            <NoteBox
              key={n.id}
              x={x}
              y={y}
              text={n.text}
              kind={n.kind}
              current={n.step === cursor}
              point={n.step === diagram.callout?.step}
              fold={
                n.fold ? { id: n.id, messages: n.fold.messages.length, expanded: n.fold.expanded } : undefined
              }
              maxWidth={maxWidth}
              canvasWidth={cols.width}
            />
          ) : null,
        )}
      </g>
      <g role="list" aria-label="Messages">
        {children}
      </g>
    </>
  );
}

function Markers() {
  return (
    <defs>
      {(['request', 'response', 'effect'] as const).map((k) => (
        <marker
          key={k}
          id={`sd-head-${k}`}
          className={`sd-head sd-head--${k}`}
          viewBox="0 0 10 10"
          refX="9"
          refY="5"
          markerWidth="10"
          markerHeight="10"
          markerUnits="userSpaceOnUse"
          orient="auto-start-reverse"
        >
          {k === 'effect' ? (
            <path d="M0,5 L5,0 L10,5 L5,10 z" />
          ) : k === 'response' ? (
            <path d="M0,0 L10,5 L0,10" fill="none" />
          ) : (
            <path d="M0,0 L10,5 L0,10 z" />
          )}
        </marker>
      ))}
    </defs>
  );
}
