import { memo, useId, useMemo, useState } from 'react';
import {
  PRESETS,
  type Scenario,
  type ScenarioConfig,
  type ScenarioConfigInput,
  type Semantics,
  validateConfig,
} from '../../src/index.ts';
import { usePlayground, useRunValue } from '../playground/hooks.ts';
import { Icon } from './Icon.tsx';
import './ConfigPanel.css';

type Section = 'producer' | 'consumer' | 'broker' | 'downstream';

interface Option {
  /** The <option> value; '' stands for "key absent" (Kafka's default). */
  value: string;
  label: string;
}

interface Field {
  section: Section;
  /** Kafka's name for the setting. */
  name: string;
  kind: 'select' | 'integer' | 'text';
  options?: Option[];
  /** Shown when the key is absent (Kafka's default). */
  placeholder?: string;
  hint?: string;
}

/** A select's options: the key absent (Kafka's default, worded by `absent`) unless null, then each value. */
const options = (absent: string | null, values: readonly string[]): Option[] => [
  ...(absent === null ? [] : [{ value: '', label: absent }]),
  ...values.map((value) => ({ value, label: value })),
];
const bool = (fallback: boolean) => options(`${fallback} (default)`, ['true', 'false']);
const isolation = (fallback: string) =>
  options(`${fallback} (default)`, ['read_uncommitted', 'read_committed']);

const PRODUCER_FIELDS: Field[] = [
  {
    section: 'producer',
    name: 'acks',
    kind: 'select',
    options: options(null, ['all', '1', '0']),
  },
  {
    section: 'producer',
    name: 'enable.idempotence',
    kind: 'select',
    options: options('not set (default)', ['true', 'false']),
    hint: 'Not set, Kafka turns it on, and silently off again if acks or retries conflict. Set to true, a conflict is an error; more than 5 in flight always is (Kafka 4.0).',
  },
  { section: 'producer', name: 'retries', kind: 'integer', placeholder: '2147483647 (default)' },
  {
    section: 'producer',
    name: 'max.in.flight.requests.per.connection',
    kind: 'integer',
    placeholder: '5 (default)',
  },
  { section: 'producer', name: 'transactional.id', kind: 'text', placeholder: 'none (default)' },
];

const CONSUMER_FIELDS: Field[] = [
  { section: 'consumer', name: 'isolation.level', kind: 'select', options: isolation('read_uncommitted') },
  { section: 'consumer', name: 'enable.auto.commit', kind: 'select', options: bool(true) },
  {
    section: 'consumer',
    name: 'commit',
    kind: 'select',
    options: [
      { value: '', label: 'after processing (default)' },
      { value: 'before-processing', label: 'before processing' },
      { value: 'after-processing', label: 'after processing' },
    ],
    hint: 'Not a Kafka setting: where the poll loop calls commitSync().',
  },
];

const BROKER_FIELDS: Field[] = [
  { section: 'broker', name: 'replication.factor', kind: 'integer', placeholder: '3 (default)' },
  { section: 'broker', name: 'min.insync.replicas', kind: 'integer', placeholder: '1 (default)' },
  { section: 'broker', name: 'unclean.leader.election.enable', kind: 'select', options: bool(false) },
  {
    section: 'broker',
    name: 'transaction.version',
    kind: 'integer',
    placeholder: '2 (default)',
    hint: 'The cluster feature: 2 (Kafka 4.0, KIP-890) bumps the epoch at every commit or abort; 0 is the classic protocol.',
  },
];

const DOWNSTREAM_FIELDS: Field[] = [
  { section: 'downstream', name: 'isolation.level', kind: 'select', options: isolation('read_committed') },
];

/** Kafka's dotted names, allowed to wrap after each dot (never inside a word). */
function breakable(name: string) {
  return name.split('.').map((part, i, all) => (
    <span key={i}>
      {part}
      {i < all.length - 1 ? (
        <>
          .<wbr />
        </>
      ) : null}
    </span>
  ));
}

const issueKey = (f: Field) => `${f.section}.${f.name}`;

/** The settings this panel has a field for, by key ("producer.acks"): what the code panel links to. */
export const CONFIG_FIELD_KEYS: ReadonlySet<string> = new Set(
  [...PRODUCER_FIELDS, ...CONSUMER_FIELDS, ...BROKER_FIELDS, ...DOWNSTREAM_FIELDS].map(issueKey),
);

type Values = Record<string, unknown>;

function read(input: ScenarioConfigInput, f: Field): unknown {
  return (input[f.section] as Values | undefined)?.[f.name];
}

