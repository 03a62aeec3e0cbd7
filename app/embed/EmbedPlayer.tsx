import { Suspense, useEffect, useRef, useState, type RefObject } from 'react';
import { LazyCompareView } from '../components/compare/lazyCompareView.ts';
import { ErrorBoundary } from '../components/ErrorBoundary.tsx';
import { SequenceDiagram } from '../components/diagram/SequenceDiagram.tsx';
import { PartitionLog } from '../components/PartitionLog.tsx';
import { RichText } from '../components/RichText.tsx';
import { VerdictCard } from '../components/VerdictCard.tsx';
import { PlaygroundProvider, usePlayground, usePlaygroundStore, useRun } from '../playground/hooks.ts';
import type { Playground } from '../playground/playground.ts';
import { usePlaygroundAdapters } from '../playground/usePlaygroundAdapters.ts';
import { usePagePlayground } from '../playground/usePagePlayground.ts';
import { Overlays } from '../presentation/Overlays.tsx';
import '../presentation/presentation.css';
import { currentRunHash } from '../share/runLinks.ts';
import { beatNarrationText } from '../state/beatNarration.ts';
import type { InitialState } from '../state/store.ts';
import { EmbedControls } from './EmbedControls.tsx';
import type { EmbedOptions, ParamIssue } from './params.ts';
import type { EmbedEvent } from './protocol.ts';
import { useEmbedEvents } from './useEmbedEvents.ts';
import { useOffscreenPause } from './useOffscreenPause.ts';
import { useScrollEngagement } from './useScrollEngagement.ts';
import { useSyncOptions } from './useSyncOptions.ts';
import './embed.css';

export interface EmbedPlayerProps {
  /** The run and settings it opens with (read once: a new run needs a new player, by `key`). */
  initial: InitialState;
  options: EmbedOptions;
  /** What was wrong with the settings, shown until dismissed. */
  issues: readonly ParamIssue[];
  onEvent?: (event: EmbedEvent) => void;
  /**
   * Set only in the iframe page: binds the player to the parent window's commands (hostMessages.ts), and
   * returns the unbinding. Passed in, so the element and the React component, whose hosts command them
   * through attributes and props, do not carry the message parser.
   */
  bindHost?: (playground: Playground) => () => void;
  /** The full playground's address, for the "Open in the playground" link; no link without it. */
  playgroundUrl?: string;
}

/**
 * The embedded player: the diagram (or the log, or the comparison), one narration line and a compact
 * playback bar, in a frame of fixed proportions. Its store is its own, its shortcuts act only with focus
 * inside it, and it plays only while on screen, so several can share a page.
 */
export function EmbedPlayer({ initial, bindHost, ...props }: EmbedPlayerProps) {
  const root = useRef<HTMLDivElement>(null);
  // F puts the embed itself in fullscreen; blackout and ? work as in the playground.
  const playground = usePagePlayground(root, { initial });
  useEffect(() => bindHost?.(playground), [playground, bindHost]);
  return (
    <PlaygroundProvider playground={playground}>
      <Player root={root} {...props} />
    </PlaygroundProvider>
  );
}

type PlayerProps = Omit<EmbedPlayerProps, 'initial' | 'bindHost'> & {
  root: RefObject<HTMLDivElement | null>;
};

function Player({ root, options, issues, onEvent, playgroundUrl }: PlayerProps) {
  const stage = useRef<HTMLDivElement>(null);
  const store = usePlaygroundStore();
  const run = useRun();
  const theme = usePlayground((s) => s.theme);
  const view = usePlayground((s) => s.view);
  const notice = usePlayground((s) => s.notice);
  const notify = usePlayground((s) => s.notify);
  const [dismissed, setDismissed] = useState(false);
  const engaged = useScrollEngagement(stage);
  useSyncOptions(options);
  usePlaygroundAdapters(root);
  useOffscreenPause(root, options.autoplay);
  useEmbedEvents(root, onEvent, options.maxHeight);

  const messages = [...(dismissed ? [] : issues.map((i) => i.message)), ...(notice ? [notice] : [])];
  const step = run.world.steps[run.cursor - 1];

  return (
    <div
      ref={root}
      className="playground kp-embed"
      data-theme={theme}
      data-engaged={engaged || undefined}
      data-controls={options.controls ? undefined : 'off'}
      // Focusable, so a click anywhere in the embed gives its shortcuts focus (and only its own).
      tabIndex={-1}
      role="region"
      aria-label={`Kafka delivery semantics: ${run.scenario.title}`}
    >
      <div className="kp-embed__bar">
        <span className="kp-embed__title">{run.scenario.title}</span>
        {playgroundUrl ? (
          <a
            className="kp-embed__open"
            href={`${playgroundUrl}${currentRunHash(store)}`}
            target="_blank"
            rel="noopener"
          >
            Open in the playground<span aria-hidden="true"> ↗</span>
            <span className="visually-hidden"> (new tab)</span>
          </a>
        ) : null}
      </div>
      {messages.length > 0 ? (
        <div className="kp-embed__notice" role="alert" data-testid="embed-notice">
          <ul>
            {messages.map((m) => (
              <li key={m}>{m}</li>
            ))}
          </ul>
          <button
            type="button"
            onClick={() => {
              setDismissed(true);
              notify(null);
            }}
          >
            Dismiss
          </button>
        </div>
      ) : null}
      <p className="kp-embed__narration" aria-live="polite" data-testid="embed-narration">
        <strong>{step ? `Step ${step.index}` : 'Before the first step'}</strong>{' '}
        <RichText text={beatNarrationText(run)} />
      </p>
      <div ref={stage} className="kp-embed__stage" data-embed-scroll data-view={view}>
        <VerdictCard />
        <ErrorBoundary
          key={view}
          what={`The ${view === 'log' ? 'partition log' : view}`}
          resetKey={run.world}
        >
          {view === 'compare' ? (
            <Suspense fallback={<p role="status">Opening Compare…</p>}>
              <LazyCompareView />
            </Suspense>
          ) : view === 'log' ? (
            <PartitionLog />
          ) : (
            <SequenceDiagram />
          )}
        </ErrorBoundary>
      </div>
      {options.controls ? <EmbedControls /> : null}
      <Overlays />
    </div>
  );
}
