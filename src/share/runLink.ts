// lz-string is CommonJS: Node's ESM loader (tsx, the CLI) exposes only its default export, not named ones.
import LZString from 'lz-string';
import type { ScenarioDocument } from '../scenarios/types.ts';
import { decompressBounded } from './boundedLz.ts';
import { checkShape, describeShape, jsonDepthExceeds, LIMITS, quote } from './limits.ts';
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
export const MAX_CHOICES = LIMITS.choices;

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
const TOO_LARGE = `This link is too large: the playground opens links of up to ${LIMITS.linkOutput.toLocaleString('en')} characters once unpacked (${LIMITS.linkLength.toLocaleString('en')} in the address).`;

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

/** The payload as JSON, after the size, unpacked-size and depth checks; or why it is refused. */
function decompressJson(payload: string): { json: unknown } | { refused: string } {
  if (payload.length > LIMITS.linkLength) return { refused: TOO_LARGE };
  const text = decompressBounded(payload, LIMITS.linkOutput);
  if (!text.ok) return { refused: text.reason === 'too-large' ? TOO_LARGE : DAMAGED };
  // Checked on the text, before JSON.parse builds a structure deeper than any link needs.
  if (jsonDepthExceeds(text.text))
    return { refused: `The link is nested more than ${LIMITS.depth} levels deep.` };
  try {
    return { json: JSON.parse(text.text) as unknown };
  } catch {
    return { refused: DAMAGED };
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Unknown keys are ignored: they cannot change what the run replays. */
function readCompact(value: Record<string, unknown>): ParseResult<RunLink> {
  const { s: scenario, c: choices, n: step } = value;
  if (!(typeof scenario === 'string' && scenario !== '') && !isRecord(scenario))
    return failure(
      'scenario',
      `The link's scenario must be a built-in scenario id or a scenario document, got ${quote(scenario)}.`,
    );
  if (!Array.isArray(choices) || choices.length > MAX_CHOICES)
    return failure(
      'choices',
      `The link's choices must be a list of at most ${MAX_CHOICES} action ids, got ${quote(choices)}.`,
    );
  // One bad choice is enough to say the link is wrong; listing thousands would help nobody.
  const bad = choices.findIndex(
    (choice: unknown) => typeof choice !== 'string' || choice === '' || choice.length > LIMITS.tokenLength,
  );
  if (bad >= 0)
    return failure(
      `choices[${bad}]`,
      `The link's choices[${bad}] must be an action id of 1 to ${LIMITS.tokenLength} characters, got ${quote(choices[bad])}.`,
    );
  if (typeof step !== 'number' || !Number.isInteger(step) || step < 0 || step > choices.length)
    return failure(
      'step',
      `The link's step must be a whole number from 0 to ${choices.length}, got ${quote(step)}.`,
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
  const decoded = decompressJson(payload);
  if ('refused' in decoded) return failure(LINK, decoded.refused);
  const compact = decoded.json;
  if (!isRecord(compact)) return failure(LINK, DAMAGED);
  const shape = checkShape(compact);
  // The link's own keys are one letter ("s", "c"): the sentence names the link instead.
  if (shape)
    return failure(LINK, describeShape('The link', shape.kind === 'text' ? { ...shape, path: '' } : shape));
  return readCompact(compact);
}
