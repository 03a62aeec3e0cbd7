import { useEffect, useRef } from 'react';
import type { LabReport, Metric } from '../../src/analysis.ts';
import { histogram } from './histogram.ts';

/**
 * The distributions of a lab's costs, one histogram per metric with a line per semantics, drawn with
 * uPlot (about 50 kB, canvas, no dependencies; loaded with its CSS only when a lab has results). Each
 * semantics has its own dash as well as its own colour, and the legend names it.
 */

const CHARTS: { metric: Metric; title: string }[] = [
  { metric: 'latencyMs', title: 'End-to-end latency (ms)' },
  { metric: 'roundTrips', title: 'Round trips' },
  { metric: 'bytes', title: 'Bytes on the wire' },
  { metric: 'logRecords', title: 'Log records (markers included)' },
];

const SERIES_STYLE = [
  { stroke: '#d9480f', dash: [] },
  { stroke: '#1971c2', dash: [8, 4] },
  { stroke: '#2f9e44', dash: [2, 3] },
];

export function LabCharts({ report }: { report: LabReport }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const root = box.current;
    if (!root) return;
    let cancelled = false;
    const charts: { destroy(): void }[] = [];
    void Promise.all([import('uplot'), import('uplot/dist/uPlot.min.css')]).then(([{ default: UPlot }]) => {
      if (cancelled) return;
      const ink = getComputedStyle(root).color;
      for (const { metric, title } of CHARTS) {
        const h = histogram(report.configs.map((c) => c.costs[metric].values));
        const figure = root.querySelector<HTMLElement>(`[data-chart="${metric}"]`);
        if (!figure) continue;
        const axis = { stroke: ink, grid: { stroke: 'rgba(128,128,128,0.25)' }, ticks: { stroke: ink } };
        charts.push(
          new UPlot(
            {
              width: Math.max(240, figure.clientWidth),
              height: 180,
              // A legend naming each series beside its dash; no hover values, which the table gives.
              legend: { live: false },
              scales: { x: { time: false } },
              axes: [axis, { ...axis, label: 'runs' }],
              series: [
                { label: title },
                ...report.configs.map((c, k) => ({
                  label: c.label,
                  width: 2,
                  paths: UPlot.paths.stepped?.({ align: 1 }),
                  ...SERIES_STYLE[k % SERIES_STYLE.length],
                })),
              ],
            },
            [h.edges, ...h.counts],
            figure,
          ),
        );
      }
    });
    return () => {
      cancelled = true;
      charts.forEach((c) => c.destroy());
    };
  }, [report]);
  return (
    <div className="lab-charts" ref={box}>
      {CHARTS.map(({ metric, title }) => (
        <figure key={metric} className="lab-chart">
          <figcaption>{title}</figcaption>
          <div
            data-chart={metric}
            role="img"
            aria-label={`${title}: distribution over ${report.runs} runs per semantics; medians ${report.configs
              .map((c) => `${c.label} ${c.costs[metric].p50}`)
              .join(', ')}`}
          />
        </figure>
      ))}
    </div>
  );
}
