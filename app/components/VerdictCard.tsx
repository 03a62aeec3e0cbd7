import { useEffect, useId, useMemo, useRef, useState, type ReactNode, type Ref } from 'react';
import { type RecordVerdict, type RunVerdict, type VerdictGlyph, verdictOf } from '../../src/index.ts';
import {
  usePlayground,
  usePlaygroundController,
  usePlaygroundValue,
  useRunValue,
} from '../playground/hooks.ts';
import type { Run } from '../playground/run.ts';
import { outcomeOf } from '../state/worlds.ts';
import { verdictPending } from '../state/verdictGate.ts';
import { useAfterPaint } from './deferred.tsx';
import { Icon, type IconName } from './Icon.tsx';
import './VerdictCard.css';

const GLYPH_ICON: Record<VerdictGlyph, IconName> = {
  check: 'check',
  cross: 'cross',
  copies: 'copies',
  warning: 'warning',
  pending: 'timer',
};

/** "2 (1 aborted)": a count of copies, with the aborted ones said. */
const copies = (n: number, aborted: number) => (aborted > 0 ? `${n} (${aborted} aborted)` : String(n));

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
  const card = useRef<HTMLElement>(null);

  useEffect(() => {
    if (!current.returnFocus) return;
    (open ? card.current : reopen.current)?.focus();
  }, [open, current.returnFocus]);

  const setOpen = (next: boolean) =>
    setState({ moment: momentOf(playground.run()), open: next, returnFocus: true });

  // Esc closes the card before it can leave presentation mode: a native listener on the playground runs
  // before the shortcuts' listener on the document. Only for keys pressed in the card, on the stage around
  // it or on the playground itself: a menu in the top bar keeps its own Esc, and so do the help dialog
  // and the blackout (overlays).
  useEffect(() => {
    const root = card.current?.closest<HTMLElement>('.playground');
    const stage = card.current?.parentElement?.parentElement;
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
  }, [open, overlay, playground]);

  if (view !== 'diagram') return null;
  return (
    <div className="verdict-layer">
      {open ? (
        <VerdictPanel ref={card} onClose={() => setOpen(false)} />
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

function VerdictPanel({ ref, onClose }: { ref: Ref<HTMLElement>; onClose: () => void }) {
  const headingId = useId();
  const sentenceId = useId();
  const world = useRunValue((r) => r.world);
  const verdict = useMemo(() => verdictOf(world, outcomeOf(world)), [world]);
  return (
    <section
      ref={ref}
      className={`verdict verdict--${verdict.glyph}`}
      role="dialog"
      aria-modal="false"
      aria-labelledby={headingId}
      aria-describedby={sentenceId}
      tabIndex={-1}
      data-testid="verdict-card"
    >
      <button type="button" className="verdict__close" onClick={onClose} aria-label="Close the verdict">
        <Icon name="cross" />
      </button>
      <div className="verdict__head">
        <Icon name={GLYPH_ICON[verdict.glyph]} className="verdict__glyph" />
        <h2 id={headingId} className="verdict__headline">
          <span className="verdict__kicker">{verdict.atRest ? 'Verdict' : 'Verdict so far'}</span>
          <span data-testid="verdict-headline">{verdict.headline}</span>
        </h2>
      </div>
      <p id={sentenceId} className="verdict__sentence" data-testid="verdict-sentence">
        {verdict.sentence}
      </p>
      <Layers verdict={verdict} />
    </section>
  );
}

/**
 * Per record, each layer, top to bottom as a record travels: the log, what each isolation level reads,
 * what the reader read, then the effect outside Kafka. Records are the columns: a lesson has one or
 * two, so the table stays narrow on a phone.
 */
function Layers({ verdict }: { verdict: RunVerdict }) {
  const { records, effect } = verdict;
  const rows: { label: ReactNode; cell: (r: RecordVerdict) => ReactNode; outside?: boolean }[] = [
    { label: 'In the log', cell: (r) => copies(r.log.copies, r.log.aborted) },
    {
      label: (
        <>
          <code>read_committed</code> reads
        </>
      ),
      cell: (r) => r.readCommitted,
    },
    {
      label: (
        <>
          <code>read_uncommitted</code> reads
        </>
      ),
      cell: (r) => r.readUncommitted,
    },
    // "Read", not "processed": with a worker thread the consumer reads a record and may never process it
    // (the effect row below says what processing did); the per-record lines say "read by" too.
    { label: `Read by ${verdict.reader}`, cell: (r) => r.delivered },
  ];
  if (effect)
    rows.push({
      label: (
        <>
          {effect.label} <span className="verdict__where">(outside Kafka)</span>
        </>
      ),
      cell: (r) => r.effects,
      outside: true,
    });
  return (
    <>
      <ul className="verdict__records">
        {records.map((r) => (
          <li key={r.record} data-testid={`verdict-${r.record}`}>
            <strong>{r.record}</strong> {r.layers}
          </li>
        ))}
      </ul>
      <div className="verdict__scroll" role="region" aria-label="Layers per record" tabIndex={0}>
        <table className="verdict__table">
          <thead>
            <tr>
              <th scope="col">Layer</th>
              {records.map((r) => (
                <th scope="col" key={r.record}>
                  {r.record}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((row, i) => (
              <tr key={i} className={row.outside ? 'verdict__outside' : undefined}>
                <th scope="row">{row.label}</th>
                {records.map((r) => (
                  <td key={r.record}>{row.cell(r)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
