import { validateConfig } from '../config/validate.ts';
import { MAX_PARTITIONS, MAX_PRODUCERS, validateTopology } from '../config/producerApplications.ts';
import { MAX_MEMBERS } from '../config/consumerGroups.ts';
import {
  SCENARIO_FORMAT,
  SCENARIO_VERSION,
  type Chapter,
  type Climax,
  type ExpectedOutcome,
  type KeyedRecord,
  type ProducerApplicationDocument,
  type ConsumerGroupDocument,
  type GroupMemberDocument,
  type TopicDocument,
  type Pipeline,
  type Scenario,
  type ScenarioDocument,
  type ScriptedChoice,
  countedRecords,
  DEFAULT_KEY_PATTERN,
  type Workload,
} from '../scenarios/types.ts';
import { checkScript } from '../sim/run.ts';
import { buildTopology } from '../sim/topology.ts';
import { readSchedule } from './scheduleDocument.ts';
import { badKey, checkShape, clip, describeShape, jsonDepthExceeds, LIMITS, quote } from './limits.ts';

/**
 * Reading a scenario document (a file, a pasted text, a link's payload). Every problem is reported with
 * the field it concerns, as a sentence a person can act on; nothing here throws, because the input is
 * whatever someone typed or shared.
 */

export interface FieldError {
  /** Where the problem is, e.g. "workload.records[2]" or "config.producer.acks"; "(file)" for the whole input. */
  path: string;
  /** A sentence that stands on its own: it names the field. */
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

type Json = Record<string, unknown>;
type Verdict = NonNullable<ExpectedOutcome['verdicts']>[string];

/** One step of the format's history: turns a version-`from` document into a version-`from + 1` one. */
interface Migration {
  from: number;
  migrate: (doc: Json) => Json;
}

// A change to ScenarioDocument adds an entry here, so old files still open.
const MIGRATIONS: readonly Migration[] = [
  // Version 2 added the optional `topics` and `producers`: a version-1 document is a version-2 one without them.
  { from: 1, migrate: (doc) => ({ ...doc, version: 2 }) },
];

const MAX_RECORDS = 20;
const MAX_RECORD_LENGTH = 24;
const FILE = '(file)';

// Records keyed by the union make the compiler check these lists against types.ts in both directions.
const CHAPTERS: Record<Chapter, true> = {
  'at-most-once': true,
  'at-least-once': true,
  'exactly-once': true,
  beyond: true,
};
const PIPELINES: Record<Pipeline, true> = { 'produce-consume': true, 'consume-transform-produce': true };
const RISKS: Record<ExpectedOutcome['risk'], true> = { loss: true, duplicates: true, none: true };
const VERDICTS: Record<Verdict, true> = { lost: true, once: true, duplicated: true };
const DOCUMENT_FIELDS: Record<keyof ScenarioDocument, true> = {
  format: true,
  version: true,
  id: true,
  title: true,
  chapter: true,
  description: true,
  pipeline: true,
  config: true,
  workload: true,
  topics: true,
  producers: true,
  groups: true,
  script: true,
  faults: true,
  notes: true,
  climax: true,
  expected: true,
};
const WORKLOAD_FIELDS: Record<keyof Workload, true> = {
  records: true,
  consume: true,
  transactionSize: true,
  secondInstance: true,
  effect: true,
  count: true,
  keyPattern: true,
};
const PRODUCER_FIELDS: Record<keyof ProducerApplicationDocument, true> = {
  id: true,
  label: true,
  config: true,
  workload: true,
};
const PRODUCER_WORKLOAD_FIELDS: Record<keyof ProducerApplicationDocument['workload'], true> = {
  records: true,
  transactionSize: true,
};
const KEYED_RECORD_FIELDS: Record<keyof KeyedRecord, true> = { id: true, key: true, partition: true };
const TOPIC_FIELDS: Record<keyof TopicDocument, true> = { name: true, partitions: true, replicas: true };
const CHOICE_FIELDS: Record<keyof ScriptedChoice, true> = {
  action: true,
  narration: true,
  tryThis: true,
  notes: true,
};
const CLIMAX_FIELDS: Record<keyof Climax, true> = { at: true, callout: true };
const EXPECTED_FIELDS: Record<keyof ExpectedOutcome, true> = { risk: true, verdicts: true, effects: true };

const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// hasOwn, not `in`: a field called "constructor" or "toString" must not pass as known.
const isKey = <K extends string>(allowed: Record<K, true>, value: unknown): value is K =>
  typeof value === 'string' && Object.hasOwn(allowed, value);

const choices = (allowed: Record<string, true>): string =>
  Object.keys(allowed)
    .map((k) => `"${k}"`)
    .join(', ');

function mismatch(path: string, expected: string, value: unknown): FieldError {
  return value === undefined
    ? { path, message: `${path} is missing; it must be ${expected}` }
    : { path, message: `${path} must be ${expected}, got ${quote(value)}` };
}

function reportUnknownFields(errors: FieldError[], value: Json, known: Record<string, true>, at: string) {
  for (const key of Object.keys(value)) {
    if (Object.hasOwn(known, key)) continue;
    const path = at === '' ? clip(key, LIMITS.quoted) : `${at}.${clip(key, LIMITS.quoted)}`;
    const where = at === '' ? 'a scenario' : at;
    errors.push({
      path,
      message: `${quote(key)} is not a field of ${where}; the fields are ${choices(known)}`,
    });
  }
}

/*
 * Readers: each checks one value, reports what is wrong, and returns a placeholder when it is wrong so the
 * rest of the document is still checked. Placeholders never escape: any error fails the whole parse.
 */

function readString(errors: FieldError[], path: string, value: unknown): string {
  if (typeof value === 'string') return value;
  errors.push(mismatch(path, 'a string', value));
  return '';
}

function tooLong(path: string, value: string, max: number): FieldError {
  const count = (n: number) => n.toLocaleString('en');
  return {
    path,
    message: `${path} is ${count(value.length)} characters long; it holds at most ${count(max)}`,
  };
}

function readBoolean(errors: FieldError[], path: string, value: unknown): boolean {
  if (typeof value === 'boolean') return value;
  errors.push(mismatch(path, 'true or false', value));
  return false;
}

function readOneOf<K extends string>(
  errors: FieldError[],
  path: string,
  value: unknown,
  allowed: Record<K, true>,
): K {
  if (isKey(allowed, value)) return value;
  errors.push(mismatch(path, `one of ${choices(allowed)}`, value));
  return Object.keys(allowed)[0] as K;
}

function readId(errors: FieldError[], value: unknown): string {
  if (typeof value === 'string' && /^[a-z0-9-]+$/.test(value)) return value;
  errors.push(mismatch('id', 'a non-empty string of lower-case letters, digits and "-"', value));
  return '';
}

function readRecords(errors: FieldError[], value: unknown, path = 'workload.records'): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_RECORDS) {
    errors.push(mismatch(path, `a list of 1 to ${MAX_RECORDS} record ids`, value));
    return [];
  }
  const before = errors.length;
  const seen = new Set<string>();
  value.forEach((record: unknown, i) => {
    const at = `${path}[${i}]`;
    const reserved = typeof record === 'string' ? badKey(record) : null;
    if (typeof record !== 'string' || record === '' || record.length > MAX_RECORD_LENGTH)
      errors.push(mismatch(at, `a non-empty string of at most ${MAX_RECORD_LENGTH} characters`, record));
    // Record ids key the ledger's per-record figures: "__proto__" or "constructor" would be read as the
    // objects' own machinery, not as a record.
    else if (reserved) errors.push({ path: at, message: `${at} cannot be a record id: ${reserved}` });
    else if (seen.has(record))
      errors.push({ path: at, message: `${at} repeats ${quote(record)}; record ids must be unique` });
    else seen.add(record);
  });
  // Empty when any id is bad, so later checks against the records stay quiet instead of echoing the mistake.
  return errors.length === before ? [...(value as string[])] : [];
}

