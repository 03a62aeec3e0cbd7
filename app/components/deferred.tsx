import { memo, useDeferredValue, type ComponentType } from 'react';
import type { Run } from '../state/useRun.ts';

/**
 * A panel that catches up with the run just after the step is on screen. A press of Next renders the
 * diagram, the narration and the choices at once; panels built from the whole outcome (ledger, log,
 * actor state, compare) render again in React's deferred pass, which the next input can interrupt, so
 * their cost is not part of the step's latency. While they wait they show the previous step, unchanged.
 */
export function deferred<P extends { run: Run }>(View: ComponentType<P>): ComponentType<P> {
  const Memoised = memo(View);
  function Deferred(props: P) {
    const run = useDeferredValue(props.run);
    return <Memoised {...props} run={run} />;
  }
  Deferred.displayName = `Deferred(${View.displayName ?? View.name})`;
  return Deferred;
}
