import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { presenterParam } from './presentation/speakerProtocol.ts';
import { wantsLab } from './lab/labUrl.ts';
import { initialFromLink } from './share/useUrlSync.ts';
import './styles.css';

// The speaker view is a second window of the same page; the playground itself never loads its code.
const SpeakerView = lazy(() =>
  import('./presentation/SpeakerView.tsx').then((m) => ({ default: m.SpeakerView })),
);
const presenter = presenterParam(location.search);
// The linked run, opened before the first render (React renders in a later task): replaying a long link
// and drawing it are two tasks, neither blocking the page for long.
const initial =
  presenter === null
    ? { ...initialFromLink(location.hash), ...(wantsLab(location.search) ? { view: 'lab' as const } : {}) }
    : {};

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    {presenter === null ? (
      <ErrorBoundary what="The playground">
        <App initial={initial} />
      </ErrorBoundary>
    ) : (
      <ErrorBoundary what="The speaker view">
        <Suspense fallback={<p>Opening the speaker view…</p>}>
          <SpeakerView id={presenter} />
        </Suspense>
      </ErrorBoundary>
    )}
  </StrictMode>,
);
