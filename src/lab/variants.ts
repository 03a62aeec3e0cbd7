import { validateConfig } from '../config/validate.ts';
import { PRESETS, type Semantics } from '../scenarios/presets.ts';
import type { Scenario } from '../scenarios/types.ts';

export const ALL_SEMANTICS = Object.keys(PRESETS) as Semantics[];

/** The scenario's pipeline and workload under one of the three presets, with no script. */
export function underPreset(scenario: Scenario, semantics: Semantics): Scenario {
  const { config: configInput } = PRESETS[semantics];
  const config = validateConfig(configInput);
  if (!config.ok) throw new Error(`Preset ${semantics} is invalid`);
  return { ...scenario, configInput, config: config.config, script: [] };
}
