import { type CSSProperties, useEffect, useId, useMemo, useRef, useState } from 'react';
import { diagramScene, PRESETS, type Semantics, type World } from '../../../src/index.ts';
import {
  type Comparison,
  ledgerView,
  type LiveRow,
  liveRow,
  partitionLogView,
} from '../../../src/analysis.ts';
import { describeFault } from '../../../src/analysis.ts';
import type { CompareState } from '../../compare/comparison.ts';
import { comingFault } from '../../compare/compareNotes.ts';
import { usePlayground, usePlaygroundValue } from '../../playground/hooks.ts';
import { outcomeOf, RunHistory } from '../../state/worlds.ts';
import { StaticDiagram } from '../../static/StaticDiagram.tsx';
import '../../static/static.css';
import { Icon, VERDICT_ICON, type IconName } from '../Icon.tsx';
import { PartitionTable } from '../PartitionLog.tsx';
import './CompareView.css';

/** An icon beside each risk's words: colour is never the only signal. */
const RISK_ICONS: Record<LiveRow['risk'], IconName[]> = {
  none: ['check'],
  loss: ['cross'],
  duplicates: ['copies'],
  'loss and duplicates': ['cross', 'copies'],
};
const number = new Intl.NumberFormat('en');

/** One column's place in the lockstep: its run's world at the shown tick. */
interface Shown {
  column: Comparison;
  step: number;
  world: World;
  atRest: boolean;
  /** Whether this column took a fault on the shown tick. */
  hitNow: boolean;
}

/**
 * The same faults under each semantics, stepping together: Next, Back, Play and the keys move every
 * column at once (app/compare/stepping.ts), each column shows its run's diagram, log and ledger at that
 * moment, and the table beneath compares them live.
 */
export function CompareView() {
  const comparison = usePlaygroundValue((p) => p.comparison());
  // Its code comes with this view's (lazyCompareView.ts): null only if the view was not loaded that way.
  return comparison ? <Columns comparison={comparison} /> : <p role="status">Opening Compare…</p>;
}

function Columns({ comparison }: { comparison: CompareState }) {
  const stored = usePlayground((s) => s.compareTick);
  const ticks = comparison.lockstep?.ticks ?? 0;
  const tick = Math.min(stored, ticks);
  const shown = useShown(comparison, tick);
  const busy = comparison.columns.some((c) => c === null);

  return (
    // The view scrolls inside the stage: focusable, so the keyboard can scroll it too.
    <section
      className="compare"
      aria-labelledby="compare-title"
      data-testid="compare-view"
      data-tick={tick}
      tabIndex={0}
    >
      <header className="compare__intro">
        <h2 id="compare-title">The same faults under every semantics, in lockstep</h2>
        <p className="muted">
          {comparison.schedule.source === 'run'
            ? 'The faults you injected so far, as a fault schedule: each is applied, under every configuration, to the first event it names.'
            : 'You have not stepped yet: these are the scenario’s scripted faults, as a fault schedule applied under every configuration.'}{' '}
          Next, Back and Play step every column together; each fault lands in all of them on the same tick.
        </p>
        {comparison.schedule.problem ? (
          <p className="compare__unavailable" role="note">
            <Icon name="warning" /> {comparison.schedule.problem}
          </p>
        ) : null}
        <FaultSchedule comparison={comparison} tick={tick} />
        <Stepper tick={tick} ticks={ticks} busy={busy} />
      </header>
      <div className="compare__columns" role="list" data-count={comparison.heads.length}>
        {comparison.heads.map((head, i) => {
          const s = shown[i];
          return s ? (
            <Column key={head.id} shown={s} comparison={comparison} />
          ) : (
            <UnshownColumn key={head.id} head={head} column={comparison.columns[i] ?? null} />
          );
        })}
      </div>
      <LiveTable shown={shown} heads={comparison.heads} />
    </section>
  );
}

/** Each column's world at `tick`, from a replay cache per column (stepping replays at most a few steps). */
function useShown(comparison: CompareState, tick: number): (Shown | null)[] {
  // One cache per column for the view's life: a column object stands for its run until the run changes.
  const [histories] = useState(() => new WeakMap<Comparison, RunHistory>());
  return useMemo(
    () =>
      comparison.columns.map((column, c) => {
        const applied = column?.applied;
        const steps = comparison.lockstep?.steps[c];
        if (!column || !applied || !steps) return null;
        let history = histories.get(column);
        if (!history) histories.set(column, (history = new RunHistory()));
        const step = steps[Math.min(tick, steps.length - 1)] ?? 0;
        return {
          column,
          step,
          world: history.at(column.scenario, applied.choices, step),
          atRest: step === applied.choices.length,
          hitNow: tick > 0 && applied.fired.some((f) => f.step === step && (steps[tick - 1] ?? 0) < step),
        };
      }),
    [comparison, tick, histories],
  );
}

