import { useEffect, useRef } from 'react';
import { ActionList } from './components/ActionList.tsx';
import { ActorState } from './components/ActorState.tsx';
import { CompareView } from './components/compare/CompareView.tsx';
import { ConfigPanel } from './components/ConfigPanel.tsx';
import { ErrorBoundary } from './components/ErrorBoundary.tsx';
import { SequenceDiagram } from './components/diagram/SequenceDiagram.tsx';
import { Intro } from './components/Intro.tsx';
import { Ledger } from './components/Ledger.tsx';
import { Narration } from './components/Narration.tsx';
import { PartitionLog } from './components/PartitionLog.tsx';
import { Playback } from './components/Playback.tsx';
import { ScenarioPicker } from './components/ScenarioPicker.tsx';
import { ShareMenu } from './components/ShareMenu.tsx';
import { SourceMaterial } from './components/SourceMaterial.tsx';
import { ThemeToggle } from './components/ThemeToggle.tsx';
import { VerdictCard } from './components/VerdictCard.tsx';
import { Blackout } from './presentation/Blackout.tsx';
import { HelpDialog } from './presentation/HelpDialog.tsx';
import { PresentControls } from './presentation/PresentControls.tsx';
import { usePresentation } from './presentation/usePresentation.ts';
import { useUrlSync } from './share/useUrlSync.ts';
import { usePlayground } from './state/store.ts';
import { useKeyboard } from './state/useKeyboard.ts';
import { usePlayLoop } from './state/usePlayLoop.ts';
import { useRun } from './state/useRun.ts';
import { usePhoneStageInView } from './state/usePhoneStageInView.ts';

/** The playground: scenario and config on top, the diagram in the middle, what to do next around it. */
export function App() {
  const root = useRef<HTMLDivElement>(null);
  const stage = useRef<HTMLElement>(null);
  const run = useRun();
  const theme = usePlayground((s) => s.theme);
  const view = usePlayground((s) => s.view);
  const setView = usePlayground((s) => s.setView);
  const notice = usePlayground((s) => s.notice);
  const notify = usePlayground((s) => s.notify);
  const presenting = usePlayground((s) => s.presenting);
  const panelsHidden = usePlayground((s) => s.panelsHidden);
  const overlay = usePlayground((s) => s.overlay);
  const { host, fullscreen, rootProps } = usePresentation(root, run);
  useUrlSync();
  usePlayLoop(run);
  useKeyboard(root, run, host);
  usePhoneStageInView(stage, run.cursor);
  useEffect(() => {
    document.title = `${run.scenario.title} · Kafka Delivery Semantics Playground`;
  }, [run.scenario.title]);
  // This page is all playground: focus starts on it, so a presenter's first key press already acts
  // (an embed, inside someone else's page, waits to be clicked or tabbed into instead).
  useEffect(() => {
    if (document.activeElement === document.body) root.current?.focus({ preventScroll: true });
  }, []);
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
              {(['diagram', 'compare'] as const).map((v) => (
                <button key={v} type="button" aria-pressed={view === v} onClick={() => setView(v)}>
                  {v === 'diagram' ? 'Diagram' : 'Compare semantics'}
                </button>
              ))}
            </div>
            <ShareMenu run={run} />
            <ThemeToggle />
          </>
        )}
        <PresentControls run={run} host={host} fullscreen={fullscreen} />
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
      <div className="workspace">
        <main className="stage" aria-label="Sequence diagram" ref={stage}>
          <Narration run={run} />
          <VerdictCard run={run} />
          <ErrorBoundary
            key={view}
            what={view === 'compare' ? 'The comparison' : 'The diagram'}
            resetKey={run}
          >
            {view === 'compare' ? <CompareView run={run} /> : <SequenceDiagram run={run} />}
          </ErrorBoundary>
          <Playback run={run} />
        </main>
        {panelsHidden ? null : (
          <aside className="sidebar" aria-label="Details">
            <ErrorBoundary what="The details" resetKey={run}>
              <SourceMaterial run={run} />
              <ActionList run={run} />
              <Ledger run={run} />
              <PartitionLog run={run} />
              <ActorState run={run} />
              <ConfigPanel run={run} />
            </ErrorBoundary>
          </aside>
        )}
      </div>
      {presenting ? null : (
        <footer className="muted" style={{ padding: '0.4rem 1rem', fontSize: '0.85rem' }}>
          A teaching model of Kafka 4.x delivery semantics, with the simplifications listed in the README.
        </footer>
      )}
      <HelpDialog host={host} />
      {overlay === 'blackout' ? <Blackout /> : null}
    </div>
  );
}
