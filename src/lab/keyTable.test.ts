import { describe, expect, it } from 'vitest';
import { KeyTable } from './keyTable.ts';

/** A key's halves as worldKey makes them: 53-bit, well mixed. */
const half = (i: number, salt: number) =>
  (Math.imul(i ^ salt, 2654435761) >>> 0) + 4294967296 * ((i * 7 + salt) % 2097152);

describe('KeyTable', () => {
  it('keeps each key once, with the number it was added with, through many growths', () => {
    const table = new KeyTable(4);
    const n = 50_000;
    for (let i = 0; i < n; i++) expect(table.add(half(i, 1), half(i, 2), i)).toBe(true);
    for (let i = 0; i < n; i++) expect(table.add(half(i, 1), half(i, 2), -1)).toBe(false);
    expect(table.size).toBe(n);
    for (let i = 0; i < n; i += 97) expect(table.has(half(i, 1), half(i, 2))).toBe(true);
    expect(table.has(half(n, 1), half(n, 2))).toBe(false);
    // Each key listed once, with the number it was first added with.
    const listed = [...table.entries()];
    expect(listed).toHaveLength(n);
    for (const [a, b, value] of listed) expect([a, b]).toEqual([half(value, 1), half(value, 2)]);
  });

  it('tells apart keys that share a half, and keys in the same slot', () => {
    const table = new KeyTable();
    table.add(5, 1, 10);
    expect(table.has(5, 2)).toBe(false);
    expect(table.add(5, 2, 20)).toBe(true);
    // The same low 32 bits: the same first slot.
    expect(table.add(5 + 4294967296, 1, 30)).toBe(true);
    const numbers = new Map([...table.entries()].map(([a, b, value]) => [`${a}.${b}`, value]));
    expect([numbers.get('5.1'), numbers.get('5.2'), numbers.get(`${5 + 4294967296}.1`)]).toEqual([
      10, 20, 30,
    ]);
    expect(table.has(0, 0)).toBe(false);
    expect(table.add(0, 0)).toBe(true);
    expect(table.has(0, 0)).toBe(true);
  });
});