/** A counted workload's size: a whole number, capped so that its run stays a few seconds long. */
function readCount(errors: FieldError[], value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= LIMITS.workloadCount)
    return value;
  errors.push(mismatch('workload.count', `a whole number from 1 to ${LIMITS.workloadCount}`, value));
  return 0;
}

/** A counted workload's id pattern: `{n}` once, and ids that are simple, non-reserved names. */
function readKeyPattern(errors: FieldError[], value: unknown): string {
  const path = 'workload.keyPattern';
  const expected = `a name with "{n}" once, at most ${MAX_RECORD_LENGTH - 5} characters besides it`;
  if (typeof value !== 'string' || value.split('{n}').length !== 2 || value.length > MAX_RECORD_LENGTH - 2) {
    errors.push(mismatch(path, expected, value));
    return DEFAULT_KEY_PATTERN;
  }
  // Digits are simple names, so the first id stands for all of them.
  const bad = badKey(value.replace('{n}', '1'));
  if (bad) errors.push({ path, message: `${path} makes ids that cannot be record ids: ${bad}` });
  return value;
}

/** `records`, or a long workload's `count` (and `keyPattern`), whose records are listed here. */
function readWorkloadRecords(
  errors: FieldError[],
  value: Json,
): Pick<Workload, 'records' | 'count' | 'keyPattern'> {
  if (value.count === undefined) {
    if (value.keyPattern !== undefined)
      errors.push({ path: 'workload.keyPattern', message: 'workload.keyPattern goes with workload.count' });
    return { records: readRecords(errors, value.records) };
  }
  if (value.records !== undefined) {
    errors.push({ path: 'workload', message: 'workload gives "records" or "count", not both' });
    return { records: [] };
  }
  const before = errors.length;
  const count = readCount(errors, value.count);
  const keyPattern = value.keyPattern === undefined ? undefined : readKeyPattern(errors, value.keyPattern);
  if (errors.length > before) return { records: [] };
  return { records: countedRecords(count, keyPattern), count, ...(keyPattern ? { keyPattern } : {}) };
}

