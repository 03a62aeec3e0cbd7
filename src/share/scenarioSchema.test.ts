import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOG } from '../scenarios/catalog.ts';
import { parseScenarioDocument } from './scenarioDocument.ts';

/**
 * schema/scenario.schema.json (shipped in the package, so editors validate scenario files) against the
 * parser the playground opens files with: the schema must accept every built-in scenario, know exactly the
 * fields the parser knows, offer only values the parser takes, and refuse what the parser refuses for its
 * shape. A field added to one and not the other turns this red.
 */

type Schema = Record<string, unknown>;
const ROOT = JSON.parse(readFileSync(new URL('../../schema/scenario.schema.json', import.meta.url), 'utf8'));

/** The subset of JSON Schema draft-07 the file uses; an unknown keyword fails loudly so nothing is skipped. */
const KEYWORDS = new Set([
  ...['$schema', '$id', 'title', 'description', 'definitions', '$ref', 'type', 'const', 'enum', 'pattern'],
  ...['minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems', 'uniqueItems', 'items'],
  ...['required', 'properties', 'additionalProperties', 'oneOf', 'anyOf', 'not'],
]);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function typeOk(type: string, v: unknown): boolean {
  switch (type) {
    case 'object':
      return isObject(v);
    case 'array':
      return Array.isArray(v);
    case 'integer':
      return Number.isInteger(v);
    case 'null':
      return v === null;
    default:
      return typeof v === type;
  }
}

function resolve(schema: Schema): Schema {
  const ref = schema.$ref;
  if (typeof ref !== 'string') return schema;
  const target = (ROOT.definitions as Record<string, Schema>)[ref.replace('#/definitions/', '')];
  if (!target) throw new Error(`no definition for ${ref}`);
  return target;
}

/** The paths where `value` breaks `schema` (empty: valid). */
function violations(schemaIn: Schema, value: unknown, path = ''): string[] {
  const s = resolve(schemaIn);
  for (const k of Object.keys(s)) if (!KEYWORDS.has(k)) throw new Error(`unsupported keyword ${k}`);
  const out: string[] = [];
  const fail = (why: string) => out.push(`${path || '(root)'}: ${why}`);
  if (typeof s.type === 'string' && !typeOk(s.type, value)) return [`${path}: not ${s.type}`];
  if ('const' in s && value !== s.const) fail('const');
  if (Array.isArray(s.enum) && !s.enum.includes(value)) fail('enum');
  if (typeof value === 'string') {
    if (typeof s.pattern === 'string' && !new RegExp(s.pattern, 'u').test(value)) fail('pattern');
    if (typeof s.minLength === 'number' && value.length < s.minLength) fail('minLength');
    if (typeof s.maxLength === 'number' && value.length > s.maxLength) fail('maxLength');
  }
  if (typeof value === 'number') {
    if (typeof s.minimum === 'number' && value < s.minimum) fail('minimum');
    if (typeof s.maximum === 'number' && value > s.maximum) fail('maximum');
  }
  if (Array.isArray(value)) {
    if (typeof s.minItems === 'number' && value.length < s.minItems) fail('minItems');
    if (typeof s.maxItems === 'number' && value.length > s.maxItems) fail('maxItems');
    if (s.uniqueItems === true && new Set(value.map((v) => JSON.stringify(v))).size !== value.length)
      fail('uniqueItems');
    if (isObject(s.items))
      value.forEach((v, i) => out.push(...violations(s.items as Schema, v, `${path}[${i}]`)));
  }
  if (isObject(value)) {
    for (const r of (s.required as string[] | undefined) ?? []) if (!(r in value)) fail(`required ${r}`);
    const props = (s.properties ?? {}) as Record<string, Schema>;
    for (const [k, v] of Object.entries(value)) {
      const at = path ? `${path}.${k}` : k;
      const known = Object.hasOwn(props, k) ? props[k] : undefined;
      if (known) out.push(...violations(known, v, at));
      else if (s.additionalProperties === false) out.push(`${at}: not a field`);
      else if (isObject(s.additionalProperties)) out.push(...violations(s.additionalProperties, v, at));
    }
  }
  const passes = (sub: Schema) => violations(sub, value, path).length === 0;
  if (Array.isArray(s.oneOf) && (s.oneOf as Schema[]).filter(passes).length !== 1) fail('oneOf');
  if (Array.isArray(s.anyOf) && !(s.anyOf as Schema[]).some(passes)) fail('anyOf');
  if (isObject(s.not) && passes(s.not)) fail('not');
  return out;
}

