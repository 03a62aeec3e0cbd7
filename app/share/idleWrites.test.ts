import { describe, expect, it } from 'vitest';
import { CHEAP_MS, idleWrites, MAX_SHARE, type IdleTimers } from './idleWrites.ts';

/** A hand-driven page: `idle()` runs the idle tasks, `advance(ms)` moves the clock and fires due timers. */
function fakePage() {
  let now = 0;
  let idleTasks: (() => void)[] = [];
  let timers: { at: number; task: () => void }[] = [];
  const timersApi: IdleTimers = {
    whenIdle(task) {
      idleTasks.push(task);
      return () => (idleTasks = idleTasks.filter((t) => t !== task));
    },
    after(ms, task) {
      const t = { at: now + ms, task };
      timers.push(t);
      return () => (timers = timers.filter((x) => x !== t));
    },
    now: () => now,
  };
  return {
    timers: timersApi,
    idle() {
      const run = idleTasks;
      idleTasks = [];
      run.forEach((t) => t());
    },
    advance(ms: number) {
      now += ms;
      const due = timers.filter((t) => t.at <= now);
      timers = timers.filter((t) => t.at > now);
      due.forEach((t) => t.task());
    },
    waiting: () => idleTasks.length + timers.length,
  };
}

/** A write that takes `cost()` ms of the fake clock, counted. */
function costlyWrite(page: ReturnType<typeof fakePage>, cost: () => number) {
  const log = { writes: 0 };
  const write = () => {
    log.writes++;
    page.advance(cost());
  };
  return { log, write };
}

describe('writing the link at idle moments', () => {
  it('flush writes a waiting change at once (the user clicked into the address bar) and nothing when none waits', () => {
    const page = fakePage();
    const { log, write } = costlyWrite(page, () => 40);
    const w = idleWrites(write, page.timers);
    for (let i = 0; i < 2; i++) {
      w.schedule();
      page.idle();
    }
    expect(log.writes).toBe(2);
    // Two 40 ms writes hold the next one back for 400 ms: a press now would reach the address bar late.
    w.schedule();
    page.idle();
    expect(log.writes).toBe(2);
    w.flush();
    expect(log.writes).toBe(3);
    expect(page.waiting()).toBe(0);
    w.flush();
    expect(log.writes).toBe(3);
  });

  it('coalesces changes before an idle moment into one write', () => {
    const page = fakePage();
    const { log, write } = costlyWrite(page, () => 1);
    const w = idleWrites(write, page.timers);
    w.schedule();
    w.schedule();
    w.schedule();
    expect(log.writes).toBe(0);
    page.idle();
    expect(log.writes).toBe(1);
    expect(page.waiting()).toBe(0);
  });

  it('writes a cheap link at the first idle moment after every change', () => {
    const page = fakePage();
    const { log, write } = costlyWrite(page, () => CHEAP_MS);
    const w = idleWrites(write, page.timers);
    for (let i = 1; i <= 5; i++) {
      w.schedule();
      page.idle();
      expect(log.writes).toBe(i);
    }
  });

  it("spaces a long run's writes so they take at most MAX_SHARE of the time, however often it changes", () => {
    const page = fakePage();
    const cost = 30;
    const { log, write } = costlyWrite(page, () => cost);
    const w = idleWrites(write, page.timers);
    // A change every 16 ms (autoplay at full speed) for 3 s, the page idle after each.
    for (let t = 0; t < 3000; t += 16) {
      w.schedule();
      page.idle();
      page.advance(16);
    }
    const busy = log.writes * cost;
    expect(busy / 3000).toBeLessThanOrEqual(MAX_SHARE + 0.02);
    expect(log.writes).toBeGreaterThan(5);
    // The last change is written all the same.
    page.advance((10 * cost) / MAX_SHARE);
    page.idle();
    expect(page.waiting()).toBe(0);
  });

  it('holds nothing back for one write that stalled (a GC, a preempted page), nor for the first', () => {
    const page = fakePage();
    // Cheap writes, but the first and the third read 300 ms on the wall clock.
    const costs = [300, 1, 300, 1, 1];
    const { log, write } = costlyWrite(page, () => costs[log.writes - 1] ?? 1);
    const w = idleWrites(write, page.timers);
    for (let i = 1; i <= costs.length; i++) {
      w.schedule();
      page.idle();
      expect(log.writes).toBe(i);
    }
  });

  it('writes nothing once cancelled, waiting or not', () => {
    const page = fakePage();
    const { log, write } = costlyWrite(page, () => 50);
    const w = idleWrites(write, page.timers);
    for (let i = 0; i < 2; i++) {
      w.schedule();
      page.idle();
    }
    w.schedule(); // held back by the costly writes
    page.idle();
    w.cancel();
    page.advance(10_000);
    page.idle();
    expect(log.writes).toBe(2);
    expect(page.waiting()).toBe(0);
  });
});
