import { PRESETS, type Semantics } from '../scenarios/presets.ts';
import { reconfigured } from '../scenarios/reconfigure.ts';
import type { Scenario } from '../scenarios/types.ts';

export const ALL_SEMANTICS = Object.keys(PRESETS) as Semantics[];

/** A preset a scenario's own producer applications cannot take (bad input, not a bug). */
export class PresetMismatch extends Error {}

type Variant = { ok: true; scenario: Scenario } | { ok: false; reason: string };

function variantOf(scenario: Scenario, semantics: Semantics): Variant {
  const result = reconfigured(scenario, PRESETS[semantics].config);
  return result.ok
    ? { ok: true, scenario: { ...result.scenario, script: [] } }
    : {
        ok: false,
        reason: `${PRESETS[semantics].label} does not fit this scenario: ${result.issues[0]?.message}`,
      };
}

/**
 * The scenario's pipeline and workload under one of the three presets, with no script. Every producer
 * application takes the preset's producer settings where it sets none of its own (a transactional
 * application keeps its transactional.id, and the preset may conflict with it: then this throws, naming why).
 */
export function underPreset(scenario: Scenario, semantics: Semantics): Scenario {
  const variant = variantOf(scenario, semantics);
  if (!variant.ok) throw new PresetMismatch(variant.reason);
  return variant.scenario;
}

/**
 * Why a preset does not fit the scenario, in the sentence `underPreset` would throw; null when it fits.
 * The lab page asks before it runs, so it runs the presets that fit and says why the others do not.
 */
export function presetRefusal(scenario: Scenario, semantics: Semantics): string | null {
  const variant = variantOf(scenario, semantics);
  return variant.ok ? null : variant.reason;
}

/**
 * What the lab can run a scenario under: one of the three presets, or the scenario as written — its own
 * settings, the only choice for a scenario no preset fits (two applications whose settings differ).
 */
export const AS_WRITTEN = 'as-written';
export type LabConfig = Semantics | typeof AS_WRITTEN;
export const LAB_CONFIGS: readonly LabConfig[] = [...ALL_SEMANTICS, AS_WRITTEN];

export const labConfigLabel = (config: LabConfig): string =>
  config === AS_WRITTEN ? 'As written' : PRESETS[config].label;

/** The scenario the lab runs for `config`: under a preset (may throw `PresetMismatch`), or its own, unscripted. */
export const labVariant = (scenario: Scenario, config: LabConfig): Scenario =>
  config === AS_WRITTEN ? { ...scenario, script: [] } : underPreset(scenario, config);

/** Why `config` cannot run this scenario, or null: the scenario as written always can. */
export const labConfigRefusal = (scenario: Scenario, config: LabConfig): string | null =>
  config === AS_WRITTEN ? null : presetRefusal(scenario, config);
