import { describe, expect, it } from 'vitest';
import { histogram } from './histogram.ts';

describe('histogram', () => {
  it('puts every value of every series in one shared bin, whole-number bins for whole numbers', () => {
    const h = histogram([
      [1, 2, 2, 3],
      [3, 3, 5],
    ]);
    expect(h.edges).toEqual([1, 2, 3, 4, 5]);
    expect(h.counts).toEqual([
      [1, 2, 1, 0, 0],
      [0, 0, 2, 0, 1],
    ]);
  });

  it('keeps at most maxBins bins and counts the maximum in the last one', () => {
    const values = Array.from({ length: 101 }, (_, i) => i / 10);
    const h = histogram([values], 10);
    expect(histogram([Array.from({ length: 50 }, (_, i) => i)], 20).edges).toHaveLength(17);
    expect(h.edges).toHaveLength(10);
    expect(h.counts[0]?.reduce((a, b) => a + b, 0)).toBe(101);
    expect(h.counts[0]?.[9]).toBe(11);
  });

  it('has one bin for a constant and none for no values', () => {
    expect(histogram([[4, 4]]).counts).toEqual([[2]]);
    expect(histogram([[]]).edges).toEqual([]);
  });
});
