import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  type Comparison,
  compareUnder,
  type Fault,
  faultsOf,
  type Outcome,
  PRESETS,
  type Scenario,
  SEMANTICS,
  type Semantics,
  tryRunScenario,
} from '../../../src/index.ts';
import { usePlayground } from '../../playground/hooks.ts';
import type { Run } from '../../playground/run.ts';
import { Icon, VERDICT_ICON, type IconName } from '../Icon.tsx';
import './CompareView.css';
import { deferred } from '../deferred.tsx';

/** An icon beside each risk's words, from the verdicts': colour is never the only signal. */
const RISK_ICONS: Record<Outcome['summary']['risk'], IconName[]> = {
  none: ['check'],
  loss: ['cross'],
  duplicates: ['copies'],
  'loss and duplicates': ['cross', 'copies'],
};

interface Script {
  faults: Fault[];
  /** Where the faults come from: the user's choices so far, or the scenario's own script. */
  source: 'run' | 'script';
  choices: readonly string[];
  /** Why the scenario's script could not be played (a config override may make it impossible). */
  problem?: string;
}

/** The faults to compare: the run's choices up to the cursor, or the scenario's script before any step. */
function scriptFor(scenario: Scenario, choices: readonly string[]): Script {
  if (choices.length > 0) return { faults: faultsOf(scenario, choices), source: 'run', choices };
  if ((scenario.script ?? []).length === 0) return { faults: [], source: 'script', choices: [] };
  const played = tryRunScenario(scenario);
  if (!played.ok) return { faults: [], source: 'script', choices: [], problem: played.message };
  const scripted = played.world.steps.map((s) => s.action);
  return { faults: faultsOf(scenario, scripted), source: 'script', choices: scripted };
}

/** The same faults under all three semantics, side by side. */
function CompareViewPanel({ run }: { run: Run }) {
  const choices = usePlayground((s) => s.choices);
  const cursor = run.cursor;
  const scenario = run.scenario;
  const script = useMemo(() => scriptFor(scenario, choices.slice(0, cursor)), [scenario, choices, cursor]);

  return (
    // The view scrolls inside the stage: focusable, so the keyboard can scroll it too.
    <section className="compare" aria-labelledby="compare-title" data-testid="compare-view" tabIndex={0}>
      <header className="compare__intro">
        <h2 id="compare-title">The same faults under all three semantics</h2>
        <p className="muted">
          {script.source === 'run'
            ? 'The faults you injected so far (the choices that left the happy path), replayed under each preset.'
            : 'You have not stepped yet: these are the scenario’s scripted faults, replayed under each preset.'}
        </p>
        {script.problem ? (
          <p className="compare__unavailable" role="note">
            <Icon name="warning" /> The scenario’s script cannot be played here: {script.problem}
          </p>
        ) : null}
        <FaultScript faults={script.faults} />
      </header>
      <div className="compare__columns" role="list">
        {SEMANTICS.map((semantics) => (
          <LaterColumn key={semantics} scenario={scenario} faults={script.faults} semantics={semantics} />
        ))}
      </div>
    </section>
  );
}

function FaultScript({ faults }: { faults: Fault[] }) {
  if (faults.length === 0)
    return <p className="compare__script">No faults: every column runs the happy path.</p>;
  return (
    <ol className="compare__script" aria-label="Fault script">
      {faults.map((f, i) => (
        <li key={`${f.choice}-${i}`}>
          {f.label}
          {f.after ? <span className="muted"> — after {describeCall(f.after)}</span> : null}
        </li>
      ))}
    </ol>
  );
}

function describeCall(after: NonNullable<Fault['after']>): string {
  const call = after.action.replace(/^app:/, '').replace(/:/g, ' ');
  return after.count === 1 ? call : `${call} (call ${after.count})`;
}

/**
 * `compute()`, in a task of its own after this render (null until it is done). Each column replays the
 * whole run under its preset: a 5,000-choice link costs some 0.3–0.6 s a column, and three in one task
 * (with the render) blocked the page for well over a second.
 */