/** The form's string for a stored value. */
function display(f: Field, value: unknown): string {
  if (f.name === 'acks') {
    if (value === 1 || value === '1') return '1';
    if (value === 0 || value === '0') return '0';
    return 'all';
  }
  if (value === undefined || value === null) return '';
  return String(value);
}

/** The stored value for the form's string; undefined removes the key (Kafka's default applies). */
function parse(f: Field, text: string): unknown {
  if (text === '') return undefined;
  if (f.kind === 'integer') return Number(text);
  if (f.kind === 'select' && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}

/** A copy of the input with one key set or removed; an emptied section is removed too. */
function write(input: ScenarioConfigInput, f: Field, value: unknown): ScenarioConfigInput {
  const section: Values = { ...((input[f.section] as Values | undefined) ?? {}) };
  if (value === undefined) delete section[f.name];
  else section[f.name] = value;
  const next: Record<string, unknown> = { ...input };
  if (Object.keys(section).length === 0) delete next[f.section];
  else next[f.section] = section;
  return next as ScenarioConfigInput;
}

function equal(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Values)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Values)[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => equal((a as Values)[k], (b as Values)[k]));
}

const SEMANTICS = Object.keys(PRESETS) as Semantics[];

/** Each preset's config after Kafka's defaults: a preset is "on" when the run's config has the same effect. */
const PRESET_EFFECTS = Object.fromEntries(
  SEMANTICS.map((s) => {
    const r = validateConfig(PRESETS[s].config);
    return [s, r.ok ? r.config : null];
  }),
) as Record<Semantics, ScenarioConfig | null>;

function summary(c: ScenarioConfig, ctp: boolean): string {
  const p = c.producer;
  const parts = [
    `acks=${p.acks === -1 ? 'all' : p.acks}`,
    `idempotence ${p.idempotence ? 'on' : 'off'}`,
    `retries=${p.retries}`,
    `max.in.flight=${p.maxInFlight}`,
    ...(p.transactionalId ? [`transactional.id=${p.transactionalId}`] : []),
    c.consumer.isolationLevel,
    c.consumer.autoCommit ? 'auto-commit' : `commit ${c.consumer.commit.replace('-', ' ')}`,
    `replication.factor=${c.broker.replicationFactor}`,
    `min.insync.replicas=${c.broker.minInsyncReplicas}`,
    ...(c.broker.uncleanLeaderElection ? ['unclean election'] : []),
    ...(ctp ? [`downstream ${c.downstreamIsolation}`] : []),
  ];
  return parts.join(' · ');
}

/**
 * The configuration: one click per semantics, and Kafka's own settings. An edit is validated with
 * Kafka's rules as it is made; an invalid one is explained next to its field and cannot be applied.
 */