const base = () =>
  structuredClone(CATALOG.find((d) => d.id === 'alo-producer-ack-lost')) as unknown as Schema;
const at = (doc: Schema, path: string[]): Schema =>
  path.reduce<Schema>((o, k) => (o[k] ??= {}) as Schema, doc);
const schemaAt = (path: string[]): Schema =>
  path.reduce<Schema>((s, k) => (resolve(s).properties as Record<string, Schema>)[k] ?? {}, ROOT);

/** The fields the parser knows at `path`, as its "not a field" message lists them. */
function parserFields(path: string[]): string[] {
  const doc = base();
  at(doc, path).zzz = 1;
  const result = parseScenarioDocument(doc);
  expect(result.ok).toBe(false);
  const message = result.ok ? '' : result.errors.map((e) => e.message).join('\n');
  const listed = /the fields are (.*)$/m.exec(message)?.[1] ?? /Known: (.*)\.$/m.exec(message)?.[1] ?? '';
  return listed
    .split(', ')
    .map((f) => f.replace(/^"|"$/g, ''))
    .sort();
}

const OBJECTS = [[], ['config'], ['config', 'producer'], ['config', 'consumer'], ['config', 'broker']];
const OBJECTS_ALSO = [['config', 'downstream'], ['workload'], ['climax'], ['expected']];

