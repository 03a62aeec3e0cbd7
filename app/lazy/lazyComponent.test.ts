import { describe, expect, it } from 'vitest';
import { lazyComponent } from './lazyComponent.ts';

const Panel = () => null;

describe('lazyComponent', () => {
  it('fetches its code once, however often it is preloaded', async () => {
    let loads = 0;
    const lazy = lazyComponent(async () => {
      loads++;
      return Panel;
    });
    await Promise.all([lazy.preload(), lazy.preload()]);
    await lazy.preload();
    expect(loads).toBe(1);
  });

  it('tries again after a failed fetch instead of keeping the failure', async () => {
    let loads = 0;
    const lazy = lazyComponent(async () => {
      loads++;
      if (loads === 1) throw new Error('offline for a moment');
      return Panel;
    });
    await expect(lazy.preload()).rejects.toThrow('offline for a moment');
    await expect(lazy.preload()).resolves.toEqual({ default: Panel });
    expect(loads).toBe(2);
  });
});