function ConfigPanelView({ scenario }: { scenario: Scenario }) {
  const setConfig = usePlayground((s) => s.setConfig);
  const override = usePlayground((s) => s.configOverride);
  const uid = useId();
  const base = scenario.configInput;
  // Edits belong to the config they started from: another scenario or an applied config drops them.
  const [edit, setEdit] = useState<{ base: ScenarioConfigInput; value: ScenarioConfigInput } | null>(null);
  const candidate = edit && edit.base === base ? edit.value : base;
  const dirty = !equal(candidate, base);
  const result = useMemo(() => validateConfig(candidate), [candidate]);
  const ctp = scenario.pipeline === 'consume-transform-produce';
  const fields = [
    ...PRODUCER_FIELDS,
    ...CONSUMER_FIELDS,
    ...BROKER_FIELDS,
    ...(ctp ? DOWNSTREAM_FIELDS : []),
  ];

  const issuesByKey = new Map<string, string[]>();
  for (const issue of result.ok ? [] : result.issues)
    issuesByKey.set(issue.key, [...(issuesByKey.get(issue.key) ?? []), issue.message]);
  const shown = new Set(fields.map(issueKey));
  const otherIssues = result.ok ? [] : result.issues.filter((i) => !shown.has(i.key));

  const update = (f: Field, text: string) => setEdit({ base, value: write(candidate, f, parse(f, text)) });

  const effective = scenario.config;
  const note = effective.producer.idempotenceNote;
  const previewNote = dirty && result.ok ? result.config.producer.idempotenceNote : undefined;

  const renderField = (f: Field) => {
    const key = issueKey(f);
    const id = `${uid}-${key.replace(/\W/g, '-')}`;
    const errors = issuesByKey.get(key) ?? [];
    const errorId = `${id}-error`;
    const hintId = `${id}-hint`;
    const describedBy = [errors.length > 0 ? errorId : '', f.hint ? hintId : ''].filter(Boolean).join(' ');
    const common = {
      id,
      className: 'config-panel__control',
      'data-config-key': key,
      'aria-invalid': errors.length > 0 ? true : undefined,
      'aria-describedby': describedBy || undefined,
    };
    const value = display(f, read(candidate, f));
    return (
      <div key={key} className="config-panel__field">
        <label htmlFor={id} className="config-panel__name">
          {breakable(f.name)}
        </label>
        {f.kind === 'select' ? (
          <select {...common} value={value} onChange={(e) => update(f, e.target.value)}>
            {(f.options ?? []).map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        ) : (
          <input
            {...common}
            type={f.kind === 'integer' ? 'number' : 'text'}
            inputMode={f.kind === 'integer' ? 'numeric' : undefined}
            step={f.kind === 'integer' ? 1 : undefined}
            placeholder={f.placeholder}
            spellCheck={false}
            autoComplete="off"
            value={value}
            onChange={(e) => update(f, e.target.value)}
          />
        )}
        {f.hint ? (
          <p id={hintId} className="config-panel__hint muted">
            {f.hint}
          </p>
        ) : null}
        {errors.length > 0 ? (
          <p id={errorId} className="config-panel__error" role="alert">
            <Icon name="cross" /> {errors.join(' ')}
          </p>
        ) : null}
      </div>
    );
  };

  const group = (legend: string, list: Field[]) => (
    <fieldset className="config-panel__group">
      <legend>{legend}</legend>
      {list.map(renderField)}
    </fieldset>
  );

  return (
    <section className="config-panel" aria-labelledby={`${uid}-heading`}>
      <h2 id={`${uid}-heading`}>Delivery semantics</h2>
      <div className="config-panel__presets" role="group" aria-label="Presets">
        {SEMANTICS.map((s) => {
          const preset = PRESETS[s];
          const on = PRESET_EFFECTS[s] !== null && equal(effective, PRESET_EFFECTS[s]);
          return (
            <button
              key={s}
              type="button"
              aria-pressed={on}
              title={preset.summary}
              onClick={() => setConfig(preset.config)}
            >
              {preset.label}
            </button>
          );
        })}
      </div>
      <p className="config-panel__effective muted" data-testid="effective-config">
        {summary(effective, ctp)}
      </p>
      {note ? (
        <p className="config-panel__note" role="note">
          <strong>Note:</strong> {note}
        </p>
      ) : null}
      {override ? (
        <p className="config-panel__override muted">
          Your configuration replaces the scenario’s.{' '}
          <button type="button" className="config-panel__link" onClick={() => setConfig(null)}>
            Use the scenario’s own
          </button>
        </p>
      ) : null}

      <details className="config-panel__details">
        <summary>Configuration</summary>
        <form
          className="config-panel__form"
          noValidate
          aria-label="Kafka configuration"
          onSubmit={(e) => {
            e.preventDefault();
            if (dirty && result.ok) setConfig(candidate);
          }}
        >
          {group('Producer', PRODUCER_FIELDS)}
          {group('Consumer', CONSUMER_FIELDS)}
          {group('Brokers', BROKER_FIELDS)}
          {ctp ? group('Downstream reader', DOWNSTREAM_FIELDS) : null}
          {otherIssues.length > 0 ? (
            <ul className="config-panel__error" role="alert">
              {otherIssues.map((i) => (
                <li key={`${i.key}:${i.message}`}>{i.message}</li>
              ))}
            </ul>
          ) : null}
          {previewNote ? (
            <p className="config-panel__note" role="status">
              <strong>If applied:</strong> {previewNote}
            </p>
          ) : null}
          <div className="config-panel__actions">
            <button type="submit" className="primary" disabled={!dirty || !result.ok}>
              Apply
            </button>
            <button type="button" disabled={!dirty} onClick={() => setEdit(null)}>
              Discard edits
            </button>
          </div>
          <p className="config-panel__hint muted" aria-live="polite">
            {!dirty
              ? 'This is the configuration the run uses.'
              : result.ok
                ? 'Applying restarts the run from step 0 with this configuration.'
                : 'Kafka would refuse this configuration; fix the fields marked above to apply it.'}
          </p>
        </form>
      </details>
    </section>
  );
}

/** It depends on the scenario only (its config), not on the step: a step does not render it again. */
const ScenarioConfigPanel = memo(ConfigPanelView);

export function ConfigPanel() {
  const scenario = useRunValue((r) => r.scenario);
  return <ScenarioConfigPanel scenario={scenario} />;
}
