import { verdictOf, type RecordVerdict, type RunVerdict } from '../lesson/verdict.ts';
import { outcome } from '../sim/ledger.ts';
import type { World } from '../sim/world.ts';

/**
 * The guarantees the explorer can search a counterexample for, each read from one layer of the run's
 * verdict (src/lesson/verdict.ts), at rest: the log as the reader's isolation level reads it, what the
 * reader processed, the effects outside Kafka, and the order the reader got.
 */
export const GUARANTEES = {
  'no-loss': 'every record reaches the reader',
  'no-duplicates': "no record is in the log twice as the reader's isolation level reads it (inside Kafka)",
  'no-duplicate-delivery': 'the reader processes no record twice',
  'no-duplicate-effects': "no record's effect outside Kafka runs twice",
  'order-kept': 'the reader gets the records in the order they were sent',
} as const;

export type Guarantee = keyof typeof GUARANTEES;

export const isGuarantee = (name: string): name is Guarantee => Object.hasOwn(GUARANTEES, name);

/** The first record (or the run, for order) that breaks the guarantee in a world at rest, in words; undefined if it holds. */
export function breach(world: World, guarantee: Guarantee): { record?: string; what: string } | undefined {
  const result = outcome(world);
  if (guarantee === 'order-kept')
    return result.summary.outOfOrder ? { what: 'the reader got the records out of order' } : undefined;
  const verdict = verdictOf(world, result);
  const broken = verdict.records.find((r) => breaks(r, guarantee, verdict));
  if (!broken) return undefined;
  const what =
    guarantee === 'no-loss'
      ? `${broken.record} never reached ${verdict.reader}`
      : guarantee === 'no-duplicates'
        ? `a ${verdict.isolation} reader reads ${broken.record} ${visible(broken, verdict.isolation)} times from the log`
        : guarantee === 'no-duplicate-delivery'
          ? `${verdict.reader} processed ${broken.record} ${broken.delivered} times`
          : `${verdict.effect?.label ?? 'the effect'} ran ${broken.effects ?? 0} times for ${broken.record}`;
  return { record: broken.record, what };
}

/**
 * Which layers hold a duplicate in a world at rest, as the verdict card tells them apart: a record twice
 * in the log as the reader's isolation level reads it (inside Kafka), a record the reader processed twice
 * (redelivered to it), and an effect outside Kafka run twice. Exactly-once's reader can process a record
 * again after a crash before its commit while the log holds it once: that is no duplicate inside Kafka.
 */
export interface DuplicateLayers {
  inLog: boolean;
  reprocessed: boolean;
  effectRepeated: boolean;
}

export function duplicateLayers(world: World): DuplicateLayers {
  const verdict = verdictOf(world, outcome(world));
  const any = (g: 'no-duplicates' | 'no-duplicate-delivery' | 'no-duplicate-effects') =>
    verdict.records.some((r) => breaks(r, g, verdict));
  return {
    inLog: any('no-duplicates'),
    reprocessed: any('no-duplicate-delivery'),
    effectRepeated: any('no-duplicate-effects'),
  };
}

const visible = (r: RecordVerdict, isolation: RunVerdict['isolation']) =>
  isolation === 'read_committed' ? r.readCommitted : r.readUncommitted;

function breaks(r: RecordVerdict, guarantee: Exclude<Guarantee, 'order-kept'>, v: RunVerdict): boolean {
  if (guarantee === 'no-loss') return r.status === 'lost';
  if (guarantee === 'no-duplicates') return visible(r, v.isolation) > 1;
  if (guarantee === 'no-duplicate-delivery') return r.delivered > 1;
  return (r.effects ?? 0) > 1;
}