function readTransactionSize(
  errors: FieldError[],
  value: unknown,
  path = 'workload.transactionSize',
): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1) return value;
  errors.push(mismatch(path, 'a whole number of at least 1', value));
  return 1;
}

/** With `producers` the records are theirs: the shared workload says only what the consumer side does. */
function readSharedWorkload(errors: FieldError[], value: Json): Workload {
  for (const key of ['records', 'count', 'keyPattern', 'transactionSize', 'secondInstance'])
    if (value[key] !== undefined)
      errors.push({
        path: `workload.${key}`,
        message: `workload.${key} goes in each producer's own workload when the scenario lists producers`,
      });
  const workload: Workload = { records: [] };
  if (value.consume !== undefined) workload.consume = readBoolean(errors, 'workload.consume', value.consume);
  if (value.effect !== undefined) workload.effect = readString(errors, 'workload.effect', value.effect);
  return workload;
}

function readWorkload(errors: FieldError[], value: unknown, shared: boolean): Workload {
  if (!isRecord(value)) {
    errors.push(
      mismatch(
        'workload',
        shared ? 'an object ({} when the producers hold the records)' : 'an object with "records"',
        value,
      ),
    );
    return { records: [] };
  }
  reportUnknownFields(errors, value, WORKLOAD_FIELDS, 'workload');
  if (shared) return readSharedWorkload(errors, value);
  const workload: Workload = readWorkloadRecords(errors, value);
  if (value.consume !== undefined) workload.consume = readBoolean(errors, 'workload.consume', value.consume);
  if (value.transactionSize !== undefined)
    workload.transactionSize = readTransactionSize(errors, value.transactionSize);
  if (value.secondInstance !== undefined)
    workload.secondInstance = readBoolean(errors, 'workload.secondInstance', value.secondInstance);
  if (value.effect !== undefined) workload.effect = readString(errors, 'workload.effect', value.effect);
  return workload;
}

