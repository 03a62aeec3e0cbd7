import { type ReactNode, useEffect, useMemo, useState } from 'react';
import { CommandButton } from '../components/CommandButton.tsx';
import { CommandFace } from '../components/CommandFace.tsx';
import { RichText } from '../components/RichText.tsx';
import { browserClock } from '../playground/clock.ts';
import { compareNotes } from '../compare/compareNotes.ts';
import {
  PlaygroundProvider,
  useCommand,
  usePlayground,
  usePlaygroundController,
  usePlaygroundValue,
  useRun,
} from '../playground/hooks.ts';
import { bindKeys } from '../playground/keys.ts';
import { createPlayground } from '../playground/playground.ts';
import { openRunLink } from '../share/runLinks.ts';
import { ElapsedTimer } from './ElapsedTimer.tsx';
import { mainWindowLink, type MainWindowLink, type MainWindowStatus } from './mainWindowLink.ts';
import { loadShortcutPreference } from './shortcutPreference.ts';
import { speakerNotes } from './speakerNotes.ts';
import { isPresentationId, SPEAKER_COMMANDS, type SpeakerCommand } from './speakerProtocol.ts';
import './speaker.css';

/**
 * The speaker view (`?presenter=<id>`), a second window as in Slidev's presenter mode: the narration,
 * what Next will do, the "try this" prompt and the scenario's notes, a clock, and buttons that drive the
 * main window. It is a playground of its own, mirroring the main window's run (everything shown is
 * recomputed from it), whose commands are checked here and carried out there, over the channel.
 */
export function SpeakerView({ id }: { id: string }) {
  if (!isPresentationId(id))
    return (
      <div className="playground speaker" data-theme="auto">
        <p role="alert" className="speaker__banner">
          This speaker view link has no valid presentation id. Open the speaker view with the playground’s
          “Speaker view” button.
        </p>
      </div>
    );
  return <SpeakerPlayground id={id} />;
}

function SpeakerPlayground({ id }: { id: string }) {
  const [{ playground, link }] = useState(() => {
    const link = mainWindowLink(id);
    // Until the main window answers, the run in the address bar (the main window's, when it opened this).
    const opened = openRunLink(location.hash);
    const playground = createPlayground({
      initial: { ...(opened.ok ? opened.run : {}), shortcuts: loadShortcutPreference() },
      clock: browserClock,
      commands: SPEAKER_COMMANDS,
      executor: link.executor,
    });
    return { playground, link };
  });
  return (
    <PlaygroundProvider playground={playground}>
      <Speaker link={link} />
    </PlaygroundProvider>
  );
}

const STATUS_TEXT: Record<MainWindowStatus, string> = {
  waiting: 'Waiting for the playground window…',
  connected: 'Connected to the playground window',
  closed: 'The playground window was closed',
};

