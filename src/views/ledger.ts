/**
 * The ledger panel's content: one row per record (its verdict, where its copies sit, how often it was
 * sent, processed and had effects) and the run's summary (mode, guarantee, risk, cost). It joins the
 * outcome, the verdict and the delivery semantics, so the panel only lays them out.
 */
import { deliverySemantics } from '../lesson/semantics.ts';
import { verdictOf } from '../lesson/verdict.ts';
import type { Outcome, RunSummary, Verdict } from '../sim/ledger.ts';
import type { World } from '../sim/world.ts';

export interface LedgerRowView {
  record: string;
  verdict: Verdict;
  /** Not read yet while the run still moves: shown as "not delivered yet", not as lost. */
  pending: boolean;
  outOfOrder: boolean;
  /** Offsets of its copies in the log the reader reads. */
  offsets: number[];
  /** On a topic with several partitions: the partition those offsets are in. */
  partition?: string;
  attempts: number;
  processed: number;
  effects: number;
}

export interface LedgerView {
  /** No natural step is left: the counts are final, and the headers say "Verdict", not "so far". */
  atRest: boolean;
  rows: LedgerRowView[];
  summary: {
    mode: string;
    /** What the scenario's configuration guarantees, in words. */
    guarantee: string;
    /** The risk the run shows (so far, before rest). */
    risk: RunSummary['risk'];
    outOfOrder: boolean;
    cost: RunSummary['cost'];
  };
}

/** The ledger of `world`, whose outcome the caller already has (it is cached per world). */
export function ledgerView(world: World, result: Outcome): LedgerView {
  const verdict = verdictOf(world, result);
  return {
    atRest: verdict.atRest,
    rows: result.ledger.map((row, i) => ({
      record: row.record,
      verdict: row.verdict,
      pending: verdict.records[i]?.status === 'not-delivered-yet',
      outOfOrder: row.outOfOrder,
      offsets: row.offsets,
      ...(row.partition ? { partition: row.partition } : {}),
      attempts: row.attempts,
      processed: row.processed,
      effects: row.effects,
    })),
    summary: {
      mode: result.summary.mode,
      guarantee: deliverySemantics(world.scenario).guarantee,
      risk: verdict.risk,
      outOfOrder: result.summary.outOfOrder,
      cost: result.summary.cost,
    },
  };
}