function FaultSchedule({ comparison, tick }: { comparison: CompareState; tick: number }) {
  const { schedule } = comparison.schedule;
  const faultTicks = comparison.lockstep?.faultTicks ?? [];
  if (schedule.length === 0)
    return (
      <p className="compare__script" data-testid="compare-schedule">
        No faults: every column runs its natural path.
      </p>
    );
  const prompt = comingFault(comparison, tick)?.prompt;
  return (
    <>
      <ol className="compare__script" aria-label="Fault schedule" data-testid="compare-schedule">
        {schedule.map((fault, i) => {
          const at = faultTicks[i];
          const state = at === null ? 'missed' : at !== undefined && at <= tick ? 'landed' : 'coming';
          return (
            <li key={i} className={`compare__fault compare__fault--${state}`}>
              {describeFault(fault)}
              <span className="muted">
                {' '}
                —{' '}
                {state === 'missed'
                  ? 'finds nothing to hit in any column'
                  : state === 'landed'
                    ? `landed at tick ${at}`
                    : at === undefined
                      ? 'being placed…'
                      : `lands at tick ${at}`}
              </span>
            </li>
          );
        })}
      </ol>
      {prompt ? (
        <p className="compare__prompt" role="note" data-testid="compare-try-this">
          <Icon name="star" /> <strong>Try this:</strong> {prompt} <span className="muted">Press Next.</span>
        </p>
      ) : null}
    </>
  );
}

/** Where the columns stand, and a scrubber over every tick (Next stops only where something happens). */
function Stepper({ tick, ticks, busy }: { tick: number; ticks: number; busy: boolean }) {
  const setTick = usePlayground((s) => s.setCompareTick);
  const ownConfig = usePlayground((s) => s.compareOwnConfig);
  const setOwnConfig = usePlayground((s) => s.setCompareOwnConfig);
  return (
    <div className="compare__stepper">
      <input
        type="range"
        aria-label="Comparison timeline"
        min={0}
        max={Math.max(ticks, 1)}
        value={tick}
        disabled={busy || ticks === 0}
        onChange={(e) => setTick(Number(e.target.value))}
      />
      <span className="muted" data-testid="compare-tick">
        {busy ? 'replaying the faults…' : `tick ${tick} / ${ticks}${tick === ticks ? ' · all at rest' : ''}`}
      </span>
      <label className="compare__own">
        <input type="checkbox" checked={ownConfig} onChange={(e) => setOwnConfig(e.target.checked)} /> Add
        this run’s configuration as a column
      </label>
    </div>
  );
}

function UnshownColumn({ head, column }: { head: { id: string; label: string }; column: Comparison | null }) {
  return (
    <article
      className="compare__column"
      role="listitem"
      aria-busy={column ? undefined : 'true'}
      aria-label={head.label}
      data-testid={`compare-${head.id}`}
    >
      <h3>{head.label}</h3>
      <PresetSummary id={head.id} />
      {column?.unavailable ? (
        <p className="compare__unavailable" role="note">
          <Icon name="info" /> {column.unavailable}
        </p>
      ) : column ? null : (
        <p className="muted">Replaying the faults under this configuration…</p>
      )}
    </article>
  );
}

const PresetSummary = ({ id }: { id: string }) =>
  id in PRESETS ? <p className="muted compare__preset">{PRESETS[id as Semantics].summary}</p> : null;

