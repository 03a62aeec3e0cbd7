import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import LZString from 'lz-string';
import { SCENARIO_FORMAT, SCENARIO_VERSION, type ScenarioDocument } from '../scenarios/types.ts';
import { lzBomb } from './hostileInputs.fixture.ts';
import { LIMITS } from './limits.ts';
import { decodeRunLink, encodeRunLink, MAX_CHOICES, runLinkHash, type RunLink } from './runLink.ts';

const DAMAGED = 'The link is damaged (it may have been cut off when it was copied).';

const customDocument: ScenarioDocument = {
  format: SCENARIO_FORMAT,
  version: SCENARIO_VERSION,
  id: 'my-run',
  title: 'Mine',
  chapter: 'beyond',
  description: 'A scenario someone wrote.',
  pipeline: 'produce-consume',
  config: { producer: { acks: '1', retries: 0 } },
  workload: { records: ['m1', 'm2', 'm3'] },
};

const KINDS = ['deliver:Produce', 'lose:ProduceResponse', 'app:consumer:poll', 'timer:producer:retry'];
const longRun: RunLink = {
  v: 1,
  scenario: customDocument,
  choices: Array.from({ length: 500 }, (_, i) => `${KINDS[i % KINDS.length] ?? ''}:${i % 7}`),
  step: 250,
};

/** A version-1 link whose payload is any JSON, to reach the field checks. */
const linkWithPayload = (payload: unknown): string =>
  `1.${LZString.compressToEncodedURIComponent(JSON.stringify(payload))}`;

function errorOf(hash: string): { path: string; message: string } | undefined {
  const result = decodeRunLink(hash);
  return result.ok ? undefined : result.errors[0];
}

describe('a run link', () => {
  it('round-trips a built-in scenario with no choices', () => {
    const run: RunLink = { v: 1, scenario: 'alo-producer-ack-lost', choices: [], step: 0 };
    expect(decodeRunLink(encodeRunLink(run))).toStrictEqual({ ok: true, value: run });
  });

  it('round-trips a custom document with 500 choices, compactly', () => {
    const link = encodeRunLink(longRun);
    expect(decodeRunLink(link)).toStrictEqual({ ok: true, value: longRun });
    // 500 choices are ~10 KB of JSON; a link should stay far below the ~2 MB browsers allow in an address.
    expect(link.length).toBeLessThan(JSON.stringify(longRun).length / 3);
  });

  it('is read with or without "#" and "run=", canonically as #run=1.<payload>', () => {
    const token = encodeRunLink(longRun);
    expect(token).toMatch(/^1\.[A-Za-z0-9+\-$]+$/);
    expect(runLinkHash(longRun)).toBe(`#run=${token}`);
    for (const hash of [`#run=${token}`, `run=${token}`, `#${token}`, token, ` #run=${token}\n`])
      expect(decodeRunLink(hash)).toStrictEqual({ ok: true, value: longRun });
  });

  it('survives a mail client percent-encoding it', () => {
    const hash = runLinkHash(longRun).replaceAll('$', '%24').replaceAll('+', '%2B');
    expect(decodeRunLink(hash)).toStrictEqual({ ok: true, value: longRun });
  });
});

