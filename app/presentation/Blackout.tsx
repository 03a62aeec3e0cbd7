import { useEffect, useRef } from 'react';
import { usePlayground } from '../playground/hooks.ts';

/**
 * The presenter's black screen (reveal.js's B and `.`): it covers the playground, takes focus so the
 * keyboard stays inside the playground, and any key (see playground/keys.ts) or a click brings the run back.
 */
export function Blackout() {
  const setOverlay = usePlayground((s) => s.setOverlay);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    ref.current?.focus({ preventScroll: true });
    return () => before?.focus({ preventScroll: true });
  }, []);
  return (
    <div
      ref={ref}
      className="blackout"
      role="dialog"
      aria-modal="true"
      aria-label="Blackout"
      tabIndex={-1}
      data-testid="blackout"
      onClick={() => setOverlay(null)}
    >
      <p className="visually-hidden">The screen is black. Press any key or click to return.</p>
    </div>
  );
}