function Speaker({ link }: { link: MainWindowLink }) {
  const playground = usePlaygroundController();
  const run = useRun();
  const [status, setStatus] = useState<MainWindowStatus>('waiting');
  const notes = useMemo(() => speakerNotes(run), [run]);
  const connected = status === 'connected';
  // In Compare, Next and Back move the columns' tick: the speaker view says where they stand instead.
  const comparing = usePlayground((s) => s.view === 'compare');
  useEffect(() => link.mirror(playground, setStatus), [link, playground]);

  useEffect(() => {
    document.title = `Speaker view · ${run.scenario.title}`;
  }, [run.scenario.title]);

  // The presenter's keys work here too (with the same single-key setting), and act on the main window.
  useEffect(() => (connected ? bindKeys(playground, document.body) : undefined), [connected, playground]);

  return (
    <div className="playground speaker" data-theme="auto">
      <header className="speaker__head">
        <h1>Speaker view</h1>
        <span className="speaker__title">{run.scenario.title}</span>
        <span className="speaker__status" data-status={status} data-testid="speaker-status">
          <span aria-hidden="true">{connected ? '● ' : '○ '}</span>
          {STATUS_TEXT[status]}
        </span>
      </header>
      {status === 'closed' ? (
        <p role="alert" className="speaker__banner">
          The playground window was closed or reloaded. Open the speaker view again from the playground.
        </p>
      ) : null}
      <main className="speaker__grid">
        {comparing ? (
          <CompareNow />
        ) : (
          <NowAndNext
            heading={
              <>
                Now: <span data-testid="speaker-step">step {run.cursor}</span>
                {run.length > run.cursor ? <span className="muted"> of {run.length} recorded</span> : null}
              </>
            }
            narration={<RichText text={notes.narration} />}
            next={notes.next ?? 'Nothing more: the run is at rest.'}
            tryThis={
              notes.tryThis
                ? {
                    prompt: notes.tryThis.prompt,
                    act: notes.tryThis.byNext ? (
                      <CommandButton id="next" className="primary" disabled={!connected}>
                        Do it: {notes.tryThis.action}
                      </CommandButton>
                    ) : (
                      <p className="muted">Suggested: {notes.tryThis.action}</p>
                    ),
                  }
                : undefined
            }
          />
        )}
        <aside className="speaker__controls" aria-label="Controls">
          <ElapsedTimer />
          <Controls enabled={connected} />
        </aside>
        <section className="speaker__notes" aria-labelledby="speaker-notes">
          <h2 id="speaker-notes">Notes</h2>
          {notes.notes ? (
            <p className="speaker__author-notes" data-testid="speaker-author-notes">
              {notes.notes}
            </p>
          ) : null}
          <p className={notes.notes ? 'muted' : undefined}>{run.scenario.description}</p>
          {notes.script.length ? (
            <ol className="speaker__script">
              {notes.script.map((s, i) => (
                <li key={i} data-state={s.state} aria-current={s.state === 'current' ? 'step' : undefined}>
                  {s.state === 'later' ? null : (
                    <span className="speaker__mark">{s.state === 'done' ? '✓ done' : '▶ now'} </span>
                  )}
                  {s.text}
                  {s.notes ? <span className="speaker__entry-notes">{s.notes}</span> : null}
                </li>
              ))}
            </ol>
          ) : null}
        </section>
      </main>
    </div>
  );
}

/** Where Compare's columns stand and what Next does to them, with the lesson's prompt on a fault's brink. */
function CompareNow() {
  const comparison = usePlaygroundValue((p) => p.comparison());
  const tick = usePlayground((s) => s.compareTick);
  // The speaker view opens with Compare's code (main.tsx): null only if it had not.
  const notes = comparison
    ? compareNotes(comparison, tick)
    : { now: 'Opening Compare…', next: 'Opening Compare…', tryThis: undefined };
  return (
    <NowAndNext
      heading="Now: Compare"
      narration={notes.now}
      next={notes.next ?? 'Nothing more: every column is at rest.'}
      tryThis={notes.tryThis ? { prompt: notes.tryThis } : undefined}
    />
  );
}

/** What is on screen now, what Next will do, and the lesson's prompt with what to do about it. */
function NowAndNext(props: {
  heading: ReactNode;
  narration: ReactNode;
  next: string;
  tryThis: { prompt: string; act?: ReactNode } | undefined;
}) {
  const { tryThis } = props;
  return (
    <>
      <section className="speaker__now" aria-labelledby="speaker-now">
        <h2 id="speaker-now">{props.heading}</h2>
        <p className="speaker__narration" data-testid="speaker-narration">
          {props.narration}
        </p>
      </section>
      <section className="speaker__next" aria-labelledby="speaker-next">
        <h2 id="speaker-next">Next will</h2>
        <p data-testid="speaker-next">{props.next}</p>
        {tryThis ? (
          <div className="speaker__try" data-testid="speaker-try-this">
            <h3>
              <span aria-hidden="true">★ </span>Try this
            </h3>
            <p>{tryThis.prompt}</p>
            {tryThis.act}
          </div>
        ) : null}
      </section>
    </>
  );
}

/** Stepping on the first row, the rest below it. */
const ROWS: ReadonlyArray<readonly SpeakerCommand[]> = [
  ['back', 'next'],
  ['play', 'blackout', 'reset'],
];

/** Buttons for the commands a speaker view sends; enabled as the main window's own buttons would be. */
function Controls({ enabled }: { enabled: boolean }) {
  const playing = useCommand('play').checked;
  return (
    <div className="speaker__buttons" role="toolbar" aria-label="Drive the presentation">
      {ROWS.flat().map((id) => (
        <CommandButton
          key={id}
          id={id}
          className={id === 'next' ? 'primary' : undefined}
          toggle={id === 'blackout'}
          disabled={!enabled}
        >
          {id === 'blackout' ? 'Blackout' : <CommandFace face={id === 'play' && playing ? 'pause' : id} />}
        </CommandButton>
      ))}
    </div>
  );
}
