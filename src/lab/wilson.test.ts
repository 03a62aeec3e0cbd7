import { describe, expect, it } from 'vitest';
import { wilson } from './wilson.ts';

describe('the Wilson score interval', () => {
  it('matches published values', () => {
    // Newcombe (1998), Statistics in Medicine 17, table I: 81/263 → 0.2553–0.3662; 0/10 → 0–0.2775.
    const a = wilson(81, 263);
    expect(a.low).toBeCloseTo(0.2553, 4);
    expect(a.high).toBeCloseTo(0.3662, 4);
    const b = wilson(0, 10);
    expect(b.low).toBe(0);
    expect(b.high).toBeCloseTo(0.2775, 4);
  });

  it('stays inside [0, 1] and around the rate', () => {
    for (const [k, n] of [
      [0, 1],
      [1, 1],
      [5, 5],
      [3, 1000],
      [999, 1000],
    ] as const) {
      const r = wilson(k, n);
      expect(r.low).toBeGreaterThanOrEqual(0);
      expect(r.high).toBeLessThanOrEqual(1);
      expect(r.low).toBeLessThanOrEqual(r.rate);
      expect(r.high).toBeGreaterThanOrEqual(r.rate);
    }
  });
});
