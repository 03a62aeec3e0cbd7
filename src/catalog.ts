/**
 * Every built-in scenario, with its lesson text: a public entry of its own, beside ./index.ts, because the
 * playground loads it after its first paint (app/lazy/modules.ts). index.ts must not re-export it: a
 * module the first load reaches statically is bundled into the first load.
 */
export { CATALOG } from './scenarios/catalog.ts';
export { CHAPTERS, SCENARIOS, scenarioById } from './scenarios/index.ts';
