import { useMemo } from 'react';
import { compareRisk, deliverySemantics, SEMANTICS_TABLE, type SemanticsRow } from '../../src/index.ts';
import { outcomeOf } from '../state/worlds.ts';
import type { Run } from '../playground/run.ts';
import { Icon } from './Icon.tsx';
import './SemanticsTable.css';

/** Which hops of this run sit in a row: the row itself (end to end), the producer's, the consumer's. */
function marks(row: SemanticsRow, run: ReturnType<typeof deliverySemantics>): string[] {
  return [
    run.producer.family === row.family ? 'producer' : '',
    run.consumer.family === row.family ? 'consumer' : '',
  ].filter(Boolean);
}

/**
 * The seeds' table — mode, risk, guarantee, when to use — with the run's row marked (by a word and an
 * icon, not colour alone), and beside its expected risk the risk the run showed once it is at rest.
 */
export function SemanticsTable({ run }: { run: Run }) {
  const semantics = useMemo(() => deliverySemantics(run.scenario), [run.scenario]);
  const atRest = run.natural === undefined && run.cursor === run.length;
  const observed = outcomeOf(run.world).summary.risk;
  const comparison = compareRisk(semantics, observed, atRest);
  return (
    <div className="semantics" data-testid="semantics-table">
      <table className="semantics__table">
        <caption className="visually-hidden">
          Delivery semantics: mode, risk, guarantee and when to use each; this run’s row is marked
        </caption>
        <thead>
          <tr>
            <th scope="col">Mode</th>
            <th scope="col">Risk</th>
            <th scope="col">Guarantee</th>
          </tr>
        </thead>
        {SEMANTICS_TABLE.map((row) => {
          const current = row.family === semantics.family;
          const hops = marks(row, semantics);
          return (
            // One body per mode: its row, then when to use it (the sidebar has no room for a fourth column).
            <tbody
              key={row.family}
              className={current ? 'semantics__mode semantics__mode--current' : 'semantics__mode'}
              data-testid={`semantics-row-${row.family}`}
              aria-current={current ? 'true' : undefined}
            >
              <tr>
                <th scope="row">
                  {row.family}
                  {current ? (
                    <span className="semantics__mark" data-testid="semantics-current">
                      <Icon name="star" /> this run
                    </span>
                  ) : null}
                  {hops.length > 0 ? (
                    <span className="semantics__hops">{`this run’s ${hops.join(' and ')}`}</span>
                  ) : null}
                </th>
                <td>
                  {row.risk}
                  {current ? (
                    <span className="semantics__observed" data-testid="semantics-observed">
                      this run: {comparison.observed ?? 'not at rest yet'}
                    </span>
                  ) : null}
                </td>
                <td>{row.guarantee}</td>
              </tr>
              <tr>
                <td colSpan={3} className="semantics__use">
                  <span className="semantics__label">When to use:</span> {row.whenToUse}
                  {current && semantics.guarantee !== row.guarantee ? (
                    <span className="semantics__guarantee" data-testid="semantics-guarantee">
                      <span className="semantics__label">This run’s guarantee:</span> {semantics.guarantee}
                    </span>
                  ) : null}
                  {current && comparison.reason ? (
                    <span className="semantics__guarantee" data-testid="semantics-reason">
                      <span className="semantics__label">Why this run showed {comparison.observed}:</span>{' '}
                      {comparison.reason}
                    </span>
                  ) : null}
                </td>
              </tr>
            </tbody>
          );
        })}
      </table>
      <details className="semantics__details">
        <summary>
          This run’s mode: <span data-testid="semantics-mode">{semantics.mode}</span>
        </summary>
        <p className="semantics__risk">
          <span className="semantics__label">Risk the configuration carries:</span> {semantics.risk}
        </p>
        {semantics.caveats.length > 0 ? (
          <ul className="semantics__caveats" aria-label="Caveats">
            {semantics.caveats.map((c) => (
              <li key={c.text}>
                <Icon name="warning" /> {c.text}
              </li>
            ))}
          </ul>
        ) : null}
      </details>
    </div>
  );
}
