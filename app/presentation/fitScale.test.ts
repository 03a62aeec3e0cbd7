import { describe, expect, it } from 'vitest';
import { PRESENT_SCALE } from '../state/store.ts';
import { fitPresentScale } from './fitScale.ts';

describe('fitPresentScale', () => {
  it('grows with the screen, in the A−/A+ steps', () => {
    expect([1024, 1280, 1366, 1920, 2560, 3840].map(fitPresentScale)).toEqual([1, 1, 1.25, 1.75, 2.25, 2.5]);
  });

  it('stays within the scale’s bounds', () => {
    expect(fitPresentScale(0)).toBe(PRESENT_SCALE.min);
    expect(fitPresentScale(100_000)).toBe(PRESENT_SCALE.max);
  });
});
