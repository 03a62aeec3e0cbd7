import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CATALOG } from '../scenarios/catalog.ts';
import { SCENARIOS } from '../scenarios/index.ts';
import { SCENARIO_FORMAT, SCENARIO_VERSION, type ScenarioDocument } from '../scenarios/types.ts';
import {
  formatErrors,
  parseScenarioDocument,
  parseScenarioText,
  type FieldError,
} from './scenarioDocument.ts';
import { LIMITS } from './limits.ts';

const validDocument = (): ScenarioDocument => ({
  format: SCENARIO_FORMAT,
  version: SCENARIO_VERSION,
  id: 'my-lost-ack',
  title: 'A lost ack, retried',
  chapter: 'at-least-once',
  description: 'The ack for m1 is lost; the producer sends m1 again.',
  pipeline: 'produce-consume',
  config: {
    producer: { acks: 'all', 'enable.idempotence': false },
    consumer: { 'enable.auto.commit': false },
  },
  workload: { records: ['m1', 'm2'], consume: true, effect: 'charge card' },
  script: [
    {
      action: 'lose:ProduceResponse',
      narration: 'The ack is lost.',
      tryThis: 'Lose the ack.',
      notes: 'Ask the room what the producer will do now.',
    },
  ],
  notes: 'Start from the config panel: acks=all, idempotence off.',
  expected: { risk: 'duplicates', verdicts: { m1: 'duplicated', m2: 'once' } },
});

/** A valid document with one part replaced (or removed, with undefined), as JSON would carry it. */
function withChange(change: (doc: Record<string, unknown>) => void): unknown {
  const doc = JSON.parse(JSON.stringify(validDocument())) as Record<string, unknown>;
  change(doc);
  return doc;
}

function errorsOf(input: unknown): FieldError[] {
  const result = parseScenarioDocument(input);
  if (result.ok) throw new Error('expected the document to be rejected');
  return result.errors;
}

describe('a counted workload', () => {
  it('lists its records from the pattern, 1…count', () => {
    const result = parseScenarioDocument(
      withChange((d) => {
        d.workload = { count: 3, keyPattern: 'order-{n}' };
        delete d.expected; // its verdicts name m1 and m2
      }),
    );
    if (!result.ok) throw new Error(formatErrors(result.errors));
    expect(result.value.workload).toEqual({
      records: ['order-1', 'order-2', 'order-3'],
      count: 3,
      keyPattern: 'order-{n}',
    });
  });

  it('names records m1, m2… by default, up to the cap', () => {
    const result = parseScenarioDocument(
      withChange((d) => void (d.workload = { count: LIMITS.workloadCount })),
    );
    if (!result.ok) throw new Error(formatErrors(result.errors));
    expect(result.value.workload.records.length).toBe(LIMITS.workloadCount);
    expect(result.value.workload.records.slice(-1)).toEqual([`m${LIMITS.workloadCount}`]);
  });
});

