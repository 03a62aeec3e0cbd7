/**
 * The public API of the simulation core: exactly what app/ may use (lint-enforced in eslint.config.js).
 * Machine contexts, replicas and the world's internals stay behind it: the UI reads views computed here
 * (src/views, src/diagram/scene.ts) and holds no Kafka rule. The Node-only runner is in ./node.ts.
 */

// ---- scenarios and their configuration ----
// Only the lesson a first visit opens: the catalog (every built-in scenario) is ./catalog.ts, which the
// playground loads after its first paint.
export { OPENING_SCENARIO } from './scenarios/builtin.ts';
export { PRESETS, type Semantics } from './scenarios/presets.ts';
export type { Chapter, Scenario, ScenarioDocument } from './scenarios/types.ts';
export { documentedTopology } from './scenarios/types.ts';
export { reconfigured } from './scenarios/reconfigure.ts';
export type { ScenarioConfig, ScenarioConfigInput } from './config/types.ts';
export { validateConfig } from './config/validate.ts';

// ---- runs: a scenario plus a list of choices ----
export { createWorld, isDown, type World } from './sim/world.ts';
export { advance, enabledActions, step } from './sim/step.ts';
export { replay, runScenario, tryRunScenario } from './sim/run.ts';
export { scriptProgress } from './sim/script.ts';
export type { EnabledAction, InFlightMessage, Participant, StepRecord } from './sim/types.ts';
export { outcome, type Outcome, type RunSummary, type Verdict } from './sim/ledger.ts';

// ---- lessons, verdict, semantics, narration ----
export { rolesOf, toldSteps } from './lesson/beats.ts';
export { executingLine } from './lesson/executing.ts';
export {
  backCursor,
  beatNumber,
  lessonOf,
  lessonPosition,
  nextMove,
  verdictWaits,
  type Lesson,
  type LessonPosition,
  type Move,
} from './lesson/lesson.ts';
export { codeListing, type Program, type PropertiesBlock } from './lesson/listing.ts';
export { compareRisk } from './lesson/observedRisk.ts';
export { SEMANTICS_TABLE, deliverySemantics, type SemanticsRow } from './lesson/semantics.ts';
export { choiceVerb, plainText } from './narration/words.ts';

// ---- the sequence diagram: one scene per run, and the geometry its renderers draw with ----
export {
  createSceneBuilder,
  diagramScene,
  type DiagramScene,
  type SceneNote,
  type SceneOptions,
} from './diagram/scene.ts';
export { buildDiagram, diagramUpTo, type Arrow as DiagramArrow, type DiagramModel } from './diagram/model.ts';
export { isShared, nodeTag, type Lane } from './diagram/lanes.ts';
export type { ArrowView, Outage } from './diagram/views.ts';
export {
  arrowGeometry,
  belowAt,
  CHAR_W,
  clip as clipLabel,
  dotAt,
  endFraction,
  FOLDED_COL,
  HEADER_H,
  LABEL_CLEAR,
  labelAt,
  labelBeside,
  labelSlopes,
  lanesOutOfView,
  pathTo,
  pointAt,
  popoverAt,
  ROW_H,
  rowTop,
  rowY,
  scrollToNextLane,
  scrollToShow,
  visibleRows,
  type ArrowGeometry,
  type Columns,
} from './diagram/layout.ts';
export { toMermaid } from './diagram/mermaid.ts';

// ---- links and files (the codec and the document parser are ./links.ts, loaded on demand) ----
export { LIMITS, clip, quote } from './share/limits.ts';

// What a run comes to and how it compares (the verdict, the ledger, Compare, the lab) is ./analysis.ts,
// which only lazily loaded code uses.

// ---- the command line's picture formats (the runner itself is Node-only: ./node.ts) ----
export type { CliRun, OutputFormat, Theme } from './cli/formats.ts';