/**
 * A producer's record: an id, or `{ "id", "key", "partition" }` (the key places it, as the default
 * partitioner does; a partition pins it).
 */
function readProducerRecords(errors: FieldError[], value: unknown, path: string): (string | KeyedRecord)[] {
  if (!Array.isArray(value)) {
    errors.push(mismatch(path, `a list of 1 to ${MAX_RECORDS} records`, value));
    return [];
  }
  const keys: (string | undefined)[] = [];
  const pinned: (number | undefined)[] = [];
  const ids = value.map((item: unknown, i) => {
    if (!isRecord(item)) return item;
    const at = `${path}[${i}]`;
    reportUnknownFields(errors, item, KEYED_RECORD_FIELDS, at);
    if (item.key !== undefined) keys[i] = readString(errors, `${at}.key`, item.key);
    const p = item.partition;
    if (typeof p === 'number' && Number.isInteger(p) && p >= 0 && p < MAX_PARTITIONS) pinned[i] = p;
    else if (p !== undefined)
      errors.push(mismatch(`${at}.partition`, `a whole number from 0 to ${MAX_PARTITIONS - 1}`, p));
    return item.id;
  });
  const records = readRecords(errors, ids, path);
  return records.map((id, i) =>
    keys[i] === undefined && pinned[i] === undefined
      ? id
      : {
          id,
          ...(keys[i] === undefined ? {} : { key: keys[i] }),
          ...(pinned[i] === undefined ? {} : { partition: pinned[i] }),
        },
  );
}

/** A lifeline's id (a producer application's, a group member's): a short lower-case name, or '' and an error. */
function readLifelineId(errors: FieldError[], path: string, value: unknown): string {
  if (typeof value === 'string' && /^[a-z][a-z0-9-]{0,23}$/.test(value)) return value;
  errors.push(
    mismatch(
      path,
      'a name of lower-case letters, digits and "-", starting with a letter, at most 24 characters',
      value,
    ),
  );
  return '';
}

function readProducer(errors: FieldError[], path: string, value: unknown): ProducerApplicationDocument {
  const empty = { id: '', workload: { records: [] } };
  if (!isRecord(value)) {
    errors.push(mismatch(path, 'an object with an "id" and a "workload"', value));
    return empty;
  }
  reportUnknownFields(errors, value, PRODUCER_FIELDS, path);
  const id = readLifelineId(errors, `${path}.id`, value.id);
  const app: ProducerApplicationDocument = { id, workload: { records: [] } };
  if (value.label !== undefined) app.label = readString(errors, `${path}.label`, value.label);
  if (value.config !== undefined) {
    if (isRecord(value.config)) app.config = value.config;
    else errors.push(mismatch(`${path}.config`, 'an object of producer settings', value.config));
  }
  const w = value.workload;
  if (!isRecord(w)) {
    errors.push(mismatch(`${path}.workload`, 'an object with "records"', w));
    return app;
  }
  reportUnknownFields(errors, w, PRODUCER_WORKLOAD_FIELDS, `${path}.workload`);
  app.workload.records = readProducerRecords(errors, w.records, `${path}.workload.records`);
  if (w.transactionSize !== undefined)
    app.workload.transactionSize = readTransactionSize(
      errors,
      w.transactionSize,
      `${path}.workload.transactionSize`,
    );
  return app;
}

function readProducers(errors: FieldError[], value: unknown): ProducerApplicationDocument[] {
  if (!Array.isArray(value) || value.length === 0 || value.length > MAX_PRODUCERS) {
    errors.push(mismatch('producers', `a list of 1 to ${MAX_PRODUCERS} producer applications`, value));
    return [];
  }
  return value.map((item: unknown, i) => readProducer(errors, `producers[${i}]`, item));
}

