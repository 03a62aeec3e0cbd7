import { describe, expect, it } from 'vitest';
import { exponentialBackoff, seededUnit } from './backoff.ts';

describe('exponentialBackoff (Kafka ExponentialBackoff, KIP-580)', () => {
  it('doubles from retry.backoff.ms up to retry.backoff.max.ms, ±20 %', () => {
    expect([0, 1, 2, 3, 4, 9].map((a) => exponentialBackoff(100, 1000, a, 0.5))).toEqual([
      100, 200, 400, 800, 1000, 1000,
    ]);
    expect(exponentialBackoff(100, 1000, 0, 0)).toBe(80);
    expect(exponentialBackoff(100, 1000, 0, 0.999999)).toBe(119);
    // Jitter never goes past the maximum.
    expect(exponentialBackoff(100, 1000, 3, 0.999999)).toBe(959);
    expect(exponentialBackoff(100, 1000, 4, 0.999999)).toBe(1000);
  });
  it('a maximum below the initial wait is a constant back-off', () => {
    expect(exponentialBackoff(500, 200, 3, 0.9)).toBe(200);
  });
});

describe('seededUnit', () => {
  it('is in [0, 1), the same for the same seed and key, different otherwise', () => {
    const a = seededUnit(7, 'producer:b1:1');
    expect(a).toBeGreaterThanOrEqual(0);
    expect(a).toBeLessThan(1);
    expect(seededUnit(7, 'producer:b1:1')).toBe(a);
    expect(seededUnit(8, 'producer:b1:1')).not.toBe(a);
    expect(seededUnit(7, 'producer:b1:2')).not.toBe(a);
  });
});
