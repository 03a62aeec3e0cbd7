import { lazy, startTransition, StrictMode, Suspense, type ReactNode } from 'react';
import { lessonOf } from '../src/index.ts';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { presenterParam } from './presentation/speakerProtocol.ts';
import { wantsLab } from './lab/wantsLab.ts';
import { comparisonModule, linksModule } from './lazy/modules.ts';
import { isRunLink } from './share/useUrlSync.ts';
import { resolveScenario } from './state/scenario.ts';
import { DEFAULT_SCENARIO, type InitialState } from './state/store.ts';
import { checkRun } from './state/worlds.ts';
import './styles.css';

// The speaker view is a second window of the same page; the playground itself never loads its code.
// It mirrors whatever scenario and view the main window shows, and starts from the run in its address: it
// opens with the catalog, the link codec and Compare's code.
const SpeakerView = lazy(() =>
  Promise.all([
    import('./presentation/SpeakerView.tsx'),
    linksModule.preload(),
    comparisonModule.preload(),
  ]).then(([m]) => ({
    default: m.SpeakerView,
  })),
);
const presenter = presenterParam(location.search);

/** Resolves in a task of its own, so the work before and after it are separate tasks. */
const nextTask = (): Promise<void> => new Promise((resolve) => setTimeout(resolve));

/**
 * What the playground opens with, prepared before its first render one piece per task: the linked run
 * (replaying a long link), the first world, the lesson (the scenario's script played through). Done
 * inside the render they were one task of about 130 ms at Lighthouse's 4× CPU throttle; apart, none is
 * much over 50 ms, and the browser can answer input between them.
 */
async function prepared(): Promise<InitialState> {
  // A first visit opens the default lesson, bundled; only a link (which may name any scenario) waits for
  // the codec and the catalog.
  const linked = isRunLink(location.hash) ? (await linksModule.preload()).initialFromLink(location.hash) : {};
  let initial: InitialState = {
    ...linked,
    ...(wantsLab(location.search) ? { view: 'lab' as const } : {}),
  };
  const resolved = resolveScenario(initial.source ?? { kind: 'builtin', id: DEFAULT_SCENARIO }, null);
  if (!resolved.ok) return initial;
  await nextTask();
  // An empty run checked here is taken over by the playground's history, as a link's replay is.
  if (initial.choices === undefined)
    initial = { ...initial, choices: checkRun(resolved.scenario, []).choices };
  await nextTask();
  lessonOf(resolved.scenario); // cached per scenario object: the run's deriveRun finds it computed
  await nextTask();
  return initial;
}

// A transition, so React renders the first screen in slices that yield to the browser (a plain render is
// one task: about 300 ms at Lighthouse's 4× CPU throttle, all of it blocking); index.html's first paint
// stays on screen until the commit.
const root = createRoot(document.getElementById('root') as HTMLElement);
const render = (page: ReactNode) => startTransition(() => root.render(<StrictMode>{page}</StrictMode>));

if (presenter === null)
  void prepared().then((initial) =>
    render(
      <ErrorBoundary what="The playground">
        <App initial={initial} />
      </ErrorBoundary>,
    ),
  );
else
  render(
    <ErrorBoundary what="The speaker view">
      <Suspense fallback={<p>Opening the speaker view…</p>}>
        <SpeakerView id={presenter} />
      </Suspense>
    </ErrorBoundary>,
  );