const GROUP_FIELDS: Record<keyof ConsumerGroupDocument, true> = { id: true, members: true };
const MEMBER_FIELDS: Record<keyof GroupMemberDocument, true> = {
  id: true,
  label: true,
  config: true,
  processingMs: true,
};

function readMember(errors: FieldError[], path: string, value: unknown): GroupMemberDocument {
  if (!isRecord(value)) {
    errors.push(mismatch(path, 'an object with an "id"', value));
    return { id: '' };
  }
  reportUnknownFields(errors, value, MEMBER_FIELDS, path);
  const id = readLifelineId(errors, `${path}.id`, value.id);
  const member: GroupMemberDocument = { id };
  if (value.label !== undefined) member.label = readString(errors, `${path}.label`, value.label);
  if (value.config !== undefined) {
    if (isRecord(value.config)) member.config = value.config;
    else errors.push(mismatch(`${path}.config`, 'an object of consumer settings', value.config));
  }
  if (value.processingMs !== undefined) {
    if (typeof value.processingMs === 'number') member.processingMs = value.processingMs;
    else errors.push(mismatch(`${path}.processingMs`, 'a number of milliseconds', value.processingMs));
  }
  return member;
}

/** `groups`: consumer groups with 1 to MAX_MEMBERS members each. */
function readGroups(errors: FieldError[], value: unknown): ConsumerGroupDocument[] {
  if (!Array.isArray(value) || value.length === 0) {
    errors.push(mismatch('groups', 'a list of consumer groups, each with an "id" and "members"', value));
    return [];
  }
  return value.map((item: unknown, i) => {
    const path = `groups[${i}]`;
    if (!isRecord(item)) {
      errors.push(mismatch(path, 'an object with an "id" and "members"', item));
      return { id: '', members: [] };
    }
    reportUnknownFields(errors, item, GROUP_FIELDS, path);
    const id = readString(errors, `${path}.id`, item.id);
    const members = item.members;
    if (!Array.isArray(members) || members.length === 0 || members.length > MAX_MEMBERS) {
      errors.push(mismatch(`${path}.members`, `a list of 1 to ${MAX_MEMBERS} members`, members));
      return { id, members: [] };
    }
    return { id, members: members.map((m: unknown, j) => readMember(errors, `${path}.members[${j}]`, m)) };
  });
}

function readTopic(errors: FieldError[], path: string, value: unknown): TopicDocument {
  if (!isRecord(value)) {
    errors.push(mismatch(path, 'an object with a "name"', value));
    return { name: '' };
  }
  reportUnknownFields(errors, value, TOPIC_FIELDS, path);
  const name = readString(errors, `${path}.name`, value.name);
  const bad = name === '' ? 'it is empty' : badKey(name);
  if (bad) errors.push({ path: `${path}.name`, message: `${path}.name cannot be a topic name: ${bad}` });
  const topic: TopicDocument = { name };
  const p = value.partitions;
  if (p !== undefined) {
    if (typeof p === 'number' && Number.isInteger(p) && p >= 1 && p <= MAX_PARTITIONS) topic.partitions = p;
    else errors.push(mismatch(`${path}.partitions`, `a whole number from 1 to ${MAX_PARTITIONS}`, p));
  }
  if (value.replicas !== undefined) {
    const ok =
      Array.isArray(value.replicas) &&
      value.replicas.every(
        (l: unknown) => Array.isArray(l) && l.every((b: unknown) => typeof b === 'string'),
      );
    if (ok) topic.replicas = value.replicas as string[][];
    else
      errors.push(
        mismatch(
          `${path}.replicas`,
          'a list, per partition, of broker ids such as "broker-1"',
          value.replicas,
        ),
      );
  }
  return topic;
}

