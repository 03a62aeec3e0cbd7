import { describe, expect, it } from 'vitest';
import { appendTo, countIn, countsOf, emptyList, listHas, listItems } from './grownList.ts';

describe('a grown list shared by the worlds of a run', () => {
  it('appends without changing what an earlier view holds', () => {
    const a = appendTo(emptyList<string>(), ['m1', 'm2']);
    const b = appendTo(a, ['m3']);
    expect(listItems(a)).toEqual(['m1', 'm2']);
    expect(listItems(b)).toEqual(['m1', 'm2', 'm3']);
    expect(listHas(a, 'm3')).toBe(false);
    expect(listHas(b, 'm3')).toBe(true);
    expect(b.backing).toBe(a.backing); // shared, not copied
  });

  it('a fork (a second future of one view) gets its own copy, and neither sees the other', () => {
    const a = appendTo(emptyList<string>(), ['m1']);
    const b = appendTo(a, ['m2']);
    const c = appendTo(a, ['m3', 'm2']);
    expect(listItems(b)).toEqual(['m1', 'm2']);
    expect(listItems(c)).toEqual(['m1', 'm3', 'm2']);
    expect(listHas(b, 'm3')).toBe(false);
    expect(listHas(c, 'm3')).toBe(true);
    expect(listHas(a, 'm2')).toBe(false);
  });

  it('counts an item’s copies up to the view’s length', () => {
    const a = appendTo(emptyList<string>(), ['m1', 'm2', 'm1']);
    const b = appendTo(a, ['m1']);
    expect([countIn(a, 'm1'), countIn(b, 'm1'), countIn(b, 'm2'), countIn(b, 'm3')]).toEqual([2, 3, 1, 0]);
  });

  it('counts every item, first appearance first, leaving out what only a later view appended', () => {
    const a = appendTo(emptyList<string>(), ['m2', 'm1', 'm2']);
    appendTo(a, ['m3']); // a later world's: shares the backing array and its positions
    expect(countsOf(a)).toEqual([
      ['m2', 2],
      ['m1', 1],
    ]);
  });
});
