import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStepProgress, easeInOut, interpolate } from './stepProgress.ts';

/** Animation frames by hand: `frame(now)` runs what was requested, with that timestamp. */
let queued = new Map<number, FrameRequestCallback>();
let ids = 0;
const frame = (now: number) => {
  const run = queued;
  queued = new Map();
  for (const cb of run.values()) cb(now);
};
beforeEach(() => {
  queued = new Map();
  vi.stubGlobal('requestAnimationFrame', (cb: FrameRequestCallback) => {
    queued.set(++ids, cb);
    return ids;
  });
  vi.stubGlobal('cancelAnimationFrame', (id: number) => queued.delete(id));
});
afterEach(() => vi.unstubAllGlobals());

describe('a step progress', () => {
  it('tweens 0 → 1 over the duration, eased, telling its subscribers each frame, then asks for no more frames', () => {
    const p = createStepProgress(1);
    const seen: number[] = [];
    p.subscribe((v) => seen.push(v));
    p.play(100);
    expect(p.get()).toBe(0);
    frame(1000); // the first frame starts the clock
    frame(1025);
    expect(p.get()).toBeCloseTo(easeInOut(0.25));
    frame(1050);
    expect(p.get()).toBeCloseTo(0.5);
    frame(1100);
    expect(p.get()).toBe(1);
    expect(queued.size).toBe(0);
    expect(seen).toEqual([0, easeInOut(0.25), 0.5, 1]);
  });

  it('tells its subscribers nothing when the value does not change', () => {
    const p = createStepProgress(1);
    const seen: number[] = [];
    p.subscribe((v) => seen.push(v));
    p.jump(1);
    p.play(100);
    frame(1000); // the first frame is at 0 still: what play() already drew
    p.jump(0.5);
    p.jump(0.5);
    expect(seen).toEqual([0, 0.5]);
  });

  it('stops where it is when its tween is stopped, and jump() stops a tween too', () => {
    const p = createStepProgress(1);
    const stop = p.play(100);
    frame(0);
    frame(50);
    stop();
    frame(100);
    expect(p.get()).toBeCloseTo(0.5);
    p.play(100);
    frame(0);
    p.jump(1);
    expect(queued.size).toBe(0);
    expect(p.get()).toBe(1);
  });

  it("does not let a stale tween's stop cut the next one short", () => {
    const p = createStepProgress(1);
    const first = p.play(100);
    frame(0);
    p.play(100);
    first();
    frame(10);
    frame(110);
    expect(p.get()).toBe(1);
  });

  it('stops telling a subscriber that unsubscribed', () => {
    const p = createStepProgress(1);
    const seen: number[] = [];
    const off = p.subscribe((v) => seen.push(v));
    p.jump(0.5);
    off();
    p.jump(1);
    expect(seen).toEqual([0.5]);
  });
});

describe('easing and interpolation', () => {
  it('eases in and out: symmetric, slow at both ends', () => {
    expect(easeInOut(0)).toBe(0);
    expect(easeInOut(1)).toBe(1);
    expect(easeInOut(0.5)).toBeCloseTo(0.5);
    expect(easeInOut(0.1)).toBeLessThan(0.1);
    expect(easeInOut(0.9)).toBeGreaterThan(0.9);
    expect(easeInOut(0.3) + easeInOut(0.7)).toBeCloseTo(1);
  });

  it('maps between stops linearly and clamps outside them', () => {
    expect(interpolate(0.5, [0, 0.85, 1], [1, 1, 0])).toBe(1);
    expect(interpolate(0.925, [0, 0.85, 1], [1, 1, 0])).toBeCloseTo(0.5);
    expect(interpolate(-1, [0, 1], [2, 4])).toBe(2);
    expect(interpolate(2, [0, 1], [2, 4])).toBe(4);
    expect(interpolate(0.25, [0, 1], [2, 4])).toBe(2.5);
  });
});