function readTopics(errors: FieldError[], value: unknown): TopicDocument[] {
  if (!Array.isArray(value) || value.length === 0) {
    errors.push(mismatch('topics', 'a list with one topic', value));
    return [];
  }
  return value.map((item: unknown, i) => readTopic(errors, `topics[${i}]`, item));
}

function readChoice(errors: FieldError[], path: string, value: unknown): ScriptedChoice {
  if (!isRecord(value)) {
    errors.push(mismatch(path, 'an object with an "action"', value));
    return { action: '' };
  }
  reportUnknownFields(errors, value, CHOICE_FIELDS, path);
  const action = value.action;
  const choice: ScriptedChoice = { action: typeof action === 'string' ? action : '' };
  if (typeof action !== 'string' || action === '')
    errors.push(mismatch(`${path}.action`, 'a non-empty action id such as "lose:Produce"', action));
  else if (action.length > LIMITS.tokenLength)
    errors.push(tooLong(`${path}.action`, action, LIMITS.tokenLength));
  if (value.narration !== undefined)
    choice.narration = readString(errors, `${path}.narration`, value.narration);
  if (value.tryThis !== undefined) choice.tryThis = readString(errors, `${path}.tryThis`, value.tryThis);
  if (value.notes !== undefined) choice.notes = readString(errors, `${path}.notes`, value.notes);
  return choice;
}

function readScript(errors: FieldError[], value: unknown): ScriptedChoice[] {
  if (!Array.isArray(value)) errors.push(mismatch('script', 'a list of scripted choices', value));
  else if (value.length > LIMITS.scriptEntries)
    errors.push({
      path: 'script',
      message: `script has ${value.length.toLocaleString('en')} entries; it holds at most ${LIMITS.scriptEntries.toLocaleString('en')}`,
    });
  else return value.map((item: unknown, i) => readChoice(errors, `script[${i}]`, item));
  return [];
}

/** A map from record ids to values, as `expected.verdicts` and `expected.effects` hold. */
function readPerRecord<T>(
  errors: FieldError[],
  path: string,
  value: unknown,
  records: readonly string[],
  readValue: (at: string, item: unknown) => T,
): Record<string, T> {
  if (!isRecord(value)) {
    errors.push(mismatch(path, 'an object mapping record ids to values', value));
    return {};
  }
  // fromEntries defines own properties, so even a record called "__proto__" keeps its value.
  return Object.fromEntries(
    Object.entries(value).map(([record, item]) => {
      const at = `${path}.${clip(record, LIMITS.quoted)}`;
      // Only worth saying when the records are readable; otherwise the records' own error says it.
      if (records.length > 0 && !records.includes(record))
        errors.push({
          path: at,
          message: `${at} names no record of workload.records (${records.join(', ')})`,
        });
      return [record, readValue(at, item)];
    }),
  );
}

function readClimax(errors: FieldError[], value: unknown): Climax {
  if (!isRecord(value)) {
    errors.push(mismatch('climax', 'an object with "at" and "callout"', value));
    return { at: '', callout: '' };
  }
  reportUnknownFields(errors, value, CLIMAX_FIELDS, 'climax');
  return {
    at: readString(errors, 'climax.at', value.at),
    callout: readString(errors, 'climax.callout', value.callout),
  };
}

function readEffectCount(errors: FieldError[], path: string, value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  errors.push(mismatch(path, 'a whole number of at least 0 (how many times the effect ran)', value));
  return 0;
}

function readExpected(errors: FieldError[], value: unknown, records: readonly string[]): ExpectedOutcome {
  if (!isRecord(value)) {
    errors.push(mismatch('expected', 'an object with a "risk"', value));
    return { risk: 'none' };
  }
  reportUnknownFields(errors, value, EXPECTED_FIELDS, 'expected');
  const expected: ExpectedOutcome = { risk: readOneOf(errors, 'expected.risk', value.risk, RISKS) };
  if (value.verdicts !== undefined)
    expected.verdicts = readPerRecord(errors, 'expected.verdicts', value.verdicts, records, (at, item) =>
      readOneOf(errors, at, item, VERDICTS),
    );
  if (value.effects !== undefined)
    expected.effects = readPerRecord(errors, 'expected.effects', value.effects, records, (at, item) =>
      readEffectCount(errors, at, item),
    );
  return expected;
}

