/**
 * Every limit on untrusted input, in one place (README's "Limits" table lists them). Links, scenario
 * files, embed parameters and postMessage `load` come from people who never read them; these caps are
 * checked before any other work, so a hostile input costs at most a bounded, small amount of time and
 * memory and is answered with a sentence, never a frozen or blank page.
 */
export const LIMITS = {
  /** Characters of a link's compressed payload (a long real run is a few tens of KB). */
  linkLength: 500_000,
  /** Characters a link may decompress to: beyond this the decoder stops ("this link is too large"). */
  linkOutput: 1_000_000,
  /** Characters of a scenario file (the CLI checks the file's size before reading it). */
  fileBytes: 1_000_000,
  /** Nesting depth of a document (a scenario is 4 levels deep; a link wraps it in one more). */
  depth: 16,
  /** Values (objects, lists, strings, numbers…) in one document or link. */
  values: 50_000,
  /** Characters of one free-text field: title, description, narration, notes, effect. */
  textLength: 10_000,
  /** Characters of an action id or any other short token. */
  tokenLength: 200,
  /** Entries of a scenario's script. */
  scriptEntries: 1_000,
  /** Choices a run (a link, `--choices`) may hold. */
  choices: 5_000,
  /**
   * Records of a counted workload (`workload.count`): about 19 steps each on the happy path, so the
   * largest is a run of some 57,000 steps — the benchmarks' 50,000 — which opens in seconds, not minutes.
   */
  workloadCount: 3_000,
  /** Characters of a bad value quoted back in an error message. */
  quoted: 80,
  /** Errors listed for one document (the first ones say what to fix). */
  errors: 20,
} as const;

/** A bad value, briefly: at most LIMITS.quoted characters of it, whatever its size. */
export function quote(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (typeof value === 'string') {
    const cut = value.length > LIMITS.quoted ? `${value.slice(0, LIMITS.quoted)}…` : value;
    return JSON.stringify(cut);
  }
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object' && value !== null) return 'an object';
  return clip(String(value));
}

/** A message, cut to a length a notice can show (messages embed names that come from the input). */
export function clip(text: string, max = 4 * LIMITS.quoted): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Names a user may choose (record ids): a simple token, and never a name objects already have. */
const TOKEN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const RESERVED = new Set(['__proto__', 'constructor', 'prototype']);

/** Whether `name` is one objects already have ("__proto__" as a key reaches the prototype, not a field). */
export const isReservedName = (name: string): boolean => RESERVED.has(name);

/** Why `name` cannot be a user-chosen key, or null when it can. */
export function badKey(name: string): string | null {
  if (isReservedName(name)) return `${quote(name)} is a reserved name`;
  if (!TOKEN.test(name))
    return `${quote(name)} is not a simple name (letters, digits, "_", "." and "-", starting with a letter or digit)`;
  return null;
}

export type ShapeProblem =
  { kind: 'depth' } | { kind: 'values' } | { kind: 'text'; path: string; length: number };

/** Where a value sits, as the validators name fields: `script[2].narration`. */
const childPath = (path: string, key: string | number) =>
  typeof key === 'number'
    ? `${path}[${key}]`
    : path === ''
      ? clip(key, LIMITS.quoted)
      : `${path}.${clip(key, LIMITS.quoted)}`;

/**
 * Walks a parsed value without recursion (a 4,000,000-deep list must not overflow the stack) and stops
 * at the first cap it breaks: depth, number of values, or a string longer than any field allows.
 */
export function checkShape(root: unknown): ShapeProblem | null {
  const stack: [unknown, number, string][] = [[root, 1, '']];
  let values = 0;
  while (stack.length > 0) {
    const [value, depth, path] = stack.pop() as [unknown, number, string];
    if (++values > LIMITS.values) return { kind: 'values' };
    if (typeof value === 'string') {
      if (value.length > LIMITS.textLength) return { kind: 'text', path, length: value.length };
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (depth > LIMITS.depth) return { kind: 'depth' };
    const children: [string | number, unknown][] = Array.isArray(value)
      ? (value as unknown[]).map((child, i) => [i, child])
      : Object.entries(value);
    // Checked before pushing: a list of a million items is refused without being walked.
    if (values + children.length > LIMITS.values) return { kind: 'values' };
    for (const [key, child] of children) stack.push([child, depth + 1, childPath(path, key)]);
  }
  return null;
}

/** The sentence for a shape problem; `what` names the input ("The link", "The scenario"). */
export function describeShape(what: string, problem: ShapeProblem): string {
  const count = (n: number) => n.toLocaleString('en');
  switch (problem.kind) {
    case 'depth':
      return `${what} is nested more than ${LIMITS.depth} levels deep.`;
    case 'values':
      return `${what} holds more than ${count(LIMITS.values)} values.`;
    case 'text':
      return `${problem.path === '' ? `${what} holds a text that` : problem.path} is ${count(problem.length)} characters long; a text holds at most ${count(LIMITS.textLength)}.`;
  }
}

/**
 * Nesting depth of JSON text without parsing it, stopping once it passes `max`: the text is checked
 * before JSON.parse builds (and something later walks) a structure deeper than anything needs.
 */
export function jsonDepthExceeds(text: string, max = LIMITS.depth): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
