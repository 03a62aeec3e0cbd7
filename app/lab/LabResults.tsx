import { comparisonRows, describeFault, toCsv, toMarkdown, type LabReport } from '../../src/index.ts';
import { download } from './download.ts';
import { LabCharts } from './LabCharts.tsx';
import { useOpenRun } from './useOpenRun.ts';

/** A lab's results: the seeds' comparison table (exportable), the cost charts, and every kept failing run. */
export function LabResults({ report, ms }: { report: LabReport; ms: number }) {
  const openRun = useOpenRun();
  const [header = [], ...rows] = comparisonRows(report);
  const file = `lab-${report.scenario}-seed-${report.seed}`;
  return (
    <section className="lab-results" aria-label="Lab results">
      <p className="muted">
        {report.runs.toLocaleString('en')} runs per semantics of {report.scenario}, seed {report.seed}, in{' '}
        {(ms / 1000).toFixed(1)} s.
      </p>
      {/* Focusable, so the keyboard can scroll the table sideways on a phone. */}
      <div className="lab-table-scroll" tabIndex={0} role="region" aria-label="Comparison table">
        <table className="lab-table">
          <caption>
            Latency, reliability and resource usage per semantics (rates with Wilson 95 % intervals)
          </caption>
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
            {rows.map((row) => (
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
                  {f.schedule.length > 0 ? ` after: ${f.schedule.map(describeFault).join('; ')}` : ''}
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