/** Kafka's rules, through the same validator the built-in scenarios use; its wording kept verbatim. */
function readConfig(errors: FieldError[], value: unknown): Scenario['config'] | undefined {
  if (!isRecord(value)) {
    errors.push(mismatch('config', 'an object of Kafka settings ({} for all defaults)', value));
    return undefined;
  }
  const result = validateConfig(value);
  if (result.ok) return result.config;
  for (const issue of result.issues) {
    // Unknown sections already come back as "config.<name>"; section keys come back as "producer.acks".
    const path = issue.key.startsWith('config.') ? issue.key : `config.${issue.key}`;
    errors.push({ path, message: `${path}: ${issue.message}` });
  }
  return undefined;
}

/**
 * Brings a document of any readable version up to SCENARIO_VERSION. A version this playground cannot read
 * stops the parse there: the rest of a newer document may legitimately hold fields we do not know.
 */
function upgrade(errors: FieldError[], doc: Json): Json | undefined {
  const version = doc.version;
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    errors.push(mismatch('version', `a whole number (this playground writes ${SCENARIO_VERSION})`, version));
    return doc;
  }
  if (version > SCENARIO_VERSION) {
    errors.push({
      path: 'version',
      message: `This scenario was written by a newer version of the playground (version ${version}; this one reads up to ${SCENARIO_VERSION})`,
    });
    return undefined;
  }
  let current = doc;
  for (let v = version; v < SCENARIO_VERSION; v++) {
    const step = MIGRATIONS.find((m) => m.from === v);
    if (!step) {
      errors.push({
        path: 'version',
        message: `version ${version} is not a format this playground can read (it reads up to ${SCENARIO_VERSION})`,
      });
      return undefined;
    }
    current = step.migrate(current);
  }
  return current;
}

