/**
 * How a lab's runs are split between workers. Runs share the worlds after the same fault at the same
 * step (stretches.ts); split by run index, every worker stepped its own copy of the stretches most runs
 * share, and two workers did the work of 1.3 rather than 2. Split by first fault, the stretch after a
 * first fault is stepped by one worker, for every run that begins with it.
 */

/** A run's first drawn fault: the action taken at `position` of the natural path instead of the natural one. */
export interface FirstFault {
  position: number;
  fault: string;
}

/**
 * Weighing a first fault's group: a run's later faults fork stretches of their own, so the group costs
 * about the steps left after its fault, once for the stretch the fault makes and once for every four
 * of its runs (a quarter of exactly-once's runs with a first fault draw a second one). Measured on
 * exactly-once's one-record lab, 10,000 runs: the two shares step 18,480 and 18,185 worlds (by runs
 * alone, without the steps left: 16,747 and 19,829).
 */
const RUNS_PER_STRETCH = 4;

/**
 * The share (0 … count-1) of each run, from its first fault on a natural path of `pathLength` worlds:
 * each group of runs with the same first fault at the same step goes to one share, heaviest groups
 * first, each to the lightest share so far; runs without a fault (the natural path's result, nothing to
 * step) go round in turn. The same first faults give the same split, so every worker computes it alone
 * and they agree.
 */
export function splitByFirstFault(
  firsts: readonly (FirstFault | undefined)[],
  pathLength: number,
  count: number,
): number[] {
  const groups = new Map<string, { runs: number[]; left: number }>();
  for (const [run, first] of firsts.entries()) {
    if (!first) continue;
    const key = `${first.position}|${first.fault}`;
    const group = groups.get(key);
    if (group) group.runs.push(run);
    else groups.set(key, { runs: [run], left: pathLength - first.position });
  }
  const weight = ({ runs, left }: { runs: number[]; left: number }) =>
    left * (RUNS_PER_STRETCH + runs.length);
  const heaviestFirst = [...groups].sort(
    ([keyA, a], [keyB, b]) => weight(b) - weight(a) || (keyA < keyB ? -1 : keyA > keyB ? 1 : 0),
  );
  const share = firsts.map((_, run) => run % count);
  const load = Array.from({ length: count }, () => 0);
  for (const [, group] of heaviestFirst) {
    const lightest = load.indexOf(Math.min(...load));
    load[lightest] = (load[lightest] as number) + weight(group);
    for (const run of group.runs) share[run] = lightest;
  }
  return share;
}
