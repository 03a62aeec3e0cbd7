import { useEffect, useMemo, useRef, type CSSProperties } from 'react';
import type { CommandHost } from './commands.ts';
import { ActionList } from './components/ActionList.tsx';
import { ActorState } from './components/ActorState.tsx';
import { CompareView } from './components/compare/CompareView.tsx';
import { ConfigPanel } from './components/ConfigPanel.tsx';
import { SequenceDiagram } from './components/diagram/SequenceDiagram.tsx';
import { Ledger } from './components/Ledger.tsx';
import { Narration } from './components/Narration.tsx';
import { PartitionLog } from './components/PartitionLog.tsx';
import { Playback } from './components/Playback.tsx';
import { ScenarioPicker } from './components/ScenarioPicker.tsx';
import { ShareMenu } from './components/ShareMenu.tsx';
import { ThemeToggle } from './components/ThemeToggle.tsx';
import { Blackout } from './presentation/Blackout.tsx';
import { fitPresentScale } from './presentation/fitScale.ts';
import { HelpDialog } from './presentation/HelpDialog.tsx';
import { PresentControls } from './presentation/PresentControls.tsx';
import { fullscreenSupported, toggleFullscreen, useIsFullscreen } from './presentation/useFullscreen.ts';
import { useShortcutPreference } from './presentation/useShortcutPreference.ts';
import { useSpeakerSync } from './presentation/useSpeakerSync.ts';
import { useUrlSync } from './share/useUrlSync.ts';
import { usePlayground } from './state/store.ts';
import { useKeyboard } from './state/useKeyboard.ts';
import { usePlayLoop } from './state/usePlayLoop.ts';
import { useRun } from './state/useRun.ts';

/** The playground: scenario and config on top, the diagram in the middle, what to do next around it. */
export function App() {
  const root = useRef<HTMLDivElement>(null);
  const run = useRun();
  const theme = usePlayground((s) => s.theme);
  const view = usePlayground((s) => s.view);
  const setView = usePlayground((s) => s.setView);
  const notice = usePlayground((s) => s.notice);
  const notify = usePlayground((s) => s.notify);
  const presenting = usePlayground((s) => s.presenting);
  const panelsHidden = usePlayground((s) => s.panelsHidden);
  const presentScale = usePlayground((s) => s.presentScale);
  const overlay = usePlayground((s) => s.overlay);
  const setPresentScale = usePlayground((s) => s.setPresentScale);
  const fullscreen = useIsFullscreen(root);
  const openSpeakerView = useSpeakerSync(run);
  const host = useMemo<CommandHost>(
    () => ({
      toggleFullscreen: fullscreenSupported() ? () => toggleFullscreen(root.current, notify) : undefined,
      openSpeakerView,
    }),
    [notify, openSpeakerView],
  );
  useUrlSync();
  usePlayLoop(run);
  useKeyboard(root, run, host);
  useShortcutPreference();
  useEffect(() => {
    document.title = `${run.scenario.title} · Kafka Delivery Semantics Playground`;
  }, [run.scenario.title]);
  // This page is all playground: focus starts on it, so a presenter's first key press already acts
  // (an embed, inside someone else's page, waits to be clicked or tabbed into instead).
  useEffect(() => {
    if (document.activeElement === document.body) root.current?.focus({ preventScroll: true });
  }, []);
  // Entering presentation sizes the type to the screen, and moves focus onto the playground itself so the
  // presenter's keys act at once (and Space does not press the button that was just clicked again).
  useEffect(() => {
    const el = root.current;
    if (!presenting || !el) return;
    setPresentScale(fitPresentScale(el.clientWidth));
    el.focus({ preventScroll: true });
  }, [presenting, setPresentScale]);

  return (
    <div
      className="playground"
      data-theme={theme}
      data-presenting={presenting || undefined}
      data-panels-hidden={panelsHidden || undefined}
      style={{ '--present-scale': presentScale } as CSSProperties}
      tabIndex={-1}
      ref={root}
    >
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
      {notice ? (
        <div className="notice" role="alert">
          <span>{notice}</span>
          <button type="button" onClick={() => notify(null)}>
            Dismiss
          </button>
        </div>
      ) : (
        <div />
      )}
      <div className="workspace">
        <main className="stage" aria-label="Sequence diagram">
          <Narration run={run} />
          {view === 'compare' ? <CompareView run={run} /> : <SequenceDiagram run={run} />}
          <Playback run={run} />
        </main>
        {panelsHidden ? null : (
          <aside className="sidebar" aria-label="Details">
            <ActionList run={run} />
            <Ledger run={run} />
            <PartitionLog run={run} />
            <ActorState run={run} />
            <ConfigPanel run={run} />
          </aside>
        )}
      </div>
      {presenting ? null : (
        <footer className="muted" style={{ padding: '0.4rem 1rem', fontSize: '0.85rem' }}>
          A teaching model of Kafka 4.x delivery semantics, with the simplifications listed in the README.
        </footer>
      )}
      <HelpDialog />
      {overlay === 'blackout' ? <Blackout /> : null}
    </div>
  );
}
