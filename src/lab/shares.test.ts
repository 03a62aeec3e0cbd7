import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitByFirstFault, type FirstFault } from './shares.ts';

const first = (position: number, fault: string): FirstFault => ({ position, fault });

describe("splitting a lab's runs between workers by first fault", () => {
  it('gives the runs that begin with the same fault at the same step to one worker', () => {
    const firstFault = fc.option(
      fc.record({
        position: fc.integer({ min: 0, max: 9 }),
        fault: fc.constantFrom('lose:3', 'crash:broker-1'),
      }),
      { nil: undefined },
    );
    fc.assert(
      fc.property(
        fc.array(firstFault, { maxLength: 80 }),
        fc.integer({ min: 1, max: 4 }),
        (firsts, count) => {
          const share = splitByFirstFault(firsts, 10, count);
          const owner = new Map<string, number>();
          firsts.forEach((f, run) => {
            const mine = share[run] as number;
            expect(mine).toBeGreaterThanOrEqual(0);
            expect(mine).toBeLessThan(count);
            if (!f) return;
            const key = `${f.position}|${f.fault}`;
            expect(owner.get(key) ?? mine).toBe(mine);
            owner.set(key, mine);
          });
        },
      ),
      { seed: 3 },
    );
  });

  it('balances the steps the workers will take', () => {
    // Four groups: an early fault (30 steps left) for 6 runs outweighs three late ones (10 steps left).
    const firsts = [
      ...Array.from({ length: 6 }, () => first(10, 'lose:1')),
      ...Array.from({ length: 6 }, () => first(30, 'lose:5')),
      ...Array.from({ length: 6 }, () => first(30, 'lose:6')),
      ...Array.from({ length: 6 }, () => first(30, 'lose:7')),
      undefined,
      undefined,
    ];
    expect(splitByFirstFault(firsts, 40, 2)).toEqual([
      ...Array.from({ length: 6 }, () => 0),
      ...Array.from({ length: 18 }, () => 1),
      0,
      1,
    ]);
  });
});