describe('schema/scenario.schema.json', () => {
  it('accepts every built-in scenario', () => {
    for (const doc of CATALOG) expect(violations(ROOT, doc), doc.id).toEqual([]);
  });

  it.each([...OBJECTS, ...OBJECTS_ALSO].map((p) => [p.join('.') || '(document)', p]))(
    'knows exactly the fields the parser knows in %s',
    (_name, path) => {
      const schemaFields = Object.keys(resolve(schemaAt(path)).properties as object).sort();
      expect(schemaFields).toEqual(parserFields(path));
    },
  );

  it('offers only values the parser takes', () => {
    const walk = (schema: Schema, path: string[]) => {
      const s = resolve(schema);
      if (Array.isArray(s.enum)) {
        for (const value of s.enum) {
          // Without the script, climax and expectations: whether a value changes the story is not the schema's.
          const { script: _s, climax: _c, expected: _e, ...doc } = base();
          at(doc, path.slice(0, -1))[path.at(-1) ?? ''] = value;
          const result = parseScenarioDocument(doc);
          expect(result.ok ? [] : result.errors, `${path.join('.')} = ${JSON.stringify(value)}`).toEqual([]);
        }
      }
      for (const [k, sub] of Object.entries((s.properties ?? {}) as Record<string, Schema>))
        walk(sub, [...path, k]);
    };
    walk(ROOT, []);
  });

  /** The document's script replaced by a fault schedule. */
  const scheduled = (faults: unknown) => (d: Schema) => {
    delete d.script;
    delete d.climax;
    delete d.expected;
    d.faults = faults;
  };
  const LOST_ACK = { kind: 'lose-response', message: 'ProduceResponse', record: 'm1', nth: 1 };

  const shapeMistakes: [string, (doc: Schema) => void][] = [
    ['an unknown field', (d) => (d.colour = 'red')],
    ['a missing title', (d) => delete d.title],
    ['an upper-case id', (d) => (d.id = 'My-Id')],
    ['an unknown chapter', (d) => (d.chapter = 'twice')],
    ['version 3', (d) => (d.version = 3)],
    ['producers and workload.records', (d) => (d.producers = [{ id: 'a', workload: { records: ['p1'] } }])],
    [
      'a producer id in capitals',
      (d) => ((d.producers = [{ id: 'Audit', workload: { records: ['p1'] } }]), (d.workload = {})),
    ],
    ['a topic with 7 partitions', (d) => (d.topics = [{ name: 'orders', partitions: 7 }])],
    [
      'a record pinned to partition 6',
      (d) => (
        (d.producers = [{ id: 'a', workload: { records: [{ id: 'p1', partition: 6 }] } }]),
        (d.workload = {})
      ),
    ],
    [
      'a producer with a keyed record without id',
      (d) => ((d.producers = [{ id: 'a', workload: { records: [{ key: 'k' }] } }]), (d.workload = {})),
    ],
    ['a text too long', (d) => (d.description = 'x'.repeat(10_001))],
    ['21 records', (d) => (d.workload = { records: Array.from({ length: 21 }, (_, i) => `m${i}`) })],
    ['a repeated record', (d) => (d.workload = { records: ['m1', 'm1'] })],
    ['a reserved record id', (d) => (d.workload = { records: ['constructor'] })],
    ['a record id starting with a dot', (d) => (d.workload = { records: ['.m'] })],
    ['records and count', (d) => (d.workload = { records: ['m1'], count: 3 })],
    ['a keyPattern without count', (d) => (d.workload = { records: ['m1'], keyPattern: 'k{n}' })],
    ['a keyPattern without {n}', (d) => (d.workload = { count: 3, keyPattern: 'order' })],
    ['count 3001', (d) => (d.workload = { count: 3001 })],
    ['an empty action', (d) => (d.script = [{ action: '' }])],
    ['acks 2', (d) => (at(d, ['config', 'producer']).acks = 2)],
    ['replication.factor 4', (d) => (at(d, ['config', 'broker'])['replication.factor'] = 4)],
    ['a fractional linger.ms', (d) => (at(d, ['config', 'producer'])['linger.ms'] = 1.5)],
    ['group.id "constructor"', (d) => (at(d, ['config', 'consumer'])['group.id'] = 'constructor')],
    ['a verdict "twice"', (d) => (d.expected = { risk: 'none', verdicts: { m1: 'twice' } })],
    ['a climax without callout', (d) => (d.climax = { at: 'deliver:Produce' })],
    ['a script and faults', (d) => (d.faults = [LOST_ACK])],
    ['faults that are no list', scheduled(LOST_ACK)],
    ['a fault of an unknown kind', scheduled([{ kind: 'drop', message: 'Produce' }])],
    ['a lost response named as a request', scheduled([{ ...LOST_ACK, message: 'Produce' }])],
    ['an unknown message name', scheduled([{ ...LOST_ACK, message: 'ProduceAck' }])],
    ['a fault with nth 0', scheduled([{ ...LOST_ACK, nth: 0 }])],
    ['a crash without a node', scheduled([{ kind: 'crash', after: 'process' }])],
    ['a field of another kind', scheduled([{ kind: 'restart', node: 'consumer', record: 'm1' }])],
    [
      'an unknown retriable error',
      scheduled([{ kind: 'error-response', request: 'Produce', error: 'OOPS' }]),
    ],
  ];

  it.each(shapeMistakes)('refuses %s, as the parser does', (_name, change) => {
    const doc = base();
    change(doc);
    expect(parseScenarioDocument(doc).ok).toBe(false);
    expect(violations(ROOT, doc)).not.toEqual([]);
  });

  it('takes a version-2 document with a topic and producers, as the parser does', () => {
    const { script: _s, climax: _c, expected: _e, ...doc } = base();
    Object.assign(doc, {
      topics: [{ name: 'payments', partitions: 1, replicas: [['broker-2', 'broker-1', 'broker-3']] }],
      producers: [
        {
          id: 'writer',
          config: { 'enable.idempotence': true, 'transactional.id': 'w-1' },
          workload: { records: [{ id: 'p1', key: 'k' }] },
        },
        { id: 'audit', label: 'Audit', workload: { records: ['a1'], transactionSize: 1 } },
      ],
      workload: { effect: 'ship' },
    });
    expect(parseScenarioDocument(doc)).toMatchObject({ ok: true });
    expect(violations(ROOT, doc)).toEqual([]);
  });

  it('takes a fault schedule of every kind, as the parser does', () => {
    const doc = base();
    scheduled([
      LOST_ACK,
      { kind: 'lose-request', message: 'Produce', record: 'm1' },
      { kind: 'hold', message: 'FetchResponse', nth: 2 },
      { kind: 'deliver-early', message: 'Produce' },
      { kind: 'crash', node: 'consumer', after: 'process', record: 'm1', nth: 1 },
      { kind: 'restart', node: 'consumer' },
      { kind: 'timeout', request: 'Produce', node: 'producer', record: 'm1' },
      { kind: 'timer', timer: 'deliveryTimeout', record: 'm1' },
      { kind: 'error-response', request: 'Produce', error: 'NOT_ENOUGH_REPLICAS', nth: 1 },
      { kind: 'call', node: 'consumer', call: 'commitSync' },
      { kind: 'fetch', node: 'broker-2' },
    ])(doc);
    const parsed = parseScenarioDocument(doc);
    expect(parsed.ok ? [] : parsed.errors).toEqual([]);
    expect(violations(ROOT, doc)).toEqual([]);
  });

  it('takes a counted workload with a key pattern, as the parser does', () => {
    const doc = base();
    doc.workload = { count: 40, keyPattern: 'order-{n}' };
    delete doc.expected;
    delete doc.climax;
    expect(parseScenarioDocument(doc).ok).toBe(true);
    expect(violations(ROOT, doc)).toEqual([]);
  });
});
