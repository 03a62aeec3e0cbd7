import { scenarioById } from '../../src/catalog.ts';
import type { ScenarioDocument } from '../../src/index.ts';
import { parsedDocument } from '../share/runLinks.ts';
import type { PlaygroundStore } from '../state/store.ts';
import { scriptedRun } from './initialRun.ts';

/**
 * Loads a built-in scenario (by id) or a scenario document into an embed, at its scripted run, as the
 * embed shows a scenario on first load. Returns what was wrong, or null.
 */
export function loadScenario(
  store: PlaygroundStore,
  scenario: string | Record<string, unknown>,
  step: number | null = null,
): string | null {
  if (typeof scenario === 'string') {
    const found = scenarioById(scenario);
    if (!found) return `There is no built-in scenario “${scenario}”.`;
    store.getState().restore(scriptedRun({ kind: 'builtin', id: scenario }, found, step));
    return null;
  }
  const doc = scenario as unknown as ScenarioDocument;
  // Parsed once: the playground resolves the same document for its run.
  const parsed = parsedDocument(doc);
  if (!parsed.ok)
    return `The scenario document is not valid: ${parsed.errors.map((e) => e.message).join('; ')}.`;
  store.getState().restore(scriptedRun({ kind: 'custom', doc }, parsed.value, step));
  return null;
}
