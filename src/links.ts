/**
 * The run-link codec and the scenario-document parser: a public entry of its own, beside ./index.ts,
 * because the playground needs it only with a link to open or once it rewrites its address, and loads it
 * lazily (app/lazy/modules.ts). index.ts must not re-export it: a module the first load reaches
 * statically is bundled into the first load.
 */
export {
  RUN_LINK_VERSION,
  decodeRunLink,
  encodeRunLink,
  runLinkHash,
  type RunLink,
} from './share/runLink.ts';
export { parseScenarioDocument, type ParseResult } from './share/scenarioDocument.ts';
