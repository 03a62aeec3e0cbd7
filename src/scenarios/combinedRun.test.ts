import { describe, expect, it } from 'vitest';
import type { ConsumerContext } from '../machines/consumer.ts';
import { verdictOf } from '../lesson/verdict.ts';
import { parseScenarioDocument } from '../share/scenarioDocument.ts';
import { outcome } from '../sim/ledger.ts';
import { runToRest } from '../sim/run.ts';
import { naturalAction, step } from '../sim/step.ts';
import { createWorld, partOf, type World } from '../sim/world.ts';
import { COMBINED_RUN } from './combinedRun.ts';

/**
 * Issue #11's combined run: three partitions, two producer applications, a group of three. It comes to
 * rest, each member reads the partition the range assignor gave it, and the verdict depends on the
 * isolation level once the shop's first transaction is aborted.
 */

type Isolation = 'read_committed' | 'read_uncommitted';

function combined(isolation: Isolation) {
  const parsed = parseScenarioDocument({
    ...COMBINED_RUN,
    config: {
      ...COMBINED_RUN.config,
      consumer: { ...COMBINED_RUN.config.consumer, 'isolation.level': isolation },
    },
  });
  if (!parsed.ok) throw new Error(parsed.errors.map((e) => e.message).join('; '));
  return parsed.value;
}

const MEMBERS = ['consumer-a', 'consumer-b', 'consumer-c'];
const consumer = (w: World, id: string) => partOf(w, id, 'consumer')?.context as ConsumerContext;
/** Which records each member processed. */
const processedBy = (w: World) =>
  MEMBERS.map((id) =>
    w.steps.flatMap((s) =>
      s.events
        .filter((e) => e.kind === 'app' && e.name === 'process' && e.from === id)
        .map((e) => /process\(([^)]+)\)/.exec(e.summary)?.[1]),
    ),
  );

describe('three partitions, two producers, a group of three (issue #11)', () => {
  it.each<Isolation>(['read_committed', 'read_uncommitted'])(
    '%s: it comes to rest, each member reads its own partition, every record once',
    (isolation) => {
      const w = runToRest(createWorld(combined(isolation)));
      const o = outcome(w);
      expect(w.violations).toEqual([]);
      expect(MEMBERS.map((id) => consumer(w, id).assignment)).toEqual([
        ['orders-0'],
        ['orders-1'],
        ['orders-2'],
      ]);
      // Each member processed exactly the records placed on its partition.
      const placed = (p: string) => o.ledger.filter((r) => r.partition === p).map((r) => r.record);
      expect(processedBy(w).map((ids) => [...ids].sort())).toEqual(
        ['orders-0', 'orders-1', 'orders-2'].map((p) => placed(p).sort()),
      );
      expect(o.partitions.map((p) => [p.partition, p.committedOffsets])).toEqual([
        ['orders-0', { shipping: 4 }],
        ['orders-1', { shipping: 2 }],
        ['orders-2', { shipping: 2 }],
      ]);
      expect(o.ledger.map((r) => r.verdict)).toEqual(Array(6).fill('once'));
      expect(verdictOf(w, o).headline).toBe('Exactly once');
    },
  );

  it.each<[Isolation, string, string[]]>([
    ['read_committed', 'Exactly once', ['once', 'once', 'once', 'once', 'once', 'once']],
    ['read_uncommitted', 'Duplicated', ['duplicated', 'duplicated', 'duplicated', 'once', 'once', 'once']],
  ])('%s, the shop crashing before its commit: the verdict is %s', (isolation, headline, verdicts) => {
    // The shop's three records are in the logs when it crashes, its transaction open: the restarted
    // shop's initTransactions() aborts it and the shop sends m1–m3 again in a new one.
    let w = createWorld(combined(isolation));
    while (naturalAction(w) !== 'app:shop:commitTransaction') w = step(w, naturalAction(w) as string);
    w = runToRest(step(w, 'crash:shop'));
    const o = outcome(w);
    expect(w.violations).toEqual([]);
    expect(o.ledger.filter((r) => r.record.startsWith('m')).map((r) => r.aborted)).toEqual([1, 1, 1]);
    expect(o.ledger.map((r) => r.verdict)).toEqual(verdicts);
    expect(verdictOf(w, o).headline).toBe(headline);
  });
});
