import {
  OPENING_SCENARIO,
  type Scenario,
  type ScenarioConfigInput,
  type ScenarioDocument,
  reconfigured,
} from '../../src/index.ts';
import type { ParseResult } from '../../src/links.ts';
import { catalogModule, linksModule } from '../lazy/modules.ts';
import type { ScenarioSource } from './store.ts';

export type ResolvedScenario =
  { ok: true; scenario: Scenario } | { ok: false; message: string; fallback: Scenario };

/**
 * A built-in scenario by id. The opening lesson is always there; the others come with the catalog, which
 * whoever opens one (a link, the picker, the speaker view, the embed) has loaded first: resolving one
 * before is a bug, said as such rather than shown as "no such scenario".
 */
function builtinScenario(id: string): Scenario | undefined {
  if (id === OPENING_SCENARIO.id) return OPENING_SCENARIO;
  const catalog = catalogModule.loaded();
  if (!catalog) throw new Error(`Scenario “${id}” was asked for before the catalog had loaded.`);
  return catalog.scenarioById(id);
}

/** A scenario document, parsed (once) by the link codec, which whoever opens a document has loaded first. */
function parsedDocument(doc: ScenarioDocument): ParseResult<Scenario> {
  const links = linksModule.loaded();
  if (!links) throw new Error('A scenario document was opened before the link codec had loaded.');
  return links.parsedDocument(doc);
}

// What a run shows when its scenario cannot be resolved: the default one, as the notices say.
const fallback = () => OPENING_SCENARIO;

/** The scenario the run uses: the chosen one, with the config panel's override applied if it is valid. */
export function resolveScenario(
  source: ScenarioSource,
  override: ScenarioConfigInput | null,
): ResolvedScenario {
  let base: Scenario | undefined;
  if (source.kind === 'builtin') {
    base = builtinScenario(source.id);
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
