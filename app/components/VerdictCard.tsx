import { Suspense, useEffect, useRef, useState } from 'react';
import {
  usePlayground,
  usePlaygroundController,
  usePlaygroundValue,
  useRunValue,
} from '../playground/hooks.ts';
import { preloadWhenIdle } from '../lazy/preloadWhenIdle.ts';
import type { Run } from '../playground/run.ts';
import { verdictPending } from '../state/verdictGate.ts';
import { useAfterPaint } from './deferred.tsx';
import { LazyVerdictPanel } from './lazyVerdictPanel.ts';
import './VerdictCard.css';

/** One moment of one run: a step, a fork or another scenario starts the card's state afresh. */
const momentOf = (run: Run) => `${run.scenario.id}|${run.cursor}|${run.length}|${run.world.steps.length}`;

/**
 * The verdict over the diagram: it opens by itself when the run comes to rest, and on demand from its
 * button before that. It sits in the diagram's own place (never over the narration or the playback bar),
 * closes with Esc or its button, and gives focus back to the button that reopens it.
 */
export function VerdictCard() {
  const playground = usePlaygroundController();
  const view = usePlayground((s) => s.view);
  const overlay = usePlayground((s) => s.overlay);
  const held = usePlaygroundValue((p) => verdictPending(p.run(), p.store.getState()));
  const atRest = useRunValue((r) => r.natural === undefined);
  const [state, setState] = useState<{ moment: string; open: boolean | null; returnFocus: boolean }>(() => ({
    moment: momentOf(playground.run()),
    open: null,
    returnFocus: false,
  }));
  // The card's own state belongs to one moment: the card follows the moment only while it holds some,
  // so a press of Next does not re-render an untouched card (its button) at all.
  const untouched = state.open === null && !state.returnFocus;
  const moment = useRunValue((r) => (untouched ? null : momentOf(r)));
  if (!untouched && state.moment !== moment) setState({ moment: '', open: null, returnFocus: false });
  const current = untouched || state.moment === moment ? state : { open: null, returnFocus: false };
  // At rest the card opens by itself, unless the run rests on the lesson's point: then Next opens it.
  // It opens in the frame after the step's: the step that brings the run to rest paints first, and the
  // card (a table of every record) does not delay it. Leaving rest closes it at once.
  const opensByItself = atRest && !held;
  const openedByItself = useAfterPaint(opensByItself);
  const open = current.open ?? (opensByItself && openedByItself);
  const reopen = useRef<HTMLButtonElement>(null);
  // The card's element as state, not a ref: its content is lazy, so it can mount a render after `open`
  // turns true (React suspends a lazy component's first render once), and the effects below wait for it.
  const [card, setCard] = useState<HTMLElement | null>(null);

  // The card's content is ready before the run can come to rest: loaded as soon as the page is idle.
  useEffect(() => preloadWhenIdle([LazyVerdictPanel.preload]), []);

  useEffect(() => {
    if (!current.returnFocus) return;
    (open ? card : reopen.current)?.focus();
  }, [open, card, current.returnFocus]);

  const setOpen = (next: boolean) =>
    setState({ moment: momentOf(playground.run()), open: next, returnFocus: true });

  // Esc closes the card before it can leave presentation mode: a native listener on the playground runs
  // before the shortcuts' listener on the document. Only for keys pressed in the card, on the stage around
  // it or on the playground itself: a menu in the top bar keeps its own Esc, and so do the help dialog
  // and the blackout (overlays).
  useEffect(() => {
    const root = card?.closest<HTMLElement>('.playground');
    const stage = card?.parentElement?.parentElement;
    if (!open || !root || !stage || overlay !== null) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented) return;
      const target = e.composedPath()[0];
      if (target !== root && !(target instanceof Node && stage.contains(target))) return;
      e.preventDefault();
      e.stopPropagation();
      setState({ moment: momentOf(playground.run()), open: false, returnFocus: true });
    };
    root.addEventListener('keydown', onKey);
    return () => root.removeEventListener('keydown', onKey);
  }, [open, card, overlay, playground]);

  if (view !== 'diagram') return null;
  return (
    <div className="verdict-layer">
      {open ? (
        <Suspense fallback={null}>
          <LazyVerdictPanel ref={setCard} onClose={() => setOpen(false)} />
        </Suspense>
      ) : (
        <button
          ref={reopen}
          type="button"
          className="verdict-reopen"
          onClick={() => setOpen(true)}
          data-testid="verdict-open"
        >
          {atRest ? 'Show the verdict' : 'Verdict so far'}
        </button>
      )}
    </div>
  );
}