function Column({ shown, comparison }: { shown: Shown; comparison: CompareState }) {
  const { column, world, step, atRest } = shown;
  const headingId = useId();
  const climax = comparison.lesson?.climax;
  const callout = climax?.column === column.id && step >= climax.step ? climax.callout : null;
  return (
    <article
      className={`compare__column${shown.hitNow ? ' compare__column--hit' : ''}`}
      role="listitem"
      aria-labelledby={headingId}
      data-testid={`compare-${column.id}`}
    >
      <h3 id={headingId}>{column.label}</h3>
      <PresetSummary id={column.id} />
      <p className="compare__where muted">
        step {step} / {column.applied?.choices.length ?? 0}
        {atRest ? ' · at rest' : ''} · {number.format(world.clock)} ms
        {shown.hitNow ? (
          <strong className="compare__hit">
            {' '}
            <Icon name="warning" /> the fault lands
          </strong>
        ) : null}
      </p>
      {column.missed.length > 0 ? (
        <div className="compare__skipped">
          <h4>Found nothing to hit here</h4>
          <ul>
            {column.missed.map((m) => (
              <li key={m}>
                <Icon name="skip" /> {m}: this configuration never makes that event.
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {callout ? (
        <p className="compare__callout" role="note" data-testid="compare-callout">
          <Icon name="star" /> {callout}
        </p>
      ) : null}
      <MiniDiagram column={column} world={world} step={step} />
      <h4>Log</h4>
      {partitionLogView(world, outcomeOf(world).partitions).partitions.map((p) => (
        <PartitionTable key={p.partition} view={p} />
      ))}
      <h4>Ledger</h4>
      <ColumnLedger world={world} columnId={column.id} />
    </article>
  );
}

/** The column's run as the one diagram scene draws it, small, kept scrolled to its latest rows. */
function MiniDiagram({ column, world, step }: { column: Comparison; world: World; step: number }) {
  const box = useRef<HTMLDivElement>(null);
  const last = column.applied?.world;
  const scene = useMemo(
    () =>
      last
        ? diagramScene(
            { last, world, cursor: step },
            // The followers share a lane, for room; two producers stay apart, as a narrow window keeps them.
            { width: { perLane: 120 }, collapsed: 'by-default', fold: true, height: 'fit' },
          )
        : null,
    [last, world, step],
  );
  useEffect(() => {
    const el = box.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [scene]);
  if (!scene) return null;
  return (
    <div
      className="compare__diagram"
      ref={box}
      tabIndex={0}
      role="region"
      aria-label={`${column.label}: diagram`}
      // Fit to the column, but never below half size: a narrower column scrolls sideways instead.
      style={{ '--natural-width': `${scene.cols.width}px` } as CSSProperties}
    >
      <StaticDiagram
        scene={scene}
        title={`${column.label}, step ${step}`}
        description={`The sequence diagram of the ${column.label} run up to step ${step}.`}
        css=""
        transparent
      />
    </div>
  );
}

function ColumnLedger({ world, columnId }: { world: World; columnId: string }) {
  const ledger = useMemo(() => ledgerView(world, outcomeOf(world)), [world]);
  return (
    <ul className="compare__verdicts">
      {ledger.rows.map((row) => (
        <li
          key={row.record}
          className={`verdict verdict--${row.pending ? 'pending' : row.verdict}`}
          data-testid={`compare-${columnId}-${row.record}`}
        >
          <span className="verdict__record">{row.record}</span>
          <span className="verdict__badge">
            {row.pending ? (
              <>
                <Icon name="timer" /> not delivered yet
              </>
            ) : (
              <>
                <Icon name={VERDICT_ICON[row.verdict]} /> {row.verdict}
              </>
            )}
          </span>
          <span className="muted verdict__detail">
            offsets {row.offsets.length > 0 ? row.offsets.join(', ') : '—'} · {row.attempts} attempt
            {row.attempts === 1 ? '' : 's'} · processed {row.processed}×
          </span>
        </li>
      ))}
    </ul>
  );
}

const records = (ids: string[]) => (ids.length === 0 ? 'none' : ids.join(', '));

/** The columns' figures side by side, as they stand at the shown tick. */
function LiveTable({ shown, heads }: { shown: (Shown | null)[]; heads: CompareState['heads'] }) {
  const rows = shown.map((s) => (s ? liveRow(s.world, s.atRest) : null));
  return (
    <div className="compare__table-scroll" role="region" aria-label="Comparison table" tabIndex={0}>
      <table className="compare__table" data-testid="compare-table">
        <caption>As the columns stand now</caption>
        <thead>
          <tr>
            <th scope="col">Configuration</th>
            <th scope="col">Mode</th>
            <th scope="col">Risk of the mode</th>
            <th scope="col">Guarantee</th>
            <th scope="col">Lost</th>
            <th scope="col">Duplicated</th>
            <th scope="col">Latency</th>
            <th scope="col">Round trips</th>
            <th scope="col">Bytes on the wire</th>
            <th scope="col">Log records</th>
            <th scope="col">Coordinator requests</th>
          </tr>
        </thead>
        <tbody>
          {heads.map((head, i) => {
            const r = rows[i];
            return (
              <tr key={head.id} data-testid={`compare-row-${head.id}`}>
                <th scope="row">{head.label}</th>
                {r ? (
                  <>
                    <td>{r.mode}</td>
                    <td className={`risk--${r.risk.replaceAll(' ', '-')}`}>
                      <strong>
                        {RISK_ICONS[r.risk].map((name) => (
                          <Icon key={name} name={name} />
                        ))}{' '}
                        {r.risk}
                      </strong>
                    </td>
                    <td>{r.guarantee}</td>
                    <td data-testid={`compare-lost-${head.id}`}>
                      {r.lost === null ? <span className="muted">not at rest yet</span> : records(r.lost)}
                    </td>
                    <td data-testid={`compare-duplicated-${head.id}`}>{records(r.duplicated)}</td>
                    <td>{r.latencyMs === null ? '—' : `${number.format(r.latencyMs)} ms`}</td>
                    <td>{number.format(r.roundTrips)}</td>
                    <td>{number.format(r.bytesOnWire)}</td>
                    <td>
                      {number.format(r.logRecords)}
                      {r.markers > 0 ? (
                        <span className="muted">
                          {' '}
                          (incl. {r.markers} marker{r.markers === 1 ? '' : 's'})
                        </span>
                      ) : null}
                    </td>
                    <td>{number.format(r.coordinatorRequests)}</td>
                  </>
                ) : (
                  <td colSpan={10} className="muted">
                    no run
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