function useComputedLater<T>(compute: () => T): T | null {
  const [done, setDone] = useState<{ of: () => T; value: T } | null>(null);
  useEffect(() => {
    const id = setTimeout(() => setDone({ of: compute, value: compute() }));
    return () => clearTimeout(id);
  }, [compute]);
  return done?.of === compute ? done.value : null;
}

function LaterColumn({
  scenario,
  faults,
  semantics,
}: {
  scenario: Scenario;
  faults: Fault[];
  semantics: Semantics;
}) {
  const compute = useCallback(() => compareUnder(scenario, faults, semantics), [scenario, faults, semantics]);
  const comparison = useComputedLater(compute);
  if (comparison) return <Column comparison={comparison} />;
  return (
    <article
      className="compare__column"
      role="listitem"
      aria-busy="true"
      aria-label={PRESETS[semantics].label}
    >
      <h3>{PRESETS[semantics].label}</h3>
      <p className="muted">Replaying the faults under this configuration…</p>
    </article>
  );
}

function Column({ comparison: c }: { comparison: Comparison }) {
  const preset = PRESETS[c.semantics];
  const o = c.outcome;
  return (
    <article
      className="compare__column"
      role="listitem"
      aria-labelledby={`compare-${c.semantics}`}
      data-testid={`compare-${c.semantics}`}
    >
      <h3 id={`compare-${c.semantics}`}>{c.label}</h3>
      <p className="muted compare__preset">{preset.summary}</p>
      {c.unavailable ? (
        <p className="compare__unavailable" role="note">
          <Icon name="info" /> {c.unavailable}
        </p>
      ) : null}
      {c.skipped.length > 0 ? (
        <div className="compare__skipped">
          <h4>Faults that do not arise here</h4>
          <ul>
            {c.skipped.map((f, i) => (
              <li key={`${f.choice}-${i}`}>
                <Icon name="skip" /> {f.label}: this configuration never offers it (no such message or
                moment).
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {o ? (
        <>
          <h4>Verdict per record</h4>
          <ul className="compare__verdicts">
            {o.ledger.map((row) => (
              <li
                key={row.record}
                className={`verdict verdict--${row.verdict}`}
                data-testid={`compare-${c.semantics}-${row.record}`}
              >
                <span className="verdict__record">{row.record}</span>
                <span className="verdict__badge">
                  <Icon name={VERDICT_ICON[row.verdict]} /> {row.verdict}
                </span>
                <span className="muted verdict__detail">
                  delivered {row.delivered}× · {row.attempts} attempt{row.attempts === 1 ? '' : 's'}
                  {row.outOfOrder ? ' · out of order' : ''}
                </span>
              </li>
            ))}
          </ul>
          <p className={`compare__risk risk--${o.summary.risk.replace(/ /g, '-')}`}>
            Risk:{' '}
            <strong data-testid={`compare-${c.semantics}-risk`}>
              {RISK_ICONS[o.summary.risk].map((name) => (
                <Icon key={name} name={name} />
              ))}{' '}
              {o.summary.risk}
            </strong>
          </p>
          <h4>Cost</h4>
          <dl className="compare__cost">
            <dt>Round trips</dt>
            <dd>{o.summary.cost.roundTrips}</dd>
            <dt>Bytes on the wire</dt>
            <dd>{o.summary.cost.bytesOnWire.toLocaleString('en')}</dd>
            <dt>Log records</dt>
            <dd>
              {o.summary.cost.logRecords}
              {o.summary.cost.markers > 0
                ? ` (${o.summary.cost.markers} marker${o.summary.cost.markers === 1 ? '' : 's'})`
                : ''}
            </dd>
            <dt>End-to-end latency</dt>
            <dd>
              {o.summary.cost.endToEndLatencyMs === null
                ? '—'
                : `${o.summary.cost.endToEndLatencyMs.toLocaleString('en')} ms`}
            </dd>
          </dl>
          {!o.invariants.ok ? (
            <p className="compare__unavailable" role="note">
              <Icon name="warning" /> {o.invariants.violations.length} invariant violation
              {o.invariants.violations.length === 1 ? '' : 's'}
            </p>
          ) : null}
        </>
      ) : null}
    </article>
  );
}

export const CompareView = deferred(CompareViewPanel);
