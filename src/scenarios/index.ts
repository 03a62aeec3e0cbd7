import { validateConfig } from '../config/validate.ts';
import { CATALOG } from './catalog.ts';
import { listedWorkload, type Chapter, type Scenario, type ScenarioDocument } from './types.ts';

/** Applies Kafka's config rules to a built-in document (a broken built-in is a bug: it throws). */
function builtin(doc: ScenarioDocument): Scenario {
  const result = validateConfig(doc.config);
  if (!result.ok)
    throw new Error(
      `Built-in scenario ${doc.id}: ${result.issues.map((i) => `${i.key}: ${i.message}`).join('; ')}`,
    );
  const { config, ...rest } = doc;
  return { ...rest, workload: listedWorkload(doc.workload), configInput: config, config: result.config };
}

export const SCENARIOS: readonly Scenario[] = CATALOG.map(builtin);

export const CHAPTERS: readonly Chapter[] = ['at-most-once', 'at-least-once', 'exactly-once', 'beyond'];

export function scenarioById(id: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.id === id);
}
