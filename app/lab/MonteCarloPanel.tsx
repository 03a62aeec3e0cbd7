import { useEffect, useId, useMemo, useState } from 'react';
import { type Scenario } from '../../src/index.ts';
import {
  ALL_SEMANTICS,
  AS_WRITTEN,
  LAB_CONFIGS,
  labConfigLabel,
  labConfigRefusal,
  type FaultModel,
  type LabConfig,
  type LabReport,
} from '../../src/analysis.ts';
import { LabResults } from './LabResults.tsx';
import { Progress } from './Progress.tsx';
import { NumberField } from './Field.tsx';
import { useJob } from './useJob.ts';
import { labSettingsFromSearch, MAX_RUNS, replaceSearch, searchFor } from './labUrl.ts';
import { runLabInWorkers, workerCount } from './workers.ts';

/** The fault model's rates, in the core's words (src/lab/monteCarlo.ts). */
const RATES: { key: keyof FaultModel; label: string }[] = [
  { key: 'requestLoss', label: 'Request lost' },
  { key: 'responseLoss', label: 'Response lost' },
  { key: 'brokerCrash', label: 'Broker crash (per step)' },
  { key: 'processingCrash', label: 'Crash after processing' },
  { key: 'timeout', label: 'Timeout (late response)' },
];

/** The Monte-Carlo lab: a fault model, runs and a seed; the runs split between workers. */
export function MonteCarloPanel({ scenario }: { scenario: Scenario }) {
  const id = useId();
  // The address bar's settings (a shared or reloaded lab page), written back as they change.
  const [initial] = useState(() => labSettingsFromSearch(location.search));
  const [runs, setRuns] = useState(initial.runs);
  const [seed, setSeed] = useState(initial.seed);
  const [model, setModel] = useState(initial.model);
  // A scenario no preset fits starts on its own settings, so the lab has something to run.
  const [semantics, setSemantics] = useState<readonly LabConfig[]>(() =>
    ALL_SEMANTICS.every((s) => labConfigRefusal(scenario, s) !== null) ? [AS_WRITTEN] : initial.semantics,
  );
  const job = useJob<LabReport, { done: number; total: number }>();
  const running = job.state.phase === 'running';
  // Presets the scenario's own producer applications refuse, each with its sentence: not run, said why.
  const refusals = useMemo(
    () => new Map(LAB_CONFIGS.map((s) => [s, labConfigRefusal(scenario, s)] as const)),
    [scenario],
  );
  const runnable = semantics.filter((s) => refusals.get(s) === null);
  const noneFits = ALL_SEMANTICS.every((s) => refusals.get(s) !== null);
  const settingsValid = Number.isInteger(runs) && runs >= 1 && runs <= MAX_RUNS && Number.isInteger(seed);
  const valid = settingsValid && runnable.length > 0;

  useEffect(() => {
    if (settingsValid && semantics.length > 0)
      replaceSearch(searchFor(location.search, { runs, seed, model, semantics }));
  }, [settingsValid, runs, seed, model, semantics]);

  const start = () =>
    job.run((onProgress) =>
      runLabInWorkers(scenario, { runs, seed, model, semantics: runnable }, (done, total) =>
        onProgress({ done, total }),
      ),
    );

  return (
    <section className="lab-panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Monte-Carlo lab</h2>
      <p className="muted">
        Each run draws its faults at random from these rates; run <i>i</i> depends on the seed and <i>i</i>{' '}
        alone, so the same seed gives the same results on any number of workers.
      </p>
      <form
        className="lab-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (valid && !running) start();
        }}
      >
        <fieldset>
          <legend>Semantics to compare</legend>
          {LAB_CONFIGS.map((s) => {
            const refused = refusals.get(s) !== null;
            return (
              <label key={s} className="lab-check">
                <input
                  type="checkbox"
                  checked={!refused && semantics.includes(s)}
                  disabled={refused}
                  aria-describedby={refused ? `${id}-${s}-refused` : undefined}
                  onChange={(e) =>
                    setSemantics(
                      LAB_CONFIGS.filter((x) => (x === s ? e.target.checked : semantics.includes(x))),
                    )
                  }
                />
                {s === AS_WRITTEN ? 'As written (the scenario’s own settings)' : labConfigLabel(s)}
              </label>
            );
          })}
          {ALL_SEMANTICS.some((s) => refusals.get(s) !== null) ? (
            <ul className="lab-refusals">
              {ALL_SEMANTICS.map((s) => {
                const refusal = refusals.get(s);
                return refusal ? (
                  <li key={s} id={`${id}-${s}-refused`}>
                    {refusal}
                  </li>
                ) : null;
              })}
            </ul>
          ) : null}
        </fieldset>
        <fieldset>
          <legend>Runs</legend>
          <NumberField
            label="Runs per semantics"
            min={1}
            max={MAX_RUNS}
            step={1}
            value={runs}
            onChange={setRuns}
          />
          <NumberField label="Seed" step={1} value={seed} onChange={setSeed} />
        </fieldset>
        <fieldset>
          <legend>Fault rates (0 to 1)</legend>
          {RATES.map(({ key, label }) => (
            <NumberField
              key={key}
              label={label}
              min={0}
              max={1}
              step={0.01}
              value={model[key]}
              onChange={(v) =>
                setModel({ ...model, [key]: Number.isFinite(v) ? Math.min(1, Math.max(0, v)) : 0 })
              }
            />
          ))}
        </fieldset>
        <div className="lab-actions">
          <button type="submit" className="primary" disabled={running || !valid}>
            Run lab
          </button>
          <button type="button" onClick={job.cancel} disabled={!running}>
            Cancel
          </button>
          <span className="muted">
            {workerCount(runs || 1)} {workerCount(runs || 1) === 1 ? 'worker' : 'workers'}
          </span>
        </div>
      </form>
      {noneFits ? (
        <p role="status">
          No preset fits this scenario&rsquo;s producer applications, so the lab runs it as written: with the
          settings each application has.
        </p>
      ) : null}
      {!valid ? (
        <p role="alert">
          Runs must be a whole number from 1 to {MAX_RUNS.toLocaleString('en')}, the seed a whole number, and
          one semantics at least chosen that fits this scenario.
        </p>
      ) : null}
      {job.state.phase === 'running' ? (
        <Progress
          label="Lab progress"
          done={job.state.progress?.done ?? 0}
          total={job.state.progress?.total ?? runs * runnable.length}
          elapsed={job.state.elapsed}
          unit="runs"
        />
      ) : null}
      {job.state.phase === 'cancelled' ? <p role="status">Cancelled: the workers were stopped.</p> : null}
      {job.state.phase === 'failed' ? <p role="alert">The lab failed: {job.state.message}</p> : null}
      {job.state.phase === 'done' ? (
        <LabResults report={job.state.value} ms={job.state.ms} scenario={scenario} />
      ) : null}
    </section>
  );
}
