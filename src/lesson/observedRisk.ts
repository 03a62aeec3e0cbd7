import type { DeliverySemantics, Risk, SemanticsRow } from './semantics.ts';
import { SEMANTICS_TABLE } from './semantics.ts';

/**
 * The risk a run actually showed, beside the one its row of the seeds' table names, and why they differ:
 * a caveat of the configuration when the run showed more, the missing fault when it showed less.
 */

export interface RiskComparison {
  /** The risk the seeds' table names for the run's row. */
  expected: SemanticsRow['risk'];
  /** What the run showed; null until it is at rest (before that nothing is lost yet, only undelivered). */
  observed: Risk | null;
  /** Why `observed` is not `expected`, in plain words; null when they agree or the run is not at rest. */
  reason: string | null;
}

type Kind = 'loss' | 'duplicates';

const kindsOf = (risk: Risk): Kind[] =>
  risk === 'loss and duplicates' ? ['loss', 'duplicates'] : risk === 'none' ? [] : [risk];

export function compareRisk(semantics: DeliverySemantics, observed: Risk, atRest: boolean): RiskComparison {
  const expected = (SEMANTICS_TABLE.find((r) => r.family === semantics.family) as SemanticsRow).risk;
  if (!atRest) return { expected, observed: null, reason: null };
  const want = kindsOf(expected);
  const got = kindsOf(observed);
  const extra = got.filter((k) => !want.includes(k));
  const missing = want.filter((k) => !got.includes(k));
  const reasons = [
    ...extra.map(
      (k) =>
        semantics.caveats.find((c) => c.kind === k)?.text ??
        `This run showed ${k === 'loss' ? 'loss' : 'duplicates'}, which none of the configuration’s caveats explains.`,
    ),
    ...missing.map(
      (k) =>
        `No fault in this run caused ${k === 'loss' ? 'a loss' : 'a duplicate'}: the row says what can happen, not what must.`,
    ),
  ];
  return { expected, observed, reason: reasons.length > 0 ? reasons.join(' ') : null };
}