/** Validates an untrusted value (e.g. parsed JSON) as a ScenarioDocument and applies Kafka's config rules. */
export function parseScenarioDocument(input: unknown): ParseResult<Scenario> {
  if (!isRecord(input))
    return {
      ok: false,
      errors: [{ path: FILE, message: `A scenario must be a JSON object, got ${quote(input)}` }],
    };
  // Before anything reads a field: a 4,000,000-deep list or a 20,000,000-character description stops here.
  const shape = checkShape(input);
  if (shape)
    return {
      ok: false,
      errors: [
        { path: shape.kind === 'text' ? shape.path : FILE, message: describeShape('The scenario', shape) },
      ],
    };
  const errors: FieldError[] = [];
  if (input.format !== SCENARIO_FORMAT) errors.push(mismatch('format', `"${SCENARIO_FORMAT}"`, input.format));
  const doc = upgrade(errors, input);
  if (!doc) return { ok: false, errors: bounded(errors) };
  reportUnknownFields(errors, doc, DOCUMENT_FIELDS, '');
  const scenario: Omit<Scenario, 'config' | 'configInput'> = {
    format: SCENARIO_FORMAT,
    version: SCENARIO_VERSION,
    id: readId(errors, doc.id),
    title: readString(errors, 'title', doc.title),
    chapter: readOneOf(errors, 'chapter', doc.chapter, CHAPTERS),
    description: readString(errors, 'description', doc.description),
    pipeline: readOneOf(errors, 'pipeline', doc.pipeline, PIPELINES),
    workload: readWorkload(errors, doc.workload, doc.producers !== undefined),
  };
  const topics = doc.topics === undefined ? undefined : readTopics(errors, doc.topics);
  const producers = doc.producers === undefined ? undefined : readProducers(errors, doc.producers);
  const groups = doc.groups === undefined ? undefined : readGroups(errors, doc.groups);
  if (producers) scenario.workload.records = producers.flatMap((p) => p.workload.records.map(recordId));
  if (doc.script !== undefined) scenario.script = readScript(errors, doc.script);
  if (doc.notes !== undefined) scenario.notes = readString(errors, 'notes', doc.notes);
  if (doc.climax !== undefined) scenario.climax = readClimax(errors, doc.climax);
  if (doc.expected !== undefined)
    scenario.expected = readExpected(errors, doc.expected, scenario.workload.records);
  const config = readConfig(errors, doc.config);
  if (errors.length > 0 || !config) return { ok: false, errors: bounded(errors) };
  const configInput = doc.config as Scenario['configInput'];
  const topology = validateTopology(
    {
      pipeline: scenario.pipeline,
      config: configInput,
      ...(topics ? { topics } : {}),
      ...(producers ? { producers } : {}),
      ...(groups ? { groups } : {}),
      workload: scenario.workload,
    },
    config,
  );
  if (!topology.ok)
    return { ok: false, errors: bounded(topology.issues.map((i) => ({ path: i.key, message: i.message }))) };
  const value: Scenario = {
    ...scenario,
    configInput,
    config,
    ...(topology.topics ? { topics: topology.topics } : {}),
    ...(topology.producers ? { producers: topology.producers } : {}),
    ...(topology.groups ? { groups: topology.groups } : {}),
  };
  if (doc.faults !== undefined) {
    if (doc.script !== undefined)
      return {
        ok: false,
        errors: [
          {
            path: 'faults',
            message:
              'A scenario gives "script" (action ids of one configuration) or "faults" (what they hit, for any configuration), not both',
          },
        ],
      };
    // Participants depend on the configuration: checked once it is known to be valid.
    const nodes = buildTopology(value).nodes.map((n) => n.participant.id);
    const read = readSchedule(doc.faults, { records: value.workload.records, nodes });
    if (!read.ok) return { ok: false, errors: bounded(read.problems) };
    value.faults = read.schedule;
  }
  // The script is part of what a document promises: a choice it never offers is found now, when the
  // document is opened, not later by whichever view first plays it. Only the script: the natural steps
  // after it are the views' to take (a long workload's would make opening a link cost its whole run).
  const run = checkScript(value);
  if (!run.ok) return { ok: false, errors: [{ path: 'script', message: run.message }] };
  return { ok: true, value };
}

const recordId = (r: string | KeyedRecord): string => (typeof r === 'string' ? r : r.id);

/** The first errors, each cut to a notice's length: the names in them come from the input. */
function bounded(errors: FieldError[]): FieldError[] {
  return errors
    .slice(0, LIMITS.errors)
    .map((e) => ({ path: clip(e.path, LIMITS.quoted), message: clip(e.message) }));
}

/** Parses a scenario file's text; a JSON syntax error is reported with JSON.parse's own position. */
export function parseScenarioText(text: string): ParseResult<Scenario> {
  if (text.length > LIMITS.fileBytes)
    return {
      ok: false,
      errors: [
        {
          path: FILE,
          message: `The file holds ${text.length.toLocaleString('en')} characters; a scenario holds at most ${LIMITS.fileBytes.toLocaleString('en')}.`,
        },
      ],
    };
  if (jsonDepthExceeds(text))
    return {
      ok: false,
      errors: [{ path: FILE, message: `The scenario is nested more than ${LIMITS.depth} levels deep.` }],
    };
  let json: unknown;
  try {
    // Editors on Windows may save a byte-order mark, which JSON.parse rejects.
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return { ok: false, errors: [{ path: FILE, message: `The file is not valid JSON: ${reason}` }] };
  }
  return parseScenarioDocument(json);
}

/** One problem per line, ready to print under a heading such as "scenario.json is not a valid scenario:". */
export function formatErrors(errors: readonly FieldError[]): string {
  return errors.map((e) => `  - ${e.message}`).join('\n');
}
