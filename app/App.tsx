import { Suspense, useEffect, useRef, useState, type RefObject } from 'react';
import { ActionList } from './components/ActionList.tsx';
import { CompareSidebarNote } from './components/compare/CompareSidebarNote.tsx';
import { SequenceDiagram } from './components/diagram/SequenceDiagram.tsx';
import { Intro } from './components/Intro.tsx';
import { Narration } from './components/Narration.tsx';
import { Playback } from './components/Playback.tsx';
import { RunErrorBoundary } from './components/RunErrorBoundary.tsx';
import { ScenarioPicker } from './components/ScenarioPicker.tsx';
import { ShareMenu } from './components/ShareMenu.tsx';
import { SourceMaterial } from './components/SourceMaterial.tsx';
import { ThemeToggle } from './components/ThemeToggle.tsx';
import { VerdictCard } from './components/VerdictCard.tsx';
import { PlaygroundProvider, usePlayground, useRunValue } from './playground/hooks.ts';
import { usePlaygroundAdapters } from './playground/usePlaygroundAdapters.ts';
import { usePagePlayground } from './playground/usePagePlayground.ts';
import { Overlays } from './presentation/Overlays.tsx';
import { PresentControls } from './presentation/PresentControls.tsx';
import { newPresentationId } from './presentation/speakerProtocol.ts';
import { bindSpeakerViews, speakerViewSupported } from './presentation/speakerSync.ts';
import { usePresentation } from './presentation/usePresentation.ts';
import { useUrlSync } from './share/useUrlSync.ts';
import type { InitialState } from './state/store.ts';
import { usePhoneStageInView } from './state/usePhoneStageInView.ts';
import { LazyLabPage } from './lab/LazyLabPage.tsx';
import { LazyCompareView } from './components/compare/lazyCompareView.ts';
import {
  LazyActorState,
  LazyConfigPanel,
  LazyLedger,
  LazyPartitionLog,
  PANEL_PRELOADS,
} from './lazy/panels.ts';
import { preloadWhenIdle } from './lazy/preloadWhenIdle.ts';

/** The playground page: one playground (opening with `initial`, the linked run), its speaker views, and the layout over it. */
export function App({ initial }: { initial?: InitialState }) {
  const root = useRef<HTMLDivElement>(null);
  const [speakerId] = useState(newPresentationId);
  const playground = usePagePlayground(root, { initial, presentation: { speakerId } });
  useEffect(() => {
    if (!speakerViewSupported()) return;
    return bindSpeakerViews(playground, speakerId, window);
  }, [playground, speakerId]);
  useEffect(() => preloadWhenIdle(PANEL_PRELOADS), []);
  return (
    <PlaygroundProvider playground={playground}>
      <Page root={root} />
    </PlaygroundProvider>
  );
}

/** Scenario and config on top, the diagram in the middle, what to do next around it. */
function Page({ root }: { root: RefObject<HTMLDivElement | null> }) {
  const stage = useRef<HTMLElement>(null);
  const title = useRunValue((r) => r.scenario.title);
  const theme = usePlayground((s) => s.theme);
  const view = usePlayground((s) => s.view);
  const setView = usePlayground((s) => s.setView);
  const notice = usePlayground((s) => s.notice);
  const notify = usePlayground((s) => s.notify);
  const presenting = usePlayground((s) => s.presenting);
  const panelsHidden = usePlayground((s) => s.panelsHidden);
  const { fullscreen, rootProps } = usePresentation(root);
  useUrlSync();
  usePlaygroundAdapters(root);
  usePhoneStageInView(stage);
  useEffect(() => {
    document.title = `${title} · Kafka Delivery Semantics Playground`;
  }, [title]);
  // This page is all playground: focus starts on it, so a presenter's first key press already acts
  // (an embed, inside someone else's page, waits to be clicked or tabbed into instead).
  useEffect(() => {
    if (document.activeElement === document.body) root.current?.focus({ preventScroll: true });
  }, [root]);
  return (
    <div className="playground" data-theme={theme} {...rootProps} ref={root}>
      <header className="topbar">
        {panelsHidden ? null : (
          <>
            <h1>Kafka Delivery Semantics Playground</h1>
            <ScenarioPicker />
          </>
        )}
        <span className="spacer" />
        {panelsHidden ? null : (
          <>
            <div role="group" aria-label="View">
              {(['diagram', 'compare', 'lab'] as const).map((v) => (
                // "Compare" on screen, "Compare semantics" to a screen reader (the visible word starts the
                // name): with the Lab beside it, the long label wrapped the top bar to three rows at 1280 px.
                <button
                  key={v}
                  type="button"
                  aria-pressed={view === v}
                  aria-label={v === 'compare' ? 'Compare semantics' : undefined}
                  title={v === 'compare' ? 'Compare semantics' : undefined}
                  onClick={() => setView(v)}
                >
                  {{ diagram: 'Diagram', compare: 'Compare', lab: 'Lab' }[v]}
                </button>
              ))}
            </div>
            <ShareMenu />
            <ThemeToggle />
          </>
        )}
        <PresentControls fullscreen={fullscreen} />
      </header>
      {/* One grid row for what the page says to the user: a notice, and the first visit's intro. */}
      <div>
        {notice ? (
          <div className="notice" role="alert">
            <span>{notice}</span>
            <button type="button" onClick={() => notify(null)}>
              Dismiss
            </button>
          </div>
        ) : null}
        {presenting ? null : <Intro />}
      </div>
      {/* The lab replaces the workspace, which stays mounted: back from the lab, the run is as it was. */}
      {view === 'lab' ? <LazyLabPage /> : null}
      <div className="workspace" style={view === 'lab' ? { display: 'none' } : undefined}>
        <main className="stage" aria-label="Sequence diagram" ref={stage}>
          {/* Compare has its own prompts and verdicts, per column: the run's would cover them. */}
          {view === 'compare' ? null : (
            <>
              <Narration />
              <VerdictCard />
            </>
          )}
          <RunErrorBoundary key={view} what={view === 'compare' ? 'The comparison' : 'The diagram'}>
            {view === 'compare' ? (
              <Suspense fallback={<p role="status">Opening Compare…</p>}>
                <LazyCompareView />
              </Suspense>
            ) : (
              <SequenceDiagram />
            )}
          </RunErrorBoundary>
          <Playback />
        </main>
        {panelsHidden ? null : (
          <aside className="sidebar" aria-label="Details">
            <RunErrorBoundary what="The details">
              <SourceMaterial />
              {/* In Compare each column shows its own log and ledger; the run's would describe none of them. */}
              {view === 'compare' ? (
                <CompareSidebarNote />
              ) : (
                <>
                  <ActionList />
                  {/* One boundary: the three appear together, below everything already on screen. */}
                  <Suspense fallback={null}>
                    <LazyLedger />
                    <LazyPartitionLog />
                    <LazyActorState />
                  </Suspense>
                </>
              )}
              {/* The last panel, below the fold: its code follows the first paint. */}
              <Suspense fallback={null}>
                <LazyConfigPanel />
              </Suspense>
            </RunErrorBoundary>
          </aside>
        )}
      </div>
      {presenting ? null : (
        <footer className="muted" style={{ padding: '0.4rem 1rem', fontSize: '0.85rem' }}>
          A teaching model of Kafka 4.x delivery semantics, with the simplifications listed in the README.
        </footer>
      )}
      <Overlays />
    </div>
  );
}