describe('a valid scenario document', () => {
  it('reads back as the same scenario, with Kafka’s defaults applied to its config', () => {
    const doc = validDocument();
    const result = parseScenarioText(JSON.stringify(doc));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const { config, configInput, ...rest } = result.value;
    expect({ ...rest, config: configInput }).toStrictEqual(doc);
    expect(config.producer).toMatchObject({ acks: -1, idempotence: false, retries: 2147483647 });
    expect(config.consumer).toMatchObject({ autoCommit: false, groupId: 'app-group' });
  });

  it('keeps optional fields absent when the document leaves them out', () => {
    const result = parseScenarioDocument(
      withChange((doc) => {
        delete doc.script;
        delete doc.notes;
        delete doc.expected;
        doc.workload = { records: ['m1'] };
      }),
    );
    expect(result.ok && Object.keys(result.value)).toEqual([
      'format',
      'version',
      'id',
      'title',
      'chapter',
      'description',
      'pipeline',
      'workload',
      'configInput',
      'config',
    ]);
  });

  it('every built-in document reads back as the built-in scenario', () => {
    expect(CATALOG.map((doc) => parseScenarioDocument(doc))).toEqual(
      SCENARIOS.map((value) => ({ ok: true, value })),
    );
  });

  it('a byte-order mark before the JSON is tolerated', () => {
    expect(parseScenarioText('\uFEFF' + JSON.stringify(validDocument())).ok).toBe(true);
  });

  it('a record id that objects already use ("__proto__", "constructor"…) is refused by name', () => {
    for (const name of ['__proto__', 'constructor', 'prototype']) {
      const result = parseScenarioDocument(
        JSON.parse(
          JSON.stringify(validDocument())
            .replace('"records":["m1","m2"]', `"records":["${name}"]`)
            .replace('{"m1":"duplicated","m2":"once"}', `{"${name}":"once"}`),
        ),
      );
      expect(result.ok ? [] : result.errors).toContainEqual({
        path: 'workload.records[0]',
        message: `workload.records[0] cannot be a record id: "${name}" is a reserved name`,
      });
    }
  });

  it('a record id must be a simple name', () => {
    const result = parseScenarioDocument({ ...validDocument(), workload: { records: ['m 1'] } });
    expect(result.ok ? '' : result.errors[0]?.message).toMatch(/is not a simple name/);
  });

  it('reads expected.effects, how often each record’s effect ran; a document without it stays valid', () => {
    const doc = JSON.parse(JSON.stringify(validDocument())) as { expected: Record<string, unknown> };
    doc.expected.effects = { m1: 2, m2: 0 };
    const result = parseScenarioDocument(doc);
    expect(result.ok && result.value.expected?.effects).toEqual({ m1: 2, m2: 0 });
    const old = parseScenarioDocument(validDocument());
    expect(old.ok && old.value.expected).toEqual(validDocument().expected);
  });
});

