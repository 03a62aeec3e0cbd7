import { useId, useMemo, type ReactNode, type Ref } from 'react';
import { type RecordVerdict, type RunVerdict, type VerdictGlyph, verdictOf } from '../../src/analysis.ts';
import { useRunValue } from '../playground/hooks.ts';
import { outcomeOf } from '../state/worlds.ts';
import { Icon, type IconName } from './Icon.tsx';

/*
 * The verdict card's content (VerdictCard.tsx is its frame and its button): shown only when a run comes
 * to rest or on demand, so it and the verdict's rules are not part of the first load.
 */

const GLYPH_ICON: Record<VerdictGlyph, IconName> = {
  check: 'check',
  cross: 'cross',
  copies: 'copies',
  warning: 'warning',
  pending: 'timer',
};

/** "2 (1 aborted)": a count of copies, with the aborted ones said. */
const copies = (n: number, aborted: number) => (aborted > 0 ? `${n} (${aborted} aborted)` : String(n));

export function VerdictPanel({ ref, onClose }: { ref: Ref<HTMLElement>; onClose: () => void }) {
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
