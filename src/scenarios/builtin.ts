import { validateConfig } from '../config/validate.ts';
import { validateTopology } from '../config/producerApplications.ts';
import { OPENING } from './opening.ts';
import { listedWorkload, type Scenario, type ScenarioDocument } from './types.ts';

/** Applies Kafka's config rules to a built-in document (a broken built-in is a bug: it throws). */
export function builtin(doc: ScenarioDocument): Scenario {
  const result = validateConfig(doc.config);
  const topology = result.ok ? validateTopology(doc, result.config) : undefined;
  const issues = !result.ok ? result.issues : topology && !topology.ok ? topology.issues : [];
  if (!result.ok || !topology?.ok)
    throw new Error(`Built-in scenario ${doc.id}: ${issues.map((i) => `${i.key}: ${i.message}`).join('; ')}`);
  const { config, producers: _documented, topics: _topics, groups: _groups, ...rest } = doc;
  const workload = listedWorkload(doc.workload);
  return {
    ...rest,
    workload: topology.producers
      ? { ...workload, records: topology.producers.flatMap((p) => p.records.map((r) => r.id)) }
      : workload,
    configInput: config,
    config: result.config,
    ...(topology.topics ? { topics: topology.topics } : {}),
    ...(topology.producers ? { producers: topology.producers } : {}),
    ...(topology.groups ? { groups: topology.groups } : {}),
  };
}

/** The opening lesson, built once: the catalog's SCENARIOS holds this same object. */
export const OPENING_SCENARIO: Scenario = builtin(OPENING);
