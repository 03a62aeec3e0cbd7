import { useMemo, useState } from 'react';
import { CHAPTERS, SCENARIOS } from '../src/scenarios/index.ts';
import { outcome } from '../src/sim/ledger.ts';
import { runScenario } from '../src/sim/run.ts';

/**
 * A first page over the simulation core: pick a guided scenario, read its run step by step and its
 * verdicts. Everything shown is computed by src/; the animated playground replaces this view.
 */
export function App() {
  const [scenarioId, setScenarioId] = useState(SCENARIOS[0]?.id ?? '');
  const scenario = SCENARIOS.find((s) => s.id === scenarioId) ?? SCENARIOS[0];
  const world = useMemo(() => (scenario ? runScenario(scenario) : null), [scenario]);
  const result = useMemo(() => (world ? outcome(world) : null), [world]);
  if (!scenario || !world || !result) return <p role="alert">No scenario is available.</p>;

  return (
    <main>
      <header>
        <h1>Kafka Delivery Semantics Playground</h1>
        <p>Pick a guided scenario and read how the producer, brokers, coordinators and consumer behave.</p>
      </header>
      <label htmlFor="scenario">Scenario</label>
      <select id="scenario" value={scenario.id} onChange={(e) => setScenarioId(e.target.value)}>
        {CHAPTERS.map((chapter) => (
          <optgroup key={chapter} label={chapter}>
            {SCENARIOS.filter((s) => s.chapter === chapter).map((s) => (
              <option key={s.id} value={s.id}>
                {s.title}
              </option>
            ))}
          </optgroup>
        ))}
      </select>
      <p className="description">{scenario.description}</p>

      <section aria-labelledby="outcome-heading">
        <h2 id="outcome-heading">Outcome</h2>
        <p>
          Mode <strong>{result.summary.mode}</strong> · risk{' '}
          <strong data-testid="risk">{result.summary.risk}</strong> · {result.summary.cost.roundTrips} round
          trips · {result.summary.cost.logRecords} log records
          {result.summary.outOfOrder ? ' · out of order' : ''}
        </p>
        <table>
          <thead>
            <tr>
              <th scope="col">Record</th>
              <th scope="col">Verdict</th>
              <th scope="col">Offsets in the log</th>
              <th scope="col">Send attempts</th>
              <th scope="col">Processed</th>
              <th scope="col">Effects</th>
            </tr>
          </thead>
          <tbody>
            {result.ledger.map((row) => (
              <tr key={row.record} data-testid={`ledger-${row.record}`}>
                <th scope="row">{row.record}</th>
                <td className={`verdict verdict-${row.verdict}`}>
                  <span aria-hidden="true">
                    {row.verdict === 'lost' ? '✕ ' : row.verdict === 'duplicated' ? '⧉ ' : '✓ '}
                  </span>
                  {row.verdict}
                </td>
                <td>{row.offsets.join(', ') || '—'}</td>
                <td>{row.attempts}</td>
                <td>{row.processed}</td>
                <td>{row.effects}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section aria-labelledby="steps-heading">
        <h2 id="steps-heading">The run, step by step</h2>
        <ol className="steps">
          {world.steps.map((s) => (
            <li key={s.index}>
              <span className="time">{s.time} ms</span> {s.narration}
            </li>
          ))}
        </ol>
      </section>
    </main>
  );
}
