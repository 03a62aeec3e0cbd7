import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ErrorBoundary } from '../components/ErrorBoundary.tsx';
import type { Playground } from '../playground/playground.ts';
import { EmbedPlayer } from './EmbedPlayer.tsx';
import { bindHostMessages } from './hostMessages.ts';
import { initialRun } from './initialRun.ts';
import { parseEmbedParams } from './params.ts';
import { envelope, type EmbedEvent } from './protocol.ts';
import '../styles.css';
import './page.css';

// embed.html: settings from the query string, the run from the hash (as the playground's links).
const { options, issues } = parseEmbedParams(new URLSearchParams(location.search));
const { run, issues: runIssues } = initialRun(options, location.hash);

// Events carry nothing private (a public simulation's state), so without an `origin` parameter they go to
// any parent ('*'); with one, only a parent of that origin receives them.
const target = options.hostOrigin && options.hostOrigin !== '*' ? options.hostOrigin : '*';
const post = (event: EmbedEvent) => {
  if (window.parent !== window) window.parent.postMessage(envelope(event), target);
};

// The parent window's commands (none when the `origin` parameter was not an origin: failing closed).
const { hostOrigin } = options;
const bindHost =
  hostOrigin === null
    ? undefined
    : (playground: Playground) => bindHostMessages(playground, window, hostOrigin);

createRoot(document.getElementById('root') as HTMLElement).render(
  <StrictMode>
    <ErrorBoundary what="The embed">
      <EmbedPlayer
        initial={{ ...run, theme: options.theme, view: options.view, speed: options.speed }}
        options={options}
        issues={[...issues, ...runIssues]}
        onEvent={post}
        bindHost={bindHost}
        playgroundUrl={new URL('./', location.href).href}
      />
    </ErrorBoundary>
  </StrictMode>,
);
