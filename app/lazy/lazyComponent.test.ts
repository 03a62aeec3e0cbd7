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
});
