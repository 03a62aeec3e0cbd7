import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_MAX_HEIGHT, nextReportedHeight } from './autoHeight.ts';

/** What a host is told for a series of wanted heights. */
function reports(wanted: readonly number[], cap = DEFAULT_MAX_HEIGHT): number[] {
  const out: number[] = [];
  for (const w of wanted) {
    const next = nextReportedHeight(out.at(-1) ?? null, w, cap);
    if (next !== null) out.push(next);
  }
  return out;
}

describe('auto-height reports', () => {
  it('grow with the content to the cap, then stop (the 640 → 7,983 px runaway)', () => {
    expect(reports([640, 772, 960, 1280, 7983])).toEqual([640, 720]);
  });

  it('do not flip between two heights when the frame reflows its content', () => {
    expect(reports([959.4, 960, 959, 960, 959.6, 960], 2000)).toEqual([960]);
  });

  it('follow a larger cap', () => {
    expect(reports([500, 900, 1300], 1200)).toEqual([500, 900, 1200]);
  });

  it('any series of wanted heights gives an increasing series, bounded by the cap, of at most one report per value', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 20_000, noNaN: true }), { maxLength: 200 }),
        fc.integer({ min: 240, max: 4000 }),
        (wanted, cap) => {
          const r = reports(wanted, cap);
          expect(r.length).toBeLessThanOrEqual(wanted.length);
          r.forEach((h, i) => {
            expect(Number.isInteger(h)).toBe(true);
            expect(h).toBeLessThanOrEqual(cap);
            if (i > 0) expect(h).toBeGreaterThan(r[i - 1] ?? 0);
          });
          // Once at the cap, nothing more is said.
          expect(r.indexOf(cap)).toBeGreaterThanOrEqual(r.includes(cap) ? r.length - 1 : -1);
        },
      ),
    );
  });
});
