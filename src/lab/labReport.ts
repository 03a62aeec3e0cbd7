import {
  SCENARIO_FORMAT,
  SCENARIO_VERSION,
  documentedTopology,
  type Scenario,
  type ScenarioDocument,
} from '../scenarios/types.ts';
import { runLinkHash } from '../share/runLink.ts';
import type { Schedule } from './faults.ts';
import { METRICS, type FaultModel, type Metric, type RangeResult } from './monteCarlo.ts';
import { scheduleWithSteps } from './schedule.ts';
import { failureWhy } from './failureWhy.ts';
import { labConfigLabel, type LabConfig } from './variants.ts';
import { wilson, type Rate } from './wilson.ts';

/** One configuration's lab results: rates with their 95 % intervals, cost distributions, failing runs. */
export interface ConfigReport {
  semantics: LabConfig;
  label: string;
  runs: number;
  lost: Rate;
  /** A duplicate in any layer; then each layer apart, as the verdict card says them. */
  duplicated: Rate;
  duplicatedInLog: Rate;
  reprocessed: Rate;
  effectRepeated: Rate;
  reordered: Rate;
  /** Runs that never came to rest (a livelock of the model): left out of the rates' verdicts. */
  restless: number;
  /** Per metric: mean, median, 95th percentile, maximum, and per record (the workload's size). */
  costs: Record<Metric, Distribution>;
  /** The first failing runs, each with what broke, its schedule and a link that opens it. */
  failures: { run: number; broke: string; why: string; schedule: Schedule; link: string }[];
}

export interface Distribution {
  mean: number;
  p50: number;
  p95: number;
  max: number;
  perRecord: number;
  /** Every run's value, in run order (the charts draw them). */
  values: number[];
}

export interface LabReport {
  scenario: string;
  records: number;
  runs: number;
  seed: number;
  model: FaultModel;
  configs: ConfigReport[];
}

/** The variant as a document, so that a link can carry it (it is no built-in scenario). */
export function documentOf(s: Scenario): ScenarioDocument {
  return {
    format: SCENARIO_FORMAT,
    version: SCENARIO_VERSION,
    id: s.id,
    title: s.title,
    chapter: s.chapter,
    description: s.description,
    pipeline: s.pipeline,
    config: s.configInput,
    ...documentedTopology(s),
    ...(s.faults?.length ? { faults: s.faults } : {}),
  };
}

function distribution(values: number[], records: number): Distribution {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
  return {
    mean,
    p50: at(0.5),
    p95: at(0.95),
    max: sorted[sorted.length - 1] ?? 0,
    perRecord: mean / records,
    values,
  };
}

export function configReport(variant: Scenario, semantics: LabConfig, merged: RangeResult): ConfigReport {
  const { results } = merged;
  const count = (f: (r: (typeof results)[number]) => boolean) => results.filter(f).length;
  const runs = results.length;
  const records = variant.workload.records.length;
  const costs = Object.fromEntries(
    METRICS.map((m) => [
      m,
      distribution(
        results.map((r) => r[m]),
        records,
      ),
    ]),
  ) as Record<Metric, Distribution>;
  const document = documentOf(variant);
  return {
    semantics,
    label: labConfigLabel(semantics),
    runs,
    lost: wilson(
      count((r) => r.lost),
      runs,
    ),
    duplicated: wilson(
      count((r) => r.duplicated),
      runs,
    ),
    duplicatedInLog: wilson(
      count((r) => r.duplicatedInLog),
      runs,
    ),
    reprocessed: wilson(
      count((r) => r.reprocessed),
      runs,
    ),
    effectRepeated: wilson(
      count((r) => r.effectRepeated),
      runs,
    ),
    reordered: wilson(
      count((r) => r.reordered),
      runs,
    ),
    restless: count((r) => r.restless),
    costs,
    failures: merged.failures.map(({ run, choices }) => {
      const r = results[run - merged.from];
      const broke = [
        r?.lost ? 'lost' : '',
        r?.duplicatedInLog ? DUPLICATE_LAYERS.duplicatedInLog : '',
        r?.reprocessed ? DUPLICATE_LAYERS.reprocessed : '',
        r?.effectRepeated ? DUPLICATE_LAYERS.effectRepeated : '',
        r?.reordered ? 'reordered' : '',
      ]
        .filter(Boolean)
        .join(', ');
      // The link opens at the last fault injected: the step where the run went wrong.
      const { schedule, steps } = scheduleWithSteps(variant, choices);
      return {
        run,
        broke,
        why: failureWhy(
          variant,
          choices,
          r?.lost
            ? 'no-loss'
            : r?.duplicatedInLog
              ? 'no-duplicates'
              : r?.reprocessed
                ? 'no-duplicate-delivery'
                : r?.effectRepeated
                  ? 'no-duplicate-effects'
                  : 'order-kept',
        ),
        schedule,
        link: runLinkHash({ v: 1, scenario: document, choices, step: steps.at(-1) ?? choices.length }),
      };
    }),
  };
}