describe('a link that cannot be read says why', () => {
  it('a link cut off anywhere is damaged, never a different run', () => {
    const link = encodeRunLink(longRun);
    for (let cut = 0; cut < link.length; cut++) {
      const result = decodeRunLink(link.slice(0, cut));
      if (result.ok) expect(result.value).toStrictEqual(longRun);
      else expect(result.errors).toEqual([{ path: '(link)', message: DAMAGED }]);
    }
    expect(errorOf(link.slice(0, link.length / 2))?.message).toBe(DAMAGED);
  });

  it.each(['', '#', '#run=', 'hello', '1.', '1.!!!!', '1.@@@', '0.N4Ig', '1.N4Ig%E0%A4%A', 'run=1'])(
    'garbage %j is damaged',
    (hash) => {
      expect(decodeRunLink(hash)).toEqual({ ok: false, errors: [{ path: '(link)', message: DAMAGED }] });
    },
  );

  it('a payload that decompresses to something other than an object is damaged', () => {
    expect(errorOf(linkWithPayload(42))?.message).toBe(DAMAGED);
    expect(errorOf(`1.${LZString.compressToEncodedURIComponent('{"s":')}`)?.message).toBe(DAMAGED);
  });

  it('a link from a newer playground says so', () => {
    const link = encodeRunLink(longRun).replace(/^1\./, '2.');
    expect(errorOf(`#run=${link}`)).toEqual({
      path: '(link)',
      message:
        'This link was made by a newer version of the playground (link version 2; this one reads version 1). Open it with the latest playground.',
    });
  });

  it.each<[string, unknown, string, string]>([
    ['scenario missing', { c: [], n: 0 }, 'scenario', "The link's scenario must be"],
    ['scenario a number', { s: 7, c: [], n: 0 }, 'scenario', 'got 7'],
    ['scenario an empty id', { s: '', c: [], n: 0 }, 'scenario', 'got ""'],
    ['scenario a list', { s: [], c: [], n: 0 }, 'scenario', 'got a list of 0'],
    ['choices not a list', { s: 'x', c: 'abc', n: 0 }, 'choices', "The link's choices must be a list"],
    [
      'too many choices',
      { s: 'x', c: Array.from({ length: MAX_CHOICES + 1 }, () => 'a'), n: 0 },
      'choices',
      `at most ${MAX_CHOICES} action ids, got a list of ${MAX_CHOICES + 1}`,
    ],
    ['an empty choice', { s: 'x', c: ['a', ''], n: 0 }, 'choices[1]', "The link's choices[1] must be"],
    ['a choice that is a number', { s: 'x', c: [3], n: 0 }, 'choices[0]', 'got 3'],
    ['step missing', { s: 'x', c: ['a'] }, 'step', 'step must be a whole number from 0 to 1, got nothing'],
    ['step past the choices', { s: 'x', c: ['a'], n: 2 }, 'step', 'from 0 to 1, got 2'],
    ['step negative', { s: 'x', c: [], n: -1 }, 'step', 'got -1'],
    ['step fractional', { s: 'x', c: ['a', 'b'], n: 1.5 }, 'step', 'got 1.5'],
  ])('%s', (_name, payload, path, message) => {
    const error = errorOf(linkWithPayload(payload));
    expect(error?.path).toBe(path);
    expect(error?.message).toContain(message);
  });
});

describe('run link properties', () => {
  const runs = fc
    .array(fc.string({ minLength: 1, unit: fc.constantFrom('grapheme', 'binary') }), { maxLength: 60 })
    .chain((choices) =>
      fc.record({
        v: fc.constant(1 as const),
        scenario: fc.oneof(fc.string({ minLength: 1 }), fc.constant(customDocument)),
        choices: fc.constant(choices),
        step: fc.integer({ min: 0, max: choices.length }),
      }),
    );

  it('any run round-trips exactly', () => {
    fc.assert(
      fc.property(runs, (run) => {
        // fc.record builds null-prototype objects; the decoded link is a plain one.
        expect(decodeRunLink(runLinkHash(run))).toStrictEqual({ ok: true, value: { ...run } });
      }),
    );
  });

  it('decoding never throws, whatever the string', { timeout: 60_000 }, () => {
    const alphabet = fc.constantFrom(...'ABCNgIw4+-$0129xyz'.split(''));
    const strings = fc.oneof(
      fc.string({ unit: 'binary' }),
      fc.string({ unit: alphabet }).map((s) => `1.${s}`),
      fc.string({ unit: alphabet }).map((s) => `#run=1.N4Ig${s}`),
    );
    fc.assert(
      fc.property(strings, (hash) => void decodeRunLink(hash)),
      { numRuns: 2000 },
    );
  });
});

describe('a hostile link is refused before any work', () => {
  const messageOf = (hash: string) => errorOf(hash)?.message ?? '';

  it('a decompression bomb is "too large", within the budget of memory', () => {
    expect(messageOf(`1.${lzBomb(100_000)}`)).toMatch(/^This link is too large/);
  });

  it('a payload longer than the address allows is "too large" without being unpacked', () => {
    expect(messageOf(`1.${'A'.repeat(LIMITS.linkLength + 1)}`)).toMatch(/^This link is too large/);
  });

  it('deep nesting is refused by its depth, before JSON.parse', () => {
    const deep = `1.${LZString.compressToEncodedURIComponent(`{"s":${'['.repeat(100_000)}${']'.repeat(100_000)},"c":[],"n":0}`)}`;
    expect(messageOf(deep)).toBe(`The link is nested more than ${LIMITS.depth} levels deep.`);
  });

  it('a huge string is refused by its length, and never echoed', () => {
    const message = messageOf(linkWithPayload({ s: 'x'.repeat(200_000), c: [], n: 0 }));
    expect(message).toBe(
      'The link holds a text that is 200,000 characters long; a text holds at most 10,000.',
    );
    expect(message.length).toBeLessThan(200);
  });

  it('a long action id is quoted in at most 80 characters', () => {
    const message = messageOf(linkWithPayload({ s: 'x', c: ['deliver:'.padEnd(5_000, '9')], n: 0 }));
    expect(message).toContain('choices[0]');
    expect(message.length).toBeLessThan(200);
  });
});
