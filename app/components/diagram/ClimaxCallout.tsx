import { memo } from 'react';
import { ROW_H } from './layout.ts';
import './ClimaxCallout.css';

/** Widest the callout gets: a line a person can read in one go, even across a 1920 px diagram. */
const MAX_W = 760;
/** Character width and line height of the callout's text (1rem in the system UI font). */
const CHAR_W = 8.6;
const LINE_H = 22;
/** The badge line and the box's padding. */
const CHROME_H = 34;

const boxWidth = (canvas: number) => Math.min(MAX_W, canvas - 24);

/** How many diagram rows the callout needs at this width, so it never covers the rows after it. */
export function calloutRowsFor(text: string, canvasWidth: number): number {
  const perLine = Math.max(16, Math.floor((boxWidth(Math.max(canvasWidth, 280)) - 28) / CHAR_W));
  const lines = Math.ceil(text.length / perLine) + 1;
  return Math.ceil((lines * LINE_H + CHROME_H) / ROW_H);
}

/**
 * The lesson's point, said on the diagram right under the step that makes it, in blank rows the model
 * keeps for it: the whole sentence, never clipped. Marked by a badge and a border, not by colour alone.
 */
export const ClimaxCallout = memo(function ClimaxCallout({
  text,
  top,
  height,
  width,
  fresh,
}: {
  text: string;
  top: number;
  height: number;
  width: number;
  /** The beat on screen is the one that makes the point (it is emphasised then). */
  fresh: boolean;
}) {
  const w = boxWidth(width);
  return (
    <div
      className={`sd-callout${fresh ? ' is-fresh' : ''}`}
      role="note"
      aria-label="The point of the lesson"
      data-testid="climax-callout"
      style={{ top, minHeight: height, width: w, left: Math.max(12, (width - w) / 2) }}
    >
      <span className="sd-callout__badge" aria-hidden="true">
        ★ The point
      </span>
      <p>{text}</p>
    </div>
  );
});
