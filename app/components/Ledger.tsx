import { useId, useMemo } from 'react';
import { ledgerView, type LedgerView } from '../../src/analysis.ts';
import { outcomeOf } from '../state/worlds.ts';
import type { Run } from '../playground/run.ts';
import { Icon, VERDICT_ICON } from './Icon.tsx';
import './Ledger.css';
import { deferred } from './deferred.tsx';

const number = new Intl.NumberFormat('en');

function Summary({ summary, atRest }: { summary: LedgerView['summary']; atRest: boolean }) {
  const { cost, guarantee, risk } = summary;
  return (
    <dl className="ledger__summary" data-testid="ledger-summary">
      <div>
        <dt>Mode</dt>
        <dd>{summary.mode}</dd>
      </div>
      <div>
        <dt>Guarantee</dt>
        <dd>{guarantee}</dd>
      </div>
      <div>
        <dt>{atRest ? 'Risk' : 'Risk so far'}</dt>
        <dd className={`ledger__risk ledger__risk--${risk.replaceAll(' ', '-')}`} data-testid="ledger-risk">
          {risk}
        </dd>
      </div>
      {summary.outOfOrder ? (
        <div>
          <dt>Order</dt>
          <dd className="ledger__risk ledger__risk--duplicates">out of order</dd>
        </div>
      ) : null}
      <div>
        <dt>Round trips</dt>
        <dd>{number.format(cost.roundTrips)}</dd>
      </div>
      <div>
        <dt>Log records</dt>
        <dd>
          {number.format(cost.logRecords)}{' '}
          <span className="muted">
            (incl. {cost.markers} marker{cost.markers === 1 ? '' : 's'})
          </span>
        </dd>
      </div>
      <div>
        <dt>Bytes on the wire</dt>
        <dd>{number.format(cost.bytesOnWire)}</dd>
      </div>
      <div>
        <dt>End-to-end latency</dt>
        <dd>{cost.endToEndLatencyMs === null ? '—' : `${number.format(cost.endToEndLatencyMs)} ms`}</dd>
      </div>
    </dl>
  );
}

/** Per record: the verdict, where its copies sit, how often it was sent, processed and had effects. */
function LedgerPanel({ run }: { run: Run }) {
  const headingId = useId();
  const ledger = useMemo(() => ledgerView(run.world, outcomeOf(run.world)), [run.world]);
  const { atRest } = ledger;
  const verdictLabel = atRest ? 'Verdict' : 'Verdict so far';

  return (
    <section className="ledger" aria-labelledby={headingId}>
      <h2 id={headingId}>Ledger</h2>
      {atRest ? null : (
        <p className="ledger__note muted">The run is not at rest yet: these are the counts so far.</p>
      )}
      <div className="ledger__scroll" role="region" aria-label="Ledger table" tabIndex={0}>
        <table className="ledger__table">
          <thead>
            <tr>
              <th scope="col">Record</th>
              <th scope="col">{verdictLabel}</th>
              <th scope="col">Offsets</th>
              <th scope="col">Send attempts</th>
              <th scope="col">{'Pro\u00ADcessed' /* a soft hyphen: the narrow sidebar may break it */}</th>
              <th scope="col">Effects</th>
            </tr>
          </thead>
          <tbody>
            {ledger.rows.map((row) => (
              <tr key={row.record} data-testid={`ledger-${row.record}`}>
                <th scope="row">{row.record}</th>
                <td className={`ledger__verdict ledger__verdict--${row.verdict}`}>
                  {row.pending ? (
                    <span className="ledger__word ledger__pending">
                      <Icon name="timer" /> not delivered yet
                    </span>
                  ) : (
                    <span className="ledger__word">
                      <Icon name={VERDICT_ICON[row.verdict]} /> {row.verdict}
                    </span>
                  )}
                  {row.outOfOrder ? <span className="ledger__order">out of order</span> : null}
                </td>
                <td>
                  {row.partition ? <span className="muted">{row.partition} @ </span> : null}
                  {row.offsets.length > 0 ? row.offsets.join(', ') : '—'}
                </td>
                <td>{row.attempts}</td>
                <td>{row.processed}</td>
                <td>{row.effects}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Summary summary={ledger.summary} atRest={atRest} />
    </section>
  );
}

export const Ledger = deferred(LedgerPanel);
