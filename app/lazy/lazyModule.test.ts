import { describe, expect, it } from 'vitest';
import { lazyModule } from './lazyModule.ts';

describe('lazyModule', () => {
  it('is readable synchronously once loaded, and not before', async () => {
    const code = { answer: 42 };
    const lazy = lazyModule(async () => code);
    expect(lazy.loaded()).toBeUndefined();
    const loading = lazy.preload();
    expect(lazy.loaded()).toBeUndefined();
    await loading;
    expect(lazy.loaded()).toBe(code);
  });

  it('takes code handed over without fetching it', async () => {
    let loads = 0;
    const code = { answer: 42 };
    const lazy = lazyModule(async () => {
      loads++;
      return { answer: 0 };
    });
    lazy.provide(code);
    expect(lazy.loaded()).toBe(code);
    await expect(lazy.preload()).resolves.toBe(code);
    expect(loads).toBe(0);
  });

  it('tries again after a failed fetch instead of keeping the failure', async () => {
    let loads = 0;
    const lazy = lazyModule(async () => {
      loads++;
      if (loads === 1) throw new Error('offline for a moment');
      return { answer: 42 };
    });
    await expect(lazy.preload()).rejects.toThrow('offline for a moment');
    expect(lazy.loaded()).toBeUndefined();
    await expect(lazy.preload()).resolves.toEqual({ answer: 42 });
    expect(loads).toBe(2);
  });
});
