import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import LZString from 'lz-string';
import { decompressBounded } from './boundedLz.ts';
import { lzBomb } from './hostileInputs.fixture.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';

describe('the bounded lz-string decoder', () => {
  it('reads exactly what lz-string writes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 100 }), (text) => {
        const payload = LZString.compressToEncodedURIComponent(text);
        expect(decompressBounded(payload, 1_000_000)).toStrictEqual({ ok: true, text });
      }),
      { numRuns: 50 },
    );
  });

  it('agrees with lz-string on damaged payloads it can read', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 60 }), (payload) => {
        let theirs: string | null;
        try {
          theirs = LZString.decompressFromEncodedURIComponent(payload) as string | null;
        } catch {
          theirs = null; // lz-string throws on some damage; the decoder calls it damaged instead
        }
        const ours = decompressBounded(payload, 1_000_000);
        if (ours.ok) expect(ours.text).toBe(theirs);
        else expect(ours.reason).toBe('damaged');
      }),
      { numRuns: 500 },
    );
  });

  // lz-string's own decompression of the bomb (4.5 million characters) is the slow part under load.
  it('stops a decompression bomb at the budget, without allocating its output', { timeout: 60_000 }, () => {
    // 3,000 codes would unpack to ~4.5 million characters (quadratic); 149 KB of them took 1.8 GB.
    const bomb = lzBomb(3_000);
    expect(bomb.length).toBeLessThan(6_000);
    expect(LZString.decompressFromEncodedURIComponent(bomb)?.length).toBeGreaterThan(4_000_000);
    expect(decompressBounded(bomb, 1_000_000)).toStrictEqual({ ok: false, reason: 'too-large' });
  });
});
