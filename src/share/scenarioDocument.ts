import { validateConfig } from '../config/validate.ts';
import {
  SCENARIO_FORMAT,
  SCENARIO_VERSION,
  type Scenario,
  type ScenarioDocument,
} from '../scenarios/types.ts';

/** Reading a scenario file: every problem named by its field, never an exception. */

export interface FieldError {
  path: string;
  message: string;
}
export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

const CHAPTERS = ['at-most-once', 'at-least-once', 'exactly-once', 'beyond'];
const PIPELINES = ['produce-consume', 'consume-transform-produce'];
const FIELDS = [
  'format',
  'version',
  'id',
  'title',
  'chapter',
  'description',
  'pipeline',
  'config',
  'workload',
  'script',
  'expected',
];

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export function parseScenarioText(text: string): ParseResult<Scenario> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, errors: [{ path: '(file)', message: `not valid JSON: ${(e as Error).message}` }] };
  }
  return parseScenarioDocument(json);
}

export function parseScenarioDocument(input: unknown): ParseResult<Scenario> {
  if (!isRecord(input))
    return { ok: false, errors: [{ path: '(file)', message: 'a scenario must be a JSON object' }] };
  const errors: FieldError[] = [];
  const err = (path: string, message: string) => errors.push({ path, message });
  for (const key of Object.keys(input))
    if (!FIELDS.includes(key)) err(key, `unknown field; known fields: ${FIELDS.join(', ')}`);
  if (input['format'] !== SCENARIO_FORMAT) err('format', `must be "${SCENARIO_FORMAT}"`);
  const version = input['version'];
  if (typeof version !== 'number') err('version', 'must be a number');
  else if (version > SCENARIO_VERSION)
    err(
      'version',
      `was written by a newer version of the playground (version ${version}; this one reads up to ${SCENARIO_VERSION})`,
    );
  if (typeof input['id'] !== 'string' || !/^[a-z0-9-]+$/.test(input['id']))
    err('id', 'must be lower-case letters, digits and "-"');
  for (const key of ['title', 'description'])
    if (typeof input[key] !== 'string') err(key, 'must be a string');
  if (!CHAPTERS.includes(input['chapter'] as string)) err('chapter', `must be one of ${CHAPTERS.join(', ')}`);
  if (!PIPELINES.includes(input['pipeline'] as string))
    err('pipeline', `must be one of ${PIPELINES.join(', ')}`);
  const workload = input['workload'];
  if (!isRecord(workload)) err('workload', 'must be an object with "records"');
  else {
    const records = workload['records'];
    if (!Array.isArray(records) || records.length === 0 || records.length > 20)
      err('workload.records', 'must be a list of 1 to 20 record ids');
    else {
      records.forEach((r, i) => {
        if (typeof r !== 'string' || r === '' || r.length > 24)
          err(
            `workload.records[${i}]`,
            `must be a non-empty string of at most 24 characters, got ${JSON.stringify(r)}`,
          );
      });
      if (new Set(records).size !== records.length) err('workload.records', 'record ids must be unique');
    }
  }
  const script = input['script'];
  if (script !== undefined) {
    if (!Array.isArray(script)) err('script', 'must be a list of choices');
    else
      script.forEach((s, i) => {
        if (!isRecord(s) || typeof s['action'] !== 'string' || s['action'] === '')
          err(`script[${i}].action`, 'must be a non-empty action id');
      });
  }
  const config = validateConfig(input['config']);
  if (!config.ok) for (const issue of config.issues) err(`config.${issue.key}`, issue.message);
  if (errors.length > 0 || !config.ok) return { ok: false, errors };
  const { config: configInput, ...rest } = input as unknown as ScenarioDocument;
  return { ok: true, value: { ...rest, configInput: configInput ?? {}, config: config.config } };
}

export function formatErrors(errors: FieldError[]): string {
  return errors.map((e) => `  - ${e.path}: ${e.message}`).join('\n');
}
