import {
  parseScenarioDocument,
  type ParseResult,
  type Scenario,
  scenarioById,
  type ScenarioConfigInput,
  type ScenarioDocument,
  reconfigured,
  SCENARIOS,
} from '../../src/index.ts';
import type { ScenarioSource } from './store.ts';

export type ResolvedScenario =
  { ok: true; scenario: Scenario } | { ok: false; message: string; fallback: Scenario };

const parsed = new WeakMap<ScenarioDocument, ParseResult<Scenario>>();

/**
 * A document parsed once: parsing checks its script by playing it, and the same document object is
 * opened (a link checks it) and then resolved for the run; one Scenario object also lets the run's
 * history take over the replay that checked the link's choices.
 */
export function parsedDocument(doc: ScenarioDocument): ParseResult<Scenario> {
  let result = parsed.get(doc);
  if (!result) {
    result = parseScenarioDocument(doc);
    parsed.set(doc, result);
  }
  return result;
}

const fallback = () => SCENARIOS[0] as Scenario;

/** The scenario the run uses: the chosen one, with the config panel's override applied if it is valid. */
export function resolveScenario(
  source: ScenarioSource,
  override: ScenarioConfigInput | null,
): ResolvedScenario {
  let base: Scenario | undefined;
  if (source.kind === 'builtin') {
    base = scenarioById(source.id);
    if (!base)
      return { ok: false, message: `There is no scenario called “${source.id}”.`, fallback: fallback() };
  } else {
    const parsed = parsedDocument(source.doc);
    if (!parsed.ok)
      return {
        ok: false,
        message: `The scenario is not valid: ${parsed.errors.map((e) => e.message).join('; ')}`,
        fallback: fallback(),
      };
    base = parsed.value;
  }
  if (!override) return { ok: true, scenario: base };
  // With producer applications, each one's own settings are validated again over the new defaults.
  const config = reconfigured(base, override);
  if (!config.ok) {
    return {
      ok: false,
      message: config.issues.map((i) => `${i.key}: ${i.message}`).join(' '),
      fallback: base,
    };
  }
  // Another config may tell another story: the lesson still guides Next, but its climax callout (written
  // for the scenario's own config) is not claimed.
  return { ok: true, scenario: { ...config.scenario, climax: undefined } };
}
