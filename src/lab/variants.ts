import { PRESETS, type Semantics } from '../scenarios/presets.ts';
import { reconfigured } from '../scenarios/reconfigure.ts';
import type { Scenario } from '../scenarios/types.ts';

export const ALL_SEMANTICS = Object.keys(PRESETS) as Semantics[];

/**
 * The scenario's pipeline and workload under one of the three presets, with no script. Every producer
 * application takes the preset's producer settings where it sets none of its own (a transactional
 * application keeps its transactional.id, and the preset may conflict with it: then this throws, naming why).
 */
/** A preset a scenario's own producer applications cannot take (bad input, not a bug). */
export class PresetMismatch extends Error {}

export function underPreset(scenario: Scenario, semantics: Semantics): Scenario {
  const result = reconfigured(scenario, PRESETS[semantics].config);
  if (!result.ok)
    throw new PresetMismatch(
      `${PRESETS[semantics].label} does not fit this scenario: ${result.issues[0]?.message}`,
    );
  return { ...result.scenario, script: [] };
}
