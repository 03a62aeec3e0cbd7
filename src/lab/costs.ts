import type { Scenario } from '../scenarios/types.ts';
import { markdownTable, type LabReport } from './labReport.ts';
import { naturalPath } from './monteCarlo.ts';
import { presetRefusal, underPreset } from './variants.ts';

/**
 * Why the three semantics cost what they cost, in words and in a table, for the lab's page and CLI.
 *
 * At-most-once as the seeds configure it (acks=1, retries=0, commit before processing) sends exactly
 * what at-least-once sends while nothing fails: one Produce and its answer, one fetch, one OffsetCommit
 * per record. Kafka is the same: the difference is what each does after a fault (at-least-once sends
 * again, at-most-once gives up) and when the producer hears back (acks=all waits for the ISR). Only an
 * acks=0 producer, which never gets a ProduceResponse, saves a round trip when nothing fails. Exactly-once
 * adds InitProducerId, EndTxn and a COMMIT marker per partition — per transaction, not per record.
 */

/** One row of the transaction-size table: exactly-once's fault-free cost per record. */
export interface TransactionCost {
  recordsPerTransaction: number;
  transactions: number;
  roundTrips: number;
  logRecords: number;
  coordinatorRequests: number;
}

/** Records the transaction-size table runs: enough for transactions of 1, 2, 5 and 10 records. */
export const TRANSACTION_TABLE_RECORDS = 10;
export const TRANSACTION_SIZES = [1, 2, 5, 10] as const;

/**
 * Exactly-once's cost per record on the scenario's pipeline, fault-free, with `records` records cut into
 * transactions of each size: the markers, EndTxn and coordinator requests are paid once per transaction.
 */
export function transactionCosts(
  scenario: Scenario,
  records = TRANSACTION_TABLE_RECORDS,
  sizes: readonly number[] = TRANSACTION_SIZES,
): TransactionCost[] {
  const ids = Array.from({ length: records }, (_, i) => `m${i + 1}`);
  return sizes.map((size) => {
    const { faults: _faults, ...plain } = scenario;
    const variant = underPreset(
      { ...plain, workload: { ...scenario.workload, records: ids, transactionSize: size } },
      'exactly-once',
    );
    const { result } = naturalPath(variant);
    return {
      recordsPerTransaction: size,
      transactions: Math.ceil(records / size),
      roundTrips: result.roundTrips / records,
      logRecords: result.logRecords / records,
      coordinatorRequests: result.coordinatorRequests / records,
    };
  });
}

const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));

/** The table as rows of text, header first (the page's table, the CLI's Markdown). */
export function transactionCostRows(costs: readonly TransactionCost[]): string[][] {
  return [
    [
      'records / transaction',
      'transactions',
      'round trips / record',
      'log records / record',
      'coordinator requests / record',
    ],
    ...costs.map((c) => [
      String(c.recordsPerTransaction),
      String(c.transactions),
      num(c.roundTrips),
      num(c.logRecords),
      num(c.coordinatorRequests),
    ]),
  ];
}

/** Sentences under the comparison table that say why the costs differ, with this lab's figures. */
export function costNotes(report: LabReport): string[] {
  const by = new Map(report.configs.map((c) => [c.semantics, c.costs]));
  const amo = by.get('at-most-once');
  const alo = by.get('at-least-once');
  const eos = by.get('exactly-once');
  const notes: string[] = [];
  if (amo && alo) {
    const extra = alo.roundTrips.perRecord - amo.roundTrips.perRecord;
    notes.push(
      extra > 0
        ? `At-least-once costs ${num(extra)} more round trips per record than at-most-once here: it sends again after a lost request or answer (its duplicates add log records too), while at-most-once (retries=0) gives up. With no fault they send the same: one Produce and its answer, one commit per record; only an acks=0 producer, which never hears back, saves a round trip then.`
        : 'At-most-once and at-least-once send the same with no fault — one Produce and its answer, one commit per record, in Kafka as here: at-least-once only costs more when a fault makes it send again (at-most-once, retries=0, gives up). Only an acks=0 producer, which never hears back, saves a round trip.',
    );
  }
  if (eos && alo)
    notes.push(
      `Exactly-once costs ${num(eos.roundTrips.perRecord - alo.roundTrips.perRecord)} more round trips and ${num(eos.logRecords.perRecord - alo.logRecords.perRecord)} more log records per record than at-least-once: InitProducerId, EndTxn and a COMMIT marker in the log, paid once per transaction (the table below varies the records per transaction).`,
    );
  return notes;
}

/**
 * Why the transaction table cannot be made for this scenario (exactly-once does not fit its producer
 * applications), or null when it can.
 */
export const transactionTableRefusal = (scenario: Scenario): string | null =>
  presetRefusal(scenario, 'exactly-once');

/** What the CLI prints under a lab's Markdown table: why the costs differ, and the transaction table. */
export function costsMarkdown(report: LabReport, scenario: Scenario): string {
  const refusal = transactionTableRefusal(scenario);
  return [
    ...costNotes(report).flatMap((note) => [note, '']),
    ...(refusal
      ? [`No transaction cost table: ${refusal}`, '']
      : [
          "Exactly-once with no fault: the transaction's cost is per transaction, not per record.",
          '',
          ...markdownTable(transactionCostRows(transactionCosts(scenario))),
          '',
        ]),
  ].join('\n');
}
