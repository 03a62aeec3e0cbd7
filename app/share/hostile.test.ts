import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import LZString from 'lz-string';
import { LIMITS, replay, runScenario, scriptProgress } from '../../src/index.ts';
import { compareSemantics } from '../../src/analysis.ts';
import { CATALOG, scenarioById } from '../../src/catalog.ts';
import { decodeRunLink, encodeRunLink, parseScenarioDocument } from '../../src/links.ts';
import { lzBomb } from '../../src/share/hostileInputs.fixture.ts';
import { openRunLink } from './runLinks.ts';

/**
 * The fuzz suite: what an attacker would put in a link or a file. Whatever comes in, reading it never
 * throws, answers within a bounded time, and says what is wrong in a bounded sentence; what is accepted
 * then runs through every pipeline a page runs (replay, script progress, compare) without throwing.
 */

/** The longest sentence a notice may have to show: a message is cut to 4 × LIMITS.quoted (plus "…"). */
const MAX_MESSAGE = 4 * LIMITS.quoted + 1;

const base = CATALOG.find((d) => d.id === 'alo-producer-ack-lost')!;

/** Values an attacker reaches for: huge and odd strings, reserved names, deep nesting, wide lists. */
const hostileString = fc.oneof(
  fc.string(),
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', '', ' ', 'lose:NoSuchMessage'),
  fc.constantFrom('\u000B\u000C\u0000', '\uD800', '\uFFFF', '<script>alert(1)</script>', '&amp;'),
  fc.nat({ max: 30_000 }).map((n) => 'x'.repeat(n)),
);
const deep = fc.nat({ max: 200 }).map((n) => {
  let v: unknown = 'all';
  for (let i = 0; i < n; i++) v = i % 2 ? [v] : { v };
  return v;
});
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  deep,
  fc.jsonValue({ maxDepth: 4 }),
  fc.nat({ max: 60_000 }).map((n) => Array.from({ length: n }, () => 1)),
  fc.dictionary(hostileString, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
);

/** A valid document with one field (at any depth we know) replaced by something hostile. */
const PATHS = [
  ['id'],
  ['title'],
  ['description'],
  ['notes'],
  ['config', 'producer', 'acks'],
  ['config', 'consumer', 'group.id'],
  ['workload', 'records'],
  ['workload', 'records', 0],
  ['workload', 'effect'],
  ['script'],
  ['script', 0, 'action'],
  ['script', 0, 'narration'],
  ['expected', 'verdicts'],
  ['__proto__'],
] as const;
const hostileDocument = fc.tuple(fc.constantFrom(...PATHS), hostileValue).map(([path, value]) => {
  const doc = JSON.parse(JSON.stringify(base)) as Record<string | number, unknown>;
  let at: Record<string | number, unknown> = doc;
  for (const key of path.slice(0, -1)) {
    if (typeof at[key] !== 'object' || at[key] === null) at[key] = {};
    at = at[key] as Record<string | number, unknown>;
  }
  Object.defineProperty(at, path[path.length - 1] as string | number, { value, enumerable: true });
  return doc;
});

function expectBoundedErrors(result: { ok: boolean; errors?: { message: string }[] }) {
  for (const e of result.errors ?? []) expect(e.message.length).toBeLessThanOrEqual(MAX_MESSAGE + 60);
  expect((result.errors ?? []).length).toBeLessThanOrEqual(LIMITS.errors);
}

/** Everything a page does with an accepted run: none of it may throw. */
function runEveryPipeline(hash: string) {
  const opened = openRunLink(hash);
  if (!opened.ok) {
    expect(opened.message.length).toBeLessThan(3 * (MAX_MESSAGE + 2) + 200);
    return;
  }
  const { source, choices } = opened.run;
  const scenario =
    source.kind === 'custom' ? parseScenarioDocument(source.doc) : { ok: true as const, value: undefined };
  if (!scenario.ok || !scenario.value) return;
  const world = replay(scenario.value, choices);
  scriptProgress(world);
  expect(compareSemantics(scenario.value, choices)).toHaveLength(3);
}

describe('fuzz: the link decoder', () => {
  it('never throws and answers every string, including bombs', () => {
    const payloads = fc.oneof(
      fc.string({ maxLength: 200 }),
      fc.nat({ max: 20_000 }).map((n) => `1.${lzBomb(n)}`),
      fc.jsonValue().map((v) => `1.${LZString.compressToEncodedURIComponent(JSON.stringify(v))}`),
    );
    fc.assert(
      fc.property(payloads, (hash) => {
        const result = decodeRunLink(hash);
        expectBoundedErrors(result);
      }),
      { numRuns: 150 },
    );
  }, 60_000);
});

describe('fuzz: the document validator', () => {
  it('never throws on a valid envelope with hostile content, and every message is bounded', () => {
    fc.assert(
      fc.property(hostileDocument, (doc) => {
        const result = parseScenarioDocument(doc);
        expectBoundedErrors(result);
        // What it accepts has passed its own caps.
        if (result.ok) expect(JSON.stringify(doc).length).toBeLessThan(LIMITS.linkOutput);
      }),
      { numRuns: 80 },
    );
  }, 30_000);
});

describe('fuzz: opening a link, end to end', () => {
  it('a link carrying a hostile document or hostile choices opens or explains, and what opens runs everywhere', () => {
    const choices = fc.array(
      fc.oneof(
        hostileString,
        fc.constantFrom(
          'crash:consumer',
          'restart:consumer',
          'lose:ProduceResponse',
          'deliver:1',
          'app:producer:send',
        ),
      ),
      { maxLength: 8 },
    );
    const links = fc
      .tuple(fc.oneof(hostileDocument, fc.constant(base), hostileString), choices)
      .map(
        ([scenario, c]) =>
          `#run=${encodeRunLink({ v: 1, scenario: scenario as string, choices: c, step: c.length })}`,
      );
    fc.assert(fc.property(links, runEveryPipeline), { numRuns: 50 });
  }, 30_000);
});

describe('what a bad link says', () => {
  it('is punctuated once, whether or not the validator ends its sentence itself', () => {
    const never = encodeRunLink({
      v: 1,
      scenario: { ...base, script: [{ action: 'lose:NoSuchMessage' }] } as unknown as string,
      choices: [],
      step: 0,
    });
    const opened = openRunLink(`#run=${never}`);
    expect(opened.ok).toBe(false);
    if (!opened.ok) {
      expect(opened.message).toMatch(/^The scenario in this link is not valid: script\[0\]\.action/);
      expect(opened.message).toMatch(/[^.]\.$/);
    }
  });
});

describe('a link whose run replays only in part', () => {
  it('opens at the last step that replays, keeping those steps, and says which step failed', () => {
    const good = runScenario(scenarioById(base.id)!)
      .steps.slice(0, 3)
      .map((s) => s.action);
    const link = encodeRunLink({
      v: 1,
      scenario: base.id,
      choices: [...good, 'lose:999', 'deliver:1'],
      step: 5,
    });
    const opened = openRunLink(`#run=${link}`);
    expect(opened.ok).toBe(true);
    if (opened.ok) {
      expect(opened.run.choices).toEqual(good);
      expect(opened.run.cursor).toBe(3);
      expect(opened.notice).toMatch(/^This link’s step 4 \("lose:999"\) is not a choice .* opens at step 3/);
    }
  });
});
