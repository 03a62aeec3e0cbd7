import { useId, useMemo } from 'react';
import type { LogEntry, NodeId } from '../../src/kafka/protocol.ts';
import type { BrokerContext } from '../../src/machines/broker/broker.ts';
import { abortedInRange, type Replica } from '../../src/machines/broker/replica.ts';
import type { PartitionView } from '../../src/sim/ledger.ts';
import { partOf, type World } from '../../src/sim/world.ts';
import type { Run } from '../playground/run.ts';
import { outcomeOf } from '../state/worlds.ts';
import { Icon } from './Icon.tsx';
import './PartitionLog.css';
import { deferred } from './deferred.tsx';

type CellStatus = 'plain' | 'committed' | 'open' | 'aborted' | 'marker';

/**
 * How a log entry reads, from the replica's own transaction state: the aborted transactions it
 * recorded (the index a read_committed consumer filters with) and the transactions still open in it.
 */
function statusOf(r: Replica | undefined, e: LogEntry): CellStatus {
  if (e.kind !== 'data') return 'marker';
  if (!e.transactional || !r) return 'plain';
  if (abortedInRange(r, e.offset, e.offset + 1).some((t) => t.producerId === e.producerId)) return 'aborted';
  const first = r.ongoingTxns[e.producerId];
  if (first !== undefined && e.offset >= first) return 'open';
  return 'committed';
}

const STATUS_TEXT: Record<CellStatus, string> = {
  plain: '',
  committed: ', committed transaction',
  open: ', open transaction',
  aborted: ', aborted',
  marker: ' marker',
};

interface Pointer {
  offset: number;
  label: string;
  /** Read by screen readers in place of the short label. */
  long: string;
}

interface ReplicaRow {
  broker: NodeId;
  leader: boolean;
  down: boolean;
  entries: { entry: LogEntry; status: CellStatus }[];
  pointers: Pointer[];
}

function rowsOf(world: World, p: PartitionView): ReplicaRow[] {
  return p.replicas.map((rep) => {
    const replica = (partOf(world, rep.broker, 'broker')?.context as BrokerContext | undefined)?.replicas[
      p.partition
    ];
    const leader = rep.broker === p.leader;
    const pointers: Pointer[] = [
      { offset: rep.logEndOffset, label: 'LEO', long: `log end offset ${rep.logEndOffset}` },
      { offset: rep.highWatermark, label: 'HW', long: `high watermark ${rep.highWatermark}` },
    ];
    if (leader) {
      pointers.push({
        offset: p.lastStableOffset,
        label: 'LSO',
        long: `last stable offset ${p.lastStableOffset}`,
      });
      for (const [group, offset] of Object.entries(p.committedOffsets))
        pointers.push({ offset, label: group, long: `${group} committed offset ${offset}` });
    }
    return {
      broker: rep.broker,
      leader,
      down: world.nodes[rep.broker]?.down ?? false,
      entries: rep.entries.map((entry) => ({ entry, status: statusOf(replica, entry) })),
      pointers,
    };
  });
}

function PartitionTable({ world, view }: { world: World; view: PartitionView }) {
  const rows = useMemo(() => rowsOf(world, view), [world, view]);
  const width =
    Math.max(0, ...rows.flatMap((r) => [r.entries.length, ...r.pointers.map((p) => p.offset)])) + 1;
  const columns = Array.from({ length: width }, (_, i) => i);
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
                  const { entry, status } = cell;
                  const text = entry.kind === 'data' ? (entry.record?.id ?? '?') : entry.kind;
                  return (
                    <td
                      key={o}
                      className={`partition-log__cell partition-log__cell--${status}${entry.kind === 'data' ? '' : ` partition-log__cell--${entry.kind.toLowerCase()}`}`}
                      title={`offset ${o}: ${text}${STATUS_TEXT[status]} · producer ${entry.producerId} · leader epoch ${entry.leaderEpoch}`}
                    >
                      <span className="visually-hidden">offset {o}: </span>
                      {text}
                      <span className="visually-hidden">{STATUS_TEXT[status]}</span>
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
                        <span
                          key={p.label}
                          className={`partition-log__pointer${p.label === 'LEO' || p.label === 'HW' || p.label === 'LSO' ? '' : ' partition-log__pointer--group'}`}
                        >
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
  const partitions = useMemo(() => outcomeOf(run.world).partitions, [run.world]);
  const anyTxn = partitions.some((p) => p.replicas.some((r) => r.entries.some((e) => e.transactional)));

  return (
    <section className="partition-log" aria-labelledby={headingId}>
      <h2 id={headingId}>Partition log</h2>
      {partitions.map((p) => (
        <PartitionTable key={p.partition} world={run.world} view={p} />
      ))}
      <p className="partition-log__legend muted">
        <Icon name="up" /> LEO: log end offset (next to write) · HW: high watermark (replicated to the ISR) ·
        LSO: last stable offset (read_committed reads below it) · <Icon name="up" /> group: its committed
        offset (next to read)
        {anyTxn ? (
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
