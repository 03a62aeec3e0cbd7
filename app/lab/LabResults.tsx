import { useMemo } from 'react';
import { type Scenario } from '../../src/index.ts';
import {
  comparisonRows,
  costNotes,
  describeFault,
  duplicateNotes,
  toCsv,
  toMarkdown,
  transactionCostRows,
  transactionCosts,
  transactionTableRefusal,
  type LabReport,
} from '../../src/analysis.ts';
import { download } from './download.ts';
import { LabCharts } from './LabCharts.tsx';
import { useOpenRun } from './useOpenRun.ts';

/** A lab's results: the seeds' comparison table (exportable), the cost charts, and every kept failing run. */
export function LabResults({ report, ms, scenario }: { report: LabReport; ms: number; scenario: Scenario }) {
  const openRun = useOpenRun();
  const file = `lab-${report.scenario}-seed-${report.seed}`;
  return (
    <section className="lab-results" aria-label="Lab results">
      <p className="muted">
        {report.runs.toLocaleString('en')} runs per semantics of {report.scenario}, seed {report.seed}, in{' '}
        {(ms / 1000).toFixed(1)} s.
      </p>
      <TextTable
        label="Comparison table"
        caption="Latency, reliability and resource usage per semantics (rates with Wilson 95 % intervals)"
        rows={comparisonRows(report)}
      />
      {duplicateNotes(report).map((note) => (
        <p key={note} className="lab-cost-note">
          {note}
        </p>
      ))}
      {costNotes(report).map((note) => (
        <p key={note} className="lab-cost-note">
          {note}
        </p>
      ))}
      <TransactionCostTable scenario={scenario} />
      <div className="lab-actions">
        <button type="button" onClick={() => download(`${file}.md`, toMarkdown(report), 'text/markdown')}>
          Export Markdown
        </button>
        <button type="button" onClick={() => download(`${file}.csv`, toCsv(report), 'text/csv')}>
          Export CSV
        </button>
      </div>
      <LabCharts report={report} />
      <h3>Failing runs</h3>
      {report.configs.map((c) => (
        <details key={c.semantics} className="lab-failures">
          <summary>
            {c.label}:{' '}
            {c.failures.length === 0
              ? 'no failing run'
              : `${c.failures.length} failing ${c.failures.length === 1 ? 'run' : 'runs'} listed${c.failures.length === KEPT ? ' (the first ones)' : ''}`}
          </summary>
          {c.failures.length > 0 ? (
            <ul>
              {c.failures.map((f) => (
                <li key={f.run}>
                  <button type="button" onClick={() => openRun(f.link)}>
                    Open run {f.run + 1} in the diagram
                  </button>{' '}
                  <strong>{f.broke}</strong>
                  {f.why ? `: ${f.why}` : ''}
                  {f.schedule.length > 0 ? ` — after: ${f.schedule.map(describeFault).join('; ')}` : ''}
                </li>
              ))}
            </ul>
          ) : null}
        </details>
      ))}
    </section>
  );
}

/** How many failing runs the core keeps per semantics (src/lab/monteCarlo.ts). */
const KEPT = 20;

/** Exactly-once's fault-free cost per record as the records per transaction grow: paid per transaction. */
function TransactionCostTable({ scenario }: { scenario: Scenario }) {
  const refusal = useMemo(() => transactionTableRefusal(scenario), [scenario]);
  const rows = useMemo(
    () => (refusal ? [] : transactionCostRows(transactionCosts(scenario))),
    [scenario, refusal],
  );
  if (refusal) return <p className="muted">No transaction cost table: {refusal}</p>;
  return (
    <TextTable
      label="Transaction cost table"
      caption="Exactly-once with no fault: the transaction's cost is per transaction, not per record"
      rows={rows}
    />
  );
}

/** A table of text, header row first, each row named by its first cell. */
function TextTable({ label, caption, rows }: { label: string; caption: string; rows: string[][] }) {
  const [header = [], ...body] = rows;
  return (
    // Focusable, so the keyboard can scroll the table sideways on a phone.
    <div className="lab-table-scroll" tabIndex={0} role="region" aria-label={label}>
      <table className="lab-table">
        <caption>{caption}</caption>
        <thead>
          <tr>
            {header.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {body.map((row) => (
            <tr key={row[0]}>
              {row.map((cell, k) =>
                k === 0 ? (
                  <th key={k} scope="row">
                    {cell}
                  </th>
                ) : (
                  <td key={k}>{cell}</td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