describe('an invalid scenario document: each problem names its field', () => {
  it('text that is not JSON: one error naming the JSON problem and its position', () => {
    const result = parseScenarioText('{ "format": "x", }');
    expect(result).toMatchObject({ ok: false, errors: [{ path: '(file)' }] });
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]?.message).toMatch(/^The file is not valid JSON: .*position \d+/);
  });

  it('JSON that is not an object', () => {
    expect(errorsOf([1, 2])).toEqual([
      { path: '(file)', message: 'A scenario must be a JSON object, got a list of 2' },
    ]);
  });

  it('a newer version: only that is said, since newer files may hold fields this version does not know', () => {
    const errors = errorsOf(
      withChange((doc) => {
        doc.version = 3;
        doc.soundtrack = 'kafka.mp3';
      }),
    );
    expect(errors).toEqual([
      {
        path: 'version',
        message:
          'This scenario was written by a newer version of the playground (version 3; this one reads up to 2)',
      },
    ]);
  });

  it('a version older than any migration reaches', () => {
    expect(errorsOf(withChange((doc) => void (doc.version = 0)))).toEqual([
      {
        path: 'version',
        message: 'version 0 is not a format this playground can read (it reads up to 2)',
      },
    ]);
  });

  it('many problems are all reported at once', () => {
    const errors = errorsOf(
      withChange((doc) => {
        doc.title = 3;
        doc.chapter = 'maybe-once';
        doc.workload = { records: [] };
      }),
    );
    expect(errors.map((e) => e.path)).toEqual(['title', 'chapter', 'workload.records']);
  });

  const cases: Array<[string, (doc: Record<string, unknown>) => void, string, string]> = [
    [
      'wrong format',
      (d) => void (d.format = 'kafka/scenario'),
      'format',
      'format must be "kafka-semantics-playground/scenario", got "kafka/scenario"',
    ],
    ['version not a number', (d) => void (d.version = '1'), 'version', 'version must be a whole number'],
    ['version missing', (d) => void delete d.version, 'version', 'version is missing'],
    [
      'unknown top-level field',
      (d) => void (d.colour = 'blue'),
      'colour',
      '"colour" is not a field of a scenario; the fields are "format", "version"',
    ],
    [
      'id with capitals',
      (d) => void (d.id = 'My Scenario'),
      'id',
      'id must be a non-empty string of lower-case letters, digits and "-", got "My Scenario"',
    ],
    ['empty id', (d) => void (d.id = ''), 'id', 'id must be a non-empty string'],
    ['title missing', (d) => void delete d.title, 'title', 'title is missing; it must be a string'],
    ['description not a string', (d) => void (d.description = ['x']), 'description', 'got a list of 1'],
    ['notes not a string', (d) => void (d.notes = { text: 'x' }), 'notes', 'notes must be a string'],
    [
      "a scripted choice's notes not a string",
      (d) => void ((d.script as Record<string, unknown>[])[0]!.notes = 7),
      'script[0].notes',
      'script[0].notes must be a string, got 7',
    ],
    [
      'unknown chapter',
      (d) => void (d.chapter = 'twice'),
      'chapter',
      'chapter must be one of "at-most-once", "at-least-once", "exactly-once", "beyond", got "twice"',
    ],
    ['unknown pipeline', (d) => void (d.pipeline = 'batch'), 'pipeline', 'pipeline must be one of'],
    ['workload missing', (d) => void delete d.workload, 'workload', 'workload is missing'],
    [
      'no records',
      (d) => void (d.workload = { records: [] }),
      'workload.records',
      'workload.records must be a list of 1 to 20 record ids, got a list of 0',
    ],
    [
      'too many records',
      (d) => void (d.workload = { records: Array.from({ length: 21 }, (_, i) => `m${i}`) }),
      'workload.records',
      'got a list of 21',
    ],
    [
      'a record that is a number',
      (d) => void (d.workload = { records: ['m1', 'm2', 42] }),
      'workload.records[2]',
      'workload.records[2] must be a non-empty string of at most 24 characters, got 42',
    ],
    [
      'a record id too long',
      (d) => void (d.workload = { records: ['m'.repeat(25)] }),
      'workload.records[0]',
      'at most 24 characters',
    ],
    [
      'duplicate records',
      (d) => void (d.workload = { records: ['m1', 'm2', 'm1'] }),
      'workload.records[2]',
      'workload.records[2] repeats "m1"; record ids must be unique',
    ],
    [
      'records and a count',
      (d) => void (d.workload = { records: ['m1'], count: 3 }),
      'workload',
      'workload gives "records" or "count", not both',
    ],
    [
      'a count past the cap',
      (d) => void (d.workload = { count: 3001 }),
      'workload.count',
      'workload.count must be a whole number from 1 to 3000, got 3001',
    ],
    ['a count of zero', (d) => void (d.workload = { count: 0 }), 'workload.count', 'got 0'],
    [
      'a key pattern without {n}',
      (d) => void (d.workload = { count: 2, keyPattern: 'order' }),
      'workload.keyPattern',
      'workload.keyPattern must be a name with "{n}" once',
    ],
    [
      'a key pattern that makes names that are not simple',
      (d) => void (d.workload = { count: 2, keyPattern: 'order {n}' }),
      'workload.keyPattern',
      'workload.keyPattern makes ids that cannot be record ids: "order 1" is not a simple name',
    ],
    [
      'a key pattern without a count',
      (d) => void (d.workload = { records: ['m1'], keyPattern: 'm{n}' }),
      'workload.keyPattern',
      'workload.keyPattern goes with workload.count',
    ],
    ...['__proto__', 'constructor', 'prototype'].map(
      (name): [string, (doc: Record<string, unknown>) => void, string, string] => [
        `group.id ${name}`,
        (d) => void ((d.config as { consumer: Record<string, unknown> }).consumer['group.id'] = name),
        'config.consumer.group.id',
        `Invalid value "${name}" for configuration group.id: a reserved name in this simulator.`,
      ],
    ),
    ...['__proto__', 'constructor', 'prototype'].map(
      (name): [string, (doc: Record<string, unknown>) => void, string, string] => [
        `transactional.id ${name}`,
        (d) =>
          void ((d.config as { producer: Record<string, unknown> }).producer = {
            'enable.idempotence': true,
            'transactional.id': name,
          }),
        'config.producer.transactional.id',
        `Invalid value "${name}" for configuration transactional.id: a reserved name in this simulator.`,
      ],
    ),
    [
      'consume not a boolean',
      (d) => void (d.workload = { records: ['m1'], consume: 'yes' }),
      'workload.consume',
      'workload.consume must be true or false, got "yes"',
    ],
    [
      'secondInstance not a boolean',
      (d) => void (d.workload = { records: ['m1'], secondInstance: 1 }),
      'workload.secondInstance',
      'must be true or false',
    ],
    [
      'transactionSize zero',
      (d) => void (d.workload = { records: ['m1'], transactionSize: 0 }),
      'workload.transactionSize',
      'workload.transactionSize must be a whole number of at least 1, got 0',
    ],
    [
      'transactionSize fractional',
      (d) => void (d.workload = { records: ['m1'], transactionSize: 1.5 }),
      'workload.transactionSize',
      'got 1.5',
    ],
    [
      'effect not a string',
      (d) => void (d.workload = { records: ['m1'], effect: null }),
      'workload.effect',
      'workload.effect must be a string, got null',
    ],
    [
      'unknown workload field',
      (d) => void (d.workload = { records: ['m1'], partitions: 3 }),
      'workload.partitions',
      '"partitions" is not a field of workload',
    ],
    ['script not a list', (d) => void (d.script = {}), 'script', 'script must be a list of scripted choices'],
    [
      'scripted choice without an action',
      (d) => void (d.script = [{ action: 'lose:Produce' }, { action: '' }]),
      'script[1].action',
      'script[1].action must be a non-empty action id',
    ],
    [
      'narration not a string',
      (d) => void (d.script = [{ action: 'lose:Produce', narration: 7 }]),
      'script[0].narration',
      'script[0].narration must be a string, got 7',
    ],
    [
      'unknown field in a scripted choice',
      (d) => void (d.script = [{ action: 'lose:Produce', note: 'x' }]),
      'script[0].note',
      '"note" is not a field of script[0]',
    ],
    [
      'unknown risk',
      (d) => void (d.expected = { risk: 'some' }),
      'expected.risk',
      'expected.risk must be one of "loss", "duplicates", "none", got "some"',
    ],
    [
      'unknown verdict',
      (d) => void (d.expected = { risk: 'none', verdicts: { m1: 'twice' } }),
      'expected.verdicts.m1',
      'expected.verdicts.m1 must be one of "lost", "once", "duplicated"',
    ],
    [
      'a verdict for a record the workload does not have',
      (d) => void (d.expected = { risk: 'none', verdicts: { m9: 'once' } }),
      'expected.verdicts.m9',
      'expected.verdicts.m9 names no record of workload.records (m1, m2)',
    ],
    [
      'an effect count that is not a whole number',
      (d) => void (d.expected = { risk: 'duplicates', effects: { m1: 'twice' } }),
      'expected.effects.m1',
      'expected.effects.m1 must be a whole number of at least 0 (how many times the effect ran), got "twice"',
    ],
    [
      'an effect count for a record the workload does not have',
      (d) => void (d.expected = { risk: 'none', effects: { m9: 1 } }),
      'expected.effects.m9',
      'expected.effects.m9 names no record of workload.records (m1, m2)',
    ],
    ['config missing', (d) => void delete d.config, 'config', 'config is missing'],
    [
      'idempotence asked for with acks=1: Kafka’s own message',
      (d) => void (d.config = { producer: { 'enable.idempotence': true, acks: '1' } }),
      'config.producer.acks',
      'config.producer.acks: Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.',
    ],
    [
      'unknown config key',
      (d) => void (d.config = { producer: { 'batch.size': 16384 } }),
      'config.producer.batch.size',
      'Unknown producer config "batch.size"',
    ],
    [
      'unknown config section',
      (d) => void (d.config = { tuning: {} }),
      'config.tuning',
      'Unknown config section "tuning"',
    ],
    [
      'config value of the wrong type',
      (d) => void (d.config = { consumer: { 'isolation.level': 'serializable' } }),
      'config.consumer.isolation.level',
      'String must be one of: read_uncommitted, read_committed',
    ],
  ];

  it.each(cases)('%s', (_name, change, path, message) => {
    const errors = errorsOf(withChange(change));
    expect(errors).toContainEqual({ path, message: expect.stringContaining(message) as string });
  });
});

