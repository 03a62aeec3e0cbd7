import { useMemo, type MouseEvent } from 'react';
import { scriptProgress } from '../../src/index.ts';
import { usePlayground, usePlaygroundController, useRun, useRunValue } from '../playground/hooks.ts';
import { beatNarration } from '../state/beatNarration.ts';
import { Icon } from './Icon.tsx';
import { LessonBar } from './LessonBar.tsx';
import { RichText } from './RichText.tsx';
import './Narration.css';

/**
 * The current step's narration (a polite live region), and the scenario's "try this" prompt. Each part
 * selects what it shows, so a press of Next re-renders the narration's text and leaves the rest alone.
 */
export function Narration() {
  return (
    <section className="narration" aria-label="Narration">
      <div className="narration__bar">
        <NarrationLessonBar />
        <SourceMaterialJump />
      </div>
      <TryThis />
      <BeatText />
    </section>
  );
}

/** The lesson bar, following the run only while there is a lesson or a kept branch to show. */
function NarrationLessonBar() {
  const hasBranch = usePlayground((s) => s.branch !== null);
  const run = useRunValue((r) => (r.lesson || hasBranch ? r : null));
  return run ? <LessonBar run={run} /> : null;
}

/** The scenario's next scripted suggestion, with a button that takes it. */
function TryThis() {
  const choose = usePlayground((s) => s.choose);
  const playground = usePlaygroundController();
  const prompt = useRunValue((r) => scriptProgress(r.world).next?.entry.tryThis);
  const suggested = useRunValue((r) => {
    const id = scriptProgress(r.world).next?.actionId;
    return id === undefined ? undefined : r.actions.find((a) => a.id === id);
  });
  const onLesson = useRunValue((r) => r.position.onLesson);
  return (
    <div className="narration__prompt-region" aria-live="polite">
      {prompt && suggested ? (
        <p className="narration__prompt" data-testid="try-this">
          <span className="narration__prompt-badge">
            <Icon name="star" /> Try this
          </span>{' '}
          <span>{prompt}</span>{' '}
          <button
            type="button"
            className="narration__do"
            title={suggested.label}
            // In the lesson, "Do it" is Next: the fault and the routine steps after it, one beat.
            onClick={() => (onLesson ? playground.execute('next', 'button') : choose(suggested.id))}
          >
            Do it<span className="visually-hidden">: {suggested.label}</span>
          </button>
        </p>
      ) : null}
    </div>
  );
}

/** Where the beat is and what it says: the part a step changes. */
function BeatText() {
  const run = useRun();
  const step = run.world.steps[run.cursor - 1];
  // A beat tells its significant steps, not the routine ones it folds away.
  const told = useMemo(() => beatNarration(run), [run]);
  // The beat that makes the lesson's point: its narration is shown whole, beside the callout.
  const climax = run.lesson?.climax;
  const atPoint =
    climax !== undefined && run.position.onLesson && run.beatFrom < climax.step && climax.step <= run.cursor;
  return (
    <>
      <p className="narration__where muted">
        {step
          ? `${run.cursor - run.beatFrom > 1 ? `Steps ${run.beatFrom + 1}–${step.index}` : `Step ${step.index}`} · ${step.time} ms`
          : `${run.scenario.title} · before the first step`}
      </p>
      {/* Focusable: a long beat scrolls in its lines, and a keyboard must be able to scroll it too. */}
      <div
        className="narration__text"
        aria-live="polite"
        data-testid="narration"
        data-at-point={atPoint ? '' : undefined}
        tabIndex={0}
      >
        {step ? (
          told.map((t) => (
            <p key={t.step}>
              {t.scripted ? (
                <strong className="narration__scripted">
                  <RichText text={t.scripted} />{' '}
                </strong>
              ) : null}
              <RichText text={t.narration} />
            </p>
          ))
        ) : (
          <p>
            <RichText text={run.scenario.description} />
          </p>
        )}
      </div>
    </>
  );
}

/**
 * One tap to the source material on a phone, where the sidebar is below the whole stage: the page
 * scrolls to it with the chosen tab (the semantics table or the code) selected and focused, so a
 * keyboard or screen-reader user lands there too. Wider, the sidebar is beside the diagram and these
 * buttons are not shown (Narration.css).
 */
function SourceMaterialJump() {
  const jump = (e: MouseEvent<HTMLButtonElement>, tab: 'semantics' | 'code') => {
    const root = e.currentTarget.closest('.playground') ?? document;
    const source = root.querySelector<HTMLElement>('[data-testid="source-material"]');
    const button = source?.querySelector<HTMLElement>(`[role="tab"][data-tab="${tab}"]`);
    if (!source || !button) return;
    button.click();
    source.scrollIntoView({ block: 'start' });
    button.focus({ preventScroll: true });
  };
  return (
    <span className="narration__source" role="group" aria-label="Source material">
      <span className="muted" aria-hidden="true">
        Source:
      </span>
      <button type="button" onClick={(e) => jump(e, 'semantics')} aria-label="Source material: the table">
        <Icon name="log" /> Table
      </button>
      <button type="button" onClick={(e) => jump(e, 'code')} aria-label="Source material: the code">
        Code
      </button>
    </span>
  );
}
