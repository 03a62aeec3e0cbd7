import { memo } from 'react';
import { Icon, type IconName } from '../Icon.tsx';
import { clipLabel as clip } from '../../../src/index.ts';

/** Drawn, not typed: ⚡ and ◔ come out as colour emoji or not at all, depending on the fonts. */
const ICON: Record<string, IconName> = {
  crash: 'cross',
  restart: 'restart',
  timer: 'timer',
  elect: 'crown',
  app: 'play',
  effect: 'bolt',
  txn: 'log',
  state: 'diamond',
  replication: 'copies',
  routine: 'copies',
};

export interface NoteBoxProps {
  /** The lane's x: the note sits just right of it (left of it near the right edge). */
  x: number;
  y: number;
  text: string;
  kind: string;
  current: boolean;
  /** Made by the step of the lesson's point: drawn whole (its maxWidth is the canvas). */
  point?: boolean;
  /**
   * A fold's note (several messages summed up): a button that shows them in place or folds them again.
   * The diagram's delegated handlers act on `data-fold-id` (click, Enter, Space).
   */
  fold?: { id: string; messages: number; expanded: boolean };
  maxWidth: number;
  canvasWidth: number;
}

const CHAR_W = 6.4;
/** The icon's size and the room it takes before the text. */
const ICON_SIZE = 11;
const ICON_ROOM = ICON_SIZE + 5;

/** Field by field: the diagram passes a fresh `fold` object every render, most of them unchanged. */
function sameNote(a: NoteBoxProps, b: NoteBoxProps): boolean {
  for (const k of Object.keys(a) as (keyof NoteBoxProps)[]) {
    if (k === 'fold') {
      if (a.fold?.id !== b.fold?.id) return false;
      if (a.fold?.messages !== b.fold?.messages || a.fold?.expanded !== b.fold?.expanded) return false;
    } else if (a[k] !== b[k]) return false;
  }
  return Object.keys(a).length === Object.keys(b).length;
}

/**
 * A small box for what is not a message: a crash, a timer that fired, an election, an app call.
 * Memoised: a step re-renders only the notes whose text, place or highlight changed.
 */
export const NoteBox = memo(function NoteBox({
  x,
  y,
  text,
  kind,
  current,
  point = false,
  fold,
  maxWidth,
  canvasWidth,
}: NoteBoxProps) {
  // A fold says how many messages it holds, and which way a press turns it: ▸ shows them, ▾ folds them.
  const full = fold
    ? `${fold.expanded ? '▾' : '▸'} ${text} (${fold.messages} message${fold.messages === 1 ? '' : 's'})`
    : text;
  const shown = clip(full, Math.floor((maxWidth - 12 - ICON_ROOM) / CHAR_W));
  const w = Math.min(maxWidth, shown.length * CHAR_W + 14 + ICON_ROOM);
  const left = x + 8 + w > canvasWidth - 4 ? x - 8 - w : x + 8;
  return (
    <g
      role="listitem"
      className={`sd-note sd-note--${kind}${current ? ' is-current' : ''}${point ? ' is-point' : ''}${fold ? ' is-fold' : ''}`}
      aria-label={fold ? undefined : text}
    >
      <title>{full}</title>
      <g
        className="sd-note__body"
        {...(fold
          ? {
              role: 'button',
              tabIndex: 0,
              'data-fold-id': fold.id,
              'aria-expanded': fold.expanded,
              'aria-label': `${text}: ${fold.messages} message${fold.messages === 1 ? '' : 's'} ${fold.expanded ? 'shown; fold them' : 'folded; show them'}`,
            }
          : {})}
      >
        {/* A fold is a button: 24 px tall, the least a pointer target should be. */}
        <rect x={left} y={fold ? y - 15 : y - 13} width={w} height={fold ? 24 : 20} rx={4} />
        <Icon
          name={ICON[kind] ?? 'dot'}
          className="sd-note__icon"
          at={{ x: left + 6, y: y - 8.5, size: ICON_SIZE }}
        />
        <text x={left + 7 + ICON_ROOM} y={y + 1}>
          {shown}
        </text>
      </g>
    </g>
  );
}, sameNote);

export interface SpanBandProps {
  y: number;
  height: number;
  width: number;
  label: string;
  outcome: string;
}

/** A transaction: a shaded band from its begin to its commit or abort, labelled. */
export const SpanBand = memo(function SpanBand({ y, height, width, label, outcome }: SpanBandProps) {
  const word =
    outcome === 'commit'
      ? 'committed'
      : outcome === 'abort'
        ? 'aborted'
        : outcome === 'abandoned'
          ? 'abandoned'
          : 'open';
  const status =
    word === 'committed'
      ? '✓ committed'
      : word === 'aborted'
        ? '✕ aborted'
        : word === 'abandoned'
          ? '✕ left open: its producer crashed'
          : '… open';
  return (
    <g className={`sd-span sd-span--${word}`}>
      <rect x={2} y={y} width={width - 4} height={height} rx={6} />
      <text x={8} y={y + 12}>
        {label} · {status}
      </text>
    </g>
  );
});
