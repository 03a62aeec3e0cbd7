/** Hostile inputs the tests (unit, fuzz and e2e) share: what an attacker would paste into a link. */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';

/**
 * The bomb: after one literal, every code names the entry being defined (code = dictionary
 * size), so each entry is the previous one plus a character and the output grows quadratically.
 */
export function lzBomb(codes: number): string {
  const bits: number[] = [];
  const put = (value: number, width: number) => {
    for (let i = 0; i < width; i++) bits.push((value >> i) & 1);
  };
  put(0, 2); // an 8-bit literal…
  put(65, 8); // …"A"
  let dictSize = 4;
  let numBits = 3;
  let enlargeIn = 4;
  for (let i = 0; i < codes; i++) {
    put(dictSize, numBits);
    dictSize++;
    if (--enlargeIn === 0) {
      enlargeIn = 2 ** numBits;
      numBits++;
    }
  }
  put(2, numBits);
  let out = '';
  for (let i = 0; i < bits.length; i += 6) {
    let v = 0;
    for (let j = 0; j < 6; j++) v = v * 2 + (bits[i + j] ?? 0);
    out += ALPHABET[v];
  }
  return out;
}