/**
 * A duplicate's layers in words, as the verdict card tells them apart ("in the log: once · read by
 * consumer: 2 times · charge card: 2 times"): only the first is Kafka duplicating a record; exactly-once's
 * reader processing a record again after a crash before its commit is the second and third.
 */
export const DUPLICATE_LAYERS = {
  duplicatedInLog: "twice in the log, as the reader's isolation level reads it",
  reprocessed: 'processed again by the reader',
  effectRepeated: 'effect run again outside Kafka',
} as const;

const pct = (r: Rate) =>
  `${(100 * r.rate).toFixed(2)} % (${(100 * r.low).toFixed(2)}–${(100 * r.high).toFixed(2)})`;
const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));

/** The seeds' comparison table: latency, reliability and resource usage of each semantics. */
export function comparisonRows(report: LabReport): string[][] {
  const header = [
    'semantics',
    'runs',
    'lost (95 % CI)',
    `${DUPLICATE_LAYERS.duplicatedInLog} (95 % CI)`,
    `${DUPLICATE_LAYERS.reprocessed} (95 % CI)`,
    `${DUPLICATE_LAYERS.effectRepeated} (95 % CI)`,
    'reordered (95 % CI)',
    'latency p50 ms',
    'latency p95 ms',
    'round trips / record',
    'bytes / record',
    'log records / record',
    'coordinator requests / record',
  ];
  return [
    header,
    ...report.configs.map((c) => [
      c.label,
      String(c.runs),
      pct(c.lost),
      pct(c.duplicatedInLog),
      pct(c.reprocessed),
      pct(c.effectRepeated),
      pct(c.reordered),
      num(c.costs.latencyMs.p50),
      num(c.costs.latencyMs.p95),
      num(c.costs.roundTrips.perRecord),
      num(c.costs.bytes.perRecord),
      num(c.costs.logRecords.perRecord),
      num(c.costs.coordinatorRequests.perRecord),
    ]),
  ];
}

/** Rows of text, header first, as a Markdown table (one line a row). */
export function markdownTable(rows: readonly string[][]): string[] {
  const [header = [], ...body] = rows;
  const line = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...body.map(line)];
}

/**
 * For each semantics whose duplicates all lie outside the log: a sentence that says so, lest "duplicated"
 * read as Kafka writing a record twice (exactly-once's reader processing a record again after a crash
 * before its commit, its effect outside Kafka running again).
 */
export function duplicateNotes(report: LabReport): string[] {
  return report.configs
    .filter((c) => c.duplicatedInLog.count === 0 && c.duplicated.count > 0)
    .map(
      (c) =>
        `${c.label}: no record was ever twice in the log as its reader reads it; in ${pct(c.reprocessed)} of runs the reader processed a record again (as after a crash between processing and the commit of its offset) and in ${pct(c.effectRepeated)} its effect outside Kafka ran again — where no Kafka transaction reaches.`,
    );
}

export function toMarkdown(report: LabReport): string {
  const m = report.model;
  return [
    `Lab: ${report.scenario}, ${report.runs} runs per semantics, seed ${report.seed}; faults: request loss ${m.requestLoss}, response loss ${m.responseLoss}, broker crash ${m.brokerCrash} per step, crash after processing ${m.processingCrash}, timeout ${m.timeout}.`,
    '',
    ...markdownTable(comparisonRows(report)),
    '',
    ...duplicateNotes(report).flatMap((note) => [note, '']),
  ].join('\n');
}

export function toCsv(report: LabReport): string {
  const cell = (c: string) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return (
    comparisonRows(report)
      .map((row) => row.map(cell).join(','))
      .join('\n') + '\n'
  );
}
