import type { ReactNode } from 'react';
import { useRunValue } from '../playground/hooks.ts';
import { ErrorBoundary } from './ErrorBoundary.tsx';

/**
 * An ErrorBoundary that tries its part again at the next world (a step, Back, another run). It reads the
 * world itself, so the layout around it does not render again at every step.
 */
export function RunErrorBoundary({ what, children }: { what: string; children: ReactNode }) {
  const world = useRunValue((r) => r.world);
  return (
    <ErrorBoundary what={what} resetKey={world}>
      {children}
    </ErrorBoundary>
  );
}
