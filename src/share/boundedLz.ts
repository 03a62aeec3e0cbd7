/**
 * lz-string's `decompressFromEncodedURIComponent`, with an output budget. lz-string's own decoder has
 * none: a payload whose every code names the entry being defined ("w + w[0]") grows each entry by one
 * character, so n input characters decompress to ~n² output (a 149 KB link took 1.8 GB). This is the
 * same algorithm (LZW with lz-string's bit packing, read 6 bits per character of its URI-safe alphabet)
 * that stops as soon as the output passes `budget` characters. The dictionary only ever holds prefixes
 * of the output plus one character, so bounding the output bounds the memory too.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$';
const VALUE = new Map([...ALPHABET].map((c, i) => [c, i]));
/** Bits per input character: lz-string's URI-safe alphabet carries 6 (its reset value is 2^5). */
const RESET = 32;

export type LzResult = { ok: true; text: string } | { ok: false; reason: 'damaged' | 'too-large' };

const DAMAGED: LzResult = { ok: false, reason: 'damaged' };
const TOO_LARGE: LzResult = { ok: false, reason: 'too-large' };

/** Reads the payload's bit stream, lowest bit first, as lz-string writes it. */
class BitReader {
  private value: number;
  private position = RESET;
  private index = 1;

  constructor(private readonly input: string) {
    this.value = this.charValue(0);
  }

  /** Whether the reader has gone past the input (lz-string then calls the payload damaged). */
  get exhausted(): boolean {
    return this.index > this.input.length;
  }

  // lz-string reads an unknown character as 0; so does this decoder, to accept exactly what it accepts.
  private charValue(i: number): number {
    return VALUE.get(this.input.charAt(i)) ?? 0;
  }

  read(bits: number): number {
    let result = 0;
    for (let power = 1, n = 0; n < bits; n++, power *= 2) {
      const bit = this.value & this.position;
      this.position >>= 1;
      if (this.position === 0) {
        this.position = RESET;
        this.value = this.charValue(this.index++);
      }
      if (bit > 0) result += power;
    }
    return result;
  }
}

/** Decompresses `payload` (spaces read as "+", as lz-string does), giving up past `budget` characters. */
export function decompressBounded(payload: string, budget: number): LzResult {
  if (payload === '') return DAMAGED;
  const bits = new BitReader(payload.replace(/ /g, '+'));
  // Codes 0, 1 and 2 are commands (an 8-bit literal, a 16-bit literal, the end); entries start at 3.
  const dictionary: string[] = ['', '', ''];
  let numBits = 3;
  let enlargeIn = 4;
  const literal = (code: number): string | undefined =>
    code === 0
      ? String.fromCharCode(bits.read(8))
      : code === 1
        ? String.fromCharCode(bits.read(16))
        : undefined;

  const start = bits.read(2);
  if (start === 2) return { ok: true, text: '' };
  const first = literal(start);
  if (first === undefined) return DAMAGED;
  dictionary.push(first);
  let w = first;
  const output: string[] = [first];
  let size = first.length;
  // One slot is added per code read, and numBits grows each time the dictionary doubles.
  const grow = () => {
    if (--enlargeIn === 0) {
      enlargeIn = 2 ** numBits;
      numBits++;
    }
  };

  for (;;) {
    if (bits.exhausted) return DAMAGED;
    let code = bits.read(numBits);
    if (code === 2) return { ok: true, text: output.join('') };
    const read = literal(code);
    if (read !== undefined) {
      dictionary.push(read);
      code = dictionary.length - 1;
      grow();
    }
    let entry: string;
    if (code < dictionary.length && code > 2) entry = dictionary[code] as string;
    else if (code === dictionary.length) entry = w + w.charAt(0);
    else return DAMAGED;
    size += entry.length;
    if (size > budget) return TOO_LARGE;
    output.push(entry);
    dictionary.push(w + entry.charAt(0));
    grow();
    w = entry;
  }
}
