import { memo, startTransition, useEffect, useState, type ComponentType } from 'react';
import { useRun } from '../playground/hooks.ts';
import type { Run } from '../playground/run.ts';

/** Catch-ups waiting for the next paint; every panel's runs in one task and one React render. */
const pending = new Set<() => void>();
let scheduled = false;

function flush(): void {
  scheduled = false;
  const tasks = [...pending];
  pending.clear();
  startTransition(() => tasks.forEach((t) => t()));
}

/** Runs `task` in a task queued after the next frame (on a timer alone while the page is hidden). */
function afterPaint(task: () => void): () => void {
  pending.add(task);
  if (!scheduled) {
    scheduled = true;
    // A hidden page runs no animation frames.
    if (document.visibilityState === 'hidden') setTimeout(flush);
    else requestAnimationFrame(() => setTimeout(flush));
  }
  return () => {
    pending.delete(task);
  };
}

/**
 * `value`, one painted frame late: it catches up in a task queued after the next frame, so the frame
 * that answers an input paints without waiting for what reads it. (React's useDeferredValue renders in
 * a scheduler task that usually runs before that frame, so it delayed the step's paint all the same.)
 */
export function useAfterPaint<T>(value: T): T {
  const [shown, setShown] = useState(value);
  useEffect(() => {
    if (Object.is(shown, value)) return;
    return afterPaint(() => setShown(value));
  }, [value, shown]);
  return shown;
}

/**
 * A panel that catches up with the run just after the step is on screen. A press of Next renders the
 * diagram, the narration and the choices at once; panels built from the whole outcome (ledger, log,
 * actor state, compare) render in the frame after, so their cost is not part of the step's
 * latency. While they wait they show the previous step, unchanged.
 */
export function deferred(View: ComponentType<{ run: Run }>): ComponentType {
  const Memoised = memo(View);
  function Deferred() {
    const run = useAfterPaint(useRun());
    return <Memoised run={run} />;
  }
  Deferred.displayName = `Deferred(${View.displayName ?? View.name})`;
  return Deferred;
}
