import type { Verdict } from '../../src/index.ts';

/**
 * The playground's icons, drawn as inline SVG rather than taken from a font: media symbols such as ⏮
 * and ⏸ are missing from common Linux fonts (a box is drawn instead), and phones turn ▶ into an emoji.
 * Icons are decoration: every one stands next to a word that says the same, so they are aria-hidden.
 */

/** Paths in a 16 × 16 box; `fill` shapes are solid, the others are drawn as 2 px strokes. */
const SHAPES = {
  first: { fill: 'M3 2.5h2v11H3z M13.5 2.5v11L6 8z' },
  back: { fill: 'M12.5 2.5v11L4 8z' },
  play: { fill: 'M4 2.5v11L12.5 8z' },
  pause: { fill: 'M3.5 2.5H7v11H3.5z M9 2.5h3.5v11H9z' },
  next: { fill: 'M2.5 2.5v11L10 8z M11 2.5h2v11h-2z' },
  star: { fill: 'M8 1.2l2 4.3 4.7.5-3.5 3.2 1 4.6L8 11.5l-4.2 2.3 1-4.6L1.3 6l4.7-.5z' },
  down: { fill: 'M2.5 5h11L8 12z' },
  up: { fill: 'M2.5 11h11L8 4z' },
  chevronDown: { stroke: 'M4 6l4 4 4-4' },
  chevronUp: { stroke: 'M4 10l4-4 4 4' },
  cross: { stroke: 'M4 4l8 8M12 4l-8 8' },
  check: { stroke: 'M2.5 8.5l3.5 3.5 7.5-8' },
  copies: { stroke: 'M2 5h8v9H2z M5 5V2h9v9h-4' },
  info: { stroke: 'M8 7v5 M8 4v.5 M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 1 0 0-13z' },
  warning: { stroke: 'M8 1.8L15 14H1z M8 6.5v3.5 M8 12v.2' },
  skip: { stroke: 'M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 1 0 0-13z M3.5 12.5l9-9' },
  restart: { stroke: 'M13.5 8a5.5 5.5 0 1 1-1.6-3.9 M12.5 1.5v3h-3' },
  timer: { stroke: 'M8 1.5a6.5 6.5 0 1 0 0 13 6.5 6.5 0 1 0 0-13z M8 4.5V8l2.5 1.5' },
  crown: { fill: 'M1.5 5l3.5 3 3-5 3 5 3.5-3-1.5 8h-10z' },
  bolt: { fill: 'M9.5 1L3 9h4.5L6 15l7-8.5H8.5z' },
  log: { stroke: 'M3 3.5h10 M3 8h10 M3 12.5h10' },
  diamond: { fill: 'M8 1.5L14.5 8 8 14.5 1.5 8z' },
  dot: { fill: 'M8 5a3 3 0 1 0 0 6 3 3 0 1 0 0-6z' },
} satisfies Record<string, { fill: string } | { stroke: string }>;

export type IconName = keyof typeof SHAPES;

/**
 * An icon at the text's size and colour; inside an SVG drawing, `at` places it (a nested <svg> box in
 * the drawing's units), since SVG text has no inline boxes to sit in.
 */
export function Icon({
  name,
  className,
  at,
}: {
  name: IconName;
  className?: string;
  at?: { x: number; y: number; size: number };
}) {
  const shape: { fill?: string; stroke?: string } = SHAPES[name];
  return (
    <svg
      className={className ? `icon ${className}` : 'icon'}
      viewBox="0 0 16 16"
      x={at?.x}
      y={at?.y}
      width={at ? at.size : '1em'}
      height={at ? at.size : '1em'}
      aria-hidden="true"
      focusable="false"
    >
      {shape.fill ? <path d={shape.fill} fill="currentColor" /> : null}
      {shape.stroke ? (
        <path
          d={shape.stroke}
          fill="none"
          stroke="currentColor"
          strokeWidth="2"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
      ) : null}
    </svg>
  );
}

/** ✕ lost, ✓ once, ⧉ duplicated: the same icon for a verdict in the ledger and in Compare. */
export const VERDICT_ICON: Record<Verdict, IconName> = {
  lost: 'cross',
  once: 'check',
  duplicated: 'copies',
};
