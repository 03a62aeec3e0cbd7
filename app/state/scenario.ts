import {
  parseScenarioDocument,
  type Scenario,
  scenarioById,
  type ScenarioConfigInput,
  SCENARIOS,
  validateConfig,
} from '../../src/index.ts';
import type { ScenarioSource } from './store.ts';

export type ResolvedScenario =
  { ok: true; scenario: Scenario } | { ok: false; message: string; fallback: Scenario };

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
    const parsed = parseScenarioDocument(source.doc);
    if (!parsed.ok)
      return {
        ok: false,
        message: `The scenario is not valid: ${parsed.errors.map((e) => e.message).join('; ')}`,
        fallback: fallback(),
      };
    base = parsed.value;
  }
  if (!override) return { ok: true, scenario: base };
  const config = validateConfig(override);
  if (!config.ok) {
    return {
      ok: false,
      message: config.issues.map((i) => `${i.key}: ${i.message}`).join(' '),
      fallback: base,
    };
  }
  // Another config may tell another story: the lesson still guides Next, but its climax callout (written
  // for the scenario's own config) is not claimed.
  return {
    ok: true,
    scenario: { ...base, climax: undefined, configInput: override, config: config.config },
  };
}
