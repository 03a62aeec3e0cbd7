import type { ConfigIssue, ScenarioConfigInput } from '../config/types.ts';
import { validateConfig } from '../config/validate.ts';
import { validateProducerApplications } from '../config/producerApplications.ts';
import type { Scenario } from './types.ts';

/**
 * The scenario under another configuration (the config panel, a variant): Kafka's rules applied to the
 * new config and, with producer applications, to each application's own settings over the new
 * `config.producer` — so a default changed there reaches every application that does not set it.
 */
export function reconfigured(
  s: Scenario,
  configInput: ScenarioConfigInput,
): { ok: true; scenario: Scenario } | { ok: false; issues: ConfigIssue[] } {
  const result = validateConfig(configInput);
  if (!result.ok) return result;
  const scenario = { ...s, configInput, config: result.config };
  if (!s.producers) return { ok: true, scenario };
  const apps = validateProducerApplications(
    configInput.producer,
    s.producers.map((p) => p.document),
  );
  return apps.ok ? { ok: true, scenario: { ...scenario, producers: apps.producers } } : apps;
}
