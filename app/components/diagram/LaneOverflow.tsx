import { type KeyboardEvent, useLayoutEffect, useRef } from 'react';

export interface LaneOverflowProps {
  /** The labels of the lanes out of view on each side. */
  before: readonly string[];
  after: readonly string[];
  /** Scrolls the lane strip one lane towards that side. */
  onMove(side: 'before' | 'after'): void;
}

const lanes = (n: number) => `${n} more lane${n === 1 ? '' : 's'}`;

/**
 * Says on the diagram that lanes are out of view ("2 more lanes →") and brings them in, one per press:
 * a real button, so Tab reaches it, Enter or a tap presses it, and the arrow keys move either way while
 * it has focus (kept from the playground's own arrow keys, which step the run).
 */
export function LaneOverflow({ before, after, onMove }: LaneOverflowProps) {
  const beforeRef = useRef<HTMLButtonElement>(null);
  const afterRef = useRef<HTMLButtonElement>(null);
  /** The button a key or a press just moved with: if that side ran out, focus goes to the other one
   * (without scrolling it into view: that would cut short the smooth scroll under way). */
  const moved = useRef<'before' | 'after' | null>(null);
  const move = (side: 'before' | 'after', byKey: boolean) => {
    moved.current = byKey ? side : null;
    onMove(side);
  };
  useLayoutEffect(() => {
    const side = moved.current;
    if (side === 'after' && after.length === 0) beforeRef.current?.focus({ preventScroll: true });
    if (side === 'before' && before.length === 0) afterRef.current?.focus({ preventScroll: true });
    if ((side === 'after' && after.length === 0) || (side === 'before' && before.length === 0))
      moved.current = null;
  }, [before.length, after.length]);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    e.preventDefault();
    e.stopPropagation();
    move(e.key === 'ArrowRight' ? 'after' : 'before', true);
  };
  return (
    <>
      {before.length > 0 ? (
        <button
          type="button"
          ref={beforeRef}
          className="sd-lane-overflow sd-lane-overflow--before"
          aria-label={`${lanes(before.length)} to the left: ${before.join(', ')}`}
          onClick={(e) => move('before', e.detail === 0)}
          onKeyDown={onKeyDown}
        >
          ← {before.length} more
        </button>
      ) : null}
      {after.length > 0 ? (
        <button
          type="button"
          ref={afterRef}
          className="sd-lane-overflow sd-lane-overflow--after"
          aria-label={`${lanes(after.length)} to the right: ${after.join(', ')}`}
          onClick={(e) => move('after', e.detail === 0)}
          onKeyDown={onKeyDown}
        >
          {lanes(after.length)} →
        </button>
      ) : null}
    </>
  );
}
