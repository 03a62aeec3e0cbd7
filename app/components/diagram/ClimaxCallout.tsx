import { memo } from 'react';
import { ROW_H } from '../../../src/index.ts';
import './ClimaxCallout.css';

/** Widest the callout gets: a line a person can read in one go, even across a 1920 px diagram. */
const MAX_W = 760;
/** Character width and line height of the callout's text (1rem in the system UI font). */
const CHAR_W = 8.6;
const LINE_H = 22;
/** The badge line and the box's padding. */
const CHROME_H = 34;

/** As wide as the part of the diagram on screen allows (a phone scrolls a wider diagram sideways). */
const boxWidth = (visible: number) => Math.min(MAX_W, visible - 24);

/** How many diagram rows the callout needs at this width, so it never covers the rows after it. */
export function calloutRowsFor(text: string, visibleWidth: number): number {
  const perLine = Math.max(16, Math.floor((boxWidth(Math.max(visibleWidth, 280)) - 28) / CHAR_W));
  const lines = Math.ceil(text.length / perLine) + 1;
  return Math.ceil((lines * LINE_H + CHROME_H) / ROW_H);
}

/**
 * The lesson's point, said on the diagram right under the step that makes it, in blank rows the model
 * keeps for it: the whole sentence, never clipped. Marked by a badge and a border, not by colour alone.
 * The box is as tall as its text: the rows kept for it are an estimate with a line to spare, and an
 * empty band under the sentence read as something missing. A band as wide as the canvas holds it; the
 * box sticks to the visible part when the diagram is wider than the screen, so a phone that scrolls the
 * lanes sideways still shows all of it.
 */
export const ClimaxCallout = memo(function ClimaxCallout({
  text,
  top,
  canvasWidth,
  visibleWidth,
  fresh,
}: {
  text: string;
  top: number;
  canvasWidth: number;
  visibleWidth: number;
  /** The beat on screen is the one that makes the point (it is emphasised then). */
  fresh: boolean;
}) {
  const w = boxWidth(Math.min(visibleWidth, canvasWidth));
  return (
    <div className="sd-callout-band" style={{ top, width: canvasWidth }}>
      <div
        className={`sd-callout${fresh ? ' is-fresh' : ''}`}
        role="note"
        aria-label="The point of the lesson"
        data-testid="climax-callout"
        style={{ width: w, marginLeft: Math.max(12, (visibleWidth - w) / 2) }}
      >
        <span className="sd-callout__badge" aria-hidden="true">
          ★ The point
        </span>
        <p>{text}</p>
      </div>
    </div>
  );
});