describe('formatErrors', () => {
  it('puts one problem on each line', () => {
    const errors = errorsOf(withChange((d) => void (d.title = 3)));
    expect(formatErrors([...errors, ...errors])).toBe(
      '  - title must be a string, got 3\n  - title must be a string, got 3',
    );
  });
});

describe('reading never throws', () => {
  it('on any JSON value', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => void parseScenarioDocument(value)));
  });

  it('on any text', () => {
    fc.assert(fc.property(fc.string(), (text) => void parseScenarioText(text)));
  });

  it('on a valid document with any one field replaced by any JSON value', () => {
    const fields = Object.keys(validDocument());
    fc.assert(
      fc.property(fc.constantFrom(...fields), fc.jsonValue(), (field, value) => {
        void parseScenarioDocument(withChange((doc) => void (doc[field] = value)));
      }),
    );
  });
});

describe('a hostile document is answered with a sentence, before any work', () => {
  it('a scripted choice that is never offered is an error naming its entry, when the document is opened', () => {
    const errors = errorsOf(
      withChange(
        (d) => void (d.script = [{ action: 'lose:ProduceResponse' }, { action: 'lose:NoSuchMessage' }]),
      ),
    );
    expect(errors).toEqual([
      {
        path: 'script',
        message: expect.stringMatching(
          /^script\[1\]\.action "lose:NoSuchMessage" is never offered/,
        ) as string,
      },
    ]);
  });

  it('a 20,000,000-character description is refused by its length, not echoed', () => {
    const errors = errorsOf(withChange((d) => void (d.description = 'x'.repeat(20_000_000))));
    expect(errors[0]?.message).toBe(
      'description is 20,000,000 characters long; a text holds at most 10,000.',
    );
    expect(errors[0]?.message.length).toBeLessThan(200);
  });

  it('a text just over the field limit is named by its field', () => {
    const errors = errorsOf(withChange((d) => void (d.title = 'x'.repeat(LIMITS.textLength + 1))));
    expect(errors[0]).toEqual({
      path: 'title',
      message: `title is ${(LIMITS.textLength + 1).toLocaleString('en')} characters long; a text holds at most ${LIMITS.textLength.toLocaleString('en')}.`,
    });
    const inScript = errorsOf(
      withChange((d) => void (d.script = [{ action: 'crash:consumer', notes: 'x'.repeat(10_001) }])),
    );
    expect(inScript[0]?.path).toBe('script[0].notes');
  });

  it('a script longer than the limit is refused without running it', () => {
    const script = Array.from({ length: LIMITS.scriptEntries + 1 }, () => ({ action: 'crash:consumer' }));
    expect(errorsOf(withChange((d) => void (d.script = script)))[0]?.message).toBe(
      `script has ${(LIMITS.scriptEntries + 1).toLocaleString('en')} entries; it holds at most ${LIMITS.scriptEntries.toLocaleString('en')}`,
    );
  });

  it('a 100,000-deep value is refused by its depth, as an object or as text, without recursion', () => {
    let deep: unknown = 'all';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const message = `The scenario is nested more than ${LIMITS.depth} levels deep.`;
    expect(errorsOf(withChange((d) => void (d.config = { producer: { acks: deep } })))[0]?.message).toBe(
      message,
    );
    const text = JSON.stringify(validDocument()).replace(
      '"acks":"all"',
      `"acks":${'['.repeat(100_000)}${']'.repeat(100_000)}`,
    );
    const result = parseScenarioText(text);
    expect(result.ok ? '' : result.errors[0]?.message).toBe(message);
  });

  it('echoes at most 80 characters of a bad value or key, and lists at most 20 problems', () => {
    const key = 'k'.repeat(5_000);
    const errors = errorsOf(
      withChange((d) => {
        d.title = 'x'.repeat(5_000).split('');
        for (let i = 0; i < 100; i++) d[`${key}${i}`] = 1;
      }),
    );
    expect(errors).toHaveLength(LIMITS.errors);
    for (const e of errors) {
      expect(e.message.length).toBeLessThanOrEqual(4 * LIMITS.quoted + 1);
      expect(e.path.length).toBeLessThanOrEqual(LIMITS.quoted + 1);
    }
    expect(errors[0]?.message).toContain(`"${'k'.repeat(LIMITS.quoted)}…"`);
  });
});
