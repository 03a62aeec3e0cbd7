import { memo, startTransition, useEffect, useState, type ComponentType } from 'react';
import type { Run } from '../state/useRun.ts';

/**
 * `value`, one painted frame late: it catches up in a task queued after the next frame, so the frame
 * that answers an input paints without waiting for what reads it. (React's useDeferredValue renders in
 * a scheduler task that usually runs before that frame, so it delayed the step's paint all the same.)
 */
export function useAfterPaint<T>(value: T): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    if (Object.is(shown, value)) return;
    const catchUp = () => startTransition(() => setShown(value));
    let timer: ReturnType<typeof setTimeout> | undefined;
    let frame = 0;
    // A hidden page runs no animation frames: there the panels catch up on a timer alone.
    if (document.visibilityState === 'hidden') timer = setTimeout(catchUp);
    else frame = requestAnimationFrame(() => (timer = setTimeout(catchUp)));
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [value, shown]);
  return shown;
}

/**
 * A panel that catches up with the run just after the step is on screen. A press of Next renders the
 * diagram, the narration and the choices at once; panels built from the whole outcome (ledger, log,
 * actor state, compare) render in the frame after, so their cost is not part of the step's
 * latency. While they wait they show the previous step, unchanged.
 */
export function deferred<P extends { run: Run }>(View: ComponentType<P>): ComponentType<P> {
  const Memoised = memo(View);
  function Deferred(props: P) {
    const run = useAfterPaint(props.run);
    return <Memoised {...props} run={run} />;
  }
  Deferred.displayName = `Deferred(${View.displayName ?? View.name})`;
  return Deferred;
}
