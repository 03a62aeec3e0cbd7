import { useId, useMemo } from 'react';
import {
  type EntryStatus,
  type LogPointer,
  type PartitionLogView,
  partitionLogView,
} from '../../src/analysis.ts';
import type { Run } from '../playground/run.ts';
import { outcomeOf } from '../state/worlds.ts';
import { Icon } from './Icon.tsx';
import './PartitionLog.css';
import { deferred } from './deferred.tsx';

const STATUS_TEXT: Record<EntryStatus, string> = {
  plain: '',
  committed: ', committed transaction',
  open: ', open transaction',
  aborted: ', aborted',
  marker: ' marker',
};

/** Said of an entry this replica does not yet know to be on every in-sync replica. */
const ABOVE_HW_TEXT = ', above the high watermark';

const pointerClass = (p: LogPointer) =>
  `partition-log__pointer${p.group ? ' partition-log__pointer--group' : ''}`;

export function PartitionTable({ view }: { view: PartitionLogView }) {
  const rows = view.replicas;
  const columns = Array.from({ length: view.columns }, (_, i) => i);
  const captionId = useId();

  return (
    <div className="partition-log__partition" data-testid={`partition-log-${view.partition}`}>
      <h3 id={captionId} className="partition-log__caption">
        {view.partition}{' '}
        <span className="muted">
          · leader {view.leader ?? 'none (offline)'} · HW {view.highWatermark} · LSO {view.lastStableOffset}
        </span>
      </h3>
      <div className="partition-log__scroll" role="region" aria-labelledby={captionId} tabIndex={0}>
        <table className="partition-log__table" aria-labelledby={captionId}>
          <thead>
            <tr>
              <th scope="col" className="partition-log__corner">
                Offset
              </th>
              {columns.map((o) => (
                <th key={o} scope="col" className="partition-log__offset">
                  {o}
                </th>
              ))}
            </tr>
          </thead>
          {rows.map((row) => (
            <tbody key={row.broker} className="partition-log__replica">
              <tr>
                <th scope="row" className="partition-log__broker" rowSpan={2}>
                  {row.broker}
                  {row.leader ? <span className="partition-log__role"> leader</span> : null}
                  {row.down ? (
                    <span className="partition-log__down">
                      {' '}
                      <Icon name="down" /> down
                    </span>
                  ) : null}
                </th>
                {columns.map((o) => {
                  const cell = row.entries[o];
                  if (!cell)
                    return (
                      <td
                        key={o}
                        className={o === row.entries.length ? 'partition-log__slot' : 'partition-log__void'}
                      >
                        <span className="visually-hidden">
                          {o === row.entries.length ? `offset ${o}: empty, next to write` : ''}
                        </span>
                      </td>
                    );
                  const { text, status } = cell;
                  return (
                    <td
                      key={o}
                      className={`partition-log__cell partition-log__cell--${status}${cell.kind === 'data' ? '' : ` partition-log__cell--${cell.kind.toLowerCase()}`}${cell.aboveHighWatermark ? ' partition-log__cell--above-hw' : ''}`}
                      title={`offset ${o}: ${text}${STATUS_TEXT[status]}${cell.aboveHighWatermark ? ABOVE_HW_TEXT : ''} · producer ${cell.producerId} · leader epoch ${cell.leaderEpoch}`}
                    >
                      <span className="visually-hidden">offset {o}: </span>
                      {text}
                      <span className="visually-hidden">
                        {STATUS_TEXT[status]}
                        {cell.aboveHighWatermark ? ABOVE_HW_TEXT : ''}
                      </span>
                    </td>
                  );
                })}
              </tr>
              <tr className="partition-log__pointers">
                {columns.map((o) => {
                  const here = row.pointers.filter((p) => p.offset === o);
                  return (
                    <td key={o}>
                      {here.map((p) => (
                        <span key={p.label} className={pointerClass(p)}>
                          <span aria-hidden="true">
                            <Icon name="up" />
                            {p.label}
                          </span>
                          <span className="visually-hidden">{p.long}</span>
                        </span>
                      ))}
                    </td>
                  );
                })}
              </tr>
            </tbody>
          ))}
        </table>
      </div>
    </div>
  );
}

/** Each partition's replicas as strips of offsets, with the LEO, HW, LSO and committed-offset pointers. */
function PartitionLogPanel({ run }: { run: Run }) {
  const headingId = useId();
  const { partitions, transactional } = useMemo(
    () => partitionLogView(run.world, outcomeOf(run.world).partitions),
    [run.world],
  );

  return (
    <section className="partition-log" aria-labelledby={headingId}>
      <h2 id={headingId}>Partition log</h2>
      {partitions.map((p) => (
        <PartitionTable key={p.partition} view={p} />
      ))}
      <p className="partition-log__legend muted">
        <Icon name="up" /> LEO: log end offset (next to write) · HW: high watermark (replicated to the ISR) ·
        LSO: last stable offset (read_committed reads below it) · <Icon name="up" /> group: its committed
        offset (next to read) · <i>italic</i>: above that replica’s HW
        {transactional ? (
          <>
            {' '}
            · <span className="partition-log__legend-sample partition-log__cell--open">dashed</span> open
            transaction ·{' '}
            <span className="partition-log__legend-sample partition-log__cell--aborted">struck</span> aborted
          </>
        ) : null}
      </p>
    </section>
  );
}

export const PartitionLog = deferred(PartitionLogPanel);
