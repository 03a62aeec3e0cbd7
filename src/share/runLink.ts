// lz-string is CommonJS: Node's ESM loader (tsx, the CLI) exposes only its default export, not named ones.
import LZString from 'lz-string';
import type { ScenarioDocument } from '../scenarios/types.ts';
import type { FieldError, ParseResult } from './scenarioDocument.ts';

/**
 * A shareable run: which scenario, the choices made, and how far along the viewer was. A run is replayed
 * from its choices, so this is all a link needs to hold (never machine snapshots).
 *
 * Canonical form in a URL: `#run=1.<payload>`, where `1` is the link format version and `<payload>` is
 * lz-string's URI-safe compression of a compact JSON object. The version sits outside the payload so a
 * later playground can tell an old link from a damaged one before it decompresses anything.
 */

export const RUN_LINK_VERSION = 1;
export const MAX_CHOICES = 10_000;

export interface RunLink {
  v: typeof RUN_LINK_VERSION;
  /** A built-in scenario id, or a whole custom document (unvalidated here: see parseScenarioDocument). */
  scenario: string | ScenarioDocument;
  /** Action ids in the order they were taken. */
  choices: string[];
  /** How many of the choices the viewer had stepped through: 0…choices.length. */
  step: number;
}

/** What the payload holds: one-letter keys, since every character ends up in the address bar. */
interface CompactRunLink {
  s: string | ScenarioDocument;
  c: string[];
  n: number;
}

const HASH_KEY = 'run=';
const LINK = '(link)';
const DAMAGED = 'The link is damaged (it may have been cut off when it was copied).';

/** The `1.<payload>` part of the link. */
export function encodeRunLink(run: RunLink): string {
  const compact: CompactRunLink = { s: run.scenario, c: run.choices, n: run.step };
  return `${RUN_LINK_VERSION}.${LZString.compressToEncodedURIComponent(JSON.stringify(compact))}`;
}

/** The whole URL fragment in canonical form: `#run=1.<payload>`. */
export function runLinkHash(run: RunLink): string {
  return `#${HASH_KEY}${encodeRunLink(run)}`;
}

const failure = (path: string, message: string): { ok: false; errors: FieldError[] } => ({
  ok: false,
  errors: [{ path, message }],
});

/** Accepts `#run=1.x`, `run=1.x`, `#1.x` or `1.x`: people paste whichever part they copied. */
function stripPrefixes(hash: string): string {
  let token = hash.trim();
  if (token.startsWith('#')) token = token.slice(1);
  if (token.startsWith(HASH_KEY)) token = token.slice(HASH_KEY.length);
  // Some mail and chat clients percent-encode the fragment ("$" becomes "%24").
  if (token.includes('%')) {
    try {
      token = decodeURIComponent(token);
    } catch {
      // Not valid percent-encoding: leave it, and let decompression call the link damaged.
    }
  }
  return token;
}

function decompressJson(payload: string): unknown {
  try {
    // lz-string returns null or "" for most bad input, but its typings promise a string and it can throw.
    const text = LZString.decompressFromEncodedURIComponent(payload) as string | null;
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return undefined;
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The offending value, briefly. */
function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (isRecord(value)) return 'an object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  return String(value);
}

/** Unknown keys are ignored: they cannot change what the run replays. */
function readCompact(value: Record<string, unknown>): ParseResult<RunLink> {
  const { s: scenario, c: choices, n: step } = value;
  if (!(typeof scenario === 'string' && scenario !== '') && !isRecord(scenario))
    return failure(
      'scenario',
      `The link's scenario must be a built-in scenario id or a scenario document, got ${describe(scenario)}.`,
    );
  if (!Array.isArray(choices) || choices.length > MAX_CHOICES)
    return failure(
      'choices',
      `The link's choices must be a list of at most ${MAX_CHOICES} action ids, got ${describe(choices)}.`,
    );
  // One bad choice is enough to say the link is wrong; listing thousands would help nobody.
  const bad = choices.findIndex((choice: unknown) => typeof choice !== 'string' || choice === '');
  if (bad >= 0)
    return failure(
      `choices[${bad}]`,
      `The link's choices[${bad}] must be a non-empty action id, got ${describe(choices[bad])}.`,
    );
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 0 || step > choices.length)
    return failure(
      'step',
      `The link's step must be a whole number from 0 to ${choices.length}, got ${describe(step)}.`,
    );
  return {
    ok: true,
    value: { v: RUN_LINK_VERSION, scenario: scenario as string | ScenarioDocument, choices, step },
  };
}

/** Reads a link in any of the accepted shapes; never throws, whatever the string. */
export function decodeRunLink(hash: string): ParseResult<RunLink> {
  const match = /^(\d+)\.(.*)$/s.exec(stripPrefixes(hash));
  if (!match) return failure(LINK, DAMAGED);
  const [, versionText = '', payload = ''] = match;
  const version = Number(versionText);
  if (version > RUN_LINK_VERSION)
    return failure(
      LINK,
      `This link was made by a newer version of the playground (link version ${versionText}; this one reads version ${RUN_LINK_VERSION}). Open it with the latest playground.`,
    );
  if (version !== RUN_LINK_VERSION) return failure(LINK, DAMAGED);
  const compact = decompressJson(payload);
  if (!isRecord(compact)) return failure(LINK, DAMAGED);
  return readCompact(compact);
}
