import { lazy, Suspense } from 'react';

// The lab (its workers, uPlot) is loaded when the page switches to it, never with the playground.
const LabPage = lazy(() => import('./LabPage.tsx').then((m) => ({ default: m.LabPage })));

export function LazyLabPage() {
  return (
    <Suspense fallback={<p className="lab-page">Opening the lab…</p>}>
      <LabPage />
    </Suspense>
  );
}
