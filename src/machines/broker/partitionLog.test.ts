import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LogEntry } from '../../kafka/protocol.ts';
import { PartitionLog } from './partitionLog.ts';

const entry = (offset: number): LogEntry => ({
  offset,
  leaderEpoch: 0,
  kind: 'data',
  producerId: -1,
  producerEpoch: -1,
  sequence: -1,
  transactional: false,
  record: { id: `m${offset}` } as LogEntry['record'],
});

/** A log of `n` entries, appended one by one. */
const grown = (n: number) => PartitionLog.of(Array.from({ length: n }, (_, i) => entry(i)));

describe('a persistent partition log', () => {
  it('reads every offset back, across leaves and levels of the tree', () => {
    const n = 32 * 32 + 32 * 3 + 5; // past a full two-level tree: the root has grown a level
    const log = grown(n);
    expect(log.length).toBe(n);
    for (let i = 0; i < n; i++) expect(log.at(i)?.offset).toBe(i);
    expect([log.at(-1), log.at(n)]).toEqual([undefined, undefined]);
    expect(log.last()?.offset).toBe(n - 1);
    expect(log.slice(1020, 1030).map((e) => e.offset)).toEqual([
      1020, 1021, 1022, 1023, 1024, 1025, 1026, 1027, 1028, 1029,
    ]);
  });

  it('an append leaves the log it came from as it was, and shares its entries', () => {
    const a = grown(100);
    const b = a.append(entry(100));
    const fork = a.append(entry(999));
    expect(a.length).toBe(100);
    expect(a.at(100)).toBeUndefined();
    expect([b.at(100)?.offset, fork.at(100)?.offset]).toEqual([100, 999]);
    for (let i = 0; i < 100; i++) expect(b.at(i)).toBe(a.at(i));
  });

  it('agrees with an array under any appends and truncations, in the shape appends alone would give', () => {
    const op = fc.oneof(
      fc.nat(80).map((n) => ({ append: n })),
      fc.nat(1200).map((n) => ({ truncate: n })),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        let log = PartitionLog.EMPTY;
        let model: LogEntry[] = [];
        for (const o of ops) {
          if ('append' in o)
            for (let i = 0; i < o.append; i++) {
              const e = entry(model.length);
              log = log.append(e);
              model = [...model, e];
            }
          else {
            log = log.truncate(o.truncate);
            model = model.slice(0, o.truncate);
          }
          expect(log.toArray()).toEqual(model);
          // Canonical: a truncated log equals, field by field, one grown to the same length.
          expect(log).toEqual(PartitionLog.of(model));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('is an array to JSON', () => {
    expect(JSON.stringify({ log: grown(3) })).toBe(JSON.stringify({ log: [entry(0), entry(1), entry(2)] }));
  });
});
