import { useEffect, useId, useState } from 'react';
import { PRESETS, type Scenario, type Semantics } from '../../src/index.ts';
import {
  ALL_SEMANTICS,
  describeFault,
  documentOf,
  GUARANTEES,
  noCounterexample,
  type ExploreProgress,
  type ExploreResult,
  type Guarantee,
} from '../../src/analysis.ts';
import { NumberField, SelectField } from './Field.tsx';
import { Progress } from './Progress.tsx';
import { useJob } from './useJob.ts';
import { useOpenRun } from './useOpenRun.ts';
import { exploreInWorkers } from './workers.ts';
import { replaceSearch } from './labUrl.ts';
import { explorerSettingsFromSearch, MAX_EXPLORER_FAULTS, withExplorerSettings } from './explorerUrl.ts';

/** The counterexample explorer: the shortest fault schedule that breaks a guarantee, searched in the workers. */
export function ExplorerPanel({ scenario }: { scenario: Scenario }) {
  const id = useId();
  const openRun = useOpenRun();
  // The address bar's settings (a shared or reloaded lab page), written back as they change.
  const [initial] = useState(() => explorerSettingsFromSearch(location.search));
  const [guarantee, setGuarantee] = useState<Guarantee>(initial.guarantee);
  const [semantics, setSemantics] = useState<Semantics | ''>(initial.semantics ?? '');
  const [faults, setFaults] = useState(initial.faults);
  const [crashes, setCrashes] = useState<'all' | 'brokers'>(initial.crashes);
  useEffect(() => {
    replaceSearch(
      withExplorerSettings(location.search, { guarantee, semantics: semantics || null, faults, crashes }),
    );
  }, [guarantee, semantics, faults, crashes]);
  const job = useJob<{ result: ExploreResult; link: string | null }, ExploreProgress>();
  const running = job.state.phase === 'running';

  const start = () =>
    job.run((onProgress) =>
      exploreInWorkers(
        {
          kind: 'explore',
          doc: documentOf(scenario),
          semantics: semantics || null,
          guarantee,
          maxFaults: faults,
          crashes,
        },
        onProgress,
      ),
    );

  return (
    <section className="lab-panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Counterexample explorer</h2>
      <p className="muted">
        Every schedule of up to k faults, fewest faults first, so the first break found is a shortest one.
      </p>
      <form
        className="lab-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!running) start();
        }}
      >
        <fieldset>
          <legend>Search</legend>
          <SelectField
            label="Guarantee"
            value={guarantee}
            options={(Object.keys(GUARANTEES) as Guarantee[]).map((g) => ({ value: g, label: g }))}
            onChange={setGuarantee}
          />
          <SelectField
            label="Configuration"
            value={semantics}
            options={[
              { value: '', label: 'the scenario’s own' },
              ...ALL_SEMANTICS.map((s) => ({ value: s, label: PRESETS[s].label })),
            ]}
            onChange={setSemantics}
          />
          <NumberField
            label="Faults at most (k)"
            min={0}
            max={MAX_EXPLORER_FAULTS}
            step={1}
            value={faults}
            onChange={(v) =>
              setFaults(Number.isInteger(v) ? Math.min(MAX_EXPLORER_FAULTS, Math.max(0, v)) : 0)
            }
          />
          <SelectField
            label="Crashes"
            value={crashes}
            options={[
              { value: 'all', label: 'clients and brokers' },
              { value: 'brokers', label: 'brokers only (what Kafka itself guarantees)' },
            ]}
            onChange={setCrashes}
          />
        </fieldset>
        <p className="muted">
          Guarantee {guarantee}: {GUARANTEES[guarantee]}.
        </p>
        <div className="lab-actions">
          <button type="submit" className="primary" disabled={running}>
            Search
          </button>
          <button type="button" onClick={job.cancel} disabled={!running}>
            Cancel
          </button>
        </div>
      </form>
      {job.state.phase === 'running' ? <Searching {...job.state} /> : null}
      {job.state.phase === 'cancelled' ? <p role="status">Cancelled: the search was stopped.</p> : null}
      {job.state.phase === 'failed' ? <p role="alert">The search failed: {job.state.message}</p> : null}
      {job.state.phase === 'done' ? <Found {...job.state.value} ms={job.state.ms} open={openRun} /> : null}
    </section>
  );
}

/**
 * A running search: the states met so far, and once the last level is searched (nearly all of the time),
 * a bar for the worlds it branches from and the time so far. Not the time left: the worlds come in the
 * order met, those after an early fault first, far from rest and meeting many new worlds, so the bar
 * runs slow and then fast (exactly-once to two faults: half of them followed after 90 % of the time).
 */
function Searching({ progress, elapsed }: { progress: ExploreProgress | null; elapsed: number }) {
  // "About": each worker reckons the whole search from its own share (the count is exact once merged).
  const states = progress
    ? `About ${progress.states.toLocaleString('en')} states explored, at ${progress.level} ${progress.level === 1 ? 'fault' : 'faults'}`
    : null;
  const branched = progress?.branched;
  // A search to one fault branches from one world, the start: a bar would sit at 0 until the end.
  if (!branched || branched.total < 2)
    return (
      <p className="lab-progress" role="status">
        <span className="lab-spinner" aria-hidden="true" />
        {states ? `${states}…` : 'Searching…'}
      </p>
    );
  const from = branched.faults;
  return (
    <Progress
      label="Search progress"
      before={`${states} · `}
      done={branched.done}
      total={branched.total}
      elapsed={elapsed}
      unit={`worlds after ${from} ${from === 1 ? 'fault' : 'faults'} followed`}
      paced={false}
    />
  );
}

function Found({
  result,
  link,
  ms,
  open,
}: {
  result: ExploreResult;
  link: string | null;
  ms: number;
  open: (link: string) => void;
}) {
  const states = `${result.states.toLocaleString('en')} states in ${(ms / 1000).toFixed(1)} s`;
  const found = result.counterexample;
  if (!found)
    return (
      <p role="status" className="lab-found">
        {noCounterexample(result, states)}
      </p>
    );
  return (
    <div className="lab-found" role="status">
      <p>
        <strong>
          Counterexample with {found.faults} {found.faults === 1 ? 'fault' : 'faults'}
        </strong>{' '}
        ({states}):
      </p>
      <p className="lab-sentence">{found.sentence}</p>
      <ol>
        {found.schedule.map((f, k) => (
          <li key={k}>{describeFault(f)}</li>
        ))}
      </ol>
      <p className="muted">
        Decisive step: {found.decisiveStep}
        {found.showsAt ? `; the break shows at step ${found.showsAt}` : ''}.
      </p>
      {link ? (
        <button type="button" className="primary" onClick={() => open(link)}>
          Open the counterexample in the diagram at step {found.decisiveStep}
        </button>
      ) : null}
    </div>
  );
}
